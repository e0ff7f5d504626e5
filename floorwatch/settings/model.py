"""The settings of `spec/kpis.md`, with their defaults, as immutable values."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, time
from pathlib import Path
from types import MappingProxyType


def _frozen(d: Mapping | None = None) -> Mapping:
    return MappingProxyType(dict(d or {}))


@dataclass(frozen=True)
class QueueRange:
    """A queue's own completion range from the QSA (either end may be unset)."""

    completion_low_pct: float | None = None
    completion_high_pct: float | None = None


@dataclass(frozen=True)
class QSA:
    """Quarterly Statewide Averages and their tolerances (`config/qsa.toml`)."""

    utilization_pct: float = 75.0
    logged_in_pct: float = 90.0
    tolerance_pct: float = 5.0
    txn_tolerance_minutes: float = 5.0
    task_types: Mapping[str, float] = field(default_factory=_frozen)
    get_next_target_pct: float = 80.0
    get_next_tolerance_pct: float = 5.0
    completion_low_pct: float = 60.0
    completion_abnormal_pct: float = 95.0
    queues: Mapping[str, QueueRange] = field(default_factory=_frozen)
    call_handle_minutes: float | None = None
    call_tolerance_minutes: float = 5.0


@dataclass(frozen=True)
class Settings:
    """Everything in `config/floorwatch.toml`, plus the QSA."""

    shift_start: time = time(8, 0)
    shift_minutes: float = 480.0
    idle_alert_minutes: float = 15.0
    min_txn_count: int = 3
    min_cases: int = 5
    paused_limit_days: float = 2.0
    resign_warning_days: int = 5
    check_times: tuple[time, ...] = (time(9, 0), time(11, 0), time(13, 30), time(15, 30))
    trend_window_days: int = 5
    trend_min_days: int = 3
    min_judged_minutes: float = 60.0
    status_allowance_minutes: Mapping[str, float] = field(default_factory=_frozen)
    drop_dir: Path | None = None
    data_dir: Path | None = None
    #: Where the TUI's save key writes tables (None: the user's documents folder).
    save_dir: Path | None = None
    stale_after_minutes: float = 20.0
    #: (v2) Default working weekdays (Monday 0); the roster's Work Days wins per worker.
    work_days: tuple[int, ...] = (0, 1, 2, 3, 4)
    #: (v2) Dates nobody is scheduled.
    holidays: frozenset[date] = frozenset()
    #: (v2) Minutes after shift start before NOT_LOGGED_IN.
    late_login_minutes: float = 15.0
    #: "working": Sat, Sun and holidays do not count towards paused time; "calendar": all do.
    paused_days: str = "working"
    bell: bool = False
    force_polling: bool = False
    poll_seconds: float = 2.0
    #: (v2) "wall": now is the real clock (an export from the future is refused);
    #: "exports": now is the newest export time seen (simulated floors, replays).
    clock: str = "wall"
    #: (v2) How a slash date no value of its column decides is read: "MDY" or "DMY".
    date_order: str = "MDY"
    #: The first month of the fiscal year (`report mi`, reports.md): 4 = April..March.
    fiscal_year_start_month: int = 4
    qsa: QSA = field(default_factory=QSA)
    #: qsa.toml's `[quarters.YYYYQn]`, each complete (keys it leaves out are `qsa`'s);
    #: `settings.quarters.qsa_in_force` picks the one judging a period.
    qsa_quarters: Mapping[str, QSA] = field(default_factory=_frozen)


@dataclass(frozen=True)
class ColumnMap:
    """Extra accepted header spellings and duration units per kind (`config/columns.toml`).

    `aliases[kind][internal_name]` lists header spellings added to the canonical one;
    `units[kind][internal_name]` is `"ms"`, `"s"` or `"min"` for plain-number durations.
    """

    aliases: Mapping[str, Mapping[str, tuple[str, ...]]] = field(default_factory=_frozen)
    units: Mapping[str, Mapping[str, str]] = field(default_factory=_frozen)

    def headers_for(self, kind: str, name: str, canonical: str) -> tuple[str, ...]:
        """Every accepted spelling of a column, the canonical header first."""
        return (canonical, *self.aliases.get(kind, {}).get(name, ()))

    def unit_for(self, kind: str, name: str) -> str | None:
        return self.units.get(kind, {}).get(name)
