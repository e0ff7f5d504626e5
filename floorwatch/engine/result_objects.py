"""The final frames of a check turned into result objects: caseworkers and teams with
their metrics and flags (the only per-row Python of a check, once per caseworker).

Read column by column: a frame's rows as dicts cost twice the objects they become.
"""

from __future__ import annotations

from collections.abc import Iterator
from types import MappingProxyType

import polars as pl

from floorwatch.engine.contact import PRESENCE_COLUMNS, STATUS_COLUMNS
from floorwatch.engine.result import (
    METRIC_KEYS,
    Flag,
    Metrics,
    PeriodKind,
    TeamResult,
    WorkerResult,
)
from floorwatch.schema import RUN_FLAG_SCHEMA

#: Metrics fields `_metrics` converts; the others are copied as the frame holds them.
_CONVERTED = (
    "cases_worked",
    "completed",
    "txn_minutes_by_task_type",
    "calls_handled",
    "presence_minutes",
)
_AS_IS = (*(k for k in METRIC_KEYS if k not in _CONVERTED), "scheduled_minutes")


def _column(frame: pl.DataFrame, name: str) -> list:
    """A column's values (nulls where the frame lacks it, as a team's may lack calls)."""
    if name in frame.columns:
        return frame.get_column(name).to_list()
    return [None] * frame.height


def _metrics(frame: pl.DataFrame, key: str, per_type: pl.DataFrame) -> Iterator[Metrics]:
    """Each row's Metrics, in the frame's order; `per_type` gives the task-type means and
    counts of each `key`."""
    by_type = _by_type(per_type, key)
    as_is = [_column(frame, c) for c in _AS_IS]
    presence = [
        (STATUS_COLUMNS[c[2:]], frame.get_column(c).to_list())
        for c in PRESENCE_COLUMNS
        if c in frame.columns
    ]
    owners, cases, completed, calls = (
        _column(frame, c) for c in (key, "cases_worked", "completed", "calls_handled")
    )
    for i, values in enumerate(zip(*as_is, strict=True)):
        types = sorted(by_type.get(owners[i], {}).items())
        yield Metrics(
            **dict(zip(_AS_IS, values, strict=True)),
            cases_worked=int(cases[i]),
            completed=int(completed[i]),
            txn_minutes_by_task_type=MappingProxyType({t: mean for t, (mean, _) in types}),
            txn_count_by_task_type=MappingProxyType({t: count for t, (_, count) in types}),
            # Genesys counts whole calls; a float only because the column is a number.
            calls_handled=None if calls[i] is None else round(calls[i]),
            presence_minutes=MappingProxyType(
                {status: minutes[i] for status, minutes in presence if minutes[i] is not None}
            ),
        )


def _by_type(frame: pl.DataFrame, key: str) -> dict[str, dict[str, tuple[float, int]]]:
    """owner -> task type -> (mean minutes, transactions)."""
    out: dict[str, dict[str, tuple[float, int]]] = {}
    for owner, task_type, mean, count in frame.select(
        key, "task_type", "mean_minutes", "count"
    ).rows():
        out.setdefault(owner, {})[task_type] = (mean, int(count))
    return out


def _flags_by_worker(flags: pl.DataFrame) -> dict[str, list[Flag]]:
    """Each caseworker's flags, ordered by check then subject."""
    out: dict[str, list[Flag]] = {}
    ordered = flags.sort("check", "subject", nulls_last=False)
    columns = ("check", "value", "expected", "pattern", "detail", "subject")
    for worker_id, *values, trend_days in ordered.select(
        "worker_id", *columns, "trend_days"
    ).rows():
        flag = Flag(**dict(zip(columns, values, strict=True)), trend_days=tuple(trend_days))
        out.setdefault(worker_id, []).append(flag)
    return out


def workers_of(
    metrics: pl.DataFrame, flags: pl.DataFrame, per_type: pl.DataFrame, period_kind: PeriodKind
) -> tuple[WorkerResult, ...]:
    """Every caseworker's result, ordered by team then id (status only for a day)."""
    flags_by_worker = _flags_by_worker(flags)
    ordered = metrics.sort("team", "worker_id")
    ids, names, teams = (_column(ordered, c) for c in ("worker_id", "name", "team"))
    live = period_kind == "day"
    no_status = [None] * ordered.height
    status, minutes, task_type = (
        _column(ordered, c) if live else no_status
        for c in ("status", "status_minutes", "status_task_type")
    )
    return tuple(
        WorkerResult(
            worker_id=ids[i],
            name=names[i],
            team=teams[i],
            status=status[i],
            status_minutes=minutes[i],
            task_type=task_type[i],
            metrics=worker_metrics,
            flags=tuple(flags_by_worker.get(ids[i], ())),
        )
        for i, worker_metrics in enumerate(_metrics(ordered, "worker_id", per_type))
    )


def team_results(
    teams: pl.DataFrame, team_types: pl.DataFrame, workers: tuple[WorkerResult, ...]
) -> tuple[TeamResult, ...]:
    """Every team's result, in the frame's order; counts of flagged, trending and
    not-logged-in members from the caseworkers' results."""
    members_of: dict[str, list[WorkerResult]] = {}
    for w in workers:
        members_of.setdefault(w.team, []).append(w)
    out = []
    for row, team_metrics in zip(
        teams.iter_rows(named=True), _metrics(teams, "team", team_types), strict=True
    ):
        members = members_of.get(row["team"], [])
        out.append(
            TeamResult(
                team=row["team"],
                workers=row["workers"],
                flagged_workers=sum(w.flagged for w in members),
                trending_workers=sum(w.trending for w in members),
                metrics=team_metrics,
                supervisor=row["supervisor"],
                coordinator=row["coordinator"],
                logged_in_now=row["logged_in_now"],
                active_now=row["active_now"],
                idle_now=row["idle_now"],
                not_logged_in=sum(
                    any(f.check == "NOT_LOGGED_IN" for f in w.flags) for w in members
                ),
            )
        )
    return tuple(out)


def flag_table(flags: pl.DataFrame, metrics: pl.DataFrame) -> pl.DataFrame:
    """The caseworkers' flags as a run records them, in the order of the result's
    caseworkers (team, id) and of their flags (check, subject)."""
    return (
        flags.join(metrics.select("worker_id", "team"), on="worker_id", how="inner")
        .sort("team", "worker_id", "check", "subject", nulls_last=False, maintain_order=True)
        .select(
            "worker_id",
            "check",
            pl.col("subject").fill_null(""),
            "value",
            "expected",
            "pattern",
        )
        .cast(RUN_FLAG_SCHEMA)
    )
