"""What the history keeps, end to end through `floorwatch check` (issue 12, items 3, 4, 12,
13): exports per (content, export time), provisional re-dating, the quarantine, and a
schema_version that is not a number.

Every input is written here from scratch; the checks are the real CLI on real folders.
"""

from __future__ import annotations

import json
import os
from datetime import datetime
from pathlib import Path
from typing import Any

import polars as pl
import pytest

from floorwatch import cli
from floorwatch.store import HistoryStore

DAY = "2026-11-23"
DASH_HEAD = (
    "Worker ID,Worker Name,Team,Status,Status Start,Task Type,Task ID,Logged In,Active,Idle,"
    "Export Time"
)
PAUSED_HEAD = "Task ID,Worker ID,Worker Name,Team,Task Type,Paused At,Reason,Export Time"
ACT_HEAD = "Worker ID,Worker Name,Team,Task ID,Task Type,Queue,Start,End,Outcome,Source,Export Time"


def _dashboard(at: str) -> str:
    rows = [
        f"K7,Kim Ro,East,Active,{DAY} {at}:00,,,2:00:00,1:40:00,0:10:00,{DAY} {at}:00",
        f"K8,Lu Sen,East,Active,{DAY} {at}:00,,,2:00:00,1:40:00,0:10:00,{DAY} {at}:00",
    ]
    return "\n".join([DASH_HEAD, *rows, ""])


def _performance() -> str:
    """Genesys performance, no export time in it: Kim 12 calls of 3 min, Lu 6 of 21 min."""
    head = "Interval Start,Interval End,Media Type,Agent Id,Agent Name,Handle,Avg Handle"
    rows = [
        f"{DAY} 09:00:00,{DAY} 10:00:00,voice,g7,Kim Ro,12,180000",
        f"{DAY} 09:00:00,{DAY} 10:00:00,voice,g8,Lu Sen,6,1260000",
    ]
    return "\n".join([head, *rows, ""])


@pytest.fixture
def site(tmp_path: Path) -> Path:
    """A starter config (`floorwatch init`) with a handle-time QSA, an empty drop folder."""
    config = tmp_path / "config"
    assert cli.main(["init", str(config)]) == 0
    with (config / "qsa.toml").open("a", encoding="utf-8") as f:
        # A task type, so that transaction times are judged (no warning on stderr).
        f.write("call_handle_minutes = 9.0\n[task_types]\nRenewal = 18\n")
    (tmp_path / "drop").mkdir()
    return tmp_path


def _check(site: Path, capsys: pytest.CaptureFixture[str], *extra: str) -> tuple[int, Any, str]:
    args = ["check", "--config", str(site / "config"), "--drop", str(site / "drop")]
    code = cli.main([*args, "--data", str(site / "data"), "--format", "json", *extra])
    out, err = capsys.readouterr()
    return code, json.loads(out) if out.strip() else None, err


def _drop(site: Path, name: str, text: str, mtime: datetime | None = None) -> Path:
    path = site / "drop" / name
    path.write_text(text, encoding="utf-8")
    if mtime is not None:
        os.utime(path, (mtime.timestamp(), mtime.timestamp()))
    return path


def _calls(result: Any) -> dict[str, Any]:
    return {w["worker_id"]: w["metrics"].get("calls_handled") for w in result["workers"]}


def _flags(result: Any) -> dict[str, list[str]]:
    return {w["worker_id"]: sorted(f["check"] for f in w["flags"]) for w in result["workers"]}


# -- item 3: a file dated by its modification time is re-dated -----------------------------


def test_an_undated_genesys_file_is_re_dated_by_the_same_bytes_stamped(
    site: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _drop(site, f"dash_{DAY}_1100.csv", _dashboard("11:00"))
    # Named like the public Genesys samples: no stamp, so its time is its mtime (later).
    _drop(site, "RESC.csv", _performance(), datetime(2026, 11, 23, 14, 47, 5))
    code, first, err = _check(site, capsys)
    assert err == "" and code in (0, 1)
    assert set(_calls(first).values()) <= {None, 0}  # 14:47 is after the as-of: unused
    _drop(site, f"Agent_Performance_{DAY}_1100.csv", _performance())
    for _ in range(2):  # and again: RESC.csv, still there, is that same export
        code, result, err = _check(site, capsys)
        assert err == "" and code == 1
        assert _calls(result) == {"K7": 12, "K8": 6}
        handle = {k: [f for f in v if f.endswith("_HANDLE")] for k, v in _flags(result).items()}
        assert handle == {"K7": ["SHORT_HANDLE"], "K8": ["LONG_HANDLE"]}
        stored = HistoryStore(site / "data").exports("agent_performance")
        assert [(e.export_time, e.dated_by) for e in stored] == [
            (datetime(2026, 11, 23, 11), "name")
        ]


def test_a_check_that_stores_nothing_re_dates_in_memory(
    site: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _drop(site, f"dash_{DAY}_1100.csv", _dashboard("11:00"))
    _drop(site, "RESC.csv", _performance(), datetime(2026, 11, 23, 10, 5))
    _drop(site, f"Agent_Performance_{DAY}_1000.csv", _performance())
    code, result, err = _check(site, capsys, "--no-record")
    assert err == "" and code == 1
    assert _calls(result) == {"K7": 12, "K8": 6}
    performance = [s for s in result["sources"] if s["kind"] == "agent_performance"]
    assert [(s["file"], s["export_time"]) for s in performance] == [
        (f"Agent_Performance_{DAY}_1000.csv", f"{DAY}T10:00:00")
    ]
    assert not (site / "data").exists()


# -- item 4: the same bytes at a later time are a newer export -----------------------------


def test_an_empty_paused_report_identical_to_an_earlier_one_clears_the_list(
    site: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    empty = PAUSED_HEAD + "\n"
    old = f"P-77,K7,Kim Ro,East,Renewal,2026-11-02 09:00:00,Waiting on client,{DAY} 09:00:00"
    steps = [
        ("08:00", f"Paused_{DAY}_0800.csv", empty),
        ("09:00", f"Paused_{DAY}_0900.csv", f"{PAUSED_HEAD}\n{old}\n"),
        ("11:00", f"Paused_{DAY}_1100.csv", empty),
    ]
    flagged = []
    for at, name, text in steps:
        _drop(site, f"dash_{DAY}_{at.replace(':', '')}.csv", _dashboard(at))
        _drop(site, name, text)
        _, result, err = _check(site, capsys)
        assert err == ""
        flagged.append("PAUSED_OVER_LIMIT" in _flags(result)["K7"])
    assert flagged == [False, True, False]
    paused = HistoryStore(site / "data").exports("paused")
    assert [e.export_time.hour for e in paused] == [8, 9, 11]


# -- item 12: a history file that cannot be read -------------------------------------------


def _stored_floor(site: Path, capsys: pytest.CaptureFixture[str]) -> Any:
    rows = [
        f"K7,Kim Ro,East,T{i},Renewal,,{DAY} 08:{i:02d}:00,{DAY} 08:{i + 1:02d}:00,Completed,,"
        for i in range(0, 40, 2)
    ]
    _drop(site, f"dash_{DAY}_1100.csv", _dashboard("11:00"))
    _drop(site, f"actions_{DAY}_1100.csv", "\n".join([ACT_HEAD, *rows, ""]))
    code, result, err = _check(site, capsys)
    assert err == "" and code in (0, 1)
    return result


def _damage(path: Path) -> None:
    """Zero the data pages, keep the footer: the file lists fine and fails when read."""
    data = bytearray(path.read_bytes())
    footer = int.from_bytes(data[-8:-4], "little")
    end = len(data) - 8 - footer
    data[4:end] = b"\x00" * (end - 4)
    path.write_bytes(bytes(data))


@pytest.mark.parametrize("no_record", [False, True])
def test_a_damaged_history_file_is_set_aside_and_the_drop_copy_read_again(
    site: Path, capsys: pytest.CaptureFixture[str], no_record: bool
) -> None:
    before = _stored_floor(site, capsys)
    store = HistoryStore(site / "data")
    (actions,) = store.exports("actions")
    _damage(actions.path)
    foreign = actions.path.parent / f"{DAY.replace('-', '')}T100000_0badc0de_c.parquet"
    foreign.write_bytes(b"PAR1 this is not parquet at all PAR1")
    code, result, err = _check(site, capsys, *(["--no-record"] if no_record else []))
    assert "internal error" not in err and code in (0, 1), err
    named = {e["file"]: e["error"] for e in result["errors"]}
    for path in (actions.path, foreign):
        relative = path.relative_to(site / "data").as_posix()
        assert f"history {relative}" in named
        assert "cannot be read" in named[f"history {relative}"]
        moved = site / "data" / "quarantine" / relative
        assert moved.exists() is not no_record
        assert ("moved to quarantine/" in named[f"history {relative}"]) is not no_record
    # Stored again from the drop folder's copy where the run stores; the foreign file gone.
    assert no_record or pl.read_parquet(actions.path).height == 20
    assert foreign.exists() is no_record
    # The numbers are those of the undamaged history: the drop folder's copy was read.
    assert result["workers"] == before["workers"]
    if not no_record:  # ... and stored again, so the next check has nothing to set aside
        code, again, err = _check(site, capsys)
        assert err == "" and again["errors"] == [] and again["workers"] == before["workers"]


def test_a_damaged_file_with_no_drop_copy_is_named_and_the_check_goes_on(
    site: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _stored_floor(site, capsys)
    (site / "drop" / f"actions_{DAY}_1100.csv").unlink()
    (actions,) = HistoryStore(site / "data").exports("actions")
    _damage(actions.path)
    code, result, err = _check(site, capsys)
    assert err == "" and code in (0, 1)
    assert [e["file"] for e in result["errors"]] == [
        f"history {actions.path.relative_to(site / 'data').as_posix()}"
    ]
    assert {w["metrics"]["cases_worked"] for w in result["workers"]} == {0}


# -- item 13: schema_version is not a number -----------------------------------------------


@pytest.mark.parametrize("version", ['"2"', "2.0", "null", "-1"])
@pytest.mark.parametrize("no_record", [False, True])
def test_a_schema_version_that_is_not_a_number_is_one_clear_error(
    site: Path, capsys: pytest.CaptureFixture[str], version: str, no_record: bool
) -> None:
    _drop(site, f"dash_{DAY}_1100.csv", _dashboard("11:00"))
    (site / "data").mkdir()
    (site / "data" / "store.json").write_text(f'{{"schema_version": {version}}}')
    code, _, err = _check(site, capsys, *(["--no-record"] if no_record else []))
    assert code == 2
    assert "internal error" not in err and "Traceback" not in err
    assert "store.json" in err and "schema_version" in err
    assert len(err.strip().splitlines()) == 1
