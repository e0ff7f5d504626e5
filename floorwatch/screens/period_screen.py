"""The Performance screen's periods: which week or month is on show, and checking it.

The period in progress follows the data; the period on show, the one it is compared with
and the same period last year are each checked by `run_check` in a thread worker, exactly
as `floorwatch check --period week --at ...` would, then the trend lines of its window.
Answers arrive as messages and are kept in a `PeriodCache` that the floor and team
Performance screens share. `PerformanceScreen` (`performance.py`) renders them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Literal

from rich.text import Text
from textual import on, work
from textual.message import Message
from textual.widgets import Static
from textual.worker import get_current_worker

from floorwatch.engine.result import CheckResult
from floorwatch.engine.series import DailySeries
from floorwatch.engine.stepping import (
    PeriodView,
    StepKind,
    current_view,
    last_year_view,
    previous_view,
)
from floorwatch.live.periods import check_view, trend_series
from floorwatch.screens.base import FloorwatchScreen
from floorwatch.widgets.cells import BAD

Compare = Literal["previous", "last_year"]


@dataclass
class PeriodCache:
    """Checked periods and trend lines, shared by the floor and team Performance screens.

    A finished period never changes; a period in progress is keyed by its as-of, so a
    new export makes a new key and the old one is dropped (see `forget_in_progress`).
    """

    results: dict[PeriodView, CheckResult | None] = field(default_factory=dict)
    series: dict[PeriodView, DailySeries] = field(default_factory=dict)

    def forget_in_progress(self, keep: set[PeriodView]) -> None:
        for cache in (self.results, self.series):
            for view in [v for v in cache if not v.complete and v not in keep]:
                del cache[view]


class PeriodScreen(FloorwatchScreen):
    """A screen showing one week or month, checked off the UI thread with what it is
    compared with (the previous period, or the same one last year)."""

    @dataclass
    class Computed(Message):
        """A period was checked (None: no data for it)."""

        view: PeriodView
        result: CheckResult | None

    @dataclass
    class Failed(Message):
        """A period could not be checked (the history unreadable, an engine bug)."""

        view: PeriodView
        reason: str

    @dataclass
    class SeriesReady(Message):
        """The trend lines of a period's window were computed."""

        view: PeriodView
        series: DailySeries

    def __init__(
        self,
        *,
        kind: StepKind = "week",
        view: PeriodView | None = None,
        cache: PeriodCache | None = None,
    ) -> None:
        super().__init__()
        self.kind: StepKind = view.kind if view else kind
        #: The period shown; None until the app has data.
        self.view: PeriodView | None = view
        self.compare: Compare = "previous"
        self.cache = cache or PeriodCache()
        #: The as-of of the data when the view was last lined up with it.
        self._latest: datetime | None = None
        self._computing: PeriodView | None = None

    # -- which period --------------------------------------------------------------------
    def _line_up(self) -> None:
        """Start at the period in progress; follow the data while showing it."""
        result = self.fw.result
        if result is None:
            return
        latest = result.as_of
        if self.view is None or (self._latest is not None and self.view.at == self._latest):
            self.view = current_view(self.kind, latest)
        self._latest = latest
        keep = {self.view, previous_view(self.view), last_year_view(self.view)}
        self.cache.forget_in_progress(keep)

    def _compared(self) -> PeriodView | None:
        if self.view is None:
            return None
        return previous_view(self.view) if self.compare == "previous" else last_year_view(self.view)

    # -- computing -----------------------------------------------------------------------
    def _ensure_computed(self) -> None:
        view = self.view
        if view is None or self._latest is None:
            return
        wanted = [view, previous_view(view), last_year_view(view)]
        missing = [v for v in wanted if v not in self.cache.results]
        if (missing or view not in self.cache.series) and self._computing != view:
            self._computing = view
            self._compute(view, self._latest)

    @work(thread=True, exclusive=True, group="performance", exit_on_error=False)
    def _compute(self, view: PeriodView, latest: datetime) -> None:
        """Check the period, then its comparisons, then its trend lines; post each."""
        try:
            self._compute_each(view, latest)
        except Exception as exc:  # shown on the screen; the app and its day view go on
            self.post_message(self.Failed(view, f"{type(exc).__name__}: {exc}"))

    def _compute_each(self, view: PeriodView, latest: datetime) -> None:
        worker = get_current_worker()
        wanted = [view, previous_view(view), last_year_view(view)]
        result = self.cache.results.get(view)
        for other in wanted:
            if other in self.cache.results:
                continue
            checked = check_view(self.fw.source, other, current=other.at == latest)
            if other == view:
                result = checked
            if worker.is_cancelled:
                return
            self.post_message(self.Computed(other, checked))
        if result is not None and view not in self.cache.series and not worker.is_cancelled:
            self.post_message(self.SeriesReady(view, trend_series(self.fw.source, result)))

    @on(Computed)
    def _computed(self, message: Computed) -> None:
        self.cache.results[message.view] = message.result
        if message.view == self.view:
            self._computing = None if message.view in self.cache.series else self._computing
        self._refresh_if_shown(message.view)

    @on(Failed)
    def _failed(self, message: Failed) -> None:
        if message.view == self._computing:
            self._computing = None
        if message.view == self.view:
            self.query_one("#period", Static).update(
                Text(f"{message.view.label()}: could not be computed: {message.reason}", style=BAD)
            )

    @on(SeriesReady)
    def _series_ready(self, message: SeriesReady) -> None:
        self.cache.series[message.view] = message.series
        if message.view == self._computing:
            self._computing = None
        self._refresh_if_shown(message.view)

    def _refresh_if_shown(self, view: PeriodView) -> None:
        if self.view is None:
            return
        if view in (self.view, self._compared()):
            if self.is_current:
                self.show_data()
            else:
                self._out_of_date = True
