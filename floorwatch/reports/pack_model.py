"""A team or floor pack's parts as plain data: the KPIs it shows, their QSA bands, its rows,
flag and paused lines; and a floor's headline recomputed from its teams' summed parts."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Literal

from floorwatch.engine.result import Metrics, TeamResult
from floorwatch.output.json_form import rounded
from floorwatch.settings import QSA

PackKind = Literal["team", "floor"]
#: How many days with data a trend picture shows.
TREND_POINTS = 10
#: The trend-series key of a floor's caseworkers grouped as one.
FLOOR_KEY = "\x00floor"

#: The headline KPIs, in reports.md's order: (metric key, label, unit).
KPIS: tuple[tuple[str, str, str], ...] = (
    ("utilization_pct", "Utilization", "%"),
    ("logged_in_pct", "Logged-in", "%"),
    ("completion_rate_pct", "Completion", "%"),
    ("get_next_rate_pct", "Get Next", "%"),
    ("avg_txn_minutes", "Mean transaction", "min"),
    ("cases_worked", "Cases worked", ""),
    ("absent_days", "Absent days", ""),
    ("calls_handled", "Calls handled", ""),
    ("avg_handle_minutes", "AHT", "min"),
)
CALL_KPIS = ("calls_handled", "avg_handle_minutes")
COUNT_KPIS = ("cases_worked", "absent_days", "calls_handled")
ABOVE, BELOW = "▲", "▼"


@dataclass(frozen=True)
class Band:
    """A KPI's QSA band: below `low` or above `high` (at or above, with `high_inclusive`)
    is outside it. `text` says it in words; a KPI without a band has an empty text."""

    low: float | None = None
    high: float | None = None
    text: str = ""
    high_inclusive: bool = False

    def marker(self, value: float | None) -> str:
        """▲ above the band, ▼ below it, blank inside or without a value."""
        if value is None:
            return ""
        if self.high is not None and (
            value >= self.high if self.high_inclusive else value > self.high
        ):
            return ABOVE
        if self.low is not None and value < self.low:
            return BELOW
        return ""


@dataclass(frozen=True)
class KpiLine:
    """One headline KPI: this period, the QSA band, changes, and its last days."""

    key: str
    label: str
    unit: str
    value: float | None
    band: Band
    previous: float | None
    last_year: float | None
    #: (day, value) for the last days with data; empty: no daily figures for this KPI.
    trend: tuple[tuple[date, float | None], ...]

    @property
    def marker(self) -> str:
        return self.band.marker(self.value)

    @property
    def change_previous(self) -> float | None:
        return _change(self.value, self.previous)

    @property
    def change_last_year(self) -> float | None:
        return _change(self.value, self.last_year)


@dataclass(frozen=True)
class PackRow:
    """A team (floor pack) or a caseworker (team pack) with the headline KPIs."""

    key: str
    name: str
    values: dict[str, float | None]
    markers: dict[str, str]
    flags: int
    trend_flags: int


@dataclass(frozen=True)
class FlagLine:
    """A flag of the period in words, and the follow-ups recorded on it."""

    worker_id: str
    name: str
    team: str
    sentence: str
    pattern: str
    followups: tuple[str, ...]


@dataclass(frozen=True)
class PausedLine:
    """A paused task the pack points out, and why."""

    task_id: str
    worker_id: str
    name: str
    team: str
    task_type: str
    days_paused: float | None
    why: str


@dataclass(frozen=True)
class Pack:
    """Everything a team or floor pack shows, in reports.md's order."""

    kind: PackKind
    scope: str
    title: str
    facts: tuple[str, ...]
    stale: bool
    previous_label: str
    last_year_label: str
    kpis: tuple[KpiLine, ...]
    trend_note: str | None
    row_label: str
    rows: tuple[PackRow, ...]
    flags: tuple[FlagLine, ...]
    paused: tuple[PausedLine, ...]
    missing_days: tuple[date, ...]

    @property
    def first_line(self) -> str:
        """The title with the as-of and scope, STALE when stale (reports.md, shared rules)."""
        return f"{'STALE · ' if self.stale else ''}{self.title}"


def _change(now: float | None, before: float | None) -> float | None:
    return None if now is None or before is None else rounded(now - before)


def bands(qsa: QSA) -> dict[str, Band]:
    """Each headline KPI's QSA band (the ranges the checks judge by)."""
    tol = qsa.tolerance_pct
    out = {
        "utilization_pct": Band(
            qsa.utilization_pct - tol,
            qsa.utilization_pct + tol,
            f"{qsa.utilization_pct:g} ± {tol:g}",
        ),
        "logged_in_pct": Band(qsa.logged_in_pct - tol, None, f"≥ {qsa.logged_in_pct - tol:g}"),
        "completion_rate_pct": Band(
            qsa.completion_low_pct,
            qsa.completion_abnormal_pct,
            f"{qsa.completion_low_pct:g} to < {qsa.completion_abnormal_pct:g}",
            high_inclusive=True,  # "at or above abnormal" is what the check flags
        ),
        "get_next_rate_pct": Band(
            qsa.get_next_target_pct - qsa.get_next_tolerance_pct,
            None,
            f"≥ {qsa.get_next_target_pct - qsa.get_next_tolerance_pct:g}",
        ),
        # Transaction times have a QSA per task type only: the flags judge them.
        "avg_txn_minutes": Band(text="per task type"),
    }
    if qsa.call_handle_minutes is not None:
        aht, ctol = qsa.call_handle_minutes, qsa.call_tolerance_minutes
        out["avg_handle_minutes"] = Band(aht - ctol, aht + ctol, f"{aht:g} ± {ctol:g}")
    return out


def metric_value(metrics: Metrics, key: str) -> float | None:
    """A metric as `check --format json` prints it (counts whole, the rest rounded)."""
    value = getattr(metrics, key, None)  # absent_days: v2 engines only
    if value is None:
        return None
    return int(value) if key in COUNT_KPIS else rounded(float(value))


def floor_values(teams: Sequence[TeamResult]) -> dict[str, float | None]:
    """The floor's headline from its teams' summed parts (see the module doc)."""
    ms = [t.metrics for t in teams]

    def total(key: str) -> float | None:
        parts = [getattr(m, key, None) for m in ms]
        known = [p for p in parts if p is not None]
        return sum(known) if known else None

    def ratio(part: float | None, whole: float | None) -> float | None:
        return None if part is None or not whole else rounded(part / whole * 100)

    cases = sum(m.cases_worked for m in ms)
    # Each team's Get Next count is its rate of its cases (a whole number, recovered).
    get_next = [
        round(m.get_next_rate_pct * m.cases_worked / 100)
        for m in ms
        if m.get_next_rate_pct is not None
    ]
    txn = [(m.txn_minutes_by_task_type, m.txn_count_by_task_type) for m in ms]
    txn_count = sum(c for _, counts in txn for c in counts.values())
    txn_minutes = sum(means[t] * counts.get(t, 0) for means, counts in txn for t in means)
    calls = total("calls_handled")
    handled = [
        (m.avg_handle_minutes, m.calls_handled)
        for m in ms
        if m.avg_handle_minutes is not None and m.calls_handled
    ]
    handled_calls = sum(c for _, c in handled)
    absent = total("absent_days")
    return {
        "utilization_pct": ratio(total("active_minutes"), total("logged_in_minutes")),
        "logged_in_pct": ratio(total("logged_in_minutes"), total("scheduled_minutes")),
        "completion_rate_pct": ratio(sum(m.completed for m in ms), cases),
        "get_next_rate_pct": ratio(sum(get_next), cases) if get_next else None,
        "avg_txn_minutes": rounded(txn_minutes / txn_count) if txn_count else None,
        "cases_worked": cases,
        "absent_days": None if absent is None else int(absent),
        "calls_handled": None if calls is None else int(calls),
        "avg_handle_minutes": rounded(sum(a * c for a, c in handled) / handled_calls)
        if handled_calls
        else None,
    }
