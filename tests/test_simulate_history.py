"""`floorwatch simulate DIR --weeks N`: earlier weeks stored in DIR/history, checkable."""

from __future__ import annotations

import json
import threading
from datetime import date, datetime
from pathlib import Path

from floorwatch.cli import main
from floorwatch.live import FloorSource
from floorwatch.service import NoDataError
from floorwatch.settings import load_config
from floorwatch.simulate import FloorSpec, write_config
from floorwatch.simulate.history import fill_history, weeks_before
from floorwatch.store import HistoryStore

SPEC = FloorSpec(seed=3, teams=2, size=5)


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


def test_the_demo_app_opens_at_once_and_its_weeks_are_stored_before_any_week_is_read(
    monkeypatch,
) -> None:
    """The first screen must not wait for the earlier weeks (it has to be up in < 2 s);
    anything that reads weeks waits until they are all stored."""
    from floorwatch.app import FloorwatchApp

    seen: list[set[date]] = []

    def fake_run(self: FloorwatchApp) -> None:  # what a week's check would find
        self.source.wait_for_history()
        stored = HistoryStore(self.source.data_dir).exports("dashboard")
        seen.append({e.export_time.date() for e in stored if e.export_time.date() < date.today()})

    monkeypatch.setattr(FloorwatchApp, "run", fake_run)
    assert main(["demo", "--teams", "2", "--size", "5", "--weeks", "2"]) == 0
    assert seen == [set(weeks_before(date.today(), 2))]


def test_a_week_asked_for_while_the_history_is_being_stored_waits_for_it(
    tmp_path: Path,
) -> None:
    config = load_config(write_config(tmp_path, SPEC, today=date(2026, 11, 23)))
    ready = threading.Event()
    source = FloorSource(config, None, tmp_path / "history", history_ready=ready)
    outcome: list[object] = []

    def ask() -> None:
        try:
            outcome.append(source.check_period("week", datetime(2026, 11, 20, 16, 30)))
        except NoDataError as exc:
            outcome.append(exc)

    asker = threading.Thread(target=ask)
    asker.start()
    asker.join(0.3)
    assert asker.is_alive() and not outcome  # waiting, not answering from half a history
    fill_history(tmp_path / "history", SPEC, config, weeks_before(date(2026, 11, 23), 1))
    ready.set()
    asker.join(30)
    assert len(outcome) == 1 and not isinstance(outcome[0], NoDataError)
