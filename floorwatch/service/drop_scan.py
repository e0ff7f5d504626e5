"""Reading the drop folder: each candidate file read once, known bytes found in the history."""

from __future__ import annotations

import os
import time
from dataclasses import dataclass, field, replace
from datetime import datetime
from pathlib import Path

from floorwatch.ingest import LoadedExport, LoadError, load_export_bytes
from floorwatch.ingest.candidates import drop_candidate_entries
from floorwatch.ingest.complete import STILL_WRITING_SECONDS, looks_complete
from floorwatch.ingest.file_bytes import stat_and_bytes
from floorwatch.ingest.load import content_hash as content_hash_of
from floorwatch.service.request import future_error, future_limit
from floorwatch.settings import Config
from floorwatch.store import (
    HistoryStore,
    StoredExport,
)


@dataclass
class DropScanner:
    """Reads the drop folder, skipping files whose bytes it has already seen.

    Keep one per app to make refreshes cheap: an unchanged file (same size and mtime)
    is not read again, and a known content hash is not parsed again.
    """

    #: path -> (size, mtime_ns, content hash) of the files read (paths as strings).
    _seen: dict[str, tuple[int, int, str]] = field(default_factory=dict)
    _loaded: dict[tuple[str, str, int], LoadedExport | LoadError] = field(default_factory=dict)
    #: What the store remembers of earlier processes' scans (read on the first scan).
    _remembered: dict[str, tuple[int, int, str]] | None = None
    #: The files of the last scan that were read fine: (file name, the export it holds).
    read_fine: list[tuple[str, LoadedExport | StoredExport]] = field(default_factory=list)

    def scan(
        self,
        folder: Path | None,
        config: Config,
        store: HistoryStore,
        now: datetime | None = None,
    ) -> tuple[list[LoadedExport], list[StoredExport], list[LoadError]]:
        """(exports not in the store, stored exports found in the folder, errors).

        `now` (default: the wall clock) is what an export time may not pass by more
        than `FUTURE_SLACK` under `clock = "wall"` (exports.md, v2).
        """
        fresh: dict[tuple[str, datetime], LoadedExport] = {}
        stored: list[StoredExport] = []
        errors: list[LoadError] = []
        self.read_fine = []
        if folder is None:
            return [], stored, errors
        if not folder.is_dir():
            errors.append(LoadError(str(folder), "the drop folder does not exist"))
            return [], stored, errors
        candidates = drop_candidate_entries(folder)
        if self._remembered is None:
            self._remembered = store.drop_files()
        latest = future_limit(config, now)
        for name, path in candidates:
            outcome = self._load(path, name, config, store)
            if isinstance(outcome, LoadError):
                # The same bytes under two names are two files, each reported by name.
                same = outcome.file == name
                errors.append(outcome if same else replace(outcome, file=name))
                continue
            if latest is not None and outcome.export_time > latest:
                errors.append(future_error(name, outcome.export_time))
                continue
            if isinstance(outcome, LoadedExport) and outcome.rows == 0 and outcome.row_errors:
                # Nothing of it can be used, yet its export time would count: a dashboard
                # whose every row is refused would move the as-of while the statuses
                # stayed those of an older snapshot. Refused whole, never stored.
                errors.extend(replace(e, file=name) for e in outcome.row_errors)
                errors.append(LoadError(name, "every row is refused: the file is not used"))
                continue
            self.read_fine.append((name, outcome))
            if isinstance(outcome, StoredExport):
                stored.append(outcome)
                errors.extend(outcome.row_errors())
            elif (outcome.content_hash, outcome.export_time) not in fresh:
                # Identical bytes under many names are one export, read and kept once.
                fresh[outcome.content_hash, outcome.export_time] = outcome
                errors.extend(outcome.row_errors)
        # Remember only what is in the folder now: a long-running app must not keep every
        # export it ever parsed (the history store has them). A set: 100,000 files.
        present = {path for _, path in candidates}
        self._seen = {p: v for p, v in self._seen.items() if p in present}
        current = {v[2] for v in self._seen.values()}
        self._loaded = {k: v for k, v in self._loaded.items() if k[0] in current}
        return list(fresh.values()), stored, errors

    def remember(self, store: HistoryStore) -> None:
        """Keep the files read in the store, for the next process, if they changed."""
        files = dict(self._seen)
        if files != self._remembered:
            store.save_drop_files(files)
            self._remembered = files

    def _load(
        self, path: str, name: str, config: Config, store: HistoryStore
    ) -> LoadedExport | StoredExport | LoadError:
        try:
            known = self._seen.get(path) or (self._remembered or {}).get(path)
            # An unknown file is opened once for its stat and bytes (100,000 files).
            stat, data = (os.stat(path), None) if known else stat_and_bytes(path)
            if known and known[:2] == (stat.st_size, stat.st_mtime_ns):
                content_hash = known[2]
                self._seen[path] = known
            else:
                if data is None:
                    stat, data = stat_and_bytes(path)
                changed_ago = time.time() - stat.st_mtime
                if changed_ago < STILL_WRITING_SECONDS and not looks_complete(
                    name, data, config.columns
                ):
                    # Being written right now: read it next time rather than half of it
                    # (a check the watcher did not start, e.g. a daily slot, may land here).
                    return LoadError(
                        name,
                        f"looks half-written (changed {changed_ago:.0f} s ago); not read this time",
                    )
                content_hash = content_hash_of(data)
                self._seen[path] = (stat.st_size, stat.st_mtime_ns, content_hash)
        except OSError as exc:
            return LoadError(name, f"cannot be read: {exc.strerror or exc}")
        mtime = datetime.fromtimestamp(stat.st_mtime)
        hit = store.find(content_hash, name, mtime)
        if hit is not None:
            return hit
        # The same bytes under another name or time may be another export (exports.md v2).
        loaded_key = (content_hash, name, stat.st_mtime_ns)
        if loaded_key not in self._loaded:
            if data is None:
                _, data = stat_and_bytes(path)
            self._loaded[loaded_key] = load_export_bytes(
                name, data, config.columns, mtime, config.settings.date_order, content_hash
            )
        return self._loaded[loaded_key]
