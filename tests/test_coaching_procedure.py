"""The coaching procedure's steps (seed 003) through the data layer: the plan and its
progress, samples from any range and by Task ID, cancelling, per-check status,
feedback and development needs, corrections in two steps, common errors, PIPs, and a
journal written before these steps. Real files in temp folders."""

from __future__ import annotations

import json
from datetime import date, datetime, time, timedelta
from pathlib import Path

import polars as pl
import pytest

from floorwatch.coaching.assessment import Mark
from floorwatch.coaching.config import COACHING_FILE, PlanItem, default_coaching, load_coaching
from floorwatch.coaching.corrections import default_due
from floorwatch.coaching.desk import CoachingDesk
from floorwatch.coaching.history_rows import history_span, month_results, rows_of
from floorwatch.coaching.journal import Journal
from floorwatch.coaching.output import Report, render_csv
from floorwatch.coaching.plan import month_plan
from floorwatch.coaching.report import as_report, coaching_report
from floorwatch.coaching.sampling import SampleFilter, closed_transactions, parse_task_ids
from floorwatch.coaching.summary import coaching_frames
from floorwatch.settings import ConfigError, load_config
from floorwatch.simulate import FloorSpec, write_config, write_day
from floorwatch.simulate.history import fill_history

DAY = date(2026, 11, 23)  # a Monday
NOW = datetime.combine(DAY, time(10, 0))
KEYS = [a.key for a in default_coaching().attributes]


class Clock:
    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


def desk(folder: Path, clock: Clock | None = None, config: Path | None = None) -> CoachingDesk:
    return CoachingDesk(folder / "data", config, by="tl", clock=clock or Clock(NOW))


def actions() -> pl.DataFrame:
    """Twelve closed transactions: W1 and W2 of North, W3 of South, two task types."""
    rows = []
    for i in range(12):
        start = datetime(2026, 11, 20, 9) + timedelta(minutes=10 * i)
        worker = ("W1", "W2", "W3")[i % 3]
        rows.append(
            {
                "worker_id": worker,
                "worker_name": {"W1": "Ann", "W2": "Bob", "W3": "Cy"}[worker],
                "team": "South" if worker == "W3" else "North",
                "task_id": f"T{i:02d}",
                "task_type": "Renewal" if i % 2 else "Application",
                "queue": "Renewals",
                "start": start,
                "end": start + timedelta(minutes=5),
                "outcome": "Completed",
            }
        )
    return pl.DataFrame(rows)


def marks(*fails: tuple[str, str]) -> dict[str, Mark]:
    found = {k: Mark("pass") for k in KEYS}
    for key, reason in fails:
        found[key] = Mark("fail", reason, "see the case")
    return found


def txn_of(sample, task_id: str) -> dict:
    return next(t for t in sample.data["transactions"] if t["task_id"] == task_id)


# -- 1. the coaching plan ---------------------------------------------------------------------


PLAN = """
[[plan]]
team = "North"
checks = 4

[[plan]]
team = "North"
month = "2026-12"
checks = 9

[[plan]]
caseworker = "W3"
checks = 2
task_types = ["Renewal"]
"""


def test_the_plan_reads_from_coaching_toml_and_a_month_line_replaces_the_every_month_one(
    tmp_path: Path,
) -> None:
    (tmp_path / COACHING_FILE).write_text(PLAN)
    plan = load_coaching(tmp_path).plan
    assert plan == (
        PlanItem(4, team="North"),
        PlanItem(9, team="North", month="2026-12"),
        PlanItem(2, caseworker="W3", task_types=("Renewal",)),
    )
    assert [p.checks for p in month_plan(plan, DAY)] == [4, 2]
    assert [p.checks for p in month_plan(plan, date(2026, 12, 3))] == [9, 2]


@pytest.mark.parametrize(
    ("text", "line", "key", "reason"),
    [
        ("[[plan]]\nchecks = 3\n", 1, "plan", "one team or one caseworker"),
        ("[[plan]]\nteam = 'N'\ncaseworker = 'W1'\nchecks = 3\n", 1, "plan", "one team"),
        ("[[plan]]\nteam = 'N'\nchecks = 0\n", 3, "plan[1].checks", "1 or more"),
        (
            "[[plan]]\nteam = 'N'\nchecks = 2\n[[plan]]\nteam = 'S'\nchek = 2\n",
            6,
            "plan[2].chek",
            "unknown key",
        ),
        ("[[plan]]\nteam = 'N'\nchecks = 2\nmonth = '2026-13'\n", 4, "plan[1].month", "YYYY-MM"),
        (
            "[[plan]]\nteam = 'N'\nchecks = 2\n[[plan]]\nteam = 'N'\nchecks = 3\n",
            4,
            "plan",
            "planned twice",
        ),
    ],
)
def test_a_bad_plan_names_file_line_and_key(
    tmp_path: Path, text: str, line: int, key: str, reason: str
) -> None:
    (tmp_path / COACHING_FILE).write_text(text)
    with pytest.raises(ConfigError) as caught:
        load_coaching(tmp_path)
    assert (caught.value.line, caught.value.key) == (line, key)
    assert reason in caught.value.reason


def test_progress_counts_this_months_checks_of_the_planned_task_types_not_cancelled(
    tmp_path: Path,
) -> None:
    (tmp_path / COACHING_FILE).write_text(PLAN)
    clock = Clock(NOW)
    d = desk(tmp_path, clock, tmp_path)
    members = {"North": [("W1", "Ann"), ("W2", "Bob"), ("W4", None)], "South": [("W3", "Cy")]}
    wanted = SampleFilter(team="North", task_ids=("T00", "T01", "T03"))
    sample = d.start_sample(actions(), wanted, 3, 1, "north")
    tasks = [t["task_id"] for t in sample.data["transactions"]]
    assert {t["worker_id"] for t in sample.data["transactions"]} == {"W1", "W2"}
    for task in tasks:
        d.record_assessment(sample.id, txn_of(sample, task), marks())
    d.cancel(sample.id, tasks[0], "closed in error, not a real transaction")
    w3 = d.start_sample(actions(), SampleFilter(worker_id="W3"), 4, 1, "cy")
    for t in w3.data["transactions"]:
        d.record_assessment(w3.id, t, marks())
    north, cy = d.progress(members)
    assert (north.done, north.target) == (2, 4)  # three checked, one cancelled
    assert north.not_sampled == ("W4",)
    assert north.sentence() == "North: 2 of 4 checks this month, 1 caseworker not yet sampled"
    renewals = sum(t["task_type"] == "Renewal" for t in w3.data["transactions"])
    assert 0 < renewals < 4 and cy.done == renewals  # only Renewal counts for W3
    assert cy.sentence() == f"W3: {renewals} of 2 checks this month (Renewal)"
    assert d.progress(None)[0].sentence().endswith("caseworkers not known (no data)")
    clock.now = datetime(2026, 12, 1, 9)  # a new month: the December line, nothing done
    north, _ = d.progress(members)
    assert north.sentence() == "North: 0 of 9 checks this month, 3 caseworkers not yet sampled"
    assert north.not_sampled == ("Ann (W1)", "Bob (W2)", "W4")


# -- 2. any date range, and by Task ID ---------------------------------------------------------


def test_a_sample_by_task_id_checks_exactly_those_and_names_any_not_found(tmp_path: Path) -> None:
    d = desk(tmp_path)
    assert parse_task_ids("T03, T05 T03") == ("T03", "T05")
    wanted = SampleFilter(team="North", task_ids=("T04", "T01"))
    sample = d.start_sample(actions(), wanted, 1, 1, "two asked for")
    assert [t["task_id"] for t in sample.data["transactions"]] == ["T01", "T04"]
    assert sample.data["filters"]["task_ids"] == ["T04", "T01"]
    with pytest.raises(ValueError, match="no closed transaction T02, T99 matches"):
        d.start_sample(
            actions(),
            SampleFilter(team="North", task_ids=("T01", "T02", "T99")),
            5,
            1,
            "T02 is South's",
        )


def test_a_sample_reaches_back_over_a_months_turn_into_the_history(tmp_path: Path) -> None:
    spec = FloorSpec(seed=7, teams=2, size=5)
    config = load_config(write_config(tmp_path, spec, today=DAY))
    write_day(tmp_path, spec, DAY, until=time(11))
    data = tmp_path / "history"
    october = [date(2026, 10, 29), date(2026, 10, 30), date(2026, 11, 2), date(2026, 11, 3)]
    fill_history(data, spec, config, october)
    assert history_span(data) == (date(2026, 10, 29), date(2026, 11, 3))
    first, last = date(2026, 10, 30), date(2026, 11, 2)
    results = month_results(config, tmp_path, data, first, last, NOW)
    assert sorted(results) == [date(2026, 10, 1), date(2026, 11, 1)]
    worker = results[date(2026, 11, 1)].workers[0].worker_id
    rows = rows_of(results, worker_id=worker)
    candidates = closed_transactions(rows, SampleFilter(date_from=first, date_to=last))
    days = set(candidates["end"].dt.date().to_list())
    assert days == {first, last}  # both sides of the month's turn, nothing outside
    assert set(candidates["worker_id"]) == {worker}
    # No data at all before the history: that month is left out, not an error.
    assert sorted(month_results(config, tmp_path, data, date(2026, 9, 1), first, NOW)) == [
        date(2026, 10, 1)
    ]


# -- 3. and 4. cancel, and each check's status --------------------------------------------------


def test_cancelled_checks_leave_the_pass_rates_and_every_check_has_a_status(
    tmp_path: Path,
) -> None:
    d = desk(tmp_path)
    sample = d.start_sample(actions(), SampleFilter(team="North"), 4, 3, "north")
    a, b, c, e = (t["task_id"] for t in sample.data["transactions"])
    assert set(d.statuses(sample.id).values()) == {"not started"}
    d.save_draft(sample.id, txn_of(sample, a), {KEYS[0]: Mark("pass")})
    failed = d.record_assessment(sample.id, txn_of(sample, b), marks(("notices", "Notice late")))
    passed = d.record_assessment(sample.id, txn_of(sample, c), marks())
    d.record_assessment(sample.id, txn_of(sample, e), marks(("security", "System misused")))
    statuses = d.statuses(sample.id)
    assert statuses == {a: "in progress", b: "in progress", c: "in progress", e: "in progress"}
    d.record_feedback(passed, required=False)
    d.record_feedback(failed, True, "Ann", DAY, "face to face")
    d.add_correction(failed, "re-send the notice", "W1", date(2026, 11, 27))
    statuses = d.statuses(sample.id)
    assert (statuses[b], statuses[c]) == ("in progress", "done")  # b: correction open
    [fix] = d.corrections()
    d.record_action(fix, "notice re-sent")
    d.verify(d.corrections()[0])
    assert d.statuses(sample.id)[b] == "done"

    assert coaching_report(d.entries()).checks == 3
    with pytest.raises(ValueError, match="needs a reason"):
        d.cancel(sample.id, e, " ")
    with pytest.raises(ValueError, match="not in this sample"):
        d.cancel(sample.id, "T99", "typo")
    d.cancel(sample.id, e, "transaction belongs to another office")
    with pytest.raises(ValueError, match="cancelled already"):
        d.cancel(sample.id, e, "again")
    report = coaching_report(d.entries())
    assert (report.checks, report.passed) == (2, 1)
    security = report.rates["attribute"].filter(pl.col("group") == "Security / data protection")
    assert security.rows() == [("Security / data protection", 2, 2, 0, 100.0)]  # its Fail gone
    assert d.statuses(sample.id)[e] == "cancelled"
    d.cancel(sample.id, None, "wrong team sampled")
    assert set(d.statuses(sample.id).values()) == {"cancelled"}
    assert coaching_report(d.entries()).checks == 0
    with pytest.raises(ValueError, match="sample is cancelled already"):
        d.cancel(sample.id, a, "once more")


# -- 5. feedback and development needs -----------------------------------------------------


def test_feedback_says_to_whom_when_and_how_and_a_need_goes_on_the_record(tmp_path: Path) -> None:
    d = desk(tmp_path)
    sample = d.start_sample(actions(), SampleFilter(worker_id="W1"), 1, 3, "ann")
    check = d.record_assessment(sample.id, sample.data["transactions"][0], marks())
    with pytest.raises(ValueError, match="to whom"):
        d.record_feedback(check, True, "", DAY, "face to face")
    with pytest.raises(ValueError, match="future"):
        d.record_feedback(check, True, "Ann", DAY + timedelta(days=1), "face to face")
    with pytest.raises(ValueError, match="how: one of face to face, phone, email, written"):
        d.record_feedback(check, True, "Ann", DAY, "by pigeon")
    d.record_feedback(check, True, "Ann", DAY, "written", "good notes", "income evidence rules")
    frames = dict(coaching_frames(d.entries(), "W1", DAY, DAY, DAY))
    assert frames["Feedback"].row(0)[3:] == ("yes", "Ann", "2026-11-23", "written", "good notes")
    assert frames["Development needs"].rows() == [
        ("2026-11-23", "tl", "income evidence rules", check.data["transaction"]["task_id"])
    ]
    d.add_development_need("W1", "phone manner")
    assert len(dict(coaching_frames(d.entries(), "W1", DAY, DAY, DAY))["Development needs"]) == 2
    assert dict(coaching_frames(d.entries(), "W2", DAY, DAY, DAY))["Feedback"].is_empty()


# -- 6. corrections: default due day, names ----------------------------------------------------


def test_a_default_due_day_never_falls_on_a_weekend() -> None:
    assert default_due(DAY, 5) == date(2026, 11, 30)  # Saturday -> Monday
    assert default_due(DAY, 6) == date(2026, 11, 30)  # Sunday -> Monday
    assert default_due(DAY, 4) == date(2026, 11, 27)  # Friday stays


def test_a_correction_carries_the_caseworkers_name(tmp_path: Path) -> None:
    d = desk(tmp_path)
    sample = d.start_sample(actions(), SampleFilter(worker_id="W2"), 1, 3, "bob")
    check = d.record_assessment(
        sample.id, sample.data["transactions"][0], marks(("notices", "Notice late"))
    )
    d.add_correction(check, "re-send", "W2", date(2026, 11, 27))
    assert d.corrections()[0].who == "Bob (W2)"


# -- 7. common errors ------------------------------------------------------------------------------


def test_common_errors_tally_fail_reasons_per_attribute_team_and_task_type(tmp_path: Path) -> None:
    d = desk(tmp_path)

    def check(task: str, team: str, task_type: str, *fails: tuple[str, str]) -> None:
        txn = {"task_id": task, "worker_id": "W1", "team": team, "task_type": task_type}
        d.record_assessment("S1", txn, marks(*fails))

    late = ("notices", "Notice late")
    check("T1", "North", "Renewal", late, ("security", "System misused"))
    check("T2", "North", "Renewal", late)
    check("T3", "South", "Renewal", late)
    check("T4", "North", "Application", ("notices", "Wrong notice issued"))
    check("T5", "North", "Renewal")
    errors = coaching_report(d.entries()).common_errors
    assert errors.rows() == [
        ("Notices", "Notice late", "North", "Renewal", 2),
        ("Notices", "Notice late", "South", "Renewal", 1),
        ("Notices", "Wrong notice issued", "North", "Application", 1),
        ("Security / data protection", "System misused", "North", "Renewal", 1),
    ]
    south = coaching_report(d.entries(), team="South").common_errors
    assert south.rows() == [("Notices", "Notice late", "South", "Renewal", 1)]


def test_the_csv_of_tables_with_different_columns_keeps_every_column() -> None:
    first = pl.DataFrame({"group": ["a"], "checks": [1]})
    second = pl.DataFrame({"attribute": ["x"], "checks": [2]})
    text = render_csv(Report("t", (), (("One", first), ("Two", second))))
    assert text == "section,group,checks,attribute\nOne,a,1,\nTwo,,2,x\n"


# -- 8. follow-ups: the Field Program Manager, PIPs ------------------------------------------


def test_a_pip_has_goals_and_review_dates_then_an_outcome(tmp_path: Path) -> None:
    d = desk(tmp_path)
    d.record_followup("W1", [("IDLE_NOW", "")], "reported to Field Program Manager")
    with pytest.raises(ValueError, match="at least one goal"):
        d.start_pip("W1", [" "], [date(2026, 12, 7)])
    with pytest.raises(ValueError, match="in the past"):
        d.start_pip("W1", ["utilization 85 %"], [date(2026, 11, 20)])
    d.start_pip(
        "W1",
        ["utilization 85 %", "no paused task over 2 days"],
        [date(2026, 12, 21), date(2026, 12, 7)],
    )
    [pip] = d.pips("W1")
    assert pip.is_open and pip.reviews == (date(2026, 12, 7), date(2026, 12, 21))
    assert pip.next_review(date(2026, 12, 8)) == date(2026, 12, 21)
    d.pip_outcome(pip, "goals met; closed")
    [pip] = d.pips("W1")
    assert pip.outcome == "goals met; closed" and not pip.is_open
    with pytest.raises(ValueError, match="outcome already"):
        d.pip_outcome(pip, "again")
    frames = dict(coaching_frames(d.entries(), "W1", DAY, DAY, DAY))
    assert frames["PIPs"].rows() == [
        (
            "2026-11-23",
            "tl",
            "utilization 85 %; no paused task over 2 days",
            "2026-12-07, 2026-12-21",
            "goals met; closed",
        )
    ]
    assert frames["Follow-ups"]["action"].to_list() == ["reported to Field Program Manager"]


# -- older journals ------------------------------------------------------------------------------


def _write(folder: Path, name: str, entry: dict) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_text(json.dumps(entry, indent=1, sort_keys=True))


def test_a_journal_written_before_the_procedures_steps_still_reads(tmp_path: Path) -> None:
    """Entries exactly as the previous release wrote them: a follow-up, a sample, a failed
    check, a correction marked done (one step), and an escalation without a new due day."""
    folder = tmp_path / "data" / "coaching"
    txn = {
        "task_id": "T1",
        "worker_id": "W1",
        "worker_name": "Ann",
        "team": "North",
        "task_type": "Renewal",
        "queue": "Q",
        "outcome": "Completed",
        "start": "2026-11-20T09:00:00",
        "end": "2026-11-20T09:05:00",
    }
    mark = {"label": "Notices", "result": "fail", "reason": "Notice late", "comment": "late"}
    base = {"by": "tl", "supersedes": None}
    _write(
        folder,
        "a_followup.json",
        {
            **base,
            "id": "20261120T090000000000_1",
            "kind": "followup",
            "at": "2026-11-20T09:00:00",
            "data": {
                "worker_id": "W1",
                "flags": [["IDLE_NOW", ""]],
                "action": "PIP",
                "note": "",
                "snooze_until": None,
            },
        },
    )
    _write(
        folder,
        "b_sample.json",
        {
            **base,
            "id": "20261120T100000000000_2",
            "kind": "sample",
            "at": "2026-11-20T10:00:00",
            "data": {
                "label": "old",
                "filters": {
                    "worker_id": "W1",
                    "team": None,
                    "task_type": None,
                    "queue": None,
                    "outcome": None,
                    "date_from": None,
                    "date_to": None,
                },
                "size": 1,
                "seed": 1,
                "candidates": 1,
                "transactions": [txn],
            },
        },
    )
    _write(
        folder,
        "c_assessment.json",
        {
            **base,
            "id": "20261120T110000000000_3",
            "kind": "assessment",
            "at": "2026-11-20T11:00:00",
            "data": {
                "sample_id": "20261120T100000000000_2",
                "transaction": txn,
                "marks": {"notices": mark},
                "overall": "fail",
            },
        },
    )
    open_fix = {
        "assessment_id": "20261120T110000000000_3",
        "worker_id": "W1",
        "team": "North",
        "task_id": "T1",
        "description": "re-send",
        "owner": "W1",
        "due": "2026-11-24",
        "status": "open",
        "root": None,
    }
    _write(
        folder,
        "d_correction.json",
        {
            **base,
            "id": "20261120T110100000000_4",
            "kind": "correction",
            "at": "2026-11-20T11:01:00",
            "data": open_fix,
        },
    )
    _write(
        folder,
        "e_escalation.json",
        {
            **base,
            "id": "20261125T090000000000_5",
            "kind": "escalation",
            "at": "2026-11-25T09:00:00",
            "data": {"correction": "20261120T110100000000_4", "note": "", "due": "2026-11-24"},
        },
    )
    _write(
        folder,
        "f_correction.json",
        {
            **base,
            "id": "20261126T090000000000_6",
            "kind": "correction",
            "at": "2026-11-26T09:00:00",
            "supersedes": "20261120T110100000000_4",
            "by": "boss",
            "data": {**open_fix, "status": "done", "root": "20261120T110100000000_4"},
        },
    )

    d = desk(tmp_path)
    assert len(d.entries()) == 6 and d.journal.errors == []
    [fix] = d.corrections()
    assert (fix.status, fix.due, fix.who) == ("closed", date(2026, 11, 24), "Ann (W1)")
    assert (fix.verified.by, fix.verified.at) == ("boss", datetime(2026, 11, 26, 9))
    assert fix.escalations[0].new_due is None and fix.escalations[0].to == ""
    assert d.statuses("20261120T100000000000_2") == {"T1": "in progress"}  # no feedback yet
    report = coaching_report(d.entries())
    assert (report.checks, report.common_errors.rows()) == (
        1,
        [("Notices", "Notice late", "North", "Renewal", 1)],
    )
    assert "Coaching plan" not in "\n".join(as_report(report).lines)
    # Written today, read by the same Journal: the new kinds sit beside the old ones.
    d.add_development_need("W1", "notices")
    kinds = [e.kind for e in Journal(tmp_path / "data").entries()]
    assert len(kinds) == 7 and kinds.count("development") == 1


def test_the_starter_files_plan_example_loads_once_uncommented(tmp_path: Path) -> None:
    from floorwatch.starter import starter_files

    text = starter_files()[COACHING_FILE]
    assert "# [[plan]]" in text and load_coaching_text(tmp_path, text).plan == ()
    lines = text.splitlines()
    start = lines.index("# [[plan]]")
    end = next(i for i in range(start, len(lines)) if not lines[i].startswith("#"))
    lines[start:end] = [line.removeprefix("#").removeprefix(" ") for line in lines[start:end]]
    plan = load_coaching_text(tmp_path, "\n".join(lines)).plan
    assert plan == (
        PlanItem(20, team="North"),
        PlanItem(4, caseworker="W1005", task_types=("Renewal", "Change")),
    )


def load_coaching_text(folder: Path, text: str):
    (folder / COACHING_FILE).write_text(text, encoding="utf-8")
    return load_coaching(folder)
