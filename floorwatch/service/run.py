"""One check, end to end: drop folder -> ingest -> history store -> engine -> result.

`floorwatch check` and the TUI both call `run_check`, so a number never differs between
them. It blocks (file reading, parsing, polars): the TUI calls it from a thread worker.
"""

from __future__ import annotations

import time
import uuid
from dataclasses import replace
from datetime import datetime

from floorwatch.engine import CheckResult, evaluate
from floorwatch.ingest import LoadedExport, LoadError
from floorwatch.logs import log_check, log_refused
from floorwatch.paths import os_user
from floorwatch.service.drop_scan import DropScanner
from floorwatch.service.floor_data import floor_data
from floorwatch.service.records import trend_history
from floorwatch.service.request import AS_OF_KINDS, CheckRequest, NoDataError, future_limit
from floorwatch.service.stored import compact_days, reading_history
from floorwatch.service.summaries import MadeSummaries
from floorwatch.service.unused import unused_files, without_redated
from floorwatch.store import (
    HistoryStore,
    RunRecord,
    StoredExport,
    dated_by,
)


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


def _check_once(
    request: CheckRequest, scanner: DropScanner | None, store: HistoryStore
) -> CheckResult:
    """`run_check` on a history whose files can all be read."""
    if request.store_exports or request.record_run:
        store.open_for_writing()
    else:
        store.check_readable()
    scanner = scanner or DropScanner()
    known, errors = _known_exports(request, scanner, store)
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
    # Day summaries made in memory, shared by the trend days' checks and the run's own:
    # a first month check otherwise summarises each finished day once per window day.
    made: MadeSummaries = {}
    history = trend_history(store, known, request, as_of, errors, keep=keep, made=made)
    floor = floor_data(store, usable, errors, as_of, request.period, keep_summaries=keep, made=made)
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
        _record(store, request, result)
    return result


def _known_exports(
    request: CheckRequest, scanner: DropScanner, store: HistoryStore
) -> tuple[list[StoredExport | LoadedExport], list[LoadError]]:
    """Every export the run may use (the history's, and the drop folder's when nothing is
    stored), and the drop folder's refusals. New exports are stored first when asked."""
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
    known = without_redated(
        [e for e in (*store.exports(), *fresh) if latest is None or e.export_time <= latest]
    )
    return known, errors


def _record(store: HistoryStore, request: CheckRequest, result: CheckResult) -> None:
    """Keep the run in the history: who ran it, when, why, and its flags."""
    store.record_run(
        RunRecord(
            run_id=uuid.uuid4().hex[:12],
            as_of=result.as_of,
            period_kind=request.period,
            recorded_at=request.recorded_at or datetime.now(),
            by=request.by or os_user(),
            trigger=request.trigger,
            flags=result.flag_table,
        )
    )


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
