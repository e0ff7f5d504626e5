"""The history's single-writer lock, on every platform.

`fcntl.flock` alone did nothing on Windows (no `fcntl`), so the app and a scheduled
`floorwatch check` swept each other's temp files and raced the de-duplication. `filelock`
picks each platform's own lock: `flock` where `fcntl` exists, `LockFileEx` through
`msvcrt` on Windows; the OS releases either when the process dies.
"""

from __future__ import annotations

import contextlib
import functools
import logging
import warnings
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

from floorwatch.store.files import FILE_MODE


@contextlib.contextmanager
def writer_lock(path: Path) -> Iterator[None]:
    """Hold the lock file `path` (created owner-only) until the block ends; blocks until free.

    Not re-entrant across calls: a holder must not take it again (as with `flock` on two
    descriptors). Threads of one process take turns like processes do.
    """
    with _filelock().FileLock(path, mode=FILE_MODE, thread_local=False):
        yield


class HeldLock:
    """A lock file held until `release()` (or the process ends: the OS lets it go)."""

    def __init__(self, lock: object) -> None:
        self._lock = lock

    def release(self) -> None:
        self._lock.release()  # type: ignore[attr-defined]


def try_hold(path: Path) -> HeldLock | None:
    """Take the lock file `path` if nobody holds it, and keep it; None when it is taken
    (by another process, or by another holder in this one)."""
    filelock = _filelock()
    lock = filelock.FileLock(path, mode=FILE_MODE, thread_local=False)
    try:
        lock.acquire(timeout=0)
    except filelock.Timeout:
        return None
    return HeldLock(lock)


@functools.cache
def _filelock() -> ModuleType:
    """`filelock`, imported on first use: a reader (`check --no-record`, `--help`) never
    pays for it. Where neither `fcntl` nor Windows' `msvcrt` exists it falls back to a
    lock by file existence and warns on import; that warning is no business of a user's."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        import filelock
    # It logs every acquire and release at DEBUG: noise in floorwatch's log file.
    logging.getLogger("filelock").setLevel(logging.WARNING)
    return filelock
