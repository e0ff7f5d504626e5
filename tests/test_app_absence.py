"""The app under `App.run_test()`: a no-show on the Floor and Team screens, and statuses
that tick with the clock between exports until the data turns stale (spec v2)."""

from __future__ import annotations

from datetime import datetime, time
from pathlib import Path

from app_helpers import DAY, Clock, bar_text, build_app, make_floor, settle

from floorwatch.screens.floor import FloorScreen
from floorwatch.screens.team import TeamScreen
from floorwatch.simulate import FloorSpec
from floorwatch.simulate.absence import plant_absence
from floorwatch.widgets.as_of_bar import AsOfBar
from floorwatch.widgets.keyed_table import KeyedTable

#: Big enough to spare caseworkers for absences (simulate/absence.py).
SPEC = FloorSpec(seed=7, teams=3, size=10)
NO_SHOW = plant_absence(SPEC).no_show


def no_show_team(app) -> str:
    worker = app.result.worker(NO_SHOW)
    assert worker is not None
    return worker.team


async def test_the_floor_counts_the_no_show_and_the_team_lists_it_first(workdir: Path) -> None:
    source = make_floor(workdir, spec=SPEC)
    app = build_app(source, Clock(datetime.combine(DAY, time(11, 5))))
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        assert isinstance(app.screen, FloorScreen)
        team = no_show_team(app)
        table = app.screen.query_one(KeyedTable)
        assert "out" in [str(c.value) for c in table.columns]
        assert table.get_cell(team, "out").plain.strip() == "1 !"
        others = [t.team for t in app.result.teams if t.team != team]
        assert all(table.get_cell(t, "out").plain.strip() == "0" for t in others)
        summary = app.screen.query_one("#summary").render().plain
        assert "1 not logged in" in summary

        app.open_team(team)
        await settle(app, pilot)
        assert isinstance(app.screen, TeamScreen)
        rows = app.screen.query_one(KeyedTable)
        assert rows.get_cell(NO_SHOW, "status").plain == "not logged in"
        keys = rows.ordered_keys()
        flagged = {w.worker_id for w in app.result.workers if w.flagged}
        # Outliers first: every flagged row (the no-show among them) before the rest.
        assert NO_SHOW in keys[: len(flagged & set(keys))]


async def test_statuses_tick_with_the_clock_until_the_data_is_stale(workdir: Path) -> None:
    source = make_floor(workdir, spec=SPEC)  # the live snapshot S is 11:00
    clock = Clock(datetime.combine(DAY, time(11, 0)))
    app = build_app(source, clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        someone = next(
            w for w in app.result.workers if w.status == "Active" and w.status_minutes is not None
        )
        app.open_team(someone.team)
        await settle(app, pilot)
        table = app.screen.query_one(KeyedTable)

        def shown() -> str:
            return table.get_cell(someone.worker_id, "status").plain

        assert shown() == f"Active {someone.status_minutes:.0f}m"
        clock.now = datetime.combine(DAY, time(11, 12))
        app.screen._tick()
        assert shown() == f"Active {someone.status_minutes + 12:.0f}m"
        # 21 minutes after S: stale; the minutes stopped at S + 20.
        clock.now = datetime.combine(DAY, time(11, 21))
        app.screen._tick()
        assert shown() == f"Active {someone.status_minutes + 20:.0f}m"
        clock.now = datetime.combine(DAY, time(13, 0))
        app.screen._tick()
        app.screen.query_one(AsOfBar).update_bar()  # its own timer does this every second
        assert shown() == f"Active {someone.status_minutes + 20:.0f}m"
        assert "STALE" in bar_text(app)
