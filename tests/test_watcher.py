"""The drop watcher (real files, short settle times) and the daily-slot rules."""

from __future__ import annotations

import asyncio
from datetime import datetime, time
from pathlib import Path

import polars as pl

from floorwatch.store import RUN_FLAG_SCHEMA, RunRecord
from floorwatch.watcher import (
    DropWatcher,
    due_slot,
    flag_changes,
    is_late,
    late_slot,
    late_trigger,
    slot_states,
    slot_trigger,
)
from floorwatch.watcher import drop as drop_module

SETTLE = 0.2
SLOTS = (time(9, 0), time(11, 0), time(13, 30), time(15, 30))
DAY = datetime(2026, 11, 23)


class Collector:
    """Runs a watcher in the background and keeps what it yields, with when."""

    def __init__(self, watcher: DropWatcher) -> None:
        self.watcher = watcher
        self.stop = asyncio.Event()
        self.changes: list[tuple[float, frozenset[Path]]] = []
        self.task: asyncio.Task | None = None

    async def __aenter__(self) -> Collector:
        self.task = asyncio.create_task(self._run())
        await asyncio.sleep(0.2)  # let the watcher take its first look
        return self

    async def _run(self) -> None:
        loop = asyncio.get_running_loop()
        async for paths in self.watcher.changes(self.stop):
            self.changes.append((loop.time(), paths))

    async def __aexit__(self, *_exc) -> None:
        self.stop.set()
        assert self.task is not None
        await asyncio.wait_for(self.task, 2.0)

    def names(self) -> list[list[str]]:
        return [sorted(p.name for p in paths) for _, paths in self.changes]


async def test_a_new_export_is_reported_once_after_it_settles(tmp_path: Path) -> None:
    async with Collector(DropWatcher(tmp_path, settle_seconds=SETTLE)) as seen:
        (tmp_path / "dashboard.csv").write_text("a,b\n1,2\n")
        await asyncio.sleep(SETTLE * 6)
    assert seen.names() == [["dashboard.csv"]]


async def test_lock_temp_and_foreign_files_are_ignored(tmp_path: Path) -> None:
    async with Collector(DropWatcher(tmp_path, settle_seconds=SETTLE)) as seen:
        for name in ("~$book.xlsx", "dashboard.csv.123.tmp", "notes.docx", ".hidden.csv"):
            (tmp_path / name).write_text("x\n")
        await asyncio.sleep(SETTLE * 6)
    assert seen.names() == []


async def test_a_file_written_in_chunks_is_reported_after_its_last_chunk(tmp_path: Path) -> None:
    path = tmp_path / "caseworker_actions.csv"
    loop = asyncio.get_running_loop()
    async with Collector(DropWatcher(tmp_path, settle_seconds=SETTLE)) as seen:
        with path.open("w") as f:
            for i in range(5):  # pauses shorter than the settle time
                await asyncio.sleep(SETTLE / 4)
                f.write(f"row {i}\n")
                f.flush()
        finished = loop.time()
        await asyncio.sleep(SETTLE * 6)
    assert seen.names() == [["caseworker_actions.csv"]]
    assert seen.changes[0][0] >= finished + SETTLE * 0.9


async def test_the_rescan_catches_what_the_filesystem_watcher_missed(
    tmp_path: Path, monkeypatch
) -> None:
    async def deaf_awatch(*_args, stop_event, **_kwargs):
        await stop_event.wait()  # a share where inotify sees nothing
        return
        yield

    monkeypatch.setattr(drop_module, "awatch", deaf_awatch)
    watcher = DropWatcher(tmp_path, settle_seconds=SETTLE, rescan_seconds=0.3)
    async with Collector(watcher) as seen:
        (tmp_path / "paused_report.csv").write_text("x\n")
        await asyncio.sleep(1.5)
    assert seen.names() == [["paused_report.csv"]]


async def test_a_replaced_and_a_removed_file_are_both_changes(tmp_path: Path) -> None:
    old = tmp_path / "dashboard.csv"
    old.write_text("old\n")
    async with Collector(DropWatcher(tmp_path, settle_seconds=SETTLE)) as seen:
        temp = tmp_path / "dashboard.csv.9.tmp"
        temp.write_text("new and longer\n")
        temp.replace(old)
        await asyncio.sleep(SETTLE * 6)
        old.unlink()
        await asyncio.sleep(SETTLE * 6)
    assert seen.names() == [["dashboard.csv"], ["dashboard.csv"]]


async def test_a_missing_folder_is_waited_for(tmp_path: Path) -> None:
    folder = tmp_path / "share"
    watcher = DropWatcher(folder, settle_seconds=SETTLE, rescan_seconds=0.3)
    async with Collector(watcher) as seen:
        folder.mkdir()
        (folder / "dashboard.csv").write_text("x\n")
        await asyncio.sleep(1.5)
    assert seen.names() == [["dashboard.csv"]]


def run(trigger: str, hour: int, minute: int = 0, flags: list[dict] | None = None) -> RunRecord:
    at = DAY.replace(hour=hour, minute=minute)
    frame = pl.DataFrame(flags or [], schema=RUN_FLAG_SCHEMA, orient="row")
    return RunRecord(f"r{hour}{minute}", at, "day", at, "tester", trigger, frame)


def test_slots_before_opening_are_late_done_ones_done_and_the_rest_due() -> None:
    opened = DAY.replace(hour=10)
    runs = [run("slot 11:00", 11), run("ad-hoc", 12)]
    states = slot_states(SLOTS, runs, DAY.replace(hour=14), opened, attempted={time(13, 30)})
    # 09:00 passed before the app opened: to be run late; 13:30 was tried and not recorded.
    assert [s.state for s in states] == ["late", "done", "missed", "due"]
    assert states[1].run is runs[0]
    # Caught up: done, with the late run; one tried without a run stays missed.
    caught = [*runs, run(late_trigger(time(9, 0)), 14, 5)]
    states = slot_states(SLOTS, caught, DAY.replace(hour=14, minute=6), opened, {time(9, 0)})
    assert [s.state for s in states] == ["done", "done", "due", "due"]
    assert states[0].run is caught[-1] and is_late(caught[-1]) and not is_late(runs[0])
    assert slot_states(SLOTS, runs, DAY.replace(hour=14), opened, {time(9, 0)})[0].state == (
        "missed"
    )


def test_the_due_slot_is_the_latest_passed_one_not_yet_run() -> None:
    opened = DAY.replace(hour=8)
    assert due_slot(SLOTS, [], DAY.replace(hour=8, minute=59), opened) is None
    assert due_slot(SLOTS, [], DAY.replace(hour=9), opened) == time(9, 0)
    done = [run(slot_trigger(time(9, 0)), 9)]
    assert due_slot(SLOTS, done, DAY.replace(hour=10), opened) is None
    # The machine slept through 11:00 and 13:30: the latest one runs on time, 11:00 is
    # caught up late (as of 11:00), after it.
    assert due_slot(SLOTS, done, DAY.replace(hour=14), opened) == time(13, 30)
    assert due_slot(SLOTS, done, DAY.replace(hour=14), opened, {time(13, 30)}) is None
    states = slot_states(SLOTS, done, DAY.replace(hour=14), opened)
    assert [s.state for s in states] == ["done", "late", "due", "due"]
    assert late_slot(SLOTS, done, DAY.replace(hour=14), opened) == time(11, 0)
    # Opened at 19:39: every slot is late, caught up oldest first.
    evening = DAY.replace(hour=19, minute=39)
    assert late_slot(SLOTS, [], evening, evening) == time(9, 0)
    assert late_slot(SLOTS, [], evening, evening, {time(9, 0)}) == time(11, 0)


def test_flag_changes_are_new_and_cleared_by_worker_check_and_subject() -> None:
    a = {"worker_id": "W1", "check": "LONG_TXN", "subject": "Renewal", "value": 30.0}
    b = {"worker_id": "W2", "check": "IDLE_NOW", "subject": "", "value": 20.0}
    c = {"worker_id": "W1", "check": "LONG_TXN", "subject": "Change", "value": 30.0}
    before, after = run("slot 09:00", 9, flags=[a, b]), run("slot 11:00", 11, flags=[a, c])
    new, cleared = flag_changes(before.flags, after.flags)
    assert new["subject"].to_list() == ["Change"]
    assert cleared["worker_id"].to_list() == ["W2"]
    first_new, first_cleared = flag_changes(None, before.flags)
    assert first_new.height == 2 and first_cleared.height == 0
