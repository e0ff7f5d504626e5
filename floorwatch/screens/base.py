"""What every floorwatch screen shares: the as-of line, the footer, going back, refreshing."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar, cast

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.screen import Screen

from floorwatch.screens.keys import BindingIds
from floorwatch.widgets.as_of_bar import AsOfBar
from floorwatch.widgets.key_footer import KeyFooter

if TYPE_CHECKING:
    from floorwatch.app import FloorwatchApp


class FloorwatchScreen(BindingIds, Screen[None]):
    """A screen that renders the app's current result and follows its refreshes.

    A covered screen does not redraw on each refresh (dolphie skips hidden panels too):
    it marks itself out of date and catches up when it is shown again. A screen focuses
    its table with `set_focus` on mount, not `Widget.focus` (deferred): focus restyles
    every cell, and a table first painted unfocused is painted twice.
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", "Back", tooltip="Back to where you were"),
    ]
    KEY_SCOPE = "any"
    #: This screen's part of the breadcrumbs in the top line.
    crumb = ""
    #: Below this many columns, tables drop their less needed columns (80x24 must work).
    WIDE_COLUMNS = 110

    def __init__(self) -> None:
        super().__init__()
        self._out_of_date = False

    @property
    def fw(self) -> FloorwatchApp:
        return cast("FloorwatchApp", self.app)

    def compose(self) -> ComposeResult:
        yield AsOfBar()
        yield from self.compose_body()
        yield KeyFooter()

    def compose_body(self) -> ComposeResult:
        """The screen's own widgets, between the as-of line and the footer."""
        yield from ()

    def on_mount(self) -> None:
        self.watch(self.app, "data_version", self._data_version_changed, init=False)
        self.show_data()

    def _data_version_changed(self, _version: int) -> None:
        self.data_changed()

    @property
    def compact(self) -> bool:
        """Whether the terminal is too narrow for every column."""
        return self.app.size.width < self.WIDE_COLUMNS

    def on_resize(self) -> None:
        self.show_data()

    def data_changed(self) -> None:
        """The app has a new result: redraw now if shown, else when shown again."""
        if self.is_current:
            self.show_data()
            self.query_one(AsOfBar).update_bar()
        else:
            self._out_of_date = True

    def on_screen_resume(self) -> None:
        if self._out_of_date:
            self._out_of_date = False
            self.show_data()
        self.query_one(AsOfBar).update_bar()

    def show_data(self) -> None:
        """Render the app's current data into this screen's widgets."""

    def no_data_words(self) -> str:
        """What a screen says before it has data: waiting, or why the check failed (never
        both at once: a failed first check is not still coming)."""
        failure = self.fw.failure
        if failure is None:
            return "Waiting for the first check…"
        return f"No data: {failure.reason}. See Sources (e)."

    def action_back(self) -> None:
        self.app.pop_screen()
