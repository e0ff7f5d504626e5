"""`floorwatch watch` and `floorwatch demo` build the app they promise (the app's run is
replaced: these tests check the wiring, the other app tests drive the app itself)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from app_helpers import DAY, SPEC

from floorwatch.app import FloorwatchApp
from floorwatch.cli import main
from floorwatch.commands.demo import working_days_before
from floorwatch.simulate import write_config


@pytest.fixture
def opened(monkeypatch) -> list[FloorwatchApp]:
    """The apps the command would have run, with what was on disk while they 'ran'."""
    apps: list[FloorwatchApp] = []

    def fake_run(self: FloorwatchApp) -> None:
        self.drop_files = sorted(p.name for p in self.source.drop_dir.glob("*.csv"))
        apps.append(self)

    monkeypatch.setattr(FloorwatchApp, "run", fake_run)
    return apps


def test_watch_passes_folders_team_coordinator_and_settle(workdir: Path, opened) -> None:
    config = write_config(workdir, SPEC, today=DAY)
    code = main(
        [
            "watch",
            "--config",
            str(config),
            "--drop",
            str(workdir),
            "--data",
            str(workdir / "data"),
            "--team",
            "North",
            "--coordinator",
            "Pat",
            "--settle",
            "5",
        ]
    )
    assert code == 0
    (app,) = opened
    assert app.source.drop_dir == workdir and app.source.data_dir == workdir / "data"
    assert (app.start_team, app.coordinator, app.settle_seconds) == ("North", "Pat", 5.0)
    assert app.source.config.roster.height == SPEC.teams * SPEC.size


def test_demo_runs_on_a_live_simulated_floor_and_cleans_up(opened) -> None:
    assert main(["demo", "--teams", "2", "--size", "5", "--start", "10:30"]) == 0
    (app,) = opened
    # The demo floor takes calls: Genesys exports, named with their export time, beside the rest.
    genesys = sorted(f.rsplit("_", 2)[0] for f in app.drop_files if f.startswith("Agent_"))
    assert genesys == ["Agent_Performance", "Agent_Status"]
    assert [f for f in app.drop_files if not f.startswith("Agent_")] == [
        "caseworker_actions.csv",
        "dashboard.csv",
        "paused_report.csv",
    ]
    assert app.now().date() == date.today()
    assert app.now().hour == 10 and 30 <= app.now().minute < 40  # the simulated clock
    assert not app.source.drop_dir.exists()  # the temporary floor is gone


def test_demo_history_uses_the_working_days_before_today() -> None:
    assert working_days_before(date(2026, 11, 23), 4) == [
        date(2026, 11, 17),
        date(2026, 11, 18),
        date(2026, 11, 19),
        date(2026, 11, 20),
    ]
