"""Promise: an export older than the newest one already seen never replaces newer live
state (it is still archived), and the same content saved twice at the same export time,
under any name, adds nothing to the history (at a later export time it is a refresh that
found nothing changed: kept, and counting nothing twice — exports.md v2).

Real files in a drop folder, the real `floorwatch check`.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import shutil
from datetime import datetime
from pathlib import Path
from typing import Any

from floorwatch import cli
from floorwatch.store import HistoryStore

DASH_HEAD = (
    "Worker ID,Worker Name,Team,Status,Status Start,Task Type,Task ID,Logged In,Active,Idle,"
    "Export Time"
)
ACT_HEAD = "Worker ID,Worker Name,Team,Task ID,Task Type,Queue,Start,End,Outcome,Source,Export Time"
NEWER = (
    f"{DASH_HEAD}\n"
    "W1,Ana Diaz,North,Active,2026-11-23 10:55:00,Renewal,T9,3:00:00,2:30:00,20,"
    "2026-11-23 11:00:00\n"
)
OLDER = (
    f"{DASH_HEAD}\n"
    "W1,Ana Diaz,North,Idle,2026-11-23 09:40:00,,,2:00:00,1:30:00,30,2026-11-23 10:00:00\n"
)
# No Export Time value and no time in the name: a copy's export time is its mtime.
ACTIONS = (
    f"{ACT_HEAD}\n"
    "W1,Ana Diaz,North,A1,Renewal,,2026-11-23 08:00,2026-11-23 08:20,Completed,Get Next,\n"
    "W1,Ana Diaz,North,A2,Renewal,,2026-11-23 08:30,2026-11-23 08:40,Completed,Manual,\n"
)


def check(drop: Path, *more: str) -> dict[str, Any]:
    """`floorwatch check --format json` on `drop`, recording into `drop/../data`."""
    out, err = io.StringIO(), io.StringIO()
    argv = ["check", "--drop", str(drop), "--data", str(drop.parent / "data"), "--format", "json"]
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = cli.main([*argv, *more])
    assert code in (0, 1), err.getvalue()
    return json.loads(out.getvalue())


def ana(result: dict[str, Any]) -> dict[str, Any]:
    (worker,) = result["workers"]
    return worker


def test_an_older_export_arriving_later_never_replaces_the_newer_live_state(
    tmp_path: Path,
) -> None:
    drop = tmp_path / "drop"
    drop.mkdir()
    (drop / "dashboard.csv").write_text(NEWER)
    first = check(drop)
    assert (first["as_of"], ana(first)["status"]) == ("2026-11-23T11:00:00", "Active")

    # An older pull lands afterwards under another name, and then over the newer file.
    (drop / "dashboard_resent.csv").write_text(OLDER)
    second = check(drop)
    (drop / "dashboard.csv").write_text(OLDER)
    third = check(drop)
    for later in (second, third):
        assert later["as_of"] == "2026-11-23T11:00:00"
        assert (ana(later)["status"], ana(later)["task_type"]) == ("Active", "Renewal")
        assert ana(later)["metrics"]["logged_in_minutes"] == 180.0
        assert later["errors"] == []

    # Still archived: both snapshots are in the history, and the older one is what a
    # check as of its own time reads.
    stored = HistoryStore(tmp_path / "data").exports("dashboard")
    assert [e.export_time.isoformat() for e in stored] == [
        "2026-11-23T10:00:00",
        "2026-11-23T11:00:00",
    ]
    then = check(drop, "--at", "2026-11-23 10:30", "--no-record")
    assert (ana(then)["status"], ana(then)["metrics"]["logged_in_minutes"]) == ("Idle", 120.0)


def test_the_same_content_saved_twice_under_other_names_adds_nothing_to_the_history(
    tmp_path: Path,
) -> None:
    drop = tmp_path / "drop"
    drop.mkdir()
    (drop / "dashboard.csv").write_text(NEWER)
    (drop / "actions.csv").write_text(ACTIONS)
    # No Export Time and no stamp in the name: the export time is the file's mtime. Pin it
    # before the 11:00 as-of; "now" would leave the actions out whenever now is later.
    pinned = datetime(2026, 11, 23, 10, 50).timestamp()
    os.utime(drop / "actions.csv", (pinned, pinned))
    first = check(drop)
    store_files = sorted(p.name for p in (tmp_path / "data" / "exports").rglob("*.parquet"))
    assert len(store_files) == 2

    # Copies with new names: the dashboard's time is in its rows (a new modification time
    # changes nothing); the actions' time is its modification time, kept.
    shutil.copy(drop / "actions.csv", drop / "actions (1).csv")
    shutil.copy(drop / "dashboard.csv", drop / "dashboard copy.csv")
    os.utime(drop / "actions (1).csv", (pinned, pinned))
    stat = (drop / "dashboard copy.csv").stat()
    os.utime(drop / "dashboard copy.csv", ns=(stat.st_atime_ns, stat.st_mtime_ns + 3_600 * 10**9))
    second = check(drop)
    # And once more after the originals are gone, only the copies left.
    (drop / "actions.csv").unlink()
    (drop / "dashboard.csv").unlink()
    third = check(drop)

    after = sorted(p.name for p in (tmp_path / "data" / "exports").rglob("*.parquet"))
    assert after == store_files
    for later in (second, third):
        assert later["workers"] == first["workers"]
        assert ana(later)["metrics"]["cases_worked"] == 2  # not counted twice
        assert later["as_of"] == first["as_of"]
    stored = HistoryStore(tmp_path / "data").exports()
    assert sorted(e.source_file() for e in stored) == ["actions.csv", "dashboard.csv"]

    # The same actions bytes seen again at a later time (before the as-of): a refresh that
    # found nothing changed. Kept, and the transactions still count once.
    later = datetime(2026, 11, 23, 10, 55).timestamp()
    os.utime(drop / "actions (1).csv", (later, later))
    fourth = check(drop)
    assert ana(fourth)["metrics"]["cases_worked"] == 2
    assert fourth["workers"] == first["workers"]
    times = [e.export_time for e in HistoryStore(tmp_path / "data").exports("actions")]
    assert times == [datetime(2026, 11, 23, 10, 50), datetime(2026, 11, 23, 10, 55)]
