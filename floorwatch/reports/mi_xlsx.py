"""The MI return as an xlsx workbook: the scope's sheet, then one sheet per team.

Numbers are numbers (rounded as the JSON is); a blank month is an empty cell, never 0.
Under every banded measure a RAG row holds the letter, filled in its colour (the letter is
always there: colour is never the only signal). Every text cell goes through
`pack_xlsx.text_cell`, so input text never starts a formula.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from floorwatch.reports.mi_data import MiReturn, MiSheet, shown
from floorwatch.reports.pack_xlsx import text_cell
from floorwatch.safe_text import terminal_safe
from floorwatch.store.files import write_atomic

#: Fills of the RAG letters (Excel's own "good / neutral / bad" colours).
RAG_FILLS = {
    "G": {"bg_color": "#C6EFCE", "font_color": "#006100"},
    "A": {"bg_color": "#FFEB9C", "font_color": "#9C5700"},
    "R": {"bg_color": "#FFC7CE", "font_color": "#9C0006"},
}
#: Characters Excel refuses in a sheet name, and its length limit.
_NOT_IN_NAME = re.compile(r"[\[\]:*?/\\\x00-\x1f\x7f-\x9f]")
_NAME_MAX = 31
#: Where the table starts: title, scope line, blank, header.
HEADER_ROW = 2


def sheet_names(sheets: tuple[MiSheet, ...]) -> list[str]:
    """A valid, unique sheet name per sheet (Excel: 31 characters, no `[]:*?/\\`, not
    blank, unique in any case, no apostrophe at either end)."""
    used: set[str] = set()
    out = []
    for sheet in sheets:
        base = _NOT_IN_NAME.sub("_", sheet.name).strip().strip("'")[:_NAME_MAX] or "Team"
        name, n = base, 1
        while name.casefold() in used or name.casefold() == "history":
            n += 1
            suffix = f" ({n})"
            name = base[: _NAME_MAX - len(suffix)] + suffix
        used.add(name.casefold())
        out.append(name)
    return out


def _write_sheet(book: Any, name: str, mi: MiReturn, sheet: MiSheet, fmts: dict[str, Any]) -> None:
    ws = book.add_worksheet(name)
    text_cell(ws, 0, 0, mi.first_line, fmts["bold"])
    if sheet.team:
        text_cell(ws, 1, 0, f"Team: {sheet.team}")
    head = ["Section", "Measure", *(c.label for c in mi.columns)]
    for col, text in enumerate(head):
        text_cell(ws, HEADER_ROW, col, text, fmts["bold"])
    for r, row in enumerate(sheet.rows, start=HEADER_ROW + 1):
        text_cell(ws, r, 0, row.section)
        text_cell(ws, r, 1, row.measure)
        if row.rag is not None:
            for c, letter in enumerate(row.rag, start=2):
                if letter:
                    ws.write_string(r, c, letter, fmts[letter])
            continue
        for c, value in enumerate(row.values, start=2):
            value = shown(value)
            if value is None:
                continue  # blank: the month has no data (never 0)
            ws.write_number(r, c, value, fmts["whole" if isinstance(value, int) else "number"])
    last = HEADER_ROW + len(sheet.rows)
    if not sheet.team:
        for i, note in enumerate(mi.notes, start=last + 2):
            text_cell(ws, i, 0, note)
    ws.set_column(0, 0, 10)
    ws.set_column(1, 1, 32)
    ws.set_column(2, 1 + len(mi.columns), 12)
    ws.freeze_panes(HEADER_ROW + 1, 2)


def write_mi_xlsx(mi: MiReturn, path: Path) -> None:
    """The return as a workbook at `path`, written atomically."""
    import xlsxwriter  # only a report writing xlsx pays for loading it

    def write(temp: Path) -> None:
        options = {"strings_to_formulas": False, "strings_to_numbers": False}
        with xlsxwriter.Workbook(str(temp), options) as book:
            fmts = {
                "bold": book.add_format({"bold": True}),
                "whole": book.add_format({"num_format": "0"}),
                "number": book.add_format({"num_format": "0.00"}),
                **{k: book.add_format({**v, "align": "center"}) for k, v in RAG_FILLS.items()},
            }
            for name, sheet in zip(sheet_names(mi.sheets), mi.sheets, strict=True):
                _write_sheet(book, terminal_safe(name, one_line=True), mi, sheet, fmts)

    write_atomic(path, write)
