"""Windows' file rules, emulated on Linux for tests (nothing here runs Windows).

- `fcntl` cannot be imported (Windows has none).
- `os.fsync` of a descriptor opened read-only fails with EBADF (FlushFileBuffers needs
  write access).
- `os.replace` and `os.unlink` of a file that any descriptor or memory map of this
  process holds open fail with PermissionError (Python's `open` on Windows does not share
  delete access).

`install()` applies all three to this process; `refuse_open_files(monkeypatch)` and
`refuse_read_only_fsync(monkeypatch)` apply one inside a test. Run the real CLI with
`python -c "import windows_emulation as w; w.install(); w.main()" ARGS` (tests/ on
PYTHONPATH).
"""

from __future__ import annotations

import errno
import fcntl as _fcntl  # the real one, for the checks below, taken before it is hidden
import os
import sys
from pathlib import Path
from typing import Any

_real_fsync = os.fsync
_real_replace = os.replace
_real_unlink = os.unlink


def fsync_refusing_read_only(fd: int) -> None:
    """os.fsync as Windows does it: EBADF through a descriptor without write access."""
    if _fcntl.fcntl(fd, _fcntl.F_GETFL) & os.O_ACCMODE == os.O_RDONLY:
        raise OSError(errno.EBADF, "Bad file descriptor (emulated Windows: read-only handle)")
    _real_fsync(fd)


def open_paths() -> set[str]:
    """Every file this process has open: descriptors and memory maps."""
    found: set[str] = set()
    for fd in os.listdir("/proc/self/fd"):
        try:
            found.add(os.readlink(f"/proc/self/fd/{fd}"))
        except OSError:
            continue
    try:
        maps = Path("/proc/self/maps").read_text(errors="replace")
    except OSError:
        maps = ""
    for line in maps.splitlines():
        parts = line.split(maxsplit=5)
        if len(parts) == 6 and parts[5].startswith("/"):
            found.add(parts[5])
    return found


def _refuse_if_open(*paths: Any) -> None:
    held = open_paths()
    for path in paths:
        if isinstance(path, int):
            continue
        full = os.path.realpath(os.fspath(path))
        if full in held:
            raise PermissionError(
                errno.EACCES,
                "The process cannot access the file because it is being used by another "
                "process (emulated Windows)",
                os.fspath(path),
            )


def replace_refusing_open(src: Any, dst: Any, **kwargs: Any) -> None:
    """os.replace as Windows does it: refused while either file is open."""
    _refuse_if_open(src, dst)
    _real_replace(src, dst, **kwargs)


def unlink_refusing_open(path: Any, **kwargs: Any) -> None:
    """os.unlink as Windows does it: refused while the file is open."""
    _refuse_if_open(path)
    _real_unlink(path, **kwargs)


def refuse_read_only_fsync(monkeypatch: Any) -> None:
    monkeypatch.setattr(os, "fsync", fsync_refusing_read_only)


def refuse_open_files(monkeypatch: Any) -> None:
    monkeypatch.setattr(os, "replace", replace_refusing_open)
    monkeypatch.setattr(os, "unlink", unlink_refusing_open)
    monkeypatch.setattr(os, "remove", unlink_refusing_open)


def install() -> None:
    """All of Windows' rules above, for the rest of this process."""
    sys.modules["fcntl"] = None  # type: ignore[assignment]  # `import fcntl` -> ImportError
    os.fsync = fsync_refusing_read_only
    os.replace = replace_refusing_open
    os.unlink = unlink_refusing_open
    os.remove = unlink_refusing_open


def main() -> None:
    """`floorwatch ARGS` in this emulated process."""
    from floorwatch.cli import main as floorwatch_main

    sys.exit(floorwatch_main(sys.argv[1:]))
