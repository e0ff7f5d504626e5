"""Coaching (`O`): the plan's progress, corrections (overdue first), samples, PIPs, pass
rates and common errors.

On a correction, `a` records the caseworker's corrective action details and `V` the
team leader's verification that closes it (two steps, two stamps); `E` escalates an
overdue one to someone, with a new due date and reminder. Tab reaches the samples
(Enter opens one) and the PIPs (`u` records the outcome); `r` switches the pass rates
between this week, this month and all time. Every record is a new journal entry.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.widgets import Static

from floorwatch.coaching.corrections import STATUS_WORDS, Correction, default_due, escalation_data
from floorwatch.coaching.pip import Pip
from floorwatch.coaching.plan import members_of
from floorwatch.coaching.report import DIMENSIONS, coaching_report
from floorwatch.coaching.status import cancelled
from floorwatch.screens.base import FloorwatchScreen
from floorwatch.screens.coaching.check import SampleCheckScreen
from floorwatch.screens.coaching.form import Field, FormScreen, Values
from floorwatch.screens.coaching.save import save
from floorwatch.settings import ConfigError
from floorwatch.widgets.cells import BAD, EMPTY, GOOD, number
from floorwatch.widgets.keyed_table import KeyedTable

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


def _table(name: str, *columns: str, **kwargs: object) -> KeyedTable:
    """A table found by its id; sortable (z Z) and savable (D) as every table."""
    table = KeyedTable(id=name, **kwargs)  # type: ignore[arg-type]
    table.show_columns([(c, c) for c in columns])
    return table


def _fill(table: KeyedTable, rows: dict[str, list[object]]) -> None:
    """Keep a small table in step with `rows` (the cursor stays on its row)."""
    table.sync_rows(rows.items())


def _count(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def _needs(key: str, message: str) -> Callable[[Values], str | None]:
    """A form check: refuse while field `key` is blank."""
    return lambda values: None if values[key] else message


def _cursor_key(table: KeyedTable) -> str | None:
    return table.cursor_key


class CoachingScreen(FloorwatchScreen):
    """Everything recorded about coaching: what is due, what was checked, how it went."""

    CSS_PATH = "board.tcss"
    crumb = "Coaching"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "open", "Open sample", priority=True, tooltip="Open the sample"),
        Binding("a", "actioned", "Actioned", tooltip="The caseworker's corrective action details"),
        Binding("V", "verify", "Verify", key_display="V", tooltip="Verify and close it"),
        Binding("E", "escalate", "Escalate", key_display="E", tooltip="Escalate it (overdue)"),
        Binding("u", "pip_outcome", "PIP outcome", tooltip="Record the highlighted PIP's outcome"),
        Binding("r", "cycle_range", "Range", tooltip="Pass rates: this week / month / all time"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.range = "month"

    def compose_body(self) -> ComposeResult:
        with VerticalScroll(id="page"):
            yield Static(id="coaching-summary")
            yield Static(id="plan")
            yield Static("Corrections (open first, overdue ⚠)", classes="heading")
            yield _table(
                "corrections", "State", "Caseworker", "Correction", "Owner", "Due", "Escalated"
            )
            yield Static("Samples (Tab, then Enter opens)", classes="heading")
            yield _table("samples", "Label", "For", "Drawn", "Checked", "Passed", "Cancelled")
            yield Static("PIPs (u: outcome)", classes="heading")
            yield _table("pips", "Caseworker", "Goals", "Next review", "Outcome")
            yield Static(id="rates-title", classes="heading")
            yield _table(
                "rates", "By", "Group", "Checks", "Passed", "Failed", "Pass %", show_cursor=False
            )
            yield Static("Common errors (fail reasons, most frequent first)", classes="heading")
            yield _table(
                "errors", "Attribute", "Reason", "Team", "Task type", "Fails", show_cursor=False
            )

    def on_mount(self) -> None:
        self.query_one("#corrections", KeyedTable).focus()

    def _today(self) -> date:
        return self.fw.coaching.clock().date()

    def show_data(self) -> None:
        desk = self.fw.coaching
        today = self._today()
        entries = desk.entries()
        found = sorted(
            desk.corrections(), key=lambda c: (c.status == "closed", c.status, c.due, c.id)
        )
        _fill(
            self.query_one("#corrections", KeyedTable),
            {c.id: self._correction_row(c, today) for c in found},
        )
        samples = desk.samples()
        done = desk.assessments()
        gone = cancelled(entries)
        srows = {}
        for s in samples:
            tasks = {t["task_id"] for t in s.data["transactions"]}
            off = {t for t in tasks if gone.check(s.id, t)}
            mine = [
                e
                for t, e in done.items()
                if t in tasks and t not in off and e.data["sample_id"] == s.id
            ]
            who = s.data["filters"].get("worker_id") or f"team {s.data['filters'].get('team')}"
            passed = sum(1 for e in mine if e.data["overall"] == "pass")
            srows[s.id] = [
                Text(s.data["label"], style="dim strike" if s.id in gone.samples else ""),
                Text(who),
                f"{s.at:%a %d %b} {s.by}",
                Text(f"{len(mine)}/{len(tasks) - len(off)}", justify="right"),
                Text(str(passed), justify="right"),
                Text("all" if s.id in gone.samples else str(len(off) or ""), justify="right"),
            ]
        _fill(self.query_one("#samples", KeyedTable), srows)
        _fill(
            self.query_one("#pips", KeyedTable),
            {p.id: self._pip_row(p, today) for p in desk.pips()},
        )
        self._show_rates(today)
        self._show_plan()
        open_count = sum(1 for c in found if c.status != "closed")
        late = sum(1 for c in found if c.overdue(today))
        remind = sum(1 for c in found if c.reminder_due(today))
        checks = sum(1 for t, e in done.items() if not gone.check(e.data["sample_id"], t))
        summary = Text(
            f"{_count(len(samples), 'sample')}, {_count(checks, 'check')}, "
            f"{_count(open_count, 'correction')} not closed"
        )
        if late:
            summary.append(f" · ⚠ {late} overdue", style=BAD)
        if remind:
            summary.append(f" · ⏰ {_count(remind, 'reminder')} due", style="bold")
        for error in desk.journal.errors:
            summary.append(f"\nskipped {error}", style=BAD)
        self.query_one("#coaching-summary", Static).update(summary)

    def _show_plan(self) -> None:
        """The coaching plan's progress this month (coaching.toml), or how to set one."""
        desk = self.fw.coaching
        # The month's caseworkers: someone off today is still to be sampled this month.
        self.fw.request_period("month")  # asked once per data, however often
        result = self.fw.period_results.get("month") or self.fw.result
        members = (
            members_of((w.worker_id, w.name, w.team) for w in result.workers) if result else None
        )
        plan = self.query_one("#plan", Static)
        try:
            found = desk.progress(members)
        except ConfigError as exc:
            plan.update(Text(str(exc), style=BAD))
            return
        if not found:
            plan.update(Text("No coaching plan: add [[plan]] to coaching.toml.", style="dim"))
            return
        text = Text("Coaching plan this month", style="bold underline")
        for p in found:
            style = GOOD if p.done >= p.target else ""
            text.append(f"\n{p.sentence()}", style=style)
        plan.update(text)

    @staticmethod
    def _correction_row(c: Correction, today: date) -> list[object]:
        late = c.overdue(today)
        escalated = ""
        if c.escalated:
            last = c.escalations[-1]
            escalated = f"{last.at:%a %d %b}" + (f" to {last.to}" if last.to else "")
        state = Text("⚠ overdue", style=BAD) if late else Text(STATUS_WORDS[c.status])
        if c.reminder_due(today) and not late:
            state.append(" ⏰")
        return [
            state,
            Text(c.who or EMPTY),
            Text(c.description),
            Text(c.owner),
            Text(f"{c.due:%a %d %b}", style=BAD if late else ""),
            Text(escalated),
        ]

    @staticmethod
    def _pip_row(p: Pip, today: date) -> list[object]:
        review = p.next_review(today)
        return [
            Text(p.worker_id),
            Text("; ".join(p.goals)),
            Text(f"{review:%a %d %b}" if review and p.is_open else EMPTY),
            Text(p.outcome or "open"),
        ]

    def _show_rates(self, today: date) -> None:
        start = range_start(self.range, today)
        report = coaching_report(self.fw.coaching.entries(), start, today if start else None)
        words = {"week": "this week", "month": "this month", "all": "all time"}[self.range]
        overall = number(report.pass_rate_pct)
        self.query_one("#rates-title", Static).update(
            f"Pass rates {words} (r): {report.passed}/{report.checks} checks passed, {overall} %"
        )
        lines = []
        for by in DIMENSIONS:
            for row in report.rates[by].iter_rows(named=True):
                pct = row["pass_rate_pct"]
                key = f"{by} {row['group']}"
                lines.append(
                    (
                        key,
                        (
                            _BY_WORDS[by],
                            row["group"] or EMPTY,
                            Text(str(row["checks"]), justify="right"),
                            Text(str(row["passed"]), justify="right"),
                            Text(str(row["failed"]), justify="right"),
                            Text(number(pct), style=GOOD if pct == 100 else "", justify="right"),
                        ),
                    )
                )
        self.query_one("#rates", KeyedTable).sync_rows(lines)
        self.query_one("#errors", KeyedTable).sync_rows(
            (
                " ".join(map(str, cells)),
                (*(Text(c or EMPTY) for c in cells), Text(str(fails), justify="right")),
            )
            for *cells, fails in report.common_errors.head(12).iter_rows()
        )

    def _correction(self) -> Correction | None:
        key = _cursor_key(self.query_one("#corrections", KeyedTable))
        found = next((c for c in self.fw.coaching.corrections() if c.id == key), None)
        if found is None:
            self.notify("Highlight a correction first.", timeout=3)
        return found

    def action_actioned(self) -> None:
        """Step one: the caseworker's corrective action details."""
        c = self._correction()
        if c is None:
            return
        if c.status != "open":
            self.notify(f"This correction is {STATUS_WORDS[c.status]} already.", timeout=3)
            return
        desk = self.fw.coaching
        fields = [Field("details", "Action taken", placeholder="what was done to correct it")]

        def filled(v: Values | None) -> None:
            if v is not None:
                save(
                    self,
                    lambda: desk.record_action(c, v["details"]),
                    lambda _: self.notify("Corrective action recorded: verify it (V).", timeout=3),
                )

        title = f"Corrective action: {c.description} ({c.who})"
        check = _needs("details", "say what was done to correct it")
        self.app.push_screen(FormScreen(title, fields, check), filled)

    def action_verify(self) -> None:
        """Step two: the team leader verifies the action and closes the correction."""
        c = self._correction()
        if c is None:
            return
        if c.status != "actioned":
            why = "closed already" if c.status == "closed" else "not actioned yet (a)"
            self.notify(f"This correction is {why}.", timeout=3)
            return
        desk = self.fw.coaching
        assert c.actioned is not None
        note = f"Action taken: {c.actioned.text} ({c.actioned.by}, {c.actioned.at:%a %d %b})"
        fields = [Field("comment", "Comment", placeholder="what was checked (optional)")]

        def filled(v: Values | None) -> None:
            if v is not None:
                save(
                    self,
                    lambda: desk.verify(c, v["comment"]),
                    lambda _: self.notify("Correction verified and closed.", timeout=3),
                )

        self.app.push_screen(FormScreen(f"Verify: {c.description}", fields, note=note), filled)

    def action_escalate(self) -> None:
        """An overdue correction: to whom, a new due date and a new reminder."""
        c = self._correction()
        if c is None:
            return
        desk = self.fw.coaching
        today = self._today()
        if not c.overdue(today):
            self.notify("Only an overdue correction can be escalated.", timeout=3)
            return
        due = default_due(today, desk.config.correction_days)
        fields = [
            Field("to", "Escalated to", placeholder="the case owner's team leader"),
            Field("due", "New due date", due.isoformat(), "YYYY-MM-DD"),
            Field("reminder", "Reminder", due.isoformat(), "YYYY-MM-DD"),
            Field("note", "Note", placeholder="optional"),
        ]

        def parsed(v: Values) -> tuple[date, date | None]:
            try:
                new_due = date.fromisoformat(v["due"])
            except ValueError:
                raise ValueError(f"new due date: {v['due']!r} is not YYYY-MM-DD") from None
            try:
                reminder = date.fromisoformat(v["reminder"]) if v["reminder"] else None
            except ValueError:
                raise ValueError(f"reminder: {v['reminder']!r} is not YYYY-MM-DD") from None
            return new_due, reminder

        def check(v: Values) -> str | None:
            try:
                escalation_data(c, today, v["to"], *parsed(v))
            except ValueError as exc:
                return str(exc)
            return None

        def filled(v: Values | None) -> None:
            if v is not None:
                new_due, reminder = parsed(v)
                save(
                    self,
                    lambda: desk.escalate(c, v["to"], new_due, reminder, v["note"]),
                    lambda _: self.notify(f"Escalated to {v['to']}.", timeout=3),
                )

        note = f"Due {c.due:%a %d %b} has expired: {c.description} ({c.who})"
        self.app.push_screen(FormScreen("Escalate", fields, check, note), filled)

    def action_pip_outcome(self) -> None:
        key = _cursor_key(self.query_one("#pips", KeyedTable))
        pip = next((p for p in self.fw.coaching.pips() if p.id == key), None)
        if pip is None or not pip.is_open:
            self.notify("Highlight an open PIP first (Tab to the PIPs).", timeout=3)
            return
        desk = self.fw.coaching
        fields = [Field("outcome", "Outcome", placeholder="e.g. goals met, PIP closed")]

        def filled(v: Values | None) -> None:
            if v is not None:
                save(
                    self,
                    lambda: desk.pip_outcome(pip, v["outcome"]),
                    lambda _: self.notify("PIP outcome recorded.", timeout=3),
                )

        check = _needs("outcome", "say what the outcome of the PIP is")
        title = f"PIP of {pip.worker_id}: {'; '.join(pip.goals)}"
        self.app.push_screen(FormScreen(title, fields, check), filled)

    def action_cycle_range(self) -> None:
        self.range = RANGES[(RANGES.index(self.range) + 1) % len(RANGES)]
        self._show_rates(self._today())

    def action_open(self) -> None:
        samples = self.query_one("#samples", KeyedTable)
        key = _cursor_key(samples)
        if self.focused is samples and key is not None:
            self.app.push_screen(SampleCheckScreen(key))
        elif self.focused is not samples:
            samples.focus()
