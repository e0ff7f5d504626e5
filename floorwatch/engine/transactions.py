"""Caseworker Actions: de-duplicated rows, the period's transactions and their metrics."""

from __future__ import annotations

from datetime import datetime

import polars as pl

from floorwatch.engine.dashboard import latest_per, minutes_between
from floorwatch.engine.names import canonical_names
from floorwatch.engine.period import period_start
from floorwatch.engine.result import Period
from floorwatch.schema import DEFAULT_QUEUE
from floorwatch.settings import QSA

#: A transaction is one caseworker working one task once, started at one second.
TRANSACTION_KEY = ("worker_id", "task_id", "start_second")


def period_actions(
    actions: pl.LazyFrame, qsa: QSA, as_of: datetime, period: Period
) -> pl.LazyFrame:
    """The period's action rows (in progress too), one per transaction.

    Overlapping pulls repeat rows: the row from the file with the latest export time wins
    (then the later file name, then the later line). Task types and queues take the QSA's
    spelling; a blank queue is `Default`. Adds `minutes` and `qsa_minutes`.
    """
    # The key holds Start, so leaving out other periods first changes no de-duplication.
    in_period = actions.filter(
        pl.col("file_export_time") <= as_of,
        pl.col("start") >= period_start(period),
        pl.col("start") <= as_of,
    )
    return (
        unique_transactions(in_period)
        .with_columns(
            canonical_names("task_type", qsa.task_types),
            canonical_names("queue", qsa.queues).fill_null(DEFAULT_QUEUE),
            minutes_between(pl.col("end"), pl.col("start")).alias("minutes"),
        )
        .join(qsa_minutes(qsa), on="task_type", how="left")
    )


def unique_transactions(rows: pl.LazyFrame) -> pl.LazyFrame:
    """One row per transaction key: overlapping pulls repeat rows, and the row from the
    newest file wins (then the later file name, then the later line)."""
    keyed = rows.with_columns(pl.col("start").dt.truncate("1s").alias("start_second"))
    return latest_per(keyed, *TRANSACTION_KEY).drop("start_second")


def qsa_minutes(qsa: QSA) -> pl.LazyFrame:
    """The QSA transaction minutes per task type (task_type, qsa_minutes)."""
    return pl.LazyFrame(
        {"task_type": list(qsa.task_types), "qsa_minutes": list(qsa.task_types.values())},
        schema={"task_type": pl.String, "qsa_minutes": pl.Float64},
    )


def transactions(period_rows: pl.LazyFrame, as_of: datetime) -> pl.LazyFrame:
    """Finished transactions: End filled and at or before the as-of."""
    return period_rows.filter(pl.col("end").is_not_null(), pl.col("end") <= as_of)


#: The counts of `transaction_groups`, summed by every metric.
GROUP_COUNTS = ("cases_worked", "completed", "get_next", "with_source")


def transaction_groups(txns: pl.LazyFrame, *keys: str) -> pl.LazyFrame:
    """Finished transactions counted per `keys` (default: caseworker), task type and queue.

    Every transaction metric is a sum of these counts, so a finished day's groups can be
    stored (`engine/summary.py`) and added to the rows of today.
    """
    return (
        txns.group_by(*(keys or ("worker_id",)), "task_type", "queue")
        .agg(
            pl.len().alias("cases_worked"),
            (pl.col("outcome") == "Completed").sum().alias("completed"),
            (pl.col("source") == "Get Next").sum().alias("get_next"),
            pl.col("source").is_not_null().sum().alias("with_source"),
            pl.col("minutes").sum().alias("minutes"),
        )
        .with_columns(pl.col(c).cast(pl.Int64) for c in GROUP_COUNTS)
    )


def _sums() -> list[pl.Expr]:
    return [pl.col(c).sum() for c in (*GROUP_COUNTS, "minutes")]


def _mean_minutes(alias: str) -> pl.Expr:
    cases = pl.col("cases_worked")
    return pl.when(cases > 0).then(pl.col("minutes") / cases).alias(alias)


def rates() -> list[pl.Expr]:
    """Completion and Get Next rates from the counts of `transaction_groups` (null on a 0
    base)."""
    cases = pl.col("cases_worked")
    return [
        pl.when(cases > 0).then(pl.col("completed") / cases * 100).alias("completion_rate_pct"),
        pl.when((cases > 0) & (pl.col("with_source") > 0))
        .then(pl.col("get_next") / cases * 100)
        .alias("get_next_rate_pct"),
    ]


def transaction_metrics(groups: pl.LazyFrame, by: str | list[str] = "worker_id") -> pl.LazyFrame:
    """cases_worked, completed, rates and mean minutes per worker (or per `by`), from the
    counts of `transaction_groups`."""
    return (
        groups.group_by(by)
        .agg(_sums())
        .with_columns(*rates(), _mean_minutes("avg_txn_minutes"))
        .drop("minutes")
    )


def by_task_type(groups: pl.LazyFrame, qsa: QSA, by: str = "worker_id") -> pl.LazyFrame:
    """Mean minutes and count per task type, with the QSA minutes."""
    return (
        groups.group_by(by, "task_type")
        .agg(_sums())
        .select(
            by,
            "task_type",
            _mean_minutes("mean_minutes"),
            pl.col("cases_worked").alias("count"),
        )
        .join(qsa_minutes(qsa), on="task_type", how="left")
    )


def by_queue(groups: pl.LazyFrame) -> pl.LazyFrame:
    """Transactions, completed ones and the completion rate per worker and queue."""
    return (
        groups.group_by("worker_id", "queue")
        .agg(_sums())
        .with_columns(rates())
        .select("worker_id", "queue", "cases_worked", "completed", "completion_rate_pct")
    )
