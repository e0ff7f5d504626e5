"""The Performance screen under the real app: open, step periods, drill in, come back."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from app_helpers import DAY, SPEC, build_app, make_floor, settle

from floorwatch.engine.stepping import PeriodView, end_of_day
from floorwatch.live.periods import check_view
from floorwatch.screens.caseworker import CaseworkerScreen
from floorwatch.screens.floor import FloorScreen
from floorwatch.screens.performance import PerformanceScreen
from floorwatch.screens.trend import TrendScreen
from floorwatch.simulate.history import fill_history, weeks_before
from floorwatch.widgets.keyed_table import KeyedTable

LAST_WEEK = PeriodView("week", date(2026, 11, 16), end_of_day(date(2026, 11, 22)))


@pytest.fixture
def source(workdir: Path):
    """The test floor on Monday 23 Nov 11:00, with the two weeks before it in the history."""
    source = make_floor(workdir)
    fill_history(source.data_dir, SPEC, source.config, weeks_before(DAY, 2))
    return source


def table(app) -> KeyedTable:
    return app.screen.query_one(KeyedTable)


def title(app) -> str:
    return app.screen.query_one("#period").render().plain


async def test_step_weeks_and_months_and_drill_in(source) -> None:
    app = build_app(source)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await pilot.press("r")
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, PerformanceScreen) and screen.team is None
        assert table(app).ordered_keys() == ["East", "North", "South"]
        assert title(app).startswith("Week of Mon 23 Nov 2026, to Mon 23 11:00")
        assert "Δ vs previous: Week of Mon 16 Nov 2026" in title(app)

        await pilot.press("less_than_sign")
        await settle(app, pilot)
        assert screen.view == LAST_WEEK
        assert title(app).startswith("Week of Mon 16 Nov 2026 ·")
        # The numbers are the headless check's: floorwatch check --period week --at ...
        headless = check_view(source, LAST_WEEK, current=False)
        assert headless is not None
        north = next(t for t in headless.teams if t.team == "North")
        cases = table(app).get_cell("North", "cases_worked").plain.split()[0]
        assert int(cases) == north.metrics.cases_worked > 0

        await pilot.press("greater_than_sign")
        await settle(app, pilot)
        assert screen.view is not None and screen.view.start == date(2026, 11, 23)
        await pilot.press("greater_than_sign")  # nothing later than the week in progress
        assert screen.view.start == date(2026, 11, 23)

        await pilot.press("m")
        await settle(app, pilot)
        assert title(app).startswith("November 2026, to Mon 23 11:00")
        # October is not in the history: the comparison is blank, not zero.
        assert "vs previous: not in the history" in title(app)
        await pilot.press("w", "less_than_sign")
        await settle(app, pilot)
        assert screen.view == LAST_WEEK

        await pilot.press("down", "enter")  # North, as it was last week
        await settle(app, pilot)
        team_screen = app.screen
        assert isinstance(team_screen, PerformanceScreen) and team_screen.team == "North"
        assert team_screen.view == LAST_WEEK
        workers = table(app).ordered_keys()
        assert len(workers) == SPEC.size

        await pilot.press("down", "down", "enter")
        await settle(app, pilot)
        caseworker = app.screen
        assert isinstance(caseworker, CaseworkerScreen)
        assert caseworker.worker_id == workers[2] and caseworker.period == "week"
        heading = caseworker.query_one("#actions-title").render().plain
        assert heading.startswith("Caseworker Actions Mon 16 Nov–Sun 22 Nov")
        # The whole page is last week's: its KPIs, its flags.
        pinned = caseworker.pinned
        assert pinned is not None and pinned.period.start.isoformat() == "2026-11-16"
        worker = pinned.worker(workers[2])
        assert worker is not None
        who = caseworker.query_one("#who").render().plain
        assert "Mon 16 Nov–Sun 22 Nov: Logged in" in who
        assert f"Cases {worker.metrics.cases_worked}, completed" in who
        flags = caseworker.query_one("#flags-title").render().plain
        assert flags == "Flags Mon 16 Nov–Sun 22 Nov"

        await pilot.press("escape")
        await settle(app, pilot)
        assert app.screen is team_screen and table(app).cursor_key == workers[2]
        await pilot.press("escape")
        assert app.screen is screen and table(app).cursor_key == "North"
        await pilot.press("escape")
        assert isinstance(app.screen, FloorScreen)


async def test_the_cursor_stays_across_a_refresh_and_y_compares_with_last_year(source) -> None:
    app = build_app(source, team="South")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await pilot.press("r")  # from a team: that team's caseworkers
        await settle(app, pilot)
        assert isinstance(app.screen, PerformanceScreen) and app.screen.team == "South"
        await pilot.press("down", "down", "down")
        key = table(app).cursor_key
        app.refresh_data()
        await settle(app, pilot)
        assert table(app).cursor_key == key
        await pilot.press("y")
        await settle(app, pilot)
        assert "vs last year: not in the history" in title(app)
        labels = [str(c.label) for c in table(app).columns.values()]
        # The second header line: "Δyr", and "to HH:MM" for a period in progress.
        assert any(label.split("\n")[-1].strip().startswith("Δyr") for label in labels)


async def test_trend_chart_of_a_row(source) -> None:
    app = build_app(source, team="North")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await pilot.press("r")
        await settle(app, pilot)
        key = table(app).cursor_key
        trend = table(app).get_cell(key, "trend").plain
        # Two weeks and today hold 11 working days; the table draws the last 10.
        assert len(trend.strip()) == 10 and set(trend.strip()) <= set("▁▂▃▄▅▆▇█")
        await pilot.press("t")
        await settle(app, pilot)
        assert isinstance(app.screen, TrendScreen) and app.screen.subject == key
        assert "11 days with data" in app.screen.query_one("#trend-title").render().plain
        await pilot.press("s")
        assert app.screen.kpi == "logged_in_pct"
        await pilot.press("escape")
        assert isinstance(app.screen, PerformanceScreen)


async def test_both_screens_are_in_the_command_palette(source) -> None:
    app = build_app(source)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        commands = {c.title: c for c in app.get_system_commands(app.screen)}
        assert {"Performance", "Paused"} <= commands.keys()
        await commands["Performance"].callback()  # what choosing it in the palette runs
        await settle(app, pilot)
        assert isinstance(app.screen, PerformanceScreen)


async def test_a_period_with_a_broken_history_file_is_computed_without_it(source) -> None:
    app = build_app(source)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        # A stored export of last Tuesday broken on disk (bad sector, hand-edited folder):
        # set aside for the run (a drilldown writes nothing, so it stays where it is).
        day = source.data_dir / "exports" / "kind=actions" / "day=2026-11-17"
        broken = next(day.glob("*.parquet"))
        broken.write_bytes(b"not parquet")
        await pilot.press("r")
        await settle(app, pilot)
        assert table(app).ordered_keys() == ["East", "North", "South"]  # this week is fine
        await pilot.press("less_than_sign")
        await settle(app, pilot)
        assert title(app).startswith("Week of Mon 16 Nov 2026 ·")
        assert "could not be computed" not in title(app)
        assert broken.read_bytes() == b"not parquet"
        await pilot.press("greater_than_sign")
        await settle(app, pilot)
        assert title(app).startswith("Week of Mon 23 Nov 2026")
