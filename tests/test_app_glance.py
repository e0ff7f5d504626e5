"""Screens a supervisor reads at a glance, at 80 and 120 columns (issue 17).

Each test reads what the terminal shows (the rendered lines), at the size where the
trouble was seen, on the simulated test floor.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from app_helpers import SPEC, bar_text, build_app, make_floor, settle
from config_edits import without_task_types
from screen_text import screen_lines

from floorwatch.live import FloorSource
from floorwatch.screens.sources import SourcesScreen
from floorwatch.screens.team import TeamScreen
from floorwatch.settings import load_config
from floorwatch.simulate import FloorSpec
from floorwatch.widgets.keyed_table import KeyedTable

CONTACT = FloorSpec(seed=SPEC.seed, teams=SPEC.teams, size=SPEC.size, contact=True)


async def _press(app, pilot, *keys: str) -> None:
    for key in keys:
        await pilot.press(key)
        await settle(app, pilot)


def _summary(app) -> str:
    """The Team screen's summary as shown (it wraps between its parts)."""
    return app.screen.query_one("#team-summary").render().plain


def _row(lines: list[str], worker_id: str) -> str:
    return next(line for line in lines if f" {worker_id} " in line)


# -- 1. flags readable at 120 columns, ID and Name fixed, scroll by column ------------


async def test_team_flags_and_a_follow_ups_tick_are_on_screen_at_120(workdir: Path) -> None:
    app = build_app(make_floor(workdir), team="North")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        table = app.screen.query_one(KeyedTable)
        worker_id = table.cursor_key
        worker = app.result.worker(worker_id)
        assert worker.flags
        # Follow up the top row's flags: "talked with caseworker", no note, no snooze.
        await _press(app, pilot, "a", "enter", "enter", "enter")
        assert isinstance(app.screen, TeamScreen)
        row = _row(screen_lines(app), worker_id)
        assert worker.name in row
        assert row.count("✓") == len(worker.flags)  # every flag's tick is on screen
        # The highlighted row's flags in full sentences, under the table.
        lines = "\n".join(screen_lines(app))
        for flag in worker.flags:
            assert flag.detail.split()[0] in lines
        assert "followed up: talked with caseworker" in lines


async def test_sideways_scroll_keeps_id_and_name_and_moves_a_column(workdir: Path) -> None:
    # A floor with phones: its Calls and AHT columns are a scroll away at 120.
    app = build_app(make_floor(workdir, spec=CONTACT), team="North")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        table = app.screen.query_one(KeyedTable)
        worker = app.result.worker(table.cursor_key)
        header_before = screen_lines(app)[2]
        assert "AHT" not in header_before
        await _press(app, pilot, "right")
        assert table.scroll_x == table.column_starts()[1]  # one whole column, not 1 char
        await _press(app, pilot, "right", "right", "right", "right")
        lines = screen_lines(app)
        assert "AHT" in lines[2]
        assert lines[2].startswith(" !  ID     Name")
        assert lines[2] != header_before
        assert worker.worker_id in lines[3] and worker.name in lines[3]
        far = table.scroll_x
        await _press(app, pilot, "left")
        assert table.scroll_x < far and table.scroll_x in table.column_starts()


# -- 3. breadcrumbs shorten from the left -----------------------------------------------


async def test_breadcrumbs_keep_the_current_screens_name_at_80(workdir: Path) -> None:
    app = build_app(make_floor(workdir), team="North")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await _press(app, pilot, "k", "e")
        top = screen_lines(app)[0]
        crumbs = top.split("data as of")[0].strip()
        assert crumbs.endswith("Sources") and crumbs.startswith("…")


def test_a_team_named_team_5_is_not_team_team_5() -> None:
    assert TeamScreen("Team 5").crumb == "Team 5"
    assert TeamScreen("North").crumb == "Team North"


# -- 4. a refused file is announced, and counted until Sources is opened ---------------


async def test_a_refused_file_is_announced_once_and_counted_until_looked_at(
    workdir: Path,
) -> None:
    app = build_app(make_floor(workdir))
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        assert not app._notifications
        assert "refused" not in bar_text(app)
        (workdir / "notes.csv").write_text("Hello,World\n1,2\n")
        app.refresh_data()
        await settle(app, pilot)
        [notice] = list(app._notifications)
        assert "notes.csv" in notice.message and notice.title == "File refused"
        assert "⚠ 1 refused (e)" in bar_text(app)
        app.refresh_data()  # the same refusal again: no second notice
        await settle(app, pilot)
        assert len(app._notifications) == 1
        await _press(app, pilot, "e")
        assert isinstance(app.screen, SourcesScreen)
        assert "refused (e)" not in bar_text(app)
        await _press(app, pilot, "escape")
        assert "refused (e)" not in bar_text(app)


# -- 6. the Team filter belongs to the team it was typed on -----------------------------


async def test_a_filter_stays_with_its_team(workdir: Path) -> None:
    app = build_app(make_floor(workdir), team="North")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await _press(app, pilot, "slash", "m", "a", "enter")
        assert "filter 'ma'" in _summary(app)
        await _press(app, pilot, "right_square_bracket")
        assert app.screen.team != "North"
        assert "filter" not in _summary(app)
        assert len(app.screen.query_one(KeyedTable).rows) == 6  # every caseworker
        await _press(app, pilot, "left_square_bracket", "slash", "m", "a", "enter")
        assert "filter 'ma'" in _summary(app)
        await _press(app, pilot, "escape")  # to the Floor, and into North again
        await _press(app, pilot, "f")
        app.open_team("North")
        await settle(app, pilot)
        assert "filter" not in _summary(app)
        assert len(app.screen.query_one(KeyedTable).rows) == 6


# -- 5. where transaction times are not judged, say so ----------------------------------


def make_floor_source(folder: Path) -> FloorSource:
    """The app's source on a floor already written to `folder` (its config as edited)."""
    return FloorSource(load_config(folder / "config"), folder, folder / "history", by="tester")


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
async def test_team_and_qsa_screens_warn_when_no_task_types(workdir: Path, size) -> None:
    make_floor(workdir)
    without_task_types(workdir)
    app = build_app(make_floor_source(workdir), team="North")
    async with app.run_test(size=size) as pilot:
        await settle(app, pilot)
        assert not app.qsa.task_types
        assert any(
            line.strip() == "⚠ Transaction times not judged: qsa.toml has no task types (v)"
            for line in screen_lines(app)[1:4]
        )
        await _press(app, pilot, "v")
        text = "\n".join(screen_lines(app))
        assert "Transaction times are not judged" in text


async def test_no_warning_when_task_types_are_set(workdir: Path) -> None:
    app = build_app(make_floor(workdir), team="North")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        assert "not judged" not in "\n".join(screen_lines(app))
        await _press(app, pilot, "v")
        assert "not judged" not in "\n".join(screen_lines(app))


async def test_watch_team_matches_any_case(workdir: Path) -> None:
    app = build_app(make_floor(workdir), team="north")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        assert isinstance(app.screen, TeamScreen) and app.screen.team == "North"
        assert len(app.screen.query_one(KeyedTable).rows) == 6


# -- 10. the smaller things ---------------------------------------------------------------


async def test_paused_counts_tasks_of_leavers_and_an_empty_table_says_none(
    workdir: Path,
) -> None:
    app = build_app(make_floor(workdir))
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await _press(app, pilot, "p")
        summary = screen_lines(app)[1]
        assert " of caseworkers leaving ⚑" in summary
        assert "tasks of caseworkers leaving" in summary or "1 task of" in summary
    empty = workdir / "no-paused"
    make_floor(empty)
    paused = empty / "paused_report.csv"
    paused.write_text(paused.read_text().splitlines()[0] + "\n")  # the header only
    app = build_app(make_floor_source(empty))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await _press(app, pilot, "p")
        lines = screen_lines(app)
        assert "0 paused tasks" in lines[1]
        header = next(i for i, line in enumerate(lines) if line.strip().startswith("Task "))
        assert lines[header + 1].strip() == "none"  # under the table's headers


async def test_checks_screen_says_cleared_0_not_minus_0(workdir: Path) -> None:
    app = build_app(make_floor(workdir))
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        app.run_recorded_check("ad-hoc")
        await settle(app, pilot)
        await _press(app, pilot, "k")
        text = "\n".join(screen_lines(app))
        assert "ad-hoc" in text
        assert " -0" not in text and " +0" not in text


async def test_caseworker_kpis_keep_their_percent_signs_at_80(workdir: Path) -> None:
    app = build_app(make_floor(workdir))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        app.open_caseworker("W1003")
        await settle(app, pilot)
        lines = screen_lines(app)
        assert not any(line.strip() in ("%", "%)") for line in lines)
        assert any("logged-in " in line and line.rstrip().endswith("%") for line in lines)


async def test_a_failed_first_check_is_not_still_waiting(tmp_path: Path) -> None:
    from floorwatch.settings import load_config as load

    config = tmp_path / "config"
    config.mkdir()
    drop = tmp_path / "drop"
    drop.mkdir()
    source = FloorSource(load(config), drop, tmp_path / "history", by="tester")
    app = build_app(source)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        text = "\n".join(screen_lines(app))
        assert "check failed" in text
        assert "Waiting for the first check" not in text
        assert "No data: no usable export" in text


async def test_the_flagged_phone_status_is_on_screen_at_80(workdir: Path) -> None:
    from floorwatch.simulate.contact import plant_contact

    over = plant_contact(CONTACT).over_allowance
    app = build_app(make_floor(workdir, spec=CONTACT))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        app.open_caseworker(over)
        await settle(app, pilot)
        await _press(app, pilot, "end")
        lines = screen_lines(app)
        header = next(line for line in lines if line.strip().startswith("Interval "))
        assert "Break" in header.split()  # the whole word, not cut at the right edge
        day = next(line for line in lines if line.strip().startswith("Day "))
        assert "▲" in day
