"""What ingest hands on: a loaded export, or the reason a file or row was refused."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import polars as pl

from floorwatch.safe_text import terminal_safe


@dataclass(frozen=True)
class LoadError:
    """A file that could not be loaded, or one row of it (`line` is 1-based, header included)."""

    file: str
    error: str
    line: int | None = None

    def __post_init__(self) -> None:
        # File names and quoted cells come from whoever writes to the drop folder: no
        # control character in them reaches a terminal, whichever screen shows them.
        object.__setattr__(self, "file", terminal_safe(self.file, one_line=True))
        object.__setattr__(self, "error", terminal_safe(self.error, one_line=True))

    def as_dict(self) -> dict[str, object]:
        out: dict[str, object] = {"file": self.file}
        if self.line is not None:
            out["line"] = self.line
        out["error"] = self.error
        return out

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line is not None else self.file
        return f"{where}: {self.error}"


@dataclass(frozen=True)
class LoadedExport:
    """One export normalised to its kind's canonical schema.

    `frame` has every column of the kind (`schema.KIND_BY_NAME[kind].polars_schema`, absent
    optional columns as nulls) plus `line` (Int64, the row's physical line in the file),
    holding only accepted rows. `row_errors` are the rows refused.
    """

    file: str
    kind: str
    frame: pl.DataFrame
    export_time: datetime
    content_hash: str
    row_errors: tuple[LoadError, ...] = ()

    def __post_init__(self) -> None:
        object.__setattr__(self, "file", terminal_safe(self.file, one_line=True))

    @property
    def rows(self) -> int:
        return self.frame.height
