"""The app's side of the save key: write a table as shown, off the UI thread.

A `KeyedTable` posts `SaveRequested` with the table as it was shown; a thread worker
writes the file into the folder the config names (`save_dir`), else the user's documents
folder, and the app says where it went. Under `floorwatch serve` the user sits at a
browser, so the file is delivered to it as a download instead of a server-side file.
"""

from __future__ import annotations

import io
import threading
from pathlib import Path

from textual import on, work
from textual.app import App

from floorwatch.logs import log_exception
from floorwatch.output.saved_table import (
    ShownTable,
    TableFormat,
    default_save_dir,
    file_stem,
    render,
    save_table,
)
from floorwatch.widgets.keyed_table import KeyedTable

_MIME = {
    "csv": "text/csv",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


class TableSaver(App[None]):
    """Mixed into the app: handles every table's save request."""

    #: The thread the last save ran on (tests assert it is not the UI thread).
    last_save_thread: threading.Thread | None = None

    def save_folder(self) -> Path:
        """The configured `save_dir`, else the documents folder, else `exports/` beside
        the data folder."""
        source = self.source  # type: ignore[attr-defined]
        configured = source.settings.save_dir
        return configured if configured is not None else default_save_dir(source.data_dir)

    @on(KeyedTable.SaveRequested)
    def _save_requested(self, message: KeyedTable.SaveRequested) -> None:
        message.stop()
        self._save_table(message.table, message.fmt, self.is_web)

    @work(thread=True, group="save", exit_on_error=False, description="save a table")
    def _save_table(self, table: ShownTable, fmt: TableFormat, web: bool) -> None:
        TableSaver.last_save_thread = threading.current_thread()
        name = f"{file_stem(table)}.{fmt}"
        folder = None if web else self.save_folder()
        try:
            if folder is None:
                data = render(table, fmt)
                self.call_from_thread(self._deliver, data, name, fmt)
                return
            path = save_table(table, fmt, folder)
        except Exception as exc:
            # A full disk, a folder not allowed, a bug: said (and logged), never silent.
            log_exception("save a table", exc)
            where = f" in {folder}" if folder is not None else ""
            why = getattr(exc, "strerror", None) or exc
            self.call_from_thread(
                self.notify,
                f"{name} could not be saved{where}: {why}",
                title="Table not saved",
                severity="error",
                markup=False,
            )
            return
        self.call_from_thread(
            self.notify,
            f"{len(table.rows)} rows saved to {path}",
            title="Table saved",
            timeout=10,
            markup=False,
        )

    def _deliver(self, data: bytes, name: str, fmt: TableFormat) -> None:
        """In a browser (`floorwatch serve`): the file goes to the user as a download."""
        self.deliver_binary(io.BytesIO(data), save_filename=name, mime_type=_MIME[fmt])
        self.notify(
            f"{name} sent to your browser as a download.", title="Table saved", markup=False
        )
