"""Workbook bytes to a raw table (`.xlsx`, `.xlsm`, `.xlsb`, `.ods`, `.xls`): the first
sheet with a recognisable header, its cells with the types the workbook gives them."""

from __future__ import annotations

import io
import zipfile

import polars as pl

from floorwatch.ingest.headers import (
    HEADER_SEARCH_ROWS,
    HeaderMatch,
    find_header,
    nearest_kind_error,
)
from floorwatch.ingest.read import FileError, RawTable, col_names
from floorwatch.settings.model import ColumnMap


def read_xlsx_bytes(data: bytes, columns: ColumnMap, suffix: str = ".xlsx") -> RawTable:
    """Read a workbook with fastexcel (`.xlsx`, `.xlsm`, `.xlsb`, `.ods`, and the old
    binary `.xls` named by `suffix`): the first sheet with a recognisable header.

    Raises FileError for an empty, cut-off or corrupt workbook or one with no header.
    """
    import fastexcel  # imported here: CSV-only use never pays for it

    what = suffix.lstrip(".").upper()
    if not data:
        raise FileError("the file is empty")
    if suffix != ".xls" and not zipfile.is_zipfile(io.BytesIO(data)):
        raise FileError(f"is not a valid {what} file (cut off or corrupt)")
    try:
        book = fastexcel.read_excel(data)
        tops = []
        for i in range(len(book.sheet_names)):
            # All as text for the search: a title cell above a date column is fine then.
            top = book.load_sheet(
                i, header_row=None, skip_rows=0, n_rows=HEADER_SEARCH_ROWS, dtypes="string"
            ).to_polars()
            rows = [list(r) for r in top.rows()]
            tops.extend(rows)
            hit = find_header(rows, columns)
            if hit is not None:
                return _xlsx_body(book, i, hit[0], hit[1], rows[hit[0]])
    except fastexcel.FastExcelError as exc:
        raise FileError(f"cannot be read as {what}: {str(exc).splitlines()[0]}") from None
    raise FileError(nearest_kind_error(tops, columns))


def _xlsx_body(book, sheet: int, index: int, match: HeaderMatch, header: list) -> RawTable:
    """Load the rows under the header at 0-based sheet row `index`, with native cell types."""
    import fastexcel

    width = len(header)
    try:
        # skip_rows is counted from the sheet's first row when header_row is None.
        frame = book.load_sheet(sheet, header_row=None, skip_rows=index + 1).to_polars()
    except fastexcel.FastExcelError:
        # A column mixing text with time cells has no single type: read it all as text
        # (date and time cells then read as `2026-11-23 09:15:00`, which values.py parses).
        frame = book.load_sheet(
            sheet, header_row=None, skip_rows=index + 1, dtypes="string"
        ).to_polars()
    frame = frame.select(frame.columns[:width])
    frame.columns = col_names(frame.width)
    for n in col_names(width)[frame.width :]:
        frame = frame.with_columns(pl.lit(None, dtype=pl.String).alias(n))
    for n, dtype in frame.schema.items():
        if isinstance(dtype, pl.Datetime):
            # calamine gives ms; every datetime in floorwatch is us.
            frame = frame.with_columns(pl.col(n).cast(pl.Datetime("us")))
        elif dtype == pl.Null:
            frame = frame.with_columns(pl.col(n).cast(pl.String))
    # Sheet row r (0-based) is line r + 1; the first data row is row index + 1.
    line = pl.int_range(0, pl.len(), dtype=pl.Int64) + (index + 2)
    frame = frame.with_columns(line.alias("line"))
    cells = tuple("" if c is None else str(c).strip() for c in header)
    return RawTable(cells, match, frame)
