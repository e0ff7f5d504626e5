"""A coaching sample: its transactions, each check's status and result.

Enter assesses the highlighted transaction, `b` records the feedback after its check,
`x` cancels that check and `X` the whole sample (each with a reason: the procedure's
"Cancel Coaching"); cancelled checks leave every pass rate.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import Static

from floorwatch.coaching.assessment import RESULT_WORDS
from floorwatch.coaching.feedback import HOW, feedback_data
from floorwatch.coaching.journal import Entry
from floorwatch.coaching.status import CheckStatus
from floorwatch.screens.base import FloorwatchScreen
from floorwatch.screens.coaching.assess import AssessmentScreen
from floorwatch.screens.coaching.form import Field, FormScreen, Values
from floorwatch.screens.coaching.save import save
from floorwatch.settings import ConfigError
from floorwatch.widgets.cells import BAD, EMPTY, GOOD
from floorwatch.widgets.keyed_table import KeyedTable

_STATUS_STYLE = {"not started": "dim", "in progress": "", "done": GOOD, "cancelled": "dim strike"}

COLUMNS = (
    ("task", "Task"),
    ("who", "Caseworker"),
    ("type", "Type"),
    ("queue", "Queue"),
    ("closed", "Closed"),
    ("outcome", "Outcome"),
    ("status", "Status"),
    ("result", "Check"),
)
COMPACT = {"task", "who", "type", "status", "result"}


def _closed(text: str | None) -> str:
    return f"{datetime.fromisoformat(text):%a %d %H:%M}" if text else EMPTY


class SampleCheckScreen(FloorwatchScreen):
    """One sample's transactions; Enter opens the assessment of the highlighted one."""

    CSS_PATH = "check.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "assess", "Assess", priority=True, tooltip="Assess this transaction"),
        Binding("b", "feedback", "Feedback", tooltip="Feedback given after this check"),
        Binding("x", "cancel_check", "Cancel check", tooltip="Cancel this check, with a reason"),
        Binding(
            "X", "cancel_sample", "Cancel sample", key_display="X", tooltip="Cancel the sample"
        ),
    ]

    def __init__(self, sample_id: str) -> None:
        super().__init__()
        self.sample_id = sample_id

    @property
    def sample(self) -> Entry:
        entry = self.fw.coaching.entry(self.sample_id)
        assert entry is not None, self.sample_id
        return entry

    @property
    def crumb(self) -> str:  # type: ignore[override]
        return f"Sample {self.sample.data['label']}"

    def compose_body(self) -> ComposeResult:
        yield Static(id="sample-head")
        yield KeyedTable("task", id="sample-table")
        yield Static(
            "Enter assesses · b feedback · x cancels the check, X the sample · Escape back",
            id="hint",
        )

    def on_mount(self) -> None:
        self.set_focus(self.query_one(KeyedTable))

    def transactions(self) -> list[dict[str, Any]]:
        return list(self.sample.data["transactions"])

    def show_data(self) -> None:
        sample = self.sample
        done = self.fw.coaching.assessments(self.sample_id)
        statuses = self.fw.coaching.statuses(self.sample_id)
        txns = self.transactions()
        table = self.query_one(KeyedTable)
        columns = [c for c in COLUMNS if not self.compact or c[0] in COMPACT]
        table.show_columns(columns)
        rows = {
            t["task_id"]: self._row(t, done.get(t["task_id"]), statuses.get(t["task_id"]))
            for t in txns
        }
        table.sync(rows, [t["task_id"] for t in txns])
        d = sample.data
        filters = {k: v for k, v in d["filters"].items() if v and k not in ("worker_id", "team")}
        who = d["filters"].get("worker_id") or f"team {d['filters'].get('team')}"
        head = Text(f"{d['label']}", style="bold")
        head.append(f" · {who} · {len(txns)} of {d['candidates']} closed transactions")
        head.append(f" · seed {d['seed']}")
        if filters:
            head.append(" · " + ", ".join(f"{k.replace('_', ' ')} {v}" for k, v in filters.items()))
        counted = [e for t, e in done.items() if statuses.get(t) != "cancelled"]
        passed = sum(1 for e in counted if e.data["overall"] == "pass")
        head.append(
            f"\nAssessed {len(counted)} of {len(txns)}: {passed} pass, {len(counted) - passed} fail"
        )
        words = [
            f"{n} {s}"
            for s in ("done", "in progress", "not started", "cancelled")
            if (n := sum(1 for v in statuses.values() if v == s))
        ]
        head.append(" · " + ", ".join(words))
        head.append(f" · drawn by {sample.by} {sample.at:%a %d %b %H:%M}")
        self.query_one("#sample-head", Static).update(head)

    @staticmethod
    def _row(
        txn: dict[str, Any], assessed: Entry | None, status: CheckStatus | None
    ) -> dict[str, object]:
        if assessed is None:
            result = Text("to do")
        else:
            word = RESULT_WORDS[assessed.data["overall"]]
            result = Text(word, style=GOOD if word == "Pass" else BAD)
        name = txn.get("worker_name") or txn["worker_id"]
        return {
            "task": txn["task_id"],
            "who": Text(name),
            "type": Text(txn.get("task_type") or EMPTY),
            "queue": Text(txn.get("queue") or EMPTY),
            "closed": _closed(txn.get("end")),
            "outcome": Text(txn.get("outcome") or EMPTY),
            "status": Text(status or EMPTY, style=_STATUS_STYLE.get(status or "", "")),
            "result": result,
        }

    def action_assess(self) -> None:
        key = self.query_one(KeyedTable).cursor_key
        if key is None:
            return
        try:
            self.fw.coaching.config  # noqa: B018 - a bad coaching.toml is told, in one line
        except ConfigError as exc:
            self.notify(str(exc), title="coaching.toml", severity="error")
            return
        if self.fw.coaching.statuses(self.sample_id).get(key) == "cancelled":
            self.notify(f"The check of {key} is cancelled.", timeout=3)
            return
        txn = next(t for t in self.transactions() if t["task_id"] == key)
        self.app.push_screen(AssessmentScreen(self.sample_id, txn), self._assessed)

    def action_feedback(self) -> None:
        """The feedback after the highlighted check: required, to whom, when, how, and a
        development need for the caseworker's record."""
        key = self.query_one(KeyedTable).cursor_key
        desk = self.fw.coaching
        check = desk.assessments(self.sample_id).get(key or "")
        if check is None:
            self.notify("Feedback follows a recorded check: assess it first.", timeout=3)
            return
        txn = check.data["transaction"]
        today = desk.clock().date()
        fields = [
            Field("required", "Required", "yes", choices=("yes", "no")),
            Field("to", "Provided to", txn.get("worker_name") or txn["worker_id"]),
            Field("when", "When", today.isoformat(), "YYYY-MM-DD"),
            Field("how", "How", "face to face", choices=HOW),
            Field("note", "Note", placeholder="what was discussed (optional)"),
            Field("need", "Development need", placeholder="for their record (optional)"),
        ]

        def parsed(v: Values) -> tuple[bool, date | None]:
            required = v["required"] != "no"
            return required, date.fromisoformat(v["when"]) if required and v["when"] else None

        def check_form(v: Values) -> str | None:
            try:
                required, when = parsed(v)
                feedback_data(check, required, v["to"], when, v["how"], v["note"], today)
            except ValueError as exc:
                return str(exc)
            return None

        def filled(v: Values | None) -> None:
            if v is None:
                return
            required, when = parsed(v)
            save(
                self,
                lambda: desk.record_feedback(
                    check, required, v["to"], when, v["how"], v["note"], v["need"]
                ),
                lambda _: self.notify(f"{key}: feedback recorded", timeout=3),
            )

        title = f"Feedback after the check of {key}"
        self.app.push_screen(FormScreen(title, fields, check_form), filled)

    def action_cancel_check(self) -> None:
        key = self.query_one(KeyedTable).cursor_key
        if key is not None:
            self._cancel(key)

    def action_cancel_sample(self) -> None:
        self._cancel(None)

    def _cancel(self, task_id: str | None) -> None:
        """Ask for the reason, then record the cancellation (the procedure's step 6)."""
        what = f"the check of {task_id}" if task_id else f"sample {self.sample.data['label']}"
        fields = [Field("reason", "Reason", placeholder="why it is cancelled (required)")]

        def check_form(v: Values) -> str | None:
            return None if v["reason"] else "a cancellation needs a reason"

        def filled(v: Values | None) -> None:
            if v is not None:
                save(
                    self,
                    lambda: self.fw.coaching.cancel(self.sample_id, task_id, v["reason"]),
                    lambda _: self.notify(f"Cancelled {what}.", timeout=3),
                )

        self.app.push_screen(FormScreen(f"Cancel {what}", fields, check_form), filled)

    def _assessed(self, saved: bool | None) -> None:
        """After a save, move on to the next transaction still to do."""
        if not saved:
            return
        self.show_data()
        table = self.query_one(KeyedTable)
        done = self.fw.coaching.assessments(self.sample_id)
        for index, key in enumerate(table.ordered_keys()):
            if key not in done:
                table.move_cursor(row=index)
                return
        self.notify("Every transaction of this sample is assessed.", timeout=4)
