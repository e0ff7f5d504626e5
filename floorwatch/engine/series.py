"""Trend lines: each KPI's value day by day, per caseworker and per team.

The same formulas as a check (`spec/kpis.md`), applied to each day of a window on its own:
a day's value is what a `day` check as of that day's end (or as of the as-of, on its own
day) would show. Computed in one lazy pass over all the window's rows, grouped by day,
instead of one check per day: a month of a 2,000-caseworker floor in about a second.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

import polars as pl

from floorwatch.engine.dashboard import daily_rows, dashboard_in_period, dashboard_metrics, ratios
from floorwatch.engine.floor import FloorData
from floorwatch.engine.result import Period
from floorwatch.engine.summary import period_rows
from floorwatch.engine.transactions import (
    GROUP_COUNTS,
    transaction_groups,
    transaction_metrics,
    transactions,
)
from floorwatch.settings import Settings
from floorwatch.settings.quarters import qsa_in_force

#: The KPIs drawn as trend lines, in the order the screens show them.
SERIES_KPIS = (
    "utilization_pct",
    "logged_in_pct",
    "cases_worked",
    "avg_txn_minutes",
    "completion_rate_pct",
    "get_next_rate_pct",
)
_MINUTES = ("logged_in_minutes", "active_minutes", "idle_minutes", "scheduled_minutes")


@dataclass(frozen=True)
class DailySeries:
    """One row per (caseworker, day) and per (team, day) with data, sorted by key and day.

    Columns: `worker_id` (or `team`), `day`, and every KPI of SERIES_KPIS; a KPI a day
    cannot compute (no dashboard row, no transaction) is null. `days` lists the days of
    the window holding any data (weekends without work leave no gap in a trend line).
    """

    workers: pl.DataFrame
    teams: pl.DataFrame
    days: tuple[date, ...]


def daily_series(
    floor: FloorData,
    settings: Settings,
    roster: pl.DataFrame,
    team_of: pl.DataFrame,
    *,
    start: date,
    as_of: datetime,
) -> DailySeries:
    """Each day's KPIs from `start` to the as-of's day.

    `team_of` (worker_id, team) says which team each caseworker counts in: the team the
    caller's check resolved (roster first), so a trend line adds up like the table beside it.
    """
    window = Period("day", start, as_of.date())
    daily = daily_rows(dashboard_in_period(floor.dashboard, as_of, window))
    minutes = dashboard_metrics(daily, roster, settings, as_of, by=("worker_id", "day"))
    _, qsa = qsa_in_force(settings, as_of.date())  # task-type names as its checks spell them
    # Finished days come from their summaries where they can, as in a check.
    _, rows, summaries = period_rows(floor, qsa, as_of, window)
    txns = transactions(rows.lazy(), as_of).with_columns(pl.col("start").dt.date().alias("day"))
    groups = pl.concat(
        [transaction_groups(txns, "worker_id", "day"), *(s.groups(qsa) for s in summaries)]
    ).join(team_of.lazy(), on="worker_id", how="left")

    def combine(minutes: pl.LazyFrame, counts: pl.LazyFrame, key: str) -> pl.LazyFrame:
        return (
            minutes.join(counts, on=[key, "day"], how="full", coalesce=True)
            .with_columns(pl.col(c).fill_null(0) for c in GROUP_COUNTS)
            .with_columns(ratios())
            .select(key, "day", *SERIES_KPIS)
            .sort(key, "day")
        )

    team_minutes = (
        minutes.join(team_of.lazy(), on="worker_id", how="inner")
        .group_by("team", "day")
        .agg(pl.col(c).sum() for c in _MINUTES)
    )
    workers, teams = pl.collect_all(
        [
            combine(minutes, transaction_metrics(groups, by=["worker_id", "day"]), "worker_id"),
            combine(team_minutes, transaction_metrics(groups, by=["team", "day"]), "team"),
        ]
    )
    days = tuple(sorted(set(workers["day"].to_list())))
    return DailySeries(workers, teams, days)


def series_by_key(
    frame: pl.DataFrame, key: str, kpi: str, days: tuple[date, ...]
) -> dict[str, list[float | None]]:
    """Each caseworker's (or team's) values of `kpi` on each of `days`, None where missing."""
    if not days:
        return {}
    grid = (
        frame.select(key)
        .unique()
        .join(pl.DataFrame({"day": list(days)}, schema={"day": pl.Date}), how="cross")
        .join(frame.select(key, "day", kpi), on=[key, "day"], how="left")
        .group_by(key)
        .agg(pl.col(kpi).sort_by("day").cast(pl.Float64))
    )
    return dict(zip(grid[key].to_list(), grid[kpi].to_list(), strict=True))
