"""Promise: the history store survives being killed, a full disk and two floorwatch on one
data folder: it holds every run that finished, never a partial file, and readers always
see a consistent state.

The writers here are real processes (`python -c`), killed with SIGKILL; the full disk is
polars' own error for ENOSPC (its write redirected to `/dev/full`).
"""

from __future__ import annotations

import contextlib
import errno
import io
import os
import random
import signal
import subprocess
import sys
import textwrap
import time
from datetime import datetime
from pathlib import Path

import polars as pl
import pytest

from floorwatch import cli
from floorwatch.ingest import LoadedExport, load_export_bytes
from floorwatch.ingest.load import content_hash
from floorwatch.settings.judged import TXN_NOT_JUDGED
from floorwatch.settings.model import ColumnMap
from floorwatch.store import HistoryStore, StoreError

DASH_HEAD = (
    "Worker ID,Worker Name,Team,Status,Status Start,Task Type,Task ID,Logged In,Active,Idle,"
    "Export Time"
)
ACT_HEAD = "Worker ID,Worker Name,Team,Task ID,Task Type,Queue,Start,End,Outcome,Source,Export Time"

#: Rows per export the killed writers store: enough that a write takes a few milliseconds,
#: so kills land inside writes as well as between them.
WRITER_ROWS = 3000
FLAGS_PER_RUN = 50

# A writer adding exports and recording runs in a loop until it is killed. After each
# write returns it appends a line to the side log: the store must hold at least those.
WRITER = textwrap.dedent(
    """
    import dataclasses, sys, uuid
    from datetime import datetime, timedelta
    from pathlib import Path

    import polars as pl

    from floorwatch.ingest import load_export_bytes
    from floorwatch.settings.model import ColumnMap
    from floorwatch.store import RUN_FLAG_SCHEMA, HistoryStore, RunRecord

    data, log, name = Path(sys.argv[1]), sys.argv[2], sys.argv[3]
    rows, flags = int(sys.argv[4]), int(sys.argv[5])
    head = "Worker ID,Worker Name,Team,Status,Status Start,Logged In,Active,Idle\\n"
    body = "".join(
        f"W{i},Worker {i},T{i % 9},Active,2026-11-23 08:00,120,100,5\\n" for i in range(rows)
    )
    base = load_export_bytes(
        "d.csv", (head + body).encode(), ColumnMap(), datetime(2026, 11, 23, 9)
    )
    flag_rows = pl.DataFrame(
        [(f"W{i}", "LONG_TXN", "Renewal", 30.0, 18.0, "one-time") for i in range(flags)],
        schema=RUN_FLAG_SCHEMA, orient="row",
    )
    store = HistoryStore(data)
    store.open_for_writing()
    print("ready", flush=True)
    start = datetime(2026, 11, 23, 9)
    i = 0
    while True:
        at = start + timedelta(seconds=i)
        export = dataclasses.replace(
            base, export_time=at, content_hash=f"{name}x{i}", file=f"{name}_{i}.csv"
        )
        store.add_export(export)
        with open(log, "a") as f:
            f.write(f"export {export.content_hash}\\n")
        run_id = f"{name}r{i}{uuid.uuid4().hex[:6]}"
        store.record_run(RunRecord(run_id, at, "day", at, name, "test", flag_rows))
        with open(log, "a") as f:
            f.write(f"run {run_id}\\n")
        i += 1
    """
)


def _logged(log: Path) -> tuple[set[str], set[str]]:
    """(export hashes, run ids) the writers logged as finished; a line cut by the kill is
    no promise (its write may have finished, but nothing said so)."""
    exports, runs = set(), set()
    if not log.exists():
        return exports, runs
    for line in log.read_text().splitlines(keepends=True):
        if not line.endswith("\n"):
            continue
        what, ident = line.split()
        (exports if what == "export" else runs).add(ident)
    return exports, runs


def _temp_files(folder: Path) -> list[Path]:
    return [p for p in folder.rglob(".*") if p.is_file() and p.name != ".lock"]


def test_a_store_killed_at_random_moments_keeps_every_finished_run_and_no_partial_one(
    tmp_path: Path,
) -> None:
    data, log = tmp_path / "data", tmp_path / "finished.log"
    rng = random.Random(4)
    kills = 0
    for round_ in range(15):
        # Two writers at once: kills also land while one waits for the other's lock.
        writers = [
            subprocess.Popen(
                [
                    sys.executable,
                    "-c",
                    WRITER,
                    data,
                    log,
                    f"w{round_}{n}",
                    str(WRITER_ROWS),
                    str(FLAGS_PER_RUN),
                ],
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
            )
            for n in range(2)
        ]
        for writer in writers:
            # One round in five is killed at start-up (opening the store), the rest mid-loop.
            if round_ % 5 != 4:
                assert writer.stdout.readline() == "ready\n", writer.stderr.read()
        time.sleep(rng.uniform(0.0, 0.25))
        for writer in writers:
            assert writer.poll() is None, writer.stderr.read()  # still writing: no crash
            writer.send_signal(signal.SIGKILL)
            writer.wait(timeout=10)
            writer.stdout.close()
            writer.stderr.close()
            kills += 1
    assert kills == 30

    exports_done, runs_done = _logged(log)
    # The writers got far enough for the test to mean something.
    assert len(runs_done) >= 30 and len(exports_done) >= 30

    # A reader (no lock, no sweep) sees only whole files, even with dead temp files about.
    reader = HistoryStore(data)
    stored = reader.exports()
    assert {e.content_hash for e in stored} >= exports_done
    for export in stored:
        frame = pl.read_parquet(export.path)
        assert frame.height == WRITER_ROWS
        assert export.source_file().endswith(".csv")
    runs = reader.runs()
    assert {r.run_id for r in runs} >= runs_done
    assert all(r.flags.height == FLAGS_PER_RUN for r in runs)
    assert len({r.run_id for r in runs}) == len(runs)

    # Opening it for writing clears what killed writes left, and it takes new data.
    HistoryStore(data).open_for_writing()
    assert _temp_files(data) == []
    after = HistoryStore(data)
    assert len(after.exports()) == len(stored) and len(after.runs()) == len(runs)


# -- a full disk ---------------------------------------------------------------------------


def _dashboard_csv(minute: int) -> str:
    exported = f"2026-11-23 10:{minute:02d}:00"
    return (
        f"{DASH_HEAD}\nW1,Ana Diaz,North,Idle,2026-11-23 10:00:00,,,3:00:00,2:00:00,50,{exported}\n"
    )


def _check(drop: Path, data: Path) -> tuple[int, str, str]:
    """`floorwatch check --format json` in this process: (exit status, stdout, stderr)."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = cli.main(["check", "--drop", str(drop), "--data", str(data), "--format", "json"])
    return code, out.getvalue(), err.getvalue()


def _snapshot(folder: Path) -> dict[str, bytes]:
    """Every file of the store with its bytes (the lock file aside)."""
    return {
        str(p.relative_to(folder)): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and p.name != ".lock"
    }


def _disk_full_in_parquet(monkeypatch: pytest.MonkeyPatch) -> None:
    """polars' parquet writes get half a file down, then fail as on a full disk: the rest
    goes to /dev/full, so the error is polars' own (a ComputeError, not an OSError)."""
    real = pl.DataFrame.write_parquet

    def write_parquet(self: pl.DataFrame, file: str | Path, **kwargs: object) -> None:
        Path(file).write_bytes(b"PAR1" + b"\0" * 512)
        real(self, "/dev/full", **kwargs)

    monkeypatch.setattr(pl.DataFrame, "write_parquet", write_parquet)


def _disk_full_at_fsync(monkeypatch: pytest.MonkeyPatch) -> None:
    """The data is written but the flush to disk fails (NFS and SMB report ENOSPC there)."""

    def fsync(fd: int) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(os, "fsync", fsync)


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
@pytest.mark.parametrize("where", ["parquet write", "fsync"])
@pytest.mark.parametrize("what", ["new export", "run"])
def test_a_full_disk_is_one_clear_error_naming_the_folder_and_corrupts_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, where: str, what: str
) -> None:
    drop, data = tmp_path / "drop", tmp_path / "data"
    drop.mkdir()
    (drop / "dashboard_1.csv").write_text(_dashboard_csv(0))
    code, _, err = _check(drop, data)
    assert code in (0, 1), err
    before = _snapshot(data)
    assert len([k for k in before if k.startswith("runs/")]) == 1
    if what == "new export":
        (drop / "dashboard_2.csv").write_text(_dashboard_csv(30))

    if where == "parquet write":
        _disk_full_in_parquet(monkeypatch)
    else:
        _disk_full_at_fsync(monkeypatch)
    code, _, err = _check(drop, data)
    monkeypatch.undo()

    assert code == 2
    assert "Traceback" not in err and "internal error" not in err
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert str(data) in lines[0]
    assert "No space left on device" in lines[0]
    # Nothing half-written is left, and everything stored before reads back unchanged.
    assert _snapshot(data) == before
    assert _temp_files(data) == []
    store = HistoryStore(data)
    assert [pl.read_parquet(e.path).height for e in store.exports()] == [1]
    assert len(store.runs()) == 1

    # Once there is room again, the same check goes through.
    code, _, err = _check(drop, data)
    assert code in (0, 1), err
    assert len(HistoryStore(data).runs()) == 2


def test_a_data_folder_that_cannot_be_created_is_a_store_error_naming_it(tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("")
    with pytest.raises(StoreError, match="not-a-folder"):
        HistoryStore(blocker / "data").open_for_writing()


# -- two floorwatch on one data folder -----------------------------------------------------


def _actions_export(name: str, exported: str | None) -> LoadedExport:
    row = "W1,Ana,North,T1,Renewal,,2026-11-23 08:00,2026-11-23 08:10,Completed,Get Next,"
    text = f"{ACT_HEAD}\n{row}{exported or ''}\n"
    loaded = load_export_bytes(name, text.encode(), ColumnMap(), datetime(2026, 11, 23, 9))
    assert isinstance(loaded, LoadedExport), str(loaded)
    return loaded


def test_two_stores_on_one_folder_never_store_the_same_export_twice(tmp_path: Path) -> None:
    """Each process lists the stored exports once; the other may store the same content
    at the same export time (saved under another name) before this one writes it."""
    first, second = HistoryStore(tmp_path / "data"), HistoryStore(tmp_path / "data")
    first.open_for_writing()
    second.open_for_writing()
    same = _actions_export("actions.csv", None)
    assert first.find(same.content_hash) is None  # `first` has listed the store: empty
    copy = LoadedExport(
        "copy.csv", same.kind, same.frame, datetime(2026, 11, 23, 9), same.content_hash
    )
    assert second.add_export(copy) is True
    assert first.add_export(same) is False
    assert [e.source_file() for e in HistoryStore(tmp_path / "data").exports()] == ["copy.csv"]


# Runs `floorwatch check` again and again on its own drop folder, adding one export of its
# own and one shared with the other process (same bytes, export time from mtime) each time.
CHECKER = textwrap.dedent(
    """
    import contextlib, io, sys
    from pathlib import Path
    from floorwatch import cli

    drop, data, shared = Path(sys.argv[1]), sys.argv[2], Path(sys.argv[3])
    rounds = int(sys.argv[4])
    drop.mkdir(exist_ok=True)
    for i in range(rounds):
        for name in sorted(shared.glob(f"{i:02d}_*")):
            (drop / name.name).write_bytes(name.read_bytes())
        own = drop.parent / f"{drop.name}_{i:02d}.csv"
        (drop / f"own_{i:02d}.csv").write_bytes(own.read_bytes())
        out = io.StringIO()
        with contextlib.redirect_stdout(out):
            # --at: the shared copies are dated by their mtime (today); the dashboards,
            # 23 Nov 10:0x, decide what is live (v2: the newest actions export would be
            # the default as-of).
            at = ["--at", "2026-11-23 10:30"]
            code = cli.main(["check", "--drop", str(drop), "--data", data, "--format", "json", *at])
        print(code, flush=True)
    """
)


def test_two_floorwatch_checks_on_one_data_folder_leave_a_consistent_store(
    tmp_path: Path,
) -> None:
    data, shared = tmp_path / "data", tmp_path / "shared"
    shared.mkdir()
    rounds = 8
    expected_hashes = set()
    for i in range(rounds):
        # No export time in the file and none in the name: each copy's mtime decides it
        # (two copies written in different seconds are two exports, exports.md v2).
        text = (
            f"{ACT_HEAD}\nW1,Ana,North,S{i},Renewal,,2026-11-23 08:{i:02d},"
            f"2026-11-23 08:{i + 10:02d},Completed,Get Next,\n"
        ).encode()
        (shared / f"{i:02d}_actions.csv").write_bytes(text)
        expected_hashes.add(content_hash(text))
        for who in ("a", "b"):
            own = _dashboard_csv(i).replace("Ana Diaz", f"Ana {who}").encode()
            (tmp_path / f"{who}_{i:02d}.csv").write_bytes(own)
            expected_hashes.add(content_hash(own))

    procs = [
        subprocess.Popen(
            [sys.executable, "-c", CHECKER, tmp_path / who, data, shared, str(rounds)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for who in ("a", "b")
    ]
    # Meanwhile a reader keeps listing and reading everything: never an error, never less.
    seen_runs = 0
    while any(p.poll() is None for p in procs):
        reader = HistoryStore(data)
        runs = reader.runs()
        assert len(runs) >= seen_runs
        seen_runs = len(runs)
        for export in reader.exports():
            assert pl.read_parquet(export.path).height == 1
    outcomes = [p.communicate(timeout=60) for p in procs]
    for (out, err), proc in zip(outcomes, procs, strict=True):
        assert proc.returncode == 0, err
        # Nothing but the warning that a config without task types judges no txn time.
        assert err == f"floorwatch: warning: {TXN_NOT_JUDGED}\n" * rounds, err
        assert out.split() == ["1"] * rounds  # every check ran (Ana is idle: flagged)

    store = HistoryStore(data)
    stored = store.exports()
    assert {e.content_hash for e in stored} == expected_hashes  # every content kept
    keys = [e.key for e in stored]
    assert len(keys) == len(set(keys))  # each (content, export time) exactly once
    assert len(store.runs()) == 2 * rounds
    assert _temp_files(data) == []
