"""A small coaching form: labelled fields, typed or picked from a list, keyboard only.

Every field keeps its label beside it once filled; the focused field is highlighted.
Enter moves to the next field and, on the last one, submits; a choice (a `Select`)
moves on once picked. `check` sees the values before the form closes, so a mistake
is told while the form is still open (the journal write happens after, off the UI
thread). Dismisses with the values by field id, or None on Escape.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Grid, Vertical
from textual.screen import ModalScreen
from textual.widget import Widget
from textual.widgets import Input, Label, Select, Static

from floorwatch.screens.keys import BindingIds

#: Values by field id; a choice not picked is "".
Values = dict[str, str]


@dataclass(frozen=True)
class Field:
    """One field: typed (no choices) or picked from `choices`."""

    id: str
    label: str
    value: str = ""
    placeholder: str = ""
    choices: Sequence[str] | None = None


class FormScreen(BindingIds, ModalScreen[Values | None]):
    """A titled form of labelled fields; `check(values)` returns why it cannot be saved."""

    CSS_PATH = "form.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", tooltip="Leave without saving"),
    ]

    def __init__(
        self,
        title: str,
        fields: Sequence[Field],
        check: Callable[[Values], str | None] | None = None,
        note: str = "",
    ) -> None:
        super().__init__()
        self.title_text = title
        self.fields = tuple(fields)
        self.check = check
        self.note = note

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Static(self.title_text, id="title")
            if self.note:
                yield Static(self.note, id="form-note")
            with Grid(id="fields"):
                for f in self.fields:
                    yield Label(f.label, classes="label")
                    if f.choices is None:
                        yield Input(f.value, placeholder=f.placeholder, id=f.id)
                    else:
                        yield Select(
                            [(c, c) for c in f.choices],
                            value=f.value if f.value in f.choices else Select.NULL,
                            prompt=f.placeholder or "pick one",
                            compact=True,
                            id=f.id,
                        )
            yield Static("Enter: next field, and on the last one saves · Escape cancels", id="hint")

    def on_mount(self) -> None:
        self._widget(0).focus()

    def _widget(self, index: int) -> Widget:
        return self.query_one(f"#{self.fields[index].id}")

    def values(self) -> Values:
        """The form's values as they stand."""
        found: Values = {}
        for f in self.fields:
            if f.choices is None:
                found[f.id] = self.query_one(f"#{f.id}", Input).value.strip()
            else:
                value = self.query_one(f"#{f.id}", Select).value
                found[f.id] = "" if value is Select.NULL else str(value)
        return found

    def _next(self, widget: Widget) -> None:
        index = next(i for i, f in enumerate(self.fields) if f.id == widget.id)
        if index + 1 < len(self.fields):
            self._widget(index + 1).focus()
        else:
            self.submit()

    @on(Input.Submitted)
    def _typed(self, event: Input.Submitted) -> None:
        self._next(event.input)

    @on(Select.Changed)
    def _picked(self, event: Select.Changed) -> None:
        if event.select.has_focus and event.value is not Select.NULL:
            self._next(event.select)

    def submit(self) -> None:
        """Close with the values, unless `check` says why they cannot be saved."""
        values = self.values()
        problem = self.check(values) if self.check else None
        if problem:
            self.notify(problem, title="Not saved", severity="error")
            return
        self.dismiss(values)

    def action_cancel(self) -> None:
        self.dismiss(None)
