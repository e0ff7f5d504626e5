"""The caseworker drilldown's phone section: calls and AHT vs the QSA, and time per
Genesys status through the day (one row per interval of the day's newest export).

Hidden for a caseworker with no contact-centre data.
"""

from __future__ import annotations

import polars as pl
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Static

from floorwatch.engine.contact import STATUS_COLUMNS
from floorwatch.engine.result import CheckResult, WorkerResult
from floorwatch.settings import Settings
from floorwatch.widgets.calls import call_cells
from floorwatch.widgets.cells import ABOVE, BAD, EMPTY, number
from floorwatch.widgets.keyed_table import KeyedTable

#: The row key of the day's (or period's) total, kept last whatever the sort.
_TOTAL = "total"


class ContactSection(Vertical):
    """Calls handled, AHT against the QSA, and minutes per status per interval today."""

    DEFAULT_CSS = """
    ContactSection { height: auto; }
    ContactSection .heading { margin-top: 1; padding: 0 1; text-style: bold underline; }
    ContactSection #calls-line { padding: 0 1; }
    ContactSection KeyedTable { height: auto; max-height: 100%; }
    """

    def compose(self) -> ComposeResult:
        yield Static("Phones today (Genesys Cloud)", classes="heading")
        yield Static(id="calls-line")
        # The page scrolls as one (no cursor); Tab reaches the table to sort or save it.
        table = KeyedTable(id="intervals", show_cursor=False)
        table.pinned_last = (_TOTAL,)  # the day's total stays under the intervals
        yield table

    def show(self, worker: WorkerResult, result: CheckResult, settings: Settings) -> None:
        """Fill the section for `worker`, or hide it when they have no phone data."""
        m = worker.metrics
        self.display = m.calls_handled is not None or bool(m.presence_minutes)
        if not self.display:
            return
        qsa = result.qsa
        calls, aht = call_cells(m, qsa)
        aht.rstrip()
        line = Text(f"Calls handled {calls.plain.strip()} · average handle time ")
        line.append_text(aht)
        line.append(" min")
        if qsa.call_handle_minutes is not None:
            line.append(f" (QSA {qsa.call_handle_minutes:g} ±{qsa.call_tolerance_minutes:g})")
        self.query_one("#calls-line", Static).update(line)
        self._show_intervals(worker, result, settings)

    def _show_intervals(
        self, worker: WorkerResult, result: CheckResult, settings: Settings
    ) -> None:
        table = self.query_one("#intervals", KeyedTable)
        frame = result.agent_status
        if frame.is_empty():
            table.show_columns([])
            return
        rows = frame.filter(pl.col("worker_id") == worker.worker_id).sort("interval_start")
        # Only the statuses this caseworker spent time in: the section stays narrow.
        shown = [
            c for c in STATUS_COLUMNS if c in rows.columns and (rows[c].fill_null(0) > 0).any()
        ]
        # Over its allowance x the days with status rows: exactly when the check flagged it.
        over_statuses = {
            (f.subject or "").casefold() for f in worker.flags if f.check == "STATUS_OVER_ALLOWANCE"
        }
        day = result.period.kind == "day"
        allowance = {k.casefold() for k in settings.status_allowance_minutes}
        # The statuses over their allowance first, then those with one: at 80 columns the
        # table's right end is cut, and the flagged one must not be what is lost.
        shown.sort(
            key=lambda c: (
                STATUS_COLUMNS[c].casefold() not in over_statuses,
                STATUS_COLUMNS[c].casefold() not in allowance,
            )
        )
        # A fixed width: the first rows added to a just-cleared table do not widen it.
        columns = [("interval", "Interval"), *((c, STATUS_COLUMNS[c]) for c in shown)]
        table.show_columns(columns, widths={"interval": 11 if day else 15})
        lines = []
        for row in rows.iter_rows(named=True):
            start, end = row["interval_start"], row["interval_end"]
            clock = "%H:%M" if day else "%a %d %H:%M"
            when = EMPTY if start is None else f"{start:{clock}}" + (f"–{end:%H:%M}" if end else "")
            cells = (when, *(Text(number(row[c], 0), justify="right") for c in shown))
            lines.append((f"{start}", cells))
        totals = []
        for c in shown:
            minutes = worker.metrics.presence_minutes.get(STATUS_COLUMNS[c])
            over = STATUS_COLUMNS[c].casefold() in over_statuses
            cell = f"{number(minutes, 0)} {ABOVE}" if over else number(minutes, 0)
            totals.append(Text(cell, style=BAD if over else "bold", justify="right"))
        lines.append((_TOTAL, (Text("Day" if day else "Total", style="bold"), *totals)))
        table.sync_rows(lines)
