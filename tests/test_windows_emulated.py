"""Windows' rules, emulated on Linux (`tests/windows_emulation.py`): the store, the coaching
journal and the reports are written with `fcntl` unimportable, `os.fsync` refusing
read-only descriptors and `os.replace` / `os.unlink` refusing open files; the writer lock
still excludes; outputs survive a cp1252 console; share paths are polled; Windows paths
in TOML get a hint. Real processes, real files; what cannot be emulated (NTFS ACLs,
GetDriveTypeW, msvcrt locks) is listed in the README."""

from __future__ import annotations

import csv
import errno
import io
import json
import os
import subprocess
import sys
import threading
import time
from datetime import date, datetime
from pathlib import Path

import polars as pl
import pytest

from floorwatch.settings import ConfigError, load_config
from floorwatch.simulate import FloorSpec, LiveFloor
from floorwatch.starter import starter_files
from floorwatch.store import HistoryStore, files
from floorwatch.watcher.mounts import DRIVE_REMOTE, windows_mount
from floorwatch.watcher.mounts import needs_polling as polls

TESTS = Path(__file__).parent
sys.path.insert(0, str(TESTS))
import windows_emulation  # noqa: E402

DASHBOARD_HEAD = (
    "Worker ID,Worker Name,Team,Status,Status Start,Task Type,Task ID,Logged In,Active,Idle,"
    "Export Time"
)
ACTIONS_HEAD = (
    "Worker ID,Worker Name,Team,Task ID,Task Type,Queue,Start,End,Outcome,Source,Export Time"
)
EXPORTED = "2026-11-23 11:00:00"
#: Names cp1252 cannot encode (Polish, Vietnamese, Greek).
LUKASZ = "Łukasz Wiśniewski"
NAMES = {"W1001": LUKASZ, "W1002": "Nguyễn Thị Hồng", "W2001": "Σοφία Παππά"}


@pytest.fixture
def site(tmp_path: Path) -> Path:
    """A config, a drop folder whose caseworkers' names are not Latin-1, no history."""
    config = tmp_path / "config"
    config.mkdir()
    (config / "qsa.toml").write_text("[task_types]\nRenewal = 18\n", encoding="utf-8")
    drop = tmp_path / "drop"
    drop.mkdir()
    dashboard = [
        DASHBOARD_HEAD,
        f"W1001,{NAMES['W1001']},Północ,Idle,2026-11-23 10:37:30,,,3:00:00,2:00:00,50,{EXPORTED}",
        f"W1002,{NAMES['W1002']},Północ,Active,2026-11-23 10:50:00,Renewal,A9,170,130,20,"
        f"{EXPORTED}",
        f"W2001,{NAMES['W2001']},South,Active,2026-11-23 10:55:00,,,175,140,10,{EXPORTED}",
    ]
    actions = [ACTIONS_HEAD] + [
        f"W1002,{NAMES['W1002']},Północ,A{i},Renewal,,2026-11-23 08:{10 * i:02d}:00,"
        f"2026-11-23 08:{10 * i + 9:02d}:00,Completed,Get Next,2026-11-23 10:45:00"
        for i in range(1, 5)
    ]
    (drop / "dashboard_2026-11-23_1100.csv").write_text("\n".join(dashboard) + "\n", "utf-8")
    (drop / "actions_2026-11-23.csv").write_text("\n".join(actions) + "\n", "utf-8")
    return tmp_path


def folders(site: Path) -> list[str]:
    return [
        "--config",
        str(site / "config"),
        "--drop",
        str(site / "drop"),
        "--data",
        str(site / "data"),
    ]


def emulated(*argv: str, encoding: str = "cp1252", **kwargs) -> subprocess.CompletedProcess:
    """`floorwatch ARGV` in a process with Windows' file rules and a cp1252 stdout."""
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(TESTS), os.environ.get("PYTHONPATH", "")]),
        "PYTHONIOENCODING": encoding,
    }
    code = "import windows_emulation as w; w.install(); w.main()"
    return subprocess.run(
        [sys.executable, "-c", code, *argv], capture_output=True, env=env, timeout=120, **kwargs
    )


def plain(*argv: str, encoding: str = "cp1252") -> subprocess.CompletedProcess:
    """`floorwatch ARGV` as Python on Windows runs it redirected: stdout encoded cp1252."""
    env = {**os.environ, "PYTHONIOENCODING": encoding}
    return subprocess.run(
        [sys.executable, "-m", "floorwatch", *argv], capture_output=True, env=env, timeout=120
    )


# -- the emulation itself refuses what Windows refuses ----------------------------------


def test_the_emulated_fsync_refuses_a_read_only_descriptor(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "f"
    path.write_bytes(b"x")
    windows_emulation.refuse_read_only_fsync(monkeypatch)
    fd = os.open(path, os.O_RDONLY)
    try:
        with pytest.raises(OSError) as refused:
            os.fsync(fd)
        assert refused.value.errno == errno.EBADF
    finally:
        os.close(fd)
    files.fsync_file(path)  # opened for writing: accepted


def test_the_emulated_replace_and_unlink_refuse_an_open_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    old, new = tmp_path / "old", tmp_path / "new"
    old.write_bytes(b"old")
    new.write_bytes(b"new")
    windows_emulation.refuse_open_files(monkeypatch)
    with old.open("rb"):
        with pytest.raises(PermissionError):
            os.replace(new, old)
        with pytest.raises(PermissionError):
            old.unlink()
    os.replace(new, old)
    assert old.read_bytes() == b"new"


# -- 1. the history, the journal and the reports are written -----------------------------


def test_check_records_the_history_on_emulated_windows(site: Path) -> None:
    done = emulated("check", *folders(site), "--format", "json")
    assert done.returncode == 1, done.stderr.decode()  # flagged: the floor was checked
    assert done.stderr == b""
    result = json.loads(done.stdout.decode("utf-8"))
    assert {w["name"] for w in result["workers"]} == set(NAMES.values())
    store = HistoryStore(site / "data")
    assert len(store.exports()) == 2
    assert len(store.runs(period_kind="day")) == 1
    assert (site / "data" / "drop_files.json").is_file()
    assert not list((site / "data").rglob(".*.tmp"))


JOURNAL_AND_REPORT = """
import sys
from datetime import datetime
from pathlib import Path
import windows_emulation
windows_emulation.install()
from floorwatch.coaching.desk import CoachingDesk
data = Path(sys.argv[1])
desk = CoachingDesk(data, None, by="Łukasz", clock=lambda: datetime(2026, 11, 23, 11))
entry = desk.record_followup("W1001", [("IDLE_NOW", "")], "PIP", "talked at 11:05")
print(entry.id)
"""


def test_journal_and_xlsx_reports_are_written_on_emulated_windows(site: Path) -> None:
    env = {**os.environ, "PYTHONPATH": str(TESTS)}
    data = site / "data"
    wrote = subprocess.run(
        [sys.executable, "-c", JOURNAL_AND_REPORT, str(data)],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    assert wrote.returncode == 0, wrote.stderr
    entry_files = list((data / "coaching").glob("*.json"))
    assert len(entry_files) == 1 and wrote.stdout.strip() in entry_files[0].name

    assert emulated("check", *folders(site)).returncode == 1
    report = site / "out" / "worker.xlsx"
    (site / "out").mkdir()
    done = emulated(
        "report", "worker", "W1001", *folders(site), "--format", "xlsx", "-o", str(report)
    )
    assert done.returncode == 0, done.stderr.decode()
    sheets = pl.read_excel(report, sheet_id=0)
    assert LUKASZ in str(sheets)
    coaching = site / "out" / "coaching.xlsx"
    done = emulated("report", "coaching", *folders(site), "--format", "xlsx", "-o", str(coaching))
    assert done.returncode == 0, done.stderr.decode()
    assert coaching.stat().st_size > 0


HOLD_LOCK = """
import sys, time
from pathlib import Path
import windows_emulation
windows_emulation.install()
from floorwatch.store import HistoryStore
with HistoryStore(Path(sys.argv[1])).lock():
    print("locked", flush=True)
    time.sleep(1.5)
    Path(sys.argv[2]).write_text(str(time.time()))
"""


def test_the_writer_lock_excludes_without_fcntl(site: Path) -> None:
    """Two emulated processes: a check's writes wait for the lock another one holds."""
    env = {**os.environ, "PYTHONPATH": str(TESTS)}
    data, released = site / "data", site / "released"
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD_LOCK, str(data), str(released)],
        stdout=subprocess.PIPE,
        text=True,
        env=env,
    )
    try:
        assert holder.stdout.readline() == "locked\n"
        done = emulated("check", *folders(site), "--format", "json")
        finished = time.time()
    finally:
        holder.wait(timeout=30)
        holder.stdout.close()
    assert done.returncode == 1, done.stderr.decode()
    assert finished >= float(released.read_text())  # it waited for the holder
    assert len(HistoryStore(data).runs(period_kind="day")) == 1


# -- 2. output in UTF-8 whatever the console's code page ----------------------------------


@pytest.mark.parametrize("fmt", ["json", "csv", "table"])
def test_check_output_is_utf8_under_cp1252(site: Path, fmt: str) -> None:
    done = plain("check", *folders(site), "--no-record", "--format", fmt)
    assert done.returncode == 1, done.stderr.decode("utf-8", "replace")
    assert b"Traceback" not in done.stderr and done.stderr == b""
    text = done.stdout.decode("utf-8")  # strict: the bytes are UTF-8
    assert LUKASZ in text and NAMES["W1002"] in text  # both flagged: in every form
    if fmt == "csv":
        rows = list(csv.DictReader(io.StringIO(text)))
        assert LUKASZ in {r.get("name") for r in rows}


def test_report_markdown_is_utf8_under_cp1252(site: Path) -> None:
    assert plain("check", *folders(site)).returncode == 1
    done = plain("report", "worker", "W1001", *folders(site))
    assert done.returncode == 0, done.stderr.decode("utf-8", "replace")
    assert LUKASZ in done.stdout.decode("utf-8")


def test_a_csv_file_for_excel_starts_with_a_bom(site: Path) -> None:
    out = site / "coaching.csv"
    done = plain("report", "coaching", *folders(site), "--format", "csv", "-o", str(out))
    assert done.returncode == 0, done.stderr.decode("utf-8", "replace")
    assert out.read_bytes().startswith(b"\xef\xbb\xbf")
    assert out.read_text(encoding="utf-8-sig").split("\n", 1)[0].count(",") > 0


# -- 4. replace and delete refused while a reader has the file open ----------------------


def test_old_compactions_held_open_are_left_for_later(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    windows_emulation.refuse_open_files(monkeypatch)
    store = HistoryStore(tmp_path / "data")
    day = date(2026, 11, 23)
    rows = pl.DataFrame({"x": [1, 2]})
    first = store.write_compacted("dashboard", day, rows, {"a"}, datetime(2026, 11, 23, 9))
    with first.path.open("rb"):  # a reader still on the oldest compaction
        for hour in (10, 11, 12):
            store.write_compacted(
                "dashboard", day, rows, {"a", str(hour)}, datetime(2026, 11, 23, hour)
            )
        assert first.path.exists()  # refused: left, and no error
    store.write_compacted("dashboard", day, rows, {"a", "13"}, datetime(2026, 11, 23, 13))
    assert not first.path.exists()  # the next write took it
    assert len(list(first.path.parent.glob("*.parquet"))) == 2


def test_the_drop_file_list_is_replaced_once_its_reader_lets_go(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    windows_emulation.refuse_open_files(monkeypatch)
    store = HistoryStore(tmp_path / "data")
    store.save_drop_files({"a.csv": (1, 2, "h1")})
    listed = tmp_path / "data" / "drop_files.json"
    reader = listed.open("rb")
    threading.Timer(0.15, reader.close).start()  # a reader done after 150 ms
    store.save_drop_files({"b.csv": (3, 4, "h2")})  # retried until then
    assert store.drop_files() == {"b.csv": (3, 4, "h2")}
    with listed.open("rb"):  # held for good: kept for the next check, no error
        store.save_drop_files({"c.csv": (5, 6, "h3")})
    assert store.drop_files() == {"b.csv": (3, 4, "h2")}
    assert not list((tmp_path / "data").glob(".*.tmp"))


def test_the_live_simulator_keeps_going_while_a_reader_holds_an_export(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    windows_emulation.refuse_open_files(monkeypatch)
    floor = LiveFloor(tmp_path, FloorSpec(seed=3, teams=2, size=6), day=date(2026, 11, 23))
    written = floor.export(datetime(2026, 11, 23, 10, 0))
    replaced = next(p for p in written if "dashboard" in p.name.lower())
    before = replaced.read_bytes()
    floor.refreshes = 0  # the next refresh replaces (not in place)
    with replaced.open("rb"):
        again = floor.export(datetime(2026, 11, 23, 10, 30))
    assert replaced not in again and replaced.read_bytes() == before
    assert not list(tmp_path.glob("*.tmp"))
    floor.refreshes = 0
    assert replaced in floor.export(datetime(2026, 11, 23, 10, 31))
    assert replaced.read_bytes() != before


# -- 5. shares, permissions, config ---------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "point", "polled"),
    [
        (r"\\fileserver\benefits\drop", r"\\fileserver\benefits", True),
        ("//fileserver/benefits/drop", r"\\fileserver\benefits", True),
        (r"\\?\UNC\fileserver\benefits\drop", r"\\?\UNC\fileserver\benefits", True),
        (r"S:\Exports", "S:\\", True),  # mapped (the drive type below says remote)
        (r"C:\Users\me\drop", "C:\\", False),
        (r"\\?\C:\drop", "C:\\", False),
    ],
)
def test_windows_shares_and_mapped_drives_are_polled(path: str, point: str, polled: bool) -> None:
    def drive_type(root: str) -> int:
        return DRIVE_REMOTE if root == "S:\\" else 3  # 3: DRIVE_FIXED

    mount = windows_mount(path, drive_type)
    assert mount.point == point
    assert polls(mount) is polled


def test_folders_get_an_owner_only_acl_on_windows(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """On Windows (the platform flag set), each folder the store creates is given to its
    owner with `icacls`; a stand-in `icacls` records the command line it got."""
    bin_dir, log = tmp_path / "bin", tmp_path / "icacls.log"
    bin_dir.mkdir()
    fake = bin_dir / "icacls"
    fake.write_text(f'#!/bin/sh\nprintf "%s\\n" "$@" >> {log}\necho --- >> {log}\n')
    fake.chmod(0o755)
    monkeypatch.setenv("PATH", f"{bin_dir}{os.pathsep}{os.environ['PATH']}")
    monkeypatch.setenv("USERNAME", "ana")
    monkeypatch.setenv("USERDOMAIN", "AGENCY")
    monkeypatch.setattr(files, "WINDOWS", True)
    data = tmp_path / "data"
    files.write_bytes_atomic(data / "exports" / "x.json", b"{}")
    calls = [c.strip().split("\n") for c in log.read_text().split("---") if c.strip()]
    assert [c[0] for c in calls] == [str(data), str(data / "exports")]
    for call in calls:
        assert call[1] == "/inheritance:r"
        assert "AGENCY\\ana:(OI)(CI)F" in call
        assert "*S-1-5-18:(OI)(CI)F" in call
        assert not any("Everyone" in arg or "S-1-1-0" in arg for arg in call)
    assert (data / "exports" / "x.json").read_bytes() == b"{}"


def test_no_acl_is_attempted_off_windows(tmp_path: Path) -> None:
    assert files.restrict_to_owner(tmp_path) is False


@pytest.mark.parametrize(
    "line", ['drop_dir = "C:\\Exports"', 'data_dir = "C:\\Users\\me\\history"']
)
def test_a_windows_path_in_double_quotes_gets_a_hint(tmp_path: Path, line: str) -> None:
    (tmp_path / "floorwatch.toml").write_text(f"bell = true\n{line}\n", encoding="utf-8")
    with pytest.raises(ConfigError) as refused:
        load_config(tmp_path)
    message = str(refused.value)
    assert "floorwatch.toml:2" in message
    assert "single quotes" in message and "C:/Exports" in message


def test_a_backslash_escape_that_tomllib_accepts_is_refused_too(tmp_path: Path) -> None:
    # "C:\new" is valid TOML: C, colon, newline, "ew". Never a folder anyone meant.
    (tmp_path / "floorwatch.toml").write_text('drop_dir = "C:\\new"\n', encoding="utf-8")
    with pytest.raises(ConfigError) as refused:
        load_config(tmp_path)
    assert "drop_dir" in str(refused.value) and "single quotes" in str(refused.value)


def test_single_quoted_and_forward_slash_windows_paths_load(tmp_path: Path) -> None:
    (tmp_path / "floorwatch.toml").write_text(
        "drop_dir = 'C:\\Exports'\ndata_dir = \"C:/Users/me/history\"\n", encoding="utf-8"
    )
    settings = load_config(tmp_path).settings
    assert settings.drop_dir is not None and settings.drop_dir.name.endswith("Exports")


def test_the_starter_config_shows_windows_paths() -> None:
    text = starter_files()["floorwatch.toml"]
    assert '# drop_dir = "S:/Exports"' in text
    assert "'S:\\Exports'" in text and "single quotes" in text
    assert "/home/me" not in text
