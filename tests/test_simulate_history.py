"""`floorwatch simulate DIR --weeks N`: earlier weeks stored in DIR/history, checkable."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from floorwatch.cli import main
from floorwatch.simulate.history import weeks_before
from floorwatch.store import HistoryStore


def test_weeks_before_are_the_working_days_of_whole_weeks_and_this_one() -> None:
    days = weeks_before(date(2026, 11, 25), 2)  # a Wednesday
    assert days[0] == date(2026, 11, 9) and days[-1] == date(2026, 11, 24)
    assert len(days) == 12 and all(d.weekday() < 5 for d in days)
    assert weeks_before(date(2026, 11, 23), 0) == []  # a Monday: nothing before it


def test_simulate_weeks_stores_history_that_a_week_check_reads(tmp_path: Path, capsys) -> None:
    code = main(
        ["simulate", str(tmp_path), "--date", "2026-11-23", "--until", "11:00", "--weeks", "2"]
    )
    assert code == 0
    # Each day: dashboard, actions, paused, and the two Genesys Cloud exports.
    assert "stored 50 exports of 10 earlier working days" in capsys.readouterr().out
    history = HistoryStore(tmp_path / "history")
    for kind in ("actions", "agent_status"):
        stored = history.exports(kind)
        assert {e.export_time.date() for e in stored} == set(weeks_before(date(2026, 11, 23), 2))

    # The drop folder holds only today: last week comes from the history alone.
    config = str(tmp_path / "config")
    argv = ["check", "--config", config, "--period", "week", "--at", "2026-11-20 16:30"]
    main([*argv, "--format", "json", "--no-record"])
    report = json.loads(capsys.readouterr().out)
    assert report["period"]["start"] == "2026-11-16"
    cases = sum(w["metrics"]["cases_worked"] for w in report["workers"])
    assert cases > 5 * 40  # five days of a 40-caseworker floor


def test_demo_stores_its_weeks_before_the_app_opens(monkeypatch) -> None:
    from floorwatch.app import FloorwatchApp

    seen: list[set[date]] = []

    def fake_run(self: FloorwatchApp) -> None:  # what was stored when the app would open
        stored = HistoryStore(self.source.data_dir).exports("dashboard")
        seen.append({e.export_time.date() for e in stored})

    monkeypatch.setattr(FloorwatchApp, "run", fake_run)
    assert main(["demo", "--teams", "2", "--size", "5", "--weeks", "2"]) == 0
    assert seen == [set(weeks_before(date.today(), 2))]
