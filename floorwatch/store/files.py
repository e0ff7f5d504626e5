"""Private, atomic file writes: a reader sees the whole old file or the whole new one.

Written for Windows as much as for Linux: Windows flushes a file only through a handle
opened for writing, cannot open a folder to flush it, refuses to replace or delete a file
another handle has open (a reader, a virus scanner, the search indexer), and ignores
`chmod` beyond the read-only bit; each is handled here, once, for every writer.
"""

from __future__ import annotations

import contextlib
import os
import subprocess
import time
import uuid
from collections.abc import Callable
from pathlib import Path

#: The history holds names and performance data: owner-only folders and files.
DIR_MODE = 0o700
FILE_MODE = 0o600

#: Windows' rules apply (a flag, so that tests can emulate them on Linux).
WINDOWS = os.name == "nt"

#: Seconds between tries of a replace or delete that Windows refused because another
#: handle has the file open (readers hold a history file for milliseconds).
RETRY_DELAYS = (0.01, 0.03, 0.1, 0.2, 0.4)


def make_private_dir(path: Path) -> None:
    """Create a folder readable by the owner only; parents it creates are private too.

    `mkdir(parents=True)` gives new parents the default mode, so each is made here.
    """
    if path.is_dir():
        return
    if not path.parent.is_dir():
        make_private_dir(path.parent)
    path.mkdir(mode=DIR_MODE, exist_ok=True)
    if WINDOWS:
        restrict_to_owner(path)
        return
    with contextlib.suppress(OSError):  # a share may not support chmod; the umask still applies
        path.chmod(DIR_MODE)


def restrict_to_owner(path: Path) -> bool:
    """On Windows, make `path` the current user's alone (and SYSTEM's and the admins', which
    Windows cannot shut out anyway): `icacls` drops inherited entries and grants full
    control to those. True when done; False elsewhere or where icacls refuses (a share
    whose server decides, FAT). A new file inside a folder done so inherits its rights.

    POSIX modes mean nothing to NTFS; Python's `chmod` only toggles the read-only bit.
    """
    if not WINDOWS:
        return False
    user = os.environ.get("USERNAME", "")
    if not user:
        return False
    if os.environ.get("USERDOMAIN"):
        user = f"{os.environ['USERDOMAIN']}\\{user}"
    grants = [f"{user}:(OI)(CI)F", "*S-1-5-18:(OI)(CI)F", "*S-1-5-32-544:(OI)(CI)F"]
    if not path.is_dir():  # (OI)(CI) are for folders; a file takes plain grants
        grants = [g.replace("(OI)(CI)", "") for g in grants]
    command = ["icacls", str(path), "/inheritance:r"]
    for grant in grants:
        command += ["/grant:r", grant]
    try:
        done = subprocess.run(command, capture_output=True, timeout=10, check=False)
    except (OSError, subprocess.SubprocessError):
        return False
    return done.returncode == 0


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
        if not WINDOWS:  # on Windows the file inherits its private folder's rights
            temp.chmod(FILE_MODE)
        fsync_file(temp)
        replace_file(temp, path)
    except BaseException:
        remove_file(temp)
        raise
    _fsync_dir(path.parent)


def write_bytes_atomic(path: Path, data: bytes) -> None:
    """`write_atomic` for a bytes payload."""
    write_atomic(path, lambda temp: temp.write_bytes(data))


def fsync_file(path: Path) -> None:
    """Flush `path` to the disk.

    Opened for writing (never truncating): Windows' FlushFileBuffers fails with EBADF
    through a read-only handle, which made every history write fail there.
    """
    fd = os.open(path, os.O_RDWR | getattr(os, "O_BINARY", 0))
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def replace_file(source: Path, target: Path) -> None:
    """`os.replace`, tried again for a moment when Windows refuses it because a handle
    elsewhere has the target open; the last refusal is raised."""
    for delay in (*RETRY_DELAYS, None):
        try:
            os.replace(source, target)
            return
        except PermissionError:
            if delay is None:
                raise
            time.sleep(delay)


def remove_file(path: Path, *, retry: bool = False) -> bool:
    """Delete `path` if it exists; True when it is gone.

    A file another handle has open (Windows) is left where it is, for a later cleanup to
    take (every caller deletes what is old again on its next write); with `retry`, after a
    few brief tries. Never raises for that: an old file left over harms nobody.
    """
    for delay in (*(RETRY_DELAYS if retry else ()), None):
        try:
            path.unlink(missing_ok=True)
            return True
        except PermissionError:
            if delay is None:
                return False
            time.sleep(delay)
    return False  # pragma: no cover - the loop always returns


def sweep_temp_files(folder: Path) -> None:
    """Remove temp files left by writes that were killed half-way (those still open
    elsewhere are left for the next sweep)."""
    for temp in folder.rglob(".*.tmp"):
        remove_file(temp)


def _fsync_dir(folder: Path) -> None:
    """Flush the folder entry of a rename. Windows cannot open a folder with `os.open`
    (NTFS journals the rename itself): skipped there."""
    if WINDOWS:
        return
    with contextlib.suppress(OSError):  # not every filesystem can fsync a folder
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
