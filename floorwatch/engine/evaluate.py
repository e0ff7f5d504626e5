"""One check run: FloorData + settings + run history -> an immutable CheckResult.

All computing is lazy polars; Python only turns the final frames into result objects.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from typing import Any

import polars as pl

from floorwatch.engine.action_rows import ActionRows
from floorwatch.engine.checks import (
    FLAG_SCHEMA,
    completion_checks,
    dashboard_checks,
    get_next_check,
    transaction_time_checks,
)
from floorwatch.engine.contact import (
    agent_keys,
    allowance_checks,
    contact_metrics,
    handle_checks,
    matched,
    period_contact_rows,
    unmatched_errors,
    with_avg_handle,
)
from floorwatch.engine.dashboard import (
    daily_rows,
    dashboard_in_period,
    dashboard_metrics,
    live_status,
    ratios,
    snapshot_time,
)
from floorwatch.engine.floor import FloorData
from floorwatch.engine.live_checks import live_checks, not_logged_in_check, paused_checks
from floorwatch.engine.names import canonical_names
from floorwatch.engine.paused_time import current_paused
from floorwatch.engine.people import case_errors, caseworkers
from floorwatch.engine.period import period_of
from floorwatch.engine.result import (
    CheckResult,
    Period,
    PeriodKind,
    Source,
)
from floorwatch.engine.result_objects import flag_table, team_results, workers_of
from floorwatch.engine.schedule import (
    absence_fill,
    attendance,
    employed,
    front_line,
    missing_days,
    schedule,
)
from floorwatch.engine.stages import StagePeople, StageRows, Stages
from floorwatch.engine.summary import IDENTITY, ActionSummary, period_rows
from floorwatch.engine.teams import team_frame
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
from floorwatch.engine.used_sources import sources_frame
from floorwatch.settings import Settings
from floorwatch.settings.leave import empty_leave
from floorwatch.settings.quarters import qsa_in_force


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
    stages = _run_stages(
        floor, settings, roster, as_of, period_kind, history or RunHistory(), leave
    )
    rows = stages.rows
    age = None if rows.snapshot is None else ((now or as_of) - rows.snapshot).total_seconds() / 60
    freshness = {
        "qsa_quarter": stages.quarter,
        "age_minutes": age,
        "stale": age is None or age > rows.settings.stale_after_minutes,
    }
    return _result(floor, stages, roster, as_of, freshness)


def recorded_flags(
    floor: FloorData,
    settings: Settings,
    roster: pl.DataFrame,
    *,
    as_of: datetime,
    period_kind: PeriodKind,
    leave: pl.DataFrame | None = None,
) -> pl.DataFrame:
    """The flags `evaluate` raises, as a run records them (`CheckResult.flag_table`),
    without the rest of its result: what a past day of the trend window needs. No
    trends of its own (an empty run history)."""
    stages = _run_stages(floor, settings, roster, as_of, period_kind, RunHistory(), leave)
    return flag_table(stages.flags.collect(), stages.metrics_df)


def _run_stages(
    floor: FloorData,
    settings: Settings,
    roster: pl.DataFrame,
    as_of: datetime,
    period_kind: PeriodKind,
    history: RunHistory,
    leave: pl.DataFrame | None,
) -> Stages:
    """Stages 1-3 of a check (`evaluate`)."""
    leave = leave if leave is not None else empty_leave()
    # Judged by the QSA of the as-of's quarter (settings/quarters.py), not today's.
    quarter, qsa = qsa_in_force(settings, as_of.date())
    rows = _read_rows(floor, replace(settings, qsa=qsa), as_of, period_of(period_kind, as_of))
    who = _who(floor, rows, roster, leave, as_of)
    # Collected: every metric, per caseworker and per team, sums these counts again.
    groups = (
        pl.concat(
            [
                transaction_groups(transactions(rows.rows, as_of)),
                *(s.groups(qsa).drop("day") for s in rows.summaries),
            ]
        )
        .collect()
        .lazy()
    )
    metrics_df, per_type_df, per_queue_df = _kpi_frames(rows, who, groups, roster, as_of)
    flags = classify(
        _flag_frames(rows, who, metrics_df, per_type_df, per_queue_df, roster, as_of),
        history,
        as_of.date(),
        rows.settings,
    )
    return Stages(rows, who, groups, metrics_df, per_type_df, flags, quarter)


def _read_rows(floor: FloorData, settings: Settings, as_of: datetime, period: Period) -> StageRows:
    """Stage 1: the period's rows and the finished days' counts (engine/summary.py).
    Later stages reuse them many times; collecting here keeps polars from re-running the
    scans per check."""
    qsa = settings.qsa
    dashboard = dashboard_in_period(floor.dashboard, as_of, period)
    read, rows_df, summaries = period_rows(floor, qsa, as_of, period)
    paused_lf = current_paused(floor.paused, as_of, settings)
    daily_df, paused_now = pl.collect_all([daily_rows(dashboard), paused_lf])
    # Freshness (v2): the live snapshot S is the newest dashboard export of the as-of's
    # own day; every status is read from it, and its minutes stop at S once it is stale.
    snapshot = snapshot_time(daily_df, as_of)
    live = live_status(daily_df.lazy(), as_of, snapshot, settings.stale_after_minutes)
    live = live.with_columns(canonical_names("status_task_type", qsa.task_types))
    if period.kind != "day":  # status is "now": it belongs to the day only
        live = live.filter(pl.lit(False))
    return StageRows(
        settings=settings,
        period=period,
        dashboard=dashboard,
        read=read,
        rows=rows_df.lazy(),
        summaries=list(summaries),
        daily_df=daily_df,
        paused=paused_now.lazy(),
        snapshot=snapshot,
        live=live.collect().lazy(),
    )


def _who(
    floor: FloorData, rows: StageRows, roster: pl.DataFrame, leave: pl.DataFrame, as_of: datetime
) -> StagePeople:
    """Who was due (v2): the roster's front-line people, on their scheduled days (a day
    before today without any dashboard export is nobody's); the people the rows name;
    the period's contact-centre rows matched to them, each (agent, interval) once."""
    data_days = set(rows.daily_df["day"].unique().to_list())
    due = schedule(roster, leave, rows.settings, rows.period, as_of, data_days)
    judged = front_line(roster).select("worker_id")
    # Scheduled minutes: a scheduled caseworker's scheduled days; anyone else's days
    # with a row (version 1: nothing says when they were due).
    minutes_due = pl.concat(
        [
            due.lazy().select("worker_id", "day"),
            rows.daily.select("worker_id", "day").join(judged.lazy(), on="worker_id", how="anti"),
        ]
    )
    identity = pl.concat([rows.rows.select(IDENTITY), *(s.people() for s in rows.summaries)])
    people_df = caseworkers(
        rows.dashboard, identity, rows.paused, roster, employed(roster, rows.period, as_of)
    ).collect()
    keys = agent_keys(people_df.lazy(), roster)
    perf_df, status_df = pl.collect_all(
        [
            matched(period_contact_rows(contact, as_of, rows.period), keys)
            for contact in (floor.agent_performance, floor.agent_status)
        ]
    )
    return StagePeople(people_df, due, judged, minutes_due, data_days, perf_df, status_df)


def _kpi_frames(
    rows: StageRows, who: StagePeople, groups: pl.LazyFrame, roster: pl.DataFrame, as_of: datetime
) -> list[pl.DataFrame]:
    """Stage 2: metrics per caseworker, and per task type and queue."""
    on_schedule = who.judged.lazy().with_columns(pl.lit(True).alias("on_schedule"))
    minutes = dashboard_metrics(
        rows.daily,
        roster,
        rows.settings,
        as_of,
        schedule=who.minutes_due,
        today_until=rows.snapshot,
    )
    contact = contact_metrics(who.perf_df.lazy(), who.status_df.lazy())
    return pl.collect_all(
        [
            who.people.join(minutes, on="worker_id", how="left")
            .join(attendance(who.due, rows.daily, as_of), on="worker_id", how="left")
            .join(on_schedule, on="worker_id", how="left")
            .with_columns(absence_fill())
            .join(transaction_metrics(groups), on="worker_id", how="left")
            .with_columns(pl.col(c).fill_null(0) for c in GROUP_COUNTS)
            .with_columns(ratios())
            .join(rows.live, on="worker_id", how="left")
            .join(contact, on="worker_id", how="left")
            .pipe(with_avg_handle),
            by_task_type(groups, rows.settings.qsa),
            by_queue(groups),
        ]
    )


def _flag_frames(
    rows: StageRows,
    who: StagePeople,
    metrics_df: pl.DataFrame,
    per_type_df: pl.DataFrame,
    per_queue_df: pl.DataFrame,
    roster: pl.DataFrame,
    as_of: datetime,
) -> pl.LazyFrame:
    """Stage 3: every check's flags, in one frame."""
    settings = rows.settings
    metrics = metrics_df.lazy()
    flag_frames = [
        *transaction_time_checks(per_type_df.lazy(), settings),
        *dashboard_checks(metrics, settings),
        *completion_checks(per_queue_df.lazy(), settings),
        get_next_check(metrics, settings),
        *paused_checks(rows.paused, roster, settings, as_of),
        *handle_checks(metrics, settings),
        *allowance_checks(metrics, settings),
    ]
    if rows.period.kind == "day":
        flag_frames += live_checks(rows.live, settings)
        today = who.due.lazy().filter(pl.col("day") == as_of.date()).select("worker_id", "sick")
        flag_frames.append(not_logged_in_check(today, rows.live, roster, settings, rows.snapshot))
    return pl.concat([f.cast(FLAG_SCHEMA) for f in flag_frames])


def _result(
    floor: FloorData,
    stages: Stages,
    roster: pl.DataFrame,
    as_of: datetime,
    freshness: dict[str, Any],
) -> CheckResult:
    """Stage 4: teams and sources from the materialised frames, and the result
    (`freshness`: the QSA quarter, the snapshot's age, stale)."""
    rows, who, groups, metrics_df = stages.rows, stages.who, stages.groups, stages.metrics_df
    qsa, period, team_of = rows.settings.qsa, rows.period, who.team_of
    team_groups = groups.join(team_of, on="worker_id")
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
            stages.flags,
            team_frame(metrics_df.lazy(), team_groups, roster),
            by_task_type(team_groups, qsa, by="team"),
            _used_sources(floor, rows, who),
            rows.rows.drop("team").join(team_of, on="worker_id", how="left"),
            team_of,
            rows.paused.drop("team").join(team_of, on="worker_id", how="left"),
            who.status_df.lazy().join(team_of, on="worker_id", how="inner").drop("key"),
        ]
    )
    workers = workers_of(metrics_df, flags_df, stages.per_type_df, period.kind)
    return CheckResult(
        as_of=as_of,
        period=period,
        workers=workers,
        teams=team_results(teams_df, team_types_df, workers),
        sources=tuple(Source(**r) for r in sources_df.iter_rows(named=True)),
        errors=(
            *floor.errors,
            *unmatched_errors(who.perf_df, who.status_df),
            *case_errors(who.people_df, roster),
        ),
        actions=ActionRows(
            actions_df,
            _stored_rows(rows.summaries),
            lambda r: period_actions(r, qsa, as_of, period),
            team_of_df,
        ),
        paused=current_paused_df,
        agent_status=agent_status_df,
        qsa=qsa,
        data_as_of=rows.snapshot,
        missing_days=missing_days(rows.settings, period, as_of, who.data_days),
        flag_table=flag_table(flags_df, metrics_df),
        **freshness,
    )


def _used_sources(floor: FloorData, rows: StageRows, who: StagePeople) -> pl.LazyFrame:
    """The exports the run used, each with the rows it gave."""
    used = {
        "dashboard": [rows.daily],
        "actions": [rows.rows],
        "paused": [rows.paused],
        "agent_performance": [who.perf_df.lazy()],
        "agent_status": [who.status_df.lazy()],
    }
    every_row = {kind: getattr(floor, kind) for kind in used} | {"actions": rows.read}
    return sources_frame(every_row, used, [s.sources for s in rows.summaries])


def _stored_rows(summaries: list[ActionSummary]) -> pl.LazyFrame | None:
    return pl.concat([s.rows for s in summaries]) if summaries else None
