"""The Paused report as a supervisor works through it (seed 000: "checked daily").

Order: tasks of caseworkers who have left come first (roster Last Day before today: the
deadline is missed and nobody will finish them), then those of caseworkers who are leaving
(Last Day today or later, soonest first: "paused cases should be finalized or reassigned
prior to the team member's last day"), then tasks over `paused_limit_days`, oldest first,
then the rest, oldest first.
"""

from __future__ import annotations

from datetime import datetime

import polars as pl

from floorwatch.settings import Settings

#: Columns of the report, in order.
REPORT_COLUMNS = (
    "worker_id",
    "team",
    "task_id",
    "task_type",
    "reason",
    "paused_at",
    "days_paused",
    "over_limit",
    "last_day",
    "days_left",
    "leaving_soon",
    "departed",
)


def paused_report(
    paused: pl.DataFrame, roster: pl.DataFrame, settings: Settings, as_of: datetime
) -> pl.DataFrame:
    """The current paused list (a CheckResult's `paused`) in working order.

    Adds `over_limit` (paused more than the limit), `last_day` and `days_left` (roster
    Last Day and the days to it, negative once it has passed; null without one),
    `leaving_soon` (0 to `resign_warning_days` days left: the PAUSED_BEFORE_LAST_DAY
    window, the Last Day itself included) and `departed` (the Last Day has passed:
    PAUSED_AFTER_LAST_DAY).
    """
    last_days = roster.lazy().select("worker_id", "last_day").drop_nulls("last_day")
    days_left = (pl.col("last_day") - pl.lit(as_of.date())).dt.total_days()
    return (
        paused.lazy()
        .join(last_days, on="worker_id", how="left")
        .with_columns(days_left.alias("days_left"))
        .with_columns(
            (pl.col("days_paused") > settings.paused_limit_days).alias("over_limit"),
            pl.col("days_left")
            .is_between(0, settings.resign_warning_days)
            .fill_null(False)
            .alias("leaving_soon"),
            (pl.col("days_left") < 0).fill_null(False).alias("departed"),
        )
        .sort(
            pl.col("days_left").is_null(),
            pl.col("days_left"),
            ~pl.col("over_limit"),
            pl.col("paused_at"),
            pl.col("task_id"),
            nulls_last=True,
        )
        .select(REPORT_COLUMNS)
        .collect()
    )
