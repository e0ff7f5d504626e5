"""The history store: every export ever ingested, normalised, and every recorded check run.

Layout under the data folder, schema 2 (why: one Parquet file per export or run, written
atomically, so a kill loses at most the file being written and no index can fall out of
step; the names carry what a listing needs, so choosing a period's files opens none of the
others; the folders are Hive partitions, so analysts' engines find `kind` and `day`
themselves — see the README's "The history for analysts"):

    store.json                                          {"schema_version": 2}
    drop_files.json                                     drop file -> size, mtime, hash
    exports/kind=<kind>/day=<YYYY-MM-DD>/<YYYYmmddTHHMMSS>_<hash>_<c|n|m>.parquet
    compacted/kind=<kind>/day=<YYYY-MM-DD>/<YYYYmmddTHHMMSS>_<files>.parquet
    summaries/kind=actions/day=<YYYY-MM-DD>/<fingerprint>.parquet
    runs/period=<period>/day=<YYYY-MM-DD>/<YYYYmmddTHHMMSS>_<run id>.parquet
    quarantine/<the path it had>                        history files that cannot be read

An export is kept once per (content, export time) (`spec/exports.md` v2): the same bytes
at a later export time are a newer export. The last letter of its name says how its time
was found — its rows (c), its file name (n), or its file's modification time (m): an `m`
export is provisional, and the same bytes seen with a real time re-date it (the file is
rewritten under the new time and the old one removed; the new one's metadata remembers
the time it replaced, so the undated file still in the drop folder is known as the same
export). Schema-1 names have no letter: how they were dated is read from the file.

A compacted file holds one day's exports of a kind reduced to the rows a check uses
(`floorwatch.engine.compact`); its name carries the newest export it covers and how many,
its metadata the exports it covers (`export_key`). The exports themselves are never
removed: a check as of an earlier moment of the day reads them.

A summary holds finished days' Caseworker Actions counted for weeks and months
(`floorwatch.engine.summary`); its name is a fingerprint of the exports it counts, so a
late export for one of its days simply makes a new one.

An export file holds the canonical rows plus `line`, `source_file`, `file_export_time`,
`content_hash` and `file_rows`; its Parquet metadata keeps the source file name, how its
time was found and its rejected rows. A run file holds the run's flags; its metadata the
as-of, period, who and why.
"""

from __future__ import annotations

import contextlib
import functools
import json
import os
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

import polars as pl

from floorwatch.ingest.export_time import time_from_name
from floorwatch.ingest.model import LoadedExport, LoadError
from floorwatch.schema import RUN_FLAG_SCHEMA
from floorwatch.store.files import (
    make_private_dir,
    remove_file,
    sweep_temp_files,
    write_atomic,
    write_bytes_atomic,
)
from floorwatch.store.layout import (
    COMPACTED,
    DAY_COLUMN,
    EXPORTS,
    QUARANTINE,
    RUNS,
    STAMP,
    SUMMARIES,
    day_dirs,
    export_name,
    parquet_files,
    parse_export_name,
    partition,
    stamp_time,
    values,
)
from floorwatch.store.locking import writer_lock
from floorwatch.store.migrate import migrate_to_hive

#: 2: Hive-style folders, exports kept per (content, export time), quarantine.
SCHEMA_VERSION = 2
DROP_FILES = "drop_files.json"
_STAMP = STAMP
#: polars reports a failed write (a full disk, say) as a PolarsError wrapping the OS error.
_POLARS_IO = re.compile(r"underlying IO error: (.*?)(?: \(os error \d+\))?$")
#: What reading a damaged or foreign history file raises.
UNREADABLE = (OSError, ValueError, pl.exceptions.PolarsError)


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
    return f"{export.export_time.strftime(_STAMP)}_{export.content_hash}"


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


@dataclass(frozen=True)
class CompactedDay:
    """One day's exports of a kind, compacted: usable for an as-of at or after `until`."""

    path: Path
    until: datetime
    #: The `export_key`s of the exports it covers.
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
        self._index: dict[str, list[StoredExport]] | None = None
        #: Files found unreadable by this process and not moved (a run that writes
        #: nothing leaves the history as it is): listings skip them.
        self.set_aside: set[Path] = set()

    # -- opening -------------------------------------------------------------------
    def open_for_writing(self) -> None:
        """Create the store if needed, check its schema version, migrate a schema-1 store,
        clear dead temp files.

        Raises StoreError naming the folder when it cannot be created or written, or
        naming store.json when its version is not one this floorwatch reads.
        """
        marker = self.folder / "store.json"
        try:
            # Under the lock: another writer's sweep would otherwise delete the marker's
            # temp file half-way, and two new stores would both write their marker.
            with self.lock():
                version = self._check_version(marker) if marker.exists() else None
                if version is not None and version < SCHEMA_VERSION:
                    migrate_to_hive(self.folder)
                if version != SCHEMA_VERSION:
                    payload = json.dumps({"schema_version": SCHEMA_VERSION}).encode()
                    write_bytes_atomic(marker, payload)
                sweep_temp_files(self.folder)
        except OSError as exc:
            raise StoreError(
                f"{self.folder}: the history cannot be written: {exc.strerror or exc}"
            ) from None

    def check_readable(self) -> None:
        """For a run that writes nothing: refuse a store this floorwatch cannot read
        (a newer schema, a damaged marker). A schema-1 store is read as it is."""
        marker = self.folder / "store.json"
        if marker.exists():
            self._check_version(marker)

    def _check_version(self, marker: Path) -> int:
        try:
            version = json.loads(marker.read_text(encoding="utf-8-sig"))["schema_version"]
        except (OSError, ValueError, KeyError, TypeError) as exc:
            raise StoreError(f"{marker}: not a floorwatch history store ({exc})") from None
        if isinstance(version, bool) or not isinstance(version, int) or version < 1:
            raise StoreError(
                f"{marker}: schema_version must be a whole number from 1, not {version!r}; "
                "this file is written by floorwatch and should not be edited"
            )
        if version > SCHEMA_VERSION:
            raise StoreError(
                f"{marker}: written by a newer floorwatch (schema {version}, this reads "
                f"{SCHEMA_VERSION}); upgrade floorwatch"
            )
        return version

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
    def _by_hash(self) -> dict[str, list[StoredExport]]:
        """Every stored export by content hash, listed once and kept up to date."""
        if self._index is None:
            self._index = {}
            for e in self.exports():
                self._index.setdefault(e.content_hash, []).append(e)
        return self._index

    def find(
        self, content_hash: str, name: str | None = None, mtime: datetime | None = None
    ) -> StoredExport | None:
        """The stored export that a file with these bytes is (no listing after the first).

        With the file's `name` and modification time: the copy at the time that file
        would be given — the content's own time, else the name's stamp, else the mtime
        (or the export that mtime was re-dated into); None when the file is a new export.
        Without them: any copy (the newest).
        """
        copies = self._by_hash().get(content_hash, [])
        if not copies or name is None:
            return copies[-1] if copies else None
        dated = next((c for c in copies if c.dated_by == "content"), None)
        if dated is not None:
            return dated  # the same content has one time, whatever the file's name
        stamped = time_from_name(name)
        wanted = stamped or (mtime.replace(microsecond=0) if mtime else None)
        hit = next((c for c in copies if c.export_time == wanted), None)
        if hit is not None or stamped is not None or wanted is None:
            return hit
        return next(
            (c for c in copies if c.dated_by != "mtime" and wanted in c.redated_from()), None
        )

    def add_export(self, export: LoadedExport) -> bool:
        """Keep an export; False when it is stored already (same content, same time, or a
        provisional time the same content was re-dated from).

        An export dated by its content or name re-dates the provisional copies of the
        same content: they are replaced by this one.
        """
        how = dated_by(export)
        day = export.export_time.date().isoformat()
        days = _frame_days(export.frame, export.kind)
        path = partition(self.folder, EXPORTS, export.kind, day) / export_name(
            export.export_time, export.content_hash, how, days
        )
        try:
            with self.lock():
                # Another process may have stored the same content since the hashes were
                # listed (two floorwatch on one data folder): look again, under the lock.
                copies = self._copies(export.kind, export.content_hash)
                # Names keep whole seconds (a modification time has microseconds).
                moment = export.export_time.replace(microsecond=0)
                provisional = [c for c in copies if c.dated_by == "mtime"]
                if how == "mtime":
                    provisional = []  # a provisional time re-dates nothing
                    firm = [c for c in copies if c.dated_by != "mtime"]
                    if any(moment in c.redated_from() for c in firm):
                        return False
                if any(c.export_time == moment for c in copies):
                    return False
                self._write_export(path, export, how, provisional)
        except (OSError, pl.exceptions.PolarsError) as exc:
            raise _write_failed(path, exc) from None
        stored = StoredExport(path, export.kind, moment, export.content_hash, how, days)
        if self._index is not None:
            left = [c for c in copies if c not in provisional]
            self._index[export.content_hash] = [*left, stored]
        return True

    def _copies(self, kind: str, content_hash: str) -> list[StoredExport]:
        """The stored exports of `kind` with these bytes, looked up on disk (a listing of
        names matching the hash: cheaper than listing every export, once per export)."""
        found = []
        for _, day_dir in day_dirs(self.folder, EXPORTS, kind):
            for path in day_dir.glob(f"*_{content_hash}*.parquet"):
                parsed = parse_export_name(path.name)
                if parsed is None or parsed[1] != content_hash or path in self.set_aside:
                    continue
                export_time, _, how, days = parsed
                found.append(StoredExport(path, kind, export_time, content_hash, how, days))
        return sorted(found, key=lambda e: (e.export_time, e.path.name))

    def _write_export(
        self, path: Path, export: LoadedExport, how: str, redating: list[StoredExport]
    ) -> None:
        """Write an export's file; then remove the provisional copies it re-dates (a kill
        in between leaves both, which a check reads as two refreshes of the same bytes)."""
        frame = with_file_columns(export)
        metadata = {
            "source_file": export.file,
            "kind": export.kind,
            "export_time": export.export_time.isoformat(),
            "dated_by": how,
            "row_errors": json.dumps([e.as_dict() for e in export.row_errors]),
            "redated_from": json.dumps(sorted(c.export_time.isoformat() for c in redating)),
        }
        write_atomic(path, lambda temp: frame.write_parquet(temp, metadata=metadata))
        for old in redating:
            old.path.unlink(missing_ok=True)

    def exports(
        self,
        kind: str | None = None,
        *,
        since: date | None = None,
        until: datetime | None = None,
    ) -> list[StoredExport]:
        """Stored exports, optionally of one kind and within export times, oldest first."""
        kinds = [kind] if kind else values(self.folder, EXPORTS)
        found: dict[str, StoredExport] = {}
        for k in kinds:
            for day, day_dir in day_dirs(self.folder, EXPORTS, k):
                if since is not None and day < since.isoformat():
                    continue
                if until is not None and day > until.date().isoformat():
                    continue
                for path in parquet_files(day_dir):
                    parsed = parse_export_name(path.name)
                    if parsed is None or path in self.set_aside:
                        continue
                    export_time, content_hash, how, days = parsed
                    if until is None or export_time <= until:
                        stored = StoredExport(path, k, export_time, content_hash, how, days)
                        # A file moved by a migration while listed appears twice.
                        found.setdefault(f"{k}/{path.name}", stored)
        return sorted(found.values(), key=lambda e: (e.export_time, e.path.name))

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
            until = stamp_time(path.name.split("_", 1)[0])
            try:
                covers = json.loads(pl.read_parquet_metadata(path)["covers"])
            except (*UNREADABLE, KeyError):
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
        path = partition(self.folder, COMPACTED, kind, day.isoformat()) / name
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
        folder = partition(self.folder, COMPACTED, kind, day.isoformat())
        return [p for p in parquet_files(folder) if p not in self.set_aside]

    # -- summaries -------------------------------------------------------------------
    def summary(self, kind: str, day: date, fingerprint: str) -> tuple[Path, dict[str, str]] | None:
        """The summary filed under `day` with this fingerprint: (file, its metadata)."""
        path = self._summary_path(kind, day, fingerprint)
        if not path.is_file() or path in self.set_aside:
            return None
        try:
            return path, pl.read_parquet_metadata(path)
        except UNREADABLE:
            return None  # removed since (readers take no lock), or not a summary

    def write_summary(
        self,
        kind: str,
        day: date,
        fingerprint: str,
        frame: pl.DataFrame,
        metadata: dict[str, str],
    ) -> Path:
        """Keep a summary filed under `day`; older ones there but the last go (a reader
        that found the last may still be reading it)."""
        path = self._summary_path(kind, day, fingerprint)
        try:
            with self.lock():
                write_atomic(path, lambda temp: frame.write_parquet(temp, metadata=metadata))
                others = [p for p in parquet_files(path.parent) if p != path]
                for old in sorted(others, key=lambda p: p.stat().st_mtime_ns)[:-1]:
                    remove_file(old)  # still open (Windows): the next write takes it
        except (OSError, pl.exceptions.PolarsError) as exc:
            raise _write_failed(path, exc) from None
        return path

    def _summary_path(self, kind: str, day: date, fingerprint: str) -> Path:
        return partition(self.folder, SUMMARIES, kind, day.isoformat()) / f"{fingerprint}.parquet"

    # -- runs ----------------------------------------------------------------------
    def record_run(self, run: RunRecord) -> None:
        """Store a run and its flags in one atomic file."""
        day = run.as_of.date().isoformat()
        name = f"{run.as_of.strftime(_STAMP)}_{run.run_id}.parquet"
        path = partition(self.folder, RUNS, run.period_kind, day) / name
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
        found = {}
        for day, day_dir in day_dirs(self.folder, RUNS, period_kind):
            if since is not None and day < since.isoformat():
                continue
            if until is not None and day > until.date().isoformat():
                continue
            for path in parquet_files(day_dir):
                as_of = stamp_time(path.name.split("_", 1)[0])
                if path in self.set_aside or as_of is None:
                    continue
                if until is None or as_of <= until:
                    found.setdefault(path.name, (as_of, path))
        return sorted(found.values())

    def runs(self, day: date | None = None, period_kind: str | None = None) -> list[RunRecord]:
        """Recorded runs (of one as-of day and/or period kind), oldest first."""
        kinds = [period_kind] if period_kind else values(self.folder, RUNS)
        records = []
        for kind in kinds:
            for as_of, path in self.run_files(kind, since=day):
                if day is not None and as_of.date() != day:
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

    # -- files that cannot be read ----------------------------------------------------
    def unreadable(self, paths: Iterable[Path] | None = None) -> list[tuple[Path, str]]:
        """History files (of `paths`, else the whole store) that cannot be read, with why.

        Reads each whole: a damaged page deep in a file fails only when it is read.
        Slow on a big store; a check calls it only after a read has failed.
        """
        if paths is None:
            paths = [
                p
                for table in (EXPORTS, COMPACTED, SUMMARIES, RUNS)
                if (self.folder / table).is_dir()
                for p in (self.folder / table).rglob("*.parquet")
                if not p.name.startswith(".")
            ]
        bad = []
        for path in paths:
            if path in self.set_aside:
                continue
            try:
                pl.read_parquet_metadata(path)
                pl.read_parquet(path)
            except FileNotFoundError:
                continue  # removed since (a newer compaction or summary replaced it)
            except UNREADABLE as exc:
                bad.append((path, _first_line(exc)))
        return bad

    def quarantine(self, path: Path, reason: str, *, move: bool) -> LoadError:
        """Set an unreadable history file aside: moved into `quarantine/` (under the path
        it had in the store) with `move`, else only skipped by this store object's
        listings. Returns the error naming the file, the reason and where it went."""
        relative = path.relative_to(self.folder)
        self._index = None
        if not move:
            self.set_aside.add(path)
            return LoadError(
                f"history {relative.as_posix()}",
                f"cannot be read ({reason}); skipped (this run changes nothing in the history)",
            )
        target = self.folder / QUARANTINE / relative
        try:
            with self.lock():
                make_private_dir(target.parent)
                os.replace(path, target)
        except OSError as exc:
            self.set_aside.add(path)
            return LoadError(
                f"history {relative.as_posix()}",
                f"cannot be read ({reason}); skipped, and it could not be moved aside: "
                f"{exc.strerror or exc}",
            )
        return LoadError(
            f"history {relative.as_posix()}",
            f"cannot be read ({reason}); moved to {(QUARANTINE / relative).as_posix()}",
        )


def _first_line(exc: BaseException) -> str:
    """An exception as one short line (polars' messages run over several)."""
    text = str(exc).strip().splitlines()
    return f"{type(exc).__name__}: {text[0] if text else ''}"[:200]


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
