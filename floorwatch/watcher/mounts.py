"""Which filesystem holds the drop folder, and does it deliver file events?

inotify reports only changes made through the local kernel: on an SMB/CIFS or NFS share
(and on WSL's `/mnt` drives, 9p/drvfs) another machine's writes raise no event at all
(watchfiles issues #125, #134, #187). On those, floorwatch polls instead.

Windows has no mounts table: there a UNC path (`\\\\server\\share\\drop`) is a share, and a
drive letter is one when Windows calls it a remote drive (a mapped network drive);
ReadDirectoryChangesW misses other machines' writes to both as often as inotify does.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path, PureWindowsPath

#: Where Linux lists this process's mounts.
MOUNTS_FILE = Path("/proc/self/mounts")

#: Filesystems on which inotify misses other machines' writes: poll them.
NO_EVENT_FILESYSTEMS = frozenset(
    {
        "cifs",
        "smb3",
        "smbfs",
        "nfs",
        "nfs4",
        "fuse.sshfs",
        "fuse.gvfsd-fuse",  # GNOME's smb:// mounts
        "9p",
        "drvfs",
        "smb",  # Windows: a UNC path
        "mapped",  # Windows: a mapped network drive letter
    }
)
#: What GetDriveTypeW answers for a network drive.
DRIVE_REMOTE = 4

_OCTAL_ESCAPE = re.compile(r"\\([0-7]{3})")


@dataclass(frozen=True)
class Mount:
    """One line of the mounts table: where it is mounted and its filesystem type."""

    point: str
    fstype: str


def mount_of(folder: Path, mounts_file: Path = MOUNTS_FILE) -> Mount | None:
    """The mount holding `folder` (the longest mount point that prefixes its path).

    None when the table cannot be read (not Linux). The folder need not exist: its path
    is made absolute with symlinks resolved as far as they exist. On Windows, the share
    or drive (`windows_mount`).
    """
    if os.name == "nt":
        return windows_mount(os.path.abspath(folder))
    try:
        table = mounts_file.read_text(encoding="utf-8", errors="surrogateescape")
    except OSError:
        return None
    path = os.path.realpath(folder)
    best: Mount | None = None
    for line in table.splitlines():
        parts = line.split()
        if len(parts) < 3:
            continue
        point = _unescape(parts[1])
        if not _contains(point, path):
            continue
        # Longest prefix wins; on a tie the later line wins (mounted over the earlier).
        if best is None or len(point) >= len(best.point):
            best = Mount(point, parts[2])
    return best


def windows_mount(path: str, drive_type: Callable[[str], int] | None = None) -> Mount:
    """The share or drive holding a Windows path: `\\\\server\\share` ("smb"), or its
    drive letter ("mapped" when `drive_type` of its root says remote, else "local").

    `drive_type` is GetDriveTypeW by default (given in tests, which run on Linux).
    """
    pure = PureWindowsPath(path)
    anchor = pure.drive  # "C:", or "\\\\server\\share" for a UNC path (long form too)
    if anchor.startswith(("\\\\", "//")) and not re.match(r"^[\\/]{2}[?.][\\/][A-Za-z]:$", anchor):
        return Mount(anchor.replace("/", "\\"), "smb")
    root = anchor[-2:].upper() + "\\"
    kind = (drive_type or _drive_type)(root)
    return Mount(root, "mapped" if kind == DRIVE_REMOTE else "local")


def _drive_type(root: str) -> int:  # pragma: no cover - Windows only
    import ctypes

    return int(ctypes.windll.kernel32.GetDriveTypeW(root))  # type: ignore[attr-defined]


def needs_polling(mount: Mount | None) -> bool:
    """True when file events cannot be trusted on this mount."""
    return mount is not None and mount.fstype in NO_EVENT_FILESYSTEMS


def _contains(point: str, path: str) -> bool:
    if point == "/":
        return True
    return path == point or path.startswith(point.rstrip("/") + "/")


def _unescape(field: str) -> str:
    # The kernel writes a space in a mount point as \040, a tab as \011, and so on.
    return _OCTAL_ESCAPE.sub(lambda m: chr(int(m.group(1), 8)), field)
