"""Stepping through weeks and months: previous, next, the same period last year, and the
edges at month, quarter and year boundaries (engine/stepping.py)."""

from __future__ import annotations

from datetime import date, datetime, time

import pytest

from floorwatch.engine.stepping import (
    PeriodView,
    current_view,
    end_of_day,
    last_year_view,
    previous_view,
    step_view,
    switch_kind,
)

#: Wednesday 2026-11-25 11:00.
NOW = datetime(2026, 11, 25, 11, 0)


def whole(kind: str, start: date, end: date) -> PeriodView:
    return PeriodView(kind, start, end_of_day(end))  # type: ignore[arg-type]


def test_the_current_week_and_month_run_to_the_as_of() -> None:
    assert current_view("week", NOW) == PeriodView("week", date(2026, 11, 23), NOW)
    assert current_view("month", NOW) == PeriodView("month", date(2026, 11, 1), NOW)
    assert not current_view("week", NOW).complete
    assert whole("week", date(2026, 11, 16), date(2026, 11, 22)).complete


def test_previous_of_a_period_in_progress_covers_the_same_stretch() -> None:
    # Monday 23 Nov .. Wednesday 11:00  ->  Monday 16 Nov .. Wednesday 18 Nov 11:00: the
    # same time of day, not the whole of Wednesday (issue 17: "Cases Δ -113 at noon").
    assert previous_view(current_view("week", NOW)) == PeriodView(
        "week", date(2026, 11, 16), datetime(2026, 11, 18, 11)
    )
    # 1 Nov .. 25 Nov 11:00  ->  1 Oct .. 25 Oct 11:00.
    assert previous_view(current_view("month", NOW)) == PeriodView(
        "month", date(2026, 10, 1), datetime(2026, 10, 25, 11)
    )


def test_previous_month_is_clamped_to_its_own_length() -> None:
    # 31 March 16:30 compares with the whole of February (28 days in 2026).
    march_31 = current_view("month", datetime(2026, 3, 31, 16, 30))
    assert previous_view(march_31) == whole("month", date(2026, 2, 1), date(2026, 2, 28))
    # 30 March 09:00 -> elapsed 29 days 9 h, past February's end: clamped too.
    assert previous_view(current_view("month", datetime(2026, 3, 30, 9))).at == end_of_day(
        date(2026, 2, 28)
    )
    # 28 February 2028 (leap) 10:00 -> to 28 January 10:00.
    assert previous_view(current_view("month", datetime(2028, 2, 28, 10))).at == datetime(
        2028, 1, 28, 10
    )


def test_previous_of_a_whole_period_is_whole() -> None:
    june = whole("month", date(2026, 6, 1), date(2026, 6, 30))
    assert previous_view(june) == whole("month", date(2026, 5, 1), date(2026, 5, 31))
    week = whole("week", date(2026, 11, 16), date(2026, 11, 22))
    assert previous_view(week) == whole("week", date(2026, 11, 9), date(2026, 11, 15))


@pytest.mark.parametrize(
    ("start", "back"),
    [
        # Across a quarter boundary (Q2 -> Q1) and a year boundary.
        (date(2026, 4, 1), date(2026, 3, 1)),
        (date(2026, 1, 1), date(2025, 12, 1)),
        (date(2026, 10, 1), date(2026, 9, 1)),
    ],
)
def test_month_steps_cross_quarter_and_year_boundaries(start: date, back: date) -> None:
    latest = datetime(2026, 11, 25, 11)
    view = step_view(current_view("month", latest), 0, latest)
    assert view.start == date(2026, 11, 1)
    months_back = (2026 - start.year) * 12 + 11 - start.month
    view = step_view(view, -months_back, latest)
    assert view.start == start and view.complete
    before = step_view(view, -1, latest)
    assert before.start == back and before.end.month == back.month
    assert step_view(before, 1, latest) == view


def test_week_steps_across_a_year_boundary() -> None:
    latest = datetime(2026, 1, 7, 9)  # Wednesday of the week starting Monday 5 Jan 2026
    view = step_view(current_view("week", latest), -1, latest)
    assert view == whole("week", date(2025, 12, 29), date(2026, 1, 4))  # spans New Year
    assert step_view(view, -1, latest).start == date(2025, 12, 22)


def test_stepping_forward_stops_at_the_period_in_progress() -> None:
    now = current_view("week", NOW)
    assert step_view(now, 1, NOW) == now
    back = step_view(now, -2, NOW)
    assert back == whole("week", date(2026, 11, 9), date(2026, 11, 15))
    assert step_view(back, 5, NOW) == now  # the current one, as of the data's as-of


def test_same_month_last_year() -> None:
    assert last_year_view(current_view("month", NOW)) == PeriodView(
        "month", date(2025, 11, 1), datetime(2025, 11, 25, 11)
    )
    feb_2028 = whole("month", date(2028, 2, 1), date(2028, 2, 29))
    assert last_year_view(feb_2028) == whole("month", date(2027, 2, 1), date(2027, 2, 28))


def test_same_iso_week_last_year() -> None:
    # 2026-11-23 is ISO 2026-W48; W48 of 2025 starts Monday 2025-11-24.
    assert last_year_view(current_view("week", NOW)) == PeriodView(
        "week", date(2025, 11, 24), datetime(2025, 11, 26, 11)
    )
    # ISO 2026-W53 (from Monday 28 Dec 2026): 2025 has 52 weeks, so its W52.
    w53 = whole("week", date(2026, 12, 28), date(2027, 1, 3))
    assert date(2026, 12, 28).isocalendar()[1] == 53
    assert last_year_view(w53) == whole("week", date(2025, 12, 22), date(2025, 12, 28))
    # ISO 2027-W01 starts Monday 4 Jan 2027; 2026-W01 started Monday 29 Dec 2025.
    w01 = whole("week", date(2027, 1, 4), date(2027, 1, 10))
    assert last_year_view(w01).start == date(2025, 12, 29)


def test_w_and_m_keep_the_place_in_time() -> None:
    week = whole("week", date(2026, 9, 28), date(2026, 10, 4))  # Q3 -> Q4 week
    month = switch_kind(week, "month", NOW)
    assert month == whole("month", date(2026, 10, 1), date(2026, 10, 31))
    assert switch_kind(month, "week", NOW) == whole("week", date(2026, 10, 26), date(2026, 11, 1))
    assert switch_kind(current_view("week", NOW), "month", NOW) == current_view("month", NOW)


def test_labels_say_which_period_and_whether_it_is_to_date() -> None:
    assert current_view("week", NOW).label() == "Week of Mon 23 Nov 2026, to Wed 25 11:00"
    assert whole("month", date(2026, 10, 1), date(2026, 10, 31)).label() == "October 2026"
    assert end_of_day(date(2026, 1, 1)).time() == time.max
