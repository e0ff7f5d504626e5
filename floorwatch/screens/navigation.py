"""How a supervisor moves between screens: the app's keys, the screens they open, the help
and the command palette. The app (`floorwatch.app`) adds the data, the drop folder and
the clock on top of it."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from types import MappingProxyType
from typing import ClassVar

from textual.app import App, SystemCommand
from textual.binding import Binding, BindingType
from textual.screen import Screen

from floorwatch.engine.result import CheckResult, PeriodKind
from floorwatch.screens.base import FloorwatchScreen
from floorwatch.screens.caseworker import CaseworkerScreen
from floorwatch.screens.checks import ChecksScreen
from floorwatch.screens.coaching.assess import AssessmentScreen
from floorwatch.screens.coaching.board import CoachingScreen
from floorwatch.screens.coaching.check import SampleCheckScreen
from floorwatch.screens.flagged import FlaggedScreen
from floorwatch.screens.floor import FloorScreen
from floorwatch.screens.help import HelpScreen, help_markdown
from floorwatch.screens.keys import BindingIds
from floorwatch.screens.paused import PausedScreen
from floorwatch.screens.performance import PerformanceScreen
from floorwatch.screens.qsa import QsaScreen
from floorwatch.screens.sources import SourcesScreen
from floorwatch.screens.team import TeamScreen
from floorwatch.screens.trend import TrendScreen
from floorwatch.widgets.keyed_table import KeyedTable


class Navigation(BindingIds, App[None]):
    """The keys that work everywhere, and opening each screen (built once where building
    costs: the Team and Caseworker screens)."""

    KEY_SCOPE = "app"
    #: The supervisor's own keys (keys.toml), which the help shows in place of ours.
    user_keys: Mapping[str, str] = MappingProxyType({})
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("f", "floor", "Floor", tooltip="Back to the floor: one row per team"),
        Binding("k", "checks", "Checks", tooltip="Today's daily reconciles and their runs"),
        Binding("e", "sources", "Sources", tooltip="Files read, and files that failed to load"),
        # Not in the footer, which is full at 80 columns: help and the palette list them.
        Binding(
            "r",
            "performance",
            "Performance",
            show=False,
            tooltip="KPI level screen: a week or month against the one before",
        ),
        Binding(
            "p", "paused", "Paused", show=False, tooltip="Paused report: leaving, over-limit first"
        ),
        Binding(
            "exclamation_mark",
            "flagged",
            "Flagged",
            key_display="!",
            show=False,
            tooltip="Every flagged caseworker of the teams on show: trends, then the worst",
        ),
        Binding("c", "check_now", "Check now", tooltip="Run and record an ad-hoc check now"),
        # Off the footer (already full at 80 columns); in the help and the palette.
        Binding("v", "qsa", "QSA", show=False, tooltip="The Quarterly Statewide Averages in force"),
        Binding(
            "O",
            "coaching",
            "Coaching",
            key_display="O",
            show=False,
            tooltip="Corrections, pass rates",
        ),
        Binding("question_mark", "help", "Help", key_display="?", tooltip="Every key and check"),
        Binding("q", "quit", "Quit", tooltip="Leave floorwatch"),
    ]

    def action_floor(self) -> None:
        while len(self.screen_stack) > 2 and not isinstance(self.screen, FloorScreen):
            self.pop_screen()

    def action_checks(self) -> None:
        self._show(ChecksScreen)

    def action_coaching(self) -> None:
        self._show(CoachingScreen)

    def action_sources(self) -> None:
        self._show(SourcesScreen)

    def action_qsa(self) -> None:
        self._show(QsaScreen)

    def action_performance(self) -> None:
        """The Performance screen of the team on show (Team, Caseworker), else the floor's."""
        if not isinstance(self.screen, PerformanceScreen):
            self.push_screen(PerformanceScreen(self._team_on_show()))

    def action_paused(self) -> None:
        if not isinstance(self.screen, PausedScreen):
            self.push_screen(PausedScreen(self._team_on_show()))

    def action_flagged(self) -> None:
        if not isinstance(self.screen, FlaggedScreen):
            self.push_screen(FlaggedScreen())

    def _team_on_show(self) -> str | None:
        """The team of the nearest screen showing one team (Team, Performance, Paused)."""
        for screen in reversed(self.screen_stack):
            if isinstance(screen, TeamScreen | PerformanceScreen | PausedScreen) and screen.team:
                return screen.team
        return None

    def action_help(self) -> None:
        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(help_markdown(self.help_sections(), self.user_keys)))

    def help_sections(self) -> list[tuple[str, list[BindingType]]]:
        """The key bindings of each screen, for the help document."""
        return [
            ("Everywhere", [*self.BINDINGS, *FloorwatchScreen.BINDINGS]),
            ("Every table", list(KeyedTable.TABLE_KEYS)),
            ("Floor", [b for b in FloorScreen.BINDINGS if getattr(b, "show", True)]),
            ("Team", list(TeamScreen.BINDINGS)),
            ("Caseworker", list(CaseworkerScreen.BINDINGS)),
            ("Performance", list(PerformanceScreen.BINDINGS)),
            ("Trend chart", list(TrendScreen.BINDINGS)),
            ("Paused", list(PausedScreen.BINDINGS)),
            ("Flagged", list(FlaggedScreen.BINDINGS)),
            ("Coaching", list(CoachingScreen.BINDINGS)),
            ("Coaching sample", list(SampleCheckScreen.BINDINGS)),
            ("Coaching check", list(AssessmentScreen.BINDINGS)),
        ]

    def open_team(self, team: str) -> None:
        """Show a team. The team screen is built once and reused: building a screen
        costs ~0.3 s (styles, footer), showing a built one a repaint."""
        screen = self._installed("team", lambda: TeamScreen(team))
        assert isinstance(screen, TeamScreen)
        screen.show_team(team)
        self.push_screen(screen)

    def open_caseworker(
        self, worker_id: str, period: PeriodKind | None = None, pinned: CheckResult | None = None
    ) -> None:
        """Show a caseworker's drilldown (its screen, too, is built once); `period` and
        `pinned` select a week or month (the Performance screen's)."""
        screen = self._installed("caseworker", lambda: CaseworkerScreen(worker_id))
        assert isinstance(screen, CaseworkerScreen)
        screen.show_worker(worker_id, period, pinned)
        self.push_screen(screen)

    def _installed(self, name: str, build: Callable[[], Screen]) -> Screen:
        if not self.is_screen_installed(name):
            self.install_screen(build(), name)
        return self.get_screen(name)

    def _show(self, screen_type: type[Screen]) -> None:
        if not isinstance(self.screen, screen_type):
            self.push_screen(screen_type())

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        builtin = list(super().get_system_commands(screen))
        yield from builtin
        # Textual lists its own "Quit": ours would be the same command a second time.
        titles = {command.title.casefold() for command in builtin}
        for binding in self.BINDINGS:
            assert isinstance(binding, Binding)
            if binding.description.casefold() in titles:
                continue
            yield SystemCommand(
                binding.description,
                binding.tooltip,
                lambda action=binding.action: self.run_action(action),
            )
