"""Dashboard metrics (logged-in, active, idle, scheduled) and live status, per caseworker."""

from __future__ import annotations

from datetime import datetime, time

import polars as pl

from floorwatch.engine.period import period_start
from floorwatch.engine.result import Period
from floorwatch.settings import Settings

#: Rows of one file are ordered by the file's export time, then its name, then the line.
FILE_ORDER = ("file_export_time", "source_file", "line")
#: `today_until` not given: the as-of (version 1's rule, kept for trend lines).
_UNSET: datetime = datetime.min


def latest_per(frame: pl.LazyFrame, *key: str) -> pl.LazyFrame:
    """One row per `key`: the one from the newest file (then later name, then later line).

    Most keys occur once (a transaction in one pull), so only the duplicated ones are
    sorted and grouped: 20x faster on a month of actions than grouping every row.
    `group_by` keeps the order of rows within a group, so `last` follows the sort.
    """
    columns = frame.collect_schema().names()
    repeated = pl.struct(key).is_duplicated()
    single = frame.filter(~repeated)
    newest = frame.filter(repeated).sort(*FILE_ORDER).group_by(*key).last().select(columns)
    return pl.concat([single, newest], how="vertical")


def minutes_between(later: pl.Expr, earlier: pl.Expr) -> pl.Expr:
    """Float minutes from `earlier` to `later`."""
    return (later - earlier).dt.total_microseconds() / 60_000_000


def dashboard_in_period(dashboard: pl.LazyFrame, as_of: datetime, period: Period) -> pl.LazyFrame:
    """Dashboard rows of snapshots taken in the period, up to the as-of."""
    return dashboard.filter(
        pl.col("file_export_time") <= as_of,
        pl.col("file_export_time") >= period_start(period),
    )


def daily_rows(dashboard: pl.LazyFrame) -> pl.LazyFrame:
    """Each worker's row in the latest snapshot of each day that contains the worker."""
    with_day = dashboard.with_columns(pl.col("file_export_time").dt.date().alias("day"))
    return latest_per(with_day, "worker_id", "day")


def dashboard_metrics(
    daily: pl.LazyFrame,
    roster: pl.DataFrame,
    settings: Settings,
    as_of: datetime,
    by: tuple[str, ...] = ("worker_id",),
    *,
    schedule: pl.LazyFrame | None = None,
    today_until: datetime | None = _UNSET,  # type: ignore[assignment]
) -> pl.LazyFrame:
    """Sums over the period's days, with scheduled minutes (kpis.md, `logged_in_pct`).

    `schedule` (worker_id, day) lists the days whose scheduled minutes count (default:
    the days with a row). A day's scheduled minutes are the whole shift on days before
    the as-of's, and on the as-of's own day the shift up to `today_until` (clamped to
    0..shift minutes; v2: the live snapshot's time, and 0 without one; default: the
    as-of). `by` ("worker_id", "day") gives each day's own sums, for trend lines.
    Caseworkers with scheduled days but no row have null sums.
    """
    until = as_of if today_until is _UNSET else today_until
    shift_start = settings.shift_start.hour * 60.0 + settings.shift_start.minute
    shifts = roster.lazy().select("worker_id", "shift_start_minutes", "shift_minutes")
    shift = pl.col("shift_minutes").fill_null(settings.shift_minutes)
    start = pl.col("shift_start_minutes").fill_null(shift_start)
    if until is None:
        so_far = pl.lit(0.0)
    else:
        minutes_into_day = (until - datetime.combine(until.date(), time())).total_seconds() / 60
        so_far = (pl.lit(minutes_into_day) - start).clip(0.0).clip(upper_bound=shift)
    scheduled = pl.when(pl.col("day") == pl.lit(as_of.date())).then(so_far).otherwise(shift)
    due = daily.select("worker_id", "day") if schedule is None else schedule
    minutes = (
        due.join(shifts, on="worker_id", how="left")
        .with_columns(scheduled.alias("scheduled"))
        .group_by(*by)
        .agg(pl.col("scheduled").sum().alias("scheduled_minutes"))
    )
    sums = daily.group_by(*by).agg(
        pl.col("logged_in").sum().alias("logged_in_minutes"),
        pl.col("active").sum().alias("active_minutes"),
        pl.col("idle").sum().alias("idle_minutes"),
    )
    return sums.join(minutes, on=list(by), how="full", coalesce=True)


def snapshot_time(daily: pl.DataFrame, as_of: datetime) -> datetime | None:
    """The live snapshot's time S (v2): the newest dashboard export at or before the as-of
    *on its own day* (yesterday's last snapshot is never live today); None without one.

    `daily` holds each worker's newest row of each day, so the newest export of the day
    is among its rows.
    """
    today = daily.filter(pl.col("day") == as_of.date(), pl.col("file_export_time") <= as_of)[
        "file_export_time"
    ]
    return today.max() if today.len() else None  # type: ignore[return-value]


def live_minutes_end(as_of: datetime, snapshot: datetime, stale_after_minutes: float) -> datetime:
    """Where live durations run to (kpis.md, Freshness): the as-of while it is within
    `stale_after_minutes` of the snapshot, else the snapshot itself."""
    fresh = (as_of - snapshot).total_seconds() / 60 <= stale_after_minutes
    return as_of if fresh else snapshot


def live_status(
    daily: pl.LazyFrame, as_of: datetime, snapshot: datetime | None, stale_after_minutes: float
) -> pl.LazyFrame:
    """Status now: each worker's row in the live snapshot S (every dashboard file sharing
    its export time); a worker absent from it, or every worker without S, has none.

    A status's minutes run to the as-of, or stop at S when the snapshot is stale.
    """
    if snapshot is None:
        return daily.filter(pl.lit(False)).select(*_LIVE_COLUMNS)
    end = live_minutes_end(as_of, snapshot, stale_after_minutes)
    return daily.filter(
        pl.col("day") == as_of.date(), pl.col("file_export_time") == snapshot
    ).select(
        "worker_id",
        "status",
        minutes_between(pl.lit(end), pl.col("status_start")).alias("status_minutes"),
        pl.col("task_type").alias("status_task_type"),
        "content_hash",
        pl.col("logged_in").alias("live_logged_in"),
    )


_LIVE_COLUMNS = (
    "worker_id",
    "status",
    pl.lit(None, pl.Float64).alias("status_minutes"),
    pl.col("task_type").alias("status_task_type"),
    "content_hash",
    pl.col("logged_in").alias("live_logged_in"),
)


def ratios() -> list[pl.Expr]:
    """Dashboard percentages from summed minutes (null on a 0 base)."""
    logged_in = pl.col("logged_in_minutes")
    scheduled = pl.col("scheduled_minutes")
    return [
        pl.when(logged_in > 0)
        .then(pl.col("active_minutes") / logged_in * 100)
        .alias("utilization_pct"),
        pl.when(logged_in > 0).then(pl.col("idle_minutes") / logged_in * 100).alias("idle_pct"),
        pl.when(scheduled > 0).then(logged_in / scheduled * 100).alias("logged_in_pct"),
    ]
