"""Every flag code of spec/kpis.md (except the contact-centre ones) with its edges."""

from __future__ import annotations

from datetime import datetime, timedelta
from types import MappingProxyType

import polars as pl
import pytest
from engine_helpers import T, act, at, dash, export, paused_row, roster, run

from floorwatch.engine import CheckResult, Flag
from floorwatch.engine.result import PeriodKind
from floorwatch.settings import QSA, QueueRange, Settings

D = T.date()
RENEWAL = MappingProxyType({"Renewal": 18.0})


def flags(result: CheckResult, worker_id: str = "W1", code: str | None = None) -> list[Flag]:
    w = result.worker(worker_id)
    assert w is not None
    return [f for f in w.flags if code is None or f.check == code]


def txns(
    n: int,
    minutes: float = 2.0,
    *,
    completed: int | None = None,
    get_next: int | None = None,
    queue: str | None = None,
    task_type: str = "Renewal",
    worker_id: str = "W1",
    prefix: str = "T",
) -> list[dict]:
    """n back-to-back transactions from 08:00 of D (the first `completed` Completed...)."""
    rows = []
    for i in range(n):
        start = at(D, 8) + timedelta(minutes=i * 3)  # 3-minute slots: up to 60 end before T
        rows.append(
            act(
                worker_id,
                f"{prefix}{i}",
                start,
                start + timedelta(minutes=minutes),
                task_type=task_type,
                queue=queue,
                outcome="Completed" if completed is None or i < completed else "Not Completed",
                source=None if get_next is None else ("Get Next" if i < get_next else "Manual"),
            )
        )
    return rows


def actions(rows: list[dict]) -> tuple[str, pl.LazyFrame]:
    return ("actions", export("actions", rows, at(D, 10, 45)))


SNAPSHOT = datetime(2026, 11, 25, 10, 45)


def dashboard(*rows: dict, when: datetime = SNAPSHOT) -> tuple[str, pl.LazyFrame]:
    return ("dashboard", export("dashboard", list(rows), when))


# -- live checks -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("idle_since", "flagged"),
    [
        (T - timedelta(minutes=15), True),  # exactly idle_alert_minutes: flagged (>=)
        (T - timedelta(minutes=14, seconds=59), False),
        (T - timedelta(minutes=40), True),
    ],
)
def test_idle_now(idle_since: datetime, flagged: bool) -> None:
    result = run(dashboard(dash("W1", 100, 80, 10, status="Idle", status_start=idle_since)))
    got = flags(result, code="IDLE_NOW")
    if not flagged:
        assert got == []
        return
    (f,) = got
    assert f.value == pytest.approx((T - idle_since).total_seconds() / 60)
    assert f.expected == 15.0
    assert f.subject is None


def test_idle_now_uses_the_setting_and_only_idle_status() -> None:
    settings = Settings(idle_alert_minutes=30.0)
    start = T - timedelta(minutes=20)
    result = run(
        dashboard(
            dash("W1", 100, 80, 10, status="Idle", status_start=start),
            dash("W2", 100, 80, 10, status="Away", status_start=T - timedelta(hours=2)),
        ),
        settings=settings,
    )
    assert flags(result, "W1", "IDLE_NOW") == []
    assert flags(result, "W2", "IDLE_NOW") == []


def test_live_checks_read_the_newest_snapshot_only() -> None:
    # Idle for long in the 09:00 snapshot, Active in the newest: no IDLE_NOW.
    old = dashboard(dash("W1", 50, 10, 40, status="Idle", status_start=at(D, 8)), when=at(D, 9))
    new = dashboard(dash("W1", 100, 60, 40, status="Active", status_start=at(D, 10, 50)))
    assert flags(run(old, new), code="IDLE_NOW") == []
    # Absent from the newest snapshot: no status, so no live flag.
    other = dashboard(dash("W2", 100, 80, 10))
    assert flags(run(old, other), code="IDLE_NOW") == []


@pytest.mark.parametrize(
    ("since", "flagged"),
    [
        (T - timedelta(minutes=23), False),  # exactly QSA + tolerance: not flagged (>)
        (T - timedelta(minutes=23, seconds=1), True),
    ],
)
def test_long_active(since: datetime, flagged: bool) -> None:
    settings = Settings(qsa=QSA(task_types=RENEWAL))
    row = dash("W1", 100, 80, 10, status="Active", status_start=since, task_type="renewal")
    got = flags(run(dashboard(row), settings=settings), code="LONG_ACTIVE")
    if not flagged:
        assert got == []
        return
    (f,) = got
    assert f.subject == "Renewal"
    assert f.value == pytest.approx(23 + 1 / 60)
    assert f.expected == 18.0


def test_long_active_needs_active_status_and_a_qsa_time() -> None:
    settings = Settings(qsa=QSA(task_types=RENEWAL))
    long_ago = T - timedelta(hours=2)
    result = run(
        dashboard(
            dash("W1", 100, 80, 10, status="Active", status_start=long_ago, task_type="Change"),
            dash("W2", 100, 80, 10, status="Paused", status_start=long_ago, task_type="Renewal"),
        ),
        settings=settings,
    )
    assert flags(result, "W1", "LONG_ACTIVE") == []
    assert flags(result, "W2", "LONG_ACTIVE") == []


@pytest.mark.parametrize("period", ["day", "week", "month"])
def test_live_checks_only_for_the_day(period: PeriodKind) -> None:
    settings = Settings(qsa=QSA(task_types=RENEWAL))
    long_ago = T - timedelta(hours=2)
    result = run(
        dashboard(
            # 170 of 180 minutes logged in, 76% utilization: nothing but the live checks.
            dash("W1", 170, 130, 10, status="Idle", status_start=long_ago),
            dash("W2", 170, 130, 10, status="Active", status_start=long_ago, task_type="Renewal"),
        ),
        settings=settings,
        period=period,
    )
    live = period == "day"
    assert [f.check for f in flags(result, "W1")] == (["IDLE_NOW"] if live else [])
    assert [f.check for f in flags(result, "W2")] == (["LONG_ACTIVE"] if live else [])


# -- transaction times -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("minutes", "n", "code"),
    [
        ([23.0, 23.0, 23.0], 3, None),  # exactly QSA + tolerance: not LONG
        ([22.0, 23.0, 24.5], 3, "LONG_TXN"),  # mean 23.1667
        ([30.0, 30.0], 2, None),  # fewer than min_txn_count: not judged
        ([13.0, 13.0, 13.0], 3, None),  # exactly QSA - tolerance: not SHORT
        ([12.0, 12.0, 12.5, 13.0], 4, "SHORT_TXN"),  # mean 12.375
    ],
)
def test_long_and_short_txn(minutes: list[float], n: int, code: str | None) -> None:
    rows = [
        act("W1", f"T{i}", at(D, 8) + timedelta(minutes=30 * i), None, task_type="RENEWAL")
        for i in range(n)
    ]
    for row, m in zip(rows, minutes, strict=True):
        row["end"] = row["start"] + timedelta(minutes=m)
        row["outcome"] = "Completed"
    result = run(actions(rows), settings=Settings(qsa=QSA(task_types=RENEWAL)))
    got = [f for f in flags(result) if f.check in ("LONG_TXN", "SHORT_TXN")]
    if code is None:
        assert got == []
        return
    (f,) = got
    assert (f.check, f.subject) == (code, "Renewal")
    assert f.value == pytest.approx(sum(minutes) / n)
    assert f.expected == 18.0


def test_txn_time_uses_min_txn_count_and_only_types_with_a_qsa_time() -> None:
    settings = Settings(qsa=QSA(task_types=RENEWAL), min_txn_count=2)
    rows = txns(2, 40.0) + txns(5, 60.0, task_type="Change", prefix="C")
    (f,) = [f for f in flags(run(actions(rows), settings=settings)) if f.check == "LONG_TXN"]
    assert (f.subject, f.value, f.expected) == ("Renewal", 40.0, 18.0)


# -- utilization and logged-in -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("logged_in", "active", "code"),
    [
        (100, 70, None),  # exactly QSA - tolerance: not flagged
        (100, 69.9, "LOW_UTILIZATION"),
        (60, 30, "LOW_UTILIZATION"),  # exactly min_judged_minutes: judged
        (59.9, 10, None),  # below min_judged_minutes: not judged
        (100, 80, None),  # exactly QSA + tolerance
        (100, 80.5, "HIGH_UTILIZATION"),
        (59, 59, None),
    ],
)
def test_utilization(logged_in: float, active: float, code: str | None) -> None:
    # Logged-in % is judged too (180 scheduled minutes): look at utilization only.
    result = run(dashboard(dash("W1", logged_in, active, 0)))
    got = [f for f in flags(result) if f.check.endswith("_UTILIZATION")]
    if code is None:
        assert got == []
        return
    (f,) = got
    assert f.check == code
    assert f.value == pytest.approx(active / logged_in * 100)
    assert f.expected == 75.0
    assert f.subject is None


@pytest.mark.parametrize(
    ("as_of", "logged_in", "flagged"),
    [
        (at(D, 9, 40), 85.0, False),  # 100 scheduled, exactly QSA - tolerance
        (at(D, 9, 40), 84.9, True),
        (at(D, 9, 0), 30.0, True),  # exactly min_judged_minutes scheduled: judged
        (at(D, 8, 59), 0.0, False),  # 59 scheduled: not judged
    ],
)
def test_low_logged_in(as_of: datetime, logged_in: float, flagged: bool) -> None:
    row = dash("W1", logged_in, logged_in * 0.75, 0)
    # The snapshot is the as-of's: scheduled minutes run to it (v2).
    result = run(dashboard(row, when=as_of), as_of=as_of)
    got = flags(result, code="LOW_LOGGED_IN")
    if not flagged:
        assert got == []
        return
    scheduled = (as_of - at(D, 8)).total_seconds() / 60
    (f,) = got
    assert f.value == pytest.approx(logged_in / scheduled * 100)
    assert f.expected == 90.0


def test_min_judged_minutes_setting_is_used() -> None:
    settings = Settings(min_judged_minutes=120.0)
    # 100 logged-in minutes at 25% utilization; 180 scheduled at 55.6% logged in.
    result = run(dashboard(dash("W1", 100, 25, 0)), settings=settings)
    assert [f.check for f in flags(result)] == ["LOW_LOGGED_IN"]


# -- completion --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("n", "completed", "flagged"),
    [
        (8, 4, False),  # exactly the low (50): not flagged
        (8, 3, True),  # 37.5
        (4, 0, False),  # fewer than min_cases: not judged
        (5, 0, True),  # exactly min_cases: judged
    ],
)
def test_low_completion_default_queue(n: int, completed: int, flagged: bool) -> None:
    settings = Settings(qsa=QSA(completion_low_pct=50.0))
    got = flags(
        run(actions(txns(n, completed=completed)), settings=settings), code="LOW_COMPLETION"
    )
    if not flagged:
        assert got == []
        return
    (f,) = got
    assert f.subject == "Default"
    assert f.value == pytest.approx(completed / n * 100)
    assert f.expected == 50.0


def test_low_completion_uses_the_queues_own_low_per_queue() -> None:
    qsa = QSA(
        queues=MappingProxyType(
            {
                "Renewals": QueueRange(completion_low_pct=55.0, completion_high_pct=90.0),
                "Intake": QueueRange(completion_low_pct=40.0),
                "Hard": QueueRange(completion_high_pct=80.0),  # low from the default, 60
            }
        )
    )
    rows = (
        txns(8, completed=4, queue="renewals", prefix="R")  # 50 < 55: flagged
        + txns(8, completed=4, queue="Intake", prefix="I")  # 50 >= 40: not
        + txns(8, completed=4, queue="Hard", prefix="H")  # 50 < 60: flagged
    )
    got = flags(run(actions(rows), settings=Settings(qsa=qsa)), code="LOW_COMPLETION")
    assert [(f.subject, f.value, f.expected) for f in got] == [
        ("Hard", 50.0, 60.0),
        ("Renewals", 50.0, 55.0),
    ]


@pytest.mark.parametrize(
    ("n", "completed", "queue", "expected"),
    [
        (20, 19, None, 95.0),  # exactly abnormal: flagged, expected = abnormal
        (40, 37, None, None),  # 92.5 without a queue high: normal
        (8, 7, "Renewals", 80.0),  # 87.5 > the queue's high 80
        (5, 4, "Renewals", None),  # exactly the high: not flagged (>)
        (5, 5, "Renewals", 95.0),  # abnormal wins over the high
        (4, 4, None, None),  # fewer than min_cases
    ],
)
def test_high_completion(n: int, completed: int, queue: str | None, expected: float | None) -> None:
    qsa = QSA(queues=MappingProxyType({"Renewals": QueueRange(completion_high_pct=80.0)}))
    result = run(actions(txns(n, completed=completed, queue=queue)), settings=Settings(qsa=qsa))
    got = flags(result, code="HIGH_COMPLETION")
    if expected is None:
        assert got == []
        return
    (f,) = got
    assert f.subject == (queue or "Default")
    assert f.value == pytest.approx(completed / n * 100)
    assert f.expected == expected


# -- Get Next ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("n", "get_next", "flagged"),
    [
        (8, 6, False),  # exactly target - tolerance (75): not flagged
        (8, 5, True),  # 62.5
        (4, 0, False),  # fewer than min_cases
        (5, 0, True),  # exactly min_cases
        (6, None, False),  # no Source at all: null, never flagged
    ],
)
def test_low_get_next(n: int, get_next: int | None, flagged: bool) -> None:
    got = flags(run(actions(txns(n, get_next=get_next))), code="LOW_GET_NEXT")
    if not flagged:
        assert got == []
        return
    (f,) = got
    assert f.value == pytest.approx((get_next or 0) / n * 100)
    assert f.expected == 80.0
    assert f.subject is None


# -- paused ------------------------------------------------------------------------------------


def test_paused_over_limit_fractional_days_newest_export_only() -> None:
    two_days = timedelta(days=2)
    older = export(
        "paused", [paused_row("W1", "P9", T - timedelta(days=10))], at(D, 9), file="paused_a.csv"
    )
    newest_a = export(
        "paused",
        [
            paused_row("W1", "P1", T - two_days),  # exactly the limit: not flagged (>)
            paused_row("W1", "P2", T - two_days - timedelta(minutes=1)),
        ],
        at(D, 10),
        file="paused_b.csv",
    )
    newest_b = export(
        "paused", [paused_row("W1", "P3", T - timedelta(days=3, hours=12))], at(D, 10), "p_c.csv"
    )
    after = export("paused", [paused_row("W1", "P8", T - timedelta(days=9))], at(D, 11, 30))
    result = run(("paused", older), ("paused", newest_a), ("paused", newest_b), ("paused", after))
    got = flags(result, code="PAUSED_OVER_LIMIT")
    assert [(f.subject, f.expected) for f in got] == [("P2", 2.0), ("P3", 2.0)]
    assert got[0].value == pytest.approx(2 + 1 / (24 * 60))
    # Sat 21 Nov 23:00 -> Wed 25 Nov 11:00 is 3.5 calendar days; working days (the
    # default) leave out Sat's last hour and Sunday: Mon 24 h + Tue 24 h + Wed 11 h.
    assert got[1].value == pytest.approx(59 / 24)
    assert set(result.paused["task_id"]) == {"P1", "P2", "P3"}


def test_paused_limit_setting_is_used() -> None:
    p = export("paused", [paused_row("W1", "P1", T - timedelta(hours=13))], at(D, 10))
    got = flags(
        run(("paused", p), settings=Settings(paused_limit_days=0.5)), code="PAUSED_OVER_LIMIT"
    )
    assert [(f.subject, f.expected) for f in got] == [("P1", 0.5)]
    assert got[0].value == pytest.approx(13 / 24)


@pytest.mark.parametrize(
    ("days_left", "flagged"), [(-1, False), (0, True), (3, True), (5, True), (6, False)]
)
def test_paused_before_last_day(days_left: int, flagged: bool) -> None:
    p = export(
        "paused",
        [paused_row("W1", "P1", at(D, 9)), paused_row("W1", "P2", at(D, 9, 30))],
        at(D, 10),
    )
    ros = roster({"worker_id": "W1", "last_day": D + timedelta(days=days_left)})
    got = flags(run(("paused", p), ros=ros), code="PAUSED_BEFORE_LAST_DAY")
    if not flagged:
        assert got == []
        return
    (f,) = got
    assert (f.value, f.expected, f.subject) == (2.0, 0.0, None)


def test_paused_before_last_day_needs_paused_tasks() -> None:
    d = dashboard(dash("W1", 100, 80, 10))
    p = export("paused", [paused_row("W2", "P1", at(D, 9))], at(D, 10))
    ros = roster(
        {"worker_id": "W1", "last_day": D + timedelta(days=1)},
        {"worker_id": "W2", "last_day": D + timedelta(days=1)},
    )
    result = run(d, ("paused", p), ros=ros)
    assert flags(result, "W1", "PAUSED_BEFORE_LAST_DAY") == []
    assert [f.value for f in flags(result, "W2", "PAUSED_BEFORE_LAST_DAY")] == [1.0]


def test_resign_warning_days_setting_is_used() -> None:
    p = export("paused", [paused_row("W1", "P1", at(D, 9))], at(D, 10))
    ros = roster({"worker_id": "W1", "last_day": D + timedelta(days=8)})
    settings = Settings(resign_warning_days=8)
    assert (
        len(flags(run(("paused", p), ros=ros, settings=settings), code="PAUSED_BEFORE_LAST_DAY"))
        == 1
    )


# -- ordering and null metrics -----------------------------------------------------------------


def test_flags_sorted_by_check_code_then_subject() -> None:
    settings = Settings(qsa=QSA(task_types=MappingProxyType({"Renewal": 18.0, "Change": 9.0})))
    rows = txns(3, 40.0) + txns(3, 40.0, task_type="Change", prefix="C")
    d = dashboard(dash("W1", 100, 20, 70, status="Idle", status_start=T - timedelta(hours=1)))
    p = export(
        "paused",
        [
            paused_row("W1", "PB", T - timedelta(days=5)),
            paused_row("W1", "PA", T - timedelta(days=4)),
        ],
        at(D, 10),
    )
    result = run(d, actions(rows), ("paused", p), settings=settings)
    got = [(f.check, f.subject) for f in flags(result)]
    assert got == [
        ("HIGH_COMPLETION", "Default"),
        ("IDLE_NOW", None),
        ("LONG_TXN", "Change"),
        ("LONG_TXN", "Renewal"),
        ("LOW_LOGGED_IN", None),
        ("LOW_UTILIZATION", None),
        ("PAUSED_OVER_LIMIT", "PA"),
        ("PAUSED_OVER_LIMIT", "PB"),
    ]


def test_null_metrics_are_never_flagged() -> None:
    # No dashboard row: utilization and logged-in are null; no Source: Get Next is null.
    rows = txns(10, completed=5)
    result = run(actions(rows), settings=Settings(qsa=QSA(completion_low_pct=50.0)))
    assert flags(result) == []
    # Logged in 0 minutes with 0 scheduled (before the shift): every ratio null, no flag.
    early = run(dashboard(dash("W1", 0, 0, 0), when=at(D, 7)), as_of=at(D, 7, 30))
    assert flags(early) == []


def test_flag_details_name_the_numbers() -> None:
    result = run(dashboard(dash("W1", 100, 20, 0)))
    (f,) = flags(result, code="LOW_UTILIZATION")
    assert "20" in f.detail and "75" in f.detail
