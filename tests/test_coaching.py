"""The coaching engine: journal, follow-ups, sampling, assessment rules, corrections,
and pass rates with numbers worked out by hand. Real files in temp folders."""

from __future__ import annotations

import stat
from datetime import date, datetime, time, timedelta
from pathlib import Path

import polars as pl
import pytest

from floorwatch.coaching.assessment import AssessmentError, Mark, overall
from floorwatch.coaching.config import COACHING_FILE, default_coaching, load_coaching
from floorwatch.coaching.desk import CoachingDesk
from floorwatch.coaching.followup import parse_snooze
from floorwatch.coaching.journal import Journal, current
from floorwatch.coaching.report import coaching_report
from floorwatch.coaching.sampling import SampleFilter, closed_transactions, draw
from floorwatch.settings import ConfigError

DAY = date(2026, 11, 23)
NOW = datetime.combine(DAY, time(10, 0))
CONFIG = default_coaching()
KEYS = [a.key for a in CONFIG.attributes]


class Clock:
    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


def desk(folder: Path, clock: Clock | None = None) -> CoachingDesk:
    return CoachingDesk(folder / "data", None, by="tl", clock=clock or Clock(NOW))


def actions(n: int = 30) -> pl.DataFrame:
    """n transactions of W1/W2 over three days; every fifth is still in progress."""
    rows = []
    for i in range(n):
        start = datetime(2026, 11, 20 + i % 3, 9, 0) + timedelta(minutes=10 * (i // 3))
        rows.append(
            {
                "worker_id": "W1" if i % 2 else "W2",
                "worker_name": "Ann" if i % 2 else "Bob",
                "team": "North",
                "task_id": f"T{i:03d}",
                "task_type": "Renewal" if i % 3 else "Application",
                "queue": "Q1",
                "start": start,
                "end": None if i % 5 == 4 else start + timedelta(minutes=5),
                "outcome": "Completed" if i % 4 else "Transferred",
            }
        )
    return pl.DataFrame(rows)


def all_pass() -> dict[str, Mark]:
    return {k: Mark("pass") for k in KEYS}


# -- sampling -------------------------------------------------------------------------------


def test_sample_filters_keep_only_matching_closed_transactions() -> None:
    frame = actions()
    wanted = SampleFilter(
        worker_id="W1",
        task_type="renewal",  # any case
        outcome="Completed",
        date_from=date(2026, 11, 21),
        date_to=date(2026, 11, 22),
    )
    found = closed_transactions(frame, wanted)
    expected = frame.filter(
        pl.col("end").is_not_null(),
        pl.col("worker_id") == "W1",
        pl.col("task_type") == "Renewal",
        pl.col("outcome") == "Completed",
        pl.col("end").dt.date().is_between(date(2026, 11, 21), date(2026, 11, 22)),
    )
    assert found.height > 0
    assert sorted(found["task_id"]) == sorted(expected["task_id"])
    assert closed_transactions(frame, SampleFilter()).height == 24  # 6 of 30 in progress


def test_same_seed_and_filters_draw_the_same_sample_whatever_the_row_order() -> None:
    frame = actions()
    wanted = SampleFilter(team="North")
    first = draw(closed_transactions(frame, wanted), 5, seed=42)
    shuffled = frame.sample(fraction=1.0, shuffle=True, seed=1)
    again = draw(closed_transactions(shuffled, wanted), 5, seed=42)
    assert first["task_id"].to_list() == again["task_id"].to_list()
    assert first.height == 5
    other = draw(closed_transactions(frame, wanted), 5, seed=43)
    assert other["task_id"].to_list() != first["task_id"].to_list()


def test_a_sample_larger_than_the_candidates_takes_them_all() -> None:
    candidates = closed_transactions(
        actions(), SampleFilter(worker_id="W2", task_type="Application")
    )
    assert draw(candidates, 100, seed=1).height == candidates.height
    with pytest.raises(ValueError):
        draw(candidates, 0, seed=1)


def test_start_sample_records_filters_seed_and_transactions(tmp_path: Path) -> None:
    d = desk(tmp_path)
    entry = d.start_sample(actions(), SampleFilter(worker_id="W1"), 3, 7, "W1 renewals")
    data = d.entry(entry.id).data
    assert (data["label"], data["size"], data["seed"], data["candidates"]) == (
        "W1 renewals",
        3,
        7,
        12,
    )
    assert data["filters"]["worker_id"] == "W1"
    assert [t["worker_id"] for t in data["transactions"]] == ["W1"] * 3
    with pytest.raises(ValueError, match="no closed transaction"):
        d.start_sample(actions(), SampleFilter(worker_id="W9"), 3, 7, "nobody")


# -- assessment rules -----------------------------------------------------------------------


def test_a_fail_needs_a_known_reason_and_a_comment() -> None:
    marks = all_pass()
    marks["notices"] = Mark("fail", "Notice late", "")
    with pytest.raises(AssessmentError, match="Notices: a Fail needs a comment"):
        overall(CONFIG, marks)
    marks["notices"] = Mark("fail", "Made up", "sent on day 12")
    with pytest.raises(AssessmentError, match="needs one of its reasons"):
        overall(CONFIG, marks)
    marks["notices"] = Mark("fail", "Notice late", "sent on day 12")
    assert overall(CONFIG, marks) == "fail"


def test_overall_needs_every_attribute_and_something_assessed() -> None:
    marks = all_pass()
    del marks["security"]
    with pytest.raises(AssessmentError, match="not marked yet: Security / data protection"):
        overall(CONFIG, marks)
    with pytest.raises(AssessmentError, match="nothing was assessed"):
        overall(CONFIG, {k: Mark("na") for k in KEYS})
    marks = {k: Mark("na") for k in KEYS} | {"decision_valid": Mark("pass")}
    assert overall(CONFIG, marks) == "pass"


# -- the journal ------------------------------------------------------------------------------


def test_entries_are_private_files_and_a_change_is_a_new_entry(tmp_path: Path) -> None:
    d = desk(tmp_path)
    first = d.record_followup("W1", [("IDLE_NOW", "")], "talked with caseworker", "said hi")
    folder = tmp_path / "data" / "coaching"
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    [path] = folder.glob("*.json")
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    text = path.read_text()
    d.journal.add(
        first.__class__(first.id + "x", "followup", NOW, "tl", dict(first.data), first.id)
    )
    assert path.read_text() == text  # never edited in place
    entries = Journal(tmp_path / "data").entries()
    assert len(entries) == 2
    assert [e.id for e in current(entries)] == [first.id + "x"]


def test_a_half_written_entry_is_ignored_and_a_broken_one_skipped_and_named(tmp_path: Path) -> None:
    d = desk(tmp_path)
    d.record_followup("W1", [("IDLE_NOW", "")], "PIP")
    folder = tmp_path / "data" / "coaching"
    (folder / ".abc.tmp").write_text('{"id": ')  # a write killed half-way
    assert len(Journal(tmp_path / "data").entries()) == 1
    (folder / "broken.json").write_text("{not json")
    (folder / "odd.json").write_text('{"id": "1", "kind": "memo", "at": "", "by": "", "data": {}}')
    journal = Journal(tmp_path / "data")
    assert len(journal.entries()) == 1  # skipped, and said why
    broken, odd = journal.errors
    assert broken.startswith(f"{folder / 'broken.json'}: not a coaching journal entry")
    assert odd == f"{folder / 'odd.json'}: not a coaching journal entry (unknown kind 'memo')"


# -- follow-ups -------------------------------------------------------------------------------


def test_a_follow_up_covers_its_flags_until_the_snooze_or_the_day_ends(tmp_path: Path) -> None:
    clock = Clock(NOW)
    d = desk(tmp_path, clock)
    d.record_followup("W1", [("IDLE_NOW", "")], "no action needed")
    d.record_followup(
        "W1", [("LONG_TXN", "Renewal")], "coaching started", snooze_until=datetime(2026, 11, 25, 9)
    )
    assert set(d.followed("W1")) == {("IDLE_NOW", ""), ("LONG_TXN", "Renewal")}
    assert d.followed("W2") == {}
    clock.now = datetime(2026, 11, 24, 8, 0)  # next morning: the unsnoozed one is fresh again
    assert set(d.followed("W1")) == {("LONG_TXN", "Renewal")}
    clock.now = datetime(2026, 11, 25, 9, 0)
    assert d.followed("W1") == {}


def test_follow_up_input_is_checked(tmp_path: Path) -> None:
    d = desk(tmp_path)
    with pytest.raises(ValueError, match="unknown action"):
        d.record_followup("W1", [("IDLE_NOW", "")], "shouted")
    # Without a flag it is an observation: what was seen must be in the note.
    with pytest.raises(ValueError, match="observation: write it in the note"):
        d.record_followup("W1", [], "talked with caseworker")
    seen = d.record_followup("W1", [], "talked with caseworker", "slow on renewals")
    assert seen.data["flags"] == [] and d.followed("W1") == {}
    with pytest.raises(ValueError, match="future"):
        d.record_followup("W1", [("IDLE_NOW", "")], "PIP", snooze_until=NOW)
    assert parse_snooze("", NOW) is None
    assert parse_snooze("14:30", NOW) == datetime(2026, 11, 23, 14, 30)
    assert parse_snooze("09:00", NOW) == datetime(2026, 11, 24, 9, 0)  # past today: tomorrow
    assert parse_snooze("2026-11-30", NOW) == datetime(2026, 11, 30)
    with pytest.raises(ValueError, match="not a time"):
        parse_snooze("soon", NOW)


# -- corrections ------------------------------------------------------------------------------


def _failed_check(d: CoachingDesk, worker: str = "W1", team: str = "North"):
    marks = all_pass()
    marks["notices"] = Mark("fail", "Notice late", "sent on day 12")
    txn = {"task_id": "T1", "worker_id": worker, "team": team, "task_type": "Renewal"}
    return d.record_assessment("S1", txn, marks)


def test_corrections_are_due_then_overdue_then_escalated_or_done(tmp_path: Path) -> None:
    clock = Clock(NOW)
    d = desk(tmp_path, clock)
    passed = d.record_assessment("S1", {"task_id": "T2", "worker_id": "W1"}, all_pass())
    with pytest.raises(ValueError, match="only a failed check"):
        d.add_correction(passed, "fix", "W1", DAY)
    check = _failed_check(d)
    d.add_correction(check, "send the notice", "W1", date(2026, 11, 25))
    [c] = d.corrections()
    assert (c.status, c.overdue(DAY), c.escalated) == ("open", False, False)
    with pytest.raises(ValueError, match="overdue"):
        d.escalate(c, "Sam (TL West)", date(2026, 11, 30))
    clock.now = datetime(2026, 11, 25, 17, 0)  # due today: not yet overdue
    assert d.overdue_by_team() == {}
    clock.now = datetime(2026, 11, 26, 8, 0)
    assert d.overdue_by_team() == {"North": 1}
    with pytest.raises(ValueError, match="to whom"):
        d.escalate(c, " ", date(2026, 11, 30))
    with pytest.raises(ValueError, match="new due date must be after today"):
        d.escalate(c, "Sam", date(2026, 11, 26))
    d.escalate(d.corrections()[0], "Sam (TL West)", date(2026, 11, 30), note="no reply")
    [c] = d.corrections()
    assert c.escalated and c.escalations[0].by == "tl" and c.escalations[0].to == "Sam (TL West)"
    # The new due date and reminder are in force: no longer overdue.
    assert (c.first_due, c.due, c.reminder) == (date(2026, 11, 25), date(2026, 11, 30), c.due)
    assert d.overdue_by_team() == {} and not c.reminder_due(clock.now.date())
    with pytest.raises(ValueError, match="not recorded yet"):
        d.verify(c)
    d.record_action(c, "notice re-sent")
    [c] = d.corrections()
    assert c.status == "actioned" and c.actioned.text == "notice re-sent"
    clock.now = datetime(2026, 12, 1, 8, 0)  # past the new due day, but actioned: not overdue
    assert not c.overdue(clock.now.date()) and c.reminder_due(clock.now.date())
    d.verify(c, "checked on the case")
    [c] = d.corrections()
    assert (c.status, c.overdue(clock.now.date()), c.escalated) == ("closed", False, True)
    assert (c.actioned.at, c.verified.at) == (datetime(2026, 11, 26, 8), clock.now)
    assert not c.reminder_due(clock.now.date())
    assert d.overdue_by_team() == {}
    with pytest.raises(ValueError, match="closed already"):
        d.verify(c)
    # Each step is on record, superseded by the next.
    kinds = [e.kind for e in d.entries()]
    assert kinds.count("correction") == 3 and kinds.count("escalation") == 1


# -- reports ---------------------------------------------------------------------------------


def test_pass_rates_by_caseworker_team_task_type_and_attribute(tmp_path: Path) -> None:
    clock = Clock(NOW)
    d = desk(tmp_path, clock)

    def check(task: str, worker: str, team: str, task_type: str, fails: tuple[str, ...] = ()):
        marks = {k: Mark("pass") for k in KEYS}
        marks["call_handling"] = Mark("na")
        for key in fails:
            marks[key] = Mark("fail", "Other", "see notes")
        txn = {"task_id": task, "worker_id": worker, "worker_name": None}
        txn |= {"team": team, "task_type": task_type}
        return d.record_assessment("S1", txn, marks)

    check("T1", "W1", "North", "Renewal")
    check("T2", "W1", "North", "Application", ("notices",))
    redo = check("T3", "W2", "South", "Renewal", ("notices", "verification"))
    # T3 re-assessed: the new entry replaces the old one in every count.
    d.record_assessment(
        "S1", redo.data["transaction"], {k: Mark("pass") for k in KEYS}, supersedes=redo.id
    )
    clock.now = datetime(2026, 12, 2, 9, 0)
    check("T4", "W2", "South", "Renewal", ("security",))

    november = coaching_report(d.entries(), date(2026, 11, 1), date(2026, 11, 30))
    assert (november.checks, november.passed, november.pass_rate_pct) == (3, 2, 66.7)
    assert november.rates["caseworker"].rows() == [("W1", 2, 1, 1, 50.0), ("W2", 1, 1, 0, 100.0)]
    assert november.rates["team"].rows() == [("North", 2, 1, 1, 50.0), ("South", 1, 1, 0, 100.0)]
    assert november.rates["task_type"].rows() == [
        ("Application", 1, 0, 1, 0.0),
        ("Renewal", 2, 2, 0, 100.0),
    ]
    attributes = dict((r[0], r[1:]) for r in november.rates["attribute"].rows())
    # Call handling was N/A on T1, T2 and T3's first check, but marked Pass on T3's redo.
    assert attributes["Call handling"] == (1, 1, 0, 100.0)
    assert attributes["Notices"] == (3, 2, 1, 66.7)
    assert attributes["Security / data protection"] == (3, 3, 0, 100.0)

    everything = coaching_report(d.entries())
    assert (everything.checks, everything.passed) == (4, 2)
    south = coaching_report(d.entries(), team="South")
    assert south.rates["attribute"].filter(
        pl.col("group") == "Security / data protection"
    ).rows() == [("Security / data protection", 2, 1, 1, 50.0)]
    assert coaching_report([]).pass_rate_pct is None


# -- coaching.toml -------------------------------------------------------------------------


def test_a_missing_coaching_toml_gives_the_default_attributes(tmp_path: Path) -> None:
    assert load_coaching(tmp_path) == CONFIG
    # The repository's config/coaching.toml (what `floorwatch init` writes) says the same.
    assert load_coaching(Path(__file__).parent.parent / "config") == CONFIG
    assert len(CONFIG.attributes) == 8


@pytest.mark.parametrize(
    ("text", "line", "key", "reason"),
    [
        ("sample_size = 0\n", 1, "sample_size", "1 or more"),
        ("samples = 3\n", 1, "samples", "unknown key"),
        (
            "[attributes.a]\nlabel = 'A'\nfail_reasons = []\n",
            3,
            "attributes.a.fail_reasons",
            "one or more",
        ),
        (
            "[attributes.a]\nlabel = 'A'\nquestoin = 'x'\n",
            3,
            "attributes.a.questoin",
            "unknown key",
        ),
        ("[attributes.a]\nlabel = ''\n", 2, "attributes.a.label", "non-empty"),
        ("sample_size = 5\nsample_size = = 3\n", 2, None, "not valid TOML"),
    ],
)
def test_a_bad_coaching_toml_names_file_line_and_key(
    tmp_path: Path, text: str, line: int, key: str | None, reason: str
) -> None:
    (tmp_path / COACHING_FILE).write_text(text)
    with pytest.raises(ConfigError) as caught:
        load_coaching(tmp_path)
    error = caught.value
    assert (error.file, error.line, error.key) == (tmp_path / COACHING_FILE, line, key)
    assert reason in error.reason
    assert "\n" not in str(error)
