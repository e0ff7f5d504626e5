"""Reading XLSX exports with fastexcel: title rows, native date and time cells, bad files."""

from __future__ import annotations

import zipfile
from datetime import datetime
from pathlib import Path

import polars as pl
from ingest_helpers import loaded, refused, write_xlsx

ACTIONS_COLS = ["Worker ID", "Task ID", "Task Type", "Start", "End", "Outcome", "Export Time"]
DASH_COLS = ["Worker ID", "Worker Name", "Status", "Status Start", "Logged In", "Active", "Idle"]


def test_title_rows_native_dates_and_line_numbers(tmp_path: Path) -> None:
    rows = [
        ["Actions report"],  # line 1
        ["Run 2026-11-19 10:40:00"],  # line 2
        [],  # line 3
        ACTIONS_COLS,  # line 4
        ["W1", "T1", "Renewal", datetime(2026, 11, 19, 8, 0), datetime(2026, 11, 19, 8, 30),
         "completed", datetime(2026, 11, 19, 10, 40)],  # line 5
        ["W2", "T2", "Change", datetime(2026, 11, 19, 9, 0), None, None, None],  # 6: in progress
        [],  # line 7: empty row, skipped silently
        ["W3", None, "Change", datetime(2026, 11, 19, 9, 0), None, None, None],  # 8: no Task ID
        ["W4", "T4", "Change", datetime(2026, 11, 19, 9, 0), datetime(2026, 11, 19, 8, 0),
         "Completed", None],  # line 9: End before Start
    ]  # fmt: skip
    got = loaded(write_xlsx(tmp_path, "actions.xlsx", rows))
    assert got.kind == "actions"
    assert got.frame.schema["start"] == pl.Datetime("us")  # calamine's ms cast to us
    assert got.frame.select("task_id", "start", "end", "outcome", "line").rows() == [
        ("T1", datetime(2026, 11, 19, 8), datetime(2026, 11, 19, 8, 30), "Completed", 5),
        ("T2", datetime(2026, 11, 19, 9), None, None, 6),
    ]
    assert [(e.line, e.error.split(":")[0]) for e in got.row_errors] == [
        (8, "Task ID"),
        (9, "End"),
    ]
    assert got.export_time == datetime(2026, 11, 19, 10, 40)


def test_native_time_cells_are_fractions_of_a_day(tmp_path: Path) -> None:
    rows = [
        DASH_COLS,
        # 1001 typed as a number in Excel is still the ID "1001".
        [1001, "Ann", "Active", datetime(2026, 11, 19, 8, 0), 2.5 / 24, 1.25 / 24, 0.5 / 24],
        # More than a day of logged-in time, in a [h]:mm:ss cell.
        [1002, "Bo", "Idle", datetime(2026, 11, 19, 8, 0), 30 / 24, 29 / 24, 1 / 24],
    ]
    for fmt in ("[h]:mm:ss", "h:mm:ss"):  # fastexcel: a Duration, resp. a 1899-12-31 Datetime
        got = loaded(write_xlsx(tmp_path, f"d{len(fmt)}.xlsx", rows, time_columns=(4, 5, 6),
                                time_format=fmt))  # fmt: skip
        assert got.kind == "dashboard"
        assert got.frame.select("worker_id", "logged_in", "active", "idle").rows() == [
            ("1001", 150.0, 75.0, 30.0),
            ("1002", 1800.0, 1740.0, 60.0),
        ], fmt


def test_time_cells_mixed_with_text_in_one_column(tmp_path: Path) -> None:
    # A column holding both text and time cells has no single type for fastexcel.
    rows = [
        DASH_COLS,
        ["W1", "Ann", "Active", datetime(2026, 11, 19, 8, 0), 2.5 / 24, "1:15:00", 0.5 / 24],
        ["W2", "Bo", "Active", datetime(2026, 11, 19, 8, 0), "0:45:00", 0.25 / 24, "N/A"],
    ]
    got = loaded(write_xlsx(tmp_path, "mixed.xlsx", rows, time_columns=(4, 5, 6)))
    assert got.frame.select("logged_in", "active", "idle").rows() == [
        (150.0, 75.0, 30.0),
    ]
    assert [(e.line, e.error) for e in got.row_errors] == [(3, "Idle: required value is blank")]


def test_us_date_text_and_number_durations_in_xlsx(tmp_path: Path) -> None:
    rows = [
        DASH_COLS,
        ["W1", "Ann", "away", "11/19/2026 2:05 PM", 59.25, 27.5, 31.75],
    ]
    got = loaded(write_xlsx(tmp_path, "d.xlsx", rows))
    assert got.frame.select("status", "status_start", "logged_in", "active", "idle").row(0) == (
        "Away",
        datetime(2026, 11, 19, 14, 5),
        59.25,
        27.5,
        31.75,
    )


def test_first_sheet_with_a_header_is_used(tmp_path: Path) -> None:
    notes = [["About this workbook"], ["nothing to see"]]
    rows = [["Task ID", "Worker ID", "Paused At"], ["P1", "W1", datetime(2026, 11, 18, 14, 40)]]
    got = loaded(write_xlsx(tmp_path, "paused.xlsx", rows, sheets_before=[notes]))
    assert got.kind == "paused"
    assert got.frame.select("task_id", "paused_at", "line").row(0) == (
        "P1",
        datetime(2026, 11, 18, 14, 40),
        2,
    )


def test_header_only_xlsx_has_zero_rows(tmp_path: Path) -> None:
    got = loaded(write_xlsx(tmp_path, "a.xlsx", [["Title"], ACTIONS_COLS]))
    assert (got.kind, got.rows) == ("actions", 0)


def test_workbook_without_a_known_header(tmp_path: Path) -> None:
    err = refused(write_xlsx(tmp_path, "a.xlsx", [["Worker ID", "Task ID", "Start"], ["W1"]]))
    assert err.error == "not a known export: lacks Paused At for 'paused'"


def test_truncated_xlsx_is_a_file_error(tmp_path: Path) -> None:
    whole = write_xlsx(tmp_path, "full.xlsx", [ACTIONS_COLS]).read_bytes()
    cut = tmp_path / "cut.xlsx"
    cut.write_bytes(whole[: len(whole) // 2])
    err = refused(cut)
    assert err.file == "cut.xlsx"
    assert err.error == "is not a valid XLSX file (cut off or corrupt)"


def test_zip_that_is_not_a_workbook_is_a_file_error(tmp_path: Path) -> None:
    path = tmp_path / "fake.xlsx"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("hello.txt", "not a workbook")
    err = refused(path)
    assert err.error.startswith("cannot be read as XLSX")


def test_empty_xlsx_file_is_a_file_error(tmp_path: Path) -> None:
    (tmp_path / "e.xlsx").write_bytes(b"")
    assert refused(tmp_path / "e.xlsx").error == "the file is empty"
