"""A coaching sample: its transactions, which are assessed and how; Enter assesses one."""

from __future__ import annotations

from datetime import datetime
from typing import Any, ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import Static

from floorwatch.coaching.assessment import RESULT_WORDS
from floorwatch.coaching.journal import Entry
from floorwatch.screens.base import FloorwatchScreen
from floorwatch.screens.coaching_assess import AssessmentScreen
from floorwatch.settings import ConfigError
from floorwatch.widgets.cells import BAD, EMPTY, GOOD
from floorwatch.widgets.keyed_table import KeyedTable

COLUMNS = (
    ("task", "Task"),
    ("who", "Caseworker"),
    ("type", "Type"),
    ("queue", "Queue"),
    ("closed", "Closed"),
    ("outcome", "Outcome"),
    ("result", "Check"),
)
COMPACT = {"task", "who", "type", "closed", "result"}


def _closed(text: str | None) -> str:
    return f"{datetime.fromisoformat(text):%a %d %H:%M}" if text else EMPTY


class SampleCheckScreen(FloorwatchScreen):
    """One sample's transactions; Enter opens the assessment of the highlighted one."""

    CSS_PATH = "coaching_check.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "assess", "Assess", priority=True, tooltip="Assess this transaction"),
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
        yield Static("Enter assesses the highlighted transaction · Escape back", id="hint")

    def on_mount(self) -> None:
        self.query_one(KeyedTable).focus()

    def transactions(self) -> list[dict[str, Any]]:
        return list(self.sample.data["transactions"])

    def show_data(self) -> None:
        sample = self.sample
        done = self.fw.coaching.assessments(self.sample_id)
        txns = self.transactions()
        table = self.query_one(KeyedTable)
        columns = [c for c in COLUMNS if not self.compact or c[0] in COMPACT]
        table.show_columns(columns)
        rows = {t["task_id"]: self._row(t, done.get(t["task_id"])) for t in txns}
        table.sync(rows, [t["task_id"] for t in txns])
        d = sample.data
        filters = {k: v for k, v in d["filters"].items() if v and k not in ("worker_id", "team")}
        who = d["filters"].get("worker_id") or f"team {d['filters'].get('team')}"
        head = Text(f"{d['label']}", style="bold")
        head.append(f" · {who} · {len(txns)} of {d['candidates']} closed transactions")
        head.append(f" · seed {d['seed']}")
        if filters:
            head.append(" · " + ", ".join(f"{k.replace('_', ' ')} {v}" for k, v in filters.items()))
        passed = sum(1 for e in done.values() if e.data["overall"] == "pass")
        head.append(
            f"\nAssessed {len(done)} of {len(txns)}: {passed} pass, {len(done) - passed} fail"
        )
        head.append(f" · drawn by {sample.by} {sample.at:%a %d %b %H:%M}")
        self.query_one("#sample-head", Static).update(head)

    @staticmethod
    def _row(txn: dict[str, Any], assessed: Entry | None) -> dict[str, object]:
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
        txn = next(t for t in self.transactions() if t["task_id"] == key)
        self.app.push_screen(AssessmentScreen(self.sample_id, txn), self._assessed)

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
