"""One caseworker's drilldown: flags explained, their actions, time per task type, paused."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from typing import ClassVar

import polars as pl
from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.widgets import Static

from floorwatch.coaching.followup import flag_key
from floorwatch.engine.result import CheckResult, PeriodKind, WorkerResult
from floorwatch.screens.base import FloorwatchScreen
from floorwatch.screens.coaching.flow import open_coaching_sample, open_follow_up
from floorwatch.widgets.cells import BAD, EMPTY, flow, kpi_cells, minutes_diff, number
from floorwatch.widgets.coaching_text import followed_note, worker_log
from floorwatch.widgets.contact_section import ContactSection
from floorwatch.widgets.explain import flag_sentence
from floorwatch.widgets.keyed_table import KeyedTable

PERIOD_WORDS: dict[PeriodKind, str] = {"day": "today", "week": "this week", "month": "this month"}


def _when(moment: datetime | None, with_day: bool = True) -> str:
    if moment is None:
        return EMPTY
    return f"{moment:%a %d %H:%M}" if with_day else f"{moment:%H:%M}"


def _inline(cell: Text) -> Text:
    """A table cell for use inside a sentence: without its alignment padding."""
    cell.rstrip()
    cell.justify = None
    return cell


def _table(table_id: str, *labels: str) -> KeyedTable:
    """A page table (found by its id); Tab reaches it to sort (z Z) or save (D) it."""
    # The page scrolls as one: the tables show all their rows, with no cursor.
    table = KeyedTable(id=table_id, show_cursor=False)
    table.show_columns([(label, label) for label in labels])
    return table


#: `d` `w` `m` show as one footer key, "d w m period".
PERIOD_GROUP = Binding.Group("period")


class CaseworkerScreen(FloorwatchScreen):
    """Everything behind one caseworker's row, for a conversation that can be defended."""

    CSS_PATH = "caseworker.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("d", "period('day')", "Today", tooltip="Actions of today", group=PERIOD_GROUP),
        Binding(
            "w",
            "period('week')",
            "Week",
            tooltip="Actions of this week (from Monday)",
            group=PERIOD_GROUP,
        ),
        Binding(
            "m", "period('month')", "Month", tooltip="Actions of this month", group=PERIOD_GROUP
        ),
        Binding("a", "follow_up", "Follow up", tooltip="Record a follow-up of these flags"),
        Binding("o", "sample", "Sample", tooltip="Start a coaching sample of their work"),
    ]

    def __init__(self, worker_id: str) -> None:
        super().__init__()
        self.worker_id = worker_id
        self.period: PeriodKind = "day"
        #: A week or month other than the current one, from the Performance screen.
        self.pinned: CheckResult | None = None

    @property
    def crumb(self) -> str:  # type: ignore[override]
        worker = self._worker()
        return (worker.name if worker and worker.name else None) or self.worker_id

    def compose_body(self) -> ComposeResult:
        with VerticalScroll(id="page"):
            yield Static(id="who")
            yield Static("Flags", id="flags-title", classes="heading")
            yield Static(id="flags")
            yield Static("Follow-ups and coaching (a, o)", classes="heading")
            yield Static(id="coaching-log")
            yield Static(id="actions-title", classes="heading")
            yield _table(
                "actions",
                "Task",
                "Type",
                "Queue",
                "Start",
                "End",
                "Min",
                "vs QSA",
                "Outcome",
                "Source",
                "File",
            )
            yield Static(id="types-title", classes="heading")
            yield _table("task-types", "Task type", "Txns", "Mean min", "QSA min", "vs QSA")
            yield Static("Paused tasks now", classes="heading")
            yield _table("paused-now", "Task", "Type", "Paused at", "Days", "Reason")
            yield ContactSection()

    def on_mount(self) -> None:
        self.query_one("#page").focus()

    def _worker(self) -> WorkerResult | None:
        result = self.fw.result
        return result.worker(self.worker_id) if result else None

    def show_data(self) -> None:
        now, today = self.fw.result, self._worker()
        if now is None or today is None:
            self.query_one("#who", Static).update(f"{self.worker_id}: not in the current data.")
            return
        # The page follows d/w/m: the period's KPIs, flags, task types and phones (calls
        # are judged over any period, v2); status and paused work are "now", from today's.
        result = self._period_result()
        worker = result.worker(self.worker_id) if result is not None else None
        self.query_one("#who", Static).update(self._who(today, worker, result))
        words = self._words(result)
        suffix = "" if self.period == "day" else f" {words}"
        self.query_one("#flags-title", Static).update(f"Flags{suffix}")
        self.query_one("#flags", Static).update(self._flags(worker, result))
        log = worker_log(self.fw.coaching, self.worker_id, self.fw.now().date())
        self.query_one("#coaching-log", Static).update(log)
        self.query_one("#types-title", Static).update(f"Transaction time per task type ({words})")
        self._show_actions(self.query_one("#actions", KeyedTable))
        self._show_task_types(self.query_one("#task-types", KeyedTable), worker, result)
        self._show_paused(self.query_one("#paused-now", KeyedTable), now)
        settings = replace(self.fw.source.settings, qsa=self.fw.qsa)
        if worker is not None and result is not None:
            self.query_one(ContactSection).show(worker, result, settings)
        else:
            self.query_one(ContactSection).show(today, now, settings)

    def _words(self, result: CheckResult | None) -> str:
        """'today', 'this week', 'this month', or a pinned period's dates."""
        if result is not None and result is self.pinned:
            return f"{result.period.start:%a %d %b}–{result.period.end:%a %d %b}"
        return PERIOD_WORDS[self.period]

    def _flags(self, worker: WorkerResult | None, result: CheckResult | None) -> Text | str:
        if result is None:
            return "loading…"
        if worker is None:
            return "Not in this period's data."
        if not worker.flags:
            return "No flags: every check is within its range."
        # Tolerances in the sentences are those of the quarter the data was judged by.
        settings = replace(self.fw.source.settings, qsa=result.qsa)
        lines = Text()
        followed = self.fw.coaching.followed(self.worker_id)
        for flag in worker.flags:
            marker = "!! " if flag.pattern == "trend" else "!  "
            lines.append(marker, style=BAD if flag.pattern == "trend" else "bold yellow")
            lines.append(flag_sentence(flag, settings))
            if flag_key(flag) in followed:
                lines.append(followed_note(followed[flag_key(flag)]), style="dim")
            lines.append("\n")
        return lines

    def _who(
        self, today: WorkerResult, worker: WorkerResult | None, result: CheckResult | None
    ) -> Text:
        """Who and their status now; then the period's KPIs (labelled unless today's)."""
        status = EMPTY
        if today.status:
            status = f"{today.status} for {number(today.status_minutes, 0)} min"
            if today.task_type:
                status += f" on {today.task_type}"
        text = Text(f"{today.name or EMPTY} ({today.worker_id})", style="bold")
        text.append(f" · team {today.team} · now: {status}\n")
        if self.period != "day":
            words = self._words(result)  # "this week", or a pinned period's dates
            text.append(f"{words[:1].upper()}{words[1:]}: ", style="bold")
        if result is None or worker is None:
            text.append("loading…" if result is None else "not in this period's data.")
            return text
        m = worker.metrics
        util, logged_in, completion, get_next = (_inline(c) for c in kpi_cells(m, result.qsa))
        width = self.app.size.width - 4  # the page's padding and its scrollbar
        time_parts = [
            f"Logged in {number(m.logged_in_minutes, 0)} min, active {number(m.active_minutes, 0)},"
            f" idle {number(m.idle_minutes, 0)}",
            Text.assemble("utilization ", util, " %"),
            Text.assemble("logged-in ", logged_in, " %"),
        ]
        work_parts = [
            Text.assemble(f"Cases {m.cases_worked}, completed {m.completed} (", completion, " %)"),
            Text.assemble("Get Next ", get_next, " %"),
            f"mean transaction {number(m.avg_txn_minutes)} min",
        ]
        # Each part stays whole on a line (at 80 columns "logged-in 92.8" lost its "%").
        text.append_text(flow(time_parts, width))
        text.append("\n")
        text.append_text(flow(work_parts, width))
        return text

    def _period_result(self) -> CheckResult | None:
        if self.pinned is not None and self.pinned.period.kind == self.period:
            return self.pinned
        if self.period == "day":
            return self.fw.result
        return self.fw.period_results.get(self.period)

    def _show_actions(self, table: KeyedTable) -> None:
        title = self.query_one("#actions-title", Static)
        result = self._period_result()
        words = self._words(result)
        if result is None or not result.actions.has_read(self.worker_id):
            table.sync({}, [])
        if result is None:
            title.update(f"Caseworker Actions {words} (d/w/m): loading…")
            self.fw.request_period(self.period)
            return
        if not result.actions.has_read(self.worker_id):
            # Earlier days' rows come from the history: read them off the UI thread.
            title.update(f"Caseworker Actions {words} (d/w/m): reading…")
            self._read_actions(result, self.worker_id)
            return
        rows = result.actions.of_worker(self.worker_id).sort("start")
        title.update(f"Caseworker Actions {words} (d/w/m): {rows.height} rows")
        tolerance = result.qsa.txn_tolerance_minutes
        with_day = self.period != "day"  # today's rows need no date
        lines = []
        for row in rows.iter_rows(named=True):
            in_progress = row["end"] is None
            cells = (
                Text(row["task_id"] or EMPTY),
                Text(row["task_type"] or EMPTY),
                Text(row["queue"] or EMPTY),
                _when(row["start"], with_day),
                "in progress" if in_progress else _when(row["end"], with_day),
                Text(number(row["minutes"]), justify="right"),
                minutes_diff(
                    None if in_progress else row["minutes"], row["qsa_minutes"], tolerance
                ),
                Text(row["outcome"] or EMPTY),
                Text(row["source"] or EMPTY),
                Text(row["source_file"] or EMPTY),
            )
            # A task worked twice from one start stays two rows (sync_rows numbers them).
            lines.append((f"{row['task_id']} {row['start']}", cells))
        table.sync_rows(lines)

    @work(thread=True, group="actions", exclusive=True, exit_on_error=False)
    def _read_actions(self, result: CheckResult, worker_id: str) -> None:
        try:
            result.actions.of_worker(worker_id)
        except Exception as exc:  # the store changed under the result: say so, keep the rest
            self.app.call_from_thread(
                self.query_one("#actions-title", Static).update,
                f"Caseworker Actions: could not be read ({exc})",
            )
            return
        self.app.call_from_thread(self._actions_read, result, worker_id)

    def _actions_read(self, result: CheckResult, worker_id: str) -> None:
        if worker_id == self.worker_id and result is self._period_result():
            self._show_actions(self.query_one("#actions", KeyedTable))

    def _show_task_types(
        self, table: KeyedTable, worker: WorkerResult | None, result: CheckResult | None
    ) -> None:
        if result is None or worker is None:
            table.sync({}, [])
            return
        qsa, m = result.qsa, worker.metrics
        lines = []
        for task_type, mean in sorted(m.txn_minutes_by_task_type.items()):
            expected = qsa.task_types.get(task_type)
            cells = (
                Text(task_type),
                Text(str(m.txn_count_by_task_type.get(task_type, 0)), justify="right"),
                Text(number(mean), justify="right"),
                Text(number(expected), justify="right"),
                minutes_diff(mean, expected, qsa.txn_tolerance_minutes),
            )
            lines.append((task_type, cells))
        table.sync_rows(lines)

    def _show_paused(self, table: KeyedTable, result: CheckResult) -> None:
        limit = self.fw.source.settings.paused_limit_days
        paused = result.paused.filter(pl.col("worker_id") == self.worker_id).sort(
            "paused_at", "task_id"
        )
        lines = []
        for row in paused.iter_rows(named=True):
            days = row["days_paused"]
            over = days is not None and days > limit
            cells = (
                Text(row["task_id"] or EMPTY),
                Text(row["task_type"] or EMPTY),
                _when(row["paused_at"]),
                Text(
                    f"{number(days)} ▲" if over else f"{number(days)}  ", style=BAD if over else ""
                ),
                Text(row["reason"] or EMPTY),
            )
            lines.append((str(row["task_id"]), cells))
        table.sync_rows(lines)

    def show_worker(
        self, worker_id: str, period: PeriodKind | None = None, pinned: CheckResult | None = None
    ) -> None:
        """Show another caseworker, from the top and for today, or for `period` (the
        result `pinned`, when it is a week or month other than the current one)."""
        if period is not None or pinned is not None or self.pinned is not None:
            self.pinned = pinned
            self.period = period or "day"
            self._out_of_date = True  # redrawn when shown
        if worker_id == self.worker_id:
            return
        self.worker_id = worker_id
        self.period = period or "day"
        if self.is_mounted:
            self.query_one("#page", VerticalScroll).scroll_home(animate=False)
            self._out_of_date = True  # redrawn when shown

    def action_follow_up(self) -> None:
        open_follow_up(self.fw, self.worker_id)

    def action_sample(self) -> None:
        open_coaching_sample(self.fw, worker_id=self.worker_id)

    def action_period(self, period: PeriodKind) -> None:
        self.period = period
        self.show_data()
