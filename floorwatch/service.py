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
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import TypeVar

import polars as pl

from floorwatch.engine import CheckResult, FloorData, RunHistory, evaluate, period_of, row_schema
from floorwatch.engine.compact import COMPACTED_KINDS, compact_rows
from floorwatch.engine.floor import CONTACT_KINDS, with_row_schema
from floorwatch.engine.result import PeriodKind, Unused
from floorwatch.engine.summary import ActionSummary, summarise, summary_fingerprint
from floorwatch.ingest import LoadedExport, LoadError, drop_candidates, load_export_bytes
from floorwatch.ingest.complete import STILL_WRITING_SECONDS, looks_complete
from floorwatch.ingest.file_bytes import stat_and_bytes
from floorwatch.ingest.load import content_hash as content_hash_of
from floorwatch.logs import log_check, log_refused
from floorwatch.settings import Config
from floorwatch.store import (
    HistoryStore,
    RunRecord,
    StoredExport,
    StoreError,
    dated_by,
    export_days,
    export_key,
)
from floorwatch.store.history import RUN_FLAG_SCHEMA, file_columns
from floorwatch.trend_days import run_history

#: A day's exports of a kind are compacted once this many are not compacted yet.
COMPACT_AFTER = 6
#: How many times a check sets unreadable history files aside and starts again.
QUARANTINE_ROUNDS = 3
T = TypeVar("T")
#: How far past the wall clock an export time may be before it is "from the future"
#: (exports.md, v2): clocks on a network drift by minutes, never by hours.
FUTURE_SLACK = timedelta(minutes=10)
#: The kinds whose newest export sets the default as-of (kpis.md, v2).
AS_OF_KINDS = ("dashboard", "actions", "paused")


def future_limit(config: Config, now: datetime | None = None) -> datetime | None:
    """The latest export time to accept; None under `clock = "exports"` (no future)."""
    if config.settings.clock != "wall":
        return None
    return (now or datetime.now()) + FUTURE_SLACK


def future_error(name: str, moment: datetime) -> LoadError:
    """The refusal of an export from the future: it is never stored, never the as-of."""
    when = moment.isoformat(sep=" ", timespec="seconds")
    return LoadError(name, f"export time {when} is in the future; not used, not stored")


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
    #: The wall clock the live snapshot's age is measured to when there is no `at`
    #: (default: now, or the newest export time with the `clock = "exports"` setting).
    now: datetime | None = None
    #: Judge the trend window's past days without a recorded run by a check as of their
    #: newest export (spec v2). False only where nobody reads the run's trends (the demo
    #: recording its earlier days in a hurry): those days then count as not raised.
    backfill_trends: bool = True


@dataclass
class DropScanner:
    """Reads the drop folder, skipping files whose bytes it has already seen.

    Keep one per app to make refreshes cheap: an unchanged file (same size and mtime)
    is not read again, and a known content hash is not parsed again.
    """

    _seen: dict[Path, tuple[int, int, str]] = field(default_factory=dict)
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
        candidates = drop_candidates(folder)
        if self._remembered is None:
            self._remembered = store.drop_files()
        latest = future_limit(config, now)
        for path in candidates:
            outcome = self._load(path, config, store)
            if isinstance(outcome, LoadError):
                # The same bytes under two names are two files, each reported by name.
                same = outcome.file == path.name
                errors.append(outcome if same else replace(outcome, file=path.name))
                continue
            if latest is not None and outcome.export_time > latest:
                errors.append(future_error(path.name, outcome.export_time))
                continue
            if isinstance(outcome, LoadedExport) and outcome.rows == 0 and outcome.row_errors:
                # Nothing of it can be used, yet its export time would count: a dashboard
                # whose every row is refused would move the as-of while the statuses
                # stayed those of an older snapshot. Refused whole, never stored.
                errors.extend(replace(e, file=path.name) for e in outcome.row_errors)
                errors.append(LoadError(path.name, "every row is refused: the file is not used"))
                continue
            self.read_fine.append((path.name, outcome))
            if isinstance(outcome, StoredExport):
                stored.append(outcome)
                errors.extend(outcome.row_errors())
            elif (outcome.content_hash, outcome.export_time) not in fresh:
                # Identical bytes under many names are one export, read and kept once.
                fresh[outcome.content_hash, outcome.export_time] = outcome
                errors.extend(outcome.row_errors)
        # Remember only what is in the folder now: a long-running app must not keep every
        # export it ever parsed (the history store has them). A set: 100,000 files.
        present = set(candidates)
        self._seen = {p: v for p, v in self._seen.items() if p in present}
        current = {v[2] for v in self._seen.values()}
        self._loaded = {k: v for k, v in self._loaded.items() if k[0] in current}
        return list(fresh.values()), stored, errors

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
            known = self._seen.get(path) or (self._remembered or {}).get(str(path))
            # An unknown file is opened once for its stat and bytes (100,000 files).
            stat, data = (path.stat(), None) if known else stat_and_bytes(path)
            if known and known[:2] == (stat.st_size, stat.st_mtime_ns):
                content_hash = known[2]
                self._seen[path] = known
            else:
                if data is None:
                    stat, data = stat_and_bytes(path)
                changed_ago = time.time() - stat.st_mtime
                if changed_ago < STILL_WRITING_SECONDS and not looks_complete(
                    path.name, data, config.columns
                ):
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
        mtime = datetime.fromtimestamp(stat.st_mtime)
        hit = store.find(content_hash, path.name, mtime)
        if hit is not None:
            return hit
        # The same bytes under another name or time may be another export (exports.md v2).
        loaded_key = (content_hash, path.name, stat.st_mtime_ns)
        if loaded_key not in self._loaded:
            if data is None:
                data = path.read_bytes()
            self._loaded[loaded_key] = load_export_bytes(
                path.name, data, config.columns, mtime, config.settings.date_order
            )
        return self._loaded[loaded_key]


def run_check(request: CheckRequest, scanner: DropScanner | None = None) -> CheckResult:
    """Ingest the drop folder, keep what is new, evaluate, and record the run if asked.

    A history file that cannot be read is set aside (moved to `quarantine/` by a run
    that writes, skipped by one that does not), named in the result's `errors`, and the
    check starts again without it — reading the drop folder's copy where there is one.

    Raises NoDataError when there is nothing to check, StoreError when the history
    cannot be used.
    """
    started = time.perf_counter()
    store = HistoryStore(request.data_dir)
    set_aside: list[LoadError] = []
    writes = request.store_exports or request.record_run
    try:
        result = reading_history(
            store, lambda: _check_once(request, scanner, store), set_aside, move=writes
        )
    except NoDataError as exc:
        raise NoDataError(str(exc), (*exc.errors, *set_aside)) from None
    if set_aside:
        result = replace(result, errors=(*result.errors, *set_aside))
    log_refused((e.file, e.line, e.error) for e in result.errors)
    log_check(request.period, result.as_of, len(result.sources), time.perf_counter() - started)
    return result


def reading_history(
    store: HistoryStore, compute: Callable[[], T], set_aside: list[LoadError], *, move: bool
) -> T:
    """`compute()`, which reads the history; when a read fails, the stored files that
    cannot be read are set aside (`HistoryStore.quarantine`: moved with `move`, else
    skipped by `store`'s listings), each named in `set_aside`, and it runs again.

    Raises what `compute` raised when every stored file reads (the failure was not the
    history's), StoreError when files keep failing.
    """
    for _ in range(QUARANTINE_ROUNDS):
        try:
            return compute()
        except (OSError, ValueError, pl.exceptions.PolarsError):
            # Which file failed is not in polars' message: read each stored file whole.
            bad = store.unreadable()
            if not bad:
                raise
            set_aside.extend(store.quarantine(path, why, move=move) for path, why in bad)
    raise StoreError(f"{store.folder}: history files keep failing to read; see {set_aside[-1]}")


def _check_once(
    request: CheckRequest, scanner: DropScanner | None, store: HistoryStore
) -> CheckResult:
    """`run_check` on a history whose files can all be read."""
    if request.store_exports or request.record_run:
        store.open_for_writing()
    else:
        store.check_readable()
    scanner = scanner or DropScanner()
    fresh, _, errors = scanner.scan(request.drop_dir, request.config, store)
    if request.store_exports:
        # Provisional (mtime-dated) exports first: the same bytes with a real time then
        # re-date them, whatever the order of the files in the folder.
        fresh.sort(key=lambda e: dated_by(e) != "mtime")
        added = [export for export in fresh if store.add_export(export)]
        scanner.remember(store)
        compact_days(store, {(e.kind, e.export_time.date()) for e in added})
        fresh = []  # now in the store: read back with everything else
    # Listed once: on a long live day the store holds thousands of files. An export from
    # the future that an older version stored must not move the as-of either.
    latest = future_limit(request.config)
    known: list[StoredExport | LoadedExport] = without_redated(
        [e for e in (*store.exports(), *fresh) if latest is None or e.export_time <= latest]
    )
    as_of = request.at or _default_as_of(known)
    if as_of is None:
        where = f" in {request.drop_dir}" if request.drop_dir else ""
        raise NoDataError(f"no usable export{where} and nothing in the history", tuple(errors))
    usable = [e for e in known if e.export_time <= as_of]
    if not usable:
        when = as_of.isoformat(sep=" ", timespec="minutes")
        raise NoDataError(f"no export at or before {when}", tuple(errors))
    keep = request.keep_summaries and (store.folder / "store.json").is_file()
    # Roster and leave problems are reported with every run; the floor keeps running.
    errors = [*request.config.roster_errors, *errors]
    # First: a trend day that cannot be judged adds to the run's errors.
    history = _trend_history(store, known, request, as_of, errors, keep=keep)
    floor = _floor_data(store, usable, errors, as_of, request.period, keep_summaries=keep)
    result = evaluate(
        floor,
        request.config.settings,
        request.config.roster,
        as_of=as_of,
        period_kind=request.period,
        history=history,
        leave=request.config.leave,
        now=None if request.at is not None else _now(request, known),
    )
    result = replace(result, unused=unused_files(scanner.read_fine, result))
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
    return result


def without_redated(
    known: list[StoredExport | LoadedExport],
) -> list[StoredExport | LoadedExport]:
    """Leave out provisional (mtime-dated) copies of bytes that a drop-folder export not
    stored by this run carries with a real time: storing it would re-date them."""
    firm = {e.content_hash for e in known if isinstance(e, LoadedExport) and dated_by(e) != "mtime"}
    if not firm:
        return known
    return [
        e
        for e in known
        if e.content_hash not in firm
        or (dated_by(e) if isinstance(e, LoadedExport) else e.dated_by) != "mtime"
    ]


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


def _now(request: CheckRequest, known: list[StoredExport | LoadedExport]) -> datetime:
    """The wall clock a run without `--at` measures the snapshot's age to: the `clock`
    setting's (`exports`: the newest export time seen, for simulated and replayed floors)."""
    if request.config.settings.clock == "exports":
        return max(e.export_time for e in known)
    return request.now or datetime.now()


def _default_as_of(known: list[StoredExport | LoadedExport]) -> datetime | None:
    """The newest export time among the dashboard, actions and paused exports (v2: an
    actions export stamped after the dashboard is not left out), else the newest export
    of any kind, else None."""
    main = [e.export_time for e in known if e.kind in AS_OF_KINDS]
    every = main or [e.export_time for e in known]
    return max(every) if every else None


def unused_files(
    read_fine: Sequence[tuple[str, LoadedExport | StoredExport]], result: CheckResult
) -> tuple[Unused, ...]:
    """The drop files read fine that gave the run no row, each with why (kpis.md, v2).

    With `sources` and `errors`, every candidate file of the drop folder is accounted for.
    A file counts as used when a source of its kind and export time carries its name (or
    the name its bytes were first stored under).
    """
    used = {(s.kind, s.export_time, s.file) for s in result.sources}
    used_times = {(s.kind, s.export_time) for s in result.sources}
    out = []
    for name, export in read_fine:
        key = (export.kind, export.export_time)
        if (*key, name) in used:
            continue
        if key in used_times and isinstance(export, StoredExport):
            continue  # the same bytes, stored under the name they first came with
        out.append(Unused(name, export.kind, export.export_time, _why_unused(export, result)))
    return tuple(sorted(out, key=lambda u: (u.export_time, u.file)))


def _why_unused(export: LoadedExport | StoredExport, result: CheckResult) -> str:
    """Why a file read fine gave no row: after the as-of, before the period, or
    superseded by a newer export of its kind."""
    kind = export.kind
    if export.export_time > result.as_of:
        return "its export time is after the as-of"
    if export.export_time.date() < result.period.start:
        return "its export time is outside the period"
    newer = any(s.kind == kind and s.export_time > export.export_time for s in result.sources)
    if kind == "actions":
        if isinstance(export, LoadedExport) and export.frame.height:
            last = export.frame["start"].max()
            if isinstance(last, datetime) and last.date() < result.period.start:
                return "every transaction in it started before the period"
        return "every transaction in it is in a newer actions export, or outside the period"
    if kind == "dashboard" and newer:
        return "every caseworker in it is in a newer dashboard snapshot of the day"
    if newer:
        return f"a newer {kind} export is used"
    if kind not in AS_OF_KINDS and export.export_time.date() != result.as_of.date():
        return f"a {kind} export counts only on its own day"
    return "none of its rows was used"


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
    dashboard (status now), the newest paused list and the period's contact-centre
    exports, from the store and the drop; finished days' actions as
    summaries where the store has them (made and kept first with `keep_summaries`)."""
    since = period_of(period_kind, as_of).start
    newest = {
        kind: max((e.export_time for e in usable if e.kind == kind), default=None)
        for kind in ("dashboard", "paused")
    }
    wanted: list[StoredExport | LoadedExport] = [
        e
        for e in usable
        if (e.kind in ("dashboard", "actions") and e.export_time.date() >= since)
        or (e.kind in ("dashboard", "paused") and e.export_time == newest[e.kind])
        # Contact-centre rows belong to their Interval Start's day, never after the
        # export: the period's exports hold every row of its days.
        or (e.kind in CONTACT_KINDS and e.export_time.date() >= since)
    ]
    summaries, rest = action_summaries(store, wanted, as_of, keep=keep_summaries, since=since)
    chosen: dict[str, list[pl.LazyFrame]] = {}
    for e in rest:
        if isinstance(e, LoadedExport):
            chosen.setdefault(e.kind, []).append(_drop_rows(e))
    stored = [e for e in rest if isinstance(e, StoredExport)]
    for kind, scan in stored_rows(store, stored).items():
        chosen.setdefault(kind, []).append(scan)
    return FloorData.from_frames(outside_summaries(chosen, summaries), tuple(errors), summaries)


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
    since: date | None = None,
) -> tuple[tuple[ActionSummary, ...], list[StoredExport | LoadedExport]]:
    """Summaries of the finished transaction days (Start before the as-of's day, from
    `since`) of the Caseworker Actions among `exports`, and the exports left to read as
    rows — read them through `outside_summaries`, which leaves out the summarised days.

    A transaction day is counted from every export holding rows of that day (the days of
    an export's rows are in its stored name), so a weekly or monthly pull benefits as
    much as daily ones. Days with the same exports are summarised together. A summary
    wholly from the store is read, or made and kept with `keep` (a summary is a cache:
    when it cannot be written it is still used for the run). One with exports only in the
    drop folder (a check that stores nothing) is made in memory, which still spares the
    engine de-duplicating and holding every row of the period.
    """
    actions = [e for e in exports if e.kind == "actions"]
    holders: dict[date, list[StoredExport | LoadedExport]] = {}
    for e in actions:
        span = export_days(e)
        if span is None:
            continue
        first = max(span[0], since) if since else span[0]
        last = min(span[1], as_of.date() - timedelta(days=1))
        for offset in range((last - first).days + 1):
            holders.setdefault(first + timedelta(days=offset), []).append(e)
    groups: dict[tuple[str, ...], list[date]] = {}
    for day, day_exports in sorted(holders.items()):
        groups.setdefault(tuple(sorted(export_key(e) for e in day_exports)), []).append(day)
    by_key = {export_key(e): e for e in actions}
    found: list[tuple[ActionSummary, tuple[str, ...]]] = []
    to_make: list[
        tuple[tuple[str, ...], list[StoredExport | LoadedExport], list[date], str, pl.LazyFrame]
    ] = []
    for keys, days in groups.items():
        group = [by_key[k] for k in keys]
        rows = _rows_of_days(store, group, days)
        fingerprint = summary_fingerprint([*keys, *(d.isoformat() for d in days)])
        new = any(isinstance(e, LoadedExport) for e in group)
        hit = None if new else store.summary("actions", days[0], fingerprint)
        if hit is not None:
            path, metadata = hit
            try:
                stored = ActionSummary.from_stored(pl.scan_parquet(path), metadata, rows)
                found.append((stored, keys))
                continue
            except ValueError:
                pass  # not a summary this version reads: made again like a missing one
        if new or keep:
            to_make.append((keys, group, days, fingerprint, rows))
    made = summarise([rows for *_, rows in to_make]) if to_make else []
    for (keys, group, days, fingerprint, rows), (frame, metadata) in zip(
        to_make, made, strict=True
    ):
        # Kept when every export is stored; used from memory either way (a summary that
        # cannot be written is still right for this run).
        if not any(isinstance(e, LoadedExport) for e in group):
            with contextlib.suppress(StoreError):
                store.write_summary("actions", days[0], fingerprint, frame, metadata)
        found.append((ActionSummary.from_stored(frame.lazy(), metadata, rows), keys))
    found.sort(key=lambda f: min(f[0].start_days, default=date.min))
    summaries = tuple(s for s, _ in found)
    whole = {k for _, keys in found for k in keys}
    summarised_days = {d for s in summaries for d in s.start_days}
    rest = [e for e in exports if export_key(e) not in whole or _days_beyond(e, summarised_days)]
    return summaries, rest


def _days_beyond(export: StoredExport | LoadedExport, days: set[date]) -> bool:
    """Whether an export may hold rows of days other than `days`."""
    span = export_days(export)
    if span is None:
        return False
    return any(span[0] + timedelta(days=i) not in days for i in range((span[1] - span[0]).days + 1))


def _rows_of_days(
    store: HistoryStore, exports: list[StoredExport | LoadedExport], days: list[date]
) -> pl.LazyFrame:
    """The Caseworker Actions rows of these exports that start on `days`."""
    parts = [_drop_rows(e) for e in exports if isinstance(e, LoadedExport)]
    kept = [e for e in exports if isinstance(e, StoredExport)]
    by_day: dict[date, list[StoredExport]] = {}
    for e in kept:
        by_day.setdefault(e.export_time.date(), []).append(e)
    paths = [p for day, es in sorted(by_day.items()) for p in _day_files(store, "actions", day, es)]
    if paths:
        parts.append(scan_rows("actions", paths))
    rows = pl.concat([with_row_schema(part, "actions") for part in parts])
    return rows.filter(pl.col("start").dt.date().is_in(pl.Series(days, dtype=pl.Date).implode()))


def outside_summaries(
    frames: dict[str, list[pl.LazyFrame]], summaries: Sequence[ActionSummary]
) -> dict[str, list[pl.LazyFrame]]:
    """The rows to read beside summaries: Caseworker Actions rows of the summarised days
    left out (a summary counts them; an export may hold other days too)."""
    days = sorted({d for s in summaries for d in s.start_days})
    if not days or "actions" not in frames:
        return frames
    summarised = pl.Series(days, dtype=pl.Date).implode()
    return {
        **frames,
        "actions": [
            f.filter(pl.col("start").dt.date().is_in(summarised).not_()) for f in frames["actions"]
        ],
    }


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
    if compacted is None or not compacted.covers <= {e.key for e in exports}:
        return [e.path for e in exports]
    return [compacted.path, *(e.path for e in exports if e.key not in compacted.covers)]


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
        new = [e for e in store.exports(kind, since=day, until=day_end) if e.key not in covered]
        if len(new) < COMPACT_AFTER:
            continue
        paths = [*([compacted.path] if compacted else []), *(e.path for e in new)]
        rows = compact_rows(kind, scan_rows(kind, paths)).collect()
        until = max(e.export_time for e in new)
        if compacted is not None:
            until = max(until, compacted.until)
        store.write_compacted(kind, day, rows, {*covered, *(e.key for e in new)}, until)


def _trend_history(
    store: HistoryStore,
    known: list[StoredExport | LoadedExport],
    request: CheckRequest,
    as_of: datetime,
    errors: list[LoadError],
    *,
    keep: bool,
) -> RunHistory:
    """The trend window's days (days with data) and their flags: recorded runs, else a
    check of the same period kind as of the day's newest export (`trend_days`). A day
    whose check fails (a stored export broken on disk) counts as not raised, and says so
    in `errors`: the run itself goes on."""
    config = request.config

    def judge(moment: datetime) -> pl.DataFrame | None:
        usable = [e for e in known if e.export_time <= moment]
        try:
            floor = _floor_data(store, usable, [], moment, request.period, keep_summaries=keep)
            past = evaluate(
                floor,
                config.settings,
                config.roster,
                as_of=moment,
                period_kind=request.period,
                history=RunHistory(),  # a backfilled day computes no trends of its own
                leave=config.leave,
            )
        except (OSError, pl.exceptions.PolarsError) as exc:
            reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
            errors.append(
                LoadError(
                    f"trend day {moment:%Y-%m-%d}",
                    f"a {request.period} check as of {moment:%Y-%m-%d %H:%M} failed ({reason}): "
                    "the day counts as raising no flag in trends",
                )
            )
            return None
        return flag_rows(past)

    chosen = judge if request.backfill_trends else None
    return run_history(store, known, request.period, as_of, config, chosen, keep=keep)
