"""Quarterly Statewide Averages by quarter: which QSA judges a period.

`qsa.toml` may hold, beside its flat keys, one `[quarters.YYYYQn]` table per quarter
(written by `floorwatch qsa import`). A quarter's table gives that quarter's values; a
key it leaves out is the flat layout's. A period is judged by the quarter containing its
as-of; without one, by the newest earlier quarter; without any, by the flat layout
(which is how a qsa.toml without quarters has always loaded).
"""

from __future__ import annotations

import re
from datetime import date

from floorwatch.settings.model import QSA, Settings

#: A quarter's name: `2026Q4`.
QUARTER = re.compile(r"^(\d{4})Q([1-4])$")


def quarter_of(day: date) -> str:
    """The quarter containing `day`: 2026-11-23 -> `2026Q4`."""
    return f"{day.year}Q{(day.month - 1) // 3 + 1}"


def is_quarter(name: str) -> bool:
    return QUARTER.match(name) is not None


def _order(name: str) -> tuple[int, int]:
    match = QUARTER.match(name)
    assert match is not None  # names are validated when qsa.toml is loaded
    return int(match[1]), int(match[2])


def qsa_in_force(settings: Settings, day: date) -> tuple[str | None, QSA]:
    """(quarter, QSA) judging a period whose as-of falls on `day`.

    The quarter containing `day`, else the newest earlier one; (None, the flat QSA) when
    no quarter starts on or before `day`.
    """
    wanted = _order(quarter_of(day))
    earlier = [q for q in settings.qsa_quarters if _order(q) <= wanted]
    if not earlier:
        return None, settings.qsa
    chosen = max(earlier, key=_order)
    return chosen, settings.qsa_quarters[chosen]
