"""The history store: exports and runs round-trip, schema version, temp files, permissions."""

from __future__ import annotations

import json
import os
import stat
from datetime import date, datetime
from pathlib import Path

import polars as pl
import pytest

from floorwatch.ingest.model import LoadedExport, LoadError
from floorwatch.schema import KIND_BY_NAME
from floorwatch.store import RUN_FLAG_SCHEMA, SCHEMA_VERSION, HistoryStore, RunRecord, StoreError


def loaded(
    kind: str, at: datetime, content_hash: str, rows: list[dict], file: str = "x.csv"
) -> LoadedExport:
    schema = {**KIND_BY_NAME[kind].polars_schema, "line": pl.Int64()}
    filled = [{**dict.fromkeys(schema), **r, "line": i + 2} for i, r in enumerate(rows)]
    frame = pl.DataFrame(filled, schema=schema, orient="row")
    errors = (LoadError(file, "Start: not a datetime 'soon'", 7),)
    return LoadedExport(file, kind, frame, at, content_hash, errors)


def dash_row(worker_id: str, logged_in: float) -> dict:
    return {
        "worker_id": worker_id,
        "status": "Active",
        "status_start": datetime(2026, 11, 25, 8),
        "logged_in": logged_in,
        "active": 1.0,
        "idle": 0.0,
    }


@pytest.fixture
def store(tmp_path: Path) -> HistoryStore:
    s = HistoryStore(tmp_path / "data")
    s.open_for_writing()
    return s


def test_export_round_trip(store: HistoryStore) -> None:
    at = datetime(2026, 11, 25, 10, 30, 15)
    export = loaded(
        "dashboard", at, "abc123", [dash_row("W1", 60.0), dash_row("W2", 90.5)], "d.csv"
    )
    assert store.add_export(export) is True
    (stored,) = HistoryStore(store.folder).exports()
    assert (stored.kind, stored.export_time, stored.content_hash) == ("dashboard", at, "abc123")
    assert stored.source_file() == "d.csv"
    assert stored.row_errors() == (LoadError("d.csv", "Start: not a datetime 'soon'", 7),)
    back = pl.read_parquet(stored.path)
    assert back["worker_id"].to_list() == ["W1", "W2"]
    assert back["logged_in"].to_list() == [60.0, 90.5]
    assert back["line"].to_list() == [2, 3]
    assert set(back["source_file"]) == {"d.csv"}
    assert set(back["file_export_time"]) == {at}
    assert set(back["content_hash"]) == {"abc123"}
    assert back.schema["status_start"] == pl.Datetime("us")


def test_same_content_at_the_same_time_adds_nothing(store: HistoryStore) -> None:
    at = datetime(2026, 11, 25, 10)
    assert store.add_export(loaded("dashboard", at, "h1", [dash_row("W1", 1.0)]))
    # Same bytes, same export time, another name: stored once, also for a new store object.
    again = loaded("dashboard", at, "h1", [dash_row("W1", 1.0)], "y.csv")
    assert store.add_export(again) is False
    fresh = HistoryStore(store.folder)
    assert fresh.add_export(again) is False
    assert len(fresh.exports()) == 1
    assert len(list((store.folder / "exports").rglob("*.parquet"))) == 1


def test_same_content_at_a_later_time_is_a_new_export(store: HistoryStore) -> None:
    """exports.md v2: kept per (content, export time) — a refresh that found nothing
    changed still decides the live state (an empty Paused report at 08:00 and 11:00)."""
    first = loaded("paused", datetime(2026, 11, 25, 8), "p0", [], "paused_2026-11-25_0800.csv")
    later = loaded("paused", datetime(2026, 11, 25, 11), "p0", [], "paused_2026-11-25_1100.csv")
    assert store.add_export(first) and store.add_export(later)
    stored = HistoryStore(store.folder).exports("paused")
    assert [(e.export_time.hour, e.content_hash) for e in stored] == [(8, "p0"), (11, "p0")]
    assert store.find("p0", "paused_2026-11-25_1100.csv") == stored[1]
    assert store.find("p0", "paused_2026-11-25_1200.csv") is None  # a new export


def test_a_provisional_time_is_re_dated_by_the_same_bytes_with_a_real_time(
    store: HistoryStore,
) -> None:
    """`RESC.csv` (no stamp: its mtime) then the same bytes stamped: the stored copy is
    moved to the stamped time, and RESC.csv still in the folder is known as that export."""
    mtime = datetime(2026, 11, 25, 13, 5, 7, 250)
    assert store.add_export(loaded("dashboard", mtime, "g1", [dash_row("W1", 1.0)], "RESC.csv"))
    (provisional,) = store.exports()
    assert provisional.dated_by == "mtime" and provisional.export_time == mtime.replace(
        microsecond=0
    )
    stamped = datetime(2026, 11, 25, 11)
    name = "Agent_Performance_2026-11-25_1100.csv"
    assert store.add_export(loaded("dashboard", stamped, "g1", [dash_row("W1", 1.0)], name))
    again = HistoryStore(store.folder)
    (redated,) = again.exports()
    assert (redated.export_time, redated.dated_by, redated.source_file()) == (stamped, "name", name)
    assert not provisional.path.exists()
    assert pl.read_parquet(redated.path)["file_export_time"].to_list() == [stamped]
    # The undated file, unchanged in the drop folder, is that export, not a new one.
    assert again.find("g1", "RESC.csv", mtime) == redated
    assert (
        again.add_export(loaded("dashboard", mtime, "g1", [dash_row("W1", 1.0)], "RESC.csv"))
        is False
    )
    # Touched again later, the same undated bytes are a newer export (a refresh).
    touched = datetime(2026, 11, 25, 15)
    assert again.find("g1", "RESC.csv", touched) is None
    assert again.add_export(loaded("dashboard", touched, "g1", [dash_row("W1", 1.0)], "RESC.csv"))
    assert [e.export_time for e in HistoryStore(store.folder).exports()] == [stamped, touched]


def test_exports_listed_by_kind_and_time(store: HistoryStore) -> None:
    times = {
        "d1": ("dashboard", datetime(2026, 11, 24, 16)),
        "d2": ("dashboard", datetime(2026, 11, 25, 9)),
        "d3": ("dashboard", datetime(2026, 11, 25, 11)),
        "p1": ("paused", datetime(2026, 11, 25, 10)),
    }
    for h, (kind, at) in times.items():
        row = dash_row("W1", 1.0) if kind == "dashboard" else {"task_id": "P", "worker_id": "W1"}
        store.add_export(loaded(kind, at, h, [row]))
    assert [e.content_hash for e in store.exports()] == ["d1", "d2", "p1", "d3"]
    assert [e.content_hash for e in store.exports("dashboard")] == ["d1", "d2", "d3"]
    assert [e.content_hash for e in store.exports("paused")] == ["p1"]
    until = datetime(2026, 11, 25, 10)
    assert [e.content_hash for e in store.exports(until=until)] == ["d1", "d2", "p1"]
    assert [e.content_hash for e in store.exports(since=date(2026, 11, 25))] == ["d2", "p1", "d3"]
    assert store.find("d2") is not None and store.find("nope") is None


def _flags(*rows: tuple[str, str, str]) -> pl.DataFrame:
    return pl.DataFrame(
        [
            {"worker_id": w, "check": c, "subject": s, "value": 12.5, "expected": 15.0}
            | {"pattern": "one-time"}
            for w, c, s in rows
        ],
        schema=RUN_FLAG_SCHEMA,
        orient="row",
    )


def test_runs_round_trip_with_metadata(store: HistoryStore) -> None:
    as_of = datetime(2026, 11, 25, 11, 0, 30)
    recorded = datetime(2026, 11, 25, 11, 2, 3)
    flags = _flags(("W1", "IDLE_NOW", ""), ("W2", "LONG_TXN", "Renewal"))
    store.record_run(RunRecord("run1", as_of, "day", recorded, "ana", "slot 11:00", flags))
    store.record_run(
        RunRecord("run2", datetime(2026, 11, 24, 9), "day", recorded, "bo", "check", _flags())
    )
    store.record_run(RunRecord("run3", as_of, "week", recorded, "bo", "check", _flags()))
    (run,) = HistoryStore(store.folder).runs(day=date(2026, 11, 25), period_kind="day")
    assert (run.run_id, run.as_of, run.period_kind) == ("run1", as_of, "day")
    assert (run.recorded_at, run.by, run.trigger) == (recorded, "ana", "slot 11:00")
    assert run.flags.equals(flags)
    assert [r.run_id for r in store.runs(period_kind="day")] == ["run2", "run1"]
    assert sorted(r.run_id for r in store.runs()) == ["run1", "run2", "run3"]
    files = store.run_files("day", until=datetime(2026, 11, 25, 11))
    assert [t for t, _ in files] == [datetime(2026, 11, 24, 9)]


def test_a_new_store_writes_its_schema_version(tmp_path: Path) -> None:
    folder = tmp_path / "new" / "data"
    HistoryStore(folder).open_for_writing()
    assert json.loads((folder / "store.json").read_text()) == {"schema_version": SCHEMA_VERSION}
    HistoryStore(folder).open_for_writing()  # reopening the same version is fine


@pytest.mark.parametrize(
    "marker",
    [
        json.dumps({"schema_version": SCHEMA_VERSION + 1}),
        "not json",
        "{}",
        json.dumps({"schema_version": str(SCHEMA_VERSION)}),
        json.dumps({"schema_version": 1.5}),
        json.dumps({"schema_version": None}),
        json.dumps({"schema_version": True}),
        json.dumps({"schema_version": 0}),
        json.dumps([1]),
    ],
)
def test_a_newer_or_broken_store_is_refused(tmp_path: Path, marker: str) -> None:
    folder = tmp_path / "data"
    folder.mkdir()
    (folder / "store.json").write_text(marker)
    for opening in (HistoryStore(folder).open_for_writing, HistoryStore(folder).check_readable):
        with pytest.raises(StoreError, match=r"store\.json"):
            opening()


def test_temp_files_are_ignored_and_swept(store: HistoryStore) -> None:
    at = datetime(2026, 11, 25, 10)
    store.add_export(loaded("dashboard", at, "h1", [dash_row("W1", 1.0)]))
    store.record_run(RunRecord("r1", at, "day", at, "a", "check", _flags()))
    day_dir = store.folder / "exports" / "kind=dashboard" / "day=2026-11-25"
    run_dir = store.folder / "runs" / "period=day" / "day=2026-11-25"
    leftovers = [
        day_dir / ".0123abcd.tmp",
        run_dir / ".4567ef.tmp",
        store.folder / ".89ab.tmp",
    ]
    for path in leftovers:
        path.write_bytes(b"half a parquet")
    # A hidden half-written file named like an export or run is never listed either.
    (day_dir / ".20261125T120000_h9.parquet").write_bytes(b"junk")
    (run_dir / ".20261125T120000_r9.parquet").write_bytes(b"junk")
    again = HistoryStore(store.folder)
    assert [e.content_hash for e in again.exports()] == ["h1"]
    assert [r.run_id for r in again.runs()] == ["r1"]
    again.open_for_writing()
    assert not any(p.exists() for p in leftovers)


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def _one_export_and_run(folder: Path) -> HistoryStore:
    """A store holding one export and one run, written under the common umask 022."""
    old = os.umask(0o022)
    try:
        store = HistoryStore(folder)
        store.open_for_writing()
        at = datetime(2026, 11, 25, 10)
        store.add_export(loaded("dashboard", at, "h1", [dash_row("W1", 1.0)]))
        store.record_run(RunRecord("r1", at, "day", at, "a", "check", _flags()))
    finally:
        os.umask(old)
    return store


def test_folders_are_0700_and_files_0600(tmp_path: Path) -> None:
    store = _one_export_and_run(tmp_path / "data")
    files = [p for p in store.folder.rglob("*") if p.is_file() and p.name != ".lock"]
    assert {p.name for p in files} >= {"store.json"}
    assert len(files) == 3
    assert {str(p.relative_to(store.folder)): _mode(p) for p in files} == {
        str(p.relative_to(store.folder)): 0o600 for p in files
    }
    assert _mode(store.folder) == 0o700


def test_every_store_folder_is_0700(tmp_path: Path) -> None:
    store = _one_export_and_run(tmp_path / "data")
    folders = [store.folder, *(p for p in store.folder.rglob("*") if p.is_dir())]
    assert {str(p): _mode(p) for p in folders} == {str(p): 0o700 for p in folders}
