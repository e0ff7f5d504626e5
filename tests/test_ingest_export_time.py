"""The export time of a file: the column, else the file name, else the modification time."""

from __future__ import annotations

import os
from datetime import datetime
from pathlib import Path

import pytest
from ingest_helpers import loaded, write

from floorwatch.ingest import LoadedExport, load_export_bytes
from floorwatch.ingest.export_time import time_from_name
from floorwatch.settings.model import ColumnMap

HEADER = "Task ID,Worker ID,Paused At,Export Time"


def test_latest_export_time_value_wins(tmp_path: Path) -> None:
    text = (
        f"{HEADER}\n"
        "P1,W1,2026-11-18 14:40,2026-11-19 10:40:00\n"
        "P2,W1,2026-11-18 14:40,\n"
        "P3,W1,2026-11-18 14:40,2026-11-19 10:45:00\n"
        "P4,W1,2026-11-18 14:40,2026-11-19 10:35:00\n"
    )
    got = loaded(write(tmp_path, "paused_2026-11-01_0800.csv", text))
    assert got.export_time == datetime(2026, 11, 19, 10, 45)


def test_file_name_stamp_when_no_row_fills_the_column(tmp_path: Path) -> None:
    text = f"{HEADER}\nP1,W1,2026-11-18 14:40,\n"
    got = loaded(write(tmp_path, "paused_2026-11-19_1040.csv", text))
    assert got.export_time == datetime(2026, 11, 19, 10, 40)


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("dashboard_2026-11-19_0900.csv", datetime(2026, 11, 19, 9, 0)),
        ("dashboard 2026-11-19 0905.csv", datetime(2026, 11, 19, 9, 5)),
        ("dash-2026-11-19T091530.xlsx", datetime(2026, 11, 19, 9, 15, 30)),
        ("dash-2026-11-19-2359.csv", datetime(2026, 11, 19, 23, 59)),
        ("caseworker_actions_2026-11-19.csv", None),  # a date alone is not a time
        ("x_2026-13-45_0900.csv", None),  # not a real date
        ("x_2026-11-19_2575.csv", None),  # not a real time
        ("x_2026-11-19_09001.csv", None),  # five digits: neither HHMM nor HHMMSS
        ("x_2026-11-19_0900.csv_2026-11-20_1000", datetime(2026, 11, 19, 9, 0)),
    ],
)
def test_time_from_name(name: str, expected: datetime | None) -> None:
    assert time_from_name(name) == expected


def test_modification_time_last(tmp_path: Path) -> None:
    path = write(tmp_path, "paused.csv", "Task ID,Worker ID,Paused At\nP1,W1,2026-11-18 14:40\n")
    stamp = datetime(2026, 11, 19, 7, 30, 15).timestamp()
    os.utime(path, (stamp, stamp))
    assert loaded(path).export_time == datetime(2026, 11, 19, 7, 30, 15)


def test_load_export_bytes_takes_the_given_mtime() -> None:
    mtime = datetime(2026, 11, 19, 6, 0)
    got = load_export_bytes("paused.csv", b"Task ID,Worker ID,Paused At\n", ColumnMap(), mtime)
    assert isinstance(got, LoadedExport)
    assert got.export_time == mtime
