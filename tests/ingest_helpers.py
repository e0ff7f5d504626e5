"""Helpers for the ingest tests: real files written into pytest's tmp_path."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from pathlib import Path

import xlsxwriter

from floorwatch.ingest import LoadedExport, LoadError, load_export
from floorwatch.settings.model import ColumnMap

ACTIONS_HEADER = (
    "Worker ID,Worker Name,Team,Task ID,Task Type,Queue,Start,End,Outcome,Source,Export Time"
)
DASHBOARD_HEADER = (
    "Worker ID,Worker Name,Team,Status,Status Start,Task Type,Task ID,"
    "Logged In,Active,Idle,Export Time"
)


def write(folder: Path, name: str, text: str, encoding: str = "utf-8") -> Path:
    """Write `text` to `folder/name` exactly (newlines as given) in `encoding`."""
    path = folder / name
    path.write_bytes(text.encode(encoding))
    return path


def loaded(path: Path, columns: ColumnMap | None = None) -> LoadedExport:
    """Load a file that must load; fail the test with the error otherwise."""
    result = load_export(path, columns or ColumnMap())
    assert isinstance(result, LoadedExport), str(result)
    return result


def refused(path: Path, columns: ColumnMap | None = None) -> LoadError:
    """Load a file that must be refused as a whole."""
    result = load_export(path, columns or ColumnMap())
    assert isinstance(result, LoadError), f"loaded {getattr(result, 'rows', '?')} rows"
    return result


def write_xlsx(
    folder: Path,
    name: str,
    rows: Sequence[Sequence[object]],
    *,
    time_columns: Sequence[int] = (),
    time_format: str = "[h]:mm:ss",
    sheets_before: Sequence[Sequence[Sequence[object]]] = (),
) -> Path:
    """Write a workbook with xlsxwriter: datetimes become native date cells; in
    `time_columns` floats are written as native time cells (fractions of a day).

    `sheets_before` are extra sheets placed ahead of the one holding `rows`.
    """
    path = folder / name
    book = xlsxwriter.Workbook(str(path))
    date_fmt = book.add_format({"num_format": "yyyy-mm-dd hh:mm:ss"})
    time_fmt = book.add_format({"num_format": time_format})
    for i, sheet_rows in enumerate([*sheets_before, rows]):
        sheet = book.add_worksheet(f"S{i}")
        for r, row in enumerate(sheet_rows):
            for c, value in enumerate(row):
                if value is None:
                    continue
                if isinstance(value, datetime):
                    sheet.write_datetime(r, c, value, date_fmt)
                elif c in time_columns and isinstance(value, float) and i == len(sheets_before):
                    sheet.write_number(r, c, value, time_fmt)
                else:
                    sheet.write(r, c, value)
    book.close()
    return path
