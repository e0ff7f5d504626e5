"""run_check end to end on a simulated floor: what it records, and when it says it did."""

from __future__ import annotations

import os
from datetime import date, datetime, time
from pathlib import Path

from floorwatch.live import FloorSource
from floorwatch.output.json_form import result_dict
from floorwatch.service import CheckRequest, DropScanner, run_check
from floorwatch.settings import load_config
from floorwatch.simulate import FloorSpec, write_config, write_day
from floorwatch.store import HistoryStore

DAY = date(2026, 11, 23)
SPEC = FloorSpec(seed=5, teams=2, size=5)


def simulated(folder: Path):
    config = load_config(write_config(folder, SPEC, today=DAY))
    write_day(folder, SPEC, DAY, until=time(11, 0))
    return config


def test_a_run_is_recorded_at_the_moment_the_request_gives(workdir: Path) -> None:
    config = simulated(workdir)
    stamp = datetime(2026, 11, 23, 11, 2, 3)
    run_check(
        CheckRequest(config, workdir, workdir / "history", trigger="slot 11:00", recorded_at=stamp)
    )
    [run] = HistoryStore(workdir / "history").runs()
    assert (run.recorded_at, run.trigger, run.as_of) == (
        stamp,
        "slot 11:00",
        datetime(2026, 11, 23, 11, 0),
    )


def test_without_a_moment_a_run_is_recorded_at_the_wall_clock(workdir: Path) -> None:
    config = simulated(workdir)
    before = datetime.now()
    run_check(CheckRequest(config, workdir, workdir / "history"))
    [run] = HistoryStore(workdir / "history").runs()
    assert before <= run.recorded_at <= datetime.now()


def test_the_app_records_runs_by_its_own_clock(workdir: Path) -> None:
    """The demo's clock is simulated: its runs must not be stamped with the wall clock."""
    config = simulated(workdir)
    sim_now = datetime(2026, 11, 23, 11, 30)
    source = FloorSource(config, workdir, workdir / "history", by="demo", clock=lambda: sim_now)
    source.check(record=True, trigger="ad-hoc")
    [run] = source.runs_on(DAY)
    assert (run.recorded_at, run.by) == (sim_now, "demo")


def test_a_long_running_scanner_keeps_only_the_exports_now_in_the_folder(workdir: Path) -> None:
    """The app keeps one scanner all day; it must not hold every export it ever parsed."""
    config = simulated(workdir)
    scanner = DropScanner()
    request = CheckRequest(config, workdir, workdir / "history", record_run=False)
    for minute in range(0, 50, 5):  # ten refreshes rewrite the three exports
        write_day(workdir, SPEC, DAY, until=time(11, minute))
        run_check(request, scanner)
    files_now = len(list(workdir.glob("*.csv")))
    assert files_now == 3
    assert len(scanner._seen) == files_now
    assert len(scanner._loaded) <= files_now


def _rewrite_keeping_size_and_mtime(path: Path, text: str) -> None:
    stat = path.stat()
    assert len(text.encode()) == stat.st_size
    path.write_text(text)
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))


def test_a_new_process_does_not_read_again_a_drop_file_the_store_has_seen(
    workdir: Path,
) -> None:
    """Each `floorwatch check` is a new process: the store remembers each drop file's size,
    modification time and content hash, so an unchanged file is not read again. Proved by
    changing a file's bytes behind its back (same size and mtime): the change is unseen
    until the modification time moves, as with git."""
    config = simulated(workdir)
    request = CheckRequest(config, workdir, workdir / "history", record_run=False)

    def worker_ids() -> set[str]:
        return {w.worker_id for w in run_check(request).workers}

    before = worker_ids()
    dashboard = next(workdir.glob("dashboard*.csv"))
    text = dashboard.read_text()
    assert "W1001," in text and "W9001" not in text
    _rewrite_keeping_size_and_mtime(dashboard, text.replace("W1001,", "W9001,", 1))
    assert worker_ids() == before
    os.utime(dashboard)  # now it has changed as far as anyone can tell
    assert "W9001" in worker_ids()


def test_an_unreadable_list_of_drop_files_only_means_reading_them_again(workdir: Path) -> None:
    config = simulated(workdir)
    # One wall clock for both runs: the snapshot's age (v2) is measured to it.
    request = CheckRequest(
        config, workdir, workdir / "history", record_run=False, now=datetime.now()
    )
    first = result_dict(run_check(request))
    (workdir / "history" / "drop_files.json").write_text("{not json")
    assert result_dict(run_check(request)) == first
