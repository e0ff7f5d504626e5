"""What the Flagged and Paused screens share: one table over the teams on show, a team
filter that `[` `]` cycle (all teams -> each team -> all), and Enter or a click opening
the caseworker of the highlighted row."""

from __future__ import annotations

from typing import ClassVar

from floorwatch.screens.base import FloorwatchScreen
from floorwatch.screens.keys import step_team
from floorwatch.widgets.as_of_bar import AsOfBar
from floorwatch.widgets.keyed_table import KeyedTable


class TeamFilterScreen(FloorwatchScreen):
    """A table across the teams on show, filtered by team, opening caseworkers.

    A subclass declares its own `BINDINGS` (Enter's `open`, `switch_team_keys()`), so
    that its keys keep their ids ("flagged.open"), and names itself in `CRUMB`.
    """

    #: The screen's part of the breadcrumbs; the team filter, if any, follows it.
    CRUMB: ClassVar[str] = ""

    def __init__(self, team: str | None = None) -> None:
        super().__init__()
        #: The team filter; None: every team on show.
        self.team = team

    @property
    def crumb(self) -> str:  # type: ignore[override]
        return f"{self.CRUMB} {self.team}" if self.team else self.CRUMB

    def on_mount(self) -> None:
        self.set_focus(self.query_one(KeyedTable))

    def highlighted_worker(self) -> str | None:
        """The caseworker of the highlighted row: its key, unless a screen says otherwise."""
        return self.query_one(KeyedTable).cursor_key

    def action_open(self) -> None:
        worker_id = self.highlighted_worker()
        if worker_id is not None:
            self.fw.open_caseworker(worker_id)

    def on_data_table_row_selected(self, _event: KeyedTable.RowSelected) -> None:
        """A click on the highlighted row opens it, as Enter does."""
        self.action_open()

    def action_switch_team(self, step: int) -> None:
        """Cycle all teams -> each team -> all teams."""
        self.team = step_team(self.team, self.fw.team_names(), step)
        table = self.query_one(KeyedTable)
        table.clear()
        self.show_data()
        table.move_cursor(row=0)
        self.query_one(AsOfBar).update_bar()
