"""The footer: whole keys only, `?` and `q` always, following the keys that change."""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

import pytest
from app_helpers import build_app, make_floor, settle
from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType

from floorwatch.screens.team import TeamScreen
from floorwatch.widgets.key_footer import KeyFooter


def shown(app: App) -> list[str]:
    return app.screen.query_one(KeyFooter).labels()


def footer_line(app: App) -> str:
    """The footer's line as rendered on the terminal."""
    footer = app.screen.query_one(KeyFooter)
    return footer.render().plain


class Toggling(App[None]):
    """One key that is there or not, as `check_action` says."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("x", "extra", "Extra"),
        Binding("y", "toggle", "Toggle"),
    ]
    extra_on = True

    def compose(self) -> ComposeResult:
        yield KeyFooter()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return self.extra_on if action == "extra" else True

    def action_toggle(self) -> None:
        self.extra_on = not self.extra_on
        self.refresh_bindings()


async def test_footer_follows_the_keys_that_change() -> None:
    app = Toggling()
    async with app.run_test() as pilot:
        await pilot.pause()
        assert "x Extra" in shown(app)
        await pilot.press("y")
        await pilot.pause()
        assert "x Extra" not in shown(app) and "y Toggle" in shown(app)
        await pilot.press("y")
        await pilot.pause()
        assert "x Extra" in shown(app)


async def test_a_click_on_a_footer_key_runs_it() -> None:
    app = Toggling()
    async with app.run_test() as pilot:
        await pilot.pause()
        line = footer_line(app)
        await pilot.click(KeyFooter, offset=(line.index("y Toggle"), 0))
        await pilot.pause()
        assert app.extra_on is False


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
async def test_team_footer_keeps_whole_keys_help_and_quit(workdir: Path, size) -> None:
    """At 80 columns Textual's Footer lost "] Next team", "a Follow up", "o Sample"."""
    app = build_app(make_floor(workdir), team="North")
    async with app.run_test(size=size) as pilot:
        await settle(app, pilot)
        assert isinstance(app.screen, TeamScreen)
        line = footer_line(app)
        labels = shown(app)
        assert len(line) <= size[0]
        for label in labels:
            assert label in line  # whole, not cut
        assert {"? Help", "q Quit", "[ ] team", "a Follow up", "o Sample"} <= set(labels)
