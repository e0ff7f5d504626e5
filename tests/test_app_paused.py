"""The Paused report screen under the real app, and its order (engine/paused_report.py)."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import polars as pl
import pytest
from app_helpers import build_app, make_floor, planted, settle, wait_for
from engine_helpers import roster

from floorwatch.engine.paused_report import paused_report
from floorwatch.screens.caseworker import CaseworkerScreen
from floorwatch.screens.paused import PausedScreen
from floorwatch.screens.performance import PerformanceScreen
from floorwatch.settings import Settings
from floorwatch.widgets.keyed_table import KeyedTable


@pytest.fixture
def source(workdir: Path):
    return make_floor(workdir)


def table(app) -> KeyedTable:
    return app.screen.query_one(KeyedTable)


def worker_of(app, key: str) -> str:
    return app.screen.worker_of[key]


async def test_leaving_first_then_over_limit_filter_by_team_and_drill_in(source) -> None:
    who = planted()
    app = build_app(source)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await pilot.press("p")
        await settle(app, pilot)
        assert isinstance(app.screen, PausedScreen)
        keys = table(app).ordered_keys()
        workers = [worker_of(app, k) for k in keys]
        # The resigning caseworker's two tasks on top, with the days left (Last Day = +3).
        assert workers[:2] == [who.resigning] * 2
        assert "26 Nov, 3 d" in table(app).get_cell(keys[0], "leaving").plain
        # Then the tasks over the 2-day limit, marked ▲.
        assert workers[2:4] == [who.old_paused] * 2
        assert all("▲" in table(app).get_cell(k, "age").plain for k in keys[2:4])
        assert not any("▲" in table(app).get_cell(k, "age").plain for k in keys[4:])

        team_of = {w.worker_id: w.team for w in app.result.workers}
        await pilot.press("right_square_bracket")  # the first team only
        await settle(app, pilot)
        first = app.team_names()[0]
        assert app.screen.team == first
        shown = table(app).ordered_keys()
        assert shown and {team_of[worker_of(app, k)] for k in shown} == {first}
        assert len(shown) < len(keys)
        await pilot.press("left_square_bracket")  # back to every team
        assert table(app).ordered_keys() == keys

        await pilot.press("down", "down", "enter")
        await settle(app, pilot)
        assert isinstance(app.screen, CaseworkerScreen)
        assert app.screen.worker_id == who.old_paused
        await pilot.press("escape")
        assert isinstance(app.screen, PausedScreen) and table(app).cursor_row == 2


def test_report_order_and_days_left() -> None:
    as_of = datetime(2026, 11, 25, 11, 0)
    paused = pl.DataFrame(
        {
            "worker_id": ["W1", "W2", "W3", "W4", "W4"],
            "team": ["A"] * 5,
            "task_id": ["T1", "T2", "T3", "T4", "T5"],
            "task_type": ["Renewal"] * 5,
            "reason": [None] * 5,
            "paused_at": [datetime(2026, 11, d, 9) for d in (24, 20, 21, 24, 25)],
            "days_paused": [1.08, 5.08, 4.08, 1.08, 0.08],
        }
    )
    people = roster(
        # W3 left yesterday: departed, first; W4 leaves in 9 days: near the top, not "soon".
        {"worker_id": "W3", "last_day": date(2026, 11, 24)},
        {"worker_id": "W4", "last_day": date(2026, 12, 4)},
        {"worker_id": "W1", "last_day": date(2026, 11, 27)},
    )
    report = paused_report(paused, people, Settings(), as_of)
    assert report["task_id"].to_list() == ["T3", "T1", "T4", "T5", "T2"]
    assert report["days_left"].to_list() == [-1, 2, 9, 9, None]
    assert report["leaving_soon"].to_list() == [False, True, False, False, False]
    assert report["departed"].to_list() == [True, False, False, False, False]
    assert report["over_limit"].to_list() == [True, False, False, False, True]


async def test_from_a_teams_performance_p_shows_that_teams_paused_tasks(source) -> None:
    app = build_app(source, team="South")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await pilot.press("f", "r")
        # The Performance rows come from a worker: wait for them, not a fixed time.
        await wait_for(
            lambda: (
                isinstance(app.screen, PerformanceScreen)
                and app.screen.query_one(KeyedTable).row_count >= 3
            ),
            pilot,
        )
        await pilot.press("down", "down", "enter")  # floor -> Performance -> South
        await settle(app, pilot)
        await pilot.press("p")
        await settle(app, pilot)
        assert isinstance(app.screen, PausedScreen) and app.screen.team == "South"


async def test_a_departed_caseworkers_tasks_come_first_marked_left(workdir: Path) -> None:
    # The resigning caseworker's Last Day set to yesterday: gone, with two paused tasks
    # still held (PAUSED_AFTER_LAST_DAY); on top of the report, marked "left".
    from dataclasses import replace
    from datetime import timedelta

    from app_helpers import DAY

    who = planted()
    source = make_floor(workdir)
    roster_ = source.config.roster.with_columns(
        pl.when(pl.col("worker_id") == who.resigning)
        .then(pl.lit(DAY - timedelta(days=1)))
        .otherwise(pl.col("last_day"))
        .alias("last_day")
    )
    source = replace(source, config=replace(source.config, roster=roster_))
    app = build_app(source)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        worker = app.result.worker(who.resigning)
        assert [f.check for f in worker.flags if f.check.startswith("PAUSED_")] == [
            "PAUSED_AFTER_LAST_DAY"
        ]
        await pilot.press("p")
        await settle(app, pilot)
        keys = table(app).ordered_keys()
        assert [worker_of(app, k) for k in keys[:2]] == [who.resigning] * 2
        assert table(app).get_cell(keys[0], "leaving").plain == "⚑ left 22 Nov, 1 d ago"
        summary = app.screen.query_one("#paused-summary").render().plain
        assert "2 tasks of caseworkers who have left ⚑" in summary
