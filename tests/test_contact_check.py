"""Genesys Cloud exports end to end: real CSV and XLSX files in a drop folder, read with
the starter `columns.toml`, judged by `floorwatch check` in JSON, table and CSV."""

from __future__ import annotations

import csv
import io
import json
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from ingest_helpers import loaded, write, write_xlsx

from floorwatch import cli
from floorwatch.settings import load_config
from floorwatch.settings.judged import TXN_NOT_JUDGED

DASHBOARD = (
    "Worker ID,Worker Name,Team,Status,Status Start,Task Type,Task ID,Logged In,Active,Idle,"
    "Export Time\n"
    "W1,Ana Diaz,North,Active,2026-11-23 10:50:00,,,3:00:00,2:15:00,0:30:00,2026-11-23 11:00:00\n"
    "W2,Bo Lee,North,Active,2026-11-23 10:50:00,,,3:00:00,2:15:00,0:30:00,2026-11-23 11:00:00\n"
)
#: Genesys performance with the spellings the starter columns.toml maps: Name, Handled, AHT
#: (ms, the kind's default unit), a non-voice row, a summary row and empty trailing rows.
PERFORMANCE = (
    "Interval Start,Interval End,Interval Complete,Filters,Media Type,User ID,Name,Answered,"
    "Handled,AHT,Average Talk Time\n"
    "2026-11-23 08:00:00,2026-11-23 09:00:00,1.0,Queue: IM,voice,a1,Ana Diaz,5,4,600000,480000\n"
    "2026-11-23 09:00:00,2026-11-23 10:00:00,1.0,Queue: IM,voice,a1,Ana Diaz,6,6,1200000,900000\n"
    "2026-11-23 09:00:00,2026-11-23 10:00:00,1.0,Queue: IM,email,a1,Ana Diaz,9,9,60000,60000\n"
    "2026-11-23 08:00:00,2026-11-23 10:00:00,1.0,Queue: IM,voice,a2,Bo Lee,3,3,540000,420000\n"
    "2026-11-23 08:00:00,2026-11-23 10:00:00,1.0,Queue: IM,voice,a9,Zed Stranger,1,1,1,1\n"
    "2026-11-23 08:00:00,2026-11-23 10:00:00,1.0,,voice,,Total,13,13,800000,600000\n"
    ",,,,,,,,,,\n"
)


@pytest.fixture
def floor(tmp_path: Path) -> Path:
    """A drop folder with a starter config (`floorwatch init`), QSA and allowances set."""
    config = tmp_path / "config"
    assert cli.main(["init", str(config)]) == 0
    with (config / "qsa.toml").open("a", encoding="utf-8") as f:
        f.write("call_handle_minutes = 9.0\n")
    with (config / "floorwatch.toml").open("a", encoding="utf-8") as f:
        f.write('drop_dir = ".."\ndata_dir = "../history"\n')
        f.write("[status_allowance_minutes]\nBreak = 30\n")
    write(tmp_path, "dashboard_2026-11-23_1100.csv", DASHBOARD)
    write(tmp_path, "Agent_Performance_2026-11-23_1100.csv", PERFORMANCE)
    return tmp_path


def _status_xlsx(folder: Path) -> Path:
    """Agent status as Excel writes it: a title row, native date cells, H:MM:SS as text
    (Break) and as native time cells (Logged In, On Queue), "Name" as the agent column."""
    day = 1 / 24 / 60  # one minute as a fraction of a day
    rows = [
        ["Agent Status Summary - exported 2026-11-23 11:00"],
        ["Interval Start", "Interval End", "User ID", "Name", "Logged In", "On Queue", "Break"],
        [datetime(2026, 11, 23, 8), datetime(2026, 11, 23, 9), "a1", "Ana Diaz",
         60 * day, 50 * day, "0:10:00"],
        [datetime(2026, 11, 23, 9), datetime(2026, 11, 23, 10), "a1", "Ana Diaz",
         60 * day, 30 * day, "0:25:30"],
        [datetime(2026, 11, 23, 8), datetime(2026, 11, 23, 10), "a2", "Bo Lee",
         120 * day, 100 * day, "0:30:00"],
    ]  # fmt: skip
    return write_xlsx(folder, "Agent_Status_2026-11-23_1100.xlsx", rows, time_columns=(4, 5))


def test_starter_columns_read_genesys_headers_in_ms(floor: Path) -> None:
    columns = load_config(floor / "config").columns
    got = loaded(floor / "Agent_Performance_2026-11-23_1100.csv", columns)
    assert got.kind == "agent_performance"
    assert got.frame.select(
        "agent_id", "agent_name", "handled", "avg_handle", "avg_talk"
    ).rows() == [
        ("a1", "Ana Diaz", 4.0, 10.0, 8.0),
        ("a1", "Ana Diaz", 6.0, 20.0, 15.0),
        ("a2", "Bo Lee", 3.0, 9.0, 7.0),
        ("a9", "Zed Stranger", 1.0, 1 / 60_000, 1 / 60_000),
    ]


def test_xlsx_status_with_clock_text_and_time_cells(floor: Path) -> None:
    columns = load_config(floor / "config").columns
    got = loaded(_status_xlsx(floor), columns)
    assert got.kind == "agent_status"
    assert got.frame.select("agent_name", "logged_in", "on_queue", "break", "line").rows() == [
        ("Ana Diaz", pytest.approx(60.0), pytest.approx(50.0), 10.0, 3),
        ("Ana Diaz", pytest.approx(60.0), pytest.approx(30.0), 25.5, 4),
        ("Bo Lee", pytest.approx(120.0), pytest.approx(100.0), 30.0, 5),
    ]


def _check(floor: Path, fmt: str, capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    _status_xlsx(floor)
    code = cli.main(["check", "--config", str(floor / "config"), "--format", fmt, "--no-record"])
    out, err = capsys.readouterr()
    # The starter qsa.toml has no task types: check says so, and nothing else.
    assert err == f"floorwatch: warning: {TXN_NOT_JUDGED}\n"
    return code, out


def test_check_json_flags_long_handle_and_break_over_allowance(
    floor: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out = _check(floor, "json", capsys)
    result: dict[str, Any] = json.loads(out)
    assert code == 1
    ana, bo = result["workers"]
    # Ana: (4 x 10 + 6 x 20) / 10 = 16.0 min > 9 + 5; Break 10 + 25.5 = 35.5 > 30.
    assert ana["metrics"]["calls_handled"] == 10
    assert ana["metrics"]["avg_handle_minutes"] == 16.0
    assert ana["metrics"]["presence_minutes"] == {
        "Logged In": 120.0,
        "On Queue": 80.0,
        "Break": 35.5,
    }
    assert [(f["check"], f.get("status"), f["value"], f["expected"]) for f in ana["flags"]] == [
        ("LONG_HANDLE", None, 16.0, 9.0),
        ("STATUS_OVER_ALLOWANCE", "Break", 35.5, 30.0),
    ]
    assert "status" in ana["flags"][1] and "status" not in ana["flags"][0]
    # Bo: 9.0 min is the QSA itself; Break exactly 30 is not over the allowance.
    assert (bo["metrics"]["calls_handled"], bo["flags"]) == (3, [])
    team = result["teams"][0]["metrics"]
    assert (team["calls_handled"], team["avg_handle_minutes"]) == (13, 14.38)  # 187/13
    kinds = sorted((s["kind"], s["rows"]) for s in result["sources"])
    assert kinds == [("agent_performance", 4), ("agent_status", 3), ("dashboard", 2)]
    assert result["errors"] == [
        {
            "file": "Agent_Performance_2026-11-23_1100.csv",
            "error": "agent 'Zed Stranger' matches no caseworker (by the roster's Genesys "
            "Name or by name): not counted",
        }
    ]


def test_check_table_shows_calls_and_aht(floor: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out = _check(floor, "table", capsys)
    assert code == 1
    header = next(line for line in out.splitlines() if line.strip().startswith("Worker"))
    assert header.split()[-3:] == ["Calls", "AHT", "min"]
    ana = next(line for line in out.splitlines() if "Ana Diaz" in line and "W1" in line)
    assert ana.split()[-2:] == ["10", "16.0"]
    assert "13 calls, AHT 14.4 min (QSA 9)" in out
    assert "call handle time too long: Mean handle time 16.0 min over 10 calls" in out


def test_check_csv_one_row_per_contact_flag(
    floor: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out = _check(floor, "csv", capsys)
    rows = list(csv.DictReader(io.StringIO(out)))
    assert code == 1
    assert [(r["worker_id"], r["check"], r["subject"], r["value"]) for r in rows] == [
        ("W1", "LONG_HANDLE", "", "16.0"),
        ("W1", "STATUS_OVER_ALLOWANCE", "Break", "35.5"),
    ]


def test_an_allowance_for_no_genesys_status_is_a_warning(tmp_path: Path) -> None:
    (tmp_path / "floorwatch.toml").write_text(
        "[status_allowance_minutes]\nbreak = 30\nBrake = 15\n", encoding="utf-8"
    )
    config = load_config(tmp_path)
    assert dict(config.settings.status_allowance_minutes) == {"break": 30.0, "Brake": 15.0}
    assert [str(w) for w in config.warnings] == [
        f"{tmp_path / 'floorwatch.toml'}:3: status_allowance_minutes.Brake: unknown key "
        "(did you mean 'Break'?)"
    ]


def test_performance_xlsx_with_clock_avg_handle_and_semicolon_csv(floor: Path) -> None:
    columns = load_config(floor / "config").columns
    day = 1 / 24 / 60
    rows = [
        ["Agent Name", "Media Type", "Handle", "Avg Handle", "Avg Talk"],
        ["Ana Diaz", "voice", 4, 9.5 * day, "0:07:30"],  # a time cell and clock text
        ["Bo Lee", "Voice", 2, "0:12:00", 300000],  # clock text; a plain number is ms
    ]
    got = loaded(write_xlsx(floor, "perf.xlsx", rows, time_columns=(3,)), columns)
    assert got.frame.select("agent_name", "handled", "avg_handle", "avg_talk").rows() == [
        ("Ana Diaz", 4.0, pytest.approx(9.5), 7.5),
        ("Bo Lee", 2.0, 12.0, 5.0),
    ]
    text = "Name;Handled;AHT\nAna Diaz;3;0:10:30\nBo Lee;1;600000\n"
    got = loaded(write(floor, "perf.csv", text), columns)
    assert got.frame.select("agent_name", "handled", "avg_handle").rows() == [
        ("Ana Diaz", 3.0, 10.5),
        ("Bo Lee", 1.0, 10.0),
    ]
