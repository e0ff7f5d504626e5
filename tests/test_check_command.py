"""`floorwatch check` end to end on CSV files (spec/check-output.md)."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from floorwatch import cli
from floorwatch.store import HistoryStore

DASHBOARD_HEAD = (
    "Worker ID,Worker Name,Team,Status,Status Start,Task Type,Task ID,Logged In,Active,Idle,"
    "Export Time"
)
ACTIONS_HEAD = (
    "Worker ID,Worker Name,Team,Task ID,Task Type,Queue,Start,End,Outcome,Source,Export Time"
)
PAUSED_HEAD = "Task ID,Worker ID,Worker Name,Team,Task Type,Paused At,Reason,Export Time"

EXPORTED = "2026-11-23 11:00:00"
ANA = f"W1001,Ana Diaz,North,Idle,2026-11-23 10:37:30,,,3:00:00,2:00:00,50,{EXPORTED}"
BO = f"W1002,Bo Li,North,Active,2026-11-23 10:50:00,Renewal,A9,170,130,20,{EXPORTED}"
CY = f"W2001,Cy Ng,South,Active,2026-11-23 10:55:00,,,175,140,10,{EXPORTED}"
ACTIONS = [
    "W1002,Bo Li,North,A1,Renewal,,2026-11-23 08:00:00,2026-11-23 08:15:00,Completed,Get Next,"
    "2026-11-23 10:45:00",
    "W1002,Bo Li,North,A2,Renewal,,2026-11-23 08:20:00,2026-11-23 08:35:00,Completed,Get Next,"
    "2026-11-23 10:45:00",
    "W1002,Bo Li,North,A3,renewal,,2026-11-23 08:40:00,2026-11-23 08:56:00,Not Completed,"
    "Manual,2026-11-23 10:45:00",
    "W1002,Bo Li,North,A4,Renewal,,soon,,,,2026-11-23 10:45:00",  # line 5: rejected
]

WORKER_KEYS = {"worker_id", "name", "team", "status", "status_minutes", "task_type"}
METRIC_KEYS = {
    "logged_in_minutes",
    "active_minutes",
    "idle_minutes",
    "utilization_pct",
    "idle_pct",
    "logged_in_pct",
    "cases_worked",
    "completed",
    "completion_rate_pct",
    "get_next_rate_pct",
    "avg_txn_minutes",
    "txn_minutes_by_task_type",
    # kpis.md: the contact-centre metrics (null / {} without Genesys exports).
    "calls_handled",
    "avg_handle_minutes",
    "presence_minutes",
    # v2: null for anyone not judged on a schedule (no roster here).
    "scheduled_days",
    "absent_days",
}


@pytest.fixture
def floorwatch(capsys: pytest.CaptureFixture[str]) -> Any:
    """Run `floorwatch.cli.main` and return (exit status, stdout, stderr)."""

    def run(*argv: str | Path) -> tuple[int, str, str]:
        capsys.readouterr()
        code = cli.main([str(a) for a in argv])
        out, err = capsys.readouterr()
        return code, out, err

    return run


def write(path: Path, *lines: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.fixture
def site(tmp_path: Path) -> Path:
    """A config folder (QSA with Renewal = 18), a drop folder with a flagged floor, no data."""
    write(tmp_path / "config" / "qsa.toml", "[task_types]", "Renewal = 18")
    drop = tmp_path / "drop"
    write(drop / "dashboard_2026-11-23_1100.csv", DASHBOARD_HEAD, ANA, BO, CY)
    write(drop / "actions_2026-11-23.csv", ACTIONS_HEAD, *ACTIONS)
    write(drop / "actions_broken.csv", "Worker ID,Task Type,Queue", "W1,Renewal,Q")
    return tmp_path


def args(site: Path, *more: str) -> list[str | Path]:
    return [
        "check",
        "--config",
        site / "config",
        "--drop",
        site / "drop",
        "--data",
        site / "data",
        *more,
    ]


def as_json(out: str) -> dict[str, Any]:
    return json.loads(out)


# -- exit status -------------------------------------------------------------------------------


def test_exit_1_when_something_is_flagged(floorwatch: Any, site: Path) -> None:
    code, out, _ = floorwatch(*args(site, "--format", "json"))
    assert code == 1
    assert any(w["flags"] for w in as_json(out)["workers"])


def test_exit_0_when_nothing_is_flagged(floorwatch: Any, tmp_path: Path) -> None:
    write(tmp_path / "drop" / "dashboard_2026-11-23_1100.csv", DASHBOARD_HEAD, CY)
    code, out, err = floorwatch(
        "check", "--drop", tmp_path / "drop", "--data", tmp_path / "data", "--format", "json"
    )
    assert code == 0, err
    result = as_json(out)
    assert [w["worker_id"] for w in result["workers"]] == ["W2001"]
    assert result["workers"][0]["flags"] == []
    # 175 of 180 minutes logged in, utilization exactly 80 = 75 + 5: not flagged.
    assert result["workers"][0]["metrics"]["utilization_pct"] == 80.0


def test_exit_2_with_no_data(floorwatch: Any, tmp_path: Path) -> None:
    (tmp_path / "drop").mkdir()
    code, out, err = floorwatch("check", "--drop", tmp_path / "drop", "--data", tmp_path / "data")
    assert code == 2
    assert out == ""
    assert len(err.strip().splitlines()) == 1
    assert "Traceback" not in err


def test_exit_2_json_still_printed_with_the_errors(floorwatch: Any, tmp_path: Path) -> None:
    write(tmp_path / "drop" / "actions_broken.csv", "Worker ID,Task Type,Queue", "W1,Renewal,Q")
    code, out, err = floorwatch(
        "check", "--drop", tmp_path / "drop", "--data", tmp_path / "data", "--format", "json"
    )
    assert code == 2
    assert len(err.strip().splitlines()) == 1
    result = as_json(out)
    assert {"as_of", "period", "workers", "teams", "sources", "errors"} <= set(result)
    assert result["workers"] == []
    broken = [e for e in result["errors"] if e.get("file") == "actions_broken.csv"]
    # Nearest kind: paused (2 required columns missing, actions 4).
    assert len(broken) == 1 and "Paused At" in broken[0]["error"]


@pytest.mark.parametrize(
    ("name", "text"),
    [
        ("floorwatch.toml", 'idle_alert_minutes = "ten"'),
        ("qsa.toml", "utilization_pct = [75]"),
        ("floorwatch.toml", "not toml at all ="),
    ],
)
def test_bad_config_exits_2_with_one_line(
    floorwatch: Any, site: Path, name: str, text: str
) -> None:
    write(site / "config" / name, text)
    code, out, err = floorwatch(*args(site))
    assert code == 2
    assert out == ""
    assert len(err.strip().splitlines()) == 1
    assert name in err
    assert "Traceback" not in err
    assert not (site / "data").exists()


def test_newer_store_exits_2(floorwatch: Any, site: Path) -> None:
    write(site / "data" / "store.json", json.dumps({"schema_version": 999}))
    code, out, err = floorwatch(*args(site, "--format", "json"))
    assert code == 2
    assert len(err.strip().splitlines()) == 1
    assert as_json(out)["workers"] == []


# -- the JSON shape ----------------------------------------------------------------------------


def test_json_shape_and_values(floorwatch: Any, site: Path) -> None:
    code, out, _ = floorwatch(*args(site, "--format", "json"))
    assert code == 1
    r = as_json(out)
    assert set(r) == {
        "as_of",
        "data_as_of",
        "age_minutes",
        "stale",
        "period",
        "missing_days",
        "workers",
        "teams",
        "sources",
        "errors",
        "unused",
    }
    assert r["as_of"] == "2026-11-23T11:00:00"
    # No --at: the snapshot's age runs to the wall clock (2026 is long past or far ahead
    # of whenever this test runs, so it is stale either way).
    assert (r["data_as_of"], r["missing_days"]) == ("2026-11-23T11:00:00", [])
    assert r["stale"] is (abs(r["age_minutes"]) > 20)
    assert r["period"] == {"kind": "day", "start": "2026-11-23", "end": "2026-11-23"}
    # Sorted by team, then worker id.
    assert [(w["team"], w["worker_id"]) for w in r["workers"]] == [
        ("North", "W1001"),
        ("North", "W1002"),
        ("South", "W2001"),
    ]
    for w in r["workers"]:
        assert set(w) == WORKER_KEYS | {"metrics", "flags"}
        assert set(w["metrics"]) == METRIC_KEYS

    ana, bo, cy = r["workers"]
    assert (ana["name"], ana["status"], ana["status_minutes"], ana["task_type"]) == (
        "Ana Diaz",
        "Idle",
        22.5,
        None,
    )
    assert ana["metrics"] == {
        "logged_in_minutes": 180.0,
        "active_minutes": 120.0,
        "idle_minutes": 50.0,
        "utilization_pct": 66.67,
        "idle_pct": 27.78,
        "logged_in_pct": 100.0,
        "cases_worked": 0,
        "completed": 0,
        "completion_rate_pct": None,
        "get_next_rate_pct": None,
        "avg_txn_minutes": None,
        "txn_minutes_by_task_type": {},
        "calls_handled": None,
        "avg_handle_minutes": None,
        "presence_minutes": {},
        "scheduled_days": None,
        "absent_days": None,
    }
    assert [(f["check"], f["value"], f["expected"], f["pattern"]) for f in ana["flags"]] == [
        ("IDLE_NOW", 22.5, 15.0, "one-time"),
        ("LOW_UTILIZATION", 66.67, 75.0, "one-time"),
    ]
    for f in ana["flags"]:
        assert {"check", "value", "expected", "pattern", "detail"} <= set(f)
        assert "task_type" not in f and "queue" not in f and "task_id" not in f
        assert isinstance(f["detail"], str) and f["detail"]

    assert (bo["status"], bo["status_minutes"], bo["task_type"]) == ("Active", 10.0, "Renewal")
    bm = bo["metrics"]
    assert (bm["cases_worked"], bm["completed"]) == (3, 2)
    assert (bm["completion_rate_pct"], bm["get_next_rate_pct"]) == (66.67, 66.67)
    assert bm["avg_txn_minutes"] == 15.33
    assert bm["txn_minutes_by_task_type"] == {"Renewal": 15.33}
    assert (bm["utilization_pct"], bm["logged_in_pct"]) == (76.47, 94.44)
    assert bo["flags"] == []
    assert cy["flags"] == []

    north, south = r["teams"]
    assert {"team", "workers", "flagged_workers", "metrics"} <= set(north)
    assert set(north["metrics"]) == METRIC_KEYS
    assert (north["team"], north["workers"], north["flagged_workers"]) == ("North", 2, 1)
    nm = north["metrics"]
    assert (nm["logged_in_minutes"], nm["active_minutes"]) == (350.0, 250.0)
    assert (nm["utilization_pct"], nm["logged_in_pct"]) == (71.43, 97.22)
    assert (nm["cases_worked"], nm["completion_rate_pct"], nm["avg_txn_minutes"]) == (
        3,
        66.67,
        15.33,
    )
    assert (south["team"], south["workers"], south["flagged_workers"]) == ("South", 1, 0)

    sources = {s["file"]: s for s in r["sources"]}
    assert sources["dashboard_2026-11-23_1100.csv"] == {
        "file": "dashboard_2026-11-23_1100.csv",
        "kind": "dashboard",
        "rows": 3,
        "export_time": "2026-11-23T11:00:00",
    }
    assert sources["actions_2026-11-23.csv"]["rows"] == 3
    assert sources["actions_2026-11-23.csv"]["export_time"] == "2026-11-23T10:45:00"

    errors = r["errors"]
    assert {"file": "actions_2026-11-23.csv", "line": 5} in [
        {k: e[k] for k in ("file", "line") if k in e} for e in errors
    ]
    assert any(e["file"] == "actions_broken.csv" and "line" not in e for e in errors)
    assert all(isinstance(e["error"], str) and e["error"] for e in errors)


def test_json_puts_each_caseworker_team_and_source_on_a_line_of_its_own(
    floorwatch: Any, site: Path
) -> None:
    code, out, _ = floorwatch(*args(site, "--format", "json"))
    assert code == 1
    r = as_json(out)
    lines = out.splitlines()
    for key in ("workers", "teams", "sources"):
        start = lines.index(f'  "{key}": [')
        items = lines[start + 1 : start + 1 + len(r[key])]
        assert [json.loads(line.strip().removesuffix(",")) for line in items] == r[key]
        assert lines[start + 1 + len(r[key])].strip().startswith("]")
    assert lines[0] == "{" and lines[-1] == "}"
    assert '  "errors": [' in lines  # the broken export is listed


def test_flag_subject_key_is_named_by_the_check(floorwatch: Any, tmp_path: Path) -> None:
    rows = [
        f"W1,Ana,North,T{i},Renewal,,2026-11-23 08:{10 * i:02d}:00,"
        f"2026-11-23 08:{10 * i + 9:02d}:30,Completed,Get Next,{EXPORTED}"
        for i in range(3)
    ]
    write(tmp_path / "drop" / "actions.csv", ACTIONS_HEAD, *rows)
    write(tmp_path / "config" / "qsa.toml", "[task_types]", "Renewal = 40")
    code, out, _ = floorwatch(
        "check",
        "--config",
        tmp_path / "config",
        "--drop",
        tmp_path / "drop",
        "--data",
        tmp_path / "data",
        "--format",
        "json",
    )
    assert code == 1
    (w,) = as_json(out)["workers"]
    assert (w["status"], w["metrics"]["logged_in_minutes"]) == (None, None)
    (f,) = w["flags"]
    assert (f["check"], f["task_type"], f["value"], f["expected"]) == (
        "SHORT_TXN",
        "Renewal",
        9.5,
        40.0,
    )


def test_team_filter(floorwatch: Any, site: Path) -> None:
    code, out, _ = floorwatch(*args(site, "--format", "json", "--team", "South"))
    r = as_json(out)
    assert [w["worker_id"] for w in r["workers"]] == ["W2001"]
    assert [t["team"] for t in r["teams"]] == ["South"]
    assert code == 0  # the flagged caseworkers are on another team
    code, out, _ = floorwatch(*args(site, "--format", "json", "--team", "North", "--no-record"))
    assert code == 1
    assert [w["worker_id"] for w in as_json(out)["workers"]] == ["W1001", "W1002"]


def test_at_ignores_later_exports(floorwatch: Any, site: Path) -> None:
    code, out, _ = floorwatch(*args(site, "--format", "json", "--at", "2026-11-23 10:50"))
    r = as_json(out)
    assert r["as_of"] == "2026-11-23T10:50:00"
    # The 11:00 dashboard is after the as-of: only the 10:45 actions export is read.
    assert [w["worker_id"] for w in r["workers"]] == ["W1002"]
    assert r["workers"][0]["metrics"]["logged_in_minutes"] is None
    assert r["workers"][0]["status"] is None
    assert [s["kind"] for s in r["sources"]] == ["actions"]
    assert code == 0


def test_week_period_has_no_status(floorwatch: Any, site: Path) -> None:
    code, out, _ = floorwatch(*args(site, "--format", "json", "--period", "week"))
    r = as_json(out)
    assert r["period"] == {"kind": "week", "start": "2026-11-23", "end": "2026-11-23"}
    assert all(w["status"] is None and w["status_minutes"] is None for w in r["workers"])
    ana = r["workers"][0]
    assert [f["check"] for f in ana["flags"]] == ["LOW_UTILIZATION"]
    assert code == 1


# -- recording ---------------------------------------------------------------------------------


def _snapshot(folder: Path) -> dict[str, tuple[int, int]]:
    return {
        str(p.relative_to(folder)): (p.stat().st_size, p.stat().st_mtime_ns)
        for p in folder.rglob("*")
    }


def test_no_record_leaves_the_data_folder_untouched(floorwatch: Any, site: Path) -> None:
    code, _, _ = floorwatch(*args(site, "--no-record"))
    assert code == 1
    assert not (site / "data").exists()
    # With a store in place: nothing added, nothing rewritten.
    assert floorwatch(*args(site))[0] == 1
    before = _snapshot(site / "data")
    # Thu 09:00 -> Mon 11:00: 15 h + Fri 24 h + 11 h = 50 working hours > 2 days.
    write(site / "drop" / "paused.csv", PAUSED_HEAD, f"P1,W1001,,,,2026-11-19 09:00:00,,{EXPORTED}")
    code, out, _ = floorwatch(*args(site, "--no-record", "--format", "json"))
    assert code == 1
    assert _snapshot(site / "data") == before
    # The new paused file was still read.
    ana = as_json(out)["workers"][0]
    assert "PAUSED_OVER_LIMIT" in [f["check"] for f in ana["flags"]]


def test_a_recorded_run_and_its_exports_are_in_the_store(floorwatch: Any, site: Path) -> None:
    code, _, _ = floorwatch(*args(site))
    assert code == 1
    store = HistoryStore(site / "data")
    (run,) = store.runs()
    assert (run.as_of, run.period_kind) == (datetime(2026, 11, 23, 11), "day")
    flags = sorted(run.flags.select("worker_id", "check", "subject", "pattern").rows())
    assert flags == [
        ("W1001", "IDLE_NOW", "", "one-time"),
        ("W1001", "LOW_UTILIZATION", "", "one-time"),
    ]
    assert sorted(e.kind for e in store.exports()) == ["actions", "dashboard"]
    # The drop folder emptied, the stored exports still answer.
    for p in (site / "drop").iterdir():
        p.unlink()
    code, out, _ = floorwatch(*args(site, "--format", "json", "--at", "2026-11-23 11:00"))
    assert code == 1
    assert [w["worker_id"] for w in as_json(out)["workers"]] == ["W1001", "W1002", "W2001"]
    assert len(HistoryStore(site / "data").runs()) == 2


# -- csv and table -----------------------------------------------------------------------------


def test_csv_one_row_per_flag(floorwatch: Any, site: Path) -> None:
    code, out, _ = floorwatch(*args(site, "--format", "csv", "--no-record"))
    assert code == 1
    rows = list(csv.DictReader(io.StringIO(out)))
    assert [(r["worker_id"], r["check"], r["value"], r["expected"]) for r in rows] == [
        ("W1001", "IDLE_NOW", "22.5", "15.0"),
        ("W1001", "LOW_UTILIZATION", "66.67", "75.0"),
    ]
    assert {r["team"] for r in rows} == {"North"}
    assert {r["pattern"] for r in rows} == {"one-time"}


def test_table_groups_by_team_and_shows_flags_in_words(floorwatch: Any, site: Path) -> None:
    code, out, _ = floorwatch(*args(site, "--no-record"))
    assert code == 1
    _, js, _ = floorwatch(*args(site, "--no-record", "--format", "json"))
    r = as_json(js)
    lines = out.splitlines()

    def index(text: str) -> int:
        return next(i for i, line in enumerate(lines) if text in line)

    north, south = index("North"), index("South")
    assert north < index("W1001") < index("W1002") < south < index("W2001")
    assert "idle too long now" in out and "low utilization" in out
    assert index("idle too long now") < south
    # The same numbers as the JSON, as the table writes them (one decimal).
    for w in r["workers"]:
        row = lines[index(w["worker_id"])]
        m = w["metrics"]
        for key in ("utilization_pct", "logged_in_pct", "completion_rate_pct"):
            shown = "-" if m[key] is None else f"{m[key]:.1f}"
            assert shown in row.split(), (w["worker_id"], key, row)
    north_line = lines[north] + lines[north + 1]
    assert "71.4" in north_line and "97.2" in north_line


# -- as a real process -------------------------------------------------------------------------


def test_as_a_subprocess(site: Path) -> None:
    env = {**os.environ, "PYTHONWARNINGS": "ignore"}

    def run(*more: str | Path) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "floorwatch", *map(str, more)],
            capture_output=True,
            text=True,
            env=env,
            cwd=site,
            timeout=60,
        )

    flagged = run(*args(site, "--format", "json", "--no-record"))
    assert flagged.returncode == 1, flagged.stderr
    assert json.loads(flagged.stdout)["as_of"] == "2026-11-23T11:00:00"
    write(site / "config" / "floorwatch.toml", "", 'idle_alert_minutes = "ten"')
    bad = run(*args(site))
    assert bad.returncode == 2
    assert "Traceback" not in bad.stderr
    assert len(bad.stderr.strip().splitlines()) == 1
    assert "floorwatch.toml:2" in bad.stderr and "idle_alert_minutes" in bad.stderr
    (site / "config" / "floorwatch.toml").unlink()
    empty = site / "empty"
    empty.mkdir()
    nodata = run("check", "--drop", empty, "--data", site / "data2")
    assert nodata.returncode == 2
    assert "Traceback" not in nodata.stderr
    assert len(nodata.stderr.strip().splitlines()) == 1


# -- folders and values ------------------------------------------------------------------------


def test_config_defaults_to_the_config_folder_here(
    floorwatch: Any, site: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write(site / "config" / "floorwatch.toml", "idle_alert_minutes = 30")
    monkeypatch.chdir(site)
    code, out, _ = floorwatch("check", "--drop", "drop", "--data", "data", "--format", "json")
    ana = as_json(out)["workers"][0]
    assert [f["check"] for f in ana["flags"]] == ["LOW_UTILIZATION"]  # idle 22.5 < 30
    assert code == 1


def test_drop_and_data_folders_from_floorwatch_toml(floorwatch: Any, site: Path) -> None:
    write(site / "config" / "floorwatch.toml", 'drop_dir = "../drop"', 'data_dir = "../history"')
    code, out, _ = floorwatch("check", "--config", site / "config", "--format", "json")
    assert code == 1
    assert len(as_json(out)["workers"]) == 3
    assert len(HistoryStore(site / "history").runs()) == 1


def test_status_outcome_and_source_match_case_insensitively(
    floorwatch: Any, tmp_path: Path
) -> None:
    rows = [
        f"W1,Ana,North,T{i},Renewal,,2026-11-23 08:{10 * i:02d}:00,"
        f"2026-11-23 08:{10 * i + 5:02d}:00,{outcome},{source},{EXPORTED}"
        for i, (outcome, source) in enumerate(
            [("completed", "GET NEXT"), ("COMPLETED", "get next"), ("not completed", "manual")]
        )
    ]
    write(tmp_path / "drop" / "actions.csv", ACTIONS_HEAD, *rows)
    write(
        tmp_path / "drop" / "dashboard.csv",
        DASHBOARD_HEAD,
        f"W1,Ana,North,IDLE,2026-11-23 10:30:00,,,170,130,20,{EXPORTED}",
    )
    code, out, _ = floorwatch(
        "check", "--drop", tmp_path / "drop", "--data", tmp_path / "data", "--format", "json"
    )
    (w,) = as_json(out)["workers"]
    m = w["metrics"]
    assert (m["cases_worked"], m["completed"]) == (3, 2)
    assert (m["completion_rate_pct"], m["get_next_rate_pct"]) == (66.67, 66.67)
    assert w["status"] == "Idle"
    assert [f["check"] for f in w["flags"]] == ["IDLE_NOW"]
    assert code == 1


def test_at_before_every_export_is_no_usable_data(floorwatch: Any, site: Path) -> None:
    code, _, err = floorwatch(*args(site, "--at", "2026-11-22 10:00", "--no-record"))
    assert code == 2
    assert len(err.strip().splitlines()) == 1


def test_a_reader_that_stops_early_gets_no_error_message(site: Path) -> None:
    """`floorwatch check | head`: the reader is gone before floorwatch writes (the table
    fits a pipe's buffer, so closing after a line would not break it); floorwatch ends
    quietly, as a shell expects of a process whose reader left."""
    command = [sys.executable, "-m", "floorwatch", *map(str, args(site, "--format", "table"))]
    with subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE) as process:
        assert process.stdout is not None and process.stderr is not None
        process.stdout.close()
        errors = process.stderr.read().decode()
        code = process.wait(timeout=60)
    assert errors == ""
    assert code == 141
