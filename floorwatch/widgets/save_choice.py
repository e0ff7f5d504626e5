"""The question after the save key: CSV or XLSX (or not after all)."""

from __future__ import annotations

from datetime import datetime
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import DataTable, Static

from floorwatch.output.saved_table import TableFormat


class SaveChoice(ModalScreen[TableFormat | None]):
    """Save as `c` CSV or `x` XLSX; Escape saves nothing."""

    DEFAULT_CSS = """
    SaveChoice { align: center middle; }
    SaveChoice > Vertical {
        width: 52; height: auto; padding: 1 2;
        border: thick $primary; background: $surface;
    }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("c", "choose('csv')", "CSV", id="save.csv"),
        Binding("x", "choose('xlsx')", "XLSX", id="save.xlsx"),
        Binding("escape", "choose(None)", "Cancel", id="save.cancel"),
    ]

    def __init__(self, rows: int) -> None:
        super().__init__()
        self.rows = rows

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(f"Save this table as shown ({self.rows} rows):")
            yield Static("  c  CSV (Excel opens it)\n  x  XLSX\n  esc  cancel")

    def action_choose(self, fmt: TableFormat | None) -> None:
        """Close with the chosen format (None: cancelled)."""
        self.dismiss(fmt)


def save_scope(table: DataTable) -> str:
    """The table's scope for its file name: the screen's `save_scope()` or breadcrumb
    ("Team North", a caseworker), and the table's id where the screen has several."""
    screen = table.screen
    scope = getattr(screen, "save_scope", None)  # a screen may say more (its period)
    crumb = scope() if callable(scope) else getattr(screen, "crumb", "")
    crumb = str(crumb or type(screen).__name__)
    several = len(screen.query(type(table))) > 1
    return f"{crumb} {table.id}" if several and table.id else crumb


def shown_as_of(table: DataTable) -> datetime | None:
    """The as-of of the data on show, when the app has one."""
    result = getattr(table.app, "result", None)
    return getattr(result, "as_of", None)
