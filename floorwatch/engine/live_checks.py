"""The checks of the floor as it stands at the as-of (`spec/kpis.md`), each a lazy frame
of flags: IDLE_NOW and LONG_ACTIVE from the newest dashboard snapshot, NOT_LOGGED_IN at
the snapshot's time, and the PAUSED_* checks of the current paused list.

Kept apart from `checks` (the KPIs over a period's days) because these judge a moment,
not a period; they build their rows with the same `flags_where`.
"""

from __future__ import annotations

from datetime import datetime

import polars as pl

from floorwatch.engine.checks import FLAG_SCHEMA, flags_where, one_decimal, setting_text
from floorwatch.sentences import sentence
from floorwatch.settings import Settings


def live_checks(live: pl.LazyFrame, settings: Settings) -> list[pl.LazyFrame]:
    """IDLE_NOW and LONG_ACTIVE from the newest dashboard snapshot (`day` only)."""
    qsa = settings.qsa
    qsa_times = pl.LazyFrame(
        {"status_task_type": list(qsa.task_types), "qsa": list(qsa.task_types.values())},
        schema={"status_task_type": pl.String, "qsa": pl.Float64},
    )
    idle = flags_where(
        live,
        (pl.col("status") == "Idle") & (pl.col("status_minutes") >= settings.idle_alert_minutes),
        "IDLE_NOW",
        pl.col("status_minutes"),
        settings.idle_alert_minutes,
        sentence(
            "Idle for {} min (alert at {} min)",
            one_decimal("status_minutes"),
            pl.lit(setting_text(settings.idle_alert_minutes)),
        ),
    )
    active = live.join(qsa_times, on="status_task_type", how="inner")
    long_active = flags_where(
        active,
        (pl.col("status") == "Active")
        & (pl.col("status_minutes") > pl.col("qsa") + qsa.txn_tolerance_minutes),
        "LONG_ACTIVE",
        pl.col("status_minutes"),
        pl.col("qsa"),
        sentence(
            "Active on one {} task for {} min vs QSA {} min (+/- {})",
            pl.col("status_task_type"),
            one_decimal("status_minutes"),
            one_decimal("qsa"),
            pl.lit(setting_text(qsa.txn_tolerance_minutes)),
        ),
        pl.col("status_task_type"),
    )
    return [idle, long_active]


def not_logged_in_check(
    due_today: pl.LazyFrame,
    live: pl.LazyFrame,
    roster: pl.DataFrame,
    settings: Settings,
    snapshot: datetime | None,
) -> pl.LazyFrame:
    """NOT_LOGGED_IN (v2, live): judged at the live snapshot's time S, for each rostered
    front-line caseworker scheduled today and not on sick leave (`due_today`: worker_id,
    sick), when S >= shift start + late_login_minutes and S < shift end, with no row in
    the snapshot with Logged In > 0. Without a snapshot nobody is judged.
    """
    if snapshot is None:
        return pl.LazyFrame(schema=FLAG_SCHEMA)
    midnight = datetime.combine(snapshot.date(), datetime.min.time())
    at_snapshot = (snapshot - midnight).total_seconds() / 60
    start = pl.col("shift_start_minutes").fill_null(
        settings.shift_start.hour * 60.0 + settings.shift_start.minute
    )
    shift = pl.col("shift_minutes").fill_null(settings.shift_minutes)
    late = pl.lit(at_snapshot) - start
    logged_in = live.filter(pl.col("live_logged_in") > 0).select("worker_id")
    judged = (
        due_today.filter(~pl.col("sick"))
        .join(logged_in, on="worker_id", how="anti")
        .join(
            roster.lazy().select("worker_id", "shift_start_minutes", "shift_minutes"),
            on="worker_id",
            how="left",
        )
        .with_columns(late.alias("late"), start.alias("start"))
    )
    hh = (pl.col("start") // 60).cast(pl.Int64).cast(pl.String).str.zfill(2)
    mm = (pl.col("start") % 60).round(0).cast(pl.Int64).cast(pl.String).str.zfill(2)
    return flags_where(
        judged,
        (pl.col("late") >= settings.late_login_minutes) & (pl.col("late") < shift),
        "NOT_LOGGED_IN",
        pl.col("late"),
        settings.late_login_minutes,
        sentence(
            "Not logged in {} min after shift start {} (alert at {} min)",
            one_decimal("late"),
            pl.concat_str(hh, pl.lit(":"), mm),
            pl.lit(setting_text(settings.late_login_minutes)),
        ),
    )


def paused_checks(
    paused: pl.LazyFrame, roster: pl.DataFrame, settings: Settings, as_of: datetime
) -> list[pl.LazyFrame]:
    """PAUSED_OVER_LIMIT per task, PAUSED_BEFORE_LAST_DAY per resigning worker (Last Day
    today or within `resign_warning_days`) and PAUSED_AFTER_LAST_DAY per departed one.

    `paused` is the current paused list with `days_paused` (`paused_time.current_paused`).
    """
    limit = settings.paused_limit_days
    over = flags_where(
        paused,
        pl.col("days_paused") > limit,
        "PAUSED_OVER_LIMIT",
        pl.col("days_paused"),
        limit,
        sentence(
            "Task {} paused {} {}days (limit {} days)",
            pl.col("task_id"),
            one_decimal("days_paused"),
            pl.lit("working " if settings.paused_days == "working" else ""),
            pl.lit(setting_text(limit)),
        ),
        pl.col("task_id"),
    )
    days_left = (pl.col("last_day") - pl.lit(as_of.date())).dt.total_days()
    resigning = (
        paused.group_by("worker_id")
        .agg(pl.len().alias("paused_tasks"))
        .join(roster.lazy().select("worker_id", "last_day"), on="worker_id", how="inner")
        .with_columns(days_left.alias("days_left"))
    )
    last_day = pl.col("last_day").dt.to_string("%Y-%m-%d")
    before_last_day = flags_where(
        resigning,
        pl.col("days_left").is_between(0, settings.resign_warning_days),
        "PAUSED_BEFORE_LAST_DAY",
        pl.col("paused_tasks"),
        0.0,
        sentence(
            "{} paused tasks to finish or reassign before the last day, {} ({} days left)",
            pl.col("paused_tasks"),
            last_day,
            pl.col("days_left"),
        ),
    )
    # The seeds' deadline has passed: nobody will finish these tasks now.
    after_last_day = flags_where(
        resigning,
        pl.col("days_left") < 0,
        "PAUSED_AFTER_LAST_DAY",
        pl.col("paused_tasks"),
        0.0,
        sentence(
            "{} paused tasks still held after the last day, {} ({} days ago): reassign them",
            pl.col("paused_tasks"),
            last_day,
            -pl.col("days_left"),
        ),
    )
    return [over, before_last_day, after_last_day]
