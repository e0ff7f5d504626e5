"""The checks of `spec/kpis.md` over a period's days, each a lazy frame of flags.

Every function returns rows of FLAG_SCHEMA: worker_id, check, subject, value, expected,
detail. Comparisons use unrounded values; details round to one decimal for reading.
Dashboard KPIs, transaction times, completion and Get Next are here; the checks of the
floor at the as-of (live snapshot, not logged in, paused) are in `live_checks`.
"""

from __future__ import annotations

import polars as pl

from floorwatch.figures import SETTLE_DECIMALS, rounded_expr
from floorwatch.sentences import sentence
from floorwatch.settings import Settings

FLAG_SCHEMA: dict[str, pl.DataType] = {
    "worker_id": pl.String(),
    "check": pl.String(),
    "subject": pl.String(),
    "value": pl.Float64(),
    "expected": pl.Float64(),
    "detail": pl.String(),
}


def setting_text(x: float) -> str:
    """A setting as a person writes it: 15, 5, 75.5."""
    return f"{x:g}"


def settled(value: pl.Expr) -> pl.Expr:
    """`value` without the last bits that the order of summation decides (`figures`)."""
    return value.round(SETTLE_DECIMALS)


def one_decimal(column: str) -> pl.Expr:
    """A metric as a detail sentence prints it: by the one rounding rule (`figures`)."""
    return rounded_expr(pl.col(column), 1)


def flags_where(
    frame: pl.LazyFrame,
    when: pl.Expr,
    check: str,
    value: pl.Expr,
    expected: pl.Expr | float,
    detail: pl.Expr,
    subject: pl.Expr | None = None,
) -> pl.LazyFrame:
    """One flag row (worker, check, subject, value, expected, detail) per row of `frame`
    where `when` holds."""
    expected_expr = expected if isinstance(expected, pl.Expr) else pl.lit(float(expected))
    return frame.filter(when).select(
        pl.col("worker_id"),
        pl.lit(check).alias("check"),
        (subject if subject is not None else pl.lit(None, pl.String)).alias("subject"),
        value.cast(pl.Float64).alias("value"),
        expected_expr.cast(pl.Float64).alias("expected"),
        detail.alias("detail"),
    )


def transaction_time_checks(per_type: pl.LazyFrame, settings: Settings) -> list[pl.LazyFrame]:
    """LONG_TXN and SHORT_TXN per task type with a QSA time and enough transactions."""
    tol = settings.qsa.txn_tolerance_minutes
    judged = per_type.filter(
        pl.col("qsa_minutes").is_not_null(), pl.col("count") >= settings.min_txn_count
    )

    def check(code: str, when: pl.Expr, word: str) -> pl.LazyFrame:
        return flags_where(
            judged,
            when,
            code,
            pl.col("mean_minutes"),
            pl.col("qsa_minutes"),
            sentence(
                "{} mean {} min over {} transactions vs QSA {} min (+/- {}): " + word,
                pl.col("task_type"),
                one_decimal("mean_minutes"),
                pl.col("count"),
                one_decimal("qsa_minutes"),
                pl.lit(setting_text(tol)),
            ),
            pl.col("task_type"),
        )

    return [
        check("LONG_TXN", pl.col("mean_minutes") > pl.col("qsa_minutes") + tol, "too long"),
        check("SHORT_TXN", pl.col("mean_minutes") < pl.col("qsa_minutes") - tol, "too short"),
    ]


def dashboard_checks(metrics: pl.LazyFrame, settings: Settings) -> list[pl.LazyFrame]:
    """LOW/HIGH_UTILIZATION and LOW_LOGGED_IN over the period's dashboard days."""
    qsa = settings.qsa
    band = f"(+/- {setting_text(qsa.tolerance_pct)})"
    judged_util = pl.col("logged_in_minutes") >= settings.min_judged_minutes
    util = pl.col("utilization_pct")

    def utilization(code: str, when: pl.Expr) -> pl.LazyFrame:
        return flags_where(
            metrics,
            judged_util & when,
            code,
            util,
            qsa.utilization_pct,
            sentence(
                "Utilization {}% vs QSA {}% " + band,
                one_decimal("utilization_pct"),
                pl.lit(setting_text(qsa.utilization_pct)),
            ),
        )

    low_logged_in = flags_where(
        metrics,
        (pl.col("scheduled_minutes") >= settings.min_judged_minutes)
        & (pl.col("logged_in_pct") < qsa.logged_in_pct - qsa.tolerance_pct),
        "LOW_LOGGED_IN",
        pl.col("logged_in_pct"),
        qsa.logged_in_pct,
        sentence(
            "Logged in {}% of scheduled time ({} of {} min) vs QSA {}% " + band,
            one_decimal("logged_in_pct"),
            one_decimal("logged_in_minutes"),
            one_decimal("scheduled_minutes"),
            pl.lit(setting_text(qsa.logged_in_pct)),
        ),
    )
    return [
        utilization("LOW_UTILIZATION", util < qsa.utilization_pct - qsa.tolerance_pct),
        utilization("HIGH_UTILIZATION", util > qsa.utilization_pct + qsa.tolerance_pct),
        low_logged_in,
    ]


def completion_checks(per_queue: pl.LazyFrame, settings: Settings) -> list[pl.LazyFrame]:
    """LOW_COMPLETION and HIGH_COMPLETION per queue with at least min_cases transactions."""
    qsa = settings.qsa
    judged = _with_queue_ranges(per_queue, settings)
    rate = pl.col("completion_rate_pct")
    abnormal = rate >= qsa.completion_abnormal_pct
    low = flags_where(
        judged,
        rate < pl.col("low"),
        "LOW_COMPLETION",
        rate,
        pl.col("low"),
        sentence(
            "Completion {}% in queue {} ({} transactions), below the low of {}%",
            one_decimal("completion_rate_pct"),
            pl.col("queue"),
            pl.col("cases_worked"),
            one_decimal("low"),
        ),
        pl.col("queue"),
    )
    high = flags_where(
        judged,
        abnormal | (pl.col("high").is_not_null() & (rate > pl.col("high"))),
        "HIGH_COMPLETION",
        rate,
        pl.when(abnormal).then(pl.lit(qsa.completion_abnormal_pct)).otherwise(pl.col("high")),
        pl.when(abnormal)
        .then(
            sentence(
                "Completion {}% in queue {} ({} transactions): {}% or more is not normal",
                one_decimal("completion_rate_pct"),
                pl.col("queue"),
                pl.col("cases_worked"),
                pl.lit(setting_text(qsa.completion_abnormal_pct)),
            )
        )
        .otherwise(
            sentence(
                "Completion {}% in queue {} ({} transactions), above the queue's high of {}%",
                one_decimal("completion_rate_pct"),
                pl.col("queue"),
                pl.col("cases_worked"),
                one_decimal("high"),
            )
        ),
        pl.col("queue"),
    )
    return [low, high, *_pooled_completion_checks(per_queue, settings)]


def _with_queue_ranges(per_queue: pl.LazyFrame, settings: Settings) -> pl.LazyFrame:
    """The queues with enough transactions to judge, each with its QSA completion range
    (`low`, `high`); a queue the QSA does not name takes the statewide low and no high."""
    qsa = settings.qsa
    ranges = pl.LazyFrame(
        {
            "queue": list(qsa.queues),
            "low": [r.completion_low_pct for r in qsa.queues.values()],
            "high": [r.completion_high_pct for r in qsa.queues.values()],
        },
        schema={"queue": pl.String, "low": pl.Float64, "high": pl.Float64},
    )
    return (
        per_queue.filter(pl.col("cases_worked") >= settings.min_cases)
        .join(ranges, on="queue", how="left")
        .with_columns(pl.col("low").fill_null(qsa.completion_low_pct))
    )


def _pooled_completion_checks(per_queue: pl.LazyFrame, settings: Settings) -> list[pl.LazyFrame]:
    """LOW/HIGH_COMPLETION (v2) over the pool of a caseworker's queues with fewer than
    min_cases transactions each, when the pool has min_cases or more; no queue subject."""
    qsa = settings.qsa
    pool = (
        per_queue.filter(pl.col("cases_worked") < settings.min_cases)
        .group_by("worker_id")
        .agg(
            pl.col("cases_worked").sum(),
            pl.col("completed").sum(),
            pl.len().alias("queues"),
        )
        .filter(pl.col("cases_worked") >= settings.min_cases)
        .with_columns((pl.col("completed") / pl.col("cases_worked") * 100).alias("rate"))
    )
    rate = pl.col("rate")

    def check(code: str, when: pl.Expr, limit: float, words: str) -> pl.LazyFrame:
        return flags_where(
            pool,
            when,
            code,
            rate,
            limit,
            sentence(
                "Completion {}% over {} small queues ({} transactions), " + words,
                settled(rate).round(1),
                pl.col("queues"),
                pl.col("cases_worked"),
                pl.lit(setting_text(limit)),
            ),
        )

    return [
        check(
            "LOW_COMPLETION",
            rate < qsa.completion_low_pct,
            qsa.completion_low_pct,
            "below the low of {}%",
        ),
        check(
            "HIGH_COMPLETION",
            rate >= qsa.completion_abnormal_pct,
            qsa.completion_abnormal_pct,
            "{}% or more is not normal",
        ),
    ]


def get_next_check(metrics: pl.LazyFrame, settings: Settings) -> pl.LazyFrame:
    """LOW_GET_NEXT with at least min_cases transactions."""
    qsa = settings.qsa
    return flags_where(
        metrics,
        (pl.col("cases_worked") >= settings.min_cases)
        & (pl.col("get_next_rate_pct") < qsa.get_next_target_pct - qsa.get_next_tolerance_pct),
        "LOW_GET_NEXT",
        pl.col("get_next_rate_pct"),
        qsa.get_next_target_pct,
        sentence(
            "Get Next {}% of {} transactions vs target {}% (+/- {})",
            one_decimal("get_next_rate_pct"),
            pl.col("cases_worked"),
            pl.lit(setting_text(qsa.get_next_target_pct)),
            pl.lit(setting_text(qsa.get_next_tolerance_pct)),
        ),
    )
