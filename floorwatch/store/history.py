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

An export file holds the canonical rows plus `line`, `source_file`, `file_export_time`,
`content_hash` and `file_rows`; its Parquet metadata keeps the source file name, how its
time was found and its rejected rows. A run file holds the run's flags; its metadata the
as-of, period, who and why.

This module opens the store and keeps exports and the drop files read; the value types
of exports (`store.exports`), recorded runs (`store.runs`), compacted days and summaries
(`store.derived`) and the quarantine (`store.quarantine`) live beside it.
"""

from __future__ import annotations

import contextlib
import json
import os
from collections.abc import Iterable, Iterator
from datetime import date, datetime
from pathlib import Path

import polars as pl

from floorwatch.ingest.export_time import time_from_name
from floorwatch.ingest.model import LoadedExport, LoadError
from floorwatch.store.derived import (
    CompactedDay,
    find_summary,
    latest_compacted,
    save_compacted,
    save_summary,
)
from floorwatch.store.errors import StoreError, write_failed
from floorwatch.store.exports import (
    StoredExport,
    dated_by,
    export_days,
    with_file_columns,
)
from floorwatch.store.files import (
    make_private_dir,
    sweep_temp_files,
    write_atomic,
    write_bytes_atomic,
)
from floorwatch.store.layout import (
    EXPORTS,
    day_dirs,
    export_name,
    parquet_files,
    parse_export_name,
    partition,
    values,
)
from floorwatch.store.locking import writer_lock
from floorwatch.store.migrate import migrate_to_hive
from floorwatch.store.quarantine import quarantine_file, unreadable_files
from floorwatch.store.runs import RunRecord, list_run_files, read_runs, write_run

#: 2: Hive-style folders, exports kept per (content, export time), quarantine.
SCHEMA_VERSION = 2
DROP_FILES = "drop_files.json"


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
        days = export_days(export)
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
            raise write_failed(path, exc) from None
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
            raise write_failed(self.folder / DROP_FILES, exc) from None

    # -- compacted days and summaries (store/derived.py) --------------------------------
    def compacted(self, kind: str, day: date) -> CompactedDay | None:
        """The newest compaction of a day's exports of `kind`, if any."""
        return latest_compacted(self, kind, day)

    def write_compacted(
        self, kind: str, day: date, rows: pl.DataFrame, covers: set[str], until: datetime
    ) -> CompactedDay:
        """Keep a new compaction of a day; older ones but the last go."""
        return save_compacted(self, kind, day, rows, covers, until)

    def summary(self, kind: str, day: date, fingerprint: str) -> tuple[Path, dict[str, str]] | None:
        """The summary filed under `day` with this fingerprint: (file, its metadata)."""
        return find_summary(self, kind, day, fingerprint)

    def write_summary(
        self, kind: str, day: date, fingerprint: str, frame: pl.DataFrame, metadata: dict[str, str]
    ) -> Path:
        """Keep a summary filed under `day`; older ones there but the last go."""
        return save_summary(self, kind, day, fingerprint, frame, metadata)

    # -- runs (store/runs.py) ---------------------------------------------------------
    def record_run(self, run: RunRecord) -> None:
        """Store a run and its flags in one atomic file."""
        write_run(self, run)

    def run_files(
        self, period_kind: str, *, since: date | None = None, until: datetime | None = None
    ) -> list[tuple[datetime, Path]]:
        """(as-of, file) of recorded runs of one period kind, oldest first."""
        return list_run_files(self, period_kind, since=since, until=until)

    def runs(self, day: date | None = None, period_kind: str | None = None) -> list[RunRecord]:
        """Recorded runs (of one as-of day and/or period kind), oldest first."""
        return read_runs(self, day, period_kind)

    # -- files that cannot be read (store/quarantine.py) ----------------------------------
    def unreadable(self, paths: Iterable[Path] | None = None) -> list[tuple[Path, str]]:
        """History files (of `paths`, else the whole store) that cannot be read, with why.

        Reads each whole: slow on a big store; a check calls it only after a read failed.
        """
        return unreadable_files(self, paths)

    def quarantine(self, path: Path, reason: str, *, move: bool) -> LoadError:
        """Set an unreadable history file aside: moved into `quarantine/` with `move`,
        else only skipped by this store object's listings. Returns the error naming the
        file, the reason and where it went."""
        self._index = None  # the export listing may hold the file
        return quarantine_file(self, path, reason, move=move)
