"""Trend chart (`t` on a Performance row): one KPI day by day with axes and its QSA band,
and each flag's trend history (the days of the trend window it was raised on).

Seed 000: "Pull longer timeframes to identify trends vs. one-time events"; seed 002:
"provide trend lines for results". The chart is textual-plotext's PlotextPlot.
"""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import Static
from textual_plotext import PlotextPlot

from floorwatch.engine.result import CheckResult, Flag
from floorwatch.engine.series import DailySeries, series_by_key
from floorwatch.screens.base import FloorwatchScreen
from floorwatch.settings import QSA
from floorwatch.widgets.cells import BAD, EMPTY, FLAG_WORD, WARN_SOFT
from floorwatch.widgets.keyed_table import KeyedTable
from floorwatch.widgets.period_cells import KPI_SHORT, KPIS


def band(kpi: str, qsa: QSA) -> list[tuple[float, str]]:
    """The QSA lines drawn across a KPI's chart: (value, label)."""
    tol = qsa.tolerance_pct
    if kpi == "utilization_pct":
        return [(qsa.utilization_pct - tol, "QSA-tol"), (qsa.utilization_pct + tol, "QSA+tol")]
    if kpi == "logged_in_pct":
        return [(qsa.logged_in_pct - tol, "QSA-tol")]
    if kpi == "completion_rate_pct":
        return [(qsa.completion_low_pct, "low"), (qsa.completion_abnormal_pct, "not normal")]
    if kpi == "get_next_rate_pct":
        return [(qsa.get_next_target_pct - qsa.get_next_tolerance_pct, "target-tol")]
    return []  # cases have no QSA; transaction time has one per task type


def raised_days(flag: Flag) -> str:
    """The days a flag was raised on in its trend window, e.g. 'Wed 18, Thu 19, Mon 23'."""
    return ", ".join(f"{d:%a %d}" for d in flag.trend_days) or EMPTY


#: `s` `S` show as one footer key, "s S KPI".
KPI_GROUP = Binding.Group("next/prev KPI")


class TrendScreen(FloorwatchScreen):
    """A caseworker's or a team's KPIs over the last four weeks, one chart at a time."""

    CSS_PATH = "trend.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("s", "kpi(1)", "Next KPI", tooltip="Chart the next KPI", group=KPI_GROUP),
        Binding(
            "S",
            "kpi(-1)",
            "Prev KPI",
            key_display="S",
            tooltip="Chart the previous KPI",
            group=KPI_GROUP,
        ),
    ]

    def __init__(self, key: str, *, is_team: bool, result: CheckResult, series: DailySeries):
        super().__init__()
        self.subject = key
        self.is_team = is_team
        self.result = result
        self.series = series
        self.kpi = KPIS[0]

    @property
    def crumb(self) -> str:  # type: ignore[override]
        return f"Trend {self.subject}"

    def compose_body(self) -> ComposeResult:
        yield Static(id="trend-title")
        yield PlotextPlot(id="chart")
        yield Static("Flags today and the days of their trend window", classes="heading")
        table = KeyedTable(id="flag-days", show_cursor=False)
        table.show_columns([(c, c) for c in ("Caseworker", "Flag", "Raised on", "Pattern")])
        yield table

    def on_mount(self) -> None:
        self.query_one("#chart").focus()

    def show_data(self) -> None:
        self._chart()
        self._flags()

    def _chart(self) -> None:
        frame = self.series.teams if self.is_team else self.series.workers
        key = "team" if self.is_team else "worker_id"
        values = series_by_key(frame, key, self.kpi, self.series.days).get(self.subject, [])
        points = [(d, v) for d, v in zip(self.series.days, values, strict=False) if v is not None]
        who = f"Team {self.subject}" if self.is_team else self._worker_label()
        title = Text(f"{who} · {KPI_SHORT[self.kpi]} per day", style="bold")
        if self.series.days:
            first, last = self.series.days[0], self.series.days[-1]
            title.append(f" · {first:%d %b}–{last:%d %b}: {len(points)} days with data")
        lines = band(self.kpi, self.fw.qsa)
        if lines:
            title.append(" · red: " + ", ".join(f"{label} {value:g}" for value, label in lines))
        self.query_one("#trend-title", Static).update(title)
        plot = self.query_one(PlotextPlot)
        plt = plot.plt
        plt.clear_data()
        plt.clear_figure()
        plt.date_form("d/m")
        plt.xlabel("day")
        plt.ylabel(KPI_SHORT[self.kpi])
        if points:
            dates = [f"{d:%d/%m}" for d, _ in points]
            plt.plot(dates, [v for _, v in points], marker="braille")
            for value, _ in band(self.kpi, self.fw.qsa):
                plt.hline(value, "red")
        else:
            plt.title("no data in the history for these days")
        plot.refresh()

    def _worker_label(self) -> str:
        worker = self.result.worker(self.subject)
        return f"{worker.name} ({self.subject})" if worker and worker.name else self.subject

    def _flags(self) -> None:
        table = self.query_one("#flag-days", KeyedTable)
        day = self.fw.result
        if day is None:
            table.sync({}, [])
            return
        people = [
            w
            for w in day.workers
            if (w.team == self.subject if self.is_team else w.worker_id == self.subject)
        ]
        rows = []
        for worker in people:
            for flag in worker.flags:
                word = FLAG_WORD.get(flag.check, flag.check)
                trend = flag.pattern == "trend"
                cells = (
                    Text(worker.name or worker.worker_id),
                    Text(f"{word} {flag.subject}" if flag.subject else word),
                    Text(raised_days(flag)),
                    Text("!! trend" if trend else "! once", style=BAD if trend else WARN_SOFT),
                )
                rows.append((f"{worker.worker_id} {flag.check} {flag.subject}", cells))
        table.sync_rows(rows)

    def action_kpi(self, step: int) -> None:
        self.kpi = KPIS[(KPIS.index(self.kpi) + step) % len(KPIS)]
        self._chart()
