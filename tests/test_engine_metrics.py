"""Every metric of spec/kpis.md, on hand-made frames, expected values computed by hand."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from types import MappingProxyType

import pytest
from engine_helpers import T, act, at, dash, export, roster, run

from floorwatch.engine import CheckResult, WorkerResult
from floorwatch.engine.result import PeriodKind
from floorwatch.settings import QSA, QueueRange, Settings

D = T.date()


def worker(result: CheckResult, worker_id: str) -> WorkerResult:
    w = result.worker(worker_id)
    assert w is not None, f"{worker_id} not listed; listed: {[x.worker_id for x in result.workers]}"
    return w


# -- dashboard metrics: day ------------------------------------------------------------------


def test_day_uses_each_workers_row_in_the_latest_snapshot_that_contains_them() -> None:
    s0900 = export("dashboard", [dash("W1", 60, 40, 10), dash("W2", 60, 30, 20)], at(D, 9))
    s1030 = export("dashboard", [dash("W1", 150, 120, 20)], at(D, 10, 30))
    # After the as-of: ignored entirely.
    s1130 = export("dashboard", [dash("W1", 999, 999, 0), dash("W2", 999, 0, 999)], at(D, 11, 30))
    result = run(("dashboard", s0900), ("dashboard", s1030), ("dashboard", s1130))

    w1 = worker(result, "W1").metrics
    assert (w1.logged_in_minutes, w1.active_minutes, w1.idle_minutes) == (150.0, 120.0, 20.0)
    assert w1.utilization_pct == pytest.approx(80.0)
    assert w1.idle_pct == pytest.approx(20 / 150 * 100)
    # Scheduled on T's own day (v2): 08:00 -> the live snapshot S 10:30 = 150 minutes.
    assert w1.scheduled_minutes == pytest.approx(150.0)
    assert w1.logged_in_pct == pytest.approx(150 / 150 * 100)

    # W2 is absent from the 10:30 snapshot: their 09:00 row of the same day is used.
    w2 = worker(result, "W2").metrics
    assert (w2.logged_in_minutes, w2.active_minutes, w2.idle_minutes) == (60.0, 30.0, 20.0)
    assert w2.utilization_pct == pytest.approx(50.0)
    assert w2.idle_pct == pytest.approx(20 / 60 * 100)
    assert w2.logged_in_pct == pytest.approx(60 / 150 * 100)


def test_live_status_comes_from_the_newest_snapshot_only() -> None:
    s0900 = export(
        "dashboard",
        [dash("W1", 60, 40, 10), dash("W2", 60, 30, 20, status="Idle", status_start=at(D, 8, 50))],
        at(D, 9),
    )
    s1030 = export(
        "dashboard",
        [
            dash(
                "W1", 150, 120, 20, status="Active", status_start=at(D, 10, 15), task_type="Renewal"
            )
        ],
        at(D, 10, 30),
    )
    result = run(("dashboard", s0900), ("dashboard", s1030))
    w1 = worker(result, "W1")
    assert (w1.status, w1.task_type) == ("Active", "Renewal")
    # T 11:00 is 30 min after S 10:30, over stale_after_minutes (20): stops at S (v2).
    assert w1.status_minutes == pytest.approx(15.0)  # 10:15 -> S 10:30
    w2 = worker(result, "W2")
    assert (w2.status, w2.status_minutes, w2.task_type) == (None, None, None)


@pytest.mark.parametrize("period", ["week", "month"])
def test_status_is_null_outside_the_day_period(period: PeriodKind) -> None:
    s = export(
        "dashboard",
        [dash("W1", 60, 40, 10, status="Idle", status_start=at(D, 10), task_type="Renewal")],
        at(D, 10, 30),
    )
    w = worker(run(("dashboard", s), period=period), "W1")
    assert (w.status, w.status_minutes, w.task_type) == (None, None, None)


# -- dashboard metrics: week and month -------------------------------------------------------


def test_week_sums_each_days_latest_row_from_monday() -> None:
    mon, tue, sun = date(2026, 11, 23), date(2026, 11, 24), date(2026, 11, 22)
    frames = [
        ("dashboard", export("dashboard", [dash("W1", 480, 480, 0)], at(sun, 17))),  # last week
        ("dashboard", export("dashboard", [dash("W1", 200, 150, 20)], at(mon, 12))),
        ("dashboard", export("dashboard", [dash("W1", 400, 300, 50)], at(mon, 16))),
        ("dashboard", export("dashboard", [dash("W1", 450, 360, 40)], at(tue, 17))),
        ("dashboard", export("dashboard", [dash("W1", 100, 80, 10)], at(D, 10))),
    ]
    result = run(*frames, period="week")
    assert (result.period.start, result.period.end) == (mon, D)
    m = worker(result, "W1").metrics
    assert m.logged_in_minutes == pytest.approx(950.0)
    assert m.active_minutes == pytest.approx(740.0)
    assert m.idle_minutes == pytest.approx(100.0)
    assert m.utilization_pct == pytest.approx(740 / 950 * 100)
    assert m.idle_pct == pytest.approx(100 / 950 * 100)
    # Monday and Tuesday a full shift each, Wednesday 08:00 -> S 10:00 (v2).
    assert m.scheduled_minutes == pytest.approx(480 + 480 + 120)
    assert m.logged_in_pct == pytest.approx(950 / 1080 * 100)


def test_month_sums_from_the_first_and_schedules_only_days_with_a_row() -> None:
    frames = [
        ("dashboard", export("dashboard", [dash("W1", 470, 400, 30)], at(date(2026, 10, 31), 16))),
        ("dashboard", export("dashboard", [dash("W1", 300, 200, 60)], at(date(2026, 11, 1), 16))),
        ("dashboard", export("dashboard", [dash("W1", 420, 300, 60)], at(date(2026, 11, 20), 16))),
        ("dashboard", export("dashboard", [dash("W1", 170, 100, 30)], at(D, 10, 45))),
    ]
    result = run(*frames, period="month")
    assert (result.period.kind, result.period.start, result.period.end) == (
        "month",
        date(2026, 11, 1),
        D,
    )
    m = worker(result, "W1").metrics
    assert m.logged_in_minutes == pytest.approx(890.0)
    assert m.active_minutes == pytest.approx(600.0)
    assert m.idle_minutes == pytest.approx(150.0)
    assert m.utilization_pct == pytest.approx(600 / 890 * 100)
    # Nov 1 and 20 a full shift each, today 08:00 -> S 10:45 (v2).
    assert m.scheduled_minutes == pytest.approx(480 + 480 + 165)
    assert m.logged_in_pct == pytest.approx(890 / 1125 * 100)


@pytest.mark.parametrize(
    ("as_of", "kind", "start"),
    [
        (datetime(2026, 11, 23, 10), "week", date(2026, 11, 23)),  # Monday itself
        (datetime(2026, 11, 29, 23, 59), "week", date(2026, 11, 23)),  # Sunday
        (datetime(2026, 12, 1, 9), "month", date(2026, 12, 1)),
        (datetime(2026, 11, 30, 9), "month", date(2026, 11, 1)),
        (datetime(2026, 11, 30, 9), "day", date(2026, 11, 30)),
    ],
)
def test_period_boundaries(as_of: datetime, kind: PeriodKind, start: date) -> None:
    before = start - timedelta(days=1)
    frames = [
        ("dashboard", export("dashboard", [dash("W1", 400, 300, 50)], at(before, 16))),
        ("dashboard", export("dashboard", [dash("W1", 100, 60, 20)], at(start, 8, 30))),
    ]
    result = run(*frames, as_of=as_of, period=kind)
    assert (result.period.start, result.period.end) == (start, as_of.date())
    assert worker(result, "W1").metrics.logged_in_minutes == pytest.approx(100.0)


def test_a_worker_seen_only_before_the_period_is_not_listed() -> None:
    mon = date(2026, 11, 23)
    frames = [
        ("dashboard", export("dashboard", [dash("W1", 400, 300, 50)], at(mon, 16))),
        ("dashboard", export("dashboard", [dash("W2", 100, 60, 20)], at(D, 9))),
    ]
    result = run(*frames, period="day")
    assert [w.worker_id for w in result.workers] == ["W2"]


# -- scheduled minutes -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("as_of", "scheduled"),
    [
        (at(D, 7, 30), 0.0),  # before the shift: 0, so logged_in_pct is null
        (at(D, 8, 0), 0.0),
        (at(D, 9, 15, 30), 75.5),
        (at(D, 16, 0), 480.0),
        (at(D, 18, 30), 480.0),  # clamped to shift_minutes
    ],
)
def test_scheduled_minutes_on_the_as_of_day_are_clamped(as_of: datetime, scheduled: float) -> None:
    # The snapshot is taken at the as-of: T's day's minutes run to it (v2: to S).
    s = export("dashboard", [dash("W1", 40, 30, 5)], as_of)
    m = worker(run(("dashboard", s), as_of=as_of), "W1").metrics
    assert m.scheduled_minutes == pytest.approx(scheduled)
    if scheduled == 0:
        assert m.logged_in_pct is None
    else:
        assert m.logged_in_pct == pytest.approx(40 / scheduled * 100)


def test_roster_shift_overrides_the_settings() -> None:
    mon = date(2026, 11, 23)
    frames = [
        (
            "dashboard",
            export("dashboard", [dash("R1", 200, 100, 10), dash("R2", 200, 100, 10)], at(mon, 18)),
        ),
        (
            "dashboard",
            export(
                "dashboard",
                [dash("R1", 50, 40, 5), dash("R2", 50, 40, 5), dash("S1", 50, 40, 5)],
                at(D, 11),
            ),
        ),
    ]
    ros = roster(
        # R1: shift 10:00 for 240 minutes -> Monday 240, Wednesday 10:00 -> 11:00 = 60
        # (Tuesday has no dashboard export at all: nobody's scheduled day, v2).
        {"worker_id": "R1", "shift_start_minutes": 600.0, "shift_minutes": 240.0},
        # R2: only the shift start differs -> minutes from the settings (here 420).
        {"worker_id": "R2", "shift_start_minutes": 540.0},
    )
    settings = Settings(shift_start=time(7, 30), shift_minutes=420.0)
    result = run(*frames, settings=settings, ros=ros, period="week")
    r1 = worker(result, "R1").metrics
    assert r1.scheduled_minutes == pytest.approx(240 + 60)
    assert r1.logged_in_pct == pytest.approx(250 / 300 * 100)
    r2 = worker(result, "R2").metrics
    assert r2.scheduled_minutes == pytest.approx(420 + 120)  # 09:00 -> 11:00
    # S1: no roster row: settings' 07:30 -> 11:00 = 210, only Wednesday has a row.
    s1 = worker(result, "S1").metrics
    assert s1.scheduled_minutes == pytest.approx(210.0)
    assert s1.logged_in_pct == pytest.approx(50 / 210 * 100)


def test_zero_logged_in_gives_null_ratios_but_a_zero_logged_in_pct() -> None:
    s = export("dashboard", [dash("W1", 0, 0, 0, status="Logged Out")], at(D, 10))
    m = worker(run(("dashboard", s)), "W1").metrics
    assert m.logged_in_minutes == 0.0
    assert m.utilization_pct is None
    assert m.idle_pct is None
    assert m.logged_in_pct == 0.0


def test_worker_without_dashboard_row_has_null_dashboard_metrics() -> None:
    a = export("actions", [act("W1", "T1", at(D, 9), at(D, 9, 20))], at(D, 10))
    m = worker(run(("actions", a)), "W1").metrics
    assert m.logged_in_minutes is None
    assert m.active_minutes is None
    assert m.idle_minutes is None
    assert m.utilization_pct is None
    assert m.idle_pct is None
    assert m.logged_in_pct is None
    assert m.cases_worked == 1


# -- transactions ------------------------------------------------------------------------------


def test_transactions_need_an_end_at_or_before_the_as_of_and_a_start_in_the_period() -> None:
    yesterday = D - timedelta(days=1)
    rows = [
        act("W1", "T1", at(D, 9), at(D, 9, 20), source="Get Next", outcome="Completed"),
        act("W1", "T2", at(D, 9, 30), at(D, 9, 40), source="Manual", outcome="Not Completed"),
        act("W1", "T3", at(D, 10, 50), at(D, 11, 5)),  # ends after T: not yet a transaction
        act("W1", "T4", at(D, 10, 30), None),  # in progress
        act("W1", "T5", at(yesterday, 16), at(D, 8, 10)),  # started yesterday
        act(
            "W1", "T6", at(D, 10, 0), at(D, 11, 0), outcome="Paused", source="Assigned"
        ),  # End == T
    ]
    a = export("actions", rows, T)
    late = export("actions", [act("W1", "T7", at(D, 9, 50), at(D, 10, 0))], at(D, 11, 30))
    m = worker(run(("actions", a), ("actions", late)), "W1").metrics
    assert m.cases_worked == 3
    assert m.completed == 1
    assert m.completion_rate_pct == pytest.approx(100 / 3)
    assert m.get_next_rate_pct == pytest.approx(100 / 3)
    assert m.avg_txn_minutes == pytest.approx((20 + 10 + 60) / 3)
    assert dict(m.txn_minutes_by_task_type) == pytest.approx({"Renewal": 30.0})


def test_week_counts_transactions_started_on_earlier_days_of_the_week() -> None:
    mon, sun = date(2026, 11, 23), date(2026, 11, 22)
    rows = [
        act("W1", "T1", at(sun, 16), at(mon, 8, 10)),  # started last week
        act("W1", "T2", at(mon, 16), at(D, 8, 10), task_type="Change"),  # 2410 minutes
        act("W1", "T3", at(D, 9), at(D, 9, 30), task_type="Change"),
    ]
    m = worker(run(("actions", export("actions", rows, at(D, 10))), period="week"), "W1").metrics
    assert m.cases_worked == 2
    assert dict(m.txn_minutes_by_task_type) == pytest.approx({"Change": (2410 + 30) / 2})


def test_in_progress_only_worker_is_listed_with_empty_transaction_metrics() -> None:
    a = export("actions", [act("W9", "T1", at(D, 10, 30), None, worker_name="Nia")], at(D, 10, 45))
    result = run(("actions", a))
    w = worker(result, "W9")
    assert w.name == "Nia"
    m = w.metrics
    assert (m.cases_worked, m.completed) == (0, 0)
    assert dict(m.txn_minutes_by_task_type) == {}
    assert m.completion_rate_pct is None
    assert m.get_next_rate_pct is None
    assert m.avg_txn_minutes is None


def test_dashboard_only_worker_has_zero_cases_and_no_types() -> None:
    s = export("dashboard", [dash("W1", 60, 40, 10)], at(D, 10))
    m = worker(run(("dashboard", s)), "W1").metrics
    assert (m.cases_worked, m.completed) == (0, 0)
    assert dict(m.txn_minutes_by_task_type) == {}
    assert (m.completion_rate_pct, m.get_next_rate_pct, m.avg_txn_minutes) == (None, None, None)


def test_get_next_rate_counts_every_transaction_in_its_base() -> None:
    rows = [
        act("W1", "T1", at(D, 9), at(D, 9, 10), source="Get Next"),
        act("W1", "T2", at(D, 9, 10), at(D, 9, 20), source="Manual"),
        act("W1", "T3", at(D, 9, 20), at(D, 9, 30)),
        act("W1", "T4", at(D, 9, 30), at(D, 9, 40)),
    ]
    m = worker(run(("actions", export("actions", rows, at(D, 10)))), "W1").metrics
    assert m.get_next_rate_pct == pytest.approx(25.0)


def test_get_next_rate_is_null_when_no_transaction_has_a_source() -> None:
    rows = [
        act("W1", "T1", at(D, 9), at(D, 9, 10)),
        act("W1", "T2", at(D, 9, 10), at(D, 9, 20)),
        # An in-progress row with a Source is not a transaction of the period.
        act("W1", "T3", at(D, 9, 30), None, source="Get Next"),
    ]
    m = worker(run(("actions", export("actions", rows, at(D, 10)))), "W1").metrics
    assert m.cases_worked == 2
    assert m.get_next_rate_pct is None
    assert m.completion_rate_pct == pytest.approx(100.0)


def test_mean_minutes_per_task_type_and_overall() -> None:
    rows = [
        act("W1", "T1", at(D, 8), at(D, 8, 30), task_type="Application"),
        act("W1", "T2", at(D, 8, 30), at(D, 8, 40), task_type="Application"),
        act("W1", "T3", at(D, 9), at(D, 9, 9), task_type="Change"),
        act("W1", "T4", at(D, 9, 10), at(D, 9, 10, 30), task_type="Change"),
    ]
    m = worker(run(("actions", export("actions", rows, at(D, 10)))), "W1").metrics
    assert dict(m.txn_minutes_by_task_type) == pytest.approx({"Application": 20.0, "Change": 4.75})
    assert m.avg_txn_minutes == pytest.approx((30 + 10 + 9 + 0.5) / 4)


# -- de-duplication of overlapping pulls -----------------------------------------------------


def test_overlapping_pulls_keep_the_row_of_the_latest_export() -> None:
    older = export(
        "actions",
        [act("W1", "T1", at(D, 9), at(D, 9, 20), outcome="Not Completed")],
        at(D, 10),
        file="zz_actions_old.csv",
    )
    newer = export(
        "actions",
        [act("W1", "T1", at(D, 9), at(D, 9, 25), outcome="Completed")],
        at(D, 10, 30),
        file="aa_actions_new.csv",
    )
    m = worker(run(("actions", newer), ("actions", older)), "W1").metrics
    assert m.cases_worked == 1
    assert m.completed == 1
    assert m.avg_txn_minutes == pytest.approx(25.0)


def test_same_export_time_the_later_file_name_wins() -> None:
    a = export("actions", [act("W1", "T1", at(D, 9), at(D, 9, 12))], at(D, 10), file="b.csv")
    b = export("actions", [act("W1", "T1", at(D, 9), at(D, 9, 18))], at(D, 10), file="c.csv")
    m = worker(run(("actions", b), ("actions", a)), "W1").metrics
    assert m.cases_worked == 1
    assert m.avg_txn_minutes == pytest.approx(18.0)


def test_within_a_file_the_later_row_wins() -> None:
    rows = [
        act("W1", "T1", at(D, 9), at(D, 9, 40)),
        act("W1", "T1", at(D, 9), at(D, 9, 16)),
    ]
    m = worker(run(("actions", export("actions", rows, at(D, 10)))), "W1").metrics
    assert m.cases_worked == 1
    assert m.avg_txn_minutes == pytest.approx(16.0)


def test_dedup_key_is_worker_task_and_start_to_the_second() -> None:
    start = at(D, 9)
    rows = [
        act("W1", "T1", start + timedelta(microseconds=200_000), at(D, 9, 30)),
        act("W1", "T1", start + timedelta(microseconds=700_000), at(D, 9, 10)),  # same second
        act("W1", "T1", start + timedelta(seconds=1), at(D, 9, 20)),  # another second
        act("W2", "T1", start, at(D, 9, 20)),  # another worker
        act("W1", "T2", start, at(D, 9, 20)),  # another task
    ]
    result = run(("actions", export("actions", rows, at(D, 10))))
    assert worker(result, "W1").metrics.cases_worked == 3
    assert worker(result, "W2").metrics.cases_worked == 1


def test_a_newer_pull_that_shows_the_task_still_in_progress_wins() -> None:
    older = export("actions", [act("W1", "T1", at(D, 9), at(D, 9, 20))], at(D, 9, 30))
    newer = export("actions", [act("W1", "T1", at(D, 9), None)], at(D, 10))
    w = worker(run(("actions", older), ("actions", newer)), "W1")
    assert w.metrics.cases_worked == 0


# -- task types and queues as the QSA spells them --------------------------------------------


def test_task_types_take_the_qsa_spelling_case_insensitively() -> None:
    qsa = QSA(task_types=MappingProxyType({"Renewal": 18.0, "Application": 32.0}))
    rows = [
        act("W1", "T1", at(D, 8), at(D, 8, 10), task_type="renewal"),
        act("W1", "T2", at(D, 8, 10), at(D, 8, 30), task_type="RENEWAL"),
        act("W1", "T3", at(D, 8, 30), at(D, 9, 30), task_type="Application"),
    ]
    m = worker(
        run(("actions", export("actions", rows, at(D, 10))), settings=Settings(qsa=qsa)), "W1"
    ).metrics
    assert dict(m.txn_minutes_by_task_type) == pytest.approx({"Renewal": 15.0, "Application": 60.0})


def test_an_exact_qsa_name_is_kept_before_a_case_insensitive_one() -> None:
    qsa = QSA(task_types=MappingProxyType({"Renewal": 18.0, "renewal": 12.0}))
    rows = [
        act("W1", "T1", at(D, 8), at(D, 8, 10), task_type="renewal"),
        act("W1", "T2", at(D, 8, 10), at(D, 8, 30), task_type="Renewal"),
    ]
    m = worker(
        run(("actions", export("actions", rows, at(D, 10))), settings=Settings(qsa=qsa)), "W1"
    ).metrics
    assert dict(m.txn_minutes_by_task_type) == pytest.approx({"Renewal": 20.0, "renewal": 10.0})


def test_queues_take_the_qsa_spelling_and_blank_is_default() -> None:
    qsa = QSA(queues=MappingProxyType({"Renewals": QueueRange(completion_low_pct=50.0)}))
    rows = [
        act("W1", "T1", at(D, 8), at(D, 8, 10), queue="renewals"),
        act("W1", "T2", at(D, 8, 10), at(D, 8, 20), queue=None),
        act("W1", "T3", at(D, 8, 20), at(D, 8, 30), queue="RENEWALS"),
    ]
    result = run(("actions", export("actions", rows, at(D, 10))), settings=Settings(qsa=qsa))
    actions = result.actions.frame()
    queues = dict(zip(actions["task_id"], actions["queue"], strict=True))
    assert queues == {"T1": "Renewals", "T2": "Default", "T3": "Renewals"}


# -- names, teams, who is listed -------------------------------------------------------------


def test_name_and_team_from_roster_else_newest_export_row_else_unassigned() -> None:
    d09 = export(
        "dashboard",
        [
            dash("W1", 60, 40, 10, worker_name="Old Name", team="East"),
            dash("W2", 60, 40, 10, worker_name="Bo", team="East"),
            dash("W3", 60, 40, 10),
            dash("W4", 60, 40, 10, worker_name="Export Name", team="East"),
        ],
        at(D, 9),
    )
    a1030 = export(
        "actions",
        [
            act("W1", "T1", at(D, 9), at(D, 9, 20), worker_name="New Name", team="West"),
            # A newer row that names no team does not erase the team.
            act("W2", "T2", at(D, 9), at(D, 9, 20)),
        ],
        at(D, 10, 30),
    )
    ros = roster(
        {"worker_id": "W4", "worker_name": "Roster Name", "team": "North"},
        {"worker_id": "W5", "worker_name": "Roster Only", "team": "North"},
    )
    result = run(("dashboard", d09), ("actions", a1030), ros=ros)
    got = {w.worker_id: (w.name, w.team) for w in result.workers}
    assert got == {
        "W1": ("New Name", "West"),
        "W2": ("Bo", "East"),
        "W3": (None, "Unassigned"),
        "W4": ("Roster Name", "North"),
        # v2: a rostered front-line caseworker is listed without any row.
        "W5": ("Roster Only", "North"),
    }
    # Sorted by team, then worker id.
    assert [w.worker_id for w in result.workers] == ["W2", "W4", "W5", "W3", "W1"]


def test_roster_without_a_team_falls_back_to_the_export() -> None:
    d = export("dashboard", [dash("W1", 60, 40, 10, team="East")], at(D, 9))
    ros = roster({"worker_id": "W1", "worker_name": "Ana"})
    w = worker(run(("dashboard", d), ros=ros), "W1")
    assert (w.name, w.team) == ("Ana", "East")


def test_paused_only_worker_is_listed() -> None:
    p = export("paused", [{"worker_id": "W7", "task_id": "P1", "paused_at": at(D, 9)}], at(D, 10))
    result = run(("paused", p))
    assert [w.worker_id for w in result.workers] == ["W7"]
    assert worker(result, "W7").metrics.cases_worked == 0


# -- team metrics ------------------------------------------------------------------------------


def test_team_metrics_sum_first_then_ratio_and_mean_over_all_transactions() -> None:
    d = export(
        "dashboard",
        [
            dash("W1", 100, 90, 5, team="North"),
            dash("W2", 300, 150, 60, team="North"),
            dash("W3", 100, 20, 50, team="South"),
        ],
        at(D, 10, 30),
    )
    rows = [
        act("W1", "T1", at(D, 8), at(D, 8, 10), source="Get Next"),
        act("W2", "T2", at(D, 8), at(D, 8, 20), source="Get Next", outcome="Not Completed"),
        act("W2", "T3", at(D, 8, 20), at(D, 8, 40), source="Manual"),
        act("W2", "T4", at(D, 8, 40), at(D, 9), task_type="Change"),
    ]
    result = run(("dashboard", d), ("actions", export("actions", rows, at(D, 10, 30))))
    north = next(t for t in result.teams if t.team == "North")
    assert north.workers == 2
    m = north.metrics
    assert m.logged_in_minutes == pytest.approx(400.0)
    assert m.active_minutes == pytest.approx(240.0)
    assert m.idle_minutes == pytest.approx(65.0)
    assert m.utilization_pct == pytest.approx(60.0)  # 240/400, not the mean of 90% and 50%
    assert m.idle_pct == pytest.approx(65 / 400 * 100)
    assert m.logged_in_pct == pytest.approx(400 / 300 * 100)  # 2 x 150 (08:00 -> S 10:30)
    assert (m.cases_worked, m.completed) == (4, 3)
    assert m.completion_rate_pct == pytest.approx(75.0)
    assert m.get_next_rate_pct == pytest.approx(50.0)
    assert m.avg_txn_minutes == pytest.approx(70 / 4)  # not the mean of 10 and 20
    assert dict(m.txn_minutes_by_task_type) == pytest.approx({"Renewal": 50 / 3, "Change": 20.0})
    assert dict(m.txn_count_by_task_type) == {"Renewal": 3, "Change": 1}
    w2 = result.worker("W2")
    assert w2 is not None and dict(w2.metrics.txn_count_by_task_type) == {"Renewal": 2, "Change": 1}

    south = next(t for t in result.teams if t.team == "South")
    assert south.workers == 1
    assert south.metrics.utilization_pct == pytest.approx(20.0)
    assert (south.metrics.cases_worked, south.metrics.avg_txn_minutes) == (0, None)
    assert dict(south.metrics.txn_minutes_by_task_type) == {}
    assert [t.team for t in result.teams] == ["North", "South"]


def test_team_with_no_dashboard_rows_has_null_dashboard_metrics() -> None:
    a = export("actions", [act("W1", "T1", at(D, 9), at(D, 9, 20), team="East")], at(D, 10))
    team = run(("actions", a)).teams[0]
    assert team.team == "East"
    m = team.metrics
    assert (m.logged_in_minutes, m.utilization_pct, m.logged_in_pct) == (None, None, None)
    assert m.cases_worked == 1


def test_team_uses_the_resolved_team_not_the_rows_team() -> None:
    rows = [act("W1", "T1", at(D, 9), at(D, 9, 20), team="East")]
    ros = roster({"worker_id": "W1", "team": "North"})
    result = run(("actions", export("actions", rows, at(D, 10))), ros=ros)
    assert [(t.team, t.metrics.cases_worked) for t in result.teams] == [("North", 1)]
