"""The question after the save key: CSV or XLSX (or not after all)."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Static

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
