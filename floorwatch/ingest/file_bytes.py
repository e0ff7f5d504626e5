"""A drop file's bytes and its stat from one open: the cheapest read of a small file.

A drop folder may hold 100,000 small files, each read once per scan. `Path.stat()` then
`Path.read_bytes()` costs a stat, an open, an fstat and the buffered file objects per
file; `os.open` + `os.fstat` + `os.read` is a third of that, and the stat describes the
very handle the bytes came from (a file replaced between a stat and an open cannot pair
one file's size with another's bytes).
"""

from __future__ import annotations

import os
from pathlib import Path

#: Windows opens in text mode unless told otherwise; elsewhere the flag does not exist.
_FLAGS = os.O_RDONLY | getattr(os, "O_BINARY", 0)
#: The piece read after a short read.
_CHUNK = 1 << 16


def stat_and_bytes(path: Path | str) -> tuple[os.stat_result, bytes]:
    """(stat of the open file, its bytes). Raises OSError like `Path.read_bytes`.

    The bytes are the `st_size` the stat names (one read for a small file): a writer still
    appending afterwards changes the stat, and the next scan reads the file again. A file
    cut shorter meanwhile is read to its end.
    """
    fd = os.open(path, _FLAGS)
    try:
        stat = os.fstat(fd)
        data = os.read(fd, stat.st_size)
        if len(data) < stat.st_size:  # a short read: read on until the end
            chunks = [data]
            while chunk := os.read(fd, _CHUNK):
                chunks.append(chunk)
            data = b"".join(chunks)
    finally:
        os.close(fd)
    return stat, data
