"""Text from input files never acts where it is written (`spec/check-output.md`, v2).

Anyone who can write to a shared drop folder or the roster can put a terminal escape
sequence in a caseworker's name, or a formula in a team's. Every writer of text passes it
through the functions here: `terminal_safe` for what reaches a terminal (the check
table, Markdown reports, file names and names on the TUI), `spreadsheet_safe` (and
`spreadsheet_safe_frame`) for a CSV or XLSX cell.
"""

from __future__ import annotations

import re

import polars as pl

#: C0 controls except tab and newline, DEL, and the C1 controls (which some terminals
#: read as ESC + a letter: U+009B is a CSI on its own). A regex both `re` and polars read.
CONTROL_PATTERN = "[\x00-\x08\x0b-\x1f\x7f-\x9f]"
_CONTROL = re.compile(CONTROL_PATTERN)
#: The same, newline included: for one value (a cell, a file name) that stays on one line.
VALUE_CONTROL_PATTERN = "[\x00-\x08\x0a-\x1f\x7f-\x9f]"
_CONTROL_OR_NEWLINE = re.compile(VALUE_CONTROL_PATTERN)
#: What a control character is shown as: visible, and never part of a sequence.
REPLACEMENT = "\ufffd"
#: A cell starting with one of these is a formula (or becomes one) in Excel and
#: LibreOffice; tab and carriage return hide a formula behind white space.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def terminal_safe(text: str, *, one_line: bool = False) -> str:
    """`text` with every control character (tab and, unless `one_line`, newline kept)
    replaced by U+FFFD, so that no escape sequence in it reaches the terminal."""
    pattern = _CONTROL_OR_NEWLINE if one_line else _CONTROL
    return pattern.sub(REPLACEMENT, text)


def spreadsheet_safe(value: object) -> object:
    """A text cell that a spreadsheet would run as a formula, with a leading `'`.

    Anything that is not text (numbers, dates, None) is returned as it is: `-5` as a
    number is a number, not a formula.
    """
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def spreadsheet_safe_frame(frame: pl.DataFrame) -> pl.DataFrame:
    """`frame` with `spreadsheet_safe` applied to every text column (for XLSX writers)."""
    starts = "^[" + re.escape("".join(_FORMULA_START)) + "]"
    text = [name for name, dtype in frame.schema.items() if dtype == pl.String]
    return frame.with_columns(
        pl.when(pl.col(n).str.contains(starts))
        .then(pl.lit("'") + pl.col(n))
        .otherwise(pl.col(n))
        .alias(n)
        for n in text
    )
