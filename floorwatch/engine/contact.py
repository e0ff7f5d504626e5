"""Contact-centre metrics and checks (`spec/kpis.md`): calls, handle time, presence.

The Genesys Cloud kinds are judged over any period (v2): each row belongs to the day of
its Interval Start (else to its export's day), and for the same agent, day, Interval
Start (and Media Type) the row of the newest export wins, so a weekly pull and the daily
pulls of the same days count once. `agent_performance` gives `calls_handled` and
`avg_handle_minutes` (the mean of Avg Handle weighted by Handle), `agent_status` gives
`presence_minutes` (status -> minutes) and the days with any status row. Agents are
matched to the period's caseworkers by the roster's Genesys Name, else by name; an agent
matching nobody is an error, never a new caseworker.

Per-status minutes travel through the engine as `p_<column>` columns (one per duration
column of `agent_status`), so that teams sum them like any other metric.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from types import MappingProxyType

import polars as pl

from floorwatch.engine.checks import flags_where, one_decimal, setting_text
from floorwatch.engine.result import Period
from floorwatch.ingest.model import LoadError
from floorwatch.schema import AGENT_STATUS, status_column_name
from floorwatch.sentences import sentence
from floorwatch.settings import Settings

#: agent_status's duration columns (Logged In, On Queue, routing statuses, presences),
#: internal name -> header, in the spec's order.
STATUS_COLUMNS: Mapping[str, str] = MappingProxyType(
    {c.name: c.header for c in AGENT_STATUS.columns if c.type == "duration"}
)
#: The metric columns this module adds to each caseworker's (and team's) row.
SUM_COLUMNS = ("calls_handled", "handle_total", "handled_timed")
PRESENCE_COLUMNS = tuple(f"p_{name}" for name in STATUS_COLUMNS)


def period_contact_rows(rows: pl.LazyFrame, as_of: datetime, period: Period) -> pl.LazyFrame:
    """The rows of the period's days (exported at or before the as-of) from, for each
    agent, day, Interval Start and Media Type, the newest export holding them (then the
    later file name): a weekly pull and the daily pulls of its days count once. Rows
    repeated inside that one export all count, as before v2. Adds `day`."""
    day = pl.coalesce(pl.col("interval_start").dt.date(), pl.col("file_export_time").dt.date())
    in_period = (
        rows.filter(pl.col("file_export_time") <= as_of)
        .with_columns(day.alias("day"), _key(pl.col("agent_name")).alias("agent_key"))
        .filter(pl.col("day").is_between(period.start, as_of.date()))
    )
    key = ["agent_key", "day", "interval_start"]
    extra = ["agent_key"]
    if "media_type" in in_period.collect_schema().names():
        in_period = in_period.with_columns(
            pl.col("media_type").str.to_lowercase().alias("media_key")
        )
        key.append("media_key")
        extra.append("media_key")
    export_time = pl.col("file_export_time")
    return (
        in_period.filter(export_time == export_time.max().over(key))
        .filter(pl.col("source_file") == pl.col("source_file").max().over(key))
        .drop(extra)
    )


def _key(expr: pl.Expr) -> pl.Expr:
    """How an agent name is compared: case-insensitive, surrounding spaces ignored."""
    return expr.str.strip_chars().str.to_lowercase()


def agent_keys(people: pl.LazyFrame, roster: pl.DataFrame) -> pl.LazyFrame:
    """(key, worker_id): each caseworker's Genesys Name, else name, as an agent would read.

    A Genesys Name wins over a caseworker's name that happens to read the same.
    """
    genesys = (
        people.join(roster.lazy().select("worker_id", "genesys_name"), on="worker_id", how="left")
        .filter(pl.col("genesys_name").is_not_null())
        .select(_key(pl.col("genesys_name")).alias("key"), "worker_id", pl.lit(0).alias("rank"))
    )
    named = people.filter(pl.col("name").is_not_null()).select(
        _key(pl.col("name")).alias("key"), "worker_id", pl.lit(1).alias("rank")
    )
    return (
        pl.concat([genesys, named])
        .sort("rank", "worker_id")
        .unique(subset="key", keep="first", maintain_order=True)
        .select("key", "worker_id")
    )


def matched(rows: pl.LazyFrame, keys: pl.LazyFrame) -> pl.LazyFrame:
    """`rows` with the worker_id of their agent (null where the agent matches nobody)."""
    return rows.with_columns(_key(pl.col("agent_name")).alias("key")).join(
        keys, on="key", how="left"
    )


def unmatched_errors(*frames: pl.DataFrame) -> tuple[LoadError, ...]:
    """One error per file and agent that matches no caseworker."""
    parts = [
        f.filter(pl.col("worker_id").is_null()).select("source_file", "agent_name") for f in frames
    ]
    lost = pl.concat(parts).unique().sort("source_file", "agent_name")
    return tuple(
        LoadError(
            file,
            f"agent '{name}' matches no caseworker (by the roster's Genesys Name or by name): "
            "not counted",
        )
        for file, name in lost.iter_rows()
    )


def contact_metrics(performance: pl.LazyFrame, status: pl.LazyFrame) -> pl.LazyFrame:
    """Per caseworker: calls, handle time (total and over how many calls), status minutes
    and `status_days` (days with any agent_status row: the allowance's multiplier).

    `performance` and `status` are matched rows (`matched`); unmatched ones are ignored.
    Handle time is weighted by Handle: a row without Avg Handle counts its calls but
    does not move the mean.
    """
    handled = pl.col("handled")
    timed = pl.col("avg_handle").is_not_null()
    calls = (
        performance.filter(pl.col("worker_id").is_not_null())
        .group_by("worker_id")
        .agg(
            handled.sum().alias("calls_handled"),
            (pl.col("avg_handle") * handled).sum().alias("handle_total"),
            handled.filter(timed).sum().alias("handled_timed"),
        )
    )
    presence = (
        status.filter(pl.col("worker_id").is_not_null())
        .group_by("worker_id")
        .agg(
            pl.col("day").n_unique().alias("status_days"),
            # A status no row fills stays null (not 0): the export did not carry it.
            *(
                pl.when(pl.col(name).is_not_null().any())
                .then(pl.col(name).sum())
                .alias(f"p_{name}")
                for name in STATUS_COLUMNS
            ),
        )
    )
    return calls.join(presence, on="worker_id", how="full", coalesce=True)


def with_avg_handle(frame: pl.LazyFrame) -> pl.LazyFrame:
    """`avg_handle_minutes` from the summed handle time (null with no timed call)."""
    return frame.with_columns(
        pl.when(pl.col("handled_timed") > 0)
        .then(pl.col("handle_total") / pl.col("handled_timed"))
        .alias("avg_handle_minutes")
    )


def team_sums() -> list[pl.Expr]:
    """Aggregations of the contact columns over a team's caseworkers (null if none has any)."""
    return [
        pl.when(pl.col(c).is_not_null().any()).then(pl.col(c).sum()).alias(c)
        for c in (*SUM_COLUMNS, *PRESENCE_COLUMNS)
    ]


def handle_checks(metrics: pl.LazyFrame, settings: Settings) -> list[pl.LazyFrame]:
    """LONG_HANDLE and SHORT_HANDLE: the period's mean handle time vs the QSA +/- tolerance,
    judged with at least min_cases calls handled (v2)."""
    qsa = settings.qsa
    if qsa.call_handle_minutes is None:
        return []
    target, tol = qsa.call_handle_minutes, qsa.call_tolerance_minutes
    avg = pl.col("avg_handle_minutes")
    judged = pl.col("calls_handled") >= settings.min_cases

    def check(code: str, when: pl.Expr, word: str) -> pl.LazyFrame:
        return flags_where(
            metrics,
            judged & when,
            code,
            avg,
            target,
            sentence(
                "Mean handle time {} min over {} calls vs QSA {} min (+/- {}): " + word,
                one_decimal("avg_handle_minutes"),
                pl.col("handled_timed").round(0).cast(pl.Int64),
                pl.lit(setting_text(target)),
                pl.lit(setting_text(tol)),
            ),
        )

    return [
        check("LONG_HANDLE", avg > target + tol, "too long"),
        check("SHORT_HANDLE", avg < target - tol, "too short"),
    ]


def allowance_frame(settings: Settings) -> pl.LazyFrame:
    """(column, status, allowance) for every allowance naming a status of agent_status.

    Names match case-insensitively (`break` is Break); the subject is the spec's spelling.
    """
    by_column = {
        status_column_name(k.strip()): v for k, v in settings.status_allowance_minutes.items()
    }
    known = {c: m for c, m in by_column.items() if c in STATUS_COLUMNS}
    return pl.LazyFrame(
        {
            "column": [f"p_{c}" for c in known],
            "status": [STATUS_COLUMNS[c] for c in known],
            "allowance": list(known.values()),
        },
        schema={"column": pl.String, "status": pl.String, "allowance": pl.Float64},
    )


def allowance_checks(metrics: pl.LazyFrame, settings: Settings) -> list[pl.LazyFrame]:
    """STATUS_OVER_ALLOWANCE: a status's minutes over the period above its daily allowance
    times the days on which the caseworker has any agent_status row (v2)."""
    long = metrics.select("worker_id", "status_days", *PRESENCE_COLUMNS).unpivot(
        index=["worker_id", "status_days"], variable_name="column", value_name="minutes"
    )
    judged = long.join(allowance_frame(settings), on="column", how="inner").with_columns(
        (pl.col("allowance") * pl.col("status_days")).alias("allowed")
    )
    return [
        flags_where(
            judged,
            pl.col("minutes") > pl.col("allowed"),
            "STATUS_OVER_ALLOWANCE",
            pl.col("minutes"),
            pl.col("allowed"),
            pl.when(pl.col("status_days") == 1)
            .then(
                sentence(
                    "{} {} min today vs an allowance of {} min",
                    pl.col("status"),
                    one_decimal("minutes"),
                    one_decimal("allowance"),
                )
            )
            .otherwise(
                sentence(
                    "{} {} min over {} days vs an allowance of {} min ({} min a day)",
                    pl.col("status"),
                    one_decimal("minutes"),
                    pl.col("status_days"),
                    one_decimal("allowed"),
                    one_decimal("allowance"),
                )
            ),
            pl.col("status"),
        )
    ]
