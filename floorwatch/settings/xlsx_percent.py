"""Which cells of an XLSX's first sheet are formatted as percentages.

Excel stores 75 % as the number 0.75 with a `0%` number format; calamine (fastexcel)
returns the number and not the format, so a QSA file typed the way Excel users type it
read as 0.75 % and flagged everyone. The formats are in the workbook's XML: each cell's
style (`s`) indexes `cellXfs` in `styles.xml`, whose `numFmtId` is built-in 9 (`0%`) or
10 (`0.00%`), or a custom code with an unquoted `%`.
"""

from __future__ import annotations

import io
import posixpath
import re
import zipfile
from xml.etree import ElementTree

_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_PKG_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"
#: Excel's built-in percent formats.
_BUILTIN_PERCENT = frozenset({9, 10})
_CELL_REF = re.compile(r"^([A-Z]+)(\d+)$")
#: A format code's quoted text and escaped characters, which are not its meaning.
_LITERALS = re.compile(r'"[^"]*"|\\.')


def percent_cells(data: bytes) -> dict[tuple[int, int], float]:
    """(row, column) -> stored number of every percent-formatted numeric cell of the first
    sheet, counted from the sheet's first used row and column (as fastexcel's rows are).

    Empty when the workbook's XML cannot be read (fastexcel reports a broken file).
    """
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as book:
            percent_styles = _percent_styles(book)
            if not percent_styles:
                return {}
            sheet = ElementTree.fromstring(book.read(_first_sheet(book)))
    except (
        KeyError,
        OSError,
        StopIteration,
        zipfile.BadZipFile,
        ElementTree.ParseError,
        ValueError,
    ):
        return {}
    used: list[tuple[int, int]] = []
    found: dict[tuple[int, int], float] = {}
    for cell in sheet.iter(f"{_MAIN}c"):
        ref = _CELL_REF.match(cell.get("r", ""))
        value = cell.find(f"{_MAIN}v")
        if ref is None or (value is None and cell.find(f"{_MAIN}is") is None):
            continue
        position = (int(ref[2]) - 1, _column(ref[1]))
        used.append(position)
        numeric = cell.get("t", "n") == "n" and value is not None and value.text
        if numeric and int(cell.get("s", "0")) in percent_styles:
            found[position] = float(value.text)
    if not used:
        return {}
    top, left = min(r for r, _ in used), min(c for _, c in used)
    return {(r - top, c - left): v for (r, c), v in found.items()}


def _percent_styles(book: zipfile.ZipFile) -> set[int]:
    """Indexes into `cellXfs` whose number format is a percentage."""
    try:
        styles = ElementTree.fromstring(book.read("xl/styles.xml"))
    except KeyError:
        return set()
    percent_ids = set(_BUILTIN_PERCENT)
    for fmt in styles.iter(f"{_MAIN}numFmt"):
        if "%" in _LITERALS.sub("", fmt.get("formatCode", "")):
            percent_ids.add(int(fmt.get("numFmtId", "-1")))
    xfs = styles.find(f"{_MAIN}cellXfs")
    if xfs is None:
        return set()
    return {
        i
        for i, xf in enumerate(xfs.iter(f"{_MAIN}xf"))
        if int(xf.get("numFmtId", "0")) in percent_ids
    }


def _first_sheet(book: zipfile.ZipFile) -> str:
    """The path inside the zip of the workbook's first sheet (fastexcel's sheet 0)."""
    workbook = ElementTree.fromstring(book.read("xl/workbook.xml"))
    first = next(workbook.iter(f"{_MAIN}sheet"))
    rel_id = first.get(f"{_REL}id")
    rels = ElementTree.fromstring(book.read("xl/_rels/workbook.xml.rels"))
    target = next(r.get("Target", "") for r in rels.iter(f"{_PKG_REL}Relationship")
                  if r.get("Id") == rel_id)  # fmt: skip
    return target.lstrip("/") if target.startswith("/") else posixpath.join("xl", target)


def _column(letters: str) -> int:
    number = 0
    for letter in letters:
        number = number * 26 + ord(letter) - ord("A") + 1
    return number - 1
