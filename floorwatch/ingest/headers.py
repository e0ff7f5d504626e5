"""Finding the header row and deciding the kind (`spec/exports.md`, "Recognising a file")."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, TypeVar

from floorwatch.schema import KINDS, Kind
from floorwatch.settings.model import ColumnMap

T = TypeVar("T")

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


#: Per name: id(ColumnMap) -> (the map, what `_per_map` made of it). The map is kept so
#: that its id is never reused while cached; a run has one or two maps.
_PER_MAP: dict[str, dict[int, tuple[ColumnMap, Any]]] = {}


def _per_map(what: str, columns: ColumnMap, make: Callable[[], T]) -> T:
    """`make()`, once per column map and `what`: the header search runs for every file of
    a drop folder that may hold 100,000."""
    table = _PER_MAP.setdefault(what, {})
    cached = table.get(id(columns))
    if cached is None or cached[0] is not columns:
        if len(table) > 16:
            table.clear()
        cached = (columns, make())
        table[id(columns)] = cached
    return cached[1]


def _spellings(kind: Kind, columns: ColumnMap) -> dict[str, str]:
    """Header key -> column name for `kind` under `columns` (built once per map)."""

    def make() -> dict[str, str]:
        spelling: dict[str, str] = {}
        for col in kind.columns:
            for text in columns.headers_for(kind.name, col.name, col.header):
                # The first column claiming a spelling keeps it (spec order).
                spelling.setdefault(header_key(text), col.name)
        return spelling

    return _per_map(f"spellings of {kind.name}", columns, make)


def _required_spellings(columns: ColumnMap) -> list[list[tuple[str, ...]]]:
    """Per kind, per required column, every header key that names it."""
    out = []
    for kind in KINDS:
        spelling = _spellings(kind, columns)
        out.append(
            [tuple(k for k, name in spelling.items() if name == c.name) for c in kind.required]
        )
    return out


def maybe_header(line: str, columns: ColumnMap) -> bool:
    """False when `line` cannot be a header of any kind: it names no column at all, or for
    some required column of each kind, no spelling of it occurs in the line.

    A cheap test on the raw line, before any splitting: most lines of a drop folder that
    other tools share are no header, and a folder may hold 100,000 files.
    """
    low = line.casefold()
    if not _any_spelling(columns).search(low):
        return False
    return any(
        all(any(key in low for key in keys) for keys in required)
        for required in _per_map("required", columns, lambda: _required_spellings(columns))
    )


def names_no_column(lines: Sequence[str], columns: ColumnMap) -> bool:
    """True when no header spelling of any kind occurs in any of `lines`: then every kind
    lacks all its columns, and the nearest is known without splitting a line."""
    pattern = _any_spelling(columns)
    return not any(pattern.search(line.casefold()) for line in lines)


def _any_spelling(columns: ColumnMap) -> re.Pattern[str]:
    """One regex matching any header spelling of any kind (searched in C, not Python)."""

    def make() -> re.Pattern[str]:
        keys = {key for kind in KINDS for key in _spellings(kind, columns) if key}
        return re.compile("|".join(map(re.escape, sorted(keys, key=len, reverse=True))))

    return _per_map("any spelling", columns, make)


def match_kind(cells: Sequence[object], kind: Kind, columns: ColumnMap) -> HeaderMatch:
    """Map a row's cells onto `kind`'s columns (canonical names plus the ColumnMap's aliases)."""
    return _match([header_key(c) for c in cells], cells, kind, columns)


def _match(
    keys: Sequence[str], cells: Sequence[object], kind: Kind, columns: ColumnMap
) -> HeaderMatch:
    """`match_kind` on the row's header keys, computed once for every kind tried."""
    spelling = _spellings(kind, columns)
    positions: dict[str, int] = {}
    units: dict[str, str] = {}
    seen: dict[str, list[str]] = {}
    for i, key in enumerate(keys):
        if not key:
            continue
        name = spelling.get(key)
        unit = None
        if name is None and key.endswith(")") and (m := _UNIT_SUFFIX.match(key)):
            base = spelling.get(m.group(1))
            # A unit suffix only means something on a duration column.
            if base is not None and kind.column(base).type == "duration":
                name, unit = base, _UNIT_NAMES[m.group(2)]
        if name is None:
            continue
        seen.setdefault(name, []).append(str(cells[i]).strip())
        if name in positions:
            continue
        positions[name] = i
        if unit:
            units[name] = unit
    duplicates = {n: tuple(v) for n, v in seen.items() if len(v) > 1}
    return HeaderMatch(kind, positions, units, duplicates)


def detect_kind(cells: Sequence[object], columns: ColumnMap) -> HeaderMatch | None:
    """The first kind, in `schema.KINDS` order, whose required columns are all in `cells`."""
    keys = [header_key(c) for c in cells]
    for kind in KINDS:
        found = _match(keys, cells, kind, columns)
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


def no_column_error(columns: ColumnMap) -> str:
    """`nearest_kind_error` of a file that names no column at all (computed once per map)."""
    return _per_map("no column", columns, lambda: nearest_kind_error([], columns))


def nearest_kind_error(rows: Sequence[Sequence[object]], columns: ColumnMap) -> str:
    """Why no row is a header: the kind with fewest required columns missing, and what it lacks.

    Every searched row is tried; a kind is judged by its best row. Ties go to kind order.
    """
    best: HeaderMatch | None = None
    best_missing = 0
    searched = [(cells, [header_key(c) for c in cells]) for cells in rows[:HEADER_SEARCH_ROWS]]
    for kind in KINDS:
        spelling = _spellings(kind, columns)
        required = kind.required
        for cells, keys in searched or [((), [])]:
            if best is not None and not any(k in spelling or k.endswith(")") for k in keys):
                # No cell names a column of this kind: it lacks them all (the common case
                # for the files other tools leave in a shared folder; skip the matching).
                if len(required) < best_missing:
                    best, best_missing = HeaderMatch(kind, {}), len(required)
                continue
            found = _match(keys, cells, kind, columns)
            missing = sum(1 for c in required if c.name not in found.positions)
            if best is None or missing < best_missing:
                best, best_missing = found, missing
    assert best is not None  # KINDS is never empty
    return f"not a known export: lacks {', '.join(best.missing)} for '{best.kind.name}'"
