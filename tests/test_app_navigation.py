"""Driving the real app with the keyboard: floor -> team -> caseworker -> back, outlier
jumps, filtering, team switching, help."""

from __future__ import annotations

from pathlib import Path

import pytest
from app_helpers import DAY, SPEC, build_app, make_floor, settle, wait_for
from textual.widgets import DataTable

from floorwatch.screens.caseworker import CaseworkerScreen
from floorwatch.screens.floor import FloorScreen
from floorwatch.screens.help import HelpScreen
from floorwatch.screens.team import TeamScreen
from floorwatch.simulate.history import fill_history, weeks_before
from floorwatch.widgets.keyed_table import KeyedTable


@pytest.fixture
def source(workdir: Path):
    return make_floor(workdir)


def table(app) -> KeyedTable:
    return app.screen.query_one(KeyedTable)


async def test_floor_team_caseworker_and_back_where_you_were(source) -> None:
    app = build_app(source)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        assert isinstance(app.screen, FloorScreen)
        assert table(app).ordered_keys() == ["East", "North", "South"]
        await pilot.press("down", "enter")
        await settle(app, pilot)
        assert isinstance(app.screen, TeamScreen) and app.screen.team == "North"
        team_rows = table(app).ordered_keys()
        assert len(team_rows) == 6
        await pilot.press("down", "down", "enter")
        await settle(app, pilot)
        assert isinstance(app.screen, CaseworkerScreen)
        assert app.screen.worker_id == team_rows[2]
        await pilot.press("escape")
        await settle(app, pilot)
        assert isinstance(app.screen, TeamScreen)
        assert table(app).cursor_key == team_rows[2]
        await pilot.press("escape")
        assert isinstance(app.screen, FloorScreen)
        assert table(app).cursor_key == "North"
        # The floor is home: Escape there leaves it where it is, not on a blank screen.
        await pilot.press("escape")
        await settle(app, pilot)
        assert isinstance(app.screen, FloorScreen)
        assert table(app).cursor_key == "North"


async def test_outliers_sort_first_and_n_jumps_between_them(source) -> None:
    app = build_app(source, team="East")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        assert isinstance(app.screen, TeamScreen)
        keys = table(app).ordered_keys()
        flagged = [w.worker_id for w in app.result.workers if w.team == "East" and w.flagged]
        assert 0 < len(flagged) < len(keys)
        # Outliers first: the flagged caseworkers fill the top rows.
        assert set(keys[: len(flagged)]) == set(flagged)
        last = len(flagged) - 1
        table(app).move_cursor(row=last)
        await pilot.press("n")  # past the last flagged one, it wraps to the first
        assert table(app).cursor_row == 0
        await pilot.press("N")
        assert table(app).cursor_row == last
        if len(flagged) > 1:
            await pilot.press("N")
            assert table(app).cursor_row == last - 1


async def test_slash_filters_by_name_or_id_and_escape_clears(source) -> None:
    app = build_app(source, team="North")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        everyone = table(app).ordered_keys()
        worker = next(w for w in app.result.workers if w.worker_id == everyone[-1])
        first_name = worker.name.split()[0]
        await pilot.press("slash", *first_name.lower())
        assert worker.worker_id in table(app).ordered_keys()
        assert len(table(app).ordered_keys()) < len(everyone)
        await pilot.press("escape")  # clears the filter, stays on the team
        assert isinstance(app.screen, TeamScreen)
        assert sorted(table(app).ordered_keys()) == sorted(everyone)
        await pilot.press("slash", *worker.worker_id)
        assert table(app).ordered_keys() == [worker.worker_id]
        await pilot.press("enter", "enter")  # keep the filter, then open the row
        await settle(app, pilot)
        assert isinstance(app.screen, CaseworkerScreen)
        assert app.screen.worker_id == worker.worker_id


async def test_brackets_switch_team_and_wrap(source) -> None:
    app = build_app(source, team="North")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await pilot.press("right_square_bracket")
        assert app.screen.team == "South"
        assert {w.team for w in app.result.workers if w.worker_id in table(app).ordered_keys()} == {
            "South"
        }
        await pilot.press("right_square_bracket")
        assert app.screen.team == "East"
        await pilot.press("left_square_bracket")  # wraps back from the first team
        assert app.screen.team == "South"
        await pilot.press("left_square_bracket")
        assert app.screen.team == "North"
        assert "Team North" in app.screen.query_one("#crumbs").render().plain


async def test_coordinator_limits_the_floor(source) -> None:
    coordinators = source.config.roster["coordinator"].unique().sort().to_list()
    wanted = coordinators[0]
    teams = set(source.config.roster.filter(coordinator=wanted)["team"].to_list())
    app = build_app(source, coordinator=wanted)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        assert set(table(app).ordered_keys()) == teams
        assert len(teams) < 3


async def test_help_lists_every_key_and_check_and_escape_closes(source) -> None:
    app = build_app(source, team="North")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        text = app.screen.markdown
        for key in ("`n`", "`N`", "`/`", "`[`", "`]`", "`d`", "`w`", "`m`", "`c`", "`escape`"):
            assert key in text
        assert "transactions implausibly short" in text
        await pilot.press("escape")
        assert isinstance(app.screen, TeamScreen)


async def test_drilldown_explains_flags_and_switches_period(source) -> None:
    slow = "W1011"  # planted: slow on Renewal (see simulate)
    app = build_app(source)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        app.open_caseworker(slow)
        await settle(app, pilot)
        flags = app.screen.query_one("#flags").render().plain
        assert "Transactions too long (Renewal)" in flags
        assert "tolerance ±5 min" in flags
        await pilot.press("w")
        await settle(app, pilot)
        assert "this week" in app.screen.query_one("#actions-title").render().plain
        assert "week" in app.period_results
        assert "loading" not in app.screen.query_one("#actions-title").render().plain


async def test_month_drilldown_shows_the_months_numbers_and_reads_earlier_days(
    workdir: Path,
) -> None:
    """`m` on a caseworker: the month's KPIs, flags and task types, and every row of the
    month (earlier stored days read off the UI thread); status stays "now"."""
    source = make_floor(workdir)
    fill_history(source.data_dir, SPEC, source.config, weeks_before(DAY, 1))
    app = build_app(source)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        today = app.result.workers[0]
        app.open_caseworker(today.worker_id)
        await settle(app, pilot)
        await pilot.press("m")

        def text(selector: str) -> str:
            return app.screen.query_one(selector).render().plain

        await wait_for(lambda: "rows" in text("#actions-title"), pilot)
        month = app.period_results["month"]
        worker = month.worker(today.worker_id)
        assert worker is not None
        rows = month.actions.of_worker(today.worker_id)
        assert rows.height > app.result.actions.of_worker(today.worker_id).height
        assert f"this month (d/w/m): {rows.height} rows" in text("#actions-title")
        assert app.screen.query(DataTable).first().row_count == rows.height
        assert rows["start"].dt.date().min() < DAY

        who = text("#who")
        assert f"now: {today.status}" in who and "This month: " in who
        m = worker.metrics
        assert f"Cases {m.cases_worked}, completed {m.completed}" in who
        assert m.cases_worked > today.metrics.cases_worked
        assert text("#flags-title") == "Flags this month"
        assert text("#types-title") == "Transaction time per task type (this month)"
        types = app.screen.query(DataTable)[1]
        assert types.row_count == len(m.txn_minutes_by_task_type)
        counts = [int(types.get_row_at(i)[1].plain) for i in range(types.row_count)]
        assert sum(counts) == m.cases_worked

        await pilot.press("d")
        await settle(app, pilot)
        assert "This month" not in text("#who") and text("#flags-title") == "Flags"
        assert f"Cases {today.metrics.cases_worked}," in text("#who")


async def test_reused_screens_show_the_team_and_caseworker_asked_for(source) -> None:
    app = build_app(source)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        for team in ("South", "East"):
            app.open_team(team)
            await settle(app, pilot)
            teams = {w.team for w in app.result.workers if w.worker_id in table(app).ordered_keys()}
            assert teams == {team}
            await pilot.press("enter")
            await settle(app, pilot)
            first = app.screen.worker_id
            worker = app.result.worker(first)
            assert worker.team == team
            assert worker.name in app.screen.query_one("#who").render().plain
            await pilot.press("escape", "escape")
            assert isinstance(app.screen, FloorScreen)


async def test_clicking_the_highlighted_row_opens_it(source) -> None:
    app = build_app(source)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await pilot.click(KeyedTable, offset=(2, 2))  # header line, then East, North
        await pilot.click(KeyedTable, offset=(2, 2))
        await settle(app, pilot)
        assert isinstance(app.screen, TeamScreen) and app.screen.team == "North"
