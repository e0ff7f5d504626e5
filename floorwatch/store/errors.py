"""What goes wrong with the history store, each said in one line naming the file."""

from __future__ import annotations

import re
from pathlib import Path

import polars as pl

#: polars reports a failed write (a full disk, say) as a PolarsError wrapping the OS error.
_POLARS_IO = re.compile(r"underlying IO error: (.*?)(?: \(os error \d+\))?$")
#: What reading a damaged or foreign history file raises.
UNREADABLE = (OSError, ValueError, pl.exceptions.PolarsError)


class StoreError(Exception):
    """The history store cannot be used (newer schema, unreadable, disk full)."""


def write_failed(path: Path, exc: Exception) -> StoreError:
    """A failed write as one line naming the file; `write_atomic` has removed its temp file."""
    if isinstance(exc, OSError):
        why = exc.strerror or str(exc)
    else:
        found = _POLARS_IO.search(str(exc))
        why = found[1] if found else str(exc)
    return StoreError(f"cannot write {path}: {why}")
