"""The app's checks: the day's check and the week's and month's, run in thread workers,
their answers taken in, and what a recorded run changed told to the supervisor.

Mixed into `FloorwatchApp` (`floorwatch.app`), which holds the state these read and
write (`source`, `result`, `runs_today`, `period_results`, ...) and tells the screens
(`_broadcast`) when it changed.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import datetime

import polars as pl
from textual import work
from textual.app import App

from floorwatch.engine.result import CheckResult, PeriodKind
from floorwatch.ingest.model import LoadError
from floorwatch.live import FloorSource, NoDataError
from floorwatch.logs import log_exception
from floorwatch.messages import CheckDone, CheckFailed, PeriodDone
from floorwatch.refusals import RefusalNotices, notice_lines
from floorwatch.store import RunRecord, StoreError
from floorwatch.watcher import flag_changes

#: A slot run's toast lists at most this many new flags by name.
_TOAST_FLAGS = 5


class CheckRunner(App[None]):
    """Mixed into the app: runs checks off the UI thread and takes their answers in.

    Refreshes never overlap; a recorded run is announced (toast, bell) with the flags it
    added and cleared; week and month results are fetched once per data for drilldowns.
    """

    # Set by the app (`FloorwatchApp.__init__`); listed here for what this part reads.
    source: FloorSource
    now: Callable[[], datetime]
    result: CheckResult | None
    paused_report: pl.DataFrame | None
    runs_today: list[RunRecord]
    failure: CheckFailed | None
    note: str
    refusals: RefusalNotices
    period_results: dict[PeriodKind, CheckResult]
    _period_key: tuple[object, ...] | None
    _periods_asked: set[PeriodKind]
    _refreshing: bool
    _refresh_again: bool

    def _broadcast(self) -> None:
        raise NotImplementedError  # the app's: it bumps what every screen watches

    def refresh_data(self) -> None:
        """Re-check the day without recording; refreshes never overlap (dolphie's rule)."""
        if self._refreshing:
            self._refresh_again = True
            return
        self._refreshing = True
        self._run_check("refresh", record=False)

    def run_recorded_check(self, trigger: str) -> None:
        """Run and record a check (a daily slot or `c`)."""
        self.note = "checking…"
        self._run_check(trigger, record=True)

    @work(thread=True, group="check", exit_on_error=False, description="check the day")
    def _run_check(self, trigger: str, record: bool) -> None:
        try:
            result = self.source.check(record=record, trigger=trigger)
            runs = self.source.runs_on(self.now().date())
            paused = self.source.paused_report(result)
        except NoDataError as exc:
            self.post_message(CheckFailed(trigger, str(exc), exc.errors))
        except StoreError as exc:
            log_exception(f"{trigger} check", exc)
            self.post_message(CheckFailed(trigger, str(exc)))
        except Exception as exc:  # an engine bug must not take the last good data away
            log_exception(f"{trigger} check", exc)
            self.post_message(CheckFailed(trigger, f"{type(exc).__name__}: {exc}"))
        else:
            self.post_message(CheckDone(result, runs, trigger, record, paused))

    def on_check_done(self, message: CheckDone) -> None:
        self._check_finished(message.trigger)
        self.result = message.result
        self.paused_report = message.paused_report
        self.runs_today = message.runs_today
        self.failure = None
        self.note = ""
        self._keep_periods_of(message.result)
        if message.recorded:
            self._announce(message.trigger)
        self._announce_refusals(message.result.errors)
        self._broadcast()

    def on_check_failed(self, message: CheckFailed) -> None:
        self._check_finished(message.trigger)
        self.failure = message
        self.note = "check failed: see Sources (e)"
        if message.trigger != "refresh":
            self.notify(message.reason, title=f"{message.trigger} failed", severity="error")
        if message.errors:  # the files that made it fail, beside the last good data's
            kept = self.result.errors if self.result is not None else ()
            self._announce_refusals((*message.errors, *kept))
        self._broadcast()

    def _announce_refusals(self, errors: Iterable[LoadError]) -> None:
        """One notification per new refused file (or rows), naming it and the reason."""
        new = self.refusals.update(errors)
        if new:
            files = len({e.file for e in new})
            title = "File refused" if files == 1 else f"{files} files refused"
            self.notify(notice_lines(new), title=title, severity="warning", timeout=15)

    def _check_finished(self, trigger: str) -> None:
        if trigger != "refresh":
            return
        self._refreshing = False
        if self._refresh_again:
            self._refresh_again = False
            self.refresh_data()

    def _announce(self, trigger: str) -> None:
        """Toast (and bell) what a recorded run changed since the run before it."""
        # In data order: a slot caught up late compares with the run before its moment.
        runs = sorted(self.runs_today, key=lambda r: (r.as_of, r.recorded_at))
        mine = [i for i, r in enumerate(runs) if r.trigger == trigger]
        if not mine:
            return
        index = mine[-1]
        before = runs[index - 1].flags if index else None
        new, cleared = flag_changes(before, runs[index].flags)
        names = [self._worker_name(w) for w in new["worker_id"].unique(maintain_order=True)]
        shown = ", ".join(names[:_TOAST_FLAGS]) + (" …" if len(names) > _TOAST_FLAGS else "")
        body = f"{new.height} new flag(s), {cleared.height} cleared since the last run."
        if shown:
            body += f"\nNew: {shown}"
        self.notify(body, title=f"Check {trigger} done", timeout=10)
        if self.source.settings.bell and new.height:
            self.bell()

    def _worker_name(self, worker_id: str) -> str:
        worker = self.result.worker(worker_id) if self.result else None
        return (worker.name if worker else None) or worker_id

    def _keep_periods_of(self, result: CheckResult) -> None:
        """Week and month results stay while the day reads the same exports as of the
        same moment; a new export (a new as-of, or new sources) asks for them again."""
        key = (result.as_of, result.sources)
        if key != self._period_key:
            self._period_key = key
            self.period_results.clear()
            self._periods_asked.clear()

    def request_period(self, period: PeriodKind) -> None:
        """Fetch this week's or month's result for drilldowns, once per data: a screen may
        ask on every redraw."""
        if period == "day" or self.result is None:
            return
        if period in self.period_results or period in self._periods_asked:
            return
        self._periods_asked.add(period)
        self._run_period(period, self.result.as_of)

    @work(thread=True, group="period", exit_on_error=False)
    def _run_period(self, period: PeriodKind, at: datetime) -> None:
        try:
            result = self.source.check_period(period, at)
        except Exception as exc:  # shown to the user; the day view stays
            log_exception(f"{period} drilldown", exc)
            self.call_from_thread(self._periods_asked.discard, period)
            self.post_message(CheckFailed(f"{period} drilldown", str(exc)))
        else:
            self.post_message(PeriodDone(period, result))

    def on_period_done(self, message: PeriodDone) -> None:
        if self.result is not None and message.result.as_of == self.result.as_of:
            self.period_results[message.period] = message.result
            self._broadcast()

    # -- checks asked for ---------------------------------------------------------
    def action_check_now(self) -> None:
        self.notify("Running a check now…", timeout=3)
        self.run_recorded_check("ad-hoc")
