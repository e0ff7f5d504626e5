"""Schema 1 -> 2: the history's folders renamed to the Hive layout, nothing else touched.

Each file is moved with one rename (atomic), and the store's marker says schema 2 only
once every file has moved. A migration killed at any moment leaves every file in exactly
one of the two layouts, which listing reads together (`store.layout`), and the next
writer finishes the job. Compactions and summaries are derived data, made again from the
exports when wanted: the schema-1 ones are removed rather than moved (their names and
contents say what they cover in the schema-1 terms).
"""

from __future__ import annotations

import contextlib
import os
import shutil
from pathlib import Path

from floorwatch.store.files import make_private_dir
from floorwatch.store.layout import (
    COMPACTED,
    EXPORTS,
    RUNS,
    SUMMARIES,
    legacy_dirs,
    parquet_files,
    partition,
    subdirs,
)


def migrate_to_hive(folder: Path) -> int:
    """Move a schema-1 store's exports and runs into `<key>=<value>/day=<day>/` folders.

    The caller holds the store's lock and writes the new marker afterwards. Returns how
    many files were moved.
    """
    moved = 0
    for table in (EXPORTS, RUNS):
        for legacy in legacy_dirs(folder, table):
            for day_dir in subdirs(legacy):
                target = partition(folder, table, legacy.name, day_dir.name)
                make_private_dir(target)
                for path in parquet_files(day_dir):
                    os.replace(path, target / path.name)
                    moved += 1
                _remove_empty(day_dir)
            _remove_empty(legacy)
    for table in (COMPACTED, SUMMARIES):
        for legacy in legacy_dirs(folder, table):
            shutil.rmtree(legacy, ignore_errors=True)
    return moved


def _remove_empty(folder: Path) -> None:
    """Remove a folder emptied by the move, and the temp files of writes killed in it."""
    for leftover in folder.glob(".*.tmp"):
        leftover.unlink(missing_ok=True)
    with contextlib.suppress(OSError):  # not empty: something foreign stays where it was
        folder.rmdir()
