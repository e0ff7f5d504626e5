"""`floorwatch check` end to end (real files in a temp folder): the roster's people, leave,
freshness and missing days of spec v2."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import test_check_command
from test_check_command import ANA, BO, CY, DASHBOARD_HEAD, args, write

#: The fixture that runs the CLI and returns (exit status, stdout, stderr).
floorwatch = test_check_command.floorwatch

ROSTER = (
    "Worker ID,Worker Name,Team,Shift Start,Work Days,Role",
    "W1001,Ana Diaz,North,,,",
    "W1002,Bo Li,North,,,Front line",
    "W3001,Dee Noshow,North,,,",
    "W3002,Sam Lead,North,,,Supervisor",
    "W3003,Eve Away,South,,,",
    "W3004,Fay Fourday,South,,Mon-Thu,",
    "W1002,Bo Again,South,,,",  # line 8: a second W1002, refused and reported
)
LEAVE = (
    "Worker ID,From,To,Type",
    "# an example line, as init writes",
    "W3003,2026-11-23,2026-11-27,Annual",
    "W3001,2026-11-24,2026-11-24,Sick",
)


@pytest.fixture
def site(tmp_path: Path) -> Path:
    """Monday 2026-11-23: one dashboard at 11:00 with Ana, Bo and Cy (not rostered)."""
    write(tmp_path / "config" / "roster.csv", *ROSTER)
    write(tmp_path / "config" / "leave.csv", *LEAVE)
    write(tmp_path / "drop" / "dashboard_2026-11-23_1100.csv", DASHBOARD_HEAD, ANA, BO, CY)
    return tmp_path


def check(floorwatch: Any, site: Path, *more: str) -> tuple[int, dict[str, Any]]:
    code, out, err = floorwatch(*args(site, "--format", "json", "--no-record", *more))
    assert code in (0, 1), err
    return code, json.loads(out)


def by_id(result: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {w["worker_id"]: w for w in result["workers"]}


def test_the_rosters_people_are_listed_and_a_no_show_is_flagged(
    floorwatch: Any, site: Path
) -> None:
    code, r = check(floorwatch, site, "--at", "2026-11-23 11:05")
    assert code == 1
    assert (r["data_as_of"], r["age_minutes"], r["stale"]) == ("2026-11-23T11:00:00", 5.0, False)
    assert r["missing_days"] == []
    workers = by_id(r)
    # The supervisor without rows is not listed; Cy (not rostered) is, as in version 1.
    assert set(workers) == {"W1001", "W1002", "W3001", "W3003", "W3004", "W2001"}
    dee = workers["W3001"]
    assert (dee["status"], dee["team"]) == (None, "North")
    m = dee["metrics"]
    assert (m["scheduled_days"], m["absent_days"]) == (1, 0)
    assert (m["logged_in_minutes"], m["logged_in_pct"], m["cases_worked"]) == (0.0, 0.0, 0)
    assert (m["utilization_pct"], m["active_minutes"]) == (None, None)
    late = {f["check"]: f for f in dee["flags"]}["NOT_LOGGED_IN"]
    assert (late["value"], late["expected"]) == (180.0, 15.0)  # 08:00 -> S 11:00
    # Annual leave all week: listed, not due, not flagged.
    eve = workers["W3003"]
    assert eve["flags"] == []
    assert (eve["metrics"]["scheduled_days"], eve["metrics"]["logged_in_pct"]) == (0, None)
    # Not rostered: no schedule.
    assert workers["W2001"]["metrics"]["scheduled_days"] is None
    north = {t["team"]: t for t in r["teams"]}["North"]
    # Ana, Bo and Dee (Bo's second roster row, in South, is refused).
    assert (north["workers"], north["not_logged_in"]) == (3, 1)
    (roster_error,) = [e for e in r["errors"] if e["file"] == "roster.csv"]
    assert roster_error["line"] == 8 and "already on line 3" in roster_error["error"]


def test_a_stale_snapshot_stops_durations_and_the_table_says_stale(
    floorwatch: Any, site: Path
) -> None:
    _, r = check(floorwatch, site, "--at", "2026-11-23 12:00")
    assert (r["age_minutes"], r["stale"]) == (60.0, True)
    ana = by_id(r)["W1001"]
    # Idle since 10:37:30; 60 minutes after S the minutes stop at S: 22.5, not 82.5.
    assert (ana["status"], ana["status_minutes"]) == ("Idle", 22.5)
    _, out, _ = floorwatch(*args(site, "--no-record", "--at", "2026-11-23 12:00"))
    assert out.splitlines()[0].startswith("STALE")
    assert "2026-11-23 11:00" in out.splitlines()[0]


def test_the_next_morning_has_no_live_snapshot(floorwatch: Any, site: Path) -> None:
    _, r = check(floorwatch, site, "--at", "2026-11-24 07:00")
    assert (r["data_as_of"], r["age_minutes"], r["stale"]) == (None, None, True)
    workers = by_id(r)
    # Only the roster's people: yesterday's rows are not today's.
    assert set(workers) == {"W1001", "W1002", "W3001", "W3003", "W3004"}
    assert all(w["status"] is None for w in workers.values())
    assert all(
        f["check"] not in ("IDLE_NOW", "LONG_ACTIVE", "NOT_LOGGED_IN")
        for w in workers.values()
        for f in w["flags"]
    )
    _, out, _ = floorwatch(*args(site, "--no-record", "--at", "2026-11-24 07:00"))
    assert out.startswith("STALE")


def test_a_week_with_a_missing_day_a_sick_day_and_a_four_day_worker(
    floorwatch: Any, site: Path
) -> None:
    # Thursday 26th at 10:00: Monday has data, Tuesday and Wednesday none.
    thursday = (
        "W1001,Ana Diaz,North,Active,2026-11-26 09:50:00,,,120,100,10,2026-11-26 10:00:00",
        "W3004,Fay Fourday,South,Active,2026-11-26 09:00:00,,,60,50,5,2026-11-26 10:00:00",
    )
    write(site / "drop" / "dashboard_2026-11-26_1000.csv", DASHBOARD_HEAD, *thursday)
    _, r = check(floorwatch, site, "--at", "2026-11-26 10:00", "--period", "week")
    assert r["missing_days"] == ["2026-11-24", "2026-11-25"]
    workers = by_id(r)
    ana = workers["W1001"]["metrics"]
    # Monday 480 (180 logged in) + Thursday 08:00 -> 10:00 = 120 (120 logged in).
    assert (ana["scheduled_days"], ana["absent_days"]) == (2, 0)
    assert ana["logged_in_pct"] == pytest.approx(round(300 / 600 * 100, 2))
    # Dee: sick on Tuesday, a missing day: not scheduled; Monday absent; Thursday due.
    dee = workers["W3001"]["metrics"]
    assert (dee["scheduled_days"], dee["absent_days"]) == (2, 1)
    fay = workers["W3004"]["metrics"]
    assert (fay["scheduled_days"], fay["absent_days"]) == (2, 1)


def test_clock_exports_measures_age_to_the_newest_export(floorwatch: Any, site: Path) -> None:
    # Without --at the wall clock is days past 2026-11-23 11:00: stale.
    _, wall = check(floorwatch, site)
    assert wall["stale"] is True and wall["age_minutes"] > 20
    write(site / "config" / "floorwatch.toml", 'clock = "exports"')
    _, replay = check(floorwatch, site)
    assert (replay["age_minutes"], replay["stale"]) == (0.0, False)


def test_bad_leave_rows_are_reported_and_the_floor_runs(floorwatch: Any, site: Path) -> None:
    write(site / "config" / "leave.csv", *LEAVE, "W3001,tomorrow,2026-11-30,Annual")
    _, r = check(floorwatch, site, "--at", "2026-11-23 11:05")
    (error,) = [e for e in r["errors"] if e["file"] == "leave.csv"]
    assert error["line"] == 5 and "From" in error["error"]
    assert "NOT_LOGGED_IN" in {f["check"] for f in by_id(r)["W3001"]["flags"]}
