"""How long a task has been paused (`spec/kpis.md`, PAUSED_OVER_LIMIT; v2 `paused_days`).

`working` (the default): the hours of the interval that fall on Saturdays, Sundays and
`holidays` are left out, so a task paused Friday 15:40 is 0.8 days old on Monday 11:00,
not 2.8. `calendar`: every hour counts.
"""

from __future__ import annotations

from datetime import datetime, timedelta

import polars as pl

from floorwatch.engine.dashboard import minutes_between
from floorwatch.settings import Settings

_DAY_MINUTES = 24 * 60
#: Monday .. Sunday: the week polars' business-day functions count.
_WORK_WEEK = (True, True, True, True, True, False, False)


def days_paused(as_of: datetime, settings: Settings, paused_at: str = "paused_at") -> pl.Expr:
    """Days from `paused_at` to the as-of (fractional), as `settings.paused_days` counts."""
    total = minutes_between(pl.lit(as_of), pl.col(paused_at))
    if settings.paused_days == "calendar":
        return total / _DAY_MINUTES
    holidays = list(settings.holidays)
    start = pl.col(paused_at)
    first, last = start.dt.date(), pl.lit(as_of.date())
    working = {"week_mask": _WORK_WEEK, "holidays": holidays}
    midnight_after = (first + timedelta(days=1)).cast(pl.Datetime("us"))
    # First day: from the pause to its midnight; last day: from midnight to the as-of;
    # whole days between: 24 h each when they are working days.
    first_part = pl.when(start.dt.is_business_day(**working)).then(
        minutes_between(midnight_after, start)
    )
    as_of_midnight = datetime.combine(as_of.date(), datetime.min.time())
    last_part = (as_of - as_of_midnight).total_seconds() / 60 if _works(as_of, settings) else 0.0
    between = pl.business_day_count(first + timedelta(days=1), last, **working) * _DAY_MINUTES
    split = first_part.fill_null(0.0) + pl.lit(last_part) + between.cast(pl.Float64)
    same_day = pl.when(start.dt.is_business_day(**working)).then(total).otherwise(0.0)
    minutes = (
        pl.when(start > pl.lit(as_of))
        .then(total)  # paused "after" the as-of: a clock problem, shown as it is
        .when(first == last)
        .then(same_day)
        .otherwise(split)
    )
    return minutes / _DAY_MINUTES


def _works(moment: datetime, settings: Settings) -> bool:
    """Whether the day of `moment` counts towards working-day paused time."""
    return moment.weekday() < 5 and moment.date() not in settings.holidays


def current_paused(paused: pl.LazyFrame, as_of: datetime, settings: Settings) -> pl.LazyFrame:
    """The paused list as of: the newest paused export(s) at or before the as-of, with
    `days_paused` counted as `settings.paused_days` says."""
    upto = paused.filter(pl.col("file_export_time") <= as_of)
    return upto.filter(pl.col("file_export_time") == pl.col("file_export_time").max()).with_columns(
        days_paused(as_of, settings).alias("days_paused")
    )
