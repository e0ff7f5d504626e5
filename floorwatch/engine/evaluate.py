"""One check run: FloorData + settings + run history -> an immutable CheckResult.

All computing is lazy polars; Python only turns the final frames into result objects.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from types import MappingProxyType

import polars as pl

from floorwatch.engine.action_rows import ActionRows
from floorwatch.engine.checks import (
    FLAG_SCHEMA,
    completion_checks,
    dashboard_checks,
    get_next_check,
    live_checks,
    not_logged_in_check,
    paused_checks,
    transaction_time_checks,
)
from floorwatch.engine.contact import (
    agent_keys,
    allowance_checks,
    contact_metrics,
    handle_checks,
    matched,
    metric_values,
    period_contact_rows,
    team_sums,
    unmatched_errors,
    with_avg_handle,
)
from floorwatch.engine.dashboard import (
    daily_rows,
    dashboard_in_period,
    dashboard_metrics,
    live_status,
    snapshot_time,
)
from floorwatch.engine.floor import FloorData
from floorwatch.engine.names import canonical_names
from floorwatch.engine.paused_time import days_paused
from floorwatch.engine.people import case_only_matches, caseworkers, team_leads
from floorwatch.engine.period import period_of
from floorwatch.engine.result import (
    CheckResult,
    Flag,
    Metrics,
    PeriodKind,
    Source,
    TeamResult,
    WorkerResult,
)
from floorwatch.engine.schedule import attendance, employed, front_line, missing_days, schedule
from floorwatch.engine.summary import IDENTITY, ActionSummary, period_rows
from floorwatch.engine.transactions import (
    GROUP_COUNTS,
    by_queue,
    by_task_type,
    period_actions,
    transaction_groups,
    transaction_metrics,
    transactions,
)
from floorwatch.engine.trends import RunHistory, classify
from floorwatch.ingest.model import LoadError
from floorwatch.settings import Settings
from floorwatch.settings.leave import empty_leave
from floorwatch.settings.quarters import qsa_in_force

_SUMS = (
    "logged_in_minutes",
    "active_minutes",
    "idle_minutes",
    "scheduled_minutes",
    "scheduled_days",
    "absent_days",
)


def current_paused(paused: pl.LazyFrame, as_of: datetime, settings: Settings) -> pl.LazyFrame:
    """The paused list as of: the newest paused export(s) at or before the as-of, with
    `days_paused` counted as `settings.paused_days` says."""
    upto = paused.filter(pl.col("file_export_time") <= as_of)
    return upto.filter(pl.col("file_export_time") == pl.col("file_export_time").max()).with_columns(
        days_paused(as_of, settings).alias("days_paused")
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


def evaluate(
    floor: FloorData,
    settings: Settings,
    roster: pl.DataFrame,
    *,
    as_of: datetime,
    period_kind: PeriodKind,
    history: RunHistory | None = None,
    leave: pl.DataFrame | None = None,
    now: datetime | None = None,
) -> CheckResult:
    """Every metric and check of `spec/kpis.md` for one period, as of one moment.

    `leave` is leave.csv's rows (settings/leave.py); `now` the wall clock the live
    snapshot's age is measured to (None: to the as-of, as with `--at`).
    """
    history = history or RunHistory()
    leave = leave if leave is not None else empty_leave()
    period = period_of(period_kind, as_of)
    # Judged by the QSA of the as-of's quarter (settings/quarters.py), not today's.
    quarter, qsa = qsa_in_force(settings, as_of.date())
    settings = replace(settings, qsa=qsa)

    # Stage 1: the period's rows, each read and de-duplicated once, and the finished days'
    # counts (engine/summary.py). Later stages reuse them many times; collecting here
    # keeps polars from re-running the scans per check.
    dashboard = dashboard_in_period(floor.dashboard, as_of, period)
    read, rows_df, summaries = period_rows(floor, qsa, as_of, period)
    paused_lf = current_paused(floor.paused, as_of, settings)
    daily_df, paused_now = pl.collect_all([daily_rows(dashboard), paused_lf])
    daily, paused_df = daily_df.lazy(), paused_now.lazy()

    # Freshness (v2): the live snapshot S is the newest dashboard export of the as-of's
    # own day; every status is read from it, and its minutes stop at S once it is stale.
    snapshot = snapshot_time(daily_df, as_of)
    live = live_status(daily, as_of, snapshot, settings.stale_after_minutes).with_columns(
        canonical_names("status_task_type", qsa.task_types)
    )
    if period_kind != "day":  # status is "now": it belongs to the day only
        live = live.filter(pl.lit(False))
    live = live.collect().lazy()
    age = None if snapshot is None else ((now or as_of) - snapshot).total_seconds() / 60
    stale = age is None or age > settings.stale_after_minutes

    # Who was due (v2): the roster's front-line people, on their scheduled days; a day
    # before today without any dashboard export is nobody's.
    data_days = set(daily_df["day"].unique().to_list())
    due = schedule(roster, leave, settings, period, as_of, data_days)
    judged = front_line(roster).select("worker_id")
    # Scheduled minutes: a scheduled caseworker's scheduled days; anyone else's days
    # with a row (version 1: nothing says when they were due).
    minutes_due = pl.concat(
        [
            due.lazy().select("worker_id", "day"),
            daily.select("worker_id", "day").join(judged.lazy(), on="worker_id", how="anti"),
        ]
    )

    rows_df = rows_df.lazy()
    identity = pl.concat([rows_df.select(IDENTITY), *(s.people() for s in summaries)])
    people_df = caseworkers(
        dashboard, identity, paused_df, roster, employed(roster, period, as_of)
    ).collect()
    people = people_df.lazy()
    # Contact-centre rows of the period's days, each (agent, interval) once (v2).
    keys = agent_keys(people, roster)
    perf_df, status_df = pl.collect_all(
        [
            matched(period_contact_rows(rows, as_of, period), keys)
            for rows in (floor.agent_performance, floor.agent_status)
        ]
    )
    # Collected: every metric, per caseworker and per team, sums these counts again.
    groups = (
        pl.concat(
            [
                transaction_groups(transactions(rows_df, as_of)),
                *(s.groups(qsa).drop("day") for s in summaries),
            ]
        )
        .collect()
        .lazy()
    )
    # Rows carry the team their export named; the run uses each caseworker's resolved team.
    team_of = people.select("worker_id", "team")
    team_groups = groups.join(team_of, on="worker_id")

    # Stage 2: metrics per caseworker and per task type / queue.
    on_schedule = judged.lazy().with_columns(pl.lit(True).alias("on_schedule"))
    minutes = dashboard_metrics(
        daily, roster, settings, as_of, schedule=minutes_due, today_until=snapshot
    )
    metrics_df, per_type_df, per_queue_df = pl.collect_all(
        [
            people.join(minutes, on="worker_id", how="left")
            .join(attendance(due, daily, as_of), on="worker_id", how="left")
            .join(on_schedule, on="worker_id", how="left")
            .with_columns(_absence_fill())
            .join(transaction_metrics(groups), on="worker_id", how="left")
            .with_columns(pl.col(c).fill_null(0) for c in GROUP_COUNTS)
            .with_columns(ratios())
            .join(live, on="worker_id", how="left")
            .join(contact_metrics(perf_df.lazy(), status_df.lazy()), on="worker_id", how="left")
            .pipe(with_avg_handle),
            by_task_type(groups, qsa),
            by_queue(groups),
        ]
    )

    # Stage 3: the checks, teams and sources from the materialised frames.
    metrics = metrics_df.lazy()
    flag_frames = [
        *transaction_time_checks(per_type_df.lazy(), settings),
        *dashboard_checks(metrics, settings),
        *completion_checks(per_queue_df.lazy(), settings),
        get_next_check(metrics, settings),
        *paused_checks(paused_df, roster, settings, as_of),
        *handle_checks(metrics, settings),
        *allowance_checks(metrics, settings),
    ]
    if period_kind == "day":
        flag_frames += live_checks(live, settings)
        due_today = due.lazy().filter(pl.col("day") == as_of.date()).select("worker_id", "sick")
        flag_frames.append(not_logged_in_check(due_today, live, roster, settings, snapshot))
    flags = classify(
        pl.concat([f.cast(FLAG_SCHEMA) for f in flag_frames]), history, as_of.date(), settings
    )
    used = {
        "dashboard": [daily],
        "actions": [rows_df],
        "paused": [paused_df],
        "agent_performance": [perf_df.lazy()],
        "agent_status": [status_df.lazy()],
    }
    every_row = {kind: getattr(floor, kind) for kind in used} | {"actions": read}
    sources = _sources(every_row, used, [s.sources for s in summaries])
    (
        flags_df,
        teams_df,
        team_types_df,
        sources_df,
        actions_df,
        team_of_df,
        current_paused_df,
        agent_status_df,
    ) = pl.collect_all(
        [
            flags,
            _teams(metrics, team_groups, roster),
            by_task_type(team_groups, qsa, by="team"),
            sources,
            rows_df.drop("team").join(team_of, on="worker_id", how="left"),
            team_of,
            paused_df.drop("team").join(team_of, on="worker_id", how="left"),
            status_df.lazy().join(team_of, on="worker_id", how="inner").drop("key"),
        ]
    )
    workers = _workers(metrics_df, flags_df, per_type_df, period_kind)
    return CheckResult(
        as_of=as_of,
        period=period,
        workers=workers,
        teams=_team_results(teams_df, team_types_df, workers),
        sources=tuple(Source(**r) for r in sources_df.iter_rows(named=True)),
        errors=(
            *floor.errors,
            *unmatched_errors(perf_df, status_df),
            *_case_errors(people_df, roster),
        ),
        actions=ActionRows(
            actions_df,
            _stored_rows(summaries),
            lambda rows: period_actions(rows, qsa, as_of, period),
            team_of_df,
        ),
        paused=current_paused_df,
        agent_status=agent_status_df,
        qsa=qsa,
        qsa_quarter=quarter,
        data_as_of=snapshot,
        age_minutes=age,
        stale=stale,
        missing_days=missing_days(settings, period, as_of, data_days),
    )


def _absence_fill() -> list[pl.Expr]:
    """A scheduled caseworker (v2) always has scheduled and absent days (0 without any),
    and logged-in minutes of 0 (not null) once scheduled minutes are due."""
    on = pl.col("on_schedule").fill_null(False)
    due = on & (pl.col("scheduled_minutes").fill_null(0) > 0)
    return [
        pl.when(on).then(pl.col(c).fill_null(0)).alias(c) for c in ("scheduled_days", "absent_days")
    ] + [
        pl.when(due)
        .then(pl.col("logged_in_minutes").fill_null(0.0))
        .otherwise(pl.col("logged_in_minutes"))
        .alias("logged_in_minutes")
    ]


def _case_errors(people: pl.DataFrame, roster: pl.DataFrame) -> tuple[LoadError, ...]:
    """An export's Worker ID that matches a roster ID only when case is ignored."""
    return tuple(
        LoadError(
            "roster.csv",
            f"Worker ID {roster_id} is written {export_id} in an export: IDs must match "
            "exactly, so they count as two caseworkers",
            line,
        )
        for roster_id, line, export_id in case_only_matches(people, roster).iter_rows()
    )


def _stored_rows(summaries: list[ActionSummary]) -> pl.LazyFrame | None:
    return pl.concat([s.rows for s in summaries]) if summaries else None


def _teams(metrics: pl.LazyFrame, team_groups: pl.LazyFrame, roster: pl.DataFrame) -> pl.LazyFrame:
    """Team roll-ups: sums first, then ratios; means over all the team's transactions."""
    sums = metrics.group_by("team").agg(
        *(pl.col(c).sum().alias(c) for c in _SUMS),
        # A sum over no dashboard rows at all is null, not 0.
        *(pl.col(c).is_not_null().any().alias(f"has_{c}") for c in _SUMS),
        pl.len().alias("workers"),
        (pl.col("status") != "Logged Out").sum().alias("logged_in_now"),
        (pl.col("status") == "Active").sum().alias("active_now"),
        (pl.col("status") == "Idle").sum().alias("idle_now"),
        *team_sums(),
    )
    sums = sums.with_columns(
        pl.when(pl.col(f"has_{c}")).then(pl.col(c)).alias(c) for c in _SUMS
    ).drop(f"has_{c}" for c in _SUMS)
    return (
        sums.join(transaction_metrics(team_groups, by="team"), on="team", how="left")
        .with_columns(pl.col(c).fill_null(0) for c in GROUP_COUNTS)
        .with_columns(ratios())
        .pipe(with_avg_handle)
        .join(team_leads(roster), on="team", how="left")
        .sort("team")
    )


def _sources(
    every_row: dict[str, pl.LazyFrame],
    used_rows: dict[str, list[pl.LazyFrame]],
    summarised: list[pl.DataFrame],
) -> pl.LazyFrame:
    """The exports whose rows the run used (`every_row`: kind -> the rows it read;
    `used_rows`: kind -> frames of used rows;
    `summarised`: the sources of the day summaries used), with each export's accepted row
    count."""
    parts = [
        s.lazy().select("file", pl.lit("actions").alias("kind"), "rows", "export_time")
        for s in summarised
    ]
    for kind, frames in used_rows.items():
        used = pl.concat([f.select("content_hash") for f in frames])
        exports = (
            every_row[kind]
            .group_by("content_hash")
            .agg(
                pl.col("source_file").first().alias("file"),
                pl.col("file_export_time").first().alias("export_time"),
                pl.col("file_rows").first().fill_null(pl.len()).alias("rows"),
            )
        )
        parts.append(
            exports.join(used.unique(), on="content_hash", how="semi").select(
                "file", pl.lit(kind).alias("kind"), "rows", "export_time"
            )
        )
    # An export may feed several summaries (a weekly pull: one per transaction day) and
    # the rows read beside them: it is one source.
    return pl.concat(parts).unique().sort("export_time", "file")


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


def _workers(
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


def _team_results(
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
