"""The MI return's figures from summed parts, and the RAG letter of a banded measure.

A month's cell for one team is the check's own metric. A cell that covers more than one
check's team (the floor, a coordinator's teams) or more than one month (the Year column)
is recomputed here from summed parts — minutes, counts, FTE — never as a mean of
percentages (reports.md, "Year column").
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from types import MappingProxyType

from floorwatch.engine.result import Metrics
from floorwatch.settings import QSA


def _frozen(d: Mapping | None = None) -> Mapping:
    return MappingProxyType(dict(d or {}))


@dataclass(frozen=True)
class Parts:
    """What one scope's figures of one month (or of a year) are made of.

    Stocks (FTE, headcount, paused tasks) are as of the column's moment; flows (minutes,
    counts, days lost) are the month's sums. None: nothing to sum (no dashboard row, no
    rostered front-line caseworker, no contact-centre row).
    """

    #: FTE per role key (`mi_staff.role_key`), of the people employed at the moment.
    fte: Mapping[str, float] = field(default_factory=_frozen)
    headcount: float = 0
    absent_days: float | None = None
    active_minutes: float | None = None
    logged_in_minutes: float | None = None
    scheduled_minutes: float | None = None
    cases_worked: int = 0
    completed: int = 0
    #: Transactions with Source Get Next, and whether any transaction had a Source.
    get_next: float = 0.0
    get_next_known: bool = False
    txn_minutes: float = 0.0
    cases_by_type: Mapping[str, int] = field(default_factory=_frozen)
    paused: float = 0
    paused_over_limit: float = 0
    calls_handled: int | None = None
    #: Sum of Avg Handle x Handle, and the calls behind it.
    handle_minutes: float = 0.0
    handled_calls: int = 0


def _add(a: float | None, b: float | None) -> float | None:
    if a is None:
        return b
    return a if b is None else a + b


def work_parts(m: Metrics) -> dict[str, object]:
    """The work parts of a check's team metrics (the Parts fields outside staffing)."""
    cases = m.cases_worked
    return {
        "absent_days": m.absent_days,
        "active_minutes": m.active_minutes,
        "logged_in_minutes": m.logged_in_minutes,
        "scheduled_minutes": m.scheduled_minutes,
        "cases_worked": cases,
        "completed": m.completed,
        # The rate is Get Next transactions / cases x 100: the count comes back whole.
        "get_next": 0.0
        if m.get_next_rate_pct is None
        else float(round(m.get_next_rate_pct * cases / 100)),
        "get_next_known": m.get_next_rate_pct is not None,
        "txn_minutes": 0.0 if m.avg_txn_minutes is None else m.avg_txn_minutes * cases,
        "cases_by_type": _frozen(m.txn_count_by_task_type),
        "calls_handled": m.calls_handled,
        "handle_minutes": (m.avg_handle_minutes or 0.0) * (m.calls_handled or 0)
        if m.avg_handle_minutes is not None
        else 0.0,
        "handled_calls": (m.calls_handled or 0) if m.avg_handle_minutes is not None else 0,
    }


def summed(parts: Sequence[Parts]) -> Parts:
    """Several teams' parts of the same moment: everything added."""
    fte: dict[str, float] = {}
    types: dict[str, int] = {}
    for p in parts:
        for k, v in p.fte.items():
            fte[k] = fte.get(k, 0.0) + v
        for k, c in p.cases_by_type.items():
            types[k] = types.get(k, 0) + c
    out = Parts(fte=_frozen(fte), cases_by_type=_frozen(types))
    values: dict[str, object] = {}
    for name in ("absent_days", "active_minutes", "logged_in_minutes", "scheduled_minutes"):
        total: float | None = None
        for p in parts:
            total = _add(total, getattr(p, name))
        values[name] = total
    calls: int | None = None
    for p in parts:
        if p.calls_handled is not None:
            calls = (calls or 0) + p.calls_handled
    for name in (
        "headcount",
        "cases_worked",
        "completed",
        "get_next",
        "txn_minutes",
        "paused",
        "paused_over_limit",
        "handle_minutes",
        "handled_calls",
    ):
        values[name] = sum(getattr(p, name) for p in parts)
    values["get_next_known"] = any(p.get_next_known for p in parts)
    values["calls_handled"] = calls
    return replace(out, **values)


def year_parts(months: Sequence[Parts]) -> Parts:
    """The Year column: flows summed over the months with data; stocks (FTE, headcount,
    paused tasks) the mean over those months (reports.md; paused tasks are a stock too)."""
    total = summed(months)
    n = len(months) or 1
    return replace(
        total,
        fte=_frozen({k: v / n for k, v in total.fte.items()}),
        headcount=total.headcount / n,
        paused=total.paused / n,
        paused_over_limit=total.paused_over_limit / n,
    )


def _ratio(part: float | None, whole: float | None, scale: float = 100.0) -> float | None:
    return None if part is None or not whole else part / whole * scale


def derived(p: Parts, front_line_key: str) -> dict[str, float | None]:
    """Every measure that is a ratio of parts (unrounded), by measure key."""
    front = p.fte.get(front_line_key)
    return {
        "utilization_pct": _ratio(p.active_minutes, p.logged_in_minutes),
        "logged_in_pct": _ratio(p.logged_in_minutes, p.scheduled_minutes),
        "completion_rate_pct": _ratio(p.completed, p.cases_worked),
        "get_next_rate_pct": _ratio(p.get_next, p.cases_worked) if p.get_next_known else None,
        "avg_txn_minutes": _ratio(p.txn_minutes, p.cases_worked, 1.0),
        "avg_handle_minutes": _ratio(p.handle_minutes, p.handled_calls, 1.0),
        "absent_per_fte": _ratio(p.absent_days, front, 1.0),
        "completed_per_fte": _ratio(p.completed, front, 1.0),
    }


#: The measures with a QSA band, and so a RAG row (reports.md "RAG").
RAG_KEYS = (
    "completion_rate_pct",
    "get_next_rate_pct",
    "utilization_pct",
    "logged_in_pct",
    "avg_handle_minutes",
)


def band_of(key: str, qsa: QSA) -> tuple[float | None, float | None, bool, float] | None:
    """(low, high, high_inclusive, tolerance) of a banded measure; None without a band.

    Below low, or above high (at or above it when high_inclusive), a caseworker with that
    value would be flagged. Completion's band is completion_low_pct .. completion_abnormal_pct
    (at or above abnormal is "not normal"), with the QSA's percentage tolerance.
    """
    tol = qsa.tolerance_pct
    if key == "utilization_pct":
        return qsa.utilization_pct - tol, qsa.utilization_pct + tol, False, tol
    if key == "logged_in_pct":
        return qsa.logged_in_pct - tol, None, False, tol
    if key == "completion_rate_pct":
        return qsa.completion_low_pct, qsa.completion_abnormal_pct, True, tol
    if key == "get_next_rate_pct":
        gtol = qsa.get_next_tolerance_pct
        return qsa.get_next_target_pct - gtol, None, False, gtol
    if key == "avg_handle_minutes" and qsa.call_handle_minutes is not None:
        ctol = qsa.call_tolerance_minutes
        return qsa.call_handle_minutes - ctol, qsa.call_handle_minutes + ctol, False, ctol
    return None


def rag(key: str, value: float | None, qsa: QSA) -> str:
    """`G` inside the band (the value would raise no flag), `A` outside it by no more than
    one more tolerance, `R` beyond; "" without a value or a band. Unrounded values."""
    band = band_of(key, qsa)
    if value is None or band is None:
        return ""
    low, high, high_inclusive, tol = band
    if low is not None and value < low:
        return "A" if low - value <= tol else "R"
    if high is not None and (value >= high if high_inclusive else value > high):
        return "A" if value - high <= tol else "R"
    return "G"
