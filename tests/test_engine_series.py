"""Trend lines: each KPI day by day (engine/series.py), values computed by hand."""

from __future__ import annotations

from datetime import date, datetime

import polars as pl
import pytest
from engine_helpers import act, at, dash, export, floor, roster

from floorwatch.engine.series import daily_series, series_by_key
from floorwatch.settings import Settings

MON, TUE, WED = date(2026, 11, 23), date(2026, 11, 24), date(2026, 11, 25)
AS_OF = datetime(2026, 11, 25, 11, 0)
TEAMS = pl.DataFrame({"worker_id": ["W1", "W2"], "team": ["North", "North"]})


def _series():
    data = floor(
        # Monday: two snapshots; the later row of each worker counts.
        ("dashboard", export("dashboard", [dash("W1", 100, 50, 40)], at(MON, 12))),
        ("dashboard", export("dashboard", [dash("W1", 400, 300, 60)], at(MON, 16, 30))),
        ("dashboard", export("dashboard", [dash("W2", 480, 240, 200)], at(MON, 16, 30))),
        # Tuesday: W1 only. Wednesday 10:00 (before the as-of) and 12:00 (after: ignored).
        ("dashboard", export("dashboard", [dash("W1", 480, 432, 30)], at(TUE, 16, 30))),
        ("dashboard", export("dashboard", [dash("W1", 120, 60, 30)], at(WED, 10))),
        ("dashboard", export("dashboard", [dash("W1", 999, 999, 0)], at(WED, 12))),
        (
            "actions",
            export(
                "actions",
                [
                    act("W1", "T1", at(MON, 9), at(MON, 9, 30), source="Get Next"),
                    act("W1", "T2", at(MON, 10), at(MON, 10, 10), outcome="Pended"),
                    act("W2", "T3", at(MON, 9), at(MON, 9, 20), source="Manual"),
                    act("W1", "T4", at(TUE, 9), at(TUE, 9, 40), source="Get Next"),
                    # Wednesday: one finished, one in progress at the as-of (not counted).
                    act("W1", "T5", at(WED, 9), at(WED, 9, 15)),
                    act("W1", "T6", at(WED, 10, 30), None),
                ],
                at(WED, 10, 45),
            ),
        ),
    )
    return daily_series(data, Settings(), roster(), TEAMS, start=MON, as_of=AS_OF)


def test_each_days_kpis_per_caseworker() -> None:
    series = _series()
    assert series.days == (MON, TUE, WED)
    w1 = series.workers.filter(pl.col("worker_id") == "W1").sort("day")
    assert w1["day"].to_list() == [MON, TUE, WED]
    # Monday 400 logged in, 300 active: 75 %; scheduled 480 (a whole earlier day).
    # Tuesday 432/480 = 90 %; Wednesday 60/120 = 50 %, scheduled 08:00..11:00 = 180 min.
    assert w1["utilization_pct"].to_list() == pytest.approx([75.0, 90.0, 50.0])
    assert w1["logged_in_pct"].to_list() == pytest.approx([400 / 480 * 100, 100.0, 120 / 180 * 100])
    assert w1["cases_worked"].to_list() == [2, 1, 1]
    assert w1["avg_txn_minutes"].to_list() == pytest.approx([20.0, 40.0, 15.0])
    assert w1["completion_rate_pct"].to_list() == pytest.approx([50.0, 100.0, 100.0])
    # Wednesday's one transaction has no Source: Get Next cannot be computed.
    assert w1["get_next_rate_pct"].to_list()[:2] == pytest.approx([50.0, 100.0])
    assert w1["get_next_rate_pct"].to_list()[2] is None


def test_team_days_sum_first_then_divide() -> None:
    north = _series().teams.filter(pl.col("team") == "North").sort("day")
    # Monday: (300 + 240) / (400 + 480) active of logged-in; 3 transactions, mean 20 min.
    monday = north.row(0, named=True)
    assert monday["utilization_pct"] == pytest.approx(540 / 880 * 100)
    assert monday["logged_in_pct"] == pytest.approx(880 / 960 * 100)
    assert monday["cases_worked"] == 3
    assert monday["avg_txn_minutes"] == pytest.approx(20.0)
    assert monday["completion_rate_pct"] == pytest.approx(2 / 3 * 100)
    assert monday["get_next_rate_pct"] == pytest.approx(1 / 3 * 100)


def test_a_day_without_data_is_a_gap_not_a_zero() -> None:
    series = _series()
    util = series_by_key(series.workers, "worker_id", "utilization_pct", series.days)
    assert util["W2"] == [pytest.approx(50.0), None, None]
    cases = series_by_key(series.workers, "worker_id", "cases_worked", series.days)
    assert cases["W1"] == [2.0, 1.0, 1.0]
    assert series_by_key(series.workers, "worker_id", "cases_worked", ()) == {}
