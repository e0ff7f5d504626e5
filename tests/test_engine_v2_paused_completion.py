"""Spec v2 items 3-5 on hand-made frames: departed caseworkers, pooled completion, paused
time in working days. Every expected value is worked out by hand in the comments."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import polars as pl
import pytest
from engine_helpers import act, at, export, paused_row, roster, run

from floorwatch.engine import CheckResult, Flag
from floorwatch.engine.paused_report import paused_report
from floorwatch.settings import Settings

#: Monday 2026-11-30 11:00: the weekend of 28-29 Nov lies just behind it.
MONDAY = datetime(2026, 11, 30, 11, 0)


def flags(result: CheckResult, worker_id: str = "W1", code: str | None = None) -> list[Flag]:
    w = result.worker(worker_id)
    assert w is not None
    return [f for f in w.flags if code is None or f.check == code]


def paused_at(
    *moments: datetime, worker_id: str = "W1", exported: datetime = MONDAY
) -> tuple[str, pl.LazyFrame]:
    rows = [paused_row(worker_id, f"P{i}", m) for i, m in enumerate(moments, 1)]
    return ("paused", export("paused", rows, exported - timedelta(minutes=5)))


# -- paused time over a weekend ----------------------------------------------------------


def test_task_paused_friday_afternoon_is_under_a_working_day_old_on_monday() -> None:
    # Fri 15:40 -> Mon 11:00: Friday's last 8 h 20 min + Monday's 11 h = 19 h 20 min
    # = 0.8056 working days (the weekend left out); 2.8056 calendar days.
    friday = datetime(2026, 11, 27, 15, 40)
    working = run(paused_at(friday), as_of=MONDAY)
    assert working.paused["days_paused"].to_list() == [pytest.approx((8 + 1 / 3 + 11) / 24)]
    assert flags(working, code="PAUSED_OVER_LIMIT") == []

    calendar = run(paused_at(friday), as_of=MONDAY, settings=Settings(paused_days="calendar"))
    assert calendar.paused["days_paused"].to_list() == [pytest.approx(2 + (19 + 1 / 3) / 24)]
    (f,) = flags(calendar, code="PAUSED_OVER_LIMIT")
    assert (f.subject, f.value, f.expected) == ("P1", pytest.approx(2.8055555), 2.0)


def test_paused_on_the_weekend_and_over_a_holiday() -> None:
    # Paused Sat 10:00: nothing counts until Monday 00:00 -> 11 h on Monday.
    # Paused Thu 26 Nov 09:00 with Fri 27 Nov a holiday: Thu 15 h + Mon 11 h = 26 h.
    # Paused Wed 25 Nov 12:00, holiday Fri: Wed 12 h + Thu 24 h + Mon 11 h = 47 h < 48 h.
    # Paused Wed 25 Nov 10:00, holiday Fri: 14 + 24 + 11 = 49 h > 48 h: over the limit.
    settings = Settings(holidays=(date(2026, 11, 27),))
    result = run(
        paused_at(
            datetime(2026, 11, 28, 10),
            datetime(2026, 11, 26, 9),
            datetime(2026, 11, 25, 12),
            datetime(2026, 11, 25, 10),
        ),
        as_of=MONDAY,
        settings=settings,
    )
    days = dict(zip(result.paused["task_id"], result.paused["days_paused"], strict=True))
    assert days == {
        "P1": pytest.approx(11 / 24),
        "P2": pytest.approx(26 / 24),
        "P3": pytest.approx(47 / 24),
        "P4": pytest.approx(49 / 24),
    }
    assert [f.subject for f in flags(result, code="PAUSED_OVER_LIMIT")] == ["P4"]


def test_as_of_on_a_weekend_counts_nothing_of_it() -> None:
    # Paused Fri 09:00, as of Sun 12:00: only Friday's 15 h count.
    sunday = datetime(2026, 11, 29, 12)
    result = run(paused_at(datetime(2026, 11, 27, 9), exported=sunday), as_of=sunday)
    assert result.paused["days_paused"].to_list() == [pytest.approx(15 / 24)]


# -- the Last Day boundary ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("last_day", "before", "after"),
    [
        (date(2026, 12, 2), True, False),  # two days left
        (date(2026, 11, 30), True, False),  # the Last Day itself: still "before"
        (date(2026, 11, 29), False, True),  # the day after: gone, tasks still held
        (date(2026, 10, 1), False, True),  # every day after
    ],
)
def test_last_day_boundary(last_day: date, before: bool, after: bool) -> None:
    ros = roster({"worker_id": "W1", "name": "Ana", "team": "North", "last_day": last_day})
    result = run(
        paused_at(MONDAY - timedelta(hours=2), MONDAY - timedelta(hours=1)), ros=ros, as_of=MONDAY
    )
    got = {f.check: f for f in flags(result) if f.check.startswith("PAUSED_")}
    assert ("PAUSED_BEFORE_LAST_DAY" in got) is before
    assert ("PAUSED_AFTER_LAST_DAY" in got) is after
    if after:
        f = got["PAUSED_AFTER_LAST_DAY"]
        assert (f.value, f.expected, f.subject) == (2.0, 0.0, None)
        ago = (MONDAY.date() - last_day).days
        assert f"{last_day:%Y-%m-%d} ({ago} days ago)" in f.detail
    report = paused_report(result.paused, ros, Settings(), MONDAY)
    assert report["departed"].to_list() == [after, after]
    assert report["leaving_soon"].to_list() == [before, before]


def test_departed_without_paused_tasks_is_not_flagged() -> None:
    ros = roster(
        {"worker_id": "W1", "name": "Ana", "last_day": date(2026, 11, 20)},
        {"worker_id": "W2", "name": "Bo", "last_day": date(2026, 11, 20)},
    )
    result = run(paused_at(MONDAY - timedelta(hours=3), worker_id="W2"), ros=ros, as_of=MONDAY)
    assert [f.check for f in flags(result, "W2")] == ["PAUSED_AFTER_LAST_DAY"]
    w1 = result.worker("W1")
    assert w1 is None or not [f for f in w1.flags if f.check == "PAUSED_AFTER_LAST_DAY"]


# -- completion over pooled small queues ---------------------------------------------------


def queue_txns(spread: dict[str, tuple[int, int]], worker_id: str = "W1") -> list[dict]:
    """queue -> (transactions, completed ones), 3-minute slots from 08:00 on Monday."""
    rows, i = [], 0
    for queue, (n, done) in spread.items():
        for k in range(n):
            start = at(MONDAY.date(), 8) + timedelta(minutes=3 * i)
            outcome = "Completed" if k < done else "Pended"
            rows.append(
                act(
                    worker_id,
                    f"T{i}",
                    start,
                    start + timedelta(minutes=2),
                    queue=queue,
                    outcome=outcome,
                )
            )
            i += 1
    return rows


def completion(spread: dict[str, tuple[int, int]]) -> list[tuple[str, str | None, float, float]]:
    rows = queue_txns(spread)
    result = run(("actions", export("actions", rows, MONDAY - timedelta(minutes=5))), as_of=MONDAY)
    return [
        (f.check, f.subject, round(f.value, 4), f.expected)
        for f in flags(result)
        if f.check.endswith("_COMPLETION")
    ]


def test_a_caseworker_at_100_percent_over_small_queues_is_flagged() -> None:
    # 8 transactions over three queues (3 + 3 + 2, each under min_cases = 5), all
    # completed: the pool of 8 is 100 % >= 95 %. No queue subject.
    got = completion({"Intake": (3, 3), "Renewals": (3, 3), "Change": (2, 2)})
    assert got == [("HIGH_COMPLETION", None, 100.0, 95.0)]


def test_the_pool_leaves_out_queues_judged_on_their_own() -> None:
    # Renewals (6, 6) is judged alone: 100 % -> flagged with its queue. The pool is
    # Intake 2/2 + Change 2/1 = 4 transactions < min_cases: not judged.
    got = completion({"Renewals": (6, 6), "Intake": (2, 2), "Change": (2, 1)})
    assert got == [("HIGH_COMPLETION", "Renewals", 100.0, 95.0)]


def test_a_low_pool() -> None:
    # Pool: Intake 4/1 + Change 3/2 = 7 transactions, 3 completed = 42.857 % < 60 %.
    got = completion({"Intake": (4, 1), "Change": (3, 2)})
    assert got == [("LOW_COMPLETION", None, round(300 / 7, 4), 60.0)]


def test_a_pool_exactly_at_min_cases_and_a_normal_one() -> None:
    # 5 transactions (3 + 2), 5 completed: judged (>= min_cases), 100 % flagged.
    assert completion({"A": (3, 3), "B": (2, 2)}) == [("HIGH_COMPLETION", None, 100.0, 95.0)]
    # 9 transactions, 7 completed = 77.8 %: inside 60 .. 95, nothing.
    assert completion({"A": (4, 3), "B": (3, 2), "C": (2, 2)}) == []


# -- the settings ---------------------------------------------------------------------------


def test_paused_days_and_holidays_are_read_and_checked(tmp_path) -> None:
    from floorwatch.settings import ConfigError, load_config

    (tmp_path / "floorwatch.toml").write_text(
        'paused_days = "calendar"\nholidays = ["2026-12-25", 2026-12-24]\n', encoding="utf-8"
    )
    s = load_config(tmp_path).settings
    assert (s.paused_days, s.holidays) == ("calendar", {date(2026, 12, 24), date(2026, 12, 25)})
    assert Settings().paused_days == "working"
    (tmp_path / "floorwatch.toml").write_text('paused_days = "weekdays"\n', encoding="utf-8")
    with pytest.raises(ConfigError, match="paused_days"):
        load_config(tmp_path)
    (tmp_path / "floorwatch.toml").write_text('holidays = ["25/12/2026"]\n', encoding="utf-8")
    with pytest.raises(ConfigError, match="YYYY-MM-DD"):
        load_config(tmp_path)
