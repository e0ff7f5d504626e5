"""Assessing one sampled transaction: one key per attribute, no mouse.

`p` Pass, `x` Fail (reason, then a comment), `n` N/A mark the highlighted attribute and
move to the next; `r` adds a correction (a failed check only); `s` saves the assessment
and its corrections — or, with attributes still unmarked, the marks so far as a draft
(the check is then "in progress" and opens where it was left). Saving again later
records a new assessment superseding this one.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, ClassVar, Literal

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import Static

from floorwatch.coaching.assessment import RESULT_WORDS, AssessmentError, Mark, overall
from floorwatch.coaching.config import CoachingConfig
from floorwatch.coaching.corrections import default_due
from floorwatch.coaching.journal import Entry
from floorwatch.screens.base import FloorwatchScreen
from floorwatch.screens.coaching.correction import CorrectionForm, CorrectionScreen
from floorwatch.screens.coaching.fail import FailScreen
from floorwatch.screens.coaching.save import save
from floorwatch.widgets.cells import BAD, EMPTY, GOOD
from floorwatch.widgets.keyed_table import KeyedTable

_STYLE = {"pass": GOOD, "fail": BAD, "na": "dim"}


def _when(text: str | None) -> str:
    return f"{datetime.fromisoformat(text):%a %d %b %H:%M}" if text else EMPTY


class AssessmentScreen(FloorwatchScreen):
    """The attributes of coaching.toml for one transaction, marked from the keyboard."""

    CSS_PATH = "assess.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("p", "mark('pass')", "Pass", tooltip="Mark the attribute Pass"),
        Binding("x", "mark('fail')", "Fail", tooltip="Mark it Fail: a reason and a comment"),
        Binding("n", "mark('na')", "N/A", tooltip="Mark it not applicable"),
        Binding("r", "correction", "Correction", tooltip="A correction this failed check needs"),
        Binding("s", "save", "Save", tooltip="Record the check (a draft if not all marked)"),
    ]

    def __init__(self, sample_id: str, transaction: dict[str, Any]) -> None:
        super().__init__()
        self.sample_id = sample_id
        self.transaction = transaction
        self.marks: dict[str, Mark] = {}
        self.corrections: list[CorrectionForm] = []
        self.supersedes: str | None = None
        #: Escape with unsaved changes warns once; a second Escape leaves without saving.
        self._dirty = False
        self._warned = False

    @property
    def crumb(self) -> str:  # type: ignore[override]
        return f"Check {self.transaction['task_id']}"

    @property
    def config(self) -> CoachingConfig:
        return self.fw.coaching.config

    def compose_body(self) -> ComposeResult:
        yield Static(id="txn")
        table = KeyedTable(id="marks")
        table.show_columns(
            [
                ("attribute", "Attribute"),
                ("result", "Result"),
                ("reason", "Reason"),
                ("comment", "Comment"),
            ]
        )
        yield table
        yield Static(id="question")
        yield Static(id="overall")

    def on_mount(self) -> None:
        desk = self.fw.coaching
        task = self.transaction["task_id"]
        earlier = desk.assessments(self.sample_id).get(task)
        if earlier is not None:  # re-assessing: start from what was recorded
            self.supersedes = earlier.id
        draft = desk.draft(self.sample_id, task)
        if draft is not None and (earlier is None or draft.at >= earlier.at):
            earlier = draft  # a check left half-way opens where it was left
        if earlier is not None:
            self.marks = {
                k: Mark(m["result"], m["reason"], m["comment"])
                for k, m in earlier.data["marks"].items()
                if k in {a.key for a in self.config.attributes}
            }
        self.query_one("#marks", KeyedTable).focus()
        self._show_marks()

    def show_data(self) -> None:
        t = self.transaction
        text = Text(f"{t['task_id']}", style="bold")
        text.append(f" · {t.get('worker_name') or ''} ({t['worker_id']}) · team {t.get('team')}")
        text.append(f"\n{t.get('task_type') or EMPTY} · queue {t.get('queue') or EMPTY}")
        text.append(f" · {_when(t.get('start'))} – {_when(t.get('end'))}")
        text.append(f" · outcome {t.get('outcome') or EMPTY}")
        self.query_one("#txn", Static).update(text)

    def _current_key(self) -> str | None:
        return self.query_one("#marks", KeyedTable).cursor_key

    def _show_marks(self) -> None:
        rows = {}
        for a in self.config.attributes:
            mark = self.marks.get(a.key)
            word = RESULT_WORDS[mark.result] if mark else "·"
            style = _STYLE[mark.result] if mark else "dim"
            rows[a.key] = {
                "attribute": Text(a.label),
                "result": Text(word, style=style),
                # Text: typed words are never read as markup.
                "reason": Text(mark.reason if mark else ""),
                "comment": Text(mark.comment if mark else ""),
            }
        self.query_one("#marks", KeyedTable).sync(rows, list(rows))
        self._show_status()

    def _show_status(self) -> None:
        key = self._current_key()
        if key is not None:
            self.query_one("#question", Static).update(self.config.attribute(key).question)
        marked = len(self.marks)
        total = len(self.config.attributes)
        text = Text("Overall: ", style="bold")
        try:
            result = overall(self.config, self.marks)
        except AssessmentError as exc:
            text.append(f"not yet ({marked} of {total} marked)" if marked < total else str(exc))
        else:
            word = RESULT_WORDS[result]
            text.append(word, style=_STYLE[result])
            text.append(" — s saves")
        for description, owner, due in self.corrections:
            text.append(f"\nCorrection: {description} — {owner}, due {due:%a %d %b}")
        self.query_one("#overall", Static).update(text)

    def on_data_table_row_highlighted(self) -> None:
        self._show_status()

    def action_mark(self, result: Literal["pass", "fail", "na"]) -> None:
        key = self._current_key()
        if key is None:
            return
        if result != "fail":
            self._set(key, Mark(result))
            return
        earlier = self.marks.get(key, Mark("fail"))
        screen = FailScreen(self.config.attribute(key), earlier.reason, earlier.comment)

        def failed(answer: tuple[str, str] | None) -> None:
            if answer is not None:
                self._set(key, Mark("fail", *answer))

        self.app.push_screen(screen, failed)

    def _set(self, key: str, mark: Mark) -> None:
        self.marks[key] = mark
        self._dirty = True
        self._show_marks()
        self.query_one("#marks", KeyedTable).action_cursor_down()

    def action_correction(self) -> None:
        if not any(m.result == "fail" for m in self.marks.values()):
            self.notify("Only a failed check can require corrections.", timeout=4)
            return
        desk = self.fw.coaching
        due = default_due(desk.clock().date(), self.config.correction_days)

        def added(form: CorrectionForm | None) -> None:
            if form is not None:
                self.corrections.append(form)
                self._dirty = True
                self._show_status()

        t = self.transaction
        who = f"{t.get('worker_name') or ''} ({t['worker_id']})".strip()
        self.app.push_screen(CorrectionScreen(t["worker_id"], due, who), added)

    def action_back(self) -> None:
        if self._dirty and not self._warned:
            self._warned = True
            self.notify("Not saved: s saves, Escape again leaves without saving.", timeout=4)
            return
        self.dismiss(False)

    def action_save(self) -> None:
        desk = self.fw.coaching
        try:
            result = overall(self.config, self.marks)
        except AssessmentError as exc:
            if not self.marks or len(self.marks) == len(self.config.attributes):
                self.notify(str(exc), title="Not saved", severity="error")
                return
            self._save_draft()
            return
        if self.corrections and result != "fail":
            self.notify(
                "corrections are for a failed check; this one passes",
                title="Not saved",
                severity="error",
            )
            return
        sample_id, txn, marks, supersedes = (
            self.sample_id,
            self.transaction,
            dict(self.marks),
            self.supersedes,
        )
        fixes = list(self.corrections)

        def write() -> Entry:
            entry = desk.record_assessment(sample_id, txn, marks, supersedes)
            for description, owner, due in fixes:
                desk.add_correction(entry, description, owner, due)
            return entry

        def saved(entry: Entry) -> None:
            word = RESULT_WORDS[entry.data["overall"]]
            self.notify(f"{txn['task_id']}: {word} recorded", timeout=4)
            if self.is_current:
                self.dismiss(True)

        save(self, write, saved)

    def _save_draft(self) -> None:
        """Keep the marks so far: the check is in progress, and opens here again."""
        if self.corrections:
            self.notify("Corrections are saved with the finished check.", timeout=4)
        desk, txn, marks = self.fw.coaching, self.transaction, dict(self.marks)

        def saved(_: Entry) -> None:
            n, total = len(marks), len(self.config.attributes)
            self.notify(f"{txn['task_id']}: draft kept ({n} of {total} marked)", timeout=4)
            if self.is_current:
                self.dismiss(True)

        save(self, lambda: desk.save_draft(self.sample_id, txn, marks), saved)
