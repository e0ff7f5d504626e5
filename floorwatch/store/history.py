"""The history store: every export ever ingested, normalised, and every recorded check run.

Layout under the data folder (why: one Parquet file per export or run, written atomically,
so a kill loses at most the file being written and no index can fall out of step; the
names carry what a listing needs, so choosing a period's files opens none of the others):

    store.json                                   {"schema_version": 1}
    drop_files.json                              drop file -> size, mtime, content hash
    exports/<kind>/<YYYY-MM-DD>/<YYYYmmddTHHMMSS>_<hash>.parquet
    compacted/<kind>/<YYYY-MM-DD>/<YYYYmmddTHHMMSS>_<files>.parquet
    summaries/<kind>/<YYYY-MM-DD>/<fingerprint>.parquet
    runs/<period>/<YYYY-MM-DD>/<YYYYmmddTHHMMSS>_<run id>.parquet

A compacted file holds one day's exports of a kind reduced to the rows a check uses
(`floorwatch.engine.compact`); its name carries the newest export it covers and how many,
its metadata the content hashes it covers. The exports themselves are never removed:
a check as of an earlier moment of the day reads them.

A summary holds one finished day's exports of a kind counted for weeks and months
(`floorwatch.engine.summary`); its name is a fingerprint of the exports it counts, so a
late export for that day simply makes a new one.

An export file holds the canonical rows plus `line`, `source_file`, `file_export_time` and
`content_hash`; its Parquet metadata keeps the source file name and its rejected rows.
A run file holds the run's flags; its metadata the as-of, period, who and why.
"""

from __future__ import annotations

import contextlib
import functools
import json
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

import polars as pl

from floorwatch.ingest.model import LoadedExport, LoadError
from floorwatch.store.files import (
    is_temp_name,
    make_private_dir,
    remove_file,
    sweep_temp_files,
    write_atomic,
    write_bytes_atomic,
)
from floorwatch.store.locking import writer_lock

SCHEMA_VERSION = 1
DROP_FILES = "drop_files.json"
_STAMP = "%Y%m%dT%H%M%S"
#: polars reports a failed write (a full disk, say) as a PolarsError wrapping the OS error.
_POLARS_IO = re.compile(r"underlying IO error: (.*?)(?: \(os error \d+\))?$")

#: The flags of a run as stored (subject "" where a flag has none).
RUN_FLAG_SCHEMA: dict[str, pl.DataType] = {
    "worker_id": pl.String(),
    "check": pl.String(),
    "subject": pl.String(),
    "value": pl.Float64(),
    "expected": pl.Float64(),
    "pattern": pl.String(),
}


class StoreError(Exception):
    """The history store cannot be used (newer schema, unreadable, disk full)."""


def _write_failed(path: Path, exc: Exception) -> StoreError:
    """A failed write as one line naming the file; `write_atomic` has removed its temp file."""
    if isinstance(exc, OSError):
        why = exc.strerror or str(exc)
    else:
        found = _POLARS_IO.search(str(exc))
        why = found[1] if found else str(exc)
    return StoreError(f"cannot write {path}: {why}")


@dataclass(frozen=True)
class StoredExport:
    """An export in the store, known from its file name alone."""

    path: Path
    kind: str
    export_time: datetime
    content_hash: str

    def metadata(self) -> dict[str, str]:
        return pl.read_parquet_metadata(self.path)

    def source_file(self) -> str:
        return self.metadata().get("source_file", self.path.name)

    def row_errors(self) -> tuple[LoadError, ...]:
        raw = json.loads(self.metadata().get("row_errors", "[]"))
        return tuple(LoadError(**e) for e in raw)


@dataclass(frozen=True)
class CompactedDay:
    """One day's exports of a kind, compacted: usable for an as-of at or after `until`."""

    path: Path
    until: datetime
    covers: frozenset[str]


@dataclass(frozen=True)
class RunRecord:
    """A recorded check run: when it was as of, for which period, who ran it and why."""

    run_id: str
    as_of: datetime
    period_kind: str
    recorded_at: datetime
    by: str
    trigger: str
    flags: pl.DataFrame


class HistoryStore:
    """The data folder's history. Readers never lock; writers take the folder's lock."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self._index: dict[str, StoredExport] | None = None

    # -- opening -------------------------------------------------------------------
    def open_for_writing(self) -> None:
        """Create the store if needed, check its schema version, clear dead temp files.

        Raises StoreError naming the folder when it cannot be created or written.
        """
        marker = self.folder / "store.json"
        try:
            # Under the lock: another writer's sweep would otherwise delete the marker's
            # temp file half-way, and two new stores would both write their marker.
            with self.lock():
                if marker.exists():
                    self._check_version(marker)
                else:
                    payload = json.dumps({"schema_version": SCHEMA_VERSION}).encode()
                    write_bytes_atomic(marker, payload)
                sweep_temp_files(self.folder)
        except OSError as exc:
            raise StoreError(
                f"{self.folder}: the history cannot be written: {exc.strerror or exc}"
            ) from None

    def _check_version(self, marker: Path) -> None:
        try:
            version = json.loads(marker.read_text())["schema_version"]
        except (OSError, ValueError, KeyError, TypeError) as exc:
            raise StoreError(f"{marker}: not a floorwatch history store ({exc})") from None
        if version > SCHEMA_VERSION:
            raise StoreError(
                f"{marker}: written by a newer floorwatch (schema {version}, this reads "
                f"{SCHEMA_VERSION}); upgrade floorwatch"
            )

    @contextlib.contextmanager
    def lock(self) -> Iterator[None]:
        """Hold the single-writer lock of this data folder (blocks until free).

        `filelock` locks the `.lock` file the way each platform can: `flock` on Linux and
        macOS, `LockFileEx` (msvcrt) on Windows. Both are released by the OS when the
        process dies, so a killed writer never leaves the store locked.
        """
        make_private_dir(self.folder)
        with writer_lock(self.folder / ".lock"):
            yield

    # -- exports -------------------------------------------------------------------
    def _by_hash(self) -> dict[str, StoredExport]:
        """Every stored export by content hash, listed once and kept up to date."""
        if self._index is None:
            self._index = {e.content_hash: e for e in self.exports()}
        return self._index

    def find(self, content_hash: str) -> StoredExport | None:
        """The stored export with these bytes, if any (no listing after the first)."""
        return self._by_hash().get(content_hash)

    def add_export(self, export: LoadedExport) -> bool:
        """Keep an export; False when the same content is stored already."""
        if export.content_hash in self._by_hash():
            return False
        day = export.export_time.date().isoformat()
        name = f"{export.export_time.strftime(_STAMP)}_{export.content_hash}.parquet"
        path = self.folder / "exports" / export.kind / day / name
        frame = with_file_columns(export)
        metadata = {
            "source_file": export.file,
            "kind": export.kind,
            "export_time": export.export_time.isoformat(),
            "row_errors": json.dumps([e.as_dict() for e in export.row_errors]),
        }
        try:
            with self.lock():
                # Another process may have stored the same content since the hashes were
                # listed (two floorwatch on one data folder): look again, under the lock.
                self._index = None
                if export.content_hash in self._by_hash():
                    return False
                write_atomic(path, lambda temp: frame.write_parquet(temp, metadata=metadata))
        except (OSError, pl.exceptions.PolarsError) as exc:
            raise _write_failed(path, exc) from None
        self._by_hash()[export.content_hash] = StoredExport(
            path, export.kind, export.export_time, export.content_hash
        )
        return True

    def exports(
        self,
        kind: str | None = None,
        *,
        since: date | None = None,
        until: datetime | None = None,
    ) -> list[StoredExport]:
        """Stored exports, optionally of one kind and within export times, oldest first."""
        root = self.folder / "exports"
        kinds = [kind] if kind else sorted(p.name for p in _subdirs(root))
        found = []
        for k in kinds:
            for day_dir in _subdirs(root / k):
                if since is not None and day_dir.name < since.isoformat():
                    continue
                if until is not None and day_dir.name > until.date().isoformat():
                    continue
                for path in day_dir.glob("*.parquet"):
                    stored = _parse_export_name(path, k)
                    if stored and (until is None or stored.export_time <= until):
                        found.append(stored)
        return sorted(found, key=lambda e: (e.export_time, e.path.name))

    # -- drop files already read -----------------------------------------------------
    def drop_files(self) -> dict[str, tuple[int, int, str]]:
        """Drop-folder files read before: path -> (size, mtime in ns, content hash).

        A new process (every `floorwatch check`) then skips reading and hashing a file
        whose size and modification time have not changed, as git and rsync do.
        """
        try:
            raw = json.loads((self.folder / DROP_FILES).read_text())
            return {path: (int(s), int(m), str(h)) for path, (s, m, h) in raw.items()}
        except (OSError, ValueError, TypeError, AttributeError):
            return {}  # none yet, or unreadable: every file is simply read again

    def save_drop_files(self, files: dict[str, tuple[int, int, str]]) -> None:
        """Replace the list of drop files read (atomically, under the writer lock)."""
        payload = json.dumps(files, sort_keys=True).encode()
        try:
            with self.lock():
                write_bytes_atomic(self.folder / DROP_FILES, payload)
        except OSError as exc:
            if isinstance(exc, PermissionError) and os.access(self.folder, os.W_OK):
                # Held open by a reader past the retries (Windows): the list is only a
                # cache, kept by the next check; until then files are simply read again.
                return
            raise _write_failed(self.folder / DROP_FILES, exc) from None

    # -- compacted days -------------------------------------------------------------
    def compacted(self, kind: str, day: date) -> CompactedDay | None:
        """The newest compaction of a day's exports of `kind`, if any."""
        for path in sorted(self._compacted_files(kind, day), reverse=True):
            until = _stamp(path.name.split("_", 1)[0])
            try:
                covers = json.loads(pl.read_parquet_metadata(path)["covers"])
            except (OSError, KeyError, ValueError, pl.exceptions.PolarsError):
                continue  # removed since the listing (readers take no lock), or foreign
            if until is not None:
                return CompactedDay(path, until, frozenset(covers))
        return None

    def write_compacted(
        self, kind: str, day: date, rows: pl.DataFrame, covers: set[str], until: datetime
    ) -> CompactedDay:
        """Keep a new compaction of a day; older ones but the last go (a reader that
        listed the last may still be reading it)."""
        name = f"{until.strftime(_STAMP)}_{len(covers):06d}.parquet"
        path = self.folder / "compacted" / kind / day.isoformat() / name
        metadata = {"covers": json.dumps(sorted(covers)), "until": until.isoformat()}
        try:
            with self.lock():
                write_atomic(path, lambda temp: rows.write_parquet(temp, metadata=metadata))
                for old in sorted(self._compacted_files(kind, day))[:-2]:
                    remove_file(old)  # still open (Windows): the next write takes it
        except (OSError, pl.exceptions.PolarsError) as exc:
            raise _write_failed(path, exc) from None
        return CompactedDay(path, until, frozenset(covers))

    def _compacted_files(self, kind: str, day: date) -> list[Path]:
        folder = self.folder / "compacted" / kind / day.isoformat()
        if not folder.is_dir():
            return []
        return [p for p in folder.glob("*.parquet") if not is_temp_name(p.name)]

    # -- day summaries ---------------------------------------------------------------
    def summary(self, kind: str, day: date, fingerprint: str) -> tuple[Path, dict[str, str]] | None:
        """The summary of a day's exports with this fingerprint: (file, its metadata)."""
        path = self._summary_path(kind, day, fingerprint)
        if not path.is_file():
            return None
        try:
            return path, pl.read_parquet_metadata(path)
        except (OSError, pl.exceptions.PolarsError):
            return None  # removed since (readers take no lock), or not a summary

    def write_summary(
        self,
        kind: str,
        day: date,
        fingerprint: str,
        frame: pl.DataFrame,
        metadata: dict[str, str],
    ) -> Path:
        """Keep a day's summary; older ones of that day but the last go (a reader that
        found the last may still be reading it)."""
        path = self._summary_path(kind, day, fingerprint)
        try:
            with self.lock():
                write_atomic(path, lambda temp: frame.write_parquet(temp, metadata=metadata))
                others = [
                    p
                    for p in path.parent.glob("*.parquet")
                    if p != path and not is_temp_name(p.name)
                ]
                for old in sorted(others, key=lambda p: p.stat().st_mtime_ns)[:-1]:
                    remove_file(old)  # still open (Windows): the next write takes it
        except (OSError, pl.exceptions.PolarsError) as exc:
            raise _write_failed(path, exc) from None
        return path

    def _summary_path(self, kind: str, day: date, fingerprint: str) -> Path:
        return self.folder / "summaries" / kind / day.isoformat() / f"{fingerprint}.parquet"

    # -- runs ----------------------------------------------------------------------
    def record_run(self, run: RunRecord) -> None:
        """Store a run and its flags in one atomic file."""
        day = run.as_of.date().isoformat()
        name = f"{run.as_of.strftime(_STAMP)}_{run.run_id}.parquet"
        path = self.folder / "runs" / run.period_kind / day / name
        metadata = {
            "as_of": run.as_of.isoformat(),
            "period_kind": run.period_kind,
            "recorded_at": run.recorded_at.isoformat(),
            "by": run.by,
            "trigger": run.trigger,
        }
        flags = run.flags.select(list(RUN_FLAG_SCHEMA)).cast(RUN_FLAG_SCHEMA)
        try:
            with self.lock():
                write_atomic(path, lambda temp: flags.write_parquet(temp, metadata=metadata))
        except (OSError, pl.exceptions.PolarsError) as exc:
            raise _write_failed(path, exc) from None

    def run_files(
        self, period_kind: str, *, since: date | None = None, until: datetime | None = None
    ) -> list[tuple[datetime, Path]]:
        """(as-of, file) of recorded runs of one period kind, oldest first."""
        found = []
        for day_dir in _subdirs(self.folder / "runs" / period_kind):
            if since is not None and day_dir.name < since.isoformat():
                continue
            if until is not None and day_dir.name > until.date().isoformat():
                continue
            for path in day_dir.glob("*.parquet"):
                if is_temp_name(path.name):
                    continue
                as_of = _stamp(path.name.split("_", 1)[0])
                if as_of is not None and (until is None or as_of <= until):
                    found.append((as_of, path))
        return sorted(found)

    def runs(self, day: date | None = None, period_kind: str | None = None) -> list[RunRecord]:
        """Recorded runs (of one as-of day and/or period kind), oldest first."""
        kinds = [period_kind] if period_kind else [p.name for p in _subdirs(self.folder / "runs")]
        records = []
        for kind in kinds:
            for _, path in self.run_files(kind, since=day):
                if day is not None and path.parent.name != day.isoformat():
                    continue
                try:
                    meta = pl.read_parquet_metadata(path)
                    flags = pl.read_parquet(path)
                except FileNotFoundError:
                    continue  # removed since the listing (readers take no lock)
                records.append(
                    RunRecord(
                        run_id=path.stem.split("_", 1)[1],
                        as_of=datetime.fromisoformat(meta["as_of"]),
                        period_kind=meta["period_kind"],
                        recorded_at=datetime.fromisoformat(meta["recorded_at"]),
                        by=meta.get("by", ""),
                        trigger=meta.get("trigger", ""),
                        flags=flags,
                    )
                )
        return sorted(records, key=lambda r: (r.as_of, r.recorded_at))


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


def _subdirs(folder: Path) -> list[Path]:
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir() if p.is_dir() and not is_temp_name(p.name))


@functools.lru_cache(maxsize=1 << 16)
def _stamp(text: str) -> datetime | None:
    """The time in a stored file's name (cached: every check lists the whole store, and
    strptime was most of the listing's cost on a long live day)."""
    try:
        return datetime.strptime(text, _STAMP)
    except ValueError:
        return None


def _parse_export_name(path: Path, kind: str) -> StoredExport | None:
    if is_temp_name(path.name):
        return None
    stamp, _, content_hash = path.stem.partition("_")
    export_time = _stamp(stamp)
    if export_time is None or not content_hash:
        return None
    return StoredExport(path, kind, export_time, content_hash)
