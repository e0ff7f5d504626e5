"""Finding the header row and deciding the kind (`spec/exports.md`, "Recognising a file")."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from floorwatch.schema import KINDS, Kind
from floorwatch.settings.model import ColumnMap

#: The header row is searched for in this many physical rows from the top.
HEADER_SEARCH_ROWS = 20

# A unit appended to a duration header: `Avg Handle (ms)`.
_UNIT_SUFFIX = re.compile(r"^(.*?)\s*\((ms|s|sec|secs|seconds|min|mins|minutes)\)$")
_UNIT_NAMES = {"ms": "ms", "s": "s", "sec": "s", "secs": "s", "seconds": "s"} | dict.fromkeys(
    ("min", "mins", "minutes"), "min"
)


def header_key(cell: object) -> str:
    """How a header cell is compared: case-insensitive, surrounding spaces and BOM ignored."""
    if cell is None:
        return ""
    return str(cell).replace("\ufeff", "").strip().casefold()


@dataclass(frozen=True)
class HeaderMatch:
    """A header row read as one kind: which physical column holds each canonical column."""

    kind: Kind
    #: internal column name -> 0-based position in the row
    positions: dict[str, int]
    #: internal column name -> unit given by a header suffix like `(ms)`
    units: dict[str, str] = field(default_factory=dict)
    #: canonical columns claimed by more than one header cell: name -> the cells' texts
    duplicates: dict[str, tuple[str, ...]] = field(default_factory=dict)

    @property
    def missing(self) -> tuple[str, ...]:
        """Canonical headers of required columns not found."""
        return tuple(c.header for c in self.kind.required if c.name not in self.positions)

    @property
    def complete(self) -> bool:
        return not self.missing


def match_kind(cells: Sequence[object], kind: Kind, columns: ColumnMap) -> HeaderMatch:
    """Map a row's cells onto `kind`'s columns (canonical names plus the ColumnMap's aliases)."""
    spelling: dict[str, str] = {}
    for col in kind.columns:
        for text in columns.headers_for(kind.name, col.name, col.header):
            # The first column claiming a spelling keeps it (spec order).
            spelling.setdefault(header_key(text), col.name)
    positions: dict[str, int] = {}
    units: dict[str, str] = {}
    seen: dict[str, list[str]] = {}
    for i, cell in enumerate(cells):
        key = header_key(cell)
        if not key:
            continue
        name = spelling.get(key)
        unit = None
        if name is None and (m := _UNIT_SUFFIX.match(key)):
            base = spelling.get(m.group(1))
            # A unit suffix only means something on a duration column.
            if base is not None and kind.column(base).type == "duration":
                name, unit = base, _UNIT_NAMES[m.group(2)]
        if name is None:
            continue
        seen.setdefault(name, []).append(str(cell).strip())
        if name in positions:
            continue
        positions[name] = i
        if unit:
            units[name] = unit
    duplicates = {n: tuple(v) for n, v in seen.items() if len(v) > 1}
    return HeaderMatch(kind, positions, units, duplicates)


def detect_kind(cells: Sequence[object], columns: ColumnMap) -> HeaderMatch | None:
    """The first kind, in `schema.KINDS` order, whose required columns are all in `cells`."""
    for kind in KINDS:
        found = match_kind(cells, kind, columns)
        if found.complete:
            return found
    return None


def find_header(
    rows: Sequence[Sequence[object]], columns: ColumnMap
) -> tuple[int, HeaderMatch] | None:
    """The first of the first 20 rows that is a header of some kind, with its 0-based index."""
    for i, cells in enumerate(rows[:HEADER_SEARCH_ROWS]):
        found = detect_kind(cells, columns)
        if found is not None:
            return i, found
    return None


def nearest_kind_error(rows: Sequence[Sequence[object]], columns: ColumnMap) -> str:
    """Why no row is a header: the kind with fewest required columns missing, and what it lacks.

    Every searched row is tried; a kind is judged by its best row. Ties go to kind order.
    """
    best: HeaderMatch | None = None
    for kind in KINDS:
        for cells in rows[:HEADER_SEARCH_ROWS] or [()]:
            found = match_kind(cells, kind, columns)
            if best is None or len(found.missing) < len(best.missing):
                best = found
    assert best is not None  # KINDS is never empty
    return f"not a known export: lacks {', '.join(best.missing)} for '{best.kind.name}'"
