"""A caseworker who has left the simulated floor and still holds paused tasks (issue 13, 3).

The seeds ask that a leaver's paused tasks be finalised or reassigned *before* the last
day; after it nobody will. So that `floorwatch demo` and `simulate` show what happens
when that was missed (PAUSED_AFTER_LAST_DAY, the Paused screen's "tasks of caseworkers
who have left ⚑"), one extra person is added beside the floor `build_floor` makes
(on floors with room for absences, as `absence.py`):

- in the roster with a Last Day `DEPARTED_DAYS_AGO` days before write_config's `today`;
- on agreed leave (leave.csv, Type `Notice`) from the start of the window leave.csv
  covers until that Last Day: in no export of any simulated day, and never absent;
- holding two tasks in every Paused report, paused `PAUSED_DAYS_BEFORE` days before the
  report's day (before the leave began: PAUSED_OVER_LIMIT too).

The person is extra (their own worker id, after everyone else's), so nobody else's day,
rows or numbers change. The caseworker leaving soon (PAUSED_BEFORE_LAST_DAY) is the
planted `resigning` one (`people.py`, `config.RESIGN_IN_DAYS`).
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from functools import lru_cache

import polars as pl

from floorwatch.schema import PAUSED
from floorwatch.simulate.absence import LEAVE_BEFORE_DAYS, Absences, plant_absence
from floorwatch.simulate.people import _FIRST, _LAST, FloorSpec, build_floor

#: write_config's `today` minus this is the departed caseworker's roster Last Day.
DEPARTED_DAYS_AGO = 3
#: Their paused tasks were paused this many days before each report's day (before the
#: leave leading up to their Last Day began).
PAUSED_DAYS_BEFORE = LEAVE_BEFORE_DAYS + 5
#: Their leave's Type in leave.csv: agreed leave (not Sick or Unplanned).
LEAVE_TYPE = "Notice"
#: How long before `today` they started.
HIRED_DAYS_BEFORE = 900
#: (time paused, task type, reason) of their two paused tasks.
_TASKS = (
    (time(14, 20), "Renewal", "Awaiting documents"),
    (time(15, 35), "Application", "Awaiting verification"),
)


@dataclass(frozen=True)
class Departed:
    """The caseworker who has left: who, in which team, and their roster cells."""

    worker_id: str
    name: str
    team: str
    supervisor: str
    coordinator: str


@lru_cache(maxsize=8)
def departed(spec: FloorSpec) -> Departed | None:
    """The departed caseworker of the floor `spec` describes (the same every time); None
    on a floor too small to have absences (`absence.plant_absence`), like the small test
    floors whose screens are pinned."""
    if plant_absence(spec) == Absences():
        return None
    floor = build_floor(spec)
    rng = random.Random(f"floorwatch-departed-{spec.seed}")
    taken = {p.name for p in floor.people}
    taken |= {t.supervisor for t in floor.teams} | {t.coordinator for t in floor.teams}
    while (name := f"{rng.choice(_FIRST)} {rng.choice(_LAST)}") in taken:
        pass
    team = rng.choice(floor.teams)
    # After every worker id of the floor, with room for others added the same way.
    worker_id = f"W{2001 + len(floor.people)}"
    return Departed(worker_id, name, team.name, team.supervisor, team.coordinator)


def last_day(today: date) -> date:
    """The departed caseworker's roster Last Day."""
    return today - timedelta(days=DEPARTED_DAYS_AGO)


def roster_rows(spec: FloorSpec, today: date) -> list[tuple[str, ...]]:
    """Their roster.csv row (`config.ROSTER_HEADER`'s columns), if the floor has them."""
    who = departed(spec)
    if who is None:
        return []
    hired = today - timedelta(days=HIRED_DAYS_BEFORE)
    return [(
        who.worker_id, who.name, who.team, who.supervisor, who.coordinator,
        "08:00", "480", hired.isoformat(), last_day(today).isoformat(), "", "", "Front line",
    )]  # fmt: skip


def leave_rows(spec: FloorSpec, today: date) -> list[tuple[str, date, date, str]]:
    """Their leave.csv row: agreed leave from the window's start to the Last Day."""
    who = departed(spec)
    if who is None:
        return []
    first = today - timedelta(days=LEAVE_BEFORE_DAYS)
    return [(who.worker_id, first, last_day(today), LEAVE_TYPE)]


def paused_rows(spec: FloorSpec, day: date, at: datetime) -> pl.DataFrame:
    """Their tasks in the Paused report of `day` as of `at`, under internal column names
    (the rows `exports.paused_frame` builds, before its canonical headers)."""
    who = departed(spec)
    paused_day = day - timedelta(days=PAUSED_DAYS_BEFORE)
    base = (paused_day - date(2020, 1, 1)).days % 10000
    rows = (
        []
        if who is None
        else [
            {
                "task_id": f"D{base:04d}{slot}",
                "worker_id": who.worker_id,
                "worker_name": who.name,
                "team": who.team,
                "task_type": task_type,
                "paused_at": datetime.combine(paused_day, moment),
                "reason": reason,
                "export_time": at,
            }
            for slot, (moment, task_type, reason) in enumerate(_TASKS)
        ]
    )
    schema = {c.name: pl.String for c in PAUSED.columns} | {
        "paused_at": pl.Datetime("us"),
        "export_time": pl.Datetime("us"),
    }
    return pl.DataFrame(rows, schema=schema)
