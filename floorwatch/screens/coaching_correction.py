"""A correction a failed check requires: what, who owns it, by when (Enter moves on, saves)."""

from __future__ import annotations

from datetime import date
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Static

#: (description, owner, due) as typed and checked.
CorrectionForm = tuple[str, str, date]


class CorrectionScreen(ModalScreen[CorrectionForm | None]):
    """Description, owner and due date of one correction; None on Escape."""

    CSS_PATH = "coaching_correction.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", tooltip="Add no correction"),
    ]

    def __init__(self, owner: str, due: date) -> None:
        super().__init__()
        self.owner = owner
        self.due = due

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Static("Correction required", id="title")
            yield Input(placeholder="what must be corrected (Enter: next)", id="description")
            yield Input(self.owner, placeholder="owner", id="owner")
            yield Input(self.due.isoformat(), placeholder="due YYYY-MM-DD — Enter adds", id="due")

    def on_mount(self) -> None:
        self.query_one("#description", Input).focus()

    @on(Input.Submitted, "#description")
    def _next_owner(self) -> None:
        self.query_one("#owner", Input).focus()

    @on(Input.Submitted, "#owner")
    def _next_due(self) -> None:
        self.query_one("#due", Input).focus()

    @on(Input.Submitted, "#due")
    def _save(self) -> None:
        description = self.query_one("#description", Input).value.strip()
        owner = self.query_one("#owner", Input).value.strip()
        text = self.query_one("#due", Input).value.strip()
        try:
            due = date.fromisoformat(text)
        except ValueError:
            self.notify(f"due: {text!r} is not YYYY-MM-DD", severity="error")
            return
        if not description or not owner:
            self.notify("A correction needs a description and an owner.", severity="error")
            return
        self.dismiss((description, owner, due))

    def action_cancel(self) -> None:
        self.dismiss(None)
