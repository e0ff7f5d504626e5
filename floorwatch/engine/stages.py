"""What each stage of a check (`evaluate`) hands the next: the period's rows, its
people, and the metrics and flags computed from them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

import polars as pl

from floorwatch.engine.result import Period
from floorwatch.engine.summary import ActionSummary
from floorwatch.settings import Settings


@dataclass(frozen=True)
class StageRows:
    """Stage 1: the period's rows, each read and de-duplicated once, and the live status."""

    settings: Settings
    period: Period
    dashboard: pl.LazyFrame
    read: pl.LazyFrame
    rows: pl.LazyFrame
    summaries: list[ActionSummary]
    daily_df: pl.DataFrame
    paused: pl.LazyFrame
    snapshot: datetime | None
    live: pl.LazyFrame

    @property
    def daily(self) -> pl.LazyFrame:
        return self.daily_df.lazy()


@dataclass(frozen=True)
class StagePeople:
    """Who the period is about: the people found, who was due and when, contact rows."""

    people_df: pl.DataFrame
    due: pl.DataFrame
    judged: pl.DataFrame
    minutes_due: pl.LazyFrame
    data_days: set[date]
    perf_df: pl.DataFrame
    status_df: pl.DataFrame

    @property
    def people(self) -> pl.LazyFrame:
        return self.people_df.lazy()

    @property
    def team_of(self) -> pl.LazyFrame:
        # Rows carry the team their export named; the run uses each caseworker's team.
        return self.people.select("worker_id", "team")


@dataclass(frozen=True)
class Stages:
    """Stages 1-3: the period's rows, its people, their metrics, and every flag."""

    rows: StageRows
    who: StagePeople
    groups: pl.LazyFrame
    metrics_df: pl.DataFrame
    per_type_df: pl.DataFrame
    flags: pl.LazyFrame
    quarter: str | None
