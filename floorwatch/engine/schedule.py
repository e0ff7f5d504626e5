"""Who was due when (`spec/kpis.md` v2): scheduled days, absences and days without data.

A rostered front-line caseworker is due on every *scheduled day* of the period up to the
as-of's day: a day of their work days (roster `Work Days`, else `work_days`), not a
holiday, not a day of agreed leave, within their Start Date .. Last Day. A day before the
as-of's day on which no dashboard export exists at all is nobody's scheduled day (nobody
knows who was in); a working day among them is a *missing day* of the run. Sick and
unplanned leave days stay scheduled, and count as absent.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, timedelta

import polars as pl

from floorwatch.engine.result import Period
from floorwatch.settings import Settings
from floorwatch.settings.roster import is_front_line

#: One row per (caseworker, scheduled day).
SCHEDULE_SCHEMA: dict[str, pl.DataType] = {
    "worker_id": pl.String(),
    "day": pl.Date(),
    #: A sick or unplanned leave day (leave.csv): scheduled, absent, no NOT_LOGGED_IN.
    "sick": pl.Boolean(),
}


def _days(start: date, end: date) -> list[date]:
    return [start + timedelta(days=i) for i in range((end - start).days + 1)]


def missing_days(
    settings: Settings, period: Period, as_of: datetime, data_days: Iterable[date]
) -> tuple[date, ...]:
    """Working days (`work_days`, not a holiday) of the period before the as-of's day with
    no dashboard export at all."""
    have = set(data_days)
    return tuple(
        d
        for d in _days(period.start, as_of.date() - timedelta(days=1))
        if d not in have and d.weekday() in settings.work_days and d not in settings.holidays
    )


def front_line(roster: pl.DataFrame) -> pl.DataFrame:
    """The roster's front-line caseworkers: the people judged on a schedule."""
    return roster.filter(is_front_line())


def employed(roster: pl.DataFrame, period: Period, as_of: datetime) -> pl.DataFrame:
    """Front-line roster rows employed during the period (listed with or without rows):
    Start Date blank or on/before the as-of's date, Last Day blank or on/after its start."""
    return front_line(roster).filter(
        pl.col("start_date").is_null() | (pl.col("start_date") <= as_of.date()),
        pl.col("last_day").is_null() | (pl.col("last_day") >= period.start),
    )


def schedule(
    roster: pl.DataFrame,
    leave: pl.DataFrame,
    settings: Settings,
    period: Period,
    as_of: datetime,
    data_days: Iterable[date],
) -> pl.DataFrame:
    """Every (front-line caseworker, scheduled day) of the period up to the as-of's day,
    with `sick` marking sick and unplanned leave days (SCHEDULE_SCHEMA)."""
    today = as_of.date()
    have = set(data_days)
    days = [
        d
        for d in _days(period.start, today)
        if d not in settings.holidays and (d == today or d in have)
    ]
    people = front_line(roster)
    if not days or people.is_empty():
        return pl.DataFrame(schema=SCHEDULE_SCHEMA)
    calendar = pl.DataFrame(
        {"day": days, "weekday": [d.weekday() for d in days]},
        schema={"day": pl.Date, "weekday": pl.Int8},
    )
    default = pl.lit(list(settings.work_days), dtype=pl.List(pl.Int8))
    due = (
        people.select(
            "worker_id",
            "start_date",
            "last_day",
            pl.col("work_days").fill_null(default).alias("weekday"),
        )
        .explode("weekday")
        .join(calendar, on="weekday")
        .filter(
            pl.col("start_date").is_null() | (pl.col("day") >= pl.col("start_date")),
            pl.col("last_day").is_null() | (pl.col("day") <= pl.col("last_day")),
        )
        .select("worker_id", "day")
    )
    away = (
        leave.filter(pl.col("to") >= period.start, pl.col("from") <= today)
        .select("worker_id", "sick", pl.date_ranges("from", "to").alias("day"))
        .explode("day")
        .group_by("worker_id", "day")
        # Agreed leave wins over a sick row on the same day: the day was not due at all.
        .agg(pl.col("sick").all())
    )
    return (
        due.join(away.filter(~pl.col("sick")), on=["worker_id", "day"], how="anti")
        .join(away.filter(pl.col("sick")), on=["worker_id", "day"], how="left")
        .with_columns(pl.col("sick").fill_null(False))
        .select(list(SCHEDULE_SCHEMA))
        .cast(SCHEDULE_SCHEMA)
    )


def attendance(schedule_df: pl.DataFrame, daily: pl.LazyFrame, as_of: datetime) -> pl.LazyFrame:
    """`scheduled_days` and `absent_days` per scheduled caseworker.

    Absent: a scheduled day before the as-of's day with no dashboard row with Logged In
    > 0 (the day's newest row of the caseworker), or a sick day.
    """
    present = daily.filter(pl.col("logged_in") > 0).select(
        "worker_id", "day", pl.lit(True).alias("in")
    )
    return (
        schedule_df.lazy()
        .join(present, on=["worker_id", "day"], how="left")
        .group_by("worker_id")
        .agg(
            pl.len().cast(pl.Int64).alias("scheduled_days"),
            ((pl.col("day") < as_of.date()) & (pl.col("sick") | pl.col("in").is_null()))
            .sum()
            .cast(pl.Int64)
            .alias("absent_days"),
        )
    )


def absence_fill() -> list[pl.Expr]:
    """A scheduled caseworker (v2) always has scheduled and absent days (0 without any),
    and logged-in minutes of 0 (not null) once scheduled minutes are due."""
    on = pl.col("on_schedule").fill_null(False)
    due = on & (pl.col("scheduled_minutes").fill_null(0) > 0)
    return [
        pl.when(on).then(pl.col(c).fill_null(0)).alias(c) for c in ("scheduled_days", "absent_days")
    ] + [
        pl.when(due)
        .then(pl.col("logged_in_minutes").fill_null(0.0))
        .otherwise(pl.col("logged_in_minutes"))
        .alias("logged_in_minutes")
    ]
