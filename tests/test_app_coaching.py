"""A flagged caseworker, with keys only: team row -> follow-up -> coaching sample ->
a complete assessment with a Fail and a correction -> the record on every screen."""

from __future__ import annotations

from datetime import datetime, time
from pathlib import Path

import pytest
from app_helpers import DAY, Clock, build_app, make_floor, settle

from floorwatch.coaching.journal import Journal
from floorwatch.screens.caseworker import CaseworkerScreen
from floorwatch.screens.coaching_assess import AssessmentScreen
from floorwatch.screens.coaching_check import SampleCheckScreen
from floorwatch.screens.coaching_fail import FailScreen
from floorwatch.screens.coaching_sample import SampleScreen
from floorwatch.screens.followup import FollowUpScreen
from floorwatch.screens.team import TeamScreen
from floorwatch.widgets.keyed_table import KeyedTable

NOW = datetime.combine(DAY, time(11, 5))


@pytest.fixture
def source(workdir: Path):
    return make_floor(workdir)


async def _press(app, pilot, *keys: str) -> None:
    for key in keys:
        await pilot.press(key)
        await settle(app, pilot)


async def test_flagged_caseworker_followed_up_and_coached_with_keys_only(source) -> None:
    app = build_app(source, Clock(NOW), team="North")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        assert isinstance(app.screen, TeamScreen)
        table = app.screen.query_one(KeyedTable)
        worker_id = table.cursor_key
        worker = app.result.worker(worker_id)
        assert worker.flags  # outliers first: the top row is flagged
        assert "✓" not in table.get_cell(worker_id, "flags").plain

        # Follow-up: action "coaching started", a note, no snooze.
        await _press(app, pilot, "a")
        assert isinstance(app.screen, FollowUpScreen)
        await _press(app, pilot, "down", "enter", *"went through renewals", "enter", "enter")
        assert isinstance(app.screen, TeamScreen)
        cell = table.get_cell(worker_id, "flags").plain
        assert cell.count("✓") == len(worker.flags)
        [entry] = Journal(source.data_dir).entries()
        assert (entry.kind, entry.by, entry.at) == ("followup", "tester", NOW)
        assert entry.data["action"] == "coaching started"
        assert entry.data["note"] == "went through renewals"

        # The drilldown shows the follow-up log.
        await _press(app, pilot, "enter")
        assert isinstance(app.screen, CaseworkerScreen)
        log = app.screen.query_one("#coaching-log").render().plain
        assert "coaching started" in log and "went through renewals" in log

        # A coaching sample of their closed transactions, defaults as offered.
        await _press(app, pilot, "o")
        assert isinstance(app.screen, SampleScreen)
        await pilot.pause(0.3)  # the month's actions arrive by a worker
        await _press(app, pilot, "enter")
        assert isinstance(app.screen, SampleCheckScreen)
        sample = app.coaching.entry(app.screen.sample_id)
        txns = sample.data["transactions"]
        assert 0 < len(txns) <= 5
        assert {t["worker_id"] for t in txns} == {worker_id}

        # Assess the first: Pass, Fail (reason, comment), N/A, then Pass for the rest.
        await _press(app, pilot, "enter")
        assert isinstance(app.screen, AssessmentScreen)
        await _press(app, pilot, "p", "x")
        assert isinstance(app.screen, FailScreen)
        await _press(app, pilot, "enter", "enter")  # no comment: refused, still here
        assert isinstance(app.screen, FailScreen)
        await _press(app, pilot, *"no payslip", "enter")
        assert isinstance(app.screen, AssessmentScreen)
        await _press(app, pilot, "n", *"p" * 5)
        assert len(app.screen.marks) == 8
        await _press(app, pilot, "r", *"request payslip", "enter", "enter", "enter")
        assert len(app.screen.corrections) == 1
        await _press(app, pilot, "s")
        assert isinstance(app.screen, SampleCheckScreen)

        done = app.coaching.assessments(sample.id)
        [check] = done.values()
        assert check.data["overall"] == "fail"
        marks = check.data["marks"]
        assert marks["decision_valid"]["result"] == "pass"
        assert marks["verification"] == {
            "label": "Verification",
            "result": "fail",
            "reason": "Verification missing",
            "comment": "no payslip",
        }
        assert marks["documentation"]["result"] == "na"
        [correction] = app.coaching.corrections()
        assert (correction.owner, correction.status) == (worker_id, "open")
        assert correction.due == DAY.replace(day=28)  # 5 days from the app's clock

        # The cursor moved on to the next transaction still to do.
        table = app.screen.query_one(KeyedTable)
        if len(txns) > 1:
            assert table.cursor_key == txns[1]["task_id"]
        await _press(app, pilot, "escape")
        assert isinstance(app.screen, CaseworkerScreen)
        log = app.screen.query_one("#coaching-log").render().plain
        assert "Fail" in log and "request payslip" in log
