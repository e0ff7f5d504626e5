"""A DataTable refreshed by row key, so a refresh leaves the reader where they were.

dolphie's pattern (Panels/Processlist.py): remove the rows that went, update the cells
that changed, add the new rows, then sort — instead of clearing and refilling, which
would reset the cursor and the scroll position.

Every KeyedTable sorts by its columns (`z` the next column, `Z` reverses; a click on a
header sorts by it) by the cells' values, not their text (`table_values`), and the sort
outlives refreshes as the cursor does. `D` saves the table as shown: the app writes it
(`SaveRequested`, floorwatch/table_saver.py).
"""

from __future__ import annotations

import contextlib
from collections.abc import Collection, Iterable, Mapping, Sequence
from datetime import datetime
from typing import ClassVar, Self

from rich.text import Text
from textual import on
from textual.binding import Binding, BindingType
from textual.geometry import Region
from textual.message import Message
from textual.widgets import DataTable
from textual.widgets.data_table import CellDoesNotExist, CellType, RowDoesNotExist

from floorwatch.output.saved_table import ShownTable, TableFormat, shown_table
from floorwatch.widgets.save_choice import SaveChoice, save_scope, shown_as_of
from floorwatch.widgets.table_values import (
    Value,
    cell_value,
    cell_width,
    own_cell,
    same_text,
    saved_value,
    sort_key,
)

#: A row as a mapping column key -> cell; columns not on show are ignored.
Row = Mapping[str, CellType]


#: `z` `Z` show as one footer key, "z Z sort".
SORT_GROUP = Binding.Group("sort")
#: After the sorted column's label. Not ▲/▼: those mean "outside the QSA range" here.
ASCENDING, DESCENDING = "↑", "↓"


class KeyedTable(DataTable[CellType]):
    """A DataTable whose rows are kept in step with a mapping key -> row.

    `key_column`, when given, holds each row's key as a plain string (what ordering the
    rows reads); without one (rows with no unique visible column, such as a caseworker's
    actions), rows are told apart by their first cell, which `sync` keeps one object per
    row.
    """

    DEFAULT_CSS = """
    KeyedTable { height: 1fr; }
    """
    #: The keys every table has (the help lists them under "Every table").
    TABLE_KEYS: ClassVar[list[BindingType]] = [
        Binding(
            "z",
            "sort_next",
            "Sort",
            tooltip="Sort by the next column (again: the one after; last: the screen's order)",
            group=SORT_GROUP,
            id="table.sort_next",
        ),
        Binding(
            "Z",
            "sort_reverse",
            "Reverse sort",
            key_display="Z",
            tooltip="Reverse the sort (blanks stay last)",
            group=SORT_GROUP,
            id="table.sort_reverse",
        ),
        Binding(
            "D",
            "save_table",
            "Save",
            key_display="D",
            tooltip="Save the table as shown (sort, filter) as CSV or XLSX",
            id="table.save",
        ),
    ]
    BINDINGS: ClassVar[list[BindingType]] = TABLE_KEYS

    class SaveRequested(Message):
        """The user asked to save this table as shown; the app writes it (a worker)."""

        def __init__(self, table: ShownTable, fmt: TableFormat) -> None:
            super().__init__()
            self.table = table
            self.fmt = fmt

    #: During `sync`, whether a repaint is held back (None: not syncing; set on the
    #: class, as DataTable repaints while it is built).
    _held_refresh: bool | None = None

    def __init__(
        self, key_column: str | None = None, *, worst_high: Collection[str] = (), **kwargs
    ) -> None:
        """`worst_high`: columns where a high value is the bad one (counts of flags):
        their first sort is highest first, so the worst rows come to the top."""
        kwargs.setdefault("cursor_type", "row")
        kwargs.setdefault("zebra_stripes", True)
        super().__init__(**kwargs)
        self.key_column = key_column
        self.worst_high = frozenset(worst_high)
        #: The column sorted by (None: the screen's own order), and whether reversed.
        self.sort_column: str | None = None
        self.sort_reverse = False
        #: The screen's order from the last `sync`, the tie-break of every sort.
        self._screen_order: list[str] = []
        #: Rows kept at the bottom whatever the sort (a totals row), in this order.
        self.pinned_last: tuple[str, ...] = ()
        #: Column labels as the screen gave them (before the sort arrow).
        self._labels: dict[str, str] = {}

    def refresh(
        self,
        *regions: Region,
        repaint: bool = True,
        layout: bool = False,
        recompose: bool = False,
    ) -> Self:
        """During `sync` one repaint, not one per `update_cell` (60 ms on a floor)."""
        plain_repaint = not regions and repaint and not layout and not recompose
        if self._held_refresh is not None and plain_repaint:
            self._held_refresh = True
            return self
        return super().refresh(*regions, repaint=repaint, layout=layout, recompose=recompose)

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

    def show_columns(
        self, columns: Sequence[tuple[str, str]], widths: Mapping[str, int] | None = None
    ) -> None:
        """Show these (key, label) columns (a fixed width for those in `widths`);
        changing them empties the table."""
        if [c.value for c in self.columns] == [key for key, _ in columns] and all(
            self._labels.get(key) == label for key, label in columns
        ):
            return
        if [c.value for c in self.columns] == [key for key, _ in columns]:
            self._labels = dict(columns)  # new labels only (a QSA range): rows stay
            self._show_sort_in_labels()
            return
        self.clear(columns=True)
        self._labels = dict(columns)
        for key, _ in columns:
            self.add_column(self._label(key), key=key, width=(widths or {}).get(key))

    def sync(self, rows: Mapping[str, Row], order: Sequence[str]) -> None:
        """Hold exactly `rows`, displayed in `order`; cursor row and scroll are kept."""
        cursor = self.cursor_key
        scroll_x, scroll_y = self.scroll_x, self.scroll_y
        with self.app.batch_update():
            self._held_refresh = False
            try:
                self._sync_cells(rows)
            finally:
                held, self._held_refresh = self._held_refresh, None
                if held:
                    self.refresh()
            self._screen_order = list(order)
            self._apply_sort()
            if cursor is not None:
                # If its row went, the cursor stays at the same place in the list.
                with contextlib.suppress(RowDoesNotExist):
                    self.move_cursor(row=self.get_row_index(cursor), scroll=False)
            self.scroll_to(scroll_x, scroll_y, animate=False, immediate=True)

    def _sync_cells(self, rows: Mapping[str, Row]) -> None:
        """Remove the rows that went, update the cells that changed, add the new rows."""
        columns = [c.value for c in self.columns if c.value is not None]
        present = {key.value for key in self.rows}
        for key in present - rows.keys():
            self.remove_row(key)
        for key, row in rows.items():
            if key not in present:
                cells = [row[c] for c in columns]
                if self.key_column is None and cells:
                    cells[0] = own_cell(cells[0])
                self.add_row(*cells, key=key)
                continue
            for column in columns:
                value = row[column]
                current = self.get_cell(key, column)
                if current != value and not same_text(current, value):
                    if self.key_column is None and column == columns[0]:
                        value = own_cell(value)
                    # Re-measuring a column on every changed cell costs O(rows) each
                    # (2 s for a 170-team floor): only let a column grow, never shrink.
                    grow = cell_width(value) > self.columns[column].content_width
                    self.update_cell(key, column, value, update_width=grow)

    def sync_rows(self, rows: Iterable[tuple[str, Sequence[CellType]]]) -> None:
        """`sync` for rows given as (key, cells in column order), in the screen's order;
        a key given twice (the same task worked twice) is numbered, never merged."""
        columns = self._column_keys()
        keyed: dict[str, Row] = {}
        for key, cells in rows:
            unique, n = key, 1
            while unique in keyed:
                n += 1
                unique = f"{key}#{n}"
            keyed[unique] = dict(zip(columns, cells, strict=True))
        self.sync(keyed, list(keyed))

    # -- sorting ------------------------------------------------------------------
    def _apply_sort(self) -> None:
        """Order the rows: by the sort column's values (blanks last whichever way), the
        screen's order breaking ties; without a sort column, the screen's order."""
        rank = {key: i for i, key in enumerate(self._screen_order)}
        keys = sorted(
            (k.value for k in self.rows if k.value is not None),
            key=lambda k: rank.get(k, len(rank)),
        )
        column = self.sort_column if self.sort_column in self._column_keys() else None
        if column is None:
            if self.sort_reverse:
                keys.reverse()
        else:
            values = {k: cell_value(self.get_cell(k, column)) for k in keys}
            filled = [k for k in keys if values[k] is not None]
            # A stable sort, reversed or not, keeps the screen's order among equals.
            filled.sort(key=lambda k: sort_key(values[k]), reverse=self.sort_reverse)
            keys = filled + [k for k in keys if values[k] is None]
        if self.pinned_last:
            keys = [k for k in keys if k not in self.pinned_last]
            keys += [k for k in self.pinned_last if k in rank]
        if [row.key.value for row in self.ordered_rows] == keys:
            # Already so: DataTable.sort would throw away every rendered cell all the same.
            return
        final = {key: i for i, key in enumerate(keys)}
        if self.key_column is not None:
            # str(): a key cell may be a Text (input text is never a str cell, which a
            # DataTable would read as markup); its str is its plain text.
            self.sort(self.key_column, key=lambda key: final.get(str(key), len(final)))
            return
        columns = self._column_keys()
        if not columns:
            return
        # DataTable.sort hands the key function cells, not row keys: the first cell of
        # each row is its own object (`own_cell`), so its identity names the row.
        by_cell = {id(self.get_row(key)[0]): i for key, i in final.items()}
        self.sort(columns[0], key=lambda cell: by_cell.get(id(cell), len(by_cell)))

    def _column_keys(self) -> list[str]:
        return [c.value for c in self.columns if c.value is not None]

    def sort_by(self, column: str | None, reverse: bool | None = None) -> None:
        """Sort by `column` (None: the screen's order); `reverse` None picks the column's
        worst-first direction. The cursor stays on its row, scrolled into view."""
        self.sort_column = column
        self.sort_reverse = (column in self.worst_high) if reverse is None else reverse
        cursor = self.cursor_key
        self._apply_sort()
        self._show_sort_in_labels()
        if cursor is not None:
            with contextlib.suppress(RowDoesNotExist):
                self.move_cursor(row=self.get_row_index(cursor))

    def action_sort_next(self) -> None:
        """`z`: sort by the next column; after the last, back to the screen's order."""
        columns = self._column_keys()
        if not columns:
            return
        if self.sort_column in columns:
            index = columns.index(self.sort_column) + 1
            self.sort_by(columns[index] if index < len(columns) else None)
        else:
            self.sort_by(columns[0])
        self.notify_sort()

    def action_sort_reverse(self) -> None:
        """`Z`: the same sort the other way round (blanks stay last)."""
        self.sort_by(self.sort_column, not self.sort_reverse)
        self.notify_sort()

    def notify_sort(self) -> None:
        """Say the sort in words: the arrow in a header is easy to miss."""
        if self.sort_column is None:
            words = "the screen's order" + (", reversed" if self.sort_reverse else "")
        else:
            label = " ".join(self._labels.get(self.sort_column, self.sort_column).split())
            way = "highest first" if self.sort_reverse else "lowest first"
            words = f"{label}, {way}"
        self.app.notify(f"Sorted by {words}.", timeout=2, markup=False)

    @on(DataTable.HeaderSelected)
    def _header_clicked(self, event: DataTable.HeaderSelected) -> None:
        """A click on a header sorts by it; a second click reverses."""
        event.stop()
        column = event.column_key.value
        if column == self.sort_column:
            self.sort_by(column, not self.sort_reverse)
        else:
            self.sort_by(column)

    def _label(self, column: str) -> Text:
        """The column's label, with the sort arrow when it is the sorted one."""
        label = Text(self._labels.get(column, column))
        if column == self.sort_column:
            label.append(f" {DESCENDING if self.sort_reverse else ASCENDING}")
        return label

    def _show_sort_in_labels(self) -> None:
        """Put the arrow on the sorted column's header (and take it off the others)."""
        first = next(iter(self.rows), None)
        for key, column in self.columns.items():
            if key.value is None:
                continue
            label = self._label(key.value)
            if label == column.label:
                continue
            column.label = label
            if first is not None:
                # Public API that re-measures the column with its new label.
                cell = self.get_cell(first, key)
                self.update_cell(first, key, cell, update_width=True)
            else:
                column.content_width = max(column.content_width, label.cell_len)
        self.refresh()

    # -- saving -------------------------------------------------------------------
    def shown(self, scope: str, as_of: datetime | None = None) -> ShownTable:
        """The columns and rows on show, in their order, each cell read to its value."""
        columns = self._column_keys()
        headers = [" ".join(self._labels.get(c, c).split()) for c in columns]
        rows: list[list[Value]] = []
        for row in self.ordered_rows:
            if row.key.value is None:
                continue
            rows.append([saved_value(self.get_cell(row.key, c)) for c in columns])
        return shown_table(scope, as_of, headers, rows)

    def action_save_table(self) -> None:
        """`D`: ask CSV or XLSX, then hand the table as shown now to the app to write."""
        table = self.shown(save_scope(self), shown_as_of(self))

        def chosen(fmt: TableFormat | None) -> None:
            if fmt is not None:
                self.post_message(self.SaveRequested(table, fmt))

        self.app.push_screen(SaveChoice(len(table.rows)), chosen)
