"""What a table cell is worth, beyond what it shows: for sorting and for saving.

A cell shows "85.2 ▲" or "3 !" or "—"; sorting by that text would put "10" before "9"
and "—" first. `ValueText` is a cell that carries its underlying value (a KPI's unrounded
percentage); any other cell is read from its text: a number (with at most a unit and
the markers after it) is a number, a dash or nothing is blank, the rest is text.
"""

from __future__ import annotations

import re
from typing import Any

from rich.cells import cell_len
from rich.text import Text
from textual.widgets.data_table import CellType

from floorwatch.figures import EMPTY

#: A sort or saved value: a number, a text, or blank (None).
Value = float | str | None

#: A shown number: sign (ASCII or the typographic minus), digits with thousands commas,
#: decimals; then at most a unit and the app's markers (▲ ▼ ! ✓ …).
_NUMBER = re.compile(
    r"^\s*(?P<sign>[+\-−]?)(?P<digits>\d[\d,]*(?:\.\d+)?)\s*(?:%|m|min|s)?\s*[▲▼!✓⚑*\s]*$"
)
_BLANK = {"", EMPTY, "-", "n/a"}


class ValueText(Text):
    """A Text cell that also carries the value it shows (for sorting and saving)."""

    def __init__(self, text: str, value: Value, **kwargs: Any) -> None:
        super().__init__(text, **kwargs)
        self.value = value

    def __eq__(self, other: object) -> bool:
        # A refresh updates a cell whose value changed even when its text did not
        # (85.24 and 85.21 both read 85.2): the sort must follow the value.
        if isinstance(other, ValueText) and other.value != self.value:
            return False
        return super().__eq__(other)

    __hash__ = None  # type: ignore[assignment]  # mutable, as Text is


def valued(cell: Text, value: Value) -> ValueText:
    """`cell` (its text and styles) carrying `value`."""
    out = ValueText(cell.plain, value, style=cell.style, justify=cell.justify)
    out.spans = list(cell.spans)
    return out


def plain(cell: object) -> str:
    """The text a cell shows."""
    return cell.plain if isinstance(cell, Text) else "" if cell is None else str(cell)


def cell_value(cell: object) -> Value:
    """The value behind a cell: its carried value, else a number read from its text,
    else None for a blank ("—"), else its text."""
    if isinstance(cell, ValueText):
        return cell.value
    if isinstance(cell, bool):
        return str(cell)
    if isinstance(cell, int | float):
        return float(cell)
    text = plain(cell).strip()
    if text in _BLANK:
        return None
    match = _NUMBER.match(text)
    if match is None:
        return text
    number = float(match["digits"].replace(",", ""))
    return -number if match["sign"] in ("-", "−") else number


def sort_key(value: Value) -> tuple[int, float, str]:
    """Numbers (as numbers) before texts (in any case), blanks always last."""
    if value is None:
        return (2, 0.0, "")
    if isinstance(value, int | float):
        return (0, float(value), "")
    return (1, 0.0, value.casefold())


def cell_width(cell: object) -> int:
    """How many terminal cells a value takes (Text, or plain text)."""
    return cell.cell_len if isinstance(cell, Text) else cell_len(str(cell))


def own_cell(cell: CellType) -> CellType:
    """A first cell that is this row's own object (a str may be shared: interned)."""
    if isinstance(cell, ValueText):
        return valued(cell, cell.value)
    if isinstance(cell, Text):
        return cell.copy()
    return Text(str(cell))


def same_text(current: object, value: object) -> bool:
    """A str first cell kept as its own Text (`own_cell`) is unchanged while its text is."""
    return isinstance(value, str) and isinstance(current, Text) and current.plain == value


def saved_value(cell: object) -> Value:
    """What a saved file holds for a cell: the number shown (as a number), else the text
    shown, or blank. A sort value the text does not show (unrounded) is not written:
    the file says what the screen said."""
    return cell_value(plain(cell))
