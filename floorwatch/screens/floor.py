"""The floor: one row per team. The coordinator's home."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import Static

from floorwatch.engine.result import TeamResult
from floorwatch.screens.base import FloorwatchScreen
from floorwatch.screens.coaching.flow import open_coaching_sample
from floorwatch.settings import QSA
from floorwatch.widgets.cells import BAD, WARN, flow, kpi_cells, kpi_headers, number
from floorwatch.widgets.coaching_text import overdue_text
from floorwatch.widgets.keyed_table import KeyedTable

#: Below this width, the Act column makes way for Not in (when that is shown).
_OUT_ROOM = 130
#: Columns where more is worse: their first sort (`z`) puts the worst team on top.
_WORST_HIGH = ("workers", "idle", "out", "txn", "flagged", "trending")
#: The columns kept on a narrow terminal.
_COMPACT = {"team", "workers", "in", "idle", "out", "util", "logged_in", "flagged", "trending"}


def _count(n: int, marker: str, style: str) -> Text:
    return (
        Text(f"{n} {marker}", style=style, justify="right") if n else Text("0  ", justify="right")
    )


class FloorScreen(FloorwatchScreen):
    """Every team: who is in, the team's KPIs against the QSA, how many need attention."""

    CSS_PATH = "floor.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", "Back", show=False),
        Binding("enter", "open", "Open team", priority=True, tooltip="This team's caseworkers"),
        Binding("o", "sample", "Sample", tooltip="Start a coaching sample of this team"),
    ]
    crumb = "Floor"

    def action_back(self) -> None:
        """The floor is home: there is nothing behind it to go back to."""

    def compose_body(self) -> ComposeResult:
        yield Static(id="summary")
        yield KeyedTable("team", id="teams", worst_high=_WORST_HIGH)

    def on_mount(self) -> None:
        self.set_focus(self.query_one(KeyedTable))

    def columns(self) -> list[tuple[str, str]]:
        """The (key, label) columns that fit the terminal."""
        util, logged_in, completion, get_next = kpi_headers(self.fw.qsa)
        columns = [
            ("team", "Team"),
            ("supervisor", "Supervisor"),
            ("workers", "CWs"),
            ("in", "In"),
            ("active", "Act"),
            ("idle", "Idle"),
            # Due and not logged in (NOT_LOGGED_IN), a count like Flagged.
            ("out", "Not in"),
            ("util", util),
            ("logged_in", logged_in),
            ("completion", completion),
            ("get_next", get_next),
            ("txn", "Txn min"),
            ("flagged", "Flagged"),
            ("trending", "Trend"),
        ]
        if not any(t.not_logged_in for t in self.fw.teams()):
            # Only when somebody is due and not in: a full floor keeps its table as it was.
            columns = [c for c in columns if c[0] != "out"]
        elif self.app.size.width < _OUT_ROOM:
            columns = [c for c in columns if c[0] != "active"]  # who is missing matters more
        if self.compact:
            return [c for c in columns if c[0] in _COMPACT]
        return columns

    def show_data(self) -> None:
        teams = self.fw.teams()
        qsa = self.fw.qsa
        table = self.query_one(KeyedTable)
        table.show_columns(self.columns())
        table.sync({t.team: self._row(t, qsa) for t in teams}, [t.team for t in teams])
        self.query_one("#summary", Static).update(self._summary(teams))

    def _row(self, team: TeamResult, qsa: QSA) -> dict[str, object]:
        m = team.metrics
        util, logged_in, completion, get_next = kpi_cells(m, qsa)
        return {
            # Text, not str: a DataTable reads a str cell as markup ("[b]" in a team name).
            "team": Text(team.team),
            "supervisor": Text(team.supervisor or "—"),
            "workers": Text(str(team.workers), justify="right"),
            "in": Text(str(team.logged_in_now), justify="right"),
            "active": Text(str(team.active_now), justify="right"),
            "idle": Text(str(team.idle_now), justify="right"),
            "out": _count(team.not_logged_in, "!", WARN),
            "util": util,
            "logged_in": logged_in,
            "completion": completion,
            "get_next": get_next,
            "txn": Text(number(m.avg_txn_minutes), justify="right"),
            "flagged": _count(team.flagged_workers, "!", WARN),
            "trending": _count(team.trending_workers, "!!", BAD),
        }

    def _summary(self, teams: list[TeamResult]) -> Text:
        if self.fw.result is None:
            return Text(self.no_data_words())
        who = f"Coordinator {self.fw.coordinator}: " if self.fw.coordinator else ""
        people = sum(t.workers for t in teams)
        flagged = sum(t.flagged_workers for t in teams)
        trending = sum(t.trending_workers for t in teams)
        text = Text(f"{who}{len(teams)} teams, {people} caseworkers, ")
        text.append(f"{flagged} flagged !", style=WARN if flagged else "")
        text.append(", ")
        text.append(f"{trending} trending !!", style=BAD if trending else "")
        absent = sum(t.not_logged_in for t in teams)
        if absent:
            text.append(f", {absent} not logged in", style=WARN)
        text.append_text(overdue_text(self.fw.coaching.overdue_by_team()))
        # The legend goes whole onto the next line when it does not fit (80 columns).
        return flow([text, "▲/▼ outside the QSA range"], self.app.size.width - 2, "   ")

    def action_open(self) -> None:
        key = self.query_one(KeyedTable).cursor_key
        if key is not None:
            self.fw.open_team(key)

    def action_sample(self) -> None:
        key = self.query_one(KeyedTable).cursor_key
        if key is not None:
            open_coaching_sample(self.fw, team=key)

    def on_data_table_row_selected(self, event: KeyedTable.RowSelected) -> None:
        """A click on the highlighted row opens it, as Enter does."""
        if event.row_key.value is not None:
            self.fw.open_team(event.row_key.value)
