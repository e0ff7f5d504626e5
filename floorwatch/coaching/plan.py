"""The coaching plan's progress: checks done this month against the quota, and who of a
team has not been sampled yet ("North: 14 of 20 checks this month, 3 caseworkers not
yet sampled").

A check counts in the month it was recorded, when it is not cancelled and, if the plan
names task types, is of one of them. A caseworker is sampled when a sample drawn this
month (not cancelled) holds one of their transactions.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date

import polars as pl

from floorwatch.coaching.config import PlanItem
from floorwatch.coaching.journal import Entry, current
from floorwatch.coaching.status import cancelled


@dataclass(frozen=True)
class Progress:
    """One plan line this month."""

    item: PlanItem
    done: int
    #: Caseworkers (as "Name (ID)") of the team, or the caseworker, not sampled this
    #: month; None when the team's caseworkers are not known (no data).
    not_sampled: tuple[str, ...] | None

    @property
    def target(self) -> int:
        return self.item.checks

    def sentence(self, month: str = "this month") -> str:
        """'North: 14 of 20 checks this month, 3 caseworkers not yet sampled'."""
        item = self.item
        what = f"{self.done} of {self.target} checks {month}"
        if item.task_types:
            what += f" ({', '.join(item.task_types)})"
        if item.caseworker:
            tail = ", not yet sampled" if self.not_sampled else ""
            return f"{item.caseworker}: {what}{tail}"
        if self.not_sampled is None:
            return f"{item.team}: {what}, caseworkers not known (no data)"
        n = len(self.not_sampled)
        return f"{item.team}: {what}, {n} caseworker{'' if n == 1 else 's'} not yet sampled"


def month_plan(plan: Sequence[PlanItem], day: date) -> list[PlanItem]:
    """The plan lines in force in `day`'s month: a line for that month replaces the
    every-month line of the same team or caseworker."""
    month = f"{day:%Y-%m}"
    specific = {(p.team, p.caseworker) for p in plan if p.month == month}
    return [
        p
        for p in plan
        if p.month == month or (p.month is None and (p.team, p.caseworker) not in specific)
    ]


def _same(a: str | None, b: str | None) -> bool:
    return (a or "").casefold() == (b or "").casefold()


def _in_month(moment_day: date, day: date) -> bool:
    return (moment_day.year, moment_day.month) == (day.year, day.month)


def progress(
    entries: list[Entry],
    plan: Sequence[PlanItem],
    today: date,
    members: Mapping[str, Sequence[tuple[str, str | None]]] | None,
) -> list[Progress]:
    """Each plan line's progress in today's month.

    `members` maps a team to its caseworkers (id, name), from the data on hand; None
    when there is no data (then "not yet sampled" cannot be said for a team).
    """
    gone = cancelled(entries)
    checks = [
        e.data["transaction"]
        for e in current(entries, "assessment")
        if _in_month(e.at.date(), today)
        and not gone.check(e.data["sample_id"], e.data["transaction"]["task_id"])
    ]
    sampled = {
        t["worker_id"]
        for e in current(entries, "sample")
        if _in_month(e.at.date(), today) and e.id not in gone.samples
        for t in e.data["transactions"]
        if (e.id, t["task_id"]) not in gone.checks
    }
    found = []
    for item in month_plan(plan, today):
        types = {t.casefold() for t in item.task_types}
        mine = [
            t
            for t in checks
            if (
                _same(t.get("team"), item.team)
                if item.team
                else _same(t.get("worker_id"), item.caseworker)
            )
            and (not types or (t.get("task_type") or "").casefold() in types)
        ]
        if item.caseworker:
            missing: tuple[str, ...] | None = (
                () if any(_same(w, item.caseworker) for w in sampled) else (item.caseworker,)
            )
        elif members is None:
            missing = None
        else:
            team = next((v for k, v in members.items() if _same(k, item.team)), ())
            missing = tuple(
                f"{name} ({wid})" if name else wid for wid, name in team if wid not in sampled
            )
        found.append(Progress(item, len(mine), missing))
    return found


def members_of(
    workers: Iterable[tuple[str, str | None, str]],
) -> dict[str, list[tuple[str, str | None]]]:
    """Team -> its caseworkers (id, name), from (id, name, team) of the data on hand."""
    teams: dict[str, list[tuple[str, str | None]]] = {}
    for worker_id, name, team in sorted(workers):
        teams.setdefault(team, []).append((worker_id, name))
    return teams


def progress_frame(found: Sequence[Progress]) -> pl.DataFrame:
    """The plan's progress as a report table."""
    rows = [
        (
            p.item.team or "",
            p.item.caseworker or "",
            ", ".join(p.item.task_types),
            p.done,
            p.target,
            "unknown" if p.not_sampled is None else ", ".join(p.not_sampled),
        )
        for p in found
    ]
    schema = {
        "team": pl.String(),
        "caseworker": pl.String(),
        "task types": pl.String(),
        "checks done": pl.Int64(),
        "checks planned": pl.Int64(),
        "not yet sampled": pl.String(),
    }
    return pl.DataFrame(rows, schema=schema, orient="row")
