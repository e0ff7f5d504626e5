"""A simulated week, checked day by day with `floorwatch check`, then as a week.

The drop folder is overwritten every day, as real systems do: the week can only come out
right if the history store kept every day's exports, and trends only appear if every
day's run was recorded.
"""

from __future__ import annotations

import contextlib
import io
import json
from datetime import date, time, timedelta

import pytest

from floorwatch.cli import main
from floorwatch.simulate import FloorSpec, plant, write_config, write_day

MONDAY = date(2026, 11, 16)
WEEK = [MONDAY + timedelta(days=i) for i in range(5)]
SPEC = FloorSpec(seed=11, teams=2, size=6)


def check_json(*args: str) -> tuple[int, dict]:
    """`floorwatch check --format json ARGS`: its exit code and parsed output."""
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        code = main(["check", "--format", "json", *args])
    return code, json.loads(out.getvalue())


def flags_of(result: dict, worker_id: str) -> dict[tuple[str, str | None], dict]:
    worker = next(w for w in result["workers"] if w["worker_id"] == worker_id)
    subject_keys = ("task_type", "queue", "task_id", "status")
    return {
        (f["check"], next((f[k] for k in subject_keys if k in f), None)): f for f in worker["flags"]
    }


@pytest.fixture(scope="module")
def week(tmp_path_factory: pytest.TempPathFactory) -> tuple[list[dict], dict]:
    """Simulate Monday..Friday, checking each evening; then check the whole week."""
    folder = tmp_path_factory.mktemp("floor")
    config = str(write_config(folder, SPEC, today=WEEK[-1]))
    days = []
    for day in WEEK:
        write_day(folder, SPEC, day, until=time(16, 30))
        code, result = check_json("--config", config, "--at", f"{day} 16:30")
        assert code in (0, 1)
        days.append(result)
    at_friday = f"{WEEK[-1]} 16:30"
    _, week_result = check_json(
        "--config", config, "--at", at_friday, "--period", "week", "--no-record"
    )
    return days, week_result


def test_each_day_is_checked_as_of_its_own_evening(week) -> None:
    days, _ = week
    assert [d["as_of"] for d in days] == [f"{day}T16:30:00" for day in WEEK]
    assert all(d["period"]["kind"] == "day" for d in days)


def test_week_totals_are_the_sums_of_the_days(week) -> None:
    days, week_result = week
    assert week_result["period"] == {
        "kind": "week",
        "start": MONDAY.isoformat(),
        "end": WEEK[-1].isoformat(),
    }
    for worker in week_result["workers"]:
        wid = worker["worker_id"]
        daily = [w for d in days for w in d["workers"] if w["worker_id"] == wid]
        assert worker["metrics"]["cases_worked"] == sum(w["metrics"]["cases_worked"] for w in daily)
        logged = [w["metrics"]["logged_in_minutes"] for w in daily]
        if any(v is not None for v in logged):
            expected = sum(v for v in logged if v is not None)
            assert worker["metrics"]["logged_in_minutes"] == pytest.approx(expected, abs=0.02)


def test_week_reads_days_whose_files_are_gone(week) -> None:
    """Only Friday's files are in the drop folder; the week still holds five days."""
    _, week_result = week
    assert len(week_result["workers"]) == SPEC.teams * SPEC.size
    one = week_result["workers"][0]["metrics"]
    assert one["cases_worked"] > 0
    exported_days = {s["export_time"][:10] for s in week_result["sources"]}
    assert exported_days == {d.isoformat() for d in WEEK}


def test_a_flag_raised_every_day_becomes_a_trend_on_the_third(week) -> None:
    days, _ = week
    slow_worker, task_type = plant(SPEC).slow_on_task_type
    patterns = [flags_of(d, slow_worker)[("LONG_TXN", task_type)]["pattern"] for d in days]
    assert patterns == ["one-time", "one-time", "trend", "trend", "trend"]
    friday = flags_of(days[-1], slow_worker)[("LONG_TXN", task_type)]
    assert friday["trend_days"] == [d.isoformat() for d in WEEK]


def test_planted_caseworkers_are_flagged(week) -> None:
    days, _ = week
    planted = plant(SPEC)
    friday = days[-1]
    assert any(c == "SHORT_TXN" for c, _ in flags_of(friday, planted.short_transactions))
    assert any(c == "HIGH_COMPLETION" for c, _ in flags_of(friday, planted.full_completion))
    assert ("LOW_GET_NEXT", None) in flags_of(friday, planted.low_get_next)
    assert any(c == "LONG_ACTIVE" for c, _ in flags_of(friday, planted.stuck_on_task))
    assert ("LOW_LOGGED_IN", None) in flags_of(friday, planted.late_login)
    assert any(c == "PAUSED_OVER_LIMIT" for c, _ in flags_of(friday, planted.old_paused))
    assert ("PAUSED_BEFORE_LAST_DAY", None) in flags_of(friday, planted.resigning)
