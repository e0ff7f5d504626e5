"""Files made from the exports to make checks fast: compacted days and summaries.

A compacted file holds one day's exports of a kind reduced to the rows a check uses
(`floorwatch.engine.compact`); its name carries the newest export it covers and how many,
its metadata the exports it covers (`export_key`). The exports themselves are never
removed: a check as of an earlier moment of the day reads them.

A summary holds finished days' Caseworker Actions counted for weeks and months
(`floorwatch.engine.summary`); its name is a fingerprint of the exports it counts, so a
late export for one of its days simply makes a new one.

Neither is ever the only copy of anything: both can be made again from the exports.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING

import polars as pl

from floorwatch.store.errors import UNREADABLE, write_failed
from floorwatch.store.files import remove_file, write_atomic
from floorwatch.store.layout import (
    COMPACTED,
    STAMP,
    SUMMARIES,
    parquet_files,
    partition,
    stamp_time,
)

if TYPE_CHECKING:
    from floorwatch.store.history import HistoryStore


@dataclass(frozen=True)
class CompactedDay:
    """One day's exports of a kind, compacted: usable for an as-of at or after `until`."""

    path: Path
    until: datetime
    #: The `export_key`s of the exports it covers.
    covers: frozenset[str]


def latest_compacted(store: HistoryStore, kind: str, day: date) -> CompactedDay | None:
    """The newest compaction of a day's exports of `kind`, if any."""
    for path in sorted(_compacted_files(store, kind, day), reverse=True):
        until = stamp_time(path.name.split("_", 1)[0])
        try:
            covers = json.loads(pl.read_parquet_metadata(path)["covers"])
        except (*UNREADABLE, KeyError):
            continue  # removed since the listing (readers take no lock), or foreign
        if until is not None:
            return CompactedDay(path, until, frozenset(covers))
    return None


def save_compacted(
    store: HistoryStore,
    kind: str,
    day: date,
    rows: pl.DataFrame,
    covers: set[str],
    until: datetime,
) -> CompactedDay:
    """Keep a new compaction of a day; older ones but the last go (a reader that
    listed the last may still be reading it)."""
    name = f"{until.strftime(STAMP)}_{len(covers):06d}.parquet"
    path = partition(store.folder, COMPACTED, kind, day.isoformat()) / name
    metadata = {"covers": json.dumps(sorted(covers)), "until": until.isoformat()}
    try:
        with store.lock():
            write_atomic(path, lambda temp: rows.write_parquet(temp, metadata=metadata))
            for old in sorted(_compacted_files(store, kind, day))[:-2]:
                remove_file(old)  # still open (Windows): the next write takes it
    except (OSError, pl.exceptions.PolarsError) as exc:
        raise write_failed(path, exc) from None
    return CompactedDay(path, until, frozenset(covers))


def _compacted_files(store: HistoryStore, kind: str, day: date) -> list[Path]:
    folder = partition(store.folder, COMPACTED, kind, day.isoformat())
    return [p for p in parquet_files(folder) if p not in store.set_aside]


def find_summary(
    store: HistoryStore, kind: str, day: date, fingerprint: str
) -> tuple[Path, dict[str, str]] | None:
    """The summary filed under `day` with this fingerprint: (file, its metadata)."""
    path = _summary_path(store, kind, day, fingerprint)
    if not path.is_file() or path in store.set_aside:
        return None
    try:
        return path, pl.read_parquet_metadata(path)
    except UNREADABLE:
        return None  # removed since (readers take no lock), or not a summary


def save_summary(
    store: HistoryStore,
    kind: str,
    day: date,
    fingerprint: str,
    frame: pl.DataFrame,
    metadata: dict[str, str],
) -> Path:
    """Keep a summary filed under `day`; older ones there but the last go (a reader
    that found the last may still be reading it)."""
    path = _summary_path(store, kind, day, fingerprint)
    try:
        with store.lock():
            write_atomic(path, lambda temp: frame.write_parquet(temp, metadata=metadata))
            others = [p for p in parquet_files(path.parent) if p != path]
            for old in sorted(others, key=lambda p: p.stat().st_mtime_ns)[:-1]:
                remove_file(old)  # still open (Windows): the next write takes it
    except (OSError, pl.exceptions.PolarsError) as exc:
        raise write_failed(path, exc) from None
    return path


def _summary_path(store: HistoryStore, kind: str, day: date, fingerprint: str) -> Path:
    return partition(store.folder, SUMMARIES, kind, day.isoformat()) / f"{fingerprint}.parquet"
