"""Staffing for the MI return: FTE per Role and headcount from the roster (exports.md).

The check judges people; it does not count staff. Staffing is the roster as of a moment:
everyone employed that day (Start Date blank or on/before it, Last Day blank or on/after
it), with FTE (blank = 1.0) per Role (blank = `Front line`). Supervisors and support staff
count here although nobody judges them on a schedule.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

import polars as pl

from floorwatch.settings.roster import FRONT_LINE

#: The key of the front-line role; its label.
FRONT_LINE_KEY = FRONT_LINE
FRONT_LINE_LABEL = "Front line"
#: The team of a rostered person whom neither the roster nor any export places.
UNASSIGNED = "Unassigned"
_SPACES = re.compile(r"\s+")


def role_key(role: str | None) -> str:
    """A Role as the roster's rule reads it: any case, blanks collapsed; blank is front line."""
    key = _SPACES.sub(" ", (role or "").strip()).casefold()
    return key or FRONT_LINE_KEY


@dataclass(frozen=True)
class Staff:
    """A team's staff at one moment."""

    fte: Mapping[str, float]
    headcount: int


def roles(roster: pl.DataFrame) -> list[tuple[str, str]]:
    """(key, label) of every Role in the roster, `Front line` first, then by label; a
    Role's label is its first spelling in the roster."""
    labels: dict[str, str] = {FRONT_LINE_KEY: FRONT_LINE_LABEL}
    for role in roster["role"].to_list():
        key = role_key(role)
        labels.setdefault(key, _SPACES.sub(" ", (role or "").strip()))
    rest = sorted((k for k in labels if k != FRONT_LINE_KEY), key=lambda k: labels[k].casefold())
    return [(k, labels[k]) for k in (FRONT_LINE_KEY, *rest)]


def staffing(roster: pl.DataFrame, day: date, team_of: Mapping[str, str]) -> dict[str, Staff]:
    """Each team's FTE per role key and headcount of the people employed on `day`.

    A person's team is the roster's, else the one the check placed them in (`team_of`),
    else `Unassigned`.
    """
    employed = roster.filter(
        pl.col("start_date").is_null() | (pl.col("start_date") <= day),
        pl.col("last_day").is_null() | (pl.col("last_day") >= day),
    )
    fte: dict[str, dict[str, float]] = {}
    heads: dict[str, int] = {}
    for worker_id, team, role, value in employed.select(
        "worker_id", "team", "role", "fte"
    ).iter_rows():
        where = team or team_of.get(worker_id) or UNASSIGNED
        by_role = fte.setdefault(where, {})
        key = role_key(role)
        by_role[key] = by_role.get(key, 0.0) + (1.0 if value is None else value)
        heads[where] = heads.get(where, 0) + 1
    return {team: Staff(by_role, heads[team]) for team, by_role in fte.items()}
