"""Which filesystem holds the drop folder, and does it deliver file events?

inotify reports only changes made through the local kernel: on an SMB/CIFS or NFS share
(and on WSL's `/mnt` drives, 9p/drvfs) another machine's writes raise no event at all
(watchfiles issues #125, #134, #187). On those, floorwatch polls instead.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

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
    }
)

_OCTAL_ESCAPE = re.compile(r"\\([0-7]{3})")


@dataclass(frozen=True)
class Mount:
    """One line of the mounts table: where it is mounted and its filesystem type."""

    point: str
    fstype: str


def mount_of(folder: Path, mounts_file: Path = MOUNTS_FILE) -> Mount | None:
    """The mount holding `folder` (the longest mount point that prefixes its path).

    None when the table cannot be read (not Linux). The folder need not exist: its path
    is made absolute with symlinks resolved as far as they exist.
    """
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
