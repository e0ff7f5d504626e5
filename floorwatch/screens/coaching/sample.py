"""`o`: start a coaching sample for a caseworker or a team — what, how many, which dates.

Drawn from the closed Caseworker Actions of any date range the history holds (read
month by month off the UI thread; this month's result is the one the drilldown's `m`
shows), or exactly the Task IDs typed. Task type, queue, outcome and, for a team, the
caseworker are picked from the values the data holds; the focused field is
highlighted. Enter in a typed field draws; Tab moves between fields; the count of
matching transactions follows the filters.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING, ClassVar, cast

import polars as pl
from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Grid, Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, Select, Static

from floorwatch.coaching.sampling import SampleFilter, closed_transactions, parse_task_ids
from floorwatch.engine.result import CheckResult
from floorwatch.screens.coaching.save import save
from floorwatch.screens.keys import BindingIds

if TYPE_CHECKING:
    from floorwatch.app import FloorwatchApp

#: Picked from the data: (field id, label, column of the actions).
CHOICES = (
    ("worker", "Caseworker", "worker_id"),
    ("task_type", "Task type", "task_type"),
    ("queue", "Queue", "queue"),
    ("outcome", "Outcome", "outcome"),
)
#: Typed: (field id, label, placeholder) in the order Tab visits them.
FIELDS = (
    ("date_from", "From", "YYYY-MM-DD"),
    ("date_to", "To", "YYYY-MM-DD"),
    ("task_ids", "Task IDs", "only these, e.g. T1042, T1077 (blank: draw at random)"),
    ("size", "Sample size", "5"),
    ("seed", "Seed", "a whole number: same seed + filters = same sample"),
    ("label", "Label", "groups the sample, e.g. renewals week 48"),
)


def default_seed(now: datetime) -> int:
    """A seed that differs from one sample to the next but is written down with it."""
    return int(now.strftime("%m%d%H%M"))


class SampleScreen(BindingIds, ModalScreen[str | None]):
    """The coaching sample form; dismisses with the new sample's id."""

    CSS_PATH = "sample.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", tooltip="Leave without drawing"),
    ]

    def __init__(self, *, worker_id: str | None = None, team: str | None = None) -> None:
        super().__init__()
        self.worker_id = worker_id
        self.team = team
        #: Month results read so far, by the month's first day (kept across refreshes).
        self.months: dict[date, CheckResult] = {}
        #: The range the rows were read for, and the caseworker's or team's rows.
        self.read_for: tuple[date, date] | None = None
        self.rows: pl.DataFrame | None = None
        #: First and last day of Caseworker Actions in the history.
        self.span: tuple[date, date] | None = None
        #: The range being read now: asking again for it must not restart the reading.
        self.reading: tuple[date, date] | None = None

    @property
    def fw(self) -> FloorwatchApp:
        return cast("FloorwatchApp", self.app)

    def _who(self) -> str:
        if self.worker_id:
            worker = self.fw.result.worker(self.worker_id) if self.fw.result else None
            name = worker.name if worker and worker.name else None
            return f"{name} ({self.worker_id})" if name else self.worker_id
        return f"team {self.team}"

    def _as_of(self) -> datetime:
        return self.fw.result.as_of if self.fw.result else self.fw.now()

    def compose(self) -> ComposeResult:
        now = self.fw.now()
        as_of = self._as_of().date()
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
                for key, label, _ in CHOICES:
                    if key == "worker" and self.worker_id:
                        continue  # a caseworker's sample: they are the one
                    yield Label(label)
                    yield Select[str]([], prompt="any", compact=True, id=key)
                for key, label, placeholder in FIELDS:
                    yield Label(label)
                    yield Input(defaults.get(key, ""), placeholder=placeholder, id=key)
            yield Static(id="matches")
            yield Static(
                "Tab next field · ↑↓ Enter picks from a list · Enter in a typed field draws "
                "· Escape cancels",
                id="hint",
            )

    def on_mount(self) -> None:
        self.query(Select).first().focus()
        self._follow_range()
        # A modal screen too follows the app's data: the month result it samples from
        # arrives (or is asked for again after new data) without polling.
        self.watch(self.app, "data_version", self._follow_month, init=False)
        self.fw.request_period("month")

    def _follow_month(self, _version: int = 0) -> None:
        if self.fw.period_results.get("month") is None:
            self.fw.request_period("month")  # asked once per data, however often
        elif self.read_for is None:
            self._follow_range()

    def _range(self) -> tuple[date, date]:
        """The From..To typed (raises ValueError naming the field)."""
        as_of = self._as_of().date()
        # A blank From is this month's first day, a blank To the data's day.
        first = self._day("date_from") or as_of.replace(day=1)
        last = self._day("date_to") or as_of
        if first > last:
            raise ValueError(f"From {first} is after To {last}")
        return first, last

    def _follow_range(self) -> None:
        """Read the rows of the range typed, unless they are read already."""
        try:
            first, last = self._range()
        except ValueError:
            return
        if self.read_for is not None and self.read_for[0] <= first and last <= self.read_for[1]:
            return
        if self.reading == (first, last):
            return
        month = self.fw.period_results.get("month")
        if month is not None:
            self.months.setdefault(month.period.start, month)
        elif first >= self._as_of().date().replace(day=1):
            return  # this month only: the app's month result is on its way
        self.rows = None
        self.reading = (first, last)
        self.show_matches()
        self._read_rows(first, last, dict(self.months))

    @work(thread=True, group="sample-rows", exclusive=True, exit_on_error=False)
    def _read_rows(self, first: date, last: date, known: dict[date, CheckResult]) -> None:
        """The caseworker's or team's actions of the range's months: read from the history
        (`run_check` per month, `ActionRows`), so off the UI thread."""
        source = self.fw.source
        try:
            rows, months, span = self.fw.coaching.actions_between(
                source.config,
                source.drop_dir,
                first,
                last,
                self._as_of(),
                known,
                worker_id=self.worker_id,
                team=self.team,
            )
        except Exception as exc:  # the store changed under us: say so, keep the form
            self.app.call_from_thread(self._rows_failed, str(exc))
            return
        self.app.call_from_thread(self._rows_read, (first, last), months, rows, span)

    def _rows_failed(self, reason: str) -> None:
        self.reading = None
        self.query_one("#matches", Static).update(f"Caseworker Actions could not be read: {reason}")

    def _rows_read(
        self,
        read_for: tuple[date, date],
        months: dict[date, CheckResult],
        rows: pl.DataFrame | None,
        span: tuple[date, date] | None,
    ) -> None:
        if read_for != self.reading:
            return  # a newer range is being read
        self.months.update(months)
        self.read_for, self.span, self.reading = read_for, span, None
        self.rows = rows if rows is not None else pl.DataFrame()
        self._offer_choices()
        self.show_matches()

    def _offer_choices(self) -> None:
        """Each list offers the values the rows of the range hold."""
        rows = self.rows
        for key, _, column in CHOICES:
            found = self.query(f"#{key}")
            if not found or rows is None or column not in rows.columns:
                continue
            select = cast("Select[str]", found.first())
            if key == "worker":
                names = rows.select("worker_id", "worker_name").unique().sort("worker_id")
                options = [
                    (f"{name} ({wid})" if name else wid, wid) for wid, name in names.iter_rows()
                ]
            else:
                values = rows.get_column(column).drop_nulls().unique().sort().to_list()
                options = [(v, v) for v in values if v]
            chosen = select.value
            select.set_options(options)
            if chosen is not Select.NULL and chosen in {v for _, v in options}:
                select.value = chosen

    def _day(self, key: str) -> date | None:
        value = self.query_one(f"#{key}", Input).value.strip()
        try:
            return date.fromisoformat(value) if value else None
        except ValueError:
            raise ValueError(f"{key.replace('_', ' ')}: {value!r} is not YYYY-MM-DD") from None

    def _picked(self, key: str) -> str | None:
        found = self.query(f"#{key}")
        if not found:
            return None
        value = cast("Select[str]", found.first()).value
        return None if value is Select.NULL else str(value)

    def _filter(self) -> SampleFilter:
        first, last = self._range()  # raises for a range that cannot be read
        worker = self.worker_id or self._picked("worker")
        return SampleFilter(
            worker_id=worker,
            team=None if worker else self.team,
            task_type=self._picked("task_type"),
            queue=self._picked("queue"),
            outcome=self._picked("outcome"),
            date_from=first,
            date_to=last,
            task_ids=parse_task_ids(self.query_one("#task_ids", Input).value),
        )

    def show_matches(self) -> None:
        """How many closed transactions the filters leave to draw from."""
        matches = self.query_one("#matches", Static)
        if self.rows is None:
            matches.update("Reading the Caseworker Actions of these dates…")
            return
        try:
            wanted = self._filter()
        except ValueError as exc:
            matches.update(str(exc))
            return
        found = 0 if self.rows.is_empty() else closed_transactions(self.rows, wanted).height
        text = f"{found} closed transactions match"
        if self.span is not None and wanted.date_from and wanted.date_from < self.span[0]:
            text += f" (the history holds Caseworker Actions from {self.span[0]})"
        elif self.span is None:
            text += " (the history holds no Caseworker Actions yet)"
        matches.update(text)

    @on(Input.Changed)
    def _changed(self, event: Input.Changed) -> None:
        if event.input.id in ("date_from", "date_to"):
            self._follow_range()
        self.show_matches()

    @on(Select.Changed)
    def _select_changed(self) -> None:
        self.show_matches()

    @on(Input.Submitted)
    def _draw(self) -> None:
        rows = self.rows
        if rows is None:
            self.notify("The Caseworker Actions are still being read; try again.", timeout=3)
            return
        if rows.is_empty():
            self.notify("No Caseworker Actions in these dates.", severity="error")
            return
        try:
            size = int(self.query_one("#size", Input).value)
            seed = int(self.query_one("#seed", Input).value)
        except ValueError:
            self.notify("Sample size and seed must be whole numbers.", severity="error")
            return
        label = self.query_one("#label", Input).value
        try:
            wanted = self._filter()
        except ValueError as exc:
            self.notify(str(exc), title="No sample drawn", severity="error")
            return
        desk = self.fw.coaching

        def drawn(entry: object) -> None:
            if self.is_current:
                self.dismiss(getattr(entry, "id", None))

        save(
            self,
            lambda: desk.start_sample(rows, wanted, size, seed, label),
            drawn,
            title="No sample drawn",
        )

    def action_cancel(self) -> None:
        self.dismiss(None)
