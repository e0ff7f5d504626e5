"""The small hand-kept CSV files of a config folder (roster, leave), read row by row.

Problems never stop the floor (spec v2): a row that cannot be used is refused and
reported with the file's name, its line and the reason; the other rows are used.
"""

from __future__ import annotations

import contextlib
import csv
import io
import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from floorwatch.ingest.encoding import decode_text
from floorwatch.ingest.model import LoadError
from floorwatch.safe_text import terminal_safe

_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def parse_date(text: str) -> date:
    """A roster or leave date: `YYYY-MM-DD` or `M/D/YYYY`."""
    if _ISO_DATE.match(text):  # the usual form, 20x faster than strptime (a row a worker)
        with contextlib.suppress(ValueError):  # 2026-02-30: refused below, in words
            return date.fromisoformat(text)
    for fmt in ("%Y-%m-%d", "%m/%d/%Y"):
        try:
            return datetime.strptime(text, fmt).date()
        except ValueError:
            pass
    raise ValueError(f"'{text}' is not a date (YYYY-MM-DD or M/D/YYYY)")


@dataclass(frozen=True)
class Row:
    """One data line: its physical line number (1-based, header included) and its cells
    by internal column name (stripped; blank cells left out)."""

    line: int
    cells: Mapping[str, str]


class TableFile:
    """A config CSV: its header mapped to internal names, its rows, and its problems.

    Blank lines and lines starting with `#` (the examples `floorwatch init` writes) are
    skipped; a line repeating the header (two files pasted together) is reported and
    skipped; a column named twice is reported and its first occurrence read.
    """

    def __init__(self, path: Path, columns: Mapping[str, str]) -> None:
        self.path = path
        #: internal name -> its canonical header (`columns` maps canonical headers, any
        #: case matching, to internal names).
        self.label = {name: header for header, name in columns.items()}
        by_key = {header.lower(): name for header, name in columns.items()}
        self.errors: list[LoadError] = []
        self.header: list[str | None] = []
        self._lines: list[tuple[int, list[str]]] = []
        if not path.exists():
            return
        try:
            text = decode_text(path.read_bytes())
        except OSError as exc:
            self.refuse(None, f"cannot be read: {exc.strerror or exc}; not used")
            return
        lines = [
            (number, cells)
            for number, cells in enumerate(csv.reader(io.StringIO(text)), start=1)
            if any(c.strip() for c in cells) and not cells[0].lstrip().startswith("#")
        ]
        if not lines:
            return
        head_line, head = lines[0]
        seen: set[str] = set()
        for cell in head:
            name = by_key.get(cell.strip().lower())
            if name in seen:
                self.refuse(head_line, f"column '{cell.strip()}' appears twice: the first is read")
                name = None
            if name is not None:
                seen.add(name)
            self.header.append(name)
        self._head_key = [c.strip().lower() for c in head]
        self._lines = lines[1:]

    def refuse(self, line: int | None, reason: str) -> None:
        """Report a problem of this file (a refused row, a column it lacks)."""
        self.errors.append(LoadError(self.path.name, reason, line))

    def rows(self) -> Iterator[Row]:
        """Every data row, a repeated header line reported and left out."""
        for line, cells in self._lines:
            if [c.strip().lower() for c in cells] == self._head_key:
                self.refuse(line, "the header line again: ignored")
                continue
            # Names and teams reach terminals: no control character in them (v2).
            values = {
                name: terminal_safe(cell.strip(), one_line=True)
                for name, cell in zip(self.header, cells, strict=False)
                if name is not None and cell.strip()
            }
            yield Row(line, values)

    def parsed(self, row: Row, parsers: Mapping[str, Callable[[str], object]]) -> dict[str, object]:
        """A row's cells, each through its column's parser (text otherwise).

        Raises ValueError naming the column for the first cell that cannot be read.
        """
        out: dict[str, object] = {}
        for name, cell in row.cells.items():
            parse = parsers.get(name)
            try:
                out[name] = parse(cell) if parse else cell
            except ValueError as exc:
                raise ValueError(f"{self.label[name]}: {exc}") from None
        return out
