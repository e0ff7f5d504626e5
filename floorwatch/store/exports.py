"""An export in the history store, known from its file name, and what ties rows to it.

An export is kept once per (content, export time) (`spec/exports.md` v2): `export_key`
is that identity. How its time was found — its rows ("content"), its file name ("name")
or its file's modification time ("mtime", provisional) — is in its schema-2 name, or read
once from a schema-1 file. The columns `with_file_columns` adds tie each stored row to
the file it came from.
"""

from __future__ import annotations

import functools
import json
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

import polars as pl

from floorwatch.ingest.export_time import time_from_name
from floorwatch.ingest.model import LoadedExport, LoadError
from floorwatch.store.errors import UNREADABLE
from floorwatch.store.layout import DAY_COLUMN, STAMP


@dataclass(frozen=True)
class StoredExport:
    """An export in the store, known from its file name alone."""

    path: Path
    kind: str
    export_time: datetime
    content_hash: str
    #: "content", "name" or "mtime" (provisional); None: a schema-1 name, read on demand.
    named_dated_by: str | None = field(default=None, compare=False)
    #: The first and last day of its rows (Caseworker Actions: their Start), from the name.
    named_days: tuple[date, date] | None = field(default=None, compare=False)

    @property
    def key(self) -> str:
        """What identifies the export: its content at its export time."""
        return export_key(self)

    @property
    def days(self) -> tuple[date, date] | None:
        """The first and last day of its rows' Start (Caseworker Actions); None without
        rows, or for another kind."""
        if self.named_days is not None or self.named_dated_by is not None:
            return self.named_days  # a schema-2 name says it (no days: none)
        return _stored_days(self.path, self.kind)

    @property
    def dated_by(self) -> str:
        """How the export's time was found: "content", "name" or "mtime" (provisional)."""
        return self.named_dated_by or _stored_dated_by(self.path)

    def metadata(self) -> dict[str, str]:
        return pl.read_parquet_metadata(self.path)

    def source_file(self) -> str:
        return self.metadata().get("source_file", self.path.name)

    def row_errors(self) -> tuple[LoadError, ...]:
        raw = json.loads(self.metadata().get("row_errors", "[]"))
        return tuple(LoadError(**e) for e in raw)

    def redated_from(self) -> tuple[datetime, ...]:
        """The provisional times this export's bytes had before it was re-dated."""
        raw = json.loads(self.metadata().get("redated_from", "[]"))
        return tuple(datetime.fromisoformat(t) for t in raw)


def export_key(export: StoredExport | LoadedExport) -> str:
    """An export's identity in the store: its export time and content hash."""
    return f"{export.export_time.strftime(STAMP)}_{export.content_hash}"


def dated_by(export: LoadedExport) -> str:
    """How a loaded export's time was found: its rows ("content"), its file name
    ("name"), else its file's modification time ("mtime": provisional)."""
    return _dated_by(export.frame, export.file, export.export_time)


def _dated_by(frame: pl.DataFrame, file: str, export_time: datetime) -> str:
    if "export_time" in frame.columns and frame.get_column("export_time").max() == export_time:
        return "content"
    if time_from_name(file) == export_time:
        return "name"
    return "mtime"


def export_days(export: StoredExport | LoadedExport) -> tuple[date, date] | None:
    """The first and last day of an export's rows (their Start, for Caseworker Actions)."""
    if isinstance(export, StoredExport):
        return export.days
    return _frame_days(export.frame, export.kind)


def _frame_days(frame: pl.DataFrame, kind: str) -> tuple[date, date] | None:
    column = DAY_COLUMN.get(kind)
    if column is None or column not in frame.columns or frame.height == 0:
        return None
    first, last = frame.get_column(column).min(), frame.get_column(column).max()
    if not isinstance(first, datetime) or not isinstance(last, datetime):
        return None
    return first.date(), last.date()


@functools.lru_cache(maxsize=1 << 12)
def _stored_days(path: Path, kind: str) -> tuple[date, date] | None:
    """The days of a schema-1 export file's rows (read once: a stored file never changes)."""
    column = DAY_COLUMN.get(kind)
    if column is None:
        return None
    try:
        return _frame_days(pl.read_parquet(path, columns=[column]), kind)
    except UNREADABLE:
        return None


@functools.lru_cache(maxsize=1 << 12)
def _stored_dated_by(path: Path) -> str:
    """How a schema-1 export file's time was found (a stored file never changes)."""
    try:
        meta = pl.read_parquet_metadata(path)
        if "dated_by" in meta:
            return meta["dated_by"]
        columns = pl.read_parquet_schema(path)
        frame = pl.read_parquet(path, columns=["export_time"]) if "export_time" in columns else None
        export_time = datetime.fromisoformat(meta["export_time"])
    except (*UNREADABLE, KeyError):
        return "content"  # unreadable: never re-dated (the quarantine deals with it)
    return _dated_by(
        frame if frame is not None else pl.DataFrame(), meta.get("source_file", ""), export_time
    )


def with_file_columns(export: LoadedExport) -> pl.DataFrame:
    """An export's rows with the columns that tie each row to its file."""
    return export.frame.with_columns(file_columns(export))


def file_columns(export: LoadedExport) -> list[pl.Expr]:
    """The columns that tie each of an export's rows to its file (constants)."""
    return [
        pl.lit(export.file, pl.String).alias("source_file"),
        pl.lit(export.export_time, pl.Datetime("us")).alias("file_export_time"),
        pl.lit(export.content_hash, pl.String).alias("content_hash"),
        pl.lit(export.frame.height, pl.Int64).alias("file_rows"),
    ]
