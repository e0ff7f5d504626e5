"""History files that cannot be read: found, and set aside into `quarantine/`.

A file moved there keeps the path it had in the store, so a person can see what it was
and put it back; a run that writes nothing only skips it (`HistoryStore.set_aside`).
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

import polars as pl

from floorwatch.ingest.model import LoadError
from floorwatch.store.errors import UNREADABLE
from floorwatch.store.files import make_private_dir
from floorwatch.store.layout import COMPACTED, EXPORTS, QUARANTINE, RUNS, SUMMARIES

if TYPE_CHECKING:
    from floorwatch.store.history import HistoryStore


def unreadable_files(
    store: HistoryStore, paths: Iterable[Path] | None = None
) -> list[tuple[Path, str]]:
    """History files (of `paths`, else the whole store) that cannot be read, with why.

    Reads each whole: a damaged page deep in a file fails only when it is read.
    Slow on a big store; a check calls it only after a read has failed.
    """
    if paths is None:
        paths = [
            p
            for table in (EXPORTS, COMPACTED, SUMMARIES, RUNS)
            if (store.folder / table).is_dir()
            for p in (store.folder / table).rglob("*.parquet")
            if not p.name.startswith(".")
        ]
    bad = []
    for path in paths:
        if path in store.set_aside:
            continue
        try:
            pl.read_parquet_metadata(path)
            pl.read_parquet(path)
        except FileNotFoundError:
            continue  # removed since (a newer compaction or summary replaced it)
        except UNREADABLE as exc:
            bad.append((path, _first_line(exc)))
    return bad


def quarantine_file(store: HistoryStore, path: Path, reason: str, *, move: bool) -> LoadError:
    """Set an unreadable history file aside: moved into `quarantine/` (under the path
    it had in the store) with `move`, else only skipped by this store object's
    listings. Returns the error naming the file, the reason and where it went."""
    relative = path.relative_to(store.folder)
    if not move:
        store.set_aside.add(path)
        return LoadError(
            f"history {relative.as_posix()}",
            f"cannot be read ({reason}); skipped (this run changes nothing in the history)",
        )
    target = store.folder / QUARANTINE / relative
    try:
        with store.lock():
            make_private_dir(target.parent)
            os.replace(path, target)
    except OSError as exc:
        store.set_aside.add(path)
        return LoadError(
            f"history {relative.as_posix()}",
            f"cannot be read ({reason}); skipped, and it could not be moved aside: "
            f"{exc.strerror or exc}",
        )
    return LoadError(
        f"history {relative.as_posix()}",
        f"cannot be read ({reason}); moved to {(QUARANTINE / relative).as_posix()}",
    )


def _first_line(exc: BaseException) -> str:
    """An exception as one short line (polars' messages run over several)."""
    text = str(exc).strip().splitlines()
    return f"{type(exc).__name__}: {text[0] if text else ''}"[:200]
