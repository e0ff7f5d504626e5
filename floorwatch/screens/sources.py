"""The files behind the numbers: exports used, and files or rows refused with the reason."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.widgets import Static

from floorwatch.ingest.model import LoadError
from floorwatch.safe_text import terminal_safe
from floorwatch.screens.base import FloorwatchScreen
from floorwatch.widgets.as_of_bar import AsOfBar
from floorwatch.widgets.cells import BAD, EMPTY, WARN
from floorwatch.widgets.keyed_table import KeyedTable


class SourcesScreen(FloorwatchScreen):
    """Problems first (a refused file keeps the last good data on screen), then sources."""

    CSS_PATH = "sources.tcss"
    crumb = "Sources"

    def compose_body(self) -> ComposeResult:
        yield Static(id="failure")
        yield Static(id="errors-title", classes="heading")
        yield Static(id="waiting")
        errors = KeyedTable(id="errors")
        errors.show_columns([(c, c) for c in ("File", "Line", "Reason")])
        yield errors
        yield Static(id="sources-title", classes="heading")
        sources = KeyedTable(id="sources")
        sources.show_columns([(c, c) for c in ("File", "Kind", "Rows", "Export time")])
        yield sources

    def on_mount(self) -> None:
        self.set_focus(self.query_one("#errors", KeyedTable))

    def show_data(self) -> None:
        # Shown means looked at: the header's count of refused files goes.
        self.fw.refusals.mark_read()
        self.query_one(AsOfBar).update_bar()
        result, failure = self.fw.result, self.fw.failure
        box = self.query_one("#failure", Static)
        if failure is not None:
            kept = "; the last good data stays on screen" if result else ""
            box.update(Text(f"✗ The last check failed: {failure.reason}{kept}.", style=BAD))
        else:
            box.update("")
        box.display = failure is not None
        errors: list[LoadError] = list(failure.errors if failure else ())
        if result is not None:
            errors += [e for e in result.errors if e not in errors]
        table = self.query_one("#errors", KeyedTable)
        errors.sort(key=lambda e: (e.file, e.line or 0))
        table.display = bool(errors)
        table.sync_rows(
            (
                f"{error.file}:{error.line}:{error.error}",
                (
                    Text(error.file),
                    Text(str(error.line) if error.line is not None else EMPTY, justify="right"),
                    Text(error.error),
                ),
            )
            for error in errors
        )
        self.query_one("#errors-title", Static).update(
            f"✗ {len(errors)} file(s) or row(s) refused" if errors else "✓ No file refused"
        )
        self._show_waiting()
        sources = self.query_one("#sources", KeyedTable)
        used = sorted(result.sources, key=lambda s: (s.export_time, s.file)) if result else []
        rows = []
        for source in used:
            rows.append(
                (
                    source.file,
                    (
                        Text(source.file),
                        source.kind,
                        Text(str(source.rows), justify="right"),
                        # At 80 columns the full date would be cut: the day and time say it.
                        f"{source.export_time:%a %d %H:%M:%S}"
                        if self.compact
                        else f"{source.export_time:%Y-%m-%d %H:%M:%S}",
                    ),
                )
            )
        sources.sync_rows(rows)
        self.query_one("#sources-title", Static).update(f"Exports used by this check: {len(used)}")

    def _show_waiting(self) -> None:
        """The files the watcher holds back (changed, still settling or not looking whole
        yet): not read, so neither used nor refused, but never unmentioned meanwhile."""
        watcher = self.fw.drop_watcher
        waiting = watcher.waiting if watcher is not None else frozenset()
        # A name is whatever whoever writes to the share chose: no escape reaches the screen.
        names = sorted(terminal_safe(p.name, one_line=True) for p in waiting)
        box = self.query_one("#waiting", Static)
        box.display = bool(names)
        if names:
            files = "file" if len(names) == 1 else "files"
            box.update(
                Text(
                    f"⧗ {len(names)} {files} changed, not read yet (still being written, or "
                    f"not looking whole): {', '.join(names)}",
                    style=WARN,
                )
            )
