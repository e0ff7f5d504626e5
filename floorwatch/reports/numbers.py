"""How a pack writes its numbers: as `check --format json` gives them, with a dash for none."""

from __future__ import annotations

EMPTY = "—"


def number_text(value: float | None, *, whole: bool = False) -> str:
    """A KPI value: whole for counts, two decimals (the JSON's rounding) for the rest."""
    if value is None:
        return EMPTY
    return f"{value:.0f}" if whole else f"{value:.2f}"


def change_text(value: float | None, *, whole: bool = False) -> str:
    """A change, signed ("+1.20", "-3"), or a dash without a comparison."""
    if value is None:
        return EMPTY
    return f"{value:+.0f}" if whole else f"{value:+.2f}"
