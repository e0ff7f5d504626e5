"""A DataTable refreshed by row key, so a refresh leaves the reader where they were.

dolphie's pattern (Panels/Processlist.py): remove the rows that went, update the cells
that changed, add the new rows, then sort — instead of clearing and refilling, which
would reset the cursor and the scroll position.
"""

from __future__ import annotations

import contextlib
from collections.abc import Mapping, Sequence

from rich.cells import cell_len
from rich.text import Text
from textual.widgets import DataTable
from textual.widgets.data_table import CellDoesNotExist, CellType, RowDoesNotExist

#: A row as a mapping column key -> cell; columns not on show are ignored.
Row = Mapping[str, CellType]


def _width(cell: object) -> int:
    """How many terminal cells a value takes (Text, or plain text)."""
    return cell.cell_len if isinstance(cell, Text) else cell_len(str(cell))


class KeyedTable(DataTable[CellType]):
    """A DataTable whose rows are kept in step with a mapping key -> row.

    `key_column` must hold each row's key as a plain string (it is what sorting reads).
    """

    DEFAULT_CSS = """
    KeyedTable { height: 1fr; }
    """

    def __init__(self, key_column: str, **kwargs) -> None:
        kwargs.setdefault("cursor_type", "row")
        kwargs.setdefault("zebra_stripes", True)
        super().__init__(**kwargs)
        self.key_column = key_column

    @property
    def cursor_key(self) -> str | None:
        """The key of the row under the cursor, if any."""
        if not self.row_count:
            return None
        try:
            return self.coordinate_to_cell_key(self.cursor_coordinate).row_key.value
        except CellDoesNotExist:
            return None

    def ordered_keys(self) -> list[str]:
        """The row keys in display order."""
        return [row.key.value for row in self.ordered_rows if row.key.value is not None]

    def column_starts(self) -> list[int]:
        """Where each scrolling (not fixed) column starts, as a horizontal scroll offset."""
        starts, x = [], 0
        for column in self.ordered_columns[self.fixed_columns :]:
            starts.append(x)
            x += column.get_render_width(self)
        return starts

    def action_cursor_right(self) -> None:
        """With a row cursor, → scrolls one whole column (not one character)."""
        if self.cursor_type != "row":
            super().action_cursor_right()
            return
        later = [x for x in self.column_starts() if x > self.scroll_x]
        if later:
            self.scroll_to(x=min(later[0], self.max_scroll_x), animate=False)

    def action_cursor_left(self) -> None:
        """With a row cursor, ← scrolls back one whole column."""
        if self.cursor_type != "row":
            super().action_cursor_left()
            return
        earlier = [x for x in self.column_starts() if x < self.scroll_x]
        self.scroll_to(x=earlier[-1] if earlier else 0, animate=False)

    def show_columns(self, columns: Sequence[tuple[str, str]]) -> None:
        """Show these (key, label) columns; changing them empties the table."""
        if [c.value for c in self.columns] == [key for key, _ in columns]:
            return
        self.clear(columns=True)
        for key, label in columns:
            self.add_column(label, key=key)

    def sync(self, rows: Mapping[str, Row], order: Sequence[str]) -> None:
        """Hold exactly `rows`, displayed in `order`; cursor row and scroll are kept."""
        cursor = self.cursor_key
        scroll_x, scroll_y = self.scroll_x, self.scroll_y
        columns = [c.value for c in self.columns if c.value is not None]
        with self.app.batch_update():
            present = {key.value for key in self.rows}
            for key in present - rows.keys():
                self.remove_row(key)
            for key, row in rows.items():
                if key not in present:
                    self.add_row(*(row[c] for c in columns), key=key)
                    continue
                for column in columns:
                    value = row[column]
                    if self.get_cell(key, column) != value:
                        # Re-measuring a column on every changed cell costs O(rows) each
                        # (2 s for a 170-team floor): only let a column grow, never shrink.
                        grow = _width(value) > self.columns[column].content_width
                        self.update_cell(key, column, value, update_width=grow)
            rank = {key: i for i, key in enumerate(order)}
            # str(): a key cell may be a Text (input text is never a str cell, which a
            # DataTable would read as markup); its str is its plain text.
            self.sort(self.key_column, key=lambda key: rank.get(str(key), len(rank)))
            if cursor is not None:
                # If its row went, the cursor stays at the same place in the list.
                with contextlib.suppress(RowDoesNotExist):
                    self.move_cursor(row=self.get_row_index(cursor), scroll=False)
            self.scroll_to(scroll_x, scroll_y, animate=False, immediate=True)
