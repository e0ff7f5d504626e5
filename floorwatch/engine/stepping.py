"""Stepping through weeks and months: the previous period, the next, the same one last year.

The Performance screen (the seeds' "KPI level screen") compares a period with the one
before it and with the same period a year earlier (seed 002: "results for the same period
the previous year"). A period is shown as of a moment `at`: the data's as-of for the
period in progress, the last instant of its last day for a finished one.

Comparisons are like for like: a period in progress is compared with the same stretch of
the other period, to the same time of day (this week to Tuesday 12:01 with last week to
Tuesday 12:01, the month to the 15th 10:30 with last month to the 15th 10:30): the history
holds the exports of that moment, and the check uses the newest at or before it. Clamped
to the other period's length (the 31st compares with the whole of a 30-day month); a
finished period compares with the whole of the other period. Without this, a Tuesday
noon would look like a collapse in cases worked against last week to Tuesday night.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from floorwatch.engine.result import PeriodKind

#: The kinds the Performance screen steps through.
StepKind = PeriodKind


@dataclass(frozen=True)
class PeriodView:
    """One week or month, checked as of `at` (within it)."""

    kind: StepKind
    start: date
    at: datetime

    @property
    def end(self) -> date:
        """The period's last calendar day (Sunday, or the month's last day)."""
        return period_end(self.kind, self.start)

    @property
    def complete(self) -> bool:
        """Whether `at` is the last instant of the period (a finished period)."""
        return self.at == end_of_day(self.end)

    def label(self) -> str:
        """'Week of Mon 16 Nov 2026' or 'November 2026'; 'to date' while in progress."""
        name = f"Week of {self.start:%a %d %b %Y}" if self.kind == "week" else f"{self.start:%B %Y}"
        return name if self.complete else f"{name}, to {self.at:%a %d %H:%M}"


def end_of_day(day: date) -> datetime:
    """The last instant of a day: a finished period is checked as of it."""
    return datetime.combine(day, time.max)


def period_start_of(kind: StepKind, day: date) -> date:
    """The Monday of `day`'s week, or the 1st of its month."""
    if kind == "week":
        return day - timedelta(days=day.weekday())
    if kind == "month":
        return day.replace(day=1)
    raise ValueError(f"cannot step through {kind!r} periods")


def period_end(kind: StepKind, start: date) -> date:
    """The last day of the period starting on `start`."""
    if kind == "week":
        return start + timedelta(days=6)
    return _add_months(start, 1) - timedelta(days=1)


def _add_months(start: date, months: int) -> date:
    """The 1st of the month `months` after `start`'s month (negative: before)."""
    index = start.year * 12 + start.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def current_view(kind: StepKind, as_of: datetime) -> PeriodView:
    """The week or month in progress at `as_of`, as of then."""
    return PeriodView(kind, period_start_of(kind, as_of.date()), as_of)


def _aligned(view: PeriodView, start: date) -> PeriodView:
    """The period starting on `start`, covering as much of it as `view` covers of its own."""
    if view.complete:
        return PeriodView(view.kind, start, end_of_day(period_end(view.kind, start)))
    same_day = start + (view.at.date() - view.start)
    last = period_end(view.kind, start)
    if same_day > last:  # a longer month's last days: the whole of the shorter one
        return PeriodView(view.kind, start, end_of_day(last))
    return PeriodView(view.kind, start, datetime.combine(same_day, view.at.time()))


def previous_view(view: PeriodView) -> PeriodView:
    """The period before `view`, over the same stretch (see the module doc)."""
    if view.kind == "week":
        return _aligned(view, view.start - timedelta(days=7))
    return _aligned(view, _add_months(view.start, -1))


def last_year_view(view: PeriodView) -> PeriodView:
    """The same period a year earlier: the same month, or the same ISO week number.

    ISO week 53 of a year whose predecessor has 52 weeks compares with week 52.
    """
    if view.kind == "month":
        return _aligned(view, view.start.replace(year=view.start.year - 1))
    year, week, _ = view.start.isocalendar()
    weeks_last_year = date(year - 1, 12, 28).isocalendar()[1]  # 28 Dec is in the last week
    return _aligned(view, date.fromisocalendar(year - 1, min(week, weeks_last_year), 1))


def step_view(view: PeriodView, steps: int, latest: datetime) -> PeriodView:
    """`steps` periods back (negative) or forward (positive), whole periods.

    Never past the period in progress at `latest` (the data's as-of), which is shown as
    of `latest`; every earlier period is shown whole.
    """
    start = view.start
    if view.kind == "week":
        start += timedelta(days=7 * steps)
    else:
        start = _add_months(start, steps)
    now = current_view(view.kind, latest)
    if start >= now.start:
        return now
    return PeriodView(view.kind, start, end_of_day(period_end(view.kind, start)))


def switch_kind(view: PeriodView, kind: StepKind, latest: datetime) -> PeriodView:
    """The week or month holding `view`'s as-of day (`w`/`m` keep the place in time)."""
    if kind == view.kind:
        return view
    day = min(view.at, latest).date()
    start = period_start_of(kind, day)
    now = current_view(kind, latest)
    if start >= now.start:
        return now
    return PeriodView(kind, start, end_of_day(period_end(kind, start)))
