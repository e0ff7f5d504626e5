"""A table as the user sees it on screen, saved as CSV or XLSX (the TUI's save key).

The screen hands over a `ShownTable`: the columns and rows on show, in their order, each
cell already read to a number, a text or blank. Here it becomes a file's bytes, a file
name (scope and as-of) and a file in the user's folder. No Textual here: the TUI calls
this from a thread worker.
"""

from __future__ import annotations

import csv
import io
import os
import re
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Literal

import platformdirs
import xlsxwriter

from floorwatch.safe_text import spreadsheet_safe, terminal_safe

TableFormat = Literal["csv", "xlsx"]
#: A saved cell: a number, a text, or blank.
Cell = float | str | None
#: Characters Windows does not allow in a file name (and `/` nowhere), and controls.
_UNSAFE_NAME = re.compile(r'[<>:"/\\|?*\x00-\x1f\x7f-\x9f]+')
#: A scope is cut to this many characters: with the folder, well inside Windows' 260.
_SCOPE_CHARS = 120


@dataclass(frozen=True)
class ShownTable:
    """What a table shows: `headers`, then `rows` of cells, in the order on screen."""

    scope: str
    as_of: datetime | None
    headers: tuple[str, ...]
    rows: tuple[tuple[Cell, ...], ...]


def default_save_dir(data_dir: Path | None) -> Path:
    """Where tables go when the config names no `save_dir`: the user's documents folder;
    without one, the data folder's `exports` sibling (a service account, a bare server)."""
    documents = Path(platformdirs.user_documents_dir())
    if documents.is_dir():
        return documents
    if data_dir is not None:
        return data_dir.parent / "exports"
    return Path.home() / "exports"


def file_stem(table: ShownTable) -> str:
    """ "floorwatch Team North 2026-12-01 1030": the scope and the as-of, safe as a file
    name on Windows too."""
    when = f" {table.as_of:%Y-%m-%d %H%M}" if table.as_of else ""
    # A long scope is cut, never the as-of; Windows drops a trailing dot or space; the
    # "floorwatch" prefix keeps the name off Windows' reserved names (CON, NUL, COM1…).
    scope = _UNSAFE_NAME.sub("_", f"floorwatch {table.scope}")[:_SCOPE_CHARS]
    return scope.strip(" .") + when


def render_csv(table: ShownTable) -> bytes:
    """UTF-8 with a BOM (Excel reads the accents right), numbers plain, text escaped so a
    spreadsheet never runs it as a formula."""
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([spreadsheet_safe(h) for h in table.headers])
    for row in table.rows:
        writer.writerow(["" if c is None else _csv_number(c) for c in map(spreadsheet_safe, row)])
    return out.getvalue().encode("utf-8-sig")


def _csv_number(cell: object) -> object:
    """12.0 as "12" (a count reads as a count), other numbers as Python writes them."""
    if isinstance(cell, float) and cell.is_integer():
        return int(cell)
    return cell


def render_xlsx(table: ShownTable) -> bytes:
    """One sheet: a bold frozen header row, numbers as numbers, text as text (never a
    formula: xlsxwriter is told not to read strings as formulas, and they are escaped)."""
    out = io.BytesIO()
    options = {"in_memory": True, "strings_to_formulas": False, "strings_to_numbers": False}
    with xlsxwriter.Workbook(out, options) as book:
        sheet = book.add_worksheet(_sheet_name(table.scope))
        bold = book.add_format({"bold": True})
        widths = [len(h) for h in table.headers]
        for col, header in enumerate(table.headers):
            sheet.write_string(0, col, str(spreadsheet_safe(header)), bold)
        for r, row in enumerate(table.rows, start=1):
            for col, cell in enumerate(row):
                if isinstance(cell, int | float):
                    sheet.write_number(r, col, cell)
                elif cell is not None:
                    sheet.write_string(r, col, str(spreadsheet_safe(cell)))
                widths[col] = max(widths[col], len(str(cell)) if cell is not None else 0)
        for col, width in enumerate(widths):
            sheet.set_column(col, col, min(width + 2, 60))
        sheet.freeze_panes(1, 0)
    return out.getvalue()


def _sheet_name(scope: str) -> str:
    """An Excel sheet name: 31 characters at most, none of []:*?/\\."""
    return re.sub(r"[\[\]:*?/\\]", "_", terminal_safe(scope, one_line=True))[:31] or "Table"


def render(table: ShownTable, fmt: TableFormat) -> bytes:
    """The file's bytes in `fmt`."""
    return render_csv(table) if fmt == "csv" else render_xlsx(table)


def save_table(table: ShownTable, fmt: TableFormat, folder: Path) -> Path:
    """Write the table into `folder` (made if missing) and return the file's full path.

    An existing file of the same name is kept: the new one is numbered " (2)", " (3)"…
    The write goes through a temp file and a rename, so nobody opens half a file.
    """
    folder.mkdir(parents=True, exist_ok=True)
    data = render(table, fmt)
    stem = file_stem(table)
    path = folder / f"{stem}.{fmt}"
    n = 2
    while path.exists():
        path = folder / f"{stem} ({n}).{fmt}"
        n += 1
    temp = folder / f".{uuid.uuid4().hex}.tmp"
    try:
        with temp.open("wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.replace(temp, path)
    except BaseException:
        temp.unlink(missing_ok=True)
        raise
    return path


def shown_table(
    scope: str,
    as_of: datetime | None,
    headers: Sequence[str],
    rows: Sequence[Sequence[Cell]],
) -> ShownTable:
    """A `ShownTable` from lists (the screen's reading of its table)."""
    return ShownTable(scope, as_of, tuple(headers), tuple(tuple(r) for r in rows))
