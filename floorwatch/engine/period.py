"""The periods of `spec/kpis.md`: the day, week (from Monday) or month of the as-of."""

from __future__ import annotations

from datetime import datetime, timedelta

from floorwatch.engine.result import Period, PeriodKind


def period_of(kind: PeriodKind, as_of: datetime) -> Period:
    """The period of kind `kind` that ends at `as_of`."""
    day = as_of.date()
    if kind == "day":
        start = day
    elif kind == "week":
        start = day - timedelta(days=day.weekday())
    elif kind == "month":
        start = day.replace(day=1)
    else:
        raise ValueError(f"unknown period {kind!r}")
    return Period(kind, start, day)


def period_start(period: Period) -> datetime:
    """The first moment of a period."""
    return datetime.combine(period.start, datetime.min.time())
