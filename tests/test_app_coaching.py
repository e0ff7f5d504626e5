"""A flagged caseworker, with keys only: team row -> follow-up -> coaching sample ->
a complete assessment with a Fail and a correction -> the record on every screen."""

from __future__ import annotations

from datetime import date, datetime, time
from pathlib import Path

import pytest
from app_helpers import DAY, Clock, build_app, make_floor, settle

from floorwatch.coaching.journal import Journal
from floorwatch.screens.caseworker import CaseworkerScreen
from floorwatch.screens.coaching.assess import AssessmentScreen
from floorwatch.screens.coaching.board import CoachingScreen
from floorwatch.screens.coaching.check import SampleCheckScreen
from floorwatch.screens.coaching.fail import FailScreen
from floorwatch.screens.coaching.sample import SampleScreen
from floorwatch.screens.floor import FloorScreen
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
        await settle(app, pilot)
        # Task type, queue and outcome are lists; Enter in the first typed field draws.
        await _press(app, pilot, "tab", "tab", "tab", "enter")
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
        # 5 days from the app's clock is Saturday 28: the default moves on to Monday 30.
        assert correction.due == DAY.replace(day=30)
        assert correction.worker_name == worker.name

        # The cursor moved on to the next transaction still to do.
        table = app.screen.query_one(KeyedTable)
        if len(txns) > 1:
            assert table.cursor_key == txns[1]["task_id"]
        await _press(app, pilot, "escape")
        assert isinstance(app.screen, CaseworkerScreen)
        log = app.screen.query_one("#coaching-log").render().plain
        assert "Fail" in log and "request payslip" in log


async def test_team_sample_from_the_floor_and_corrections_done_or_escalated(source) -> None:
    clock = Clock(NOW)
    app = build_app(source, clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        assert isinstance(app.screen, FloorScreen)
        # `o` on a team row: a sample of the whole team (East is the first row).
        await _press(app, pilot, "o")
        assert isinstance(app.screen, SampleScreen)
        await pilot.pause(0.3)
        await settle(app, pilot)
        form = app.screen
        # The queue is picked from the queues the data holds (issue 17, item 9).
        queues = sorted(form.rows.get_column("queue").drop_nulls().unique().to_list())
        await _press(app, pilot, "tab", "tab", "enter", "down", "enter")
        assert form.query_one("#queue").value == queues[0]
        assert form.query_one("#queue").has_focus  # the focused field is the one shown
        # A data refresh drops the app's month result; the form keeps the rows it read.
        app.period_results.clear()
        await _press(app, pilot, "tab", "tab", "tab", "tab", "tab", "end", "backspace")
        await _press(app, pilot, *"3", "enter")  # sample size 3
        assert isinstance(app.screen, SampleCheckScreen)
        sample = app.coaching.entry(app.screen.sample_id)
        assert sample.data["filters"]["team"] == "East"
        assert sample.data["filters"]["queue"] == queues[0]
        assert sample.data["size"] == 3 and len(sample.data["transactions"]) == 3
        assert {t["team"] for t in sample.data["transactions"]} == {"East"}
        assert {t["queue"] for t in sample.data["transactions"]} == {queues[0]}
        first, second, third = (t["task_id"] for t in sample.data["transactions"])
        table = app.screen.query_one(KeyedTable)
        assert table.get_cell(first, "status").plain == "not started"

        # Escape with a mark unsaved warns first, then leaves without recording.
        await _press(app, pilot, "enter", "p", "escape")
        assert isinstance(app.screen, AssessmentScreen)
        await _press(app, pilot, "escape")
        assert isinstance(app.screen, SampleCheckScreen)
        assert app.coaching.assessments() == {}

        # Fail the first on one attribute, with a correction due tomorrow.
        await _press(app, pilot, "enter", "x", "enter", *"wrong date", "enter", *"p" * 7)
        await _press(app, pilot, "r", *"fix date", "enter", "enter", "end", *["backspace"] * 10)
        await _press(app, pilot, *"2026-11-24", "enter", "s")
        assert isinstance(app.screen, SampleCheckScreen)
        [correction] = app.coaching.corrections()
        owner = sample.data["transactions"][0]["worker_id"]
        assert (correction.owner, correction.due) == (owner, date(2026, 11, 24))
        assert table.get_cell(first, "status").plain == "in progress"

        # The second (the cursor moved on to it): two marks, then `s` keeps a draft; it is
        # in progress, and reopens where it was left.
        assert table.cursor_key == second
        await _press(app, pilot, "enter", "p", "p", "s")
        assert isinstance(app.screen, SampleCheckScreen)
        assert table.get_cell(second, "status").plain == "in progress"
        await _press(app, pilot, "enter")
        assert len(app.screen.marks) == 2
        await _press(app, pilot, "escape")

        # The third is cancelled with a reason: it leaves the pass rates.
        table.move_cursor(row=2)
        await _press(app, pilot, "x", "enter")  # no reason: refused, the form stays
        assert app.screen.__class__.__name__ == "FormScreen"
        await _press(app, pilot, *"another office", "enter")
        assert isinstance(app.screen, SampleCheckScreen)
        assert table.get_cell(third, "status").plain == "cancelled"
        [cancel] = [e for e in app.coaching.entries() if e.kind == "cancel"]
        assert cancel.data == {"sample_id": sample.id, "task_id": third, "reason": "another office"}

        # Feedback after the first check: required, to whom, when, how, a development need.
        table.move_cursor(row=0)
        await _press(app, pilot, "b")
        assert app.screen.__class__.__name__ == "FormScreen"
        await _press(app, pilot, "tab", "tab", "tab", "tab", *"dates on renewals", "enter")
        assert isinstance(app.screen, SampleCheckScreen)
        [fb] = [e for e in app.coaching.entries() if e.kind == "feedback"]
        assert (fb.data["required"], fb.data["how"], fb.data["when"]) == (
            True,
            "face to face",
            "2026-11-23",
        )
        [need] = [e for e in app.coaching.entries() if e.kind == "development"]
        assert need.data == {"worker_id": owner, "need": "dates on renewals", "task_id": first}

        # Two days later it is overdue: counted on the floor, escalated then closed on `O`.
        clock.now = datetime(2026, 11, 25, 9, 0)
        await _press(app, pilot, "f")
        assert isinstance(app.screen, FloorScreen)
        app.screen.show_data()
        summary = app.screen.query_one("#summary").render().plain
        assert "⚠ 1 correction overdue (East 1)" in summary
        await _press(app, pilot, "O")
        assert isinstance(app.screen, CoachingScreen)
        title = app.screen.query_one("#rates-title")
        assert "this month (r): 0/1 checks passed, 0.0 %" in title.render().plain
        errors = app.screen.query_one("#errors")
        assert [c.plain for c in errors.get_row_at(0)][:2] == [
            "Decision valid",
            "Wrong eligibility decision",
        ]
        await _press(app, pilot, "r", "r")  # month -> all time -> this week
        assert "this week (r): 0/1 checks passed" in title.render().plain
        corrections = app.screen.query_one("#corrections")
        assert owner in corrections.get_row_at(0)[1].plain  # "Name (ID)"
        await _press(app, pilot, "E", *"Sam Lee", "enter", "enter", "enter", "enter")
        [correction] = app.coaching.corrections()
        assert correction.escalated and correction.status == "open"
        assert correction.escalations[0].to == "Sam Lee"
        assert correction.due == date(2026, 11, 30)  # Wed + 5 days is a Monday
        assert not correction.overdue(clock.now.date())
        await _press(app, pilot, "V")  # not actioned yet: refused
        assert app.coaching.corrections()[0].status == "open"
        await _press(app, pilot, "a", *"date corrected", "enter")
        await _press(app, pilot, "V", *"seen on the case", "enter")
        [correction] = app.coaching.corrections()
        assert correction.status == "closed" and correction.actioned.text == "date corrected"
        assert correction.verified.text == "seen on the case"
        kinds = [e.kind for e in Journal(source.data_dir).entries()]
        assert kinds == [
            "sample",
            "assessment",
            "correction",
            "draft",
            "cancel",
            "feedback",
            "development",
            "escalation",
            "correction",
            "correction",
        ]
