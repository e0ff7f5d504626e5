"""Performance (`r`): the seeds' "KPI level screen" for a week or a month.

One row per team (the floor, a coordinator's view) or per caseworker (a team), with each
KPI against its QSA band, the change since the previous period (or, with `y`, since the
same period last year) and a trend line of the last four weeks. `w` `m` pick the period,
`<` `>` step through earlier ones. Every period is checked by `run_check` in a thread
worker, exactly as `floorwatch check --period week --at ...` would (`period_screen.py`);
the screen renders.
"""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import Static

from floorwatch.engine.result import CheckResult
from floorwatch.engine.stepping import PeriodView, StepKind, step_view, switch_kind
from floorwatch.screens.keys import switch_team_keys
from floorwatch.screens.period_screen import PeriodCache, PeriodScreen
from floorwatch.settings import QSA
from floorwatch.widgets.as_of_bar import AsOfBar
from floorwatch.widgets.calls import CALL_COLUMNS, call_headers, has_calls
from floorwatch.widgets.cells import EMPTY, WARN, kpi_headers
from floorwatch.widgets.keyed_table import KeyedTable
from floorwatch.widgets.performance_rows import RowShape, caseworker_rows, reach_warning, team_rows
from floorwatch.widgets.period_cells import KPI_SHORT, KPIS

#: Working days in a table's trend line (the chart, `t`, shows four weeks).
SPARK_DAYS = 10


#: Pairs the footer shows as one key each: "w m week/month", "< > step".
KIND_GROUP = Binding.Group("week/month")
STEP_GROUP = Binding.Group("step")


class PerformanceScreen(PeriodScreen):
    """Week or month KPIs per team (floor) or per caseworker (team), with comparisons."""

    CSS_PATH = "performance.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "open", "Open", priority=True, tooltip="Drill into this row"),
        Binding("w", "kind('week')", "Week", tooltip="Weeks (from Monday)", group=KIND_GROUP),
        Binding("m", "kind('month')", "Month", tooltip="Months", group=KIND_GROUP),
        Binding(
            "less_than_sign",
            "step(-1)",
            "Earlier",
            key_display="<",
            tooltip="One earlier",
            group=STEP_GROUP,
        ),
        Binding(
            "greater_than_sign",
            "step(1)",
            "Later",
            key_display=">",
            tooltip="One later",
            group=STEP_GROUP,
        ),
        Binding(
            "y",
            "toggle_compare",
            "vs last year",
            tooltip="Change since the previous period, or since the same period last year",
        ),
        Binding("t", "trend", "Trend chart", tooltip="This row's KPIs day by day, with axes"),
        Binding("s", "spark", "Trend KPI", show=False, tooltip="Which KPI the trend column draws"),
        *switch_team_keys(show=False),
    ]

    def __init__(
        self,
        team: str | None = None,
        *,
        kind: StepKind = "week",
        view: PeriodView | None = None,
        cache: PeriodCache | None = None,
    ) -> None:
        super().__init__(kind=kind, view=view, cache=cache)
        #: None: the floor, one row per team.
        self.team = team
        self.spark_kpi = KPIS[0]

    @property
    def crumb(self) -> str:  # type: ignore[override]
        return f"Performance {self.team}" if self.team else "Performance"

    def save_scope(self) -> str:
        """A saved table's scope names the period on show ("Week of Mon 16 Nov 2026")."""
        return f"{self.crumb} {self.view.label()}" if self.view else self.crumb

    def compose_body(self) -> ComposeResult:
        yield Static(id="period")
        # Two header lines: the KPI and its band, then what its change is against.
        yield KeyedTable("key", id="kpis", cell_padding=0, header_height=2)
        yield Static(id="legend")

    def on_mount(self) -> None:
        self.set_focus(self.query_one(KeyedTable))

    # -- rendering -----------------------------------------------------------------------
    @property
    def _qsa(self) -> QSA:
        """The QSA the shown period was judged by (its quarter's), else the app's."""
        result = self.cache.results.get(self.view) if self.view else None
        return result.qsa if result is not None else self.fw.qsa

    def columns(self) -> list[tuple[str, str]]:
        util, logged_in, completion, get_next = kpi_headers(self._qsa)
        labels = [util, logged_in, "Cases", "Txn min", completion, get_next]
        columns = [("key", "ID"), ("name", "Caseworker")] if self.team else [("key", "Team")]
        # The second header line says what each change is against; none without changes.
        self.query_one(KeyedTable).header_height = 1 if self.compact else 2
        if self.compact:
            return [*columns, *((k, f" {label}") for k, label in zip(KPIS, labels, strict=True))]
        word = "Δ" if self.compare == "previous" else "Δyr"
        if self.view is not None and not self.view.complete:
            # In progress: the change is against the other period to the same time of day.
            word += f" to {self.view.at:%H:%M}"
        kpis = [(k, f" {label}\n {word}") for k, label in zip(KPIS, labels, strict=True)]
        # Calls over the week or month (v2), where the period has Genesys Cloud data.
        calls = [(k, f" {h}") for k, h in zip(CALL_COLUMNS, call_headers(), strict=True)]
        return [
            *columns,
            *kpis,
            *(calls if self._has_calls() else []),
            ("trend", f" {KPI_SHORT[self.spark_kpi]} {SPARK_DAYS} days"),
        ]

    def _has_calls(self) -> bool:
        result = self.cache.results.get(self.view) if self.view else None
        return result is not None and has_calls(result.workers)

    def show_data(self) -> None:
        self._line_up()
        table = self.query_one(KeyedTable)
        period = self.query_one("#period", Static)
        self.query_one("#legend", Static).update(self._legend())
        if self.view is None:
            period.update(self.no_data_words())
            return
        self._ensure_computed()
        result = self.cache.results.get(self.view, None)
        if self.view not in self.cache.results:
            period.update(Text(f"{self.view.label()}: computing…", style="bold"))
            table.set_class(True, "-loading")
            return
        table.set_class(False, "-loading")
        if result is None:
            table.clear()
            period.update(Text(f"{self.view.label()}: no data in the history for this period."))
            return
        compared = self.cache.results.get(self._compared() or self.view)
        table.show_columns(self.columns())
        rows, order = self._rows(result, compared)
        table.sync(rows, order)
        period.update(self._title(result, compared))

    def _rows(
        self, result: CheckResult, compared: CheckResult | None
    ) -> tuple[dict[str, dict[str, object]], list[str]]:
        series = self.cache.series.get(self.view) if self.view else None
        if self.team is None:
            shown = set(self.fw.team_names()) if self.fw.coordinator else None
            rows = team_rows(result, compared, series, self._shape(), shown)
        else:
            rows = caseworker_rows(result, compared, series, self._shape(), self.team)
        return rows, list(rows)

    def _shape(self) -> RowShape:
        return RowShape(self._qsa, not self.compact, self.spark_kpi, SPARK_DAYS)

    def _title(self, result: CheckResult, compared: CheckResult | None) -> Text:
        view = self.view
        assert view is not None
        text = Text(view.label(), style="bold")
        where = f" · team {self.team}" if self.team else f" · {len(result.teams)} teams"
        text.append(where)
        other = self._compared()
        word = "previous" if self.compare == "previous" else "last year"
        if other is not None and other not in self.cache.results:
            text.append(f" · vs {word}: computing…")
        elif compared is None:
            text.append(f" · vs {word}: not in the history")
        else:
            text.append(f" · Δ vs {word}: {other.label() if other else EMPTY}")
            text.append(reach_warning(compared), style=WARN)
        return text

    def _legend(self) -> Text:
        if self.compact:
            return Text("▲/▼ outside the QSA band · wider terminal: changes and trend lines")
        return Text(
            "▲/▼ outside the QSA band · Δ change (y: vs previous ⇄ last year) · "
            "t chart · s trend line KPI"
        )

    # -- actions -------------------------------------------------------------------------
    def action_kind(self, kind: StepKind) -> None:
        self.kind = kind
        if self.view is not None and self._latest is not None:
            self.view = switch_kind(self.view, kind, self._latest)
        self.show_data()

    def action_step(self, steps: int) -> None:
        if self.view is None or self._latest is None:
            return
        self.view = step_view(self.view, steps, self._latest)
        self.show_data()

    def action_toggle_compare(self) -> None:
        self.compare = "last_year" if self.compare == "previous" else "previous"
        self._relabel()

    def action_spark(self) -> None:
        self.spark_kpi = KPIS[(KPIS.index(self.spark_kpi) + 1) % len(KPIS)]
        self._relabel()

    def _relabel(self) -> None:
        """Rebuild the columns (their labels changed), keeping the cursor's row."""
        table = self.query_one(KeyedTable)
        row = table.cursor_row
        table.clear(columns=True)
        self.show_data()
        table.move_cursor(row=row)

    def _shown(self) -> CheckResult | None:
        return self.cache.results.get(self.view) if self.view else None

    def action_open(self) -> None:
        key = self.query_one(KeyedTable).cursor_key
        result = self._shown()
        if key is None or result is None or self.view is None:
            return
        if self.team is None:
            self.app.push_screen(PerformanceScreen(key, view=self.view, cache=self.cache))
        else:
            self.fw.open_caseworker(key, period=self.view.kind, pinned=result)

    def on_data_table_row_selected(self, event: KeyedTable.RowSelected) -> None:
        """A click on the highlighted row opens it, as Enter does."""
        self.action_open()

    def action_trend(self) -> None:
        from floorwatch.screens.trend import TrendScreen

        key = self.query_one(KeyedTable).cursor_key
        result = self._shown()
        series = self.cache.series.get(self.view) if self.view else None
        if key is None or result is None:
            return
        if series is None:
            self.notify("The trend lines are still being computed.", timeout=3)
            return
        self.app.push_screen(
            TrendScreen(key, is_team=self.team is None, result=result, series=series)
        )

    def action_switch_team(self, step: int) -> None:
        names = self.fw.team_names()
        if self.team is None or not names:
            return
        index = names.index(self.team) if self.team in names else -1
        self.team = names[(index + step) % len(names)]
        self.query_one(KeyedTable).clear()
        self.show_data()
        self.query_one(AsOfBar).update_bar()
