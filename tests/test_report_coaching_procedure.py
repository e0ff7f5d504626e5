"""`report coaching` and `report worker` show the procedure's records: the plan's
progress, common errors, cancelled checks left out, feedback, development needs,
corrections in two steps and escalated, PIPs. End to end on a simulated floor."""

from __future__ import annotations

import csv
import io
from datetime import date, datetime
from pathlib import Path

import polars as pl
import pytest
from app_helpers import make_floor

from floorwatch import cli
from floorwatch.coaching.assessment import Mark
from floorwatch.coaching.config import COACHING_FILE, DEFAULT_ATTRIBUTES
from floorwatch.coaching.desk import CoachingDesk
from floorwatch.coaching.sampling import SampleFilter
from floorwatch.service import CheckRequest, run_check

KEYS = [a.key for a in DEFAULT_ATTRIBUTES]


class Clock:
    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def coached(workdir: Path):
    """North planned for 3 checks; two of W-North-1's transactions checked (one fails,
    with a correction actioned, verified after an escalation), one cancelled."""
    source = make_floor(workdir)
    config, data = source.config.folder, source.data_dir
    with (config / COACHING_FILE).open("a", encoding="utf-8") as f:
        f.write('\n[[plan]]\nteam = "North"\nchecks = 3\n')
    month = run_check(CheckRequest(source.config, workdir, data, period="month", record_run=False))
    north = sorted(w.worker_id for w in month.workers if w.team == "North")
    worker = north[0]
    # Recorded the week before the data's as-of day (a report's period ends there).
    clock = Clock(datetime(2026, 11, 16, 10))
    desk = CoachingDesk(data, config, by="tl", clock=clock)
    rows = month.actions.of_worker(worker)
    sample = desk.start_sample(rows, SampleFilter(worker_id=worker), 3, 5, "north wk48")
    first, second, third = sample.data["transactions"]
    passed = {k: Mark("pass") for k in KEYS}
    failed = passed | {"notices": Mark("fail", "Notice late", "sent on day 12")}
    desk.record_assessment(sample.id, first, passed)
    check = desk.record_assessment(sample.id, second, failed)
    desk.record_assessment(sample.id, third, passed | {"security": Mark("fail", "Other", "x")})
    desk.cancel(sample.id, third["task_id"], "belongs to another office")
    desk.record_feedback(
        check, True, "the caseworker", date(2026, 11, 16), "face to face", "", "notice timing"
    )
    desk.add_correction(check, "re-issue the notice", worker, date(2026, 11, 17))
    clock.now = datetime(2026, 11, 18, 9)
    desk.escalate(desk.corrections()[0], "Sam Lee (TL East)", date(2026, 11, 20))
    desk.record_action(desk.corrections()[0], "notice re-issued 19 Nov")
    clock.now = datetime(2026, 11, 20, 9)
    desk.verify(desk.corrections()[0], "seen on the case")
    desk.start_pip(worker, ["notices on time"], [date(2026, 12, 11)])
    desk.record_followup(worker, [], "reported to Field Program Manager", "asked for a review")
    return config, data, workdir, worker, north, check


def test_report_coaching_shows_the_plan_and_the_common_errors(
    coached, capsys: pytest.CaptureFixture[str]
) -> None:
    config, data, drop, _, north, _ = coached
    base = ["report", "coaching", "--config", str(config), "--data", str(data), "--drop", str(drop)]
    assert cli.main([*base, "--to", "2026-11-30"]) == 0
    md = capsys.readouterr().out
    others = len(north) - 1
    assert f"- North: 2 of 3 checks in November 2026, {others} caseworkers not yet sampled" in md
    assert "## Common errors" in md
    assert "| Notices | Notice late | North |" in md
    assert "Other" not in md.split("## Common errors")[1]  # the cancelled check's fail
    assert "Checks recorded from the first check to 2026-11-30: 2, passed 1 (50.0 %)" in md

    assert cli.main([*base, "--to", "2026-11-30", "--format", "csv"]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    [plan] = [r for r in rows if r["section"].startswith("Coaching plan")]
    assert (plan["team"], plan["checks done"], plan["checks planned"]) == ("North", "2", "3")
    [error] = [r for r in rows if r["section"] == "Common errors"]
    assert (error["attribute"], error["reason"], error["fails"]) == ("Notices", "Notice late", "1")

    target = drop / "coaching.xlsx"
    assert cli.main([*base, "--to", "2026-11-30", "--format", "xlsx", "-o", str(target)]) == 0
    sheet = pl.read_excel(target, sheet_name="Common errors")
    assert sheet.rows() == [("Notices", "Notice late", "North", sheet["task_type"][0], 1)]

    assert cli.main([*base, "--from", "2026-12-05", "--to", "2026-12-01"]) == 2
    assert capsys.readouterr().err == (
        "floorwatch: --from 2026-12-05 is after --to 2026-12-01: no day is in that range\n"
    )


def test_report_worker_lists_feedback_needs_corrections_and_the_pip(
    coached, capsys: pytest.CaptureFixture[str]
) -> None:
    config, data, drop, worker, _, check = coached
    folders = ["--config", str(config), "--data", str(data), "--drop", str(drop)]
    assert cli.main(["report", "worker", worker, *folders, "--period", "month"]) == 0
    md = capsys.readouterr().out
    task = check.data["transaction"]["task_id"]
    assert "## Feedback" in md and f"| {task} | yes | the caseworker | 2026-11-16 |" in md
    assert "## Development needs" in md and f"| notice timing | {task} |" in md
    assert "| re-issue the notice |" in md
    assert "| closed | notice re-issued 19 Nov (tl 2026-11-18) | tl 2026-11-20 |" in md
    assert "to Sam Lee (TL East) 2026-11-18, due 2026-11-20, reminder 2026-11-20" in md
    assert "## PIPs" in md and "| notices on time | 2026-12-11 | open |" in md
    assert "| reported to Field Program Manager | (observation) | asked for a review |" in md
    assert "| cancelled |" in md  # the third check, shown for what it is
