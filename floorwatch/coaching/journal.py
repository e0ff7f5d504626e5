"""The coaching journal: every follow-up, sample, check, correction, escalation, and the
procedure's cancellations, drafts, feedback, development needs and PIPs.

Each entry is one JSON file written atomically (temp file, fsync, rename) under the
history store's writer lock, in the data folder's `coaching/` folder:

    coaching/<YYYYmmddTHHMMSSffffff>_<kind>_<id>.json

Entries are never edited: a change is a new entry naming the one it `supersedes`, so the
record keeps its history and a kill at any moment loses at most the entry being written.
Folders are 0700 and files 0600 like the rest of the history (names and performance).
"""

from __future__ import annotations

import json
import os
import time
import uuid
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any, Literal, get_args

from floorwatch.store import HistoryStore, StoreError
from floorwatch.store.files import is_temp_name, write_bytes_atomic

Kind = Literal[
    "followup",
    "sample",
    "assessment",
    "correction",
    "escalation",
    # Added with the procedure's steps (issue 18); a journal without them reads as before.
    "cancel",
    "draft",
    "feedback",
    "development",
    "pip",
]
KINDS: tuple[Kind, ...] = get_args(Kind)
_STAMP = "%Y%m%dT%H%M%S%f"


@dataclass(frozen=True)
class Entry:
    """One journal entry: what (kind, data), when (the app's clock), who, and what it replaces."""

    id: str
    kind: Kind
    at: datetime
    by: str
    data: dict[str, Any] = field(default_factory=dict)
    supersedes: str | None = None

    def as_json(self) -> bytes:
        return json.dumps(
            {
                "id": self.id,
                "kind": self.kind,
                "at": self.at.isoformat(),
                "by": self.by,
                "supersedes": self.supersedes,
                "data": self.data,
            },
            indent=1,
            sort_keys=True,
        ).encode()


def new_entry(
    kind: Kind, at: datetime, by: str, data: dict[str, Any], supersedes: str | None = None
) -> Entry:
    """A fresh entry with a unique id that sorts by time, then by order of writing.

    The app's clock may stand still (tests, the demo's simulated time), so the id also
    carries the wall clock in nanoseconds (16 hex digits: sorts as a number) and a random
    part against two writers in the same nanosecond.
    """
    written = f"{time.time_ns():016x}{uuid.uuid4().hex[:6]}"
    return Entry(f"{at.strftime(_STAMP)}_{written}", kind, at, by, data, supersedes)


class Journal:
    """The coaching entries of one data folder. Reads take no lock; writes take the store's."""

    def __init__(self, data_dir: Path) -> None:
        self.data_dir = data_dir
        self.folder = data_dir / "coaching"
        self._cache: tuple[tuple[int, int], list[Entry]] | None = None
        #: Entry files that could not be read, with why (skipped, never fatal: one bad
        #: file must not take the floor's screens down).
        self.errors: list[str] = []

    def add(self, entry: Entry) -> Entry:
        """Write one entry atomically; raises StoreError naming the file on failure."""
        path = self.folder / f"{entry.id.split('_')[0]}_{entry.kind}_{entry.id}.json"
        try:
            with HistoryStore(self.data_dir).lock():
                write_bytes_atomic(path, entry.as_json())
        except OSError as exc:
            raise StoreError(f"cannot write {path}: {exc.strerror or exc}") from None
        self._cache = None
        return entry

    def entries(self) -> list[Entry]:
        """Every readable entry, oldest first; re-read only when the folder changed.

        Unreadable files are skipped and listed in `errors`.
        """
        try:
            # The folder's mtime moves on each rename into it; the count guards against
            # two writes within the filesystem's timestamp granularity.
            stamp = (self.folder.stat().st_mtime_ns, len(os.listdir(self.folder)))
        except FileNotFoundError:
            return []
        if self._cache is not None and self._cache[0] == stamp:
            return self._cache[1]
        found = []
        errors = []
        for path in sorted(self.folder.glob("*.json")):
            if is_temp_name(path.name):
                continue
            try:
                entry = _read(path)
            except StoreError as exc:
                errors.append(str(exc))
                continue
            if entry is not None:
                found.append(entry)
        self.errors = errors
        found.sort(key=lambda e: (e.at, e.id))
        self._cache = (stamp, found)
        return found


def current(entries: list[Entry], kind: Kind | None = None) -> list[Entry]:
    """The entries no later entry supersedes (optionally of one kind), oldest first."""
    replaced = {e.supersedes for e in entries if e.supersedes}
    return [e for e in entries if e.id not in replaced and (kind is None or e.kind == kind)]


def _read(path: Path) -> Entry | None:
    try:
        raw = json.loads(path.read_bytes())
        if raw["kind"] not in KINDS:
            raise ValueError(f"unknown kind {raw['kind']!r}")
        return Entry(
            raw["id"],
            raw["kind"],
            datetime.fromisoformat(raw["at"]),
            raw["by"],
            raw["data"],
            raw.get("supersedes"),
        )
    except FileNotFoundError:
        return None  # removed since the listing
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise StoreError(f"{path}: not a coaching journal entry ({exc})") from None
