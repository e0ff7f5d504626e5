"""`o`: start a coaching sample for a caseworker or a team — filters, size, seed, label.

Drawn from this month's closed Caseworker Actions (the same result the drilldown's `m`
shows). Enter in any field draws; Tab moves between fields; the count of matching
transactions follows the filters as they are typed.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING, ClassVar, cast

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Grid, Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, Static

from floorwatch.coaching.sampling import SampleFilter, closed_transactions
from floorwatch.engine.result import CheckResult
from floorwatch.settings import ConfigError
from floorwatch.store import StoreError

if TYPE_CHECKING:
    import polars as pl

    from floorwatch.app import FloorwatchApp

#: (field id, label, placeholder) in the order Tab visits them.
FIELDS = (
    ("task_type", "Task type", "any"),
    ("queue", "Queue", "any"),
    ("outcome", "Outcome", "any"),
    ("date_from", "From", "YYYY-MM-DD"),
    ("date_to", "To", "YYYY-MM-DD"),
    ("size", "Sample size", "5"),
    ("seed", "Seed", "a whole number: same seed + filters = same sample"),
    ("label", "Label", "groups the sample, e.g. renewals week 48"),
)


def default_seed(now: datetime) -> int:
    """A seed that differs from one sample to the next but is written down with it."""
    return int(now.strftime("%m%d%H%M"))


class SampleScreen(ModalScreen[str | None]):
    """The coaching sample form; dismisses with the new sample's id."""

    CSS_PATH = "coaching_sample.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", tooltip="Leave without drawing"),
    ]

    def __init__(self, *, worker_id: str | None = None, team: str | None = None) -> None:
        super().__init__()
        self.worker_id = worker_id
        self.team = team
        #: This month's result the sample draws from (kept across the app's refreshes).
        self.month: CheckResult | None = None
        #: Its Caseworker Actions rows of this caseworker or team.
        self.rows: pl.DataFrame | None = None

    @property
    def fw(self) -> FloorwatchApp:
        return cast("FloorwatchApp", self.app)

    def _who(self) -> str:
        if self.worker_id:
            worker = self.fw.result.worker(self.worker_id) if self.fw.result else None
            name = worker.name if worker and worker.name else None
            return f"{name} ({self.worker_id})" if name else self.worker_id
        return f"team {self.team}"

    def compose(self) -> ComposeResult:
        now = self.fw.now()
        as_of = self.fw.result.as_of.date() if self.fw.result else now.date()
        defaults = {
            "date_from": as_of.replace(day=1).isoformat(),
            "date_to": as_of.isoformat(),
            "size": str(self.fw.coaching.config.sample_size),
            "seed": str(default_seed(now)),
            "label": f"{self.worker_id or self.team} {as_of:%Y-%m-%d}",
        }
        with Vertical(id="dialog"):
            yield Static(Text(f"Coaching sample: {self._who()}"), id="title")
            with Grid(id="fields"):
                for key, label, placeholder in FIELDS:
                    yield Label(label)
                    yield Input(defaults.get(key, ""), placeholder=placeholder, id=key)
            yield Static(id="matches")
            yield Static("Enter draws the sample · Tab next field · Escape cancels", id="hint")

    def on_mount(self) -> None:
        self.query_one("#task_type", Input).focus()
        self._follow_month()
        # Modal screens get no data_changed, and each data refresh drops the app's month
        # result: look every 0.3 s, keep the newest month seen, ask again when it went.
        self.set_interval(0.3, self._follow_month)

    def _follow_month(self) -> None:
        month = self.fw.period_results.get("month")
        if month is None:
            asked = any(w.group == "period" and w.is_running for w in self.app.workers)
            if not asked:
                self.fw.request_period("month")
        elif month is not self.month:
            self.month = month
            self._read_rows(month)

    @work(thread=True, group="sample-rows", exclusive=True, exit_on_error=False)
    def _read_rows(self, month: CheckResult) -> None:
        """The caseworker's or team's month of actions: earlier days are read from the
        history (`ActionRows`), so off the UI thread."""
        actions = month.actions
        rows = (
            actions.of_worker(self.worker_id)
            if self.worker_id
            else actions.of_team(self.team or "").frame()
        )
        self.app.call_from_thread(self._rows_read, month, rows)

    def _rows_read(self, month: CheckResult, rows: pl.DataFrame) -> None:
        if month is self.month:
            self.rows = rows
            self.show_matches()

    def _filter(self) -> SampleFilter:
        def text(key: str) -> str | None:
            return self.query_one(f"#{key}", Input).value.strip() or None

        def day(key: str) -> date | None:
            value = text(key)
            try:
                return date.fromisoformat(value) if value else None
            except ValueError:
                raise ValueError(f"{key.replace('_', ' ')}: {value!r} is not YYYY-MM-DD") from None

        month = self.month
        date_from = day("date_from")
        if month is not None and date_from is not None and date_from < month.period.start:
            # Only this month's actions are loaded: an earlier From would silently draw
            # from fewer days than it says.
            raise ValueError(f"From: this month's actions start on {month.period.start}")

        return SampleFilter(
            worker_id=self.worker_id,
            team=None if self.worker_id else self.team,
            task_type=text("task_type"),
            queue=text("queue"),
            outcome=text("outcome"),
            date_from=date_from,
            date_to=day("date_to"),
        )

    def show_matches(self) -> None:
        """How many closed transactions the filters leave to draw from."""
        matches = self.query_one("#matches", Static)
        if self.rows is None:
            matches.update("Loading this month's Caseworker Actions…")
            return
        try:
            found = closed_transactions(self.rows, self._filter()).height
        except ValueError as exc:
            matches.update(str(exc))
            return
        matches.update(f"{found} closed transactions match")

    @on(Input.Changed)
    def _changed(self) -> None:
        self.show_matches()

    @on(Input.Submitted)
    def _draw(self) -> None:
        rows = self.rows
        if rows is None:
            self.notify("This month's actions are still loading; try again.", timeout=3)
            return
        try:
            size = int(self.query_one("#size", Input).value)
            seed = int(self.query_one("#seed", Input).value)
        except ValueError:
            self.notify("Sample size and seed must be whole numbers.", severity="error")
            return
        label = self.query_one("#label", Input).value
        try:
            entry = self.fw.coaching.start_sample(rows, self._filter(), size, seed, label)
        except (ValueError, StoreError, ConfigError) as exc:
            self.notify(str(exc), title="No sample drawn", severity="error")
            return
        self.dismiss(entry.id)

    def action_cancel(self) -> None:
        self.dismiss(None)
