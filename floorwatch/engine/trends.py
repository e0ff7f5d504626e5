"""Trend or one-time (`spec/kpis.md`): was a flag raised on enough of the last days with
data? Each past day is judged by its recorded runs, else by a check as of its newest
export (v2: the caller, `floorwatch.service.trend_days`, gathers both into a RunHistory)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

import polars as pl

from floorwatch.settings import Settings

FLAG_KEY = ("worker_id", "check", "subject_key")
#: Checks about "now": they count only on days with a recorded run (a backfilled day
#: judges none of them, `spec/kpis.md` v2).
LIVE_CHECKS = frozenset({"IDLE_NOW", "LONG_ACTIVE", "NOT_LOGGED_IN"})
PAST_FLAG_SCHEMA: dict[str, pl.DataType] = {
    "day": pl.Date(),
    "worker_id": pl.String(),
    "check": pl.String(),
    "subject": pl.String(),
}


def _empty_past() -> pl.DataFrame:
    return pl.DataFrame(schema=PAST_FLAG_SCHEMA)


@dataclass(frozen=True)
class RunHistory:
    """The past days a trend may look at, and the flags each was judged to carry.

    `days` holds every day with data up to the as-of (a dashboard or actions export; v2 —
    version 1 held only days with a recorded run); `flags` one row per flag of the
    window's days, from their recorded runs of the period kind or, on a day without one,
    from a check as of its newest export; `subject` "" or null where it has none.
    """

    days: tuple[date, ...] = ()
    flags: pl.DataFrame = field(default_factory=_empty_past)


def trend_window(history: RunHistory, today: date, settings: Settings) -> list[date]:
    """The last `trend_window_days` distinct days with data, today's included."""
    days = sorted({d for d in history.days if d <= today} | {today})
    return days[-settings.trend_window_days :]


def classify(
    flags: pl.LazyFrame, history: RunHistory, today: date, settings: Settings
) -> pl.LazyFrame:
    """Add `pattern` (trend / one-time) and `trend_days` (the window days it was raised on)."""
    window = trend_window(history, today, settings)
    subject_key = pl.col("subject").fill_null("").alias("subject_key")
    past = (
        history.flags.lazy()
        .filter(pl.col("day").is_in(window), pl.col("day") != today)
        .select("day", "worker_id", "check", subject_key)
    )
    current = flags.with_columns(subject_key)
    raised = pl.concat(
        [past, current.select(pl.lit(today).alias("day"), *FLAG_KEY)], how="vertical"
    ).unique()
    days = raised.group_by(FLAG_KEY).agg(pl.col("day").sort().alias("trend_days"))
    return (
        current.join(days, on=list(FLAG_KEY), how="left")
        .with_columns(
            pl.when(pl.col("trend_days").list.len() >= settings.trend_min_days)
            .then(pl.lit("trend"))
            .otherwise(pl.lit("one-time"))
            .alias("pattern")
        )
        .drop("subject_key")
    )
