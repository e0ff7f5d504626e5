"""Cells of the Performance screen: a KPI with its band marker and its change, sparklines.

Colour is never the only sign: out-of-band values carry ▲/▼ (as on every screen), a change
carries its sign, and a sparkline is made of block heights.
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text

from floorwatch.engine.result import Flag, Metrics
from floorwatch.engine.series import SERIES_KPIS
from floorwatch.figures import figure
from floorwatch.reports.spark import block_line
from floorwatch.settings import QSA
from floorwatch.widgets.cells import ABOVE, BELOW, EMPTY, WARN, kpi_cells
from floorwatch.widgets.table_values import valued

#: The KPIs of the KPI level screen (seed 000, Appendix A "Weekly"), in column order:
#: the ones the engine draws trend lines of.
KPIS = SERIES_KPIS
#: Short names, for the trend column header and the chart title.
KPI_SHORT = {
    "utilization_pct": "Util%",
    "logged_in_pct": "LogIn%",
    "cases_worked": "Cases",
    "avg_txn_minutes": "Txn min",
    "completion_rate_pct": "Compl%",
    "get_next_rate_pct": "GetNx%",
}


def sparkline(values: Sequence[float | None]) -> Text:
    """Unicode blocks scaled between the values' own min and max; a gap is a space."""
    return Text(block_line(values), style="cyan")


def txn_marker(flags: Sequence[Flag] | None, metrics: Metrics, qsa: QSA) -> str:
    """▲/▼ for a transaction time outside the QSA band.

    A caseworker's comes from their LONG_TXN / SHORT_TXN flags (which respect
    min_txn_count); a team has no flags, so any task type whose team mean is outside its
    QSA +/- tolerance marks it.
    """
    if flags is not None:
        checks = {f.check for f in flags}
        return ABOVE if "LONG_TXN" in checks else BELOW if "SHORT_TXN" in checks else ""
    tol = qsa.txn_tolerance_minutes
    means = [
        (mean, qsa.task_types[t])
        for t, mean in metrics.txn_minutes_by_task_type.items()
        if t in qsa.task_types
    ]
    if any(mean > expected + tol for mean, expected in means):
        return ABOVE
    if any(mean < expected - tol for mean, expected in means):
        return BELOW
    return ""


def _value(metrics: Metrics, kpi: str) -> float | None:
    value = getattr(metrics, kpi)
    return None if value is None else float(value)


def change(now: Metrics, before: Metrics | None, kpi: str) -> str:
    """The signed change of one KPI since the comparison period; blank without one."""
    if before is None:
        return ""
    a, b = _value(now, kpi), _value(before, kpi)
    if a is None or b is None:
        return EMPTY
    digits = 0 if kpi == "cases_worked" else 1
    return figure(a - b, digits, signed=True)


def kpi_row(
    metrics: Metrics,
    before: Metrics | None,
    qsa: QSA,
    flags: Sequence[Flag] | None,
    *,
    with_change: bool,
) -> list[Text]:
    """The six KPI cells: value, ▲/▼ outside the band, then the change (when wide)."""
    util, logged_in, completion, get_next = kpi_cells(metrics, qsa)
    marker = txn_marker(flags, metrics, qsa)
    txn_value = figure(metrics.avg_txn_minutes)
    txn = Text(f"{txn_value} {marker or ' '}", style=WARN if marker else "", justify="right")
    cases = Text(f"{metrics.cases_worked}  ", justify="right")
    cells = [util, logged_in, cases, txn, completion, get_next]
    out = []
    for kpi, cell in zip(KPIS, cells, strict=True):
        joined = cell.copy()
        if with_change:
            delta = change(metrics, before, kpi)
            joined.append(f" {delta:>5}" if before is not None else " " * 6, style="dim")
        # The KPI's value rides along: a sort (z) reads it, not "76.4  +0.1" as text.
        out.append(valued(joined, _value(metrics, kpi)))
    return out
