"""The app's one door to the engine and the history: blocking calls for thread workers."""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

import polars as pl

from floorwatch.coaching.desk import CoachingDesk
from floorwatch.engine.paused_report import paused_report
from floorwatch.engine.result import CheckResult, PeriodKind
from floorwatch.service import CheckRequest, DropScanner, run_check
from floorwatch.settings import Config, Settings
from floorwatch.store import HistoryStore, RunRecord
from floorwatch.store.files import make_private_dir
from floorwatch.store.locking import HeldLock, try_hold

#: The lock file of the app that runs the daily slots, in the data folder.
SLOTS_LOCK = ".slots.lock"


def _ready() -> threading.Event:
    ready = threading.Event()
    ready.set()
    return ready


@dataclass
class FloorSource:
    """Where the floor's data lives (config, drop folder, history) and how to check it."""

    config: Config
    drop_dir: Path | None
    data_dir: Path
    #: Who the runs are recorded as (None: the OS user).
    by: str | None = None
    #: The app's clock, stamping recorded runs (the demo's is simulated).
    clock: Callable[[], datetime] = datetime.now
    #: Set once the history holds what periods and trend lines need: the demo stores
    #: its earlier weeks beside the app, so that the first screen does not wait for them.
    history_ready: threading.Event = field(default_factory=_ready, repr=False)
    # One scanner for the app's life makes a refresh re-read only files that changed;
    # it is not thread-safe, so day checks take turns.
    _scanner: DropScanner = field(default_factory=DropScanner, repr=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)
    _slots: HeldLock | None = field(default=None, repr=False)

    @property
    def settings(self) -> Settings:
        return self.config.settings

    def check(self, *, record: bool = False, trigger: str = "refresh") -> CheckResult:
        """The day's check as of the newest dashboard; blocking.

        Every export seen is kept in the history, since the drop folder is overwritten by
        each refresh. Raises floorwatch.service.NoDataError without data.
        """
        request = self.request(period="day", record=record, trigger=trigger, store=True)
        with self._lock:
            return run_check(request, self._scanner)

    def catch_up(self, moment: datetime, trigger: str) -> CheckResult | None:
        """A daily slot whose moment has passed, run and recorded as of that moment from
        the history; None (nothing recorded) when no dashboard or actions export of the
        day was there by then: nobody can know what the slot would have found."""
        with self._lock:
            store = HistoryStore(self.data_dir)
            exports = store.exports(since=moment.date(), until=moment)
            if not any(e.kind in ("dashboard", "actions") for e in exports):
                return None
            request = self.request(period="day", record=True, trigger=trigger, at=moment)
            return run_check(request, self._scanner)

    def coaching_desk(self, clock: Callable[[], datetime]) -> CoachingDesk:
        """The coaching journal beside this history, stamped by `clock` (the app's) and
        recorded as this source's user: the screens' one way to read and write it."""
        return CoachingDesk(self.data_dir, self.config.folder, self.by, clock)

    def paused_report(self, result: CheckResult) -> pl.DataFrame:
        """The result's paused list in working order (leaving, over the limit first), with
        the roster's Last Days: what the Paused screen shows."""
        return paused_report(result.paused, self.config.roster, self.settings, result.as_of)

    def wait_for_history(self) -> None:
        """Block until the history is complete enough for weeks, months and trend lines
        (at once, except while the demo is still storing its earlier weeks)."""
        self.history_ready.wait()

    def check_period(self, period: PeriodKind, at: datetime | None = None) -> CheckResult:
        """A week or month for a drilldown, not recorded; blocking, runs beside day checks."""
        self.wait_for_history()
        return run_check(self.request(period=period, record=False, trigger="drilldown", at=at))

    def claim_daily_slots(self) -> bool:
        """Whether this app runs and records the daily slots: true for the one app (of
        all the processes on this data folder, browser sessions included) holding the
        slots lock, `.slots.lock` beside the store's. Taken when free, kept until
        `release_daily_slots` or the process ends; the others show the runs it records."""
        if self._slots is None:
            make_private_dir(self.data_dir)
            self._slots = try_hold(self.data_dir / SLOTS_LOCK)
        return self._slots is not None

    def release_daily_slots(self) -> None:
        """Let another app take the daily slots (this one is closing)."""
        if self._slots is not None:
            self._slots.release()
            self._slots = None

    def runs_on(self, day: date) -> list[RunRecord]:
        """The day-period runs recorded with an as-of on `day`, oldest first."""
        return HistoryStore(self.data_dir).runs(day=day, period_kind="day")

    def request(
        self,
        *,
        period: PeriodKind,
        record: bool,
        trigger: str,
        store: bool = False,
        at: datetime | None = None,
        read_drop: bool = True,
    ) -> CheckRequest:
        """The one way the app asks for a check: its folders, who runs it, its clock.
        Only what `store` and `record` ask for is written (and the day summaries a week
        or month makes: a cache of the history, which changes no number)."""
        return CheckRequest(
            config=self.config,
            drop_dir=self.drop_dir if read_drop else None,
            data_dir=self.data_dir,
            at=at,
            period=period,
            store_exports=store,
            record_run=record,
            trigger=trigger,
            by=self.by,
            recorded_at=self.clock() if record else None,
            # The snapshot's age is measured to the app's clock (the demo's is simulated).
            now=self.clock(),
        )
