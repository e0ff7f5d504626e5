"""How stored rows are read: one scan per kind, compacted days, and damaged files set aside."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path
from typing import TypeVar

import polars as pl

from floorwatch.engine import row_schema
from floorwatch.engine.compact import COMPACTED_KINDS, compact_rows
from floorwatch.ingest import LoadedExport, LoadError
from floorwatch.store import (
    HistoryStore,
    StoredExport,
    StoreError,
)
from floorwatch.store.exports import file_columns

#: A day's exports of a kind are compacted once this many are not compacted yet.
COMPACT_AFTER = 6
#: How many times a check sets unreadable history files aside and starts again.
QUARANTINE_ROUNDS = 3
T = TypeVar("T")


def reading_history(
    store: HistoryStore, compute: Callable[[], T], set_aside: list[LoadError], *, move: bool
) -> T:
    """`compute()`, which reads the history; when a read fails, the stored files that
    cannot be read are set aside (`HistoryStore.quarantine`: moved with `move`, else
    skipped by `store`'s listings), each named in `set_aside`, and it runs again.

    Raises what `compute` raised when every stored file reads (the failure was not the
    history's), StoreError when files keep failing.
    """
    for _ in range(QUARANTINE_ROUNDS):
        try:
            return compute()
        except (OSError, ValueError, pl.exceptions.PolarsError):
            # Which file failed is not in polars' message: read each stored file whole.
            bad = store.unreadable()
            if not bad:
                raise
            set_aside.extend(store.quarantine(path, why, move=move) for path, why in bad)
    raise StoreError(f"{store.folder}: history files keep failing to read; see {set_aside[-1]}")


def stored_rows(store: HistoryStore, exports: list[StoredExport]) -> dict[str, pl.LazyFrame]:
    """The rows of stored exports, one scan per kind, each day's compaction read in place
    of the exports it covers when all of them are wanted."""
    by_day: dict[tuple[str, date], list[StoredExport]] = {}
    for e in exports:
        by_day.setdefault((e.kind, e.export_time.date()), []).append(e)
    paths: dict[str, list[Path]] = {}
    for (kind, day), day_exports in by_day.items():
        paths.setdefault(kind, []).extend(day_files(store, kind, day, day_exports))
    return {kind: scan_rows(kind, kind_paths) for kind, kind_paths in paths.items()}


def scan_rows(kind: str, paths: list[Path]) -> pl.LazyFrame:
    """Stored rows of `kind` from these files, in one scan.

    One scan of many files: a plan of one concat branch per file grows with every refresh
    of the day and costs more to optimise than to read. The schema lets files stored
    before a column existed be read beside newer ones.
    """
    return pl.scan_parquet(paths, schema=row_schema(kind), missing_columns="insert")


def day_files(store: HistoryStore, kind: str, day: date, exports: list[StoredExport]) -> list[Path]:
    """The files to read for a day's wanted exports: its compaction in place of the
    exports it covers, when the run wants all of them (so none is after the as-of)."""
    compacted = store.compacted(kind, day) if kind in COMPACTED_KINDS else None
    if compacted is None or not compacted.covers <= {e.key for e in exports}:
        return [e.path for e in exports]
    return [compacted.path, *(e.path for e in exports if e.key not in compacted.covers)]


def compact_days(store: HistoryStore, days: set[tuple[str, date]]) -> None:
    """Compact each (kind, day) once `COMPACT_AFTER` of its exports are not yet compacted.

    Keeps a live day's checks from reading every refresh of the day again and again.
    """
    for kind, day in sorted(days):
        if kind not in COMPACTED_KINDS:
            continue
        compacted = store.compacted(kind, day)
        covered = compacted.covers if compacted else frozenset()
        day_end = datetime.combine(day, datetime.max.time())
        new = [e for e in store.exports(kind, since=day, until=day_end) if e.key not in covered]
        if len(new) < COMPACT_AFTER:
            continue
        paths = [*([compacted.path] if compacted else []), *(e.path for e in new)]
        rows = compact_rows(kind, scan_rows(kind, paths)).collect()
        until = max(e.export_time for e in new)
        if compacted is not None:
            until = max(until, compacted.until)
        store.write_compacted(kind, day, rows, {*covered, *(e.key for e in new)}, until)


def drop_rows(export: LoadedExport) -> pl.LazyFrame:
    """An export read from the drop folder, not stored: its rows with its file's columns
    (lazy: the constant columns are not copied out for every row up front)."""
    return export.frame.lazy().with_columns(file_columns(export))
