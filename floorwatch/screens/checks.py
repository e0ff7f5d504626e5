"""Today's daily reconciles: each slot done (on time, or run late as of its moment), due,
waiting to be caught up, or missed (no data for its moment), and every recorded run with
the flags it raised anew and the flags it cleared."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import polars as pl
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.widgets import Static

from floorwatch.screens.base import FloorwatchScreen
from floorwatch.store import RunRecord
from floorwatch.watcher import flag_changes, is_late, slot_states, slot_trigger
from floorwatch.widgets.cells import BAD, EMPTY, FLAG_WORD, GOOD, WARN
from floorwatch.widgets.keyed_table import KeyedTable

#: The runs table's columns (their labels are their keys).
_COLUMNS = ("Time", "Check", "Status", "By", "Flags", "New", "Cleared")


@dataclass(frozen=True)
class _Line:
    """One row: a slot (with or without its run) or an ad-hoc run."""

    key: str
    when: datetime
    what: str
    state: Text
    run: RunRecord | None


def _change(flags: pl.DataFrame | None, sign: str) -> str:
    """ "+3" new, "-2" cleared, "0" for none (not "-0"), a dash before any run."""
    if flags is None:
        return EMPTY
    return f"{sign}{flags.height}" if flags.height else "0"


class ChecksScreen(FloorwatchScreen):
    """The four daily slots and today's recorded runs; `c` adds an ad-hoc run."""

    CSS_PATH = "checks.tcss"
    crumb = "Checks today"

    def __init__(self) -> None:
        super().__init__()
        self._changes_for: list[RunRecord] | None = None
        self._changes_by_run: dict[str, tuple[pl.DataFrame, pl.DataFrame]] = {}

    def compose_body(self) -> ComposeResult:
        yield Static(id="slots-summary")
        table = KeyedTable(id="runs")
        table.show_columns([(c, c) for c in _COLUMNS])
        yield table
        yield Static(id="changes")

    def on_mount(self) -> None:
        self.set_focus(self.query_one("#runs", KeyedTable))

    def lines(self) -> list[_Line]:
        """Today's slots and ad-hoc runs in time order."""
        app = self.fw
        now = app.now()
        states = slot_states(
            app.source.settings.check_times, app.runs_today, now, app.opened_at, app.attempted_slots
        )
        slot_triggers = {s.run.trigger for s in states if s.run is not None}
        out = []
        for status in states:
            when = datetime.combine(now.date(), status.slot)
            run = status.run
            if run is not None and is_late(run):
                state = Text(f"✓ run late at {run.recorded_at:%H:%M}, data {run.as_of:%H:%M}")
                state.stylize(GOOD)
            elif run is not None:
                state = Text(f"✓ done, data {run.as_of:%H:%M}", style=GOOD)
            elif status.state == "missed":
                why = app.missed_why.get(status.slot)
                state = Text(f"✗ missed: {why}" if why else "✗ missed", style=BAD)
            elif status.slot == app.catching_up:
                state = Text("… running late", style=WARN)
            elif status.state == "late":
                state = Text("… to run late", style=WARN)
            else:
                state = Text(f"… due {status.slot:%H:%M}", style=WARN)
            out.append(
                _Line(slot_trigger(status.slot), when, f"slot {status.slot:%H:%M}", state, run)
            )
        for run in app.runs_today:
            if run.trigger not in slot_triggers:
                # Placed by its data time: the app's clock may be simulated, the
                # recording time is the wall clock.
                done = Text(f"✓ done, data {run.as_of:%H:%M}", style=GOOD)
                out.append(_Line(run.run_id, run.as_of, run.trigger, done, run))
        return sorted(out, key=lambda line: line.when)

    def _changes(self) -> dict[str, tuple[pl.DataFrame, pl.DataFrame]]:
        """Per run id: (new, cleared) flags against the run before it in data time (a slot
        run late compares with the run before its moment). Worked out once per list of
        runs (the app replaces the list when runs are recorded), not per redraw or row."""
        runs_today = self.fw.runs_today
        if self._changes_for is not runs_today:
            runs = sorted(runs_today, key=lambda r: (r.as_of, r.recorded_at))
            self._changes_by_run = {
                run.run_id: flag_changes(runs[i - 1].flags if i else None, run.flags)
                for i, run in enumerate(runs)
            }
            self._changes_for = runs_today
        return self._changes_by_run

    def show_data(self) -> None:
        table = self.query_one("#runs", KeyedTable)
        changes = self._changes()
        rows: dict[str, dict[str, object]] = {}
        lines = self.lines()
        for line in lines:
            run = line.run
            new, cleared = changes.get(run.run_id, (None, None)) if run else (None, None)
            cells = (
                f"{line.when:%H:%M}",
                Text(line.what),
                line.state,
                Text(run.by if run else EMPTY),
                Text(str(run.flags.height) if run else EMPTY, justify="right"),
                Text(_change(new, "+"), justify="right"),
                Text(_change(cleared, "-"), justify="right"),
            )
            rows[line.key] = dict(zip(_COLUMNS, cells, strict=True))
        # Keyed: a new run keeps the cursor on its run, and the scroll where it was.
        table.sync(rows, [line.key for line in lines])
        done = sum(1 for line in self.lines() if line.run and line.what.startswith("slot"))
        self.query_one("#slots-summary", Static).update(
            f"{done} of {len(self.fw.source.settings.check_times)} daily checks done today. "
            "c runs an ad-hoc check now."
        )
        self._show_changes()

    @on(KeyedTable.RowHighlighted)
    def _row_highlighted(self) -> None:
        self._show_changes()

    def _show_changes(self) -> None:
        """The highlighted run's new and cleared flags, in words."""
        box = self.query_one("#changes", Static)
        table = self.query_one("#runs", KeyedTable)
        if not table.row_count:
            box.update("")
            return
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        line = next((line for line in self.lines() if line.key == key), None)
        if line is None or line.run is None:
            box.update("No run recorded for this slot.")
            return
        new, cleared = self._changes()[line.run.run_id]
        run = line.run
        text = Text(
            f"{line.what}: data as of {run.as_of:%H:%M}, recorded {run.recorded_at:%H:%M:%S} "
            f"by {run.by}\n",
            style="bold",
        )
        text.append("New: ", style=WARN)
        text.append(self._words(new) + "\n")
        text.append("Cleared: ", style=GOOD)
        text.append(self._words(cleared))
        box.update(text)

    def _words(self, flags: pl.DataFrame) -> str:
        if flags.is_empty():
            return "none"
        result = self.fw.result
        parts = []
        for row in flags.iter_rows(named=True):
            worker = result.worker(row["worker_id"]) if result else None
            who = (worker.name if worker else None) or row["worker_id"]
            word = FLAG_WORD.get(row["check"], row["check"])
            subject = f" {row['subject']}" if row["subject"] else ""
            parts.append(f"{who} {word}{subject}")
        return "; ".join(parts)
