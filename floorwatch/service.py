"""One check, end to end: drop folder -> ingest -> history store -> engine -> result.

`floorwatch check` and the TUI both call `run_check`, so a number never differs between
them. It blocks (file reading, parsing, polars): the TUI calls it from a thread worker.
"""

from __future__ import annotations

import contextlib
import getpass
import os
import time
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

import polars as pl

from floorwatch.engine import CheckResult, FloorData, RunHistory, evaluate, period_of, row_schema
from floorwatch.engine.compact import COMPACTED_KINDS, compact_rows
from floorwatch.engine.floor import CONTACT_KINDS, with_row_schema
from floorwatch.engine.result import PeriodKind
from floorwatch.engine.summary import ActionSummary, summarise, summary_fingerprint
from floorwatch.engine.trends import PAST_FLAG_SCHEMA, trend_window
from floorwatch.ingest import LoadedExport, LoadError, drop_candidates, load_export_bytes
from floorwatch.ingest.complete import STILL_WRITING_SECONDS, looks_complete
from floorwatch.ingest.load import content_hash as content_hash_of
from floorwatch.logs import log_check, log_refused
from floorwatch.settings import Config
from floorwatch.store import HistoryStore, RunRecord, StoredExport, StoreError
from floorwatch.store.history import RUN_FLAG_SCHEMA, file_columns

#: A day's exports of a kind are compacted once this many are not compacted yet.
COMPACT_AFTER = 6


class NoDataError(Exception):
    """Nothing to check: no export in the drop folder or the history."""

    def __init__(self, message: str, errors: tuple[LoadError, ...] = ()) -> None:
        super().__init__(message)
        #: Why the drop folder's files could not be used.
        self.errors = errors


@dataclass(frozen=True)
class CheckRequest:
    """What to check, where the data is, and what to keep of the run."""

    config: Config
    drop_dir: Path | None
    data_dir: Path
    at: datetime | None = None
    period: PeriodKind = "day"
    #: Keep newly seen exports in the history (so weeks and months outlive the drop folder).
    store_exports: bool = True
    #: Record the run's flags (trends, the checks screen). False for live refreshes.
    record_run: bool = True
    #: Why the run happened, recorded with it: "check", "slot 09:00", "ad-hoc".
    trigger: str = "check"
    #: Who ran it (default: the OS user).
    by: str | None = None
    #: When the run is recorded (default: now). The demo's simulated clock sets it.
    recorded_at: datetime | None = None
    #: Keep, in an existing history, the day summaries a week or month makes (derived
    #: data: the next week or month reads them instead of every row). False with
    #: `--no-record`, which leaves the history untouched.
    keep_summaries: bool = True


@dataclass
class DropScanner:
    """Reads the drop folder, skipping files whose bytes it has already seen.

    Keep one per app to make refreshes cheap: an unchanged file (same size and mtime)
    is not read again, and a known content hash is not parsed again.
    """

    _seen: dict[Path, tuple[int, int, str]] = field(default_factory=dict)
    _loaded: dict[str, LoadedExport | LoadError] = field(default_factory=dict)
    #: What the store remembers of earlier processes' scans (read on the first scan).
    _remembered: dict[str, tuple[int, int, str]] | None = None

    def scan(
        self, folder: Path | None, config: Config, store: HistoryStore
    ) -> tuple[list[LoadedExport], list[StoredExport], list[LoadError]]:
        """(exports not in the store, stored exports found in the folder, errors)."""
        fresh: list[LoadedExport] = []
        stored: list[StoredExport] = []
        errors: list[LoadError] = []
        if folder is None:
            return fresh, stored, errors
        if not folder.is_dir():
            errors.append(LoadError(str(folder), "the drop folder does not exist"))
            return fresh, stored, errors
        candidates = drop_candidates(folder)
        if self._remembered is None:
            self._remembered = store.drop_files()
        for path in candidates:
            outcome = self._load(path, config, store)
            if isinstance(outcome, LoadError):
                errors.append(outcome)
            elif isinstance(outcome, StoredExport):
                stored.append(outcome)
                errors.extend(outcome.row_errors())
            else:
                fresh.append(outcome)
                errors.extend(outcome.row_errors)
        # Remember only what is in the folder now: a long-running app must not keep every
        # export it ever parsed (the history store has them).
        self._seen = {p: v for p, v in self._seen.items() if p in candidates}
        current = {v[2] for v in self._seen.values()}
        self._loaded = {h: v for h, v in self._loaded.items() if h in current}
        return fresh, stored, errors

    def remember(self, store: HistoryStore) -> None:
        """Keep the files read in the store, for the next process, if they changed."""
        files = {str(path): seen for path, seen in self._seen.items()}
        if files != self._remembered:
            store.save_drop_files(files)
            self._remembered = files

    def _load(
        self, path: Path, config: Config, store: HistoryStore
    ) -> LoadedExport | StoredExport | LoadError:
        try:
            stat = path.stat()
            known = self._seen.get(path) or (self._remembered or {}).get(str(path))
            if known and known[:2] == (stat.st_size, stat.st_mtime_ns):
                content_hash = known[2]
                self._seen[path] = known
                data = None
            else:
                data = path.read_bytes()
                changed_ago = time.time() - stat.st_mtime
                if changed_ago < STILL_WRITING_SECONDS and not looks_complete(path.name, data):
                    # Being written right now: read it next time rather than half of it
                    # (a check the watcher did not start, e.g. a daily slot, may land here).
                    return LoadError(
                        path.name,
                        f"looks half-written (changed {changed_ago:.0f} s ago); not read this time",
                    )
                content_hash = content_hash_of(data)
                self._seen[path] = (stat.st_size, stat.st_mtime_ns, content_hash)
        except OSError as exc:
            return LoadError(path.name, f"cannot be read: {exc.strerror or exc}")
        hit = store.find(content_hash)
        if hit is not None:
            return hit
        if content_hash not in self._loaded:
            if data is None:
                data = path.read_bytes()
            mtime = datetime.fromtimestamp(stat.st_mtime)
            self._loaded[content_hash] = load_export_bytes(path.name, data, config.columns, mtime)
        return self._loaded[content_hash]


def run_check(request: CheckRequest, scanner: DropScanner | None = None) -> CheckResult:
    """Ingest the drop folder, keep what is new, evaluate, and record the run if asked.

    Raises NoDataError when there is nothing to check, StoreError when the history
    cannot be used.
    """
    started = time.perf_counter()
    store = HistoryStore(request.data_dir)
    if request.store_exports or request.record_run:
        store.open_for_writing()
    scanner = scanner or DropScanner()
    fresh, _, errors = scanner.scan(request.drop_dir, request.config, store)
    if request.store_exports:
        added = [export for export in fresh if store.add_export(export)]
        scanner.remember(store)
        compact_days(store, {(e.kind, e.export_time.date()) for e in added})
        fresh = []  # now in the store: read back with everything else
    # Listed once: on a long live day the store holds thousands of files.
    known: list[StoredExport | LoadedExport] = [*store.exports(), *fresh]
    as_of = request.at or _default_as_of(known)
    if as_of is None:
        where = f" in {request.drop_dir}" if request.drop_dir else ""
        raise NoDataError(f"no usable export{where} and nothing in the history", tuple(errors))
    usable = [e for e in known if e.export_time <= as_of]
    if not usable:
        when = as_of.isoformat(sep=" ", timespec="minutes")
        raise NoDataError(f"no export at or before {when}", tuple(errors))
    keep = request.keep_summaries and (store.folder / "store.json").is_file()
    floor = _floor_data(store, usable, errors, as_of, request.period, keep_summaries=keep)
    history = _run_history(store, request.period, as_of, request.config)
    result = evaluate(
        floor,
        request.config.settings,
        request.config.roster,
        as_of=as_of,
        period_kind=request.period,
        history=history,
    )
    if request.record_run:
        store.record_run(
            RunRecord(
                run_id=uuid.uuid4().hex[:12],
                as_of=as_of,
                period_kind=request.period,
                recorded_at=request.recorded_at or datetime.now(),
                by=request.by or os_user(),
                trigger=request.trigger,
                flags=flag_rows(result),
            )
        )
    log_refused((e.file, e.line, e.error) for e in errors)
    log_check(request.period, as_of, len(result.sources), time.perf_counter() - started)
    return result


def flag_rows(result: CheckResult) -> pl.DataFrame:
    """A result's flags as the store keeps them (subject "" where a flag has none)."""
    rows = [
        {
            "worker_id": w.worker_id,
            "check": f.check,
            "subject": f.subject or "",
            "value": f.value,
            "expected": f.expected,
            "pattern": f.pattern,
        }
        for w in result.workers
        for f in w.flags
    ]
    return pl.DataFrame(rows, schema=RUN_FLAG_SCHEMA, orient="row")


def os_user() -> str:
    """Who is running floorwatch, as runs and follow-ups record it."""
    try:
        return getpass.getuser()
    except (OSError, KeyError):
        return os.environ.get("USER", "unknown")


def _default_as_of(known: list[StoredExport | LoadedExport]) -> datetime | None:
    """The newest dashboard export's time, else the newest export of any kind."""
    times: dict[str, list[datetime]] = {}
    for e in known:
        times.setdefault(e.kind, []).append(e.export_time)
    if times.get("dashboard"):
        return max(times["dashboard"])
    every = [t for kind_times in times.values() for t in kind_times]
    return max(every) if every else None


def _floor_data(
    store: HistoryStore,
    usable: list[StoredExport | LoadedExport],
    errors: list[LoadError],
    as_of: datetime,
    period_kind: PeriodKind,
    *,
    keep_summaries: bool = False,
) -> FloorData:
    """The exports the period needs: its days' dashboards and actions, the newest
    dashboard (status now), the newest paused list and, for a day, the day's newest
    contact-centre exports, from the store and the drop; finished days' actions as
    summaries where the store has them (made and kept first with `keep_summaries`)."""
    since = period_of(period_kind, as_of).start
    newest = {
        kind: max((e.export_time for e in usable if e.kind == kind), default=None)
        for kind in ("dashboard", "paused", *CONTACT_KINDS)
    }
    wanted: list[StoredExport | LoadedExport] = [
        e
        for e in usable
        if (e.kind in ("dashboard", "actions") and e.export_time.date() >= since)
        or (e.kind in ("dashboard", "paused") and e.export_time == newest[e.kind])
        or (
            e.kind in CONTACT_KINDS
            and period_kind == "day"
            and e.export_time == newest[e.kind]
            and e.export_time.date() == as_of.date()
        )
    ]
    summaries, rest = action_summaries(store, wanted, as_of, keep=keep_summaries)
    chosen: dict[str, list[pl.LazyFrame]] = {}
    for e in rest:
        if isinstance(e, LoadedExport):
            chosen.setdefault(e.kind, []).append(_drop_rows(e))
    stored = [e for e in rest if isinstance(e, StoredExport)]
    for kind, scan in stored_rows(store, stored).items():
        chosen.setdefault(kind, []).append(scan)
    return FloorData.from_frames(chosen, tuple(errors), summaries)


def _drop_rows(export: LoadedExport) -> pl.LazyFrame:
    """An export read from the drop folder, not stored: its rows with its file's columns
    (lazy: the constant columns are not copied out for every row up front)."""
    return export.frame.lazy().with_columns(file_columns(export))


def action_summaries(
    store: HistoryStore,
    exports: Sequence[StoredExport | LoadedExport],
    as_of: datetime,
    *,
    keep: bool,
) -> tuple[tuple[ActionSummary, ...], list[StoredExport | LoadedExport]]:
    """Summaries of the finished export days' actions among `exports`, and the exports
    left to read as rows.

    A day wholly in the store has its summary read, or made and kept with `keep` (a
    summary is a cache: when it cannot be written, the day is read as rows). A day with
    exports only in the drop folder (a check that stores nothing) is summarised in memory,
    which still spares the engine de-duplicating and holding every row of the period.
    """
    by_day: dict[date, list[StoredExport | LoadedExport]] = {}
    for e in exports:
        if e.kind == "actions" and e.export_time.date() < as_of.date():
            by_day.setdefault(e.export_time.date(), []).append(e)
    found: dict[date, ActionSummary] = {}
    rows_of: dict[date, pl.LazyFrame] = {}
    to_make: list[tuple[date, str]] = []
    for day, day_exports in sorted(by_day.items()):
        kept = [e for e in day_exports if isinstance(e, StoredExport)]
        new = [e for e in day_exports if isinstance(e, LoadedExport)]
        parts = [_drop_rows(e) for e in new]
        if kept:
            parts.append(scan_rows("actions", _day_files(store, "actions", day, kept)))
        rows_of[day] = pl.concat([with_row_schema(part, "actions") for part in parts])
        fingerprint = summary_fingerprint(e.content_hash for e in day_exports)
        hit = None if new else store.summary("actions", day, fingerprint)
        if hit is not None:
            path, metadata = hit
            try:
                found[day] = ActionSummary.from_stored(
                    pl.scan_parquet(path), metadata, rows_of[day]
                )
                continue
            except ValueError:
                pass  # not a summary this version reads: made again like a missing one
        if new or keep:
            to_make.append((day, fingerprint))
    made = summarise([rows_of[day] for day, _ in to_make]) if to_make else []
    for (day, fingerprint), (frame, metadata) in zip(to_make, made, strict=True):
        # Kept when every export is stored; used from memory either way (a summary that
        # cannot be written is still right for this run).
        if not any(isinstance(e, LoadedExport) for e in by_day[day]):
            with contextlib.suppress(StoreError):
                store.write_summary("actions", day, fingerprint, frame, metadata)
        found[day] = ActionSummary.from_stored(frame.lazy(), metadata, rows_of[day])
    summaries = tuple(found[day] for day in sorted(found))
    summarised = {e.content_hash for day in found for e in by_day[day]}
    return summaries, [e for e in exports if e.content_hash not in summarised]


def stored_rows(store: HistoryStore, exports: list[StoredExport]) -> dict[str, pl.LazyFrame]:
    """The rows of stored exports, one scan per kind, each day's compaction read in place
    of the exports it covers when all of them are wanted."""
    by_day: dict[tuple[str, date], list[StoredExport]] = {}
    for e in exports:
        by_day.setdefault((e.kind, e.export_time.date()), []).append(e)
    paths: dict[str, list[Path]] = {}
    for (kind, day), day_exports in by_day.items():
        paths.setdefault(kind, []).extend(_day_files(store, kind, day, day_exports))
    return {kind: scan_rows(kind, kind_paths) for kind, kind_paths in paths.items()}


def scan_rows(kind: str, paths: list[Path]) -> pl.LazyFrame:
    """Stored rows of `kind` from these files, in one scan.

    One scan of many files: a plan of one concat branch per file grows with every refresh
    of the day and costs more to optimise than to read. The schema lets files stored
    before a column existed be read beside newer ones.
    """
    return pl.scan_parquet(paths, schema=row_schema(kind), missing_columns="insert")


def _day_files(
    store: HistoryStore, kind: str, day: date, exports: list[StoredExport]
) -> list[Path]:
    """The files to read for a day's wanted exports: its compaction in place of the
    exports it covers, when the run wants all of them (so none is after the as-of)."""
    compacted = store.compacted(kind, day) if kind in COMPACTED_KINDS else None
    if compacted is None or not compacted.covers <= {e.content_hash for e in exports}:
        return [e.path for e in exports]
    return [compacted.path, *(e.path for e in exports if e.content_hash not in compacted.covers)]


def compact_days(store: HistoryStore, days: set[tuple[str, date]]) -> None:
    """Compact each (kind, day) once `COMPACT_AFTER` of its exports are not yet compacted.

    Keeps a live day's checks from reading every refresh of the day again and again.
    """
    for kind, day in sorted(days):
        if kind not in COMPACTED_KINDS:
            continue
        compacted = store.compacted(kind, day)
        covered = compacted.covers if compacted else frozenset()
        day_end = datetime.combine(day, datetime.max.time())
        new = [
            e
            for e in store.exports(kind, since=day, until=day_end)
            if e.content_hash not in covered
        ]
        if len(new) < COMPACT_AFTER:
            continue
        paths = [*([compacted.path] if compacted else []), *(e.path for e in new)]
        rows = compact_rows(kind, scan_rows(kind, paths)).collect()
        until = max(e.export_time for e in new)
        if compacted is not None:
            until = max(until, compacted.until)
        store.write_compacted(kind, day, rows, {*covered, *(e.content_hash for e in new)}, until)


def _run_history(
    store: HistoryStore, period_kind: PeriodKind, as_of: datetime, config: Config
) -> RunHistory:
    """The recorded runs that can decide trends: those of the trend window's days."""
    files = store.run_files(period_kind, until=as_of)
    history = RunHistory(days=tuple(sorted({t.date() for t, _ in files})))
    window = set(trend_window(history, as_of.date(), config.settings))
    in_window = [path for t, path in files if t.date() in window]
    if not in_window:
        return history
    flags = pl.concat(
        [
            pl.scan_parquet(path).select(
                pl.lit(datetime.strptime(path.parent.name, "%Y-%m-%d").date()).alias("day"),
                "worker_id",
                "check",
                "subject",
            )
            for path in in_window
        ]
    ).collect()
    return RunHistory(history.days, flags.cast(PAST_FLAG_SCHEMA))
