"""Trend or one-time (`spec/kpis.md`): was a flag raised on enough of the last run days?"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

import polars as pl

from floorwatch.settings import Settings

FLAG_KEY = ("worker_id", "check", "subject_key")
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
    """Recorded runs of one period kind up to the as-of: their days and their flags.

    `days` holds every as-of day with a recorded run (a run with no flags counts);
    `flags` one row per flag of those runs, `subject` "" or null where it has none.
    """

    days: tuple[date, ...] = ()
    flags: pl.DataFrame = field(default_factory=_empty_past)


def trend_window(history: RunHistory, today: date, settings: Settings) -> list[date]:
    """The last `trend_window_days` distinct run days, today's included."""
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
