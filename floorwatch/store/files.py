"""Private, atomic file writes: a reader sees the whole old file or the whole new one."""

from __future__ import annotations

import contextlib
import os
import uuid
from collections.abc import Callable
from pathlib import Path

#: The history holds names and performance data: owner-only folders and files.
DIR_MODE = 0o700
FILE_MODE = 0o600


def make_private_dir(path: Path) -> None:
    """Create a folder readable by the owner only; parents it creates are private too.

    `mkdir(parents=True)` gives new parents the default mode, so each is made here.
    """
    if path.is_dir():
        return
    if not path.parent.is_dir():
        make_private_dir(path.parent)
    path.mkdir(mode=DIR_MODE, exist_ok=True)
    with contextlib.suppress(OSError):  # a share may not support chmod; the umask still applies
        path.chmod(DIR_MODE)


def is_temp_name(name: str) -> bool:
    """Temp files of an unfinished write start with '.'; readers skip them."""
    return name.startswith(".")


def write_atomic(path: Path, write: Callable[[Path], None]) -> None:
    """Write `path` through a temp file in the same folder: write, fsync, rename, fsync folder.

    A process killed at any moment leaves either no `path` or a complete one, plus at
    most a hidden temp file that readers ignore and `sweep_temp_files` removes.
    """
    make_private_dir(path.parent)
    temp = path.parent / f".{uuid.uuid4().hex}.tmp"
    try:
        write(temp)
        temp.chmod(FILE_MODE)
        fd = os.open(temp, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
        os.replace(temp, path)
    except BaseException:
        temp.unlink(missing_ok=True)
        raise
    _fsync_dir(path.parent)


def write_bytes_atomic(path: Path, data: bytes) -> None:
    """`write_atomic` for a bytes payload."""
    write_atomic(path, lambda temp: temp.write_bytes(data))


def sweep_temp_files(folder: Path) -> None:
    """Remove temp files left by writes that were killed half-way."""
    for temp in folder.rglob(".*.tmp"):
        temp.unlink(missing_ok=True)


def _fsync_dir(folder: Path) -> None:
    with contextlib.suppress(OSError):  # not every filesystem can fsync a folder
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
