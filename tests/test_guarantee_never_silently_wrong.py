"""Promise (v2): the inputs that used to fool floorwatch are refused or accounted for.

Cut-off files are refused whole and the last good export stays live; an export from the
future is refused and never stored; every drop file is in `sources`, `errors` or
`unused`; the delimiter, the encoding and the line ends are the file's own. Every test
writes its files from scratch and runs the real `floorwatch check`.
"""

from __future__ import annotations

import os
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from test_guarantee_bad_input import check

from floorwatch.ingest import LoadedExport, load_export_bytes
from floorwatch.ingest.complete import looks_complete
from floorwatch.settings.model import ColumnMap

DASH_HEAD = (
    "Worker ID,Worker Name,Team,Status,Status Start,Task Type,Task ID,Logged In,Active,Idle,"
    "Export Time"
)
ACT_HEAD = "Worker ID,Worker Name,Team,Task ID,Task Type,Queue,Start,End,Outcome,Source,Export Time"
PAUSED_HEAD = "Task ID,Worker ID,Worker Name,Team,Task Type,Paused At,Reason,Export Time"
TEAMS = ("North", "South")


def dashboard(at: str, count: int = 12, status: str = "Active") -> str:
    """A dashboard of `count` caseworkers, all in `status` since 30 minutes before `at`."""
    since = (datetime.fromisoformat(at) - timedelta(minutes=30)).isoformat(sep=" ")
    rows = [
        f"W{i:03d},Person {i},{TEAMS[i % 2]},{status},{since},Renewal,T{i},"
        f"3:00:00,2:30:00,0:20:00,{at}"
        for i in range(count)
    ]
    return "\n".join([DASH_HEAD, *rows]) + "\n"


def actions(at: str, count: int = 6) -> str:
    rows = [
        f"W{i:03d},Person {i},{TEAMS[i % 2]},A{i},Renewal,,2026-11-23 09:00:00,"
        f"2026-11-23 09:12:00,Completed,Get Next,{at}"
        for i in range(count)
    ]
    return "\n".join([ACT_HEAD, *rows]) + "\n"


def old(path: Path) -> Path:
    """Written long ago: not a file still being written."""
    then = datetime.now().timestamp() - 600
    os.utime(path, (then, then))
    return path


def put(drop: Path, name: str, text: str | bytes) -> Path:
    data = text.encode("utf-8") if isinstance(text, str) else text
    (drop / name).write_bytes(data)
    return old(drop / name)


def accounted(result: dict[str, Any], drop: Path) -> None:
    """Every candidate in the drop folder is in sources, errors or unused."""
    named = {s["file"] for s in result["sources"]}
    named |= {e["file"] for e in result["errors"] if "line" not in e}
    named |= {u["file"] for u in result["unused"]}
    assert {p.name for p in drop.iterdir()} <= named, (named, list(drop.iterdir()))


@pytest.fixture
def drop(tmp_path: Path) -> Path:
    folder = tmp_path / "drop"
    folder.mkdir()
    return folder


# -- 1. a cut-off file ----------------------------------------------------------------------


@pytest.mark.parametrize("sep", [",", ";", "\t"])
def test_a_cut_off_dashboard_is_refused_whole_and_the_good_one_stays_live(
    drop: Path, sep: str
) -> None:
    put(drop, "floor.csv", dashboard("2026-11-23 12:00:00", 30).replace(",", sep))
    code, before, err = check(drop)
    assert code in (0, 1), err
    assert before["as_of"] == "2026-11-23T12:00:00"
    whole = dashboard("2026-11-23 12:30:00", 30, status="Idle").replace(",", sep).encode()
    cut = whole[: len(whole) * 2 // 3]
    cut = cut[: cut.rfind(sep.encode()) + 1 + 2]  # a cut inside a record, mid-field
    put(drop, "floor.csv", cut)
    code, after, err = check(drop)
    assert code in (0, 1), err
    refused = [e for e in after["errors"] if e["file"] == "floor.csv"]
    assert len(refused) == 1 and "line" not in refused[0]
    assert "cut off: the last line has" in refused[0]["error"]
    assert after["as_of"] == "2026-11-23T12:00:00"  # the good one, from the history
    assert {w["status"] for w in after["workers"]} == {"Active"}
    assert len(after["workers"]) == 30


def test_a_record_cut_inside_a_quoted_field_is_refused(drop: Path) -> None:
    text = dashboard("2026-11-23 12:00:00", 4).replace("Person 3", '"Person, 3"')
    put(drop, "floor.csv", text[: text.index('"Person, 3"') + 5])
    code, result, _ = check(drop)
    assert code == 2
    assert any(e["file"] == "floor.csv" and "cut off" in e["error"] for e in result["errors"])


# -- 2. an export from the future -------------------------------------------------------------


def test_an_export_from_the_future_is_refused_and_never_stored(drop: Path) -> None:
    now = datetime.now().replace(microsecond=0)
    good = (now - timedelta(hours=1)).isoformat(sep=" ")
    put(drop, "dash_good.csv", dashboard(good, 8))
    future = (now + timedelta(days=300)).isoformat(sep=" ")
    put(
        drop,
        "paused_future.csv",
        f"{PAUSED_HEAD}\nP1,W001,Person 1,North,Renewal,{good},x,{future}\n",
    )
    code, result, err = check(drop)
    assert code in (0, 1), err
    assert result["as_of"] == good.replace(" ", "T")
    refused = [e for e in result["errors"] if e["file"] == "paused_future.csv"]
    assert len(refused) == 1 and "in the future" in refused[0]["error"]
    accounted(result, drop)
    # Not stored: with the file gone, a later run does not see it either.
    (drop / "paused_future.csv").unlink()
    stored = list((drop.parent / "data").rglob("*paused*"))
    assert not [p for p in stored if p.suffix == ".parquet"]
    code, again, _ = check(drop)
    assert again["as_of"] == good.replace(" ", "T")


def test_with_clock_exports_a_future_export_is_no_error(drop: Path, tmp_path: Path) -> None:
    config = tmp_path / "config"
    config.mkdir()
    (config / "floorwatch.toml").write_text('clock = "exports"\n')
    later = (datetime.now() + timedelta(days=2)).replace(microsecond=0).isoformat(sep=" ")
    put(drop, "dash.csv", dashboard(later, 4))
    code, result, err = check(drop, "--config", str(config))
    assert code in (0, 1), err
    assert result["as_of"] == later.replace(" ", "T")


# -- 5. the default as-of and unused ----------------------------------------------------------


def test_an_actions_export_after_the_dashboard_sets_the_as_of_and_is_used(drop: Path) -> None:
    put(drop, "dash.csv", dashboard("2026-11-23 11:00:00", 6))
    put(drop, "acts.csv", actions("2026-11-23 11:02:00", 6))
    code, result, err = check(drop)
    assert code in (0, 1), err
    assert result["as_of"] == "2026-11-23T11:02:00"
    assert sum(w["metrics"]["cases_worked"] for w in result["workers"]) == 6
    assert {s["file"] for s in result["sources"]} == {"dash.csv", "acts.csv"}
    assert result["unused"] == []


def test_every_drop_file_is_accounted_for_with_a_reason(drop: Path) -> None:
    put(drop, "dash_1000.csv", dashboard("2026-11-23 10:00:00", 6))
    put(drop, "dash_1100.csv", dashboard("2026-11-23 11:00:00", 6))
    put(
        drop,
        "paused_0900.csv",
        f"{PAUSED_HEAD}\nP1,W001,P,North,Renewal,2026-11-20 09:00,x,2026-11-23 09:00:00\n",
    )
    put(
        drop,
        "paused_1000.csv",
        f"{PAUSED_HEAD}\nP2,W002,P,North,Renewal,2026-11-21 09:00,x,2026-11-23 10:00:00\n",
    )
    put(drop, "dash_last_week.csv", dashboard("2026-11-16 11:00:00", 6))
    put(drop, "notes.txt", "nothing to see here\n")
    put(drop, "copy_of_dash.csv", dashboard("2026-11-23 11:00:00", 6))
    code, result, err = check(drop, "--at", "2026-11-23 10:30")
    assert code in (0, 1), err
    accounted(result, drop)
    reasons = {u["file"]: u["reason"] for u in result["unused"]}
    assert "after the as-of" in reasons["dash_1100.csv"]
    assert "after the as-of" in reasons["copy_of_dash.csv"]
    assert "newer paused" in reasons["paused_0900.csv"]
    assert "outside the period" in reasons["dash_last_week.csv"]
    assert [e["file"] for e in result["errors"]] == ["notes.txt"]
    for u in result["unused"]:
        assert set(u) == {"file", "kind", "export_time", "reason"}


# -- 7. a dashboard whose every row is refused --------------------------------------------------


def test_a_dashboard_whose_every_row_is_refused_does_not_move_the_as_of(drop: Path) -> None:
    put(drop, "dash_1000.csv", dashboard("2026-11-23 10:00:00", 6))
    bad = dashboard("2026-11-23 11:00:00", 6).replace("3:00:00", "soon")
    put(drop, "dash_1100.csv", bad)
    code, result, err = check(drop)
    assert code in (0, 1), err
    assert result["as_of"] == "2026-11-23T10:00:00"
    whole = [e for e in result["errors"] if e["file"] == "dash_1100.csv" and "line" not in e]
    assert len(whole) == 1 and "every row is refused" in whole[0]["error"]
    assert all(w["status"] == "Active" for w in result["workers"])
    assert all(w["status_minutes"] == 30.0 for w in result["workers"])


# -- 16. readers ------------------------------------------------------------------------------


def test_utf16_tab_separated_cr_only_and_txt_files_are_read(drop: Path) -> None:
    text = actions("2026-11-23 11:00:00", 4)
    put(drop, "unicode.txt", b"\xff\xfe" + text.replace(",", "\t").encode("utf-16-le"))
    put(drop, "tabs.tsv", text.replace(",", "\t").replace("A", "B"))
    put(drop, "mac.csv", text.replace("\n", "\r").replace("A", "C"))
    put(drop, "dash.csv", dashboard("2026-11-23 11:00:00", 4))
    code, result, err = check(drop)
    assert code in (0, 1), err
    assert result["errors"] == []
    kinds = {s["file"]: (s["kind"], s["rows"]) for s in result["sources"]}
    for name in ("unicode.txt", "tabs.tsv", "mac.csv"):
        assert kinds[name] == ("actions", 4)
    assert sum(w["metrics"]["cases_worked"] for w in result["workers"]) == 12


def test_two_bad_files_with_the_same_bytes_are_each_reported(drop: Path) -> None:
    put(drop, "dash.csv", dashboard("2026-11-23 11:00:00", 4))
    put(drop, "a.csv", "Nothing,Useful\n1,2\n")
    put(drop, "b.csv", "Nothing,Useful\n1,2\n")
    _, result, _ = check(drop)
    assert sorted(e["file"] for e in result["errors"]) == ["a.csv", "b.csv"]


@pytest.mark.parametrize("suffix", [".xlsm", ".xlsx"])
def test_workbooks_of_every_zip_format_are_read(drop: Path, suffix: str) -> None:
    from ingest_helpers import write_xlsx

    rows = [
        DASH_HEAD.split(","),
        *(r.split(",") for r in dashboard("2026-11-23 11:00:00", 3).split("\n")[1:-1]),
    ]
    write_xlsx(drop, f"dash{suffix}", rows)
    old(drop / f"dash{suffix}")
    _, result, err = check(drop)
    assert [(s["file"], s["rows"]) for s in result["sources"]] == [(f"dash{suffix}", 3)], err


# -- 17. the completeness test decides the delimiter from the header ------------------------


def test_a_genesys_file_with_semicolons_in_filters_looks_complete() -> None:
    header = (
        "Interval Start,Interval End,Interval Complete,Filters,Media Type,Agent Id,"
        "Agent Name,Handle,Avg Handle"
    )
    # Unquoted (no comma inside), each row naming fewer queues than the one before.
    rows = [
        f"2026-11-23 08:00,2026-11-23 09:00,true,"
        f"{';'.join(f'Queue={q}' for q in 'ABCDEFGHIJKL'[: 12 - 2 * i])},"
        f"voice,a{i},Agent {i},3,300000"
        for i in range(5)
    ]
    data = ("\n".join([header, *rows]) + "\n").encode()
    assert looks_complete("perf.csv", data)
    assert not looks_complete("perf.csv", data[:-20])
    loaded = load_export_bytes("perf.csv", data, ColumnMap(), datetime(2026, 11, 23))
    assert isinstance(loaded, LoadedExport) and loaded.rows == 5


# -- 6. dates ---------------------------------------------------------------------------------


def _actions_with(starts: list[str], ends: list[str], exported: str) -> str:
    rows = [
        f"W{i:03d},Person {i},North,A{i},Renewal,,{s},{e},Completed,Get Next,{exported}"
        for i, (s, e) in enumerate(zip(starts, ends, strict=True))
    ]
    return "\n".join([ACT_HEAD, *rows]) + "\n"


def _starts(drop: Path, name: str, text: str, *more: str) -> tuple[list[str], dict[str, Any]]:
    put(drop, name, text)
    put(drop, "dash.csv", dashboard("2026-11-23 11:00:00", 1))
    _, result, err = check(drop, *more)
    assert "Traceback" not in err
    return [e["error"] for e in result["errors"] if e["file"] == name], result


def test_two_digit_years_are_this_century(drop: Path) -> None:
    text = _actions_with(
        ["11/19/26 8:16 AM", "11/20/26 9:00 AM"],
        ["11/19/26 8:30 AM", "11/20/26 9:10 AM"],
        "11/23/26 11:00 AM",
    )
    errors, result = _starts(drop, "acts.csv", text, "--period", "month")
    assert errors == []
    source = next(s for s in result["sources"] if s["file"] == "acts.csv")
    assert (source["rows"], source["export_time"]) == (2, "2026-11-23T11:00:00")


def test_a_day_first_column_is_read_day_first_on_every_day_of_the_month(drop: Path) -> None:
    # 05/11 and 12/11 alone could be either; 13/11 and 20/11 decide the column: day first.
    days = ["05/11/2026", "12/11/2026", "13/11/2026", "20/11/2026"]
    text = _actions_with(
        [f"{d} 08:00" for d in days], [f"{d} 08:20" for d in days], "23/11/2026 11:00"
    )
    errors, result = _starts(drop, "acts.csv", text, "--period", "month")
    assert errors == []
    assert next(s for s in result["sources"] if s["file"] == "acts.csv")["rows"] == 4
    assert result["as_of"] == "2026-11-23T11:00:00"


def test_date_order_decides_a_column_no_value_decides(drop: Path, tmp_path: Path) -> None:
    config = tmp_path / "config"
    config.mkdir()
    (config / "floorwatch.toml").write_text('date_order = "DMY"\n')
    text = _actions_with(["12/11/2026 08:00"], ["12/11/2026 08:30"], "2026-11-23 11:00:00")
    put(drop, "acts.csv", text)
    put(drop, "dash.csv", dashboard("2026-11-23 11:00:00", 1))
    _, result, _ = check(drop, "--config", str(config), "--period", "month")
    assert next(s for s in result["sources"] if s["file"] == "acts.csv")["rows"] == 1
    # Month first (the default) it is 11 December: after the export time, refused.
    (drop.parent / "data").rename(drop.parent / "data_dmy")
    _, default, _ = check(drop, "--period", "month", "--no-record")
    far = [e for e in default["errors"] if e["file"] == "acts.csv" and "line" in e]
    assert len(far) == 1 and "far from the export time" in far[0]["error"]


def test_rows_far_from_the_export_time_are_refused(drop: Path) -> None:
    text = _actions_with(
        [
            "0026-11-23 08:00:00",
            "1900-01-01 00:00:00",
            "2026-11-23 09:00:00",
            "2026-11-25 09:00:00",
        ],
        [
            "0026-11-23 08:10:00",
            "1900-01-01 00:10:00",
            "2026-11-23 09:10:00",
            "2026-11-25 09:10:00",
        ],
        "2026-11-23 11:00:00",
    )
    put(drop, "acts.csv", text)
    put(drop, "dash.csv", dashboard("2026-11-23 11:00:00", 1))
    _, result, _ = check(drop)
    far = [e for e in result["errors"] if e["file"] == "acts.csv"]
    assert [e["line"] for e in far] == [2, 3, 5]
    assert all("far from the export time 2026-11-23 11:00:00" in e["error"] for e in far)
    assert next(s for s in result["sources"] if s["file"] == "acts.csv")["rows"] == 1
