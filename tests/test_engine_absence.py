"""Spec v2 "nobody invisible" on hand-made frames, every expected value computed by hand.

The roster's front-line people are the floor (scheduled and absent days, missing days,
NOT_LOGGED_IN), and the live snapshot is T's own day's, with its freshness.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from engine_helpers import T, at, dash, export, leave, roster, run

from floorwatch.engine import CheckResult, WorkerResult
from floorwatch.settings import Settings

MON, TUE, WED = date(2026, 11, 23), date(2026, 11, 24), date(2026, 11, 25)
THU, FRI = date(2026, 11, 26), date(2026, 11, 27)
assert T.date() == WED


def worker(result: CheckResult, worker_id: str) -> WorkerResult:
    w = result.worker(worker_id)
    assert w is not None, f"{worker_id} not listed: {[x.worker_id for x in result.workers]}"
    return w


def codes(w: WorkerResult) -> list[str]:
    return [f.check for f in w.flags]


def snapshot(when: datetime, *rows: dict) -> tuple[str, object]:
    return ("dashboard", export("dashboard", list(rows), when))


# -- a no-show today ---------------------------------------------------------------------------


def test_a_no_show_is_listed_flagged_and_lowers_logged_in() -> None:
    ros = roster({"worker_id": "W1", "team": "North"}, {"worker_id": "W2", "team": "North"})
    # W1 never appears; S = 10:55 (5 minutes before T: fresh).
    result = run(snapshot(at(WED, 10, 55), dash("W2", 170, 150, 10, team="North")), ros=ros)
    w1 = worker(result, "W1")
    m = w1.metrics
    assert (w1.status, w1.status_minutes) == (None, None)
    assert (m.scheduled_days, m.absent_days) == (1, 0)  # today is not an absent day yet
    assert m.scheduled_minutes == pytest.approx(175.0)  # 08:00 -> S 10:55
    assert (m.logged_in_minutes, m.logged_in_pct) == (0.0, 0.0)
    assert (m.active_minutes, m.utilization_pct, m.cases_worked) == (None, None, 0)
    assert codes(w1) == ["LOW_LOGGED_IN", "NOT_LOGGED_IN"]
    (late,) = [f for f in w1.flags if f.check == "NOT_LOGGED_IN"]
    assert (late.value, late.expected, late.subject) == (175.0, 15.0, None)
    assert "08:00" in late.detail
    assert "NOT_LOGGED_IN" not in codes(worker(result, "W2"))
    (north,) = result.teams
    assert (north.workers, north.not_logged_in) == (2, 1)
    # Team: 170 logged in over 2 x 175 scheduled, the no-show included.
    assert north.metrics.logged_in_pct == pytest.approx(170 / 350 * 100)
    assert (north.metrics.scheduled_days, north.metrics.absent_days) == (2, 0)


@pytest.mark.parametrize(
    ("s", "flagged"),
    [
        (at(WED, 8, 14, 59), False),  # 14.98 minutes late: not yet
        (at(WED, 8, 15), True),  # exactly shift start + late_login_minutes
        (at(WED, 15, 59), True),
        (at(WED, 16, 0), False),  # the shift (480 min) is over at S
    ],
)
def test_not_logged_in_is_judged_at_the_snapshot_within_the_shift(
    s: datetime, flagged: bool
) -> None:
    ros = roster({"worker_id": "W1"})
    result = run(snapshot(s, dash("W2", 5, 5, 0)), ros=ros, as_of=s)
    got = [f for f in worker(result, "W1").flags if f.check == "NOT_LOGGED_IN"]
    if flagged:
        assert [f.value for f in got] == [pytest.approx((s - at(WED, 8)).total_seconds() / 60)]
    else:
        assert got == []


def test_not_logged_in_uses_roster_shift_and_late_login_setting() -> None:
    # W1 starts 09:30; late_login_minutes 40 -> judged from 10:10. S 10:05: not yet.
    ros = roster({"worker_id": "W1", "shift_start_minutes": 570.0})
    settings = Settings(late_login_minutes=40.0)
    early = run(snapshot(at(WED, 10, 5), dash("W2", 5, 5, 0)), ros=ros, settings=settings)
    assert "NOT_LOGGED_IN" not in codes(worker(early, "W1"))
    late = run(
        snapshot(at(WED, 10, 10), dash("W2", 5, 5, 0)),
        ros=ros,
        settings=settings,
        as_of=at(WED, 10, 10),
    )
    (f,) = [f for f in worker(late, "W1").flags if f.check == "NOT_LOGGED_IN"]
    assert (f.value, f.expected) == (40.0, 40.0)
    assert "09:30" in f.detail


def test_a_row_with_zero_logged_in_is_not_logged_in_but_any_minutes_are() -> None:
    ros = roster({"worker_id": "W1"}, {"worker_id": "W2"})
    result = run(
        snapshot(
            at(WED, 10, 55),
            dash("W1", 0, 0, 0, status="Logged Out"),
            # Logged out now, but was in this morning: not a no-show.
            dash("W2", 30, 20, 5, status="Logged Out"),
        ),
        ros=ros,
    )
    assert "NOT_LOGGED_IN" in codes(worker(result, "W1"))
    assert "NOT_LOGGED_IN" not in codes(worker(result, "W2"))


def test_no_live_snapshot_raises_no_not_logged_in() -> None:
    # Only yesterday's evening snapshot: nobody knows who is in today.
    ros = roster({"worker_id": "W1"})
    result = run(snapshot(at(TUE, 18), dash("W2", 400, 300, 50)), ros=ros)
    w1 = worker(result, "W1")
    assert w1.flags == ()
    assert (w1.metrics.scheduled_days, w1.metrics.scheduled_minutes) == (1, 0.0)
    assert (w1.metrics.logged_in_minutes, w1.metrics.logged_in_pct) == (None, None)
    assert (result.data_as_of, result.stale, result.age_minutes) == (None, True, None)


def test_sick_today_is_not_not_logged_in_and_agreed_leave_is_not_scheduled() -> None:
    ros = roster({"worker_id": "W1"}, {"worker_id": "W2"})
    away = leave(("W1", WED, WED, "Sick"), ("W2", MON, FRI, "Annual"))
    result = run(snapshot(at(WED, 10, 55), dash("W3", 170, 150, 10)), ros=ros, leave=away)
    w1, w2 = worker(result, "W1"), worker(result, "W2")
    # Sick: still scheduled (175 minutes so far, 0 logged in), known, so no NOT_LOGGED_IN.
    assert codes(w1) == ["LOW_LOGGED_IN"]
    assert (w1.metrics.scheduled_days, w1.metrics.scheduled_minutes) == (1, 175.0)
    # Annual leave: not scheduled at all; listed, with nothing to judge.
    assert w2.flags == ()
    assert (w2.metrics.scheduled_days, w2.metrics.absent_days) == (0, 0)
    assert (w2.metrics.scheduled_minutes, w2.metrics.logged_in_pct) == (None, None)


# -- a week: absent days, sick vs annual, days without data ------------------------------------

#: Monday and Tuesday evening snapshots; Wednesday's at 10:40 (20 min before T: fresh).
WEEK = (
    snapshot(at(MON, 17), dash("W1", 480, 400, 40), dash("W9", 480, 400, 40)),
    snapshot(at(TUE, 17), dash("W9", 480, 400, 40)),  # W1 has no row on Tuesday
    snapshot(at(WED, 10, 40), dash("W1", 160, 120, 20), dash("W9", 160, 120, 20)),
)


def test_an_absent_day_inside_a_week_counts_against_logged_in() -> None:
    result = run(*WEEK, ros=roster({"worker_id": "W1"}), period="week")
    m = worker(result, "W1").metrics
    # Mon 480 + Tue 480 (absent) + Wed 08:00 -> S 10:40 = 160.
    assert m.scheduled_minutes == pytest.approx(1120.0)
    assert m.logged_in_minutes == pytest.approx(640.0)
    assert m.logged_in_pct == pytest.approx(640 / 1120 * 100)
    assert (m.scheduled_days, m.absent_days) == (3, 1)
    assert result.missing_days == ()
    # W9 is not in the roster: judged on the days with a row, as in version 1.
    w9 = worker(result, "W9").metrics
    assert (w9.scheduled_days, w9.absent_days) == (None, None)
    assert w9.scheduled_minutes == pytest.approx(1120.0)


def test_a_sick_day_is_absent_and_annual_leave_is_not_scheduled() -> None:
    ros = roster({"worker_id": "W1"}, {"worker_id": "W2"})
    away = leave(("W1", TUE, TUE, "sick"), ("W2", TUE, TUE, "Annual"))
    w2_rows = (
        snapshot(at(MON, 17, 1), dash("W2", 480, 400, 40)),
        snapshot(at(WED, 10, 39), dash("W2", 160, 120, 20)),
    )
    result = run(*WEEK, *w2_rows, ros=ros, leave=away, period="week")
    w1, w2 = worker(result, "W1").metrics, worker(result, "W2").metrics
    assert (w1.scheduled_days, w1.absent_days, w1.scheduled_minutes) == (3, 1, 1120.0)
    assert w1.logged_in_pct == pytest.approx(640 / 1120 * 100)
    # Annual leave on Tuesday: Mon 480 + Wed 08:00 -> S 10:40 = 160 (the live snapshot S is
    # the day's newest, 10:40, even though W2's own row is from 10:39).
    assert (w2.scheduled_days, w2.absent_days, w2.scheduled_minutes) == (2, 0, 640.0)
    assert w2.logged_in_pct == pytest.approx(100.0)


def test_a_sick_day_with_a_login_is_still_absent() -> None:
    ros = roster({"worker_id": "W9"})
    away = leave(("W9", TUE, TUE, "Unplanned"))
    m = worker(run(*WEEK, ros=ros, leave=away, period="week"), "W9").metrics
    assert (m.scheduled_days, m.absent_days) == (3, 1)


def test_a_day_without_any_dashboard_export_is_missing_not_absent() -> None:
    no_tuesday = (WEEK[0], WEEK[2])
    result = run(*no_tuesday, ros=roster({"worker_id": "W1"}), period="week")
    m = worker(result, "W1").metrics
    assert result.missing_days == (TUE,)
    assert (m.scheduled_days, m.absent_days) == (2, 0)
    assert m.scheduled_minutes == pytest.approx(480 + 160)
    assert m.logged_in_pct == pytest.approx(100.0)


def test_missing_days_are_working_days_only() -> None:
    # A month as of Wednesday 25 November with data only on Monday 23 and today:
    # every Mon-Fri of 2..20 November and Tuesday 24 is missing; weekends and the
    # holiday (Thursday 19) are not.
    settings = Settings(holidays=frozenset({date(2026, 11, 19)}))
    result = run(WEEK[0], WEEK[2], settings=settings, period="month")
    expected = [
        date(2026, 11, d)
        for d in range(1, 25)
        if date(2026, 11, d).weekday() < 5 and d not in (19, 23)
    ]
    assert list(result.missing_days) == expected
    assert run(*WEEK, period="day").missing_days == ()  # T's own day is never missing


# -- work days, holidays, starters and leavers -------------------------------------------------


def test_a_mon_thu_worker_is_not_due_on_friday() -> None:
    ros = roster({"worker_id": "W1", "work_days": [0, 1, 2, 3]}, {"worker_id": "W2"})
    s = at(FRI, 10, 50)
    result = run(snapshot(s, dash("W9", 170, 150, 10)), ros=ros, as_of=at(FRI, 11))
    w1, w2 = worker(result, "W1"), worker(result, "W2")
    assert w1.flags == ()
    assert (w1.metrics.scheduled_days, w1.metrics.absent_days) == (0, 0)
    assert (w1.metrics.logged_in_minutes, w1.metrics.logged_in_pct) == (None, None)
    # W2 works the default Mon-Fri: due, and not in.
    assert codes(w2) == ["LOW_LOGGED_IN", "NOT_LOGGED_IN"]


def test_a_mon_thu_worker_over_a_week_and_the_work_days_setting() -> None:
    days = [MON, TUE, WED, THU, FRI]
    frames = [snapshot(at(d, 17), dash("W9", 480, 400, 40)) for d in days[:-1]]
    frames.append(snapshot(at(FRI, 10, 50), dash("W9", 170, 150, 10)))
    ros = roster({"worker_id": "W1", "work_days": [0, 1, 2, 3]}, {"worker_id": "W2"})
    result = run(*frames, ros=ros, as_of=at(FRI, 11), period="week")
    # W1: Mon..Thu, all absent; W2: Mon..Fri (today not yet absent).
    assert (
        worker(result, "W1").metrics.scheduled_days,
        worker(result, "W1").metrics.absent_days,
    ) == (
        4,
        4,
    )
    w2 = worker(result, "W2").metrics
    assert (w2.scheduled_days, w2.absent_days) == (5, 4)
    assert w2.scheduled_minutes == pytest.approx(4 * 480 + 170)
    # The setting: a Mon-Wed floor leaves W2 Thursday and Friday.
    mon_wed = Settings(work_days=(0, 1, 2))
    again = run(*frames, ros=ros, settings=mon_wed, as_of=at(FRI, 11), period="week")
    assert worker(again, "W2").metrics.scheduled_days == 3
    assert "NOT_LOGGED_IN" not in codes(worker(again, "W2"))


def test_a_holiday_is_nobodys_scheduled_day() -> None:
    settings = Settings(holidays=frozenset({TUE}))
    result = run(*WEEK, ros=roster({"worker_id": "W1"}), settings=settings, period="week")
    m = worker(result, "W1").metrics
    assert (m.scheduled_days, m.absent_days) == (2, 0)
    assert m.scheduled_minutes == pytest.approx(480 + 160)
    # On the holiday itself, nobody is NOT_LOGGED_IN.
    on_holiday = run(
        snapshot(at(TUE, 10, 55), dash("W9", 100, 80, 5)),
        ros=roster({"worker_id": "W1"}),
        settings=settings,
        as_of=at(TUE, 11),
    )
    assert worker(on_holiday, "W1").flags == ()
    assert worker(on_holiday, "W1").metrics.scheduled_days == 0


def test_starters_and_leavers_mid_period() -> None:
    ros = roster(
        {"worker_id": "S1", "start_date": TUE},  # started Tuesday: Tue, Wed
        {"worker_id": "L1", "last_day": MON},  # left after Monday: Mon only
        {"worker_id": "L0", "last_day": MON - timedelta(days=3)},  # left the Friday before
        {"worker_id": "F1", "start_date": THU},  # starts tomorrow: not yet employed
    )
    result = run(*WEEK, ros=ros, period="week")
    listed = {w.worker_id for w in result.workers}
    assert listed == {"S1", "L1", "W1", "W9"}
    s1, l1 = worker(result, "S1").metrics, worker(result, "L1").metrics
    assert (s1.scheduled_days, s1.absent_days, s1.scheduled_minutes) == (2, 1, 480 + 160)
    assert (l1.scheduled_days, l1.absent_days, l1.scheduled_minutes) == (1, 1, 480)
    assert (l1.logged_in_minutes, l1.logged_in_pct) == (0.0, 0.0)
    # Today, the leaver is not due: no NOT_LOGGED_IN; the starter is.
    today = run(*WEEK, ros=ros)
    assert "L1" not in {w.worker_id for w in today.workers}
    assert "NOT_LOGGED_IN" in codes(worker(today, "S1"))


def test_a_leaver_listed_only_for_paused_tasks_has_no_scheduled_day() -> None:
    ros = roster({"worker_id": "L0", "last_day": MON - timedelta(days=3)})
    paused = export("paused", [{"worker_id": "L0", "task_id": "P1", "paused_at": at(MON, 9)}], T)
    result = run(WEEK[2], ("paused", paused), ros=ros)
    m = worker(result, "L0").metrics
    assert (m.scheduled_days, m.absent_days, m.logged_in_minutes) == (0, 0, None)


def test_supervisors_are_judged_like_caseworkers_not_in_the_roster() -> None:
    ros = roster(
        {"worker_id": "SV", "role": "Supervisor", "shift_start_minutes": 540.0},
        {"worker_id": "SP", "role": "Support"},
        {"worker_id": "FL", "role": " FRONT  LINE "},
    )
    result = run(*WEEK, snapshot(at(WED, 10, 30), dash("SV", 60, 40, 10)), ros=ros, period="week")
    assert {w.worker_id for w in result.workers} == {"SV", "FL", "W1", "W9"}
    sv = worker(result, "SV").metrics
    # Only the day with a row, their roster shift: 09:00 -> S 10:40.
    assert (sv.scheduled_days, sv.absent_days, sv.scheduled_minutes) == (None, None, 100.0)
    assert worker(result, "FL").metrics.scheduled_days == 3


def test_an_export_id_matching_the_roster_only_by_case_is_reported() -> None:
    ros = roster({"worker_id": "W1001", "line": 7})
    result = run(snapshot(at(WED, 10, 55), dash("w1001", 170, 150, 10)), ros=ros)
    assert {w.worker_id for w in result.workers} == {"W1001", "w1001"}
    (error,) = result.errors
    assert (error.file, error.line) == ("roster.csv", 7)
    assert "W1001" in error.error and "w1001" in error.error


# -- freshness ---------------------------------------------------------------------------------

#: 118 of 120 scheduled minutes logged in, 76 % utilized: only live checks can flag it.
IDLE = dash("W1", 118, 90, 28, status="Idle", status_start=at(WED, 9, 50))


def test_a_stale_snapshot_with_at_stops_live_durations_at_the_snapshot() -> None:
    # --at 11:00, snapshot 10:00: 60 minutes old (> 20): stale, durations stop at S.
    result = run(snapshot(at(WED, 10), IDLE))
    assert (result.data_as_of, result.age_minutes, result.stale) == (at(WED, 10), 60.0, True)
    w = worker(result, "W1")
    assert (w.status, w.status_minutes) == ("Idle", 10.0)
    assert codes(w) == []  # 10 idle minutes at S: no IDLE_NOW


def test_a_fresh_snapshot_with_at_runs_live_durations_to_the_as_of() -> None:
    # --at 10:20: exactly stale_after_minutes (20) after S: still fresh, runs to T.
    result = run(snapshot(at(WED, 10), IDLE), as_of=at(WED, 10, 20))
    assert (result.age_minutes, result.stale) == (20.0, False)
    w = worker(result, "W1")
    assert w.status_minutes == 30.0
    (f,) = w.flags
    assert (f.check, f.value) == ("IDLE_NOW", 30.0)


def test_without_at_the_age_runs_to_the_wall_clock_and_durations_to_the_as_of() -> None:
    # T = the newest export (10:00); the wall clock says 10:45: stale by the clock, but
    # T - S = 0, so durations run to T.
    result = run(snapshot(at(WED, 10), IDLE), as_of=at(WED, 10), now=at(WED, 10, 45))
    assert (result.age_minutes, result.stale) == (45.0, True)
    assert worker(result, "W1").status_minutes == 10.0


def test_yesterdays_snapshot_is_never_live_today() -> None:
    # Version 1 said "Idle for 874 min" at 07:00 from the evening before.
    evening = dash("W1", 400, 300, 60, status="Idle", status_start=at(TUE, 16, 26))
    result = run(snapshot(at(TUE, 17, 30), evening), as_of=at(WED, 7))
    assert (result.data_as_of, result.age_minutes, result.stale) == (None, None, True)
    assert result.workers == ()  # the day period holds no row, and no roster
    week = run(snapshot(at(TUE, 17, 30), evening), as_of=at(WED, 7), period="week")
    w = worker(week, "W1")
    assert (w.status, w.status_minutes) == (None, None)
    assert "IDLE_NOW" not in codes(w)
    assert w.metrics.logged_in_minutes == 400.0  # Tuesday still counts in the week
