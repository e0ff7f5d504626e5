"""Contact-centre metrics and checks: LONG_HANDLE, SHORT_HANDLE, STATUS_OVER_ALLOWANCE.

Every expected number is worked out by hand in the test (kpis.md: avg handle is the mean
of Avg Handle weighted by Handle, from the newest agent_performance export of T's day).
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from engine_helpers import T, dash, export, roster, run

from floorwatch.output.json_form import result_dict
from floorwatch.settings import QSA, Settings

SETTINGS = Settings(
    qsa=QSA(call_handle_minutes=9.0, call_tolerance_minutes=5.0),
    status_allowance_minutes={"Break": 30.0},
)


def _floor_rows(*names: tuple[str, str]) -> tuple[str, object]:
    """A dashboard export at T naming each (worker_id, worker name)."""
    rows = [dash(w, 180, 135, 30, worker_name=n, team="North") for w, n in names]
    return ("dashboard", export("dashboard", rows, T))


def perf(*rows: tuple[str, float, float | None], at=T, file=None) -> tuple[str, object]:
    """An agent_performance export: (agent name, Handle, Avg Handle minutes)."""
    data = [{"agent_name": a, "handled": h, "avg_handle": m} for a, h, m in rows]
    return ("agent_performance", export("agent_performance", data, at, file))


def status(*rows: dict, at=T) -> tuple[str, object]:
    data = [{"logged_in": 240.0, "on_queue": 200.0, **r} for r in rows]
    return ("agent_status", export("agent_status", data, at))


def _flags(result, worker_id="W1"):
    w = result.worker(worker_id)
    return [(f.check, f.subject, round(f.value, 4), f.expected) for f in w.flags]


def test_weighted_mean_over_intervals_flags_long_handle() -> None:
    # (4 calls x 10 min + 6 calls x 20 min) / 10 calls = 16.0 > 9 + 5.
    result = run(
        _floor_rows(("W1", "Ana Diaz")),
        perf(("Ana Diaz", 4, 10.0), ("Ana Diaz", 6, 20.0)),
        settings=SETTINGS,
    )
    m = result.worker("W1").metrics
    assert (m.calls_handled, m.avg_handle_minutes) == (10, 16.0)
    assert _flags(result) == [("LONG_HANDLE", None, 16.0, 9.0)]
    flag = result.worker("W1").flags[0]
    assert flag.detail == "Mean handle time 16.0 min over 10 calls vs QSA 9 min (+/- 5): too long"


@pytest.mark.parametrize(
    ("avg", "expected"),
    [
        (14.0, []),  # exactly QSA + tolerance: inside
        (14.01, [("LONG_HANDLE", None, 14.01, 9.0)]),
        (4.0, []),  # exactly QSA - tolerance: inside
        (3.99, [("SHORT_HANDLE", None, 3.99, 9.0)]),
    ],
)
def test_handle_tolerance_edges(avg: float, expected: list) -> None:
    result = run(_floor_rows(("W1", "Ana Diaz")), perf(("Ana Diaz", 5, avg)), settings=SETTINGS)
    assert _flags(result) == expected


def test_rows_without_avg_handle_count_calls_but_not_the_mean() -> None:
    # 4 calls with no Avg Handle + 2 calls of 12 min: 6 calls, mean 12 (24 / 2).
    result = run(
        _floor_rows(("W1", "Ana Diaz")),
        perf(("Ana Diaz", 4, None), ("Ana Diaz", 2, 12.0)),
        settings=SETTINGS,
    )
    m = result.worker("W1").metrics
    assert (m.calls_handled, m.avg_handle_minutes) == (6, 12.0)
    assert _flags(result) == []


def test_zero_calls_is_a_null_mean_and_never_flagged() -> None:
    result = run(_floor_rows(("W1", "Ana Diaz")), perf(("Ana Diaz", 0, 0.0)), settings=SETTINGS)
    m = result.worker("W1").metrics
    assert (m.calls_handled, m.avg_handle_minutes) == (0, None)
    assert _flags(result) == []


def test_no_qsa_handle_time_means_no_handle_check() -> None:
    settings = Settings(qsa=QSA(call_handle_minutes=None))
    result = run(_floor_rows(("W1", "Ana Diaz")), perf(("Ana Diaz", 5, 40.0)), settings=settings)
    assert result.worker("W1").metrics.avg_handle_minutes == 40.0
    assert _flags(result) == []


def test_only_the_newest_export_of_the_day_counts() -> None:
    earlier = T - timedelta(hours=2)
    result = run(
        _floor_rows(("W1", "Ana Diaz")),
        perf(("Ana Diaz", 9, 30.0), at=earlier),  # older refresh of the same day: replaced
        perf(("Ana Diaz", 2, 8.0), at=T),
        perf(("Ana Diaz", 7, 1.0), at=T + timedelta(minutes=5)),  # after the as-of
        settings=SETTINGS,
    )
    m = result.worker("W1").metrics
    assert (m.calls_handled, m.avg_handle_minutes) == (2, 8.0)
    kinds = {(s.kind, s.export_time) for s in result.sources}
    assert ("agent_performance", T) in kinds
    assert ("agent_performance", earlier) not in kinds


def test_an_export_of_an_earlier_day_is_not_today() -> None:
    result = run(
        _floor_rows(("W1", "Ana Diaz")),
        perf(("Ana Diaz", 5, 40.0), at=T - timedelta(days=1)),
        settings=SETTINGS,
    )
    m = result.worker("W1").metrics
    assert (m.calls_handled, m.avg_handle_minutes) == (None, None)
    assert _flags(result) == []


def test_agents_match_by_genesys_name_then_name_and_strangers_are_errors() -> None:
    ros = roster(
        {"worker_id": "W1", "worker_name": "Ana Diaz", "genesys_name": "adiaz"},
        {"worker_id": "W2", "worker_name": "Bo Lee"},
    )
    result = run(
        _floor_rows(("W1", "Ana Diaz"), ("W2", "Bo Lee")),
        perf((" ADIAZ ", 2, 9.0), ("bo lee", 3, 9.0), ("Zed Stranger", 8, 9.0), file="perf.csv"),
        settings=SETTINGS,
        ros=ros,
    )
    assert result.worker("W1").metrics.calls_handled == 2
    assert result.worker("W2").metrics.calls_handled == 3
    assert {w.worker_id for w in result.workers} == {"W1", "W2"}
    assert [(e.file, e.error) for e in result.errors] == [
        (
            "perf.csv",
            "agent 'Zed Stranger' matches no caseworker (by the roster's Genesys Name or by "
            "name): not counted",
        )
    ]


@pytest.mark.parametrize(
    ("breaks", "expected"),
    [
        ((20.0, 10.0), []),  # exactly the 30-minute allowance: not over it
        ((20.0, 10.5), [("STATUS_OVER_ALLOWANCE", "Break", 30.5, 30.0)]),
    ],
)
def test_status_over_allowance_sums_the_days_intervals(breaks, expected) -> None:
    rows = [{"agent_name": "Ana Diaz", "break": b, "meal": 90.0} for b in breaks]
    result = run(_floor_rows(("W1", "Ana Diaz")), status(*rows), settings=SETTINGS)
    assert _flags(result) == expected  # Meal has no allowance: never judged
    presence = result.worker("W1").metrics.presence_minutes
    assert presence == {
        "Logged In": 480.0,
        "On Queue": 400.0,
        "Break": sum(breaks),
        "Meal": 180.0,
    }


def test_allowance_names_match_any_case() -> None:
    settings = Settings(status_allowance_minutes={"not responding": 5.0})
    rows = [{"agent_name": "Ana Diaz", "not_responding": 6.0}]
    result = run(_floor_rows(("W1", "Ana Diaz")), status(*rows), settings=settings)
    assert _flags(result) == [("STATUS_OVER_ALLOWANCE", "Not Responding", 6.0, 5.0)]
    assert (
        result.worker("W1").flags[0].detail
        == "Not Responding 6.0 min today vs an allowance of 5.0 min"
    )


def test_team_handle_time_is_weighted_over_all_its_calls() -> None:
    # Team: (2 x 6 + 3 x 16) / 5 = 60 / 5 = 12.0 min; 5 calls.
    result = run(
        _floor_rows(("W1", "Ana Diaz"), ("W2", "Bo Lee")),
        perf(("Ana Diaz", 2, 6.0), ("Bo Lee", 3, 16.0)),
        settings=SETTINGS,
    )
    team = result.teams[0].metrics
    assert (team.calls_handled, team.avg_handle_minutes) == (5, 12.0)


def test_json_carries_the_contact_metrics_always() -> None:
    result = run(
        _floor_rows(("W1", "Ana Diaz"), ("W2", "Bo Lee")),
        perf(("Ana Diaz", 3, 9.123)),
        status({"agent_name": "Ana Diaz", "break": 12.0}),
        settings=SETTINGS,
    )
    workers = {w["worker_id"]: w["metrics"] for w in result_dict(result)["workers"]}
    assert workers["W1"]["calls_handled"] == 3
    assert workers["W1"]["avg_handle_minutes"] == 9.12
    assert workers["W1"]["presence_minutes"] == {
        "Logged In": 240.0,
        "On Queue": 200.0,
        "Break": 12.0,
    }
    assert workers["W2"]["calls_handled"] is None
    assert workers["W2"]["avg_handle_minutes"] is None
    assert workers["W2"]["presence_minutes"] == {}
