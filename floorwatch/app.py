"""The floorwatch TUI: wires the screens to the data, the drop watcher and the daily slots.

Heavy work (ingest, engine, history) runs in thread workers that post messages back;
screens render `self.app.result` and today's recorded runs, nothing else.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from datetime import date, datetime, time

import polars as pl
from textual import work
from textual.reactive import reactive
from textual.worker import Worker, WorkerState

from floorwatch.engine.result import CheckResult, PeriodKind, TeamResult
from floorwatch.ingest.complete import STILL_WRITING_SECONDS
from floorwatch.live import FloorSource, NoDataError
from floorwatch.logs import log_exception
from floorwatch.messages import CheckFailed, DropChanged, DropFolderStatus
from floorwatch.preferences import load_preferences, save_preference
from floorwatch.refusals import RefusalNotices
from floorwatch.safe_text import terminal_safe
from floorwatch.screens.check_runner import CheckRunner
from floorwatch.screens.floor import FloorScreen
from floorwatch.screens.keys import every_binding_id
from floorwatch.screens.navigation import Navigation
from floorwatch.screens.table_saver import TableSaver
from floorwatch.settings import QSA
from floorwatch.settings.keymap import load_keymap
from floorwatch.store import RunRecord, StoreError
from floorwatch.watcher import (
    DropWatcher,
    due_slot,
    late_slot,
    late_trigger,
    slot_trigger,
)
from floorwatch.watcher.drop import WatchStatus
from floorwatch.widgets.as_of_bar import AsOfBar

#: The app's notion of "now": naive local time. Injected by tests and by `demo` (sim time).
Clock = Callable[[], datetime]


class FloorwatchApp(Navigation, TableSaver, CheckRunner):
    """The live floor: Floor -> Team -> Caseworker, plus Checks, Sources and Help.

    This class holds the data, the drop folder and the clock; `Navigation` the keys and
    the way between screens; `TableSaver` saving any table as shown; `CheckRunner`
    running the checks and taking their answers in.
    """

    CSS_PATH = "app.tcss"
    TITLE = "floorwatch"
    #: Bumped whenever what screens show changed (a check, a period, the journal): every
    #: screen watches it, modal ones too, instead of being told one by one.
    data_version: reactive[int] = reactive(0, init=False, always_update=True)

    def __init__(
        self,
        source: FloorSource,
        *,
        clock: Clock = datetime.now,
        team: str | None = None,
        coordinator: str | None = None,
        watch: bool = True,
        settle_seconds: float = 2.0,
        rescan_seconds: float = 30.0,
        tick_seconds: float = 1.0,
        incomplete_seconds: float = STILL_WRITING_SECONDS,
    ) -> None:
        super().__init__()
        self.source = source
        self.now: Clock = clock
        self.start_team = team
        self.coordinator = coordinator
        self.watch_drop = watch
        self.settle_seconds = settle_seconds
        self.rescan_seconds = rescan_seconds
        self.tick_seconds = tick_seconds
        #: How long the watcher holds back a settled file that does not look whole.
        self.incomplete_seconds = incomplete_seconds
        #: The newest day result, and today's recorded day runs.
        self.result: CheckResult | None = None
        #: The result's paused list in working order, worked out beside the check.
        self.paused_report: pl.DataFrame | None = None
        self.runs_today: list[RunRecord] = []
        #: Why the last check failed (the last good result stays on screen).
        self.failure: CheckFailed | None = None
        #: A short word for the top line: "checking…", "no data".
        self.note = ""
        #: How the watcher sees the drop folder (missing, polled); None before its first look.
        self.drop_status: WatchStatus | None = None
        #: The running watcher: its `waiting` set holds the files changed and not yet read
        #: (still settling, or not looking whole yet), for a screen to show.
        self.drop_watcher: DropWatcher | None = None
        #: Week and month results of the current data, fetched for drilldowns; kept
        #: while the day's as-of and exports stay the same (`_period_key`).
        self.period_results: dict[PeriodKind, CheckResult] = {}
        self._period_key: tuple[object, ...] | None = None
        #: Periods being fetched for `_period_key`: asked once, however many screens ask.
        self._periods_asked: set[PeriodKind] = set()
        self.opened_at = clock()
        #: Follow-ups and coaching checks, kept beside the history (floorwatch/coaching).
        self.coaching = source.coaching_desk(clock)
        self.attempted_slots: set[time] = set()
        #: The slot being caught up as of its moment (run late), if any.
        self.catching_up: time | None = None
        #: Why a slot stayed missed after its catch-up ("no data by 09:00", an error).
        self.missed_why: dict[time, str] = {}
        #: Refused files announced, and counted in the header until Sources is opened.
        self.refusals = RefusalNotices()
        self._today: date = self.opened_at.date()
        self._refreshing = False
        self._refresh_again = False

    # -- start --------------------------------------------------------------------
    def on_mount(self) -> None:
        self._restore_theme()
        self._apply_keymap()
        self.push_screen(FloorScreen())
        if self.start_team:
            self.open_team(self.start_team)
        self.refresh_data()
        if self.watch_drop and self.source.drop_dir is not None:
            self._watch_drop_folder()
        self.set_interval(self.tick_seconds, self.check_schedule)

    def on_unmount(self) -> None:
        self.source.release_daily_slots()  # another open app takes them over

    def _apply_keymap(self) -> None:
        """The supervisor's own keys (keys.toml in the config folder); a line that cannot
        be used is told, the others apply."""
        keymap, problems = load_keymap(self.source.config.folder, every_binding_id())
        if keymap:
            self.set_keymap(keymap)
            self.user_keys = keymap
        if problems:
            # A key name is whatever the file holds: no escape, no markup reaches the screen.
            text = "\n".join(terminal_safe(p, one_line=True) for p in problems)
            self.notify(text, title="keys.toml", severity="warning", timeout=15, markup=False)

    def _restore_theme(self) -> None:
        """The theme chosen last time (ctrl+p, "Change theme"), and keep the next choice."""
        theme = load_preferences().get("theme")
        if isinstance(theme, str) and theme in self.available_themes:
            self.theme = theme
        self.theme_changed_signal.subscribe(self, lambda t: save_preference("theme", t.name))

    # -- what screens read ----------------------------------------------------------
    def teams(self) -> list[TeamResult]:
        """The teams on show (a coordinator's only with `--coordinator`), by name."""
        if self.result is None:
            return []
        teams = self.result.teams
        if self.coordinator:
            wanted = self.coordinator.casefold()
            teams = tuple(t for t in teams if (t.coordinator or "").casefold() == wanted)
        return sorted(teams, key=lambda t: t.team.casefold())

    @property
    def qsa(self) -> QSA:
        """The QSA the data on screen is judged by: its as-of's quarter (qsa.toml)."""
        return self.result.qsa if self.result is not None else self.source.settings.qsa

    def team_names(self) -> list[str]:
        return [t.team for t in self.teams()]

    def team_named(self, name: str) -> str:
        """The team on show spelled `name` in any case (`--team north`), else `name`."""
        names = self.team_names()
        if name in names:
            return name
        wanted = name.strip().casefold()
        return next((t for t in names if t.casefold() == wanted), name)

    # -- every worker, every screen (the checks themselves: CheckRunner) -------------
    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        """One handler for every worker that failed unexpectedly (the checks catch their
        own errors): the user is told, the log keeps the traceback, the app goes on."""
        error = event.worker.error
        if event.state != WorkerState.ERROR or error is None:
            return
        what = event.worker.description or event.worker.name or "background work"
        log_exception(what, error)
        self.notify(
            f"{type(error).__name__}: {error}. The log has the details.",
            title=f"Could not {what}",
            severity="error",
            timeout=15,
        )

    def _broadcast(self) -> None:
        """Tell every screen the data changed (they watch `data_version`); covered ones
        catch up when shown."""
        self.data_version += 1

    # -- the drop folder and the clock ---------------------------------------------
    @work(exclusive=True, group="watch", exit_on_error=False, description="watch the drop folder")
    async def _watch_drop_folder(self) -> None:
        assert self.source.drop_dir is not None
        settings = self.source.settings
        watcher = DropWatcher(
            self.source.drop_dir,
            settle_seconds=self.settle_seconds,
            rescan_seconds=self.rescan_seconds,
            force_polling=settings.force_polling,
            poll_seconds=settings.poll_seconds,
            incomplete_seconds=self.incomplete_seconds,
            on_status=lambda status: self.post_message(DropFolderStatus(status)),
        )
        self.drop_watcher = watcher
        async for paths in watcher.changes(asyncio.Event()):
            self.post_message(DropChanged(paths))

    def on_drop_changed(self, _message: DropChanged) -> None:
        self.refresh_data()

    def on_drop_folder_status(self, message: DropFolderStatus) -> None:
        """Show a missing drop folder at once; the last data stays on screen meanwhile.

        No refresh here: when the folder returns, the watcher publishes its files once
        they settle, and that refreshes the data.
        """
        self.drop_status = message.status
        for bar in self.screen.query(AsOfBar):
            bar.update_bar()

    def check_schedule(self) -> None:
        """Run a daily slot whose time has come (called every tick, and by tests)."""
        now = self.now()
        if now.date() != self._today:  # past midnight: a new day's slots
            self._today = now.date()
            self.attempted_slots.clear()
            self.missed_why.clear()
            self.runs_today = []
        slot = due_slot(
            self.source.settings.check_times,
            self.runs_today,
            now,
            self.opened_at,
            self.attempted_slots,
        )
        # Several apps on one data folder (browser sessions, a coordinator's terminal):
        # one of them runs and records the slots, the others show its runs.
        if slot is not None and self.source.claim_daily_slots():
            self.attempted_slots.add(slot)
            self.run_recorded_check(slot_trigger(slot))
            return
        # Slots whose moment passed while the app was closed or asleep: caught up one at a
        # time, oldest first, once the first check has stored the drop folder's exports.
        late = late_slot(
            self.source.settings.check_times,
            self.runs_today,
            now,
            self.opened_at,
            self.attempted_slots,
        )
        if late is not None and self.result is not None and self.catching_up is None:
            self.attempted_slots.add(late)
            self.catching_up = late
            self._run_late(late, now.date())

    @work(thread=True, group="late", exit_on_error=False, description="catch up a slot")
    def _run_late(self, slot: time, day: date) -> None:
        trigger = late_trigger(slot)
        try:
            result = self.source.catch_up(datetime.combine(day, slot), trigger)
            runs = self.source.runs_on(day)
        except (NoDataError, StoreError) as exc:
            self.call_from_thread(self._late_finished, slot, None, str(exc))
        except Exception as exc:  # an engine bug must not stop the app
            self.call_from_thread(self._late_finished, slot, None, f"{type(exc).__name__}: {exc}")
        else:
            self.call_from_thread(self._late_finished, slot, runs if result else None, None)

    def _late_finished(self, slot: time, runs: list[RunRecord] | None, error: str | None) -> None:
        """A caught-up slot: recorded (toast what it found) or missed (no data, or failed).
        The live result on screen stays: the late run is as of the slot's moment."""
        self.catching_up = None
        if runs is not None:
            self.runs_today = runs
            self._announce(late_trigger(slot))
        elif error is not None:
            self.missed_why[slot] = "the run failed"
            self.notify(error, title=f"slot {slot:%H:%M} could not be caught up", severity="error")
        else:
            self.missed_why[slot] = f"no data by {slot:%H:%M}"
        self._broadcast()
