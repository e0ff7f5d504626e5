"""Reading CSV exports: header search, delimiters, encodings, line numbers, file errors."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest
from ingest_helpers import ACTIONS_HEADER, DASHBOARD_HEADER, loaded, refused, write

from floorwatch.ingest import load_export
from floorwatch.schema import ACTIONS, DASHBOARD

ROW1 = (
    "W1,Ann Lee,North,T1,Renewal,Apps,2026-11-19 08:00:00,2026-11-19 08:30:00,Completed,Get Next,"
)
ROW2 = "W2,Bo Diaz,South,T2,Change,,2026-11-19 09:00:00,2026-11-19 09:12:00,Completed,Manual,"


def test_canonical_actions_load_with_schema_and_lines(tmp_path: Path) -> None:
    path = write(tmp_path, "actions.csv", f"{ACTIONS_HEADER}\n{ROW1}\n{ROW2}\n")
    got = loaded(path)
    assert got.kind == "actions"
    assert got.file == "actions.csv"
    assert dict(got.frame.schema) == {**ACTIONS.polars_schema, "line": got.frame.schema["line"]}
    assert str(got.frame.schema["line"]) == "Int64"
    assert got.frame["line"].to_list() == [2, 3]
    assert got.frame["start"].to_list() == [datetime(2026, 11, 19, 8), datetime(2026, 11, 19, 9)]
    assert got.frame["queue"].to_list() == ["Apps", None]
    assert got.row_errors == ()


def test_title_lines_above_header_and_exact_line_numbers(tmp_path: Path) -> None:
    text = (
        "Caseworker Actions report\n"
        "Run 2026-11-19 10:40\n"
        f"{ACTIONS_HEADER}\n"
        f"{ROW1}\n"  # line 4
        ",Ann,,T3,Renewal,,2026-11-19 08:00:00,,,,\n"  # line 5: Worker ID blank
        f"{ROW2}\n"  # line 6
    )
    got = loaded(write(tmp_path, "a.csv", text))
    assert got.frame["line"].to_list() == [4, 6]
    assert [(e.file, e.line, e.error) for e in got.row_errors] == [
        ("a.csv", 5, "Worker ID: required value is blank")
    ]


def test_blank_required_values_each_reported_with_their_line(tmp_path: Path) -> None:
    text = (
        f"{ACTIONS_HEADER}\n"
        "W1,,,T1,Renewal,,2026-11-19 08:00:00,,,,\n"  # line 2: in progress, accepted
        "W1,,,,Renewal,,2026-11-19 08:00:00,,,,\n"  # line 3: Task ID blank
        "W1,,,T3,N/A,,2026-11-19 08:00:00,,,,\n"  # line 4: Task Type is a null token
        "W1,,,T4,Renewal,, ,,,,\n"  # line 5: Start blank
    )
    got = loaded(write(tmp_path, "a.csv", text))
    assert got.frame["task_id"].to_list() == ["T1"]
    assert [(e.line, e.error) for e in got.row_errors] == [
        (3, "Task ID: required value is blank"),
        (4, "Task Type: required value is blank"),
        (5, "Start: required value is blank"),
    ]


def test_in_progress_row_keeps_blank_end_and_outcome(tmp_path: Path) -> None:
    text = f"{ACTIONS_HEADER}\nW1,,,T1,Renewal,,2026-11-19 08:00:00,-,NULL,Assigned,\n"
    got = loaded(write(tmp_path, "a.csv", text))
    assert got.frame.select("end", "outcome", "source").row(0) == (None, None, "Assigned")
    assert got.row_errors == ()


def test_end_before_start_is_refused_never_fixed(tmp_path: Path) -> None:
    text = (
        f"{ACTIONS_HEADER}\n"
        "W1,,,T1,Renewal,,2026-11-19 09:00:00,2026-11-19 08:59:59,Completed,,\n"
        "W1,,,T2,Renewal,,2026-11-19 09:00:00,2026-11-19 09:00:00,Completed,,\n"
    )
    got = loaded(write(tmp_path, "a.csv", text))
    assert got.frame["task_id"].to_list() == ["T2"]  # End == Start is fine
    assert [(e.line, e.error) for e in got.row_errors] == [
        (2, "End: '2026-11-19 08:59:59' is before Start '2026-11-19 09:00:00'")
    ]


def test_unparseable_datetime_names_column_and_value(tmp_path: Path) -> None:
    text = f"{ACTIONS_HEADER}\nW1,,,T1,Renewal,,13/45/2026 9:00,,,,\n{ROW2}\n"
    got = loaded(write(tmp_path, "a.csv", text))
    assert got.rows == 1
    assert [(e.line, e.error) for e in got.row_errors] == [
        (2, "Start: '13/45/2026 9:00' is not a date and time")
    ]


def test_semicolon_delimiter_with_bom_and_us_dates(tmp_path: Path) -> None:
    header = DASHBOARD_HEADER.replace(",", ";")
    row = "W9;Zoë;North;idle;11/19/2026 2:05 PM;;;2:30:00;1:45:00;0:45:00;11/19/2026 2:10:00 PM"
    path = tmp_path / "dash.csv"
    path.write_bytes(b"\xef\xbb\xbf" + f"{header}\r\n{row}\r\n".encode())
    got = loaded(path)
    assert got.kind == "dashboard"
    assert got.frame.row(0, named=True) == {
        "worker_id": "W9",
        "worker_name": "Zoë",
        "team": "North",
        "status": "Idle",  # canonical spelling
        "status_start": datetime(2026, 11, 19, 14, 5),
        "task_type": None,
        "task_id": None,
        "logged_in": 150.0,
        "active": 105.0,
        "idle": 45.0,
        "export_time": datetime(2026, 11, 19, 14, 10),
        "line": 2,
    }
    assert list(got.frame.columns) == [*DASHBOARD.polars_schema, "line"]


def test_cp1252_file_is_read_not_rejected(tmp_path: Path) -> None:
    text = f"{ACTIONS_HEADER}\nW4,Björn Peña,North,T1,Renewal,,2026-11-19 08:00:00,,,,\n"
    path = write(tmp_path, "a.csv", text, encoding="cp1252")
    assert "Björn".encode("cp1252") in path.read_bytes()  # really not UTF-8
    assert loaded(path).frame["worker_name"].to_list() == ["Björn Peña"]


def test_text_is_stripped_and_status_outcome_source_canonicalised(tmp_path: Path) -> None:
    text = (
        f"{ACTIONS_HEADER}\n"
        "  W1 , Ann ,North,T1,Renewal,Apps,2026-11-19 08:00:00,2026-11-19 08:30:00,"
        " not completed ,GET NEXT,\n"
        "W2,,,T2,Renewal,,2026-11-19 08:00:00,2026-11-19 08:30:00,Escalated,by phone,\n"
    )
    got = loaded(write(tmp_path, "a.csv", text))
    assert got.frame.select("worker_id", "worker_name", "outcome", "source").rows() == [
        ("W1", "Ann", "Not Completed", "Get Next"),
        ("W2", None, "Escalated", "by phone"),  # unknown values kept as written
    ]


def test_trailing_empty_rows_and_blank_lines_are_skipped_silently(tmp_path: Path) -> None:
    text = f"{ACTIONS_HEADER}\n{ROW1}\n\n,,,,,,,,,,\n{ROW2}\n,,,,,,,,,,\n , ,,,,,,,,,\n\n"
    got = loaded(write(tmp_path, "a.csv", text))
    assert got.frame["line"].to_list() == [2, 5]
    assert got.row_errors == ()


def test_quoted_field_over_two_lines_keeps_line_numbers_physical(tmp_path: Path) -> None:
    text = (
        f"{ACTIONS_HEADER}\n"
        'W1,"Ann\nLee",,T1,Renewal,,2026-11-19 08:00:00,,,,\n'  # lines 2-3
        "W2,,,T2,Renewal,,bad,,,,\n"  # line 4
    )
    got = loaded(write(tmp_path, "a.csv", text))
    assert got.frame["worker_name"].to_list() == ["Ann\nLee"]
    assert [e.line for e in got.row_errors] == [4]


def test_row_with_more_fields_than_header_is_a_row_error(tmp_path: Path) -> None:
    text = f"{ACTIONS_HEADER}\n{ROW1}\n{ROW2},surplus\n{ROW2}\n"
    got = loaded(write(tmp_path, "a.csv", text))
    assert got.frame["line"].to_list() == [2, 4]
    assert [(e.line, e.error) for e in got.row_errors] == [(3, "has 12 fields, the header has 11")]


def test_header_only_is_a_valid_load_with_zero_rows(tmp_path: Path) -> None:
    got = loaded(write(tmp_path, "a.csv", f"{ACTIONS_HEADER}\n"))
    assert got.kind == "actions"
    assert got.rows == 0
    assert list(got.frame.columns) == [*ACTIONS.polars_schema, "line"]


@pytest.mark.parametrize("content", [b"", b"\n\n  \r\n"])
def test_empty_file_is_a_file_error(tmp_path: Path, content: bytes) -> None:
    (tmp_path / "a.csv").write_bytes(content)
    err = refused(tmp_path / "a.csv")
    assert err.file == "a.csv"
    assert err.line is None
    assert err.error == "the file is empty"


def test_binary_garbage_named_csv_is_a_file_error(tmp_path: Path) -> None:
    (tmp_path / "a.csv").write_bytes(bytes(range(256)) * 40)
    assert refused(tmp_path / "a.csv").error == "is not a text file (binary content)"


def test_xlsx_bytes_named_csv_is_a_file_error(tmp_path: Path) -> None:
    (tmp_path / "a.csv").write_bytes(b"PK\x03\x04" + b"x" * 100)
    assert "XLSX" in refused(tmp_path / "a.csv").error


def test_duplicated_header_is_a_file_error(tmp_path: Path) -> None:
    text = f"{ACTIONS_HEADER},start\n{ROW1},2026-11-19 08:00:00\n"
    err = refused(write(tmp_path, "a.csv", text))
    assert err.error == "duplicated columns: Start ('Start', 'start')"


def test_missing_file_is_a_load_error_not_an_exception(tmp_path: Path) -> None:
    from floorwatch.settings.model import ColumnMap

    got = load_export(tmp_path / "gone.csv", ColumnMap())
    assert got.file == "gone.csv"
    assert got.error.startswith("cannot be read")


def test_content_hash_is_blake2b_of_the_bytes(tmp_path: Path) -> None:
    import hashlib

    path = write(tmp_path, "a.csv", f"{ACTIONS_HEADER}\n{ROW1}\n")
    expected = hashlib.blake2b(path.read_bytes(), digest_size=16).hexdigest()
    assert loaded(path).content_hash == expected
    assert len(expected) == 32
