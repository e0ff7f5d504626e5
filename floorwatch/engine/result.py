"""The immutable result of one check run: what every front end renders, and nothing else."""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from types import MappingProxyType
from typing import Literal

import polars as pl

from floorwatch.engine.action_rows import ActionRows
from floorwatch.ingest.model import LoadError
from floorwatch.schema import RUN_FLAG_SCHEMA
from floorwatch.settings.model import QSA

PeriodKind = Literal["day", "week", "month"]
PERIOD_KINDS: tuple[PeriodKind, ...] = ("day", "week", "month")
Pattern = Literal["trend", "one-time"]

#: Metric keys of a caseworker and of a team, in the order they are shown.
METRIC_KEYS = (
    "logged_in_minutes",
    "active_minutes",
    "idle_minutes",
    "utilization_pct",
    "idle_pct",
    "logged_in_pct",
    "cases_worked",
    "completed",
    "completion_rate_pct",
    "get_next_rate_pct",
    "avg_txn_minutes",
    "txn_minutes_by_task_type",
    "calls_handled",
    "avg_handle_minutes",
    "presence_minutes",
    "scheduled_days",
    "absent_days",
)

#: Flag codes, in the spec's order, and their subject key (None: no subject).
CHECK_SUBJECT: Mapping[str, str | None] = MappingProxyType(
    {
        "NOT_LOGGED_IN": None,
        "IDLE_NOW": None,
        "LONG_ACTIVE": "task_type",
        "LONG_TXN": "task_type",
        "SHORT_TXN": "task_type",
        "LOW_UTILIZATION": None,
        "HIGH_UTILIZATION": None,
        "LOW_LOGGED_IN": None,
        "LOW_COMPLETION": "queue",
        "HIGH_COMPLETION": "queue",
        "LOW_GET_NEXT": None,
        "PAUSED_OVER_LIMIT": "task_id",
        "PAUSED_BEFORE_LAST_DAY": None,
        "PAUSED_AFTER_LAST_DAY": None,
        "LONG_HANDLE": None,
        "SHORT_HANDLE": None,
        "STATUS_OVER_ALLOWANCE": "status",
    }
)

#: What each check means, in a supervisor's words (help screens, table output).
CHECK_TITLE: Mapping[str, str] = MappingProxyType(
    {
        "NOT_LOGGED_IN": "not logged in",
        "IDLE_NOW": "idle too long now",
        "LONG_ACTIVE": "on one task too long now",
        "LONG_TXN": "transactions too long",
        "SHORT_TXN": "transactions implausibly short",
        "LOW_UTILIZATION": "low utilization",
        "HIGH_UTILIZATION": "utilization above the QSA band",
        "LOW_LOGGED_IN": "low logged-in time",
        "LOW_COMPLETION": "low completion rate",
        "HIGH_COMPLETION": "completion rate not normal",
        "LOW_GET_NEXT": "low Get Next rate",
        "PAUSED_OVER_LIMIT": "paused task over the limit",
        "PAUSED_BEFORE_LAST_DAY": "paused tasks before last day",
        "PAUSED_AFTER_LAST_DAY": "paused tasks after the last day",
        "LONG_HANDLE": "call handle time too long",
        "SHORT_HANDLE": "call handle time too short",
        "STATUS_OVER_ALLOWANCE": "status over its allowance",
    }
)


@dataclass(frozen=True)
class Period:
    """The period a check covers: the calendar day, week (from Monday) or month of as-of."""

    kind: PeriodKind
    start: date
    end: date


@dataclass(frozen=True)
class Flag:
    """One raised check for one caseworker; `subject` is its task type, queue, task or status."""

    check: str
    value: float
    expected: float
    pattern: Pattern
    detail: str
    subject: str | None = None
    #: The days of the trend window on which this flag was raised (today's included).
    trend_days: tuple[date, ...] = ()

    @property
    def subject_key(self) -> str | None:
        return CHECK_SUBJECT[self.check]

    @property
    def title(self) -> str:
        return CHECK_TITLE[self.check]


@dataclass(frozen=True)
class Metrics:
    """The metrics of `spec/kpis.md` for a caseworker or a team over a period."""

    logged_in_minutes: float | None = None
    active_minutes: float | None = None
    idle_minutes: float | None = None
    utilization_pct: float | None = None
    idle_pct: float | None = None
    logged_in_pct: float | None = None
    cases_worked: int = 0
    completed: int = 0
    completion_rate_pct: float | None = None
    get_next_rate_pct: float | None = None
    avg_txn_minutes: float | None = None
    txn_minutes_by_task_type: Mapping[str, float] = field(
        default_factory=lambda: MappingProxyType({})
    )
    #: Transactions behind each task type's mean (not part of the JSON metrics).
    txn_count_by_task_type: Mapping[str, int] = field(default_factory=lambda: MappingProxyType({}))
    #: Scheduled minutes behind logged_in_pct (not part of the JSON metrics).
    scheduled_minutes: float | None = None
    #: Contact centre (day only): calls in the day's newest agent_performance export,
    #: their Handle-weighted mean Avg Handle, and minutes per agent_status column.
    calls_handled: int | None = None
    avg_handle_minutes: float | None = None
    presence_minutes: Mapping[str, float] = field(default_factory=lambda: MappingProxyType({}))
    #: (v2) Scheduled days of the period up to the as-of's day, and those of them before
    #: it lost to absence; null for anyone not judged on a schedule (not a rostered
    #: front-line caseworker). A team's are its members' sums.
    scheduled_days: int | None = None
    absent_days: int | None = None


@dataclass(frozen=True)
class WorkerResult:
    """A caseworker's status now, metrics over the period, and flags."""

    worker_id: str
    name: str | None
    team: str
    status: str | None
    status_minutes: float | None
    task_type: str | None
    metrics: Metrics
    flags: tuple[Flag, ...]

    @property
    def flagged(self) -> bool:
        return bool(self.flags)

    @property
    def trending(self) -> bool:
        return any(f.pattern == "trend" for f in self.flags)


@dataclass(frozen=True)
class TeamResult:
    """A team's roll-up: its metrics (sums first, then ratios) and who is flagged."""

    team: str
    workers: int
    flagged_workers: int
    trending_workers: int
    metrics: Metrics
    supervisor: str | None = None
    coordinator: str | None = None
    #: Live counts from the newest dashboard snapshot (day period only, else 0).
    logged_in_now: int = 0
    active_now: int = 0
    idle_now: int = 0
    #: (v2) Caseworkers flagged NOT_LOGGED_IN now (day period only, else 0).
    not_logged_in: int = 0


@dataclass(frozen=True)
class Source:
    """An export that contributed to the run; `rows` counts its accepted rows."""

    file: str
    kind: str
    rows: int
    export_time: datetime


@dataclass(frozen=True)
class Unused:
    """A drop-folder file read fine that gave the run no row, and why (kpis.md, v2)."""

    file: str
    kind: str
    export_time: datetime
    reason: str


@dataclass(frozen=True)
class CheckResult:
    """Everything one run found, as of one moment, for one period.

    `actions` gives the period's de-duplicated Caseworker Actions rows (`ActionRows`: read
    when asked); `paused` holds the current paused list with `days_paused`;
    `agent_status` the day's newest agent_status rows of the caseworkers (worker_id, team,
    interval_start/end, minutes per status column). All are for drilldowns, in no
    particular order (sort what you show); treat them as read-only.
    """

    as_of: datetime
    period: Period
    workers: tuple[WorkerResult, ...]
    teams: tuple[TeamResult, ...]
    sources: tuple[Source, ...]
    errors: tuple[LoadError, ...]
    actions: ActionRows
    paused: pl.DataFrame
    agent_status: pl.DataFrame = field(default_factory=pl.DataFrame)
    #: The QSA the run was judged by, and its quarter (None: qsa.toml's flat values).
    qsa: QSA = field(default_factory=QSA)
    qsa_quarter: str | None = None
    #: (v2, kpis.md "Freshness") The live snapshot's time S (None without one), its age
    #: in minutes (to the wall clock, or to the as-of with `--at`), and whether it is
    #: stale (no snapshot, or older than `stale_after_minutes`).
    data_as_of: datetime | None = None
    age_minutes: float | None = None
    stale: bool = False
    #: (v2) Working days of the period before the as-of's day without any dashboard
    #: export: nobody's scheduled days.
    missing_days: tuple[date, ...] = ()
    #: (v2) The drop files read fine but not used; with `sources` and `errors`, every
    #: candidate file is accounted for.
    unused: tuple[Unused, ...] = ()
    #: Every caseworker's flags as one frame (`schema.RUN_FLAG_SCHEMA`), in the order of
    #: `workers`: what a recorded run keeps, straight from the engine's frames.
    flag_table: pl.DataFrame = field(default_factory=lambda: pl.DataFrame(schema=RUN_FLAG_SCHEMA))
    _by_id: Mapping[str, WorkerResult] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        # A drilldown and every flag row look caseworkers up by id: indexed once.
        by_id = MappingProxyType({w.worker_id: w for w in self.workers})
        object.__setattr__(self, "_by_id", by_id)

    @property
    def flagged(self) -> bool:
        return any(w.flags for w in self.workers)

    def worker(self, worker_id: str) -> WorkerResult | None:
        return self._by_id.get(worker_id)

    def _flags_of(self, workers: tuple[WorkerResult, ...]) -> pl.DataFrame:
        ids = pl.Series([w.worker_id for w in workers], dtype=pl.String).implode()
        return self.flag_table.filter(pl.col("worker_id").is_in(ids))

    def for_team(self, team: str) -> CheckResult:
        """The same result limited to one team (`--team`)."""
        return CheckResult(
            self.as_of,
            self.period,
            tuple(w for w in self.workers if w.team == team),
            tuple(t for t in self.teams if t.team == team),
            self.sources,
            self.errors,
            self.actions.of_team(team),
            self.paused.filter(pl.col("team") == team),
            self.agent_status.filter(pl.col("team") == team)
            if "team" in self.agent_status.columns
            else self.agent_status,
            self.qsa,
            self.qsa_quarter,
            self.data_as_of,
            self.age_minutes,
            self.stale,
            self.missing_days,
            self.unused,
            self._flags_of(tuple(w for w in self.workers if w.team == team)),
        )

    def coordinator_teams(self, coordinator: str) -> tuple[str, ...]:
        """The teams the roster gives to `coordinator` (its name in any case), in order."""
        wanted = coordinator.strip().casefold()
        return tuple(t.team for t in self.teams if (t.coordinator or "").casefold() == wanted)

    def for_teams(self, teams: Collection[str]) -> CheckResult:
        """The same result limited to some teams (`--coordinator`: a coordinator's)."""
        wanted = set(teams)
        in_teams = pl.col("team").is_in(pl.Series(sorted(wanted), dtype=pl.String).implode())
        return replace(
            self,
            workers=tuple(w for w in self.workers if w.team in wanted),
            teams=tuple(t for t in self.teams if t.team in wanted),
            actions=self.actions.of_teams(wanted),
            paused=self.paused.filter(in_teams) if "team" in self.paused.columns else self.paused,
            agent_status=self.agent_status.filter(in_teams)
            if "team" in self.agent_status.columns
            else self.agent_status,
            flag_table=self._flags_of(tuple(w for w in self.workers if w.team in wanted)),
        )
