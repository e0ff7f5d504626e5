"""A Fail mark: the reason (↑↓ Enter) and the comment the guide requires (Enter saves)."""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, OptionList, Static

from floorwatch.coaching.config import Attribute
from floorwatch.screens.keys import BindingIds


class FailScreen(BindingIds, ModalScreen[tuple[str, str] | None]):
    """Why an attribute failed; dismisses with (reason, comment), or None on Escape."""

    CSS_PATH = "fail.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", tooltip="Leave the attribute as it was"),
    ]

    def __init__(self, attribute: Attribute, reason: str = "", comment: str = "") -> None:
        super().__init__()
        self.attribute = attribute
        self.reason = reason
        self.comment = comment

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Static(f"Fail: {self.attribute.label}", id="title")
            yield Static(self.attribute.question, classes="label")
            yield OptionList(*self.attribute.fail_reasons, id="reason")
            yield Input(self.comment, placeholder="comment (required) — Enter saves", id="comment")

    def on_mount(self) -> None:
        reasons = self.query_one(OptionList)
        known = self.attribute.fail_reasons
        reasons.highlighted = known.index(self.reason) if self.reason in known else 0
        reasons.focus()

    @on(OptionList.OptionSelected)
    def _reason_chosen(self) -> None:
        self.query_one(Input).focus()

    @on(Input.Submitted)
    def _save(self) -> None:
        comment = self.query_one(Input).value.strip()
        if not comment:
            self.notify("A Fail needs a comment.", severity="error", timeout=4)
            return
        index = self.query_one(OptionList).highlighted or 0
        self.dismiss((self.attribute.fail_reasons[index], comment))

    def action_cancel(self) -> None:
        self.dismiss(None)
