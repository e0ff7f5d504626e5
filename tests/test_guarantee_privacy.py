"""Promise: the history holds names and performance data, so it stays private. Everything
`floorwatch check` writes is owner-only (folders 0700, files 0600); floorwatch opens no
network socket; and it says no more about people than the screen shows: nothing on
stderr on a good run, and a refused row is named by file, line and column, never copied.
"""

from __future__ import annotations

import contextlib
import io
import json
import logging
import os
import socket
import stat
from pathlib import Path
from typing import Any

import pytest

from floorwatch import cli
from floorwatch.live import FloorSource
from floorwatch.logs import log_path
from floorwatch.settings import load_config

DASH_HEAD = (
    "Worker ID,Worker Name,Team,Status,Status Start,Task Type,Task ID,Logged In,Active,Idle,"
    "Export Time"
)
ACT_HEAD = "Worker ID,Worker Name,Team,Task ID,Task Type,Queue,Start,End,Outcome,Source,Export Time"
DASH = "W1,Ana Diaz,North,Idle,2026-11-23 10:37:30,,,3:00:00,2:00:00,50,2026-11-23 11:00:00"
ACTIONS = [
    "W1,Ana Diaz,North,A1,Renewal,,2026-11-23 08:00,2026-11-23 08:20,Completed,Get Next,",
    # line 3: a bad Start; line 4: one field too many. Neither row may be echoed back.
    "W1,Ana Diaz,North,CASE-7741,Renewal,,8 o'clock,2026-11-23 08:40,Completed,Manual,",
    "W1,Ana Diaz,North,CASE-7742,Renewal,,2026-11-23 09:00,2026-11-23 09:10,Completed,Manual,,x",
]
PAUSED = (
    "Task ID,Worker ID,Worker Name,Team,Task Type,Paused At,Reason,Export Time\n"
    "P1,W1,Ana Diaz,North,Renewal,2026-11-19 09:00,client call,2026-11-23 11:00:00\n"
)

#: Stamped like the others: an actions file dated by its mtime would set the as-of (v2).
ACTIONS_FILE = "actions_2026-11-23_1100.csv"


@pytest.fixture
def site(tmp_path: Path) -> Path:
    """A config folder, and a drop folder with a dashboard, actions and paused export."""
    drop = tmp_path / "drop"
    drop.mkdir()
    (drop / "dashboard.csv").write_text(f"{DASH_HEAD}\n{DASH}\n")
    (drop / ACTIONS_FILE).write_text(ACT_HEAD + "\n" + "\n".join(ACTIONS) + "\n")
    (drop / "paused.csv").write_text(PAUSED)
    (tmp_path / "config").mkdir()
    (tmp_path / "config" / "qsa.toml").write_text("[task_types]\nRenewal = 18\n")
    return tmp_path


def check(site: Path, data: Path, *more: str) -> tuple[int, str, str]:
    """`floorwatch check` in this process: (exit status, stdout, stderr)."""
    out, err = io.StringIO(), io.StringIO()
    argv = ["check", "--config", str(site / "config"), "--drop", str(site / "drop")]
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = cli.main([*argv, "--data", str(data), *more])
    return code, out.getvalue(), err.getvalue()


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_everything_floorwatch_check_writes_is_owner_only(site: Path) -> None:
    """With a permissive umask, two checks (the second adds an export): every folder it
    creates, down from the first missing parent of --data, is 0700, every file 0600."""
    data = site / "private" / "floorwatch" / "data"
    old = os.umask(0o022)
    try:
        code, _, err = check(site, data)
        assert code in (0, 1), err
        (site / "drop" / "dashboard_2.csv").write_text(
            f"{DASH_HEAD}\n{DASH.replace('11:00:00', '11:30:00')}\n"
        )
        code, _, err = check(site, data, "--period", "week")
        assert code in (0, 1), err
    finally:
        os.umask(old)
    created = site / "private"
    folders = [created, *(p for p in created.rglob("*") if p.is_dir())]
    files = [p for p in created.rglob("*") if not p.is_dir()]
    # The store, its lock, the drop files read, four exports and two runs: the walk saw
    # what was written.
    assert len(files) == 9, files
    assert {".lock", "store.json", "drop_files.json"} <= {p.name for p in files}
    assert {str(p): _mode(p) for p in folders} == {str(p): 0o700 for p in folders}
    assert {str(p): _mode(p) for p in files} == {str(p): 0o600 for p in files}


def _socket_fds() -> set[str]:
    """The sockets this process holds open (Linux), whoever opened them."""
    fds = Path("/proc/self/fd")
    found = set()
    for fd in fds.iterdir():
        with contextlib.suppress(OSError):
            target = os.readlink(fd)
            if target.startswith("socket:"):
                found.add(target)
    return found


@pytest.mark.skipif(not Path("/proc/self/fd").is_dir(), reason="needs Linux /proc")
def test_a_check_and_the_apps_floor_source_open_no_network_socket(
    site: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    opened: list[tuple[Any, ...]] = []

    class NoSocket(socket.socket):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            opened.append(args)
            raise PermissionError("floorwatch must not open a socket")

    before = _socket_fds()
    monkeypatch.setattr(socket, "socket", NoSocket)
    # The trap works: anything that opens a socket through Python is caught.
    with pytest.raises(PermissionError):
        socket.create_connection(("127.0.0.1", 9))
    opened.clear()

    code, _, err = check(site, site / "data")
    assert code in (0, 1), err
    source = FloorSource(load_config(site / "config"), site / "drop", site / "data2", by="t")
    result = source.check(record=True, trigger="slot 11:00")
    assert [w.worker_id for w in result.workers] == ["W1"]
    assert source.runs_on(result.as_of.date())

    assert opened == []
    # Nor below Python (polars and fastexcel are native code): no new socket is held.
    assert _socket_fds() - before == set()


def test_a_good_check_prints_nothing_to_stderr_and_logs_no_personal_data(
    site: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """The support desk's log (start, stop, the check's duration) names no one."""
    (site / "drop" / ACTIONS_FILE).write_text(ACT_HEAD + "\n" + ACTIONS[0] + "\n")
    caplog.set_level(logging.DEBUG)
    code, out, err = check(site, site / "data", "--format", "json")
    assert code in (0, 1)
    assert json.loads(out)["errors"] == []
    assert err == ""
    assert {r.name for r in caplog.records} == {"floorwatch"}  # no library's chatter
    assert [r.levelname for r in caplog.records] == ["INFO"] * 3  # start, check, stop
    for record in caplog.records:
        for private in ("Ana Diaz", "W1", "A1", "Renewal", "North"):
            assert private not in record.getMessage()


def test_the_log_file_names_refused_files_and_lines_never_their_values(site: Path) -> None:
    code, _, _ = check(site, site / "data")
    assert code in (0, 1)
    text = log_path().read_text(encoding="utf-8")
    assert f"refused 2 row(s) of {ACTIONS_FILE} (first: line 3: Start: '…'" in text
    assert "check day as of 2026-11-23 11:00" in text and "stop: exit" in text
    for private in ("Ana Diaz", "W1", "CASE-77", "Renewal", "North", "8 o'clock"):
        assert private not in text


def test_a_refused_row_is_named_by_file_line_and_column_never_copied(site: Path) -> None:
    code, out, err = check(site, site / "data", "--format", "json")
    assert code in (0, 1), err
    errors = json.loads(out)["errors"]
    assert [(e["file"], e["line"]) for e in errors] == [(ACTIONS_FILE, 3), (ACTIONS_FILE, 4)]
    assert errors[0]["error"] == "Start: '8 o'clock' is not a date and time"
    assert errors[1]["error"] == "has 12 fields, the header has 11"
    for e in errors:
        # Neither the caseworker nor the task nor the rest of the row is repeated.
        for private in ("Ana Diaz", "W1", "CASE-77", "Renewal", "North"):
            assert private not in json.dumps(e)
    # The table form and stderr say no more than the JSON.
    code, table, err = check(site, site / "data", "--no-record")
    assert err == ""
    assert "CASE-77" not in table
