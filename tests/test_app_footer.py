"""The footer: rebuilt when the keys it shows change, kept as it is when they do not."""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from app_helpers import build_app, make_floor, settle
from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import Footer
from textual.widgets._footer import FooterKey

from floorwatch.screens.team import TeamScreen
from floorwatch.widgets.key_footer import KeyFooter


def shown(app: App) -> list[str]:
    return [key.description for key in app.screen.query_one(Footer).query(FooterKey)]


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
        assert "Extra" in shown(app)
        await pilot.press("y")
        await pilot.pause()
        assert "Extra" not in shown(app) and "Toggle" in shown(app)
        await pilot.press("y")
        await pilot.pause()
        assert "Extra" in shown(app)


async def test_footer_is_not_rebuilt_when_a_screen_shows_again(workdir: Path) -> None:
    app = build_app(make_floor(workdir))
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await pilot.press("enter")
        await settle(app, pilot)
        assert isinstance(app.screen, TeamScreen)
        keys = list(app.screen.query(FooterKey))
        assert "Next flagged" in shown(app)
        await pilot.press("escape")
        await settle(app, pilot)
        assert "Open team" in shown(app) and "Next flagged" not in shown(app)
        await pilot.press("enter")
        await settle(app, pilot)
        assert list(app.screen.query(FooterKey)) == keys  # the same widgets, kept
