"""The final frames of a check turned into result objects: caseworkers and teams with
their metrics and flags (the only per-row Python of a check, once per caseworker)."""

from __future__ import annotations

from types import MappingProxyType

import polars as pl

from floorwatch.engine.contact import (
    metric_values,
)
from floorwatch.engine.result import (
    Flag,
    Metrics,
    PeriodKind,
    TeamResult,
    WorkerResult,
)


def _metrics(row: dict, by_type: dict[str, tuple[float, int]]) -> Metrics:
    types = sorted(by_type.items())
    return Metrics(
        logged_in_minutes=row["logged_in_minutes"],
        active_minutes=row["active_minutes"],
        idle_minutes=row["idle_minutes"],
        utilization_pct=row["utilization_pct"],
        idle_pct=row["idle_pct"],
        logged_in_pct=row["logged_in_pct"],
        cases_worked=int(row["cases_worked"]),
        completed=int(row["completed"]),
        completion_rate_pct=row["completion_rate_pct"],
        get_next_rate_pct=row["get_next_rate_pct"],
        avg_txn_minutes=row["avg_txn_minutes"],
        txn_minutes_by_task_type=MappingProxyType({t: mean for t, (mean, _) in types}),
        txn_count_by_task_type=MappingProxyType({t: count for t, (_, count) in types}),
        scheduled_minutes=row["scheduled_minutes"],
        scheduled_days=row["scheduled_days"],
        absent_days=row["absent_days"],
        **metric_values(row),
    )


def _by_type(frame: pl.DataFrame, key: str) -> dict[str, dict[str, tuple[float, int]]]:
    """owner -> task type -> (mean minutes, transactions)."""
    out: dict[str, dict[str, tuple[float, int]]] = {}
    rows = frame.select(key, "task_type", "mean_minutes", "count").iter_rows()
    for owner, task_type, mean, count in rows:
        out.setdefault(owner, {})[task_type] = (mean, int(count))
    return out


def workers_of(
    metrics: pl.DataFrame, flags: pl.DataFrame, per_type: pl.DataFrame, period_kind: PeriodKind
) -> tuple[WorkerResult, ...]:
    flags_by_worker: dict[str, list[Flag]] = {}
    ordered = flags.sort("check", "subject", nulls_last=False)
    for f in ordered.iter_rows(named=True):
        flags_by_worker.setdefault(f["worker_id"], []).append(
            Flag(
                check=f["check"],
                value=f["value"],
                expected=f["expected"],
                pattern=f["pattern"],
                detail=f["detail"],
                subject=f["subject"],
                trend_days=tuple(f["trend_days"]),
            )
        )
    types = _by_type(per_type, "worker_id")
    live = period_kind == "day"
    return tuple(
        WorkerResult(
            worker_id=row["worker_id"],
            name=row["name"],
            team=row["team"],
            status=row["status"] if live else None,
            status_minutes=row["status_minutes"] if live else None,
            task_type=row["status_task_type"] if live else None,
            metrics=_metrics(row, types.get(row["worker_id"], {})),
            flags=tuple(flags_by_worker.get(row["worker_id"], ())),
        )
        for row in metrics.sort("team", "worker_id").iter_rows(named=True)
    )


def team_results(
    teams: pl.DataFrame, team_types: pl.DataFrame, workers: tuple[WorkerResult, ...]
) -> tuple[TeamResult, ...]:
    types = _by_type(team_types, "team")
    members_of: dict[str, list[WorkerResult]] = {}
    for w in workers:
        members_of.setdefault(w.team, []).append(w)
    out = []
    for row in teams.iter_rows(named=True):
        members = members_of.get(row["team"], [])
        out.append(
            TeamResult(
                team=row["team"],
                workers=row["workers"],
                flagged_workers=sum(w.flagged for w in members),
                trending_workers=sum(w.trending for w in members),
                metrics=_metrics(row, types.get(row["team"], {})),
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
