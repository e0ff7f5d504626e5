"""Who is away on the simulated floor, and what the roster and leave.csv say about it.

Five normal caseworkers (never a planted or contact-planted one) are chosen by their own
seeded draw, so adding them changed nobody else's day:

- away: on long agreed leave (Parental) over the whole window leave.csv covers: never in
  the exports, listed with no scheduled day.
- sick: sick on days where `day.toordinal() % 11 == 3` (not in the exports; leave.csv
  says Sick): an absent day, and no NOT_LOGGED_IN.
- annual: annual leave on five-day blocks where `day.toordinal() // 5 % 6 == 1`: not
  scheduled, not in the exports.
- no_show: never logs in, and no leave says why: NOT_LOGGED_IN from shift start + 15
  minutes every working day, every past day absent.
- four_day: works Mon-Thu (roster Work Days, FTE 0.8): not in Friday's exports.

Everything depends on the `FloorSpec` and the day alone, as the rest of the simulator.
"""

from __future__ import annotations

import random
from dataclasses import astuple, dataclass
from datetime import date, timedelta
from functools import lru_cache

from floorwatch.simulate.people import FloorSpec, build_floor, turnover

#: The kinds of absence, in the order they are drawn.
KINDS = ("away", "sick", "annual", "no_show", "four_day")
#: Days before and after write_config's `today` that leave.csv covers.
LEAVE_BEFORE_DAYS = 70
LEAVE_AFTER_DAYS = 30


@dataclass(frozen=True)
class Absences:
    """Worker id per kind of absence (None when the floor is too small to spare one)."""

    away: str | None = None
    sick: str | None = None
    annual: str | None = None
    no_show: str | None = None
    four_day: str | None = None


@lru_cache(maxsize=8)
def plant_absence(spec: FloorSpec) -> Absences:
    """Who is away how on the floor `spec` describes."""
    # Imported here: contact.py builds on day.py, which asks this module who is away.
    from floorwatch.simulate.contact import plant_contact

    people = build_floor(spec).people
    taken = set(astuple(plant_contact(spec))) if spec.contact else set()
    # W1001 stays at work: the first caseworker is the one examples and tests open.
    pool = [p.worker_id for p in people if not p.role and p.worker_id not in taken][1:]
    # Only floors with room to spare lose people (a ten-person test floor keeps all).
    if len(pool) < 2 * len(KINDS):
        return Absences()
    chosen = random.Random(f"floorwatch-absence-{spec.seed}").sample(pool, len(KINDS))
    return Absences(**dict(zip(KINDS, chosen, strict=True)))


def sick_on(day: date) -> bool:
    return day.toordinal() % 11 == 3


def annual_on(day: date) -> bool:
    return day.toordinal() // 5 % 6 == 1


def absent_on(spec: FloorSpec, day: date) -> frozenset[str]:
    """The caseworkers who are not at work on `day` (not in any export of it)."""
    a = plant_absence(spec)
    out = {a.away, a.no_show}
    if sick_on(day):
        out.add(a.sick)
    if annual_on(day):
        out.add(a.annual)
    if day.weekday() == 4:
        out.add(a.four_day)
    out |= turnover(spec).away(day)  # a leaver after the Last Day, a starter before
    return frozenset(w for w in out if w is not None)


def work_days_of(spec: FloorSpec, worker_id: str) -> tuple[str, str]:
    """(Work Days, FTE) roster cells of a caseworker ("" for the defaults)."""
    return ("Mon-Thu", "0.8") if worker_id == plant_absence(spec).four_day else ("", "")


def leave_rows(spec: FloorSpec, today: date) -> list[tuple[str, date, date, str]]:
    """leave.csv's rows around `today`: (Worker ID, From, To, Type), consecutive days of
    the same leave joined into one row."""
    a = plant_absence(spec)
    first = today - timedelta(days=LEAVE_BEFORE_DAYS)
    last = today + timedelta(days=LEAVE_AFTER_DAYS)
    rows: list[tuple[str, date, date, str]] = []
    if a.away is not None:
        rows.append((a.away, first, last, "Parental"))
    for worker_id, kind, on in ((a.annual, "Annual", annual_on), (a.sick, "Sick", sick_on)):
        if worker_id is None:
            continue
        day = first
        while day <= (last if kind == "Annual" else today):
            if on(day):
                end = day
                while on(end + timedelta(days=1)):
                    end += timedelta(days=1)
                rows.append((worker_id, day, end, kind))
                day = end
            day += timedelta(days=1)
    return sorted(rows, key=lambda r: (r[1], r[0]))
