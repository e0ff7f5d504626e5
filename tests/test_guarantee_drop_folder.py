"""Guarantee: the drop folder never shows a half-written export, never reads a lock or temp
file, and survives going missing.

Each test injects the fault with real files and the real watcher (short settle times):
writers that pause mid-line for longer than the settle time, an XLSX rewritten in place,
temp files renamed into place, lock files that would be noticed if opened, and a drop
folder renamed away under a running app and brought back.
"""

from __future__ import annotations

import asyncio
import contextlib
import csv
import io
import itertools
import json
import os
import sys
from collections.abc import Callable
from dataclasses import replace
from datetime import datetime, time
from pathlib import Path

import pytest
import xlsxwriter
from app_helpers import DAY, SPEC, Clock, bar_text, build_app, make_floor, settle, wait_for

from floorwatch.cli import main
from floorwatch.engine.result import CheckResult
from floorwatch.ingest.complete import looks_complete
from floorwatch.live import FloorSource
from floorwatch.service import drop_scan
from floorwatch.simulate import write_config, write_day
from floorwatch.simulate.files import day_exports
from floorwatch.watcher import DropWatcher
from floorwatch.watcher.drop import WatchStatus

SETTLE = 0.2
#: A writer's pause: longer than the settle time, so the stat alone would call it done.
PAUSE = SETTLE * 3

# -- spies --------------------------------------------------------------------------

#: Base names opened for reading by this process while a test records (see `reads`).
_READS: list[str] | None = None


def _audit(event: str, args: tuple) -> None:
    # Every open() in the process, any thread, raises the "open" audit event with
    # (path, mode, flags): a file read by the watcher, ingest or anything else shows up.
    if event != "open" or _READS is None or not isinstance(args[0], (str, bytes, Path)):
        return
    _path, mode, flags = args
    reading = ("r" in mode) if isinstance(mode, str) else (flags & os.O_ACCMODE) != os.O_WRONLY
    if reading:
        _READS.append(os.path.basename(os.fsdecode(args[0])))


sys.addaudithook(_audit)  # hooks cannot be removed; this one is idle outside `reads`


@pytest.fixture
def reads():
    """The base names of every file the process opens for reading during the test."""
    global _READS
    _READS = []
    try:
        yield _READS
    finally:
        _READS = None


@pytest.fixture
def ingests(monkeypatch) -> list[tuple[str, bytes]]:
    """(file name, bytes) of every export parsed by ingest through the service."""
    seen: list[tuple[str, bytes]] = []
    real = drop_scan.load_export_bytes

    def spy(name: str, data: bytes, *args, **kwargs):
        seen.append((name, data))
        return real(name, data, *args, **kwargs)

    monkeypatch.setattr(drop_scan, "load_export_bytes", spy)
    return seen


class Refresher:
    """The app's live loop without a screen: the real watcher, and a check per change."""

    def __init__(self, source: FloorSource, **watcher_options) -> None:
        assert source.drop_dir is not None
        self.source = source
        options = {"settle_seconds": SETTLE, "rescan_seconds": 1.0, **watcher_options}
        self.watcher = DropWatcher(source.drop_dir, **options)
        self.stop = asyncio.Event()
        self.changes: list[frozenset[str]] = []
        self.results: list[CheckResult] = []
        self.task: asyncio.Task | None = None

    async def __aenter__(self) -> Refresher:
        self.task = asyncio.create_task(self._run())
        while self.watcher.status is None:  # the first look is taken
            await asyncio.sleep(0.01)
        return self

    async def _run(self) -> None:
        async for paths in self.watcher.changes(self.stop):
            self.changes.append(frozenset(p.name for p in paths))
            self.results.append(await asyncio.to_thread(self.source.check))

    async def __aexit__(self, *_exc) -> None:
        self.stop.set()
        assert self.task is not None
        await asyncio.wait_for(self.task, 5.0)

    async def until(self, condition: Callable[[], bool], timeout: float = 5.0) -> None:
        """Let the loop run until `condition()` holds, then a quiet spell for late extras."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while not condition():
            assert loop.time() < deadline, f"timed out; changes so far: {self.changes}"
            await asyncio.sleep(0.02)
        await asyncio.sleep(SETTLE * 5)  # long enough for a second publish to show up


def floor_at_ten(folder: Path) -> FloorSource:
    """The test floor as of 10:00, with its first check done (as the app does on start)."""
    source = make_floor(folder, until=time(10, 0))
    assert source.check().as_of == datetime.combine(DAY, time(10, 0))
    return source


def exports_at_eleven() -> dict[str, bytes]:
    return day_exports(SPEC, DAY, time(11, 0))


def cut_mid_line(data: bytes, parts: int) -> list[bytes]:
    """`data` in `parts` pieces, each cut in the middle of a line (never at a newline)."""
    cuts = []
    for i in range(1, parts):
        at = len(data) * i // parts
        while data[at - 1 : at] == b"\n" or data[at : at + 1] == b"\n":
            at += 1
        cuts.append(at)
    bounds = [0, *cuts, len(data)]
    return [data[a:b] for a, b in itertools.pairwise(bounds)]


async def write_slowly(path: Path, pieces: list[bytes]) -> None:
    """Write `pieces` into `path` (truncating it first), pausing longer than the settle time."""
    with path.open("wb") as f:
        for i, piece in enumerate(pieces):
            if i:
                await asyncio.sleep(PAUSE)
            f.write(piece)
            f.flush()


def xlsx_bytes(csv_data: bytes) -> bytes:
    """The same export as a workbook (every cell a string, as a report tool may write)."""
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    sheet = book.add_worksheet("Export")
    for r, row in enumerate(csv.reader(io.StringIO(csv_data.decode("utf-8")))):
        for c, value in enumerate(row):
            sheet.write_string(r, c, value)
    book.close()
    return buffer.getvalue()


ELEVEN = datetime.combine(DAY, time(11, 0))

# -- a file still being written is never ingested half-way ---------------------------


async def test_a_csv_written_in_pieces_pausing_longer_than_the_settle_time_is_ingested_once_whole(
    workdir: Path, ingests: list[tuple[str, bytes]]
) -> None:
    source = floor_at_ten(workdir)
    data = exports_at_eleven()["dashboard.csv"]
    ingests.clear()
    async with Refresher(source) as live:
        await write_slowly(workdir / "dashboard.csv", cut_mid_line(data, 4))
        await live.until(lambda: len(live.results) >= 1)
    assert [name for name, _ in ingests] == ["dashboard.csv"]
    assert ingests[0][1] == data
    assert live.changes == [frozenset({"dashboard.csv"})]
    assert live.results[-1].as_of == ELEVEN


async def test_an_xlsx_saved_in_place_in_pieces_is_ingested_once_complete(
    workdir: Path, ingests: list[tuple[str, bytes]]
) -> None:
    source = make_floor(workdir, until=time(10, 0))
    ten = (workdir / "dashboard.csv").read_bytes()
    (workdir / "dashboard.csv").unlink()
    book = workdir / "dashboard.xlsx"
    book.write_bytes(xlsx_bytes(ten))
    assert source.check().as_of == datetime.combine(DAY, time(10, 0))
    data = xlsx_bytes(exports_at_eleven()["dashboard.csv"])
    ingests.clear()
    async with Refresher(source) as live:
        # Saved in place: truncated, then rewritten in three pieces with long pauses.
        third = len(data) // 3
        await write_slowly(book, [data[:third], data[third : 2 * third], data[2 * third :]])
        await live.until(lambda: len(live.results) >= 1)
    assert [name for name, _ in ingests] == ["dashboard.xlsx"]
    assert ingests[0][1] == data
    assert live.changes == [frozenset({"dashboard.xlsx"})]
    assert live.results[-1].as_of == ELEVEN


async def test_a_temp_file_renamed_into_place_is_ingested_once_and_the_temp_file_is_never_read(
    workdir: Path, ingests: list[tuple[str, bytes]], reads: list[str]
) -> None:
    source = floor_at_ten(workdir)
    data = exports_at_eleven()["dashboard.csv"]
    temp = workdir / "dashboard.csv.4711.tmp"
    ingests.clear()
    async with Refresher(source) as live:
        await write_slowly(temp, cut_mid_line(data, 3))
        reads.clear()
        os.replace(temp, workdir / "dashboard.csv")
        await live.until(lambda: len(live.results) >= 1)
    assert [name for name, _ in ingests] == ["dashboard.csv"]
    assert ingests[0][1] == data
    assert live.changes == [frozenset({"dashboard.csv"})]
    assert live.results[-1].as_of == ELEVEN
    assert "dashboard.csv" in reads  # the spy works: the real file was read
    assert temp.name not in reads


LOCK_AND_TEMP_NAMES = (
    "~$dashboard.xlsx",
    ".~lock.dashboard.csv#",
    "caseworker_actions.csv.77.tmp",
    "paused_report.csv.part",
    "dashboard.xlsx.crdownload",
)


async def test_lock_and_temp_files_are_never_read_while_exports_change_beside_them(
    workdir: Path, ingests: list[tuple[str, bytes]], reads: list[str]
) -> None:
    source = floor_at_ten(workdir)
    ingests.clear()
    async with Refresher(source) as live:
        for name in LOCK_AND_TEMP_NAMES:  # written by their own programs (not recorded)
            (workdir / name).write_bytes(b"Worker ID,Export Time\nW1,2026-11-23 10:00\n")
        await asyncio.sleep(SETTLE * 3)  # alone, they publish nothing
        assert live.changes == []
        reads.clear()
        write_day(workdir, SPEC, DAY, until=time(11, 0))
        await live.until(lambda: len(live.results) >= 1)
        for name in LOCK_AND_TEMP_NAMES:  # and changing them again wakes nothing up
            (workdir / name).write_bytes(b"changed\n")
        await asyncio.sleep(SETTLE * 5)
    assert live.results[-1].as_of == ELEVEN
    assert len(live.changes) == 1
    assert not set(live.changes[0]) & set(LOCK_AND_TEMP_NAMES)
    assert "dashboard.csv" in reads  # the spy sees reads
    assert not set(reads) & set(LOCK_AND_TEMP_NAMES)
    assert not {name for name, _ in ingests} & set(LOCK_AND_TEMP_NAMES)


def test_every_cut_of_a_csv_export_in_the_middle_of_a_line_looks_incomplete() -> None:
    for name, data in exports_at_eleven().items():
        assert looks_complete(name, data)
        for end in range(len(data)):
            if data[end - 1 : end] != b"\n":
                assert not looks_complete(name, data[:end]), (name, end)


def test_a_csv_is_complete_only_when_its_last_record_is_as_wide_as_its_header() -> None:
    titled = b"Dashboard export\nrun at 10:00\nA;B;C\n1;2,5;3\n4;5;6\n"
    assert looks_complete("x.csv", titled)  # title rows above, semicolons, decimal comma
    assert not looks_complete("x.csv", b"A;B;C\n1;2,5;3\n4;5\n")  # a row cut at a field
    quoted = b'A,B,C\n1,"two\nlines",3\n'
    assert looks_complete("x.csv", quoted)  # a quoted field may hold a newline
    assert not looks_complete("x.csv", b'A,B,C\n1,"two\n')  # cut inside that field
    assert not looks_complete("x.csv", b"")  # created, nothing written yet
    assert looks_complete("x.csv", b"A,B,C\r\n1,2,3\r\n")  # Windows line ends


def test_every_cut_of_an_xlsx_export_looks_incomplete() -> None:
    data = xlsx_bytes(exports_at_eleven()["dashboard.csv"])
    assert looks_complete("dashboard.xlsx", data)
    for end in range(0, len(data), 13):
        assert not looks_complete("dashboard.xlsx", data[:end]), end
    assert not looks_complete("dashboard.xlsx", data[:-1])


async def test_a_file_that_never_looks_complete_is_published_after_the_give_up_time(
    workdir: Path,
) -> None:
    # Binary garbage named .csv never "completes"; ingest must still get to report it.
    source = floor_at_ten(workdir)
    async with Refresher(source, incomplete_seconds=1.0) as live:
        loop = asyncio.get_running_loop()
        written = loop.time()
        (workdir / "garbage.csv").write_bytes(b"\x00\x01\x02 not an export")
        await live.until(lambda: len(live.changes) >= 1)
        published = loop.time()
    assert live.changes == [frozenset({"garbage.csv"})]
    assert published - written >= 1.0  # held back while it looked cut off
    assert any(e.file == "garbage.csv" for e in live.results[-1].errors)
    assert live.results[-1].as_of == datetime.combine(DAY, time(10, 0))


# -- a missing drop folder --------------------------------------------------------------


async def test_a_missing_folder_is_looked_for_again_with_growing_waits(tmp_path: Path) -> None:
    statuses: list[WatchStatus] = []
    folder = tmp_path / "share"
    watcher = DropWatcher(
        folder, settle_seconds=SETTLE, retry_seconds=0.05, on_status=statuses.append
    )
    stop = asyncio.Event()
    seen: list[frozenset[Path]] = []

    async def run() -> None:
        async for paths in watcher.changes(stop):
            seen.append(paths)

    task = asyncio.create_task(run())
    await asyncio.sleep(0.9)  # 0.05 + 0.1 + 0.2 + 0.4 s of waits fit
    waits = [s.retry_seconds for s in statuses]
    folder.mkdir()
    (folder / "dashboard.csv").write_text("A,B\n1,2\n")
    deadline = asyncio.get_running_loop().time() + 5.0
    while not seen:
        await asyncio.sleep(0.05)
        assert asyncio.get_running_loop().time() < deadline, "never recovered"
    stop.set()
    await asyncio.wait_for(task, 5.0)
    assert all(not s.present for s in statuses[: len(waits)])
    assert waits[:4] == [0.05, 0.1, 0.2, 0.4]
    assert statuses[-1].present
    assert seen == [frozenset({folder / "dashboard.csv"})]


async def test_a_drop_folder_missing_at_start_shows_a_banner_and_its_data_arrives_when_it_appears(
    workdir: Path,
) -> None:
    drop = workdir / "drop"
    source = replace(make_floor(workdir / "away"), drop_dir=drop, data_dir=workdir / "history")
    app = build_app(source, watch=True, settle_seconds=SETTLE)
    async with app.run_test(size=(160, 30)) as pilot:
        await settle(app, pilot)
        await wait_for(lambda: "DROP FOLDER MISSING" in bar_text(app), pilot)
        assert str(drop) in bar_text(app)
        assert "no data yet" in bar_text(app)
        assert app.result is None
        (workdir / "away").rename(drop)  # the share is mounted: no key is pressed
        await wait_for(lambda: app.result is not None, pilot)
        await settle(app, pilot)
        assert "MISSING" not in bar_text(app)
        assert "data as of Mon 23 Nov 11:00" in bar_text(app)


async def test_a_vanished_drop_folder_keeps_the_last_data_under_a_banner_and_recovers_by_itself(
    workdir: Path,
) -> None:
    drop, away = workdir / "drop", workdir / "away"
    source = replace(make_floor(drop, until=time(10, 0)), data_dir=workdir / "history")
    clock = Clock(datetime.combine(DAY, time(10, 5)))
    app = build_app(source, clock, watch=True, settle_seconds=SETTLE)
    async with app.run_test(size=(160, 30)) as pilot:
        await settle(app, pilot)
        await wait_for(lambda: app.drop_status is not None, pilot)
        assert "as of Mon 23 Nov 10:00" in bar_text(app)
        teams_before = app.team_names()

        drop.rename(away)  # the share is unmounted under the running app
        await wait_for(lambda: "DROP FOLDER MISSING" in bar_text(app), pilot)
        assert str(drop) in bar_text(app) and "showing the last data" in bar_text(app)
        assert app.result is not None
        assert app.result.as_of == datetime.combine(DAY, time(10, 0))
        assert app.team_names() == teams_before and teams_before

        write_day(away, SPEC, DAY, until=time(11, 0))  # exports kept coming on the server
        clock.now = datetime.combine(DAY, time(11, 5))
        away.rename(drop)  # mounted again
        await wait_for(lambda: app.result.as_of == ELEVEN, pilot)
        await settle(app, pilot)
        assert "MISSING" not in bar_text(app)
        assert "data as of Mon 23 Nov 11:00" in bar_text(app)


def test_a_check_the_watcher_did_not_start_never_reads_a_file_being_written(
    tmp_path: Path,
) -> None:
    """`floorwatch check`, a daily slot or `c` may run while an export is half-written."""
    config = str(write_config(tmp_path, SPEC, today=DAY))
    write_day(tmp_path, SPEC, DAY, until=time(11, 0))

    def check() -> dict:
        out = io.StringIO()
        with contextlib.redirect_stdout(out):
            main(["check", "--config", config, "--format", "json"])
        return json.loads(out.getvalue())

    whole = check()
    actions = tmp_path / "caseworker_actions.csv"
    data = actions.read_bytes()
    actions.write_bytes(data[: len(data) * 2 // 3 - 7])  # cut mid-line, just now

    cut = check()
    assert [e["file"] for e in cut["errors"]] == ["caseworker_actions.csv"]
    assert "half-written" in cut["errors"][0]["error"]
    cases = {w["worker_id"]: w["metrics"]["cases_worked"] for w in whole["workers"]}
    assert {w["worker_id"]: w["metrics"]["cases_worked"] for w in cut["workers"]} == cases

    stale = datetime.now().timestamp() - 120  # the writer gave up long ago: read it
    os.utime(actions, (stale, stale))
    late = check()
    assert not any("half-written" in e["error"] for e in late["errors"])
    # v2: a file whose last record is cut is refused whole, and the last good export of
    # its kind (kept in the history by the first check) stays live.
    refused = [e for e in late["errors"] if e["file"] == "caseworker_actions.csv"]
    assert len(refused) == 1 and "line" not in refused[0], refused
    assert refused[0]["error"].startswith("cut off: the last line has ")
    assert {w["worker_id"]: w["metrics"]["cases_worked"] for w in late["workers"]} == cases


def test_a_ragged_row_is_not_mistaken_for_a_file_being_written() -> None:
    """Cutting a line only narrows it: a wider row, last or near the top, is as written."""
    head = b"A,B,C\n"
    assert looks_complete("x.csv", head + b"1,2,3\n1,2,3,4\n")  # wider last row
    assert looks_complete("x.csv", head + b"1,2,3,4\n1,2,3\n1,2,3\n")  # wider row on top
    assert not looks_complete("x.csv", head + b"1,2,3,4\n1,2,3\n1,2\n")  # narrower: cut


def test_binary_bytes_named_csv_go_to_ingest_at_once() -> None:
    """No writer produces a CSV with NUL bytes: nothing to wait for, ingest reports it."""
    assert looks_complete("x.csv", bytes(range(256)))
    assert not looks_complete("x.csv", b"A,B\n1,")  # text cut mid-line still waits
