"""Coaching (`O`): open corrections (overdue first), samples, and pass rates.

`t` marks the highlighted correction done, `E` escalates an overdue one (both recorded
as new journal entries); Tab reaches the samples, where Enter opens one; `r` switches
the pass rates between this week, this month and all time.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.widgets import DataTable, Static

from floorwatch.coaching.corrections import Correction
from floorwatch.coaching.report import DIMENSIONS, coaching_report
from floorwatch.screens.base import FloorwatchScreen
from floorwatch.screens.coaching_check import SampleCheckScreen
from floorwatch.screens.coaching_refresh import coaching_changed
from floorwatch.settings import ConfigError
from floorwatch.store import StoreError
from floorwatch.widgets.cells import BAD, EMPTY, GOOD, number

RANGES = ("week", "month", "all")
_BY_WORDS = {"caseworker": "Caseworker", "team": "Team", "task_type": "Task type"}
_BY_WORDS["attribute"] = "Attribute"


def range_start(kind: str, today: date) -> date | None:
    """The first day of this week (Monday) or month; None for all time."""
    if kind == "week":
        return today - timedelta(days=today.weekday())
    if kind == "month":
        return today.replace(day=1)
    return None


def _table(name: str, *columns: str) -> DataTable:
    table: DataTable = DataTable(cursor_type="row", zebra_stripes=True, id=name)
    table.add_columns(*columns)
    return table


def _fill(table: DataTable, rows: dict[str, list[object]]) -> None:
    """Refill a small table, keeping the cursor on the same row number."""
    row = table.cursor_row
    table.clear()
    for key, cells in rows.items():
        table.add_row(*cells, key=key)
    if rows:
        table.move_cursor(row=min(row, len(rows) - 1))


def _count(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def _cursor_key(table: DataTable) -> str | None:
    if not table.row_count:
        return None
    return table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value


class CoachingScreen(FloorwatchScreen):
    """Everything recorded about coaching: what is due, what was checked, how it went."""

    CSS_PATH = "coaching.tcss"
    crumb = "Coaching"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "open", "Open sample", priority=True, tooltip="Open the sample"),
        Binding("t", "done", "Done", tooltip="Mark the highlighted correction done"),
        Binding("E", "escalate", "Escalate", key_display="E", tooltip="Escalate it (overdue)"),
        Binding("r", "cycle_range", "Range", tooltip="Pass rates: this week / month / all time"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.range = "month"

    def compose_body(self) -> ComposeResult:
        with VerticalScroll(id="page"):
            yield Static(id="coaching-summary")
            yield Static("Corrections (open first, overdue ⚠)", classes="heading")
            yield _table(
                "corrections", "State", "Caseworker", "Correction", "Owner", "Due", "Escalated"
            )
            yield Static("Samples (Tab, then Enter opens)", classes="heading")
            yield _table("samples", "Label", "For", "Drawn", "Checked", "Passed")
            yield Static(id="rates-title", classes="heading")
            rates: DataTable = DataTable(zebra_stripes=True, show_cursor=False, id="rates")
            rates.can_focus = False
            rates.add_columns("By", "Group", "Checks", "Passed", "Failed", "Pass %")
            yield rates

    def on_mount(self) -> None:
        self.query_one("#corrections", DataTable).focus()

    def _today(self) -> date:
        return self.fw.coaching.clock().date()

    def show_data(self) -> None:
        desk = self.fw.coaching
        today = self._today()
        found = sorted(desk.corrections(), key=lambda c: (c.status != "open", c.due, c.id))
        _fill(
            self.query_one("#corrections", DataTable),
            {c.id: self._correction_row(c, today) for c in found},
        )
        samples = desk.samples()
        done = desk.assessments()
        srows = {}
        for s in samples:
            tasks = {t["task_id"] for t in s.data["transactions"]}
            mine = [e for t, e in done.items() if t in tasks and e.data["sample_id"] == s.id]
            who = s.data["filters"].get("worker_id") or f"team {s.data['filters'].get('team')}"
            passed = sum(1 for e in mine if e.data["overall"] == "pass")
            srows[s.id] = [
                Text(s.data["label"]),
                Text(who),
                f"{s.at:%a %d %b} {s.by}",
                Text(f"{len(mine)}/{len(tasks)}", justify="right"),
                Text(str(passed), justify="right"),
            ]
        _fill(self.query_one("#samples", DataTable), srows)
        self._show_rates(today)
        open_count = sum(1 for c in found if c.status == "open")
        late = sum(1 for c in found if c.overdue(today))
        summary = Text(
            f"{_count(len(samples), 'sample')}, {_count(len(done), 'check')}, "
            f"{_count(open_count, 'correction')} open"
        )
        if late:
            summary.append(f" · ⚠ {late} overdue", style=BAD)
        for error in desk.journal.errors:
            summary.append(f"\nskipped {error}", style=BAD)
        self.query_one("#coaching-summary", Static).update(summary)

    @staticmethod
    def _correction_row(c: Correction, today: date) -> list[object]:
        late = c.overdue(today)
        return [
            Text("⚠ overdue", style=BAD) if late else Text(c.status),
            Text(c.worker_id or EMPTY),
            Text(c.description),
            Text(c.owner),
            Text(f"{c.due:%a %d %b}", style=BAD if late else ""),
            Text(f"{c.escalations[-1].at:%a %d %b}" if c.escalated else ""),
        ]

    def _show_rates(self, today: date) -> None:
        start = range_start(self.range, today)
        report = coaching_report(self.fw.coaching.entries(), start, today if start else None)
        words = {"week": "this week", "month": "this month", "all": "all time"}[self.range]
        overall = number(report.pass_rate_pct)
        self.query_one("#rates-title", Static).update(
            f"Pass rates {words} (r): {report.passed}/{report.checks} checks passed, {overall} %"
        )
        rates = self.query_one("#rates", DataTable)
        rates.clear()
        for by in DIMENSIONS:
            for row in report.rates[by].iter_rows(named=True):
                pct = row["pass_rate_pct"]
                rates.add_row(
                    _BY_WORDS[by],
                    row["group"] or EMPTY,
                    Text(str(row["checks"]), justify="right"),
                    Text(str(row["passed"]), justify="right"),
                    Text(str(row["failed"]), justify="right"),
                    Text(number(pct), style=GOOD if pct == 100 else "", justify="right"),
                )

    def _correction(self) -> Correction | None:
        key = _cursor_key(self.query_one("#corrections", DataTable))
        return next((c for c in self.fw.coaching.corrections() if c.id == key), None)

    def action_done(self) -> None:
        self._record("done")

    def action_escalate(self) -> None:
        self._record("escalate")

    def _record(self, what: str) -> None:
        correction = self._correction()
        if correction is None:
            self.notify("Highlight a correction first.", timeout=3)
            return
        desk = self.fw.coaching
        try:
            if what == "done":
                desk.mark_done(correction)
            else:
                desk.escalate(correction)
        except (ValueError, StoreError, ConfigError) as exc:
            self.notify(str(exc), severity="error", timeout=4)
            return
        self.notify(f"Correction {'done' if what == 'done' else 'escalated'}.", timeout=3)
        coaching_changed(self.fw)

    def action_cycle_range(self) -> None:
        self.range = RANGES[(RANGES.index(self.range) + 1) % len(RANGES)]
        self._show_rates(self._today())

    def action_open(self) -> None:
        samples = self.query_one("#samples", DataTable)
        key = _cursor_key(samples)
        if self.focused is samples and key is not None:
            self.app.push_screen(SampleCheckScreen(key))
        elif self.focused is not samples:
            samples.focus()
