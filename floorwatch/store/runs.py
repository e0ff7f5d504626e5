"""Recorded check runs: one atomic Parquet file per run, holding the run's flags.

`runs/period=<period>/day=<as-of day>/<as-of stamp>_<run id>.parquet`; the file's
metadata keeps the as-of, the period, who ran it and why. `HistoryStore.record_run`,
`run_files` and `runs` call these, so the store keeps one door.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING

import polars as pl

from floorwatch.schema import RUN_FLAG_SCHEMA
from floorwatch.store.errors import write_failed
from floorwatch.store.files import write_atomic
from floorwatch.store.layout import (
    RUNS,
    STAMP,
    day_dirs,
    parquet_files,
    partition,
    stamp_time,
    values,
)

if TYPE_CHECKING:
    from floorwatch.store.history import HistoryStore


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


def write_run(store: HistoryStore, run: RunRecord) -> None:
    """Store a run and its flags in one atomic file."""
    day = run.as_of.date().isoformat()
    name = f"{run.as_of.strftime(STAMP)}_{run.run_id}.parquet"
    path = partition(store.folder, RUNS, run.period_kind, day) / name
    metadata = {
        "as_of": run.as_of.isoformat(),
        "period_kind": run.period_kind,
        "recorded_at": run.recorded_at.isoformat(),
        "by": run.by,
        "trigger": run.trigger,
    }
    flags = run.flags.select(list(RUN_FLAG_SCHEMA)).cast(RUN_FLAG_SCHEMA)
    try:
        with store.lock():
            write_atomic(path, lambda temp: flags.write_parquet(temp, metadata=metadata))
    except (OSError, pl.exceptions.PolarsError) as exc:
        raise write_failed(path, exc) from None


def list_run_files(
    store: HistoryStore,
    period_kind: str,
    *,
    since: date | None = None,
    until: datetime | None = None,
) -> list[tuple[datetime, Path]]:
    """(as-of, file) of recorded runs of one period kind, oldest first."""
    found = {}
    for day, day_dir in day_dirs(store.folder, RUNS, period_kind):
        if since is not None and day < since.isoformat():
            continue
        if until is not None and day > until.date().isoformat():
            continue
        for path in parquet_files(day_dir):
            as_of = stamp_time(path.name.split("_", 1)[0])
            if path in store.set_aside or as_of is None:
                continue
            if until is None or as_of <= until:
                found.setdefault(path.name, (as_of, path))
    return sorted(found.values())


def read_runs(
    store: HistoryStore, day: date | None = None, period_kind: str | None = None
) -> list[RunRecord]:
    """Recorded runs (of one as-of day and/or period kind), oldest first."""
    kinds = [period_kind] if period_kind else values(store.folder, RUNS)
    records = []
    for kind in kinds:
        for as_of, path in list_run_files(store, kind, since=day):
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
