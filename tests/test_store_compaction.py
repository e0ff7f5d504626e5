"""Compacted days: a live day's refreshes are read as one file, and no number changes.

The reference is the same exports kept in a store that never compacts (added with
`HistoryStore.add_export` directly); every check is compared as its whole JSON.
"""

from __future__ import annotations

import shutil
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any

import polars as pl
import pytest

from floorwatch.ingest import load_export_bytes
from floorwatch.output.json_form import result_dict
from floorwatch.service import CheckRequest, DropScanner, run_check
from floorwatch.service.stored import COMPACT_AFTER
from floorwatch.settings import Config, load_config
from floorwatch.simulate import FloorSpec, write_config
from floorwatch.simulate.files import ACTIONS_FILE, day_exports
from floorwatch.store import HistoryStore

DAY = date(2026, 11, 23)
SPEC = FloorSpec(seed=11, teams=2, size=6)
REFRESHES = 2 * COMPACT_AFTER + 3
TIMES = [datetime.combine(DAY, time(9, 0)) + timedelta(minutes=7 * i) for i in range(REFRESHES)]


def _check(config: Config, data: Path, **request: Any) -> dict[str, Any]:
    result = run_check(
        CheckRequest(config, None, data, store_exports=False, record_run=False, **request)
    )
    return result_dict(result)


@pytest.fixture(scope="module")
def live_and_reference(tmp_path_factory: pytest.TempPathFactory) -> tuple[Config, Path, Path]:
    """A day refreshed REFRESHES times through `run_check` (compacting as it goes), and
    the same exports stored without compaction."""
    root = tmp_path_factory.mktemp("compaction")
    config = load_config(write_config(root, SPEC, today=DAY))
    drop, live, reference = root / "drop", root / "live", root / "reference"
    drop.mkdir()
    scanner = DropScanner()
    for moment in TIMES:
        exports = day_exports(SPEC, DAY, moment.time())
        for name, data in exports.items():
            (drop / name).write_bytes(data)
            loaded = load_export_bytes(name, data, config.columns, moment)
            assert not isinstance(loaded, Exception)
            HistoryStore(reference).add_export(loaded)
        run_check(CheckRequest(config, drop, live, at=moment, record_run=False), scanner)
    return config, live, reference


def test_a_live_day_is_compacted_once_enough_refreshes_are_stored(
    live_and_reference: tuple[Config, Path, Path],
) -> None:
    _, live, _ = live_and_reference
    store = HistoryStore(live)
    for kind in ("actions", "dashboard"):
        compacted = store.compacted(kind, DAY)
        assert compacted is not None
        stored = {e.key for e in store.exports(kind)}
        assert COMPACT_AFTER <= len(compacted.covers) < len(stored) + 1
        assert compacted.covers <= stored
        assert compacted.until <= TIMES[-1]
    # Paused lists are not compacted: only the newest is ever read.
    assert store.compacted("paused", DAY) is None
    # Every export is still kept: a check as of earlier in the day reads them.
    assert len(store.exports("actions")) == REFRESHES


def test_a_check_over_compacted_days_gives_the_numbers_of_every_export(
    live_and_reference: tuple[Config, Path, Path],
) -> None:
    config, live, reference = live_and_reference
    for period in ("day", "week"):
        compacted = _check(config, live, at=TIMES[-1], period=period)
        assert compacted == _check(config, reference, at=TIMES[-1], period=period)
        assert compacted["workers"] and compacted["sources"]


def test_a_check_as_of_before_the_compaction_reads_the_exports_themselves(
    live_and_reference: tuple[Config, Path, Path],
) -> None:
    config, live, reference = live_and_reference
    until = HistoryStore(live).compacted("actions", DAY).until
    for moment in (TIMES[1], until - timedelta(seconds=1), until, TIMES[-2]):
        assert _check(config, live, at=moment) == _check(config, reference, at=moment)


def test_sources_report_each_file_with_its_own_row_count(
    live_and_reference: tuple[Config, Path, Path],
) -> None:
    config, live, _ = live_and_reference
    sources = _check(config, live, at=TIMES[-1])["sources"]
    newest_actions = day_exports(SPEC, DAY, TIMES[-1].time())[ACTIONS_FILE]
    lines = newest_actions.decode().strip().count("\n")  # data lines below the header
    actions = [s for s in sources if s["kind"] == "actions"]
    assert actions[-1]["rows"] == lines


def test_a_file_whose_rows_later_pulls_partly_repeat_keeps_its_row_count(
    tmp_path: Path,
) -> None:
    """Rolling pulls: each holds its own transaction and the next pull's, so half of each
    file's rows survive de-duplication, and a source still counts all of its rows."""
    head = "Worker ID,Worker Name,Team,Task ID,Task Type,Queue,Start,End,Outcome,Source,Export Time"
    config = load_config(write_config(tmp_path, SPEC, today=DAY))
    drop, live, reference = tmp_path / "drop", tmp_path / "live", tmp_path / "reference"
    drop.mkdir()
    pulls = COMPACT_AFTER + 1
    for i in range(pulls):
        exported = datetime.combine(DAY, time(12, 0)) + timedelta(minutes=10 * i)
        rows = [
            f"W1,Ana Diaz,North,T{task},Renewal,,2026-11-23 09:{task:02d}:00,"
            f"2026-11-23 09:{task:02d}:30,Completed,Get Next,{exported:%Y-%m-%d %H:%M:%S}"
            for task in (i, i + 1)
        ]
        data = "\n".join([head, *rows, ""]).encode()
        (drop / "actions.csv").write_bytes(data)
        loaded = load_export_bytes("actions.csv", data, config.columns, exported)
        assert not isinstance(loaded, Exception)
        HistoryStore(reference).add_export(loaded)
        run_check(CheckRequest(config, drop, live, at=exported, record_run=False))
    assert HistoryStore(live).compacted("actions", DAY) is not None
    final = datetime.combine(DAY, time(12, 0)) + timedelta(minutes=10 * (pulls - 1))
    got = _check(config, live, at=final)
    assert [s["rows"] for s in got["sources"]] == [2] * pulls
    assert got == _check(config, reference, at=final)


def test_exports_stored_before_row_counts_were_kept_are_read_beside_newer_ones(
    live_and_reference: tuple[Config, Path, Path], tmp_path: Path
) -> None:
    """A store written by the previous floorwatch lacks `file_rows`: same numbers."""
    config, _, reference = live_and_reference
    older = tmp_path / "older"
    shutil.copytree(reference, older)
    for path in sorted((older / "exports").rglob("*.parquet"))[::2]:
        metadata = pl.read_parquet_metadata(path)
        pl.read_parquet(path).drop("file_rows").write_parquet(path, metadata=metadata)
    assert _check(config, older, at=TIMES[-1]) == _check(config, reference, at=TIMES[-1])
