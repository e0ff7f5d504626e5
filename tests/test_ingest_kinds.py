"""Kind detection, column mapping, units and the Genesys kinds' quirks."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from types import MappingProxyType

import pytest
from ingest_helpers import ACTIONS_HEADER, DASHBOARD_HEADER, loaded, refused, write

from floorwatch.schema import AGENT_PERFORMANCE, AGENT_STATUS, KINDS
from floorwatch.settings.model import ColumnMap


def _map(aliases: dict, units: dict | None = None) -> ColumnMap:
    return ColumnMap(
        aliases=MappingProxyType({k: MappingProxyType(v) for k, v in aliases.items()}),
        units=MappingProxyType({k: MappingProxyType(v) for k, v in (units or {}).items()}),
    )


@pytest.mark.parametrize(
    ("header", "kind"),
    [
        (DASHBOARD_HEADER, "dashboard"),
        (ACTIONS_HEADER, "actions"),
        ("Task ID,Worker ID,Paused At", "paused"),
        ("Agent Name,Logged In,On Queue", "agent_status"),
        ("Agent Name,Handle", "agent_performance"),
    ],
)
def test_each_kind_is_recognised_from_its_required_columns(
    tmp_path: Path, header: str, kind: str
) -> None:
    assert loaded(write(tmp_path, "x.csv", header + "\n")).kind == kind


def test_first_kind_in_order_wins_when_several_match(tmp_path: Path) -> None:
    # Every required column of dashboard AND of actions: dashboard comes first.
    header = DASHBOARD_HEADER + ",Start,End,Outcome"
    assert loaded(write(tmp_path, "x.csv", header + "\n")).kind == "dashboard"
    # Paused and agent_performance both complete: paused comes first.
    header = "Task ID,Worker ID,Paused At,Agent Name,Handle"
    assert loaded(write(tmp_path, "y.csv", header + "\n")).kind == "paused"


def test_first_header_row_wins_over_a_later_one(tmp_path: Path) -> None:
    text = "Task ID,Worker ID,Paused At\n" + DASHBOARD_HEADER + "\n"
    got = loaded(write(tmp_path, "x.csv", text))
    assert got.kind == "paused"
    # The dashboard header line is then just a (refused) data row.
    assert [(e.line, e.error) for e in got.row_errors] == [(2, "has 11 fields, the header has 3")]


def test_header_beyond_the_first_20_rows_is_not_found(tmp_path: Path) -> None:
    titles = "".join(f"title {i}\n" for i in range(20))
    err = refused(write(tmp_path, "x.csv", titles + ACTIONS_HEADER + "\n"))
    assert err.error.startswith("not a known export")
    # ...but on row 20 it is.
    titles = "".join(f"title {i}\n" for i in range(19))
    assert loaded(write(tmp_path, "y.csv", titles + ACTIONS_HEADER + "\n")).kind == "actions"


def test_header_matching_ignores_case_and_spaces(tmp_path: Path) -> None:
    text = "  worker id ,TASK ID,task type, START ,end,OutCome\nW1,T1,R,2026-11-19 08:00,,\n"
    got = loaded(write(tmp_path, "x.csv", text))
    assert got.kind == "actions"
    assert got.frame.select("worker_id", "task_id", "start").row(0) == (
        "W1",
        "T1",
        datetime(2026, 11, 19, 8),
    )


def test_no_kind_names_the_nearest_kind_and_what_it_lacks(tmp_path: Path) -> None:
    err = refused(write(tmp_path, "x.csv", "Worker ID,Task Type,End,Outcome\nW1,R,,\n"))
    assert err.file == "x.csv"
    assert err.error == "not a known export: lacks Task ID, Start for 'actions'"


def test_nearest_kind_tie_goes_to_kind_order(tmp_path: Path) -> None:
    # agent_status lacks On Queue, agent_performance lacks Handle: one each.
    err = refused(write(tmp_path, "x.csv", "Agent Name,Logged In\nA,1\n"))
    assert err.error == "not a known export: lacks On Queue for 'agent_status'"


def test_nearest_kind_is_judged_on_the_best_row(tmp_path: Path) -> None:
    text = "Report title\n\nWorker ID,Task ID,Start,End,Outcome\n"
    err = refused(write(tmp_path, "x.csv", text))
    assert err.error == "not a known export: lacks Task Type for 'actions'"


def test_mapped_headers_via_column_map(tmp_path: Path) -> None:
    columns = _map(
        {
            "actions": {
                "worker_id": ("Employee ID",),
                "task_id": ("Case Task",),
                "task_type": ("Work Type",),
                "start": ("Began",),
                "end": ("Finished",),
                "outcome": ("Result",),
                "export_time": ("Run Time",),
            }
        }
    )
    text = (
        "Employee ID,Case Task,Work Type,Began,Finished,Result,Run Time\n"
        "W1,T1,Renewal,11/19/2026 08:16:53 AM,11/19/2026 08:38:07 AM,completed,"
        "11/19/2026 10:40:00 AM\n"
    )
    path = write(tmp_path, "mapped.csv", text)
    got = loaded(path, columns)
    assert got.kind == "actions"
    assert got.frame.select("worker_id", "task_id", "start", "end", "outcome").row(0) == (
        "W1",
        "T1",
        datetime(2026, 11, 19, 8, 16, 53),
        datetime(2026, 11, 19, 8, 38, 7),
        "Completed",
    )
    assert got.export_time == datetime(2026, 11, 19, 10, 40)
    # Without the map the same file is no known export.
    assert refused(path).error.startswith("not a known export")


def test_alias_and_canonical_header_together_are_duplicates(tmp_path: Path) -> None:
    columns = _map({"paused": {"worker_id": ("Employee ID",)}})
    text = "Task ID,Worker ID,Employee ID,Paused At\nT1,W1,W1,2026-11-19 08:00\n"
    err = refused(write(tmp_path, "x.csv", text), columns)
    assert err.error == "duplicated columns: Worker ID ('Worker ID', 'Employee ID')"


def test_duration_units_kind_default_config_and_header_suffix(tmp_path: Path) -> None:
    header = "Agent Name,Logged In,On Queue (s),Idle (min),Interacting"
    row = "Ann,3600000,120,2.5,1:00:00"
    path = write(tmp_path, "status.csv", f"{header}\n{row}\n")
    # agent_status plain numbers default to ms; suffixes override; clock text is clock text.
    got = loaded(path)
    assert got.frame.select("logged_in", "on_queue", "idle", "interacting").row(0) == (
        60.0,
        2.0,
        2.5,
        60.0,
    )
    # A columns.toml unit overrides the kind default; the header suffix still wins.
    columns = _map({}, {"agent_status": {"logged_in": "s", "on_queue": "min"}})
    got = loaded(path, columns)
    assert got.frame.select("logged_in", "on_queue").row(0) == (60_000.0, 2.0)


def test_dashboard_plain_numbers_default_to_minutes(tmp_path: Path) -> None:
    text = f"{DASHBOARD_HEADER}\nW1,,,Active,2026-11-19 08:00,,,59.25,27.5,31.75,\n"
    got = loaded(write(tmp_path, "d.csv", text))
    assert got.frame.select("logged_in", "active", "idle").row(0) == (59.25, 27.5, 31.75)


def test_negative_duration_refuses_the_row(tmp_path: Path) -> None:
    text = f"{DASHBOARD_HEADER}\nW1,,,Active,2026-11-19 08:00,,,1:00:00,-0:10:00,0:10:00,\n"
    got = loaded(write(tmp_path, "d.csv", text))
    assert got.rows == 0
    assert [(e.line, e.error) for e in got.row_errors] == [(2, "Active: '-0:10:00' is negative")]


def test_agent_performance_genesys_file(tmp_path: Path) -> None:
    header = (
        "Interval Start,Interval End,Interval Complete,Filters,Media Type,Agent Id,Agent Name,"
        "Handle,Avg Handle (ms),Avg Talk,Avg Hold,Avg ACW"
    )
    rows = [
        "2026-11-19 08:00:00,2026-11-19 09:00:00,1.0,Queue: IM,voice,a1,Ann Lee,4,510000,"
        "300000,60000,150000",  # line 2
        "2026-11-19 08:00:00,2026-11-19 09:00:00,1.0,Queue: IM,email,a1,Ann Lee,9,1,1,1,1",
        "2026-11-19 08:00:00,2026-11-19 09:00:00,1.0,Queue: IM,VOICE,a2,Bo Diaz,2,1:30,"
        "60000,,",  # line 4
        "2026-11-19 08:00:00,2026-11-19 09:00:00,1.0,,voice,,Total,6,500000,1,1,1",
        "2026-11-19 08:00:00,2026-11-19 09:00:00,1.0,,voice,,,6,500000,1,1,1",
        ",,,,,,,,,,,",
        ",,,,,,,,,,,",
    ]
    got = loaded(
        write(tmp_path, "Agent_Performance_2026-11-19_1040.csv", "\n".join([header, *rows]))
    )
    assert got.kind == "agent_performance"
    assert got.row_errors == ()
    assert list(got.frame.columns) == [*AGENT_PERFORMANCE.polars_schema, "line"]
    assert got.frame.select(
        "agent_name", "media_type", "handled", "avg_handle", "avg_talk", "line"
    ).rows() == [
        ("Ann Lee", "voice", 4.0, 8.5, 5.0, 2),
        ("Bo Diaz", "VOICE", 2.0, 90.0, 1.0, 4),
    ]
    assert got.export_time == datetime(2026, 11, 19, 10, 40)


def test_agent_status_semicolons_and_absent_optional_columns(tmp_path: Path) -> None:
    text = (
        "Interval Start;Interval End;Interval Complete;Filters;Agent Id;Agent Name;"
        "Logged In;On Queue;Idle;Off Queue;Interacting;Available;Break\n"
        "2026-11-19 00:00:00;2026-11-20 00:00:00;0.0;;a000;Björn Peña;9600000;6000000;"
        "900000;3600000;5100000;300000;900000\n"
    )
    got = loaded(write(tmp_path, "s.csv", text))
    row = got.frame.row(0, named=True)
    assert list(got.frame.columns) == [*AGENT_STATUS.polars_schema, "line"]
    assert (row["agent_name"], row["logged_in"], row["on_queue"], row["idle"]) == (
        "Björn Peña",
        160.0,
        100.0,
        15.0,
    )
    assert row["meal"] is None and row["not_responding"] is None


def test_handled_must_be_a_number(tmp_path: Path) -> None:
    text = "Agent Name,Handle\nAnn,four\nBo,3\n"
    got = loaded(write(tmp_path, "p.csv", text))
    assert got.frame["handled"].to_list() == [3.0]
    assert [(e.line, e.error) for e in got.row_errors] == [(2, "Handle: 'four' is not a number")]


def test_kinds_tuple_order_is_what_detection_assumes() -> None:
    # The tests above hard-code this order; if schema.KINDS changes, they must be revisited.
    assert [k.name for k in KINDS] == [
        "dashboard",
        "actions",
        "paused",
        "agent_status",
        "agent_performance",
    ]
