"""Pictures of the follow-up and coaching screens at 80x24 and 120x40.

Deterministic like tests/test_app_snapshots.py: the fixed simulated floor and clock;
journal entries are stamped by "tester" with the app's clock, and the sample seed
comes from that clock. Update with `--snapshot-update` and look at the SVGs.
"""

from __future__ import annotations

from datetime import date, datetime, time
from pathlib import Path

import pytest
from app_helpers import settle
from test_app_snapshots import SIZES, _ready, snapshot_app
from textual.widgets import Input

from floorwatch.coaching.assessment import Mark
from floorwatch.coaching.config import COACHING_FILE
from floorwatch.coaching.sampling import SampleFilter
from floorwatch.screens.coaching.check import SampleCheckScreen

#: The top (flagged) caseworker of team North on the test floor.
WORKER = "W1001"
#: On a caseworker's sample form: past task type, queue and outcome (lists), Enter draws.
DRAW = ("tab", "tab", "tab", "enter")


async def _still(pilot) -> None:
    """Stop the focused field's cursor blinking: a picture must not depend on the moment."""
    for field in pilot.app.screen.query(Input):
        field.cursor_blink = False
    await pilot.pause()


async def _month(pilot) -> None:
    """Wait until the month's actions (a worker) are in, as a sample needs them."""
    app = pilot.app
    await settle(app, pilot)  # the day's result first: the month is asked for as of it
    app.request_period("month")
    await settle(app, pilot)
    assert "month" in app.period_results


async def _history(pilot) -> None:
    """A follow-up today, a sample checked last week with an overdue correction."""
    app = pilot.app
    await _month(pilot)
    desk = app.coaching
    now = app.now
    worker = app.result.worker(WORKER)
    desk.record_followup(
        WORKER, [(f.check, f.subject or "") for f in worker.flags], "coaching started", "renewals"
    )
    earlier = datetime.combine(date(2026, 11, 16), time(14, 0))
    desk.clock = lambda: earlier
    try:
        actions = app.period_results["month"].actions.of_worker(WORKER)
        sample = desk.start_sample(actions, SampleFilter(worker_id=WORKER), 2, 7, "renewals wk47")
        keys = [a.key for a in desk.config.attributes]
        passed = {k: Mark("pass") for k in keys}
        failed = passed | {"notices": Mark("fail", "Notice late", "sent a week late")}
        first, second = sample.data["transactions"]
        desk.record_assessment(sample.id, first, passed)
        check = desk.record_assessment(sample.id, second, failed)
        desk.add_correction(check, "re-issue the notice", WORKER, date(2026, 11, 20))
    finally:
        desk.clock = now
    await settle(app, pilot)


@pytest.mark.parametrize("size", SIZES)
def test_follow_up(snap_compare, workdir: Path, size) -> None:
    """`a` on the top row of North: actions to choose, note, snooze, the flags all chosen."""

    async def run_before(pilot) -> None:
        await _ready(pilot, "a")

    app = snapshot_app(workdir, team="North")
    assert snap_compare(app, terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", SIZES)
def test_team_followed_up(snap_compare, workdir: Path, size) -> None:
    """North: the followed-up flags dimmed with ✓, "1 correction overdue" in the summary."""

    async def run_before(pilot) -> None:
        await _history(pilot)
        pilot.app.screen.show_data()
        await _ready(pilot)

    app = snapshot_app(workdir, team="North")
    assert snap_compare(app, terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", SIZES)
def test_caseworker_log(snap_compare, workdir: Path, size) -> None:
    """The drilldown: flag sentences marked followed up, then the follow-up and coaching log."""

    async def run_before(pilot) -> None:
        await _history(pilot)
        pilot.app.open_caseworker(WORKER)
        await _ready(pilot)

    app = snapshot_app(workdir, team="North")
    assert snap_compare(app, terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", SIZES)
def test_coaching_sample_form(snap_compare, workdir: Path, size) -> None:
    """`o`: task type, queue, outcome as lists (any), this month's range, Task IDs blank,
    size 5, the clock's seed, a label, and how many closed transactions match; the
    focused list highlighted."""

    async def run_before(pilot) -> None:
        await _month(pilot)
        await _ready(pilot, "o")

    app = snapshot_app(workdir, team="North")
    assert snap_compare(app, terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", SIZES)
def test_coaching_sample(snap_compare, workdir: Path, size) -> None:
    """The drawn sample: label, seed, how many of how many; every transaction "to do" and
    "not started"."""

    async def run_before(pilot) -> None:
        await _month(pilot)
        await _ready(pilot, "o", *DRAW)

    app = snapshot_app(workdir, team="North")
    assert snap_compare(app, terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", SIZES)
def test_assessment(snap_compare, workdir: Path, size) -> None:
    """Half-way through a check: Pass, Fail with reason and comment, N/A, the rest to do;
    the highlighted attribute's question; "Overall: not yet (3 of 8 marked)"."""

    async def run_before(pilot) -> None:
        await _month(pilot)
        await _ready(pilot, "o", *DRAW, "enter", "p", "x", "enter")
        await _ready(pilot, *"no payslip", "enter", "n")

    app = snapshot_app(workdir, team="North")
    assert snap_compare(app, terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", SIZES)
def test_fail_reason(snap_compare, workdir: Path, size) -> None:
    """`x` on Verification: its question, its reasons from coaching.toml, the comment."""

    async def run_before(pilot) -> None:
        await _month(pilot)
        await _ready(pilot, "o", *DRAW, "enter", "p", "x")

    app = snapshot_app(workdir, team="North")
    assert snap_compare(app, terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", SIZES)
def test_correction(snap_compare, workdir: Path, size) -> None:
    """`r` after a Fail: labelled fields — description to type, owner the caseworker, due
    in 5 days moved off the weekend (Mon 30 Nov)."""

    async def run_before(pilot) -> None:
        await _month(pilot)
        await _ready(pilot, "o", *DRAW, "enter", "x", "enter")
        await _ready(pilot, *"wrong date", "enter", "r")
        await _still(pilot)

    app = snapshot_app(workdir, team="North")
    assert snap_compare(app, terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", SIZES)
def test_coaching_overview(snap_compare, workdir: Path, size) -> None:
    """`O`: the plan's line for North, the overdue correction marked ⚠ with the
    caseworker's name, the sample 2/2 checked 1 passed, pass rates of this month (1 of 2,
    50 %) by caseworker, team, task type and attribute, and the common error."""

    async def run_before(pilot) -> None:
        await _history(pilot)
        await _ready(pilot, "O")

    app = snapshot_app(workdir, team="North")
    with (workdir / "config" / COACHING_FILE).open("a", encoding="utf-8") as f:
        f.write('\n[[plan]]\nteam = "North"\nchecks = 10\n')
    assert snap_compare(app, terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", SIZES)
def test_feedback_form(snap_compare, workdir: Path, size) -> None:
    """`b` on a checked transaction: required yes, provided to the caseworker, today, face
    to face, a note and a development need; every field labelled."""

    async def run_before(pilot) -> None:
        await _history(pilot)
        sample = pilot.app.coaching.samples()[0]
        pilot.app.push_screen(SampleCheckScreen(sample.id))
        await _ready(pilot)  # the sample on show first, then its feedback form
        await _ready(pilot, "b")
        await _still(pilot)

    app = snapshot_app(workdir, team="North")
    assert snap_compare(app, terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", SIZES)
def test_escalate_form(snap_compare, workdir: Path, size) -> None:
    """`E` on the overdue correction: whose due date expired, to whom, a new due date and
    reminder (Mon 30 Nov), a note."""

    async def run_before(pilot) -> None:
        await _history(pilot)
        await _ready(pilot, "O", "E")
        await _still(pilot)

    app = snapshot_app(workdir, team="North")
    assert snap_compare(app, terminal_size=size, run_before=run_before)
