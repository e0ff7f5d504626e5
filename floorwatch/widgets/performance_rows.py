"""The Performance screen's rows: a team's or a caseworker's KPI cells for a period,
their change against the compared period, calls, and a trend line."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import time

from rich.text import Text

from floorwatch.engine.result import CheckResult, Flag, Metrics
from floorwatch.engine.series import DailySeries, series_by_key
from floorwatch.settings import QSA
from floorwatch.widgets.calls import CALL_COLUMNS, call_cells, has_calls
from floorwatch.widgets.cells import EMPTY, flag_marker
from floorwatch.widgets.period_cells import KPIS, kpi_row, sparkline

#: A caseworker's name is cut to this many cells (with its !/!! marker).
NAME_WIDTH = 20
Rows = dict[str, dict[str, object]]


@dataclass(frozen=True)
class RowShape:
    """How the table shows its rows: the QSA judged by, wide (changes, calls, trend
    lines) or compact, the KPI of the trend line and how many days it spans."""

    qsa: QSA
    wide: bool
    spark_kpi: str
    spark_days: int


def team_rows(
    result: CheckResult,
    compared: CheckResult | None,
    series: DailySeries | None,
    shape: RowShape,
    shown: set[str] | None,
) -> Rows:
    """One row per team (of `shown`, else every team), by name."""
    before = {t.team: t.metrics for t in compared.teams} if compared else {}
    lines = series_by_key(series.teams, "team", shape.spark_kpi, series.days) if series else {}
    with_calls = shape.wide and has_calls(result.workers)
    rows: Rows = {}
    for team in sorted(result.teams, key=lambda t: t.team.casefold()):
        if shown is not None and team.team not in shown:
            continue
        cells = _cells(team.metrics, before, team.team, None, shape, compared)
        rows[team.team] = _row(team.team, None, cells, lines, shape)
        rows[team.team].update(_calls(team.metrics, shape.qsa, with_calls))
    return rows


def caseworker_rows(
    result: CheckResult,
    compared: CheckResult | None,
    series: DailySeries | None,
    shape: RowShape,
    team: str,
) -> Rows:
    """One row per caseworker of `team`, by name, the name marked ! or !! when flagged."""
    before = {w.worker_id: w.metrics for w in compared.workers} if compared else {}
    lines = (
        series_by_key(series.workers, "worker_id", shape.spark_kpi, series.days) if series else {}
    )
    with_calls = shape.wide and has_calls(result.workers)
    rows: Rows = {}
    members = [w for w in result.workers if w.team == team]
    for w in sorted(members, key=lambda w: (w.name or w.worker_id).casefold()):
        cells = _cells(w.metrics, before, w.worker_id, w.flags, shape, compared)
        name = Text(" ") + flag_marker(w.flags)
        name.append(f"{' ' if w.flags else ''}{w.name or EMPTY} ")
        name.truncate(NAME_WIDTH, overflow="ellipsis")
        rows[w.worker_id] = _row(w.worker_id, name, cells, lines, shape)
        rows[w.worker_id].update(_calls(w.metrics, shape.qsa, with_calls))
    return rows


def _cells(
    metrics: Metrics,
    before: dict[str, Metrics],
    key: str,
    flags: tuple[Flag, ...] | None,
    shape: RowShape,
    compared: CheckResult | None,
) -> list[Text]:
    """A row's KPI cells; a row missing from the compared period shows dashes."""
    previous = before.get(key, Metrics()) if compared is not None else None
    with_change = shape.wide and compared is not None
    return kpi_row(metrics, previous, shape.qsa, flags, with_change=with_change)


def _calls(metrics: Metrics, qsa: QSA, shown: bool) -> dict[str, object]:
    """The Calls and AHT cells, when the table shows them."""
    if not shown:
        return {}
    return {k: _padded(c) for k, c in zip(CALL_COLUMNS, call_cells(metrics, qsa), strict=True)}


def _row(
    key: str,
    name: Text | None,
    cells: list[Text],
    lines: dict[str, list[float | None]],
    shape: RowShape,
) -> dict[str, object]:
    row: dict[str, object] = {"key": key, "name": name}
    # The table has no cell padding (six KPIs and their changes fit 120 columns so):
    # each cell brings its own leading space.
    row.update((k, _padded(c)) for k, c in zip(KPIS, cells, strict=True))
    row["trend"] = Text(" ") + sparkline(lines.get(key, [])[-shape.spark_days :])
    return row


def _padded(cell: Text) -> Text:
    """A number cell with a leading space (the table has no padding), still right-aligned."""
    padded = Text(" ") + cell
    padded.justify = "right"
    return padded


def reach_warning(compared: CheckResult) -> str:
    """A warning when the compared period's data stops before its as-of's day: the history
    holds no dashboard export of that day by that time (only later ones), so the change is
    against fewer days than the period shown."""
    if compared.as_of.time() != time.max:  # cut at a time of day (a finished one is whole)
        newest = max(
            (s.export_time for s in compared.sources if s.kind == "dashboard"), default=None
        )
        if newest is None or newest.date() < compared.as_of.date():
            to = f"{newest:%a %d %H:%M}" if newest else "nothing"
            return (
                f" (no export of {compared.as_of:%a %d} by {compared.as_of:%H:%M} in the history:"
                f" its data runs to {to})"
            )
    return ""
