"""`a` on a caseworker: record what was done about their flags, keyboard only.

Action (↑↓ Enter), then a note (Enter), then an optional snooze (Enter saves). The
caseworker's flags are all chosen; Tab reaches the list to leave some out (space).
On a caseworker without a flag it records an observation: the note says what was seen.
Dismisses with the action recorded (None when nothing was).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar, cast

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, OptionList, SelectionList, Static

from floorwatch.coaching.followup import ACTIONS, parse_snooze
from floorwatch.engine.result import WorkerResult
from floorwatch.screens.coaching.save import save
from floorwatch.screens.keys import BindingIds
from floorwatch.widgets.cells import FLAG_WORD

if TYPE_CHECKING:
    from floorwatch.app import FloorwatchApp


class FollowUpScreen(BindingIds, ModalScreen[str | None]):
    """A follow-up of one caseworker's flags: action, note, snooze; stamped who and when."""

    CSS_PATH = "followup.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", tooltip="Leave without recording"),
    ]

    def __init__(self, worker: WorkerResult) -> None:
        super().__init__()
        self.worker = worker

    @property
    def fw(self) -> FloorwatchApp:
        return cast("FloorwatchApp", self.app)

    def compose(self) -> ComposeResult:
        w = self.worker
        kind = "Follow-up" if w.flags else "Observation (no flag)"
        with Vertical(id="dialog"):
            yield Static(Text(f"{kind}: {w.name or w.worker_id} ({w.worker_id})"), id="title")
            yield Static("Action — ↑↓ then Enter", classes="label")
            yield OptionList(*ACTIONS, id="action")
            yield Input(
                placeholder="note (Enter: next)" if w.flags else "what was seen (required)",
                id="note",
            )
            yield Input(
                placeholder="snooze until HH:MM or YYYY-MM-DD HH:MM (blank: today) — Enter saves",
                id="snooze",
            )
            yield Static(
                "Flags followed up — space toggles" if w.flags else "No flags: an observation",
                classes="label",
            )
            yield SelectionList[str](
                *(
                    (self._flag_label(f.check, f.subject), f"{f.check}|{f.subject or ''}", True)
                    for f in w.flags
                ),
                id="flags",
            )

    @staticmethod
    def _flag_label(check: str, subject: str | None) -> str:
        word = FLAG_WORD.get(check, check)
        return f"{word} {subject}" if subject else word

    def on_mount(self) -> None:
        options = self.query_one("#action", OptionList)
        options.highlighted = 0
        options.focus()

    @on(OptionList.OptionSelected, "#action")
    def _action_chosen(self) -> None:
        self.query_one("#note", Input).focus()

    @on(Input.Submitted, "#note")
    def _note_done(self) -> None:
        self.query_one("#snooze", Input).focus()

    @on(Input.Submitted, "#snooze")
    def _save(self) -> None:
        desk = self.fw.coaching
        index = self.query_one("#action", OptionList).highlighted
        chosen = self.query_one("#flags", SelectionList).selected
        keys = [tuple(v.split("|", 1)) for v in chosen]
        try:
            snooze = parse_snooze(self.query_one("#snooze", Input).value, desk.clock())
        except ValueError as exc:
            self.notify(str(exc), title="Not recorded", severity="error")
            return
        action = ACTIONS[index or 0]
        note = self.query_one("#note", Input).value
        if not keys and not note.strip():
            self.notify("An observation needs a note.", title="Not recorded", severity="error")
            self.query_one("#note", Input).focus()
            return
        worker_id = self.worker.worker_id

        def saved(_: object) -> None:
            self.notify(f"Follow-up recorded: {action}", timeout=4)
            if self.is_current:
                self.dismiss(action)

        save(
            self,
            lambda: desk.record_followup(
                worker_id, [(c, s) for c, s in keys], action, note, snooze
            ),
            saved,
            title="Not recorded",
        )

    def action_cancel(self) -> None:
        self.dismiss(None)
