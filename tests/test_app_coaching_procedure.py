"""The coaching procedure's steps in the app, keys only: the plan's progress on `O`, a
sample by Task ID and one reaching back into last month, an observation on a
caseworker without a flag, a PIP from a follow-up and its outcome, and the
caseworker's record on their drilldown."""

from __future__ import annotations

from datetime import date, datetime, time
from pathlib import Path

import pytest
from app_helpers import DAY, SPEC, Clock, build_app, make_floor, settle, wait_for
from test_app_coaching import _press

from floorwatch.coaching.assessment import Mark
from floorwatch.coaching.config import COACHING_FILE
from floorwatch.coaching.sampling import SampleFilter
from floorwatch.screens.caseworker import CaseworkerScreen
from floorwatch.screens.coaching.board import CoachingScreen
from floorwatch.screens.coaching.check import SampleCheckScreen
from floorwatch.screens.coaching.sample import SampleScreen
from floorwatch.screens.followup import FollowUpScreen
from floorwatch.screens.team import TeamScreen
from floorwatch.simulate.history import fill_history
from floorwatch.widgets.keyed_table import KeyedTable

NOW = datetime.combine(DAY, time(11, 5))


@pytest.fixture
def source(workdir: Path):
    return make_floor(workdir)


async def _form_ready(app, pilot) -> SampleScreen:
    # The month result is asked for, then the rows are read: two workers one after the
    # other, so wait for the rows (a fixed pause lost that race on a loaded machine).
    await wait_for(
        lambda: isinstance(app.screen, SampleScreen) and app.screen.rows is not None, pilot
    )
    await settle(app, pilot)
    form = app.screen
    assert isinstance(form, SampleScreen) and form.rows is not None
    return form


async def test_the_plans_progress_shows_on_the_coaching_screen(source) -> None:
    with (source.config.folder / COACHING_FILE).open("a", encoding="utf-8") as f:
        f.write('\n[[plan]]\nteam = "North"\nchecks = 2\n')
    app = build_app(source, Clock(NOW), team="North")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        north = [w for w in app.result.workers if w.team == "North"]
        await _press(app, pilot, "O")
        assert isinstance(app.screen, CoachingScreen)
        plan = app.screen.query_one("#plan").render().plain
        n = len(north)
        assert f"North: 0 of 2 checks this month, {n} caseworkers not yet sampled" in plan

        # One check of a North caseworker: the line follows.
        desk = app.coaching
        worker = north[0].worker_id
        rows = app.result.actions.of_worker(worker)
        sample = desk.start_sample(rows, SampleFilter(worker_id=worker), 1, 1, "one")
        passed = {a.key: Mark("pass") for a in desk.config.attributes}
        desk.record_assessment(sample.id, sample.data["transactions"][0], passed)
        app.screen.show_data()
        plan = app.screen.query_one("#plan").render().plain
        assert f"North: 1 of 2 checks this month, {n - 1} caseworkers not yet sampled" in plan


async def test_a_sample_by_task_id_draws_exactly_those(source) -> None:
    app = build_app(source, Clock(NOW), team="North")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await _press(app, pilot, "o")
        form = await _form_ready(app, pilot)
        closed = form.rows.filter(form.rows["end"].is_not_null()).sort("start")
        wanted = closed["task_id"].to_list()[:2]
        # Task type, queue, outcome (lists), From, To, then Task IDs.
        await _press(app, pilot, "tab", "tab", "tab", "tab", "tab")
        await _press(app, pilot, *f"{wanted[1]}, {wanted[0]}")
        assert form.query_one("#matches").render().plain == (
            "2 closed transactions match (the history holds Caseworker Actions from 2026-11-23)"
        )
        await _press(app, pilot, "enter")
        assert isinstance(app.screen, SampleCheckScreen)
        sample = app.coaching.entry(app.screen.sample_id)
        assert sorted(t["task_id"] for t in sample.data["transactions"]) == sorted(wanted)
        assert sample.data["filters"]["task_ids"] == [wanted[1], wanted[0]]


async def test_a_sample_reaches_back_into_last_month(source) -> None:
    october = [date(2026, 10, 29), date(2026, 10, 30)]
    fill_history(source.data_dir, SPEC, source.config, october)
    app = build_app(source, Clock(NOW), team="North")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        worker = app.screen.query_one(KeyedTable).cursor_key
        await _press(app, pilot, "o")
        form = await _form_ready(app, pilot)
        await _press(app, pilot, "tab", "tab", "tab")  # From
        assert form.query_one("#date_from").has_focus
        await _press(app, pilot, "ctrl+u", *"2026-10-30")  # ctrl+u clears the field
        await wait_for(lambda: form.read_for == (date(2026, 10, 30), DAY), pilot)
        await settle(app, pilot)
        assert form.read_for == (date(2026, 10, 30), DAY)
        days = set(form.rows["end"].drop_nulls().dt.date().to_list())
        assert date(2026, 10, 30) in days and DAY in days
        # A size that takes every candidate: both months are in the sample.
        await _press(app, pilot, "tab", "tab", "tab", "ctrl+u", *"500", "enter")
        assert isinstance(app.screen, SampleCheckScreen)
        sample = app.coaching.entry(app.screen.sample_id)
        ends = {t["end"][:10] for t in sample.data["transactions"]}
        assert "2026-10-30" in ends and DAY.isoformat() in ends
        assert "2026-10-29" not in ends  # before From
        assert {t["worker_id"] for t in sample.data["transactions"]} == {worker}


async def test_observation_pip_and_the_caseworkers_record(source) -> None:
    clock = Clock(NOW)
    app = build_app(source, clock, team="North")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        assert isinstance(app.screen, TeamScreen)
        table = app.screen.query_one(KeyedTable)
        calm = next(k for k in table.ordered_keys() if not app.result.worker(k).flags)
        table.move_cursor(row=table.ordered_keys().index(calm))

        # `a` on a caseworker without a flag: an observation, which needs a note.
        await _press(app, pilot, "a")
        assert isinstance(app.screen, FollowUpScreen)
        assert "Observation" in app.screen.query_one("#title").render().plain
        await _press(app, pilot, "enter", "enter", "enter")  # no note: refused
        assert isinstance(app.screen, FollowUpScreen)
        await _press(app, pilot, *"helped a new colleague", "enter", "enter")
        assert isinstance(app.screen, TeamScreen)
        [seen] = app.coaching.entries()
        assert (seen.data["flags"], seen.data["note"]) == ([], "helped a new colleague")

        # A PIP from the follow-up: goals and review dates, then its outcome on `O`.
        await _press(app, pilot, "a", "down", "down", "down", "down", "enter")
        await _press(app, pilot, *"agreed in 1:1", "enter", "enter")
        assert app.screen.__class__.__name__ == "FormScreen"
        await _press(app, pilot, *"utilization 85 %; notes on every case", "enter")
        await _press(app, pilot, *"2026-11-20", "enter")  # in the past: refused
        assert app.screen.__class__.__name__ == "FormScreen"
        await _press(app, pilot, *["backspace"] * 10, *"2026-12-07, 2026-12-21", "enter")
        assert isinstance(app.screen, TeamScreen)
        [pip] = app.coaching.pips(calm)
        assert pip.goals == ("utilization 85 %", "notes on every case")
        assert pip.reviews == (date(2026, 12, 7), date(2026, 12, 21))
        follow = [e for e in app.coaching.entries() if e.kind == "followup"]
        assert follow[-1].data["action"] == "PIP"

        # The drilldown's record lists the observation and the PIP.
        await _press(app, pilot, "enter")
        assert isinstance(app.screen, CaseworkerScreen)
        log = app.screen.query_one("#coaching-log").render().plain
        assert "observation" in log and "helped a new colleague" in log
        assert "PIP: utilization 85 %; notes on every case — reviews 07 Dec, 21 Dec — open" in log
        app.coaching.add_development_need(calm, "verification matrix")
        app.screen.show_data()
        log = app.screen.query_one("#coaching-log").render().plain
        assert "Development need: verification matrix (tester" in log

        await _press(app, pilot, "O")
        assert isinstance(app.screen, CoachingScreen)
        await _press(app, pilot, "tab", "tab", "u", *"goals met", "enter")
        [pip] = app.coaching.pips(calm)
        assert pip.outcome == "goals met"
        row = app.screen.query_one("#pips").get_row_at(0)
        assert [c.plain for c in row][-1] == "goals met"
