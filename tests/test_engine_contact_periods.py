"""Calls over weeks and months (spec v2): rows belong to their Interval Start's day, the
newest export wins per agent and interval, so daily pulls and a weekly pull of the same
days count once. Every number is worked out by hand in the comments."""

from __future__ import annotations

import json
import os
from datetime import datetime
from pathlib import Path

import pytest
from engine_helpers import dash, export, run

from floorwatch import cli
from floorwatch.settings import QSA, Settings

SETTINGS = Settings(
    qsa=QSA(call_handle_minutes=9.0, call_tolerance_minutes=5.0),
    status_allowance_minutes={"Break": 30.0},
)
#: Wednesday 25 Nov 11:00; the week runs from Monday 23 Nov.
WED = datetime(2026, 11, 25, 11, 0)


def at(day: int, hh: int, mm: int = 0) -> datetime:
    return datetime(2026, 11, day, hh, mm)


def perf(when: datetime, *rows: tuple[datetime | None, float, float]):
    """agent_performance for Ana Diaz: (Interval Start, Handle, Avg Handle minutes)."""
    data = [
        {"agent_name": "Ana Diaz", "interval_start": i, "media_type": "voice", "handled": h,
         "avg_handle": m}
        for i, h, m in rows
    ]  # fmt: skip
    return ("agent_performance", export("agent_performance", data, when))


def status(when: datetime, *rows: tuple[datetime | None, float]):
    """agent_status for Ana Diaz: (Interval Start, Break minutes)."""
    data = [
        {"agent_name": "Ana Diaz", "interval_start": i, "logged_in": 60.0, "on_queue": 30.0,
         "break": b}
        for i, b in rows
    ]  # fmt: skip
    return ("agent_status", export("agent_status", data, when))


def dashboard(when: datetime):
    row = dash("W1", 180, 135, 30, worker_name="Ana Diaz", team="North")
    return ("dashboard", export("dashboard", [row], when))


def week_of_calls():
    return (
        dashboard(at(23, 17)),
        dashboard(at(24, 17)),
        dashboard(at(25, 10, 55)),
        # Daily pulls, Monday and Tuesday.
        perf(at(23, 17), (at(23, 9), 4, 10.0), (at(23, 10), 2, 16.0)),
        perf(at(24, 17), (at(24, 9), 3, 12.0)),
        # Wednesday 08:00, the weekly pull: the same Monday rows, Tuesday corrected
        # (Avg Handle 14, newest wins) and last Sunday's (not this week).
        perf(
            at(25, 8),
            (at(22, 9), 50, 1.0),
            (at(23, 9), 4, 10.0),
            (at(23, 10), 2, 16.0),
            (at(24, 9), 3, 14.0),
        ),
        perf(at(25, 10, 30), (at(25, 9), 1, 30.0)),
        status(at(23, 17), (at(23, 9), 20.0), (at(23, 13), 20.0)),
        status(at(24, 17), (at(24, 9), 25.0)),
        status(at(25, 8), (at(23, 9), 20.0), (at(23, 13), 20.0), (at(24, 9), 25.0)),
    )


def test_a_week_of_calls_counts_each_interval_once() -> None:
    result = run(*week_of_calls(), settings=SETTINGS, as_of=WED, period="week")
    w = result.worker("W1")
    # Calls: Mon 4 + 2, Tue 3, Wed 1 = 10 (19 if the weekly pull were added again).
    # Mean handle weighted by calls: (4x10 + 2x16 + 3x14 + 1x30) / 10 = 144 / 10 = 14.4.
    assert w.metrics.calls_handled == 10
    assert w.metrics.avg_handle_minutes == pytest.approx(14.4)
    # Break: Mon 20 + 20, Tue 25 = 65 min, on 2 days with status rows (not Wednesday).
    assert w.metrics.presence_minutes["Break"] == pytest.approx(65.0)
    got = {f.check: (round(f.value, 4), f.expected, f.subject) for f in w.flags}
    # 14.4 > 9 + 5, over 10 >= min_cases calls.
    assert got["LONG_HANDLE"] == (14.4, 9.0, None)
    # 65 > 30 x 2 days = 60 (with 3 days of the period it would be 90: not flagged).
    assert got["STATUS_OVER_ALLOWANCE"] == (65.0, 60.0, "Break")
    assert "over 2 days" in next(f.detail for f in w.flags if f.check == "STATUS_OVER_ALLOWANCE")
    # The month holds the same days (Sunday 22 Nov too: 50 calls at 1 min).
    month = run(*week_of_calls(), settings=SETTINGS, as_of=WED, period="month").worker("W1")
    assert month.metrics.calls_handled == 60
    assert month.metrics.avg_handle_minutes == pytest.approx((144 + 50) / 60)


def test_the_day_takes_its_own_intervals_from_any_export() -> None:
    # As of Tuesday 17:00: only Tuesday's interval (3 calls at 12); Monday's are not today.
    tue = run(*week_of_calls(), settings=SETTINGS, as_of=at(24, 17), period="day").worker("W1")
    assert (tue.metrics.calls_handled, tue.metrics.avg_handle_minutes) == (3, 12.0)
    # As of Wednesday: the weekly pull exported today holds only other days' rows; the
    # 10:30 pull's one call is today's; 1 call < min_cases: no handle flag.
    wed = run(*week_of_calls(), settings=SETTINGS, as_of=WED, period="day").worker("W1")
    assert (wed.metrics.calls_handled, wed.metrics.avg_handle_minutes) == (1, 30.0)
    assert [f.check for f in wed.flags if f.check.endswith("_HANDLE")] == []


def test_a_row_without_interval_start_belongs_to_its_exports_day() -> None:
    # Two exports of Monday with no Interval Start: the newest of the day wins (6 calls);
    # Tuesday's is another day: the week counts 6 + 5 = 11.
    rows = (
        dashboard(at(24, 17)),
        perf(at(23, 12), (None, 3, 10.0)),
        perf(at(23, 17), (None, 6, 10.0)),
        perf(at(24, 17), (None, 5, 20.0)),
    )
    week = run(*rows, settings=SETTINGS, as_of=at(24, 17), period="week").worker("W1")
    assert week.metrics.calls_handled == 11
    assert week.metrics.avg_handle_minutes == pytest.approx((60 + 100) / 11)


def test_fewer_calls_than_min_cases_are_not_judged() -> None:
    rows = (dashboard(at(25, 10)), perf(at(25, 10), (at(25, 9), 4, 30.0)))
    four = run(*rows, settings=SETTINGS, as_of=WED).worker("W1")
    assert four.metrics.avg_handle_minutes == 30.0
    assert not [f for f in four.flags if f.check == "LONG_HANDLE"]
    five = run(*rows, settings=SETTINGS.__class__(**{**SETTINGS.__dict__, "min_cases": 4}),
               as_of=WED).worker("W1")  # fmt: skip
    assert [f.check for f in five.flags if f.check == "LONG_HANDLE"] == ["LONG_HANDLE"]


# -- end to end: daily CSV pulls, then a weekly pull, through `floorwatch check` ------------

PERF_HEAD = "Interval Start,Interval End,Media Type,Agent Name,Handle,Avg Handle\n"
DASH_HEAD = (
    "Worker ID,Worker Name,Team,Status,Status Start,Task Type,Task ID,Logged In,Active,Idle,"
    "Export Time\n"
)


def _perf_line(day: int, hh: int, handled: int, avg_minutes: float) -> str:
    return (
        f"2026-11-{day} {hh:02d}:00:00,2026-11-{day} {hh + 1:02d}:00:00,voice,Ana Diaz,"
        f"{handled},{int(avg_minutes * 60000)}\n"
    )


def test_week_of_calls_end_to_end(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    config = tmp_path / "config"
    assert cli.main(["init", str(config)]) == 0
    with (config / "qsa.toml").open("a", encoding="utf-8") as f:
        f.write("call_handle_minutes = 9.0\n")
    drop, data = tmp_path / "drop", tmp_path / "data"
    drop.mkdir()

    def check(at_text: str, *extra: str) -> dict:
        capsys.readouterr()
        cli.main(["check", "--config", str(config), "--drop", str(drop), "--data", str(data),
                  "--at", at_text, "--format", "json", *extra])  # fmt: skip
        return json.loads(capsys.readouterr().out)

    # Each day's pull overwrites the same file name (as a scheduled export does): the week
    # is only whole in the history.
    for day, handled, avg in ((23, 4, 10.0), (24, 3, 12.0)):
        (drop / "dashboard.csv").write_text(
            DASH_HEAD + f"W1,Ana Diaz,North,Active,2026-11-{day} 16:50:00,,,3:00:00,2:15:00,"
            f"0:30:00,2026-11-{day} 17:00:00\n",
            encoding="utf-8",
        )
        (drop / "Agent_Performance.csv").write_text(
            PERF_HEAD + _perf_line(day, 9, handled, avg), encoding="utf-8"
        )
        # No Export Time column: the file's time says when it was pulled.
        pulled = datetime(2026, 11, day, 17).timestamp()
        os.utime(drop / "Agent_Performance.csv", (pulled, pulled))
        day_result = check(f"2026-11-{day} 17:00")
        assert day_result["errors"] == []
        assert day_result["workers"][0]["metrics"]["calls_handled"] == handled
    # Wednesday: a weekly pull repeating both days, and today's first call.
    (drop / "Agent_Performance.csv").write_text(
        PERF_HEAD + _perf_line(23, 9, 4, 10.0) + _perf_line(24, 9, 3, 12.0)
        + _perf_line(25, 9, 5, 20.0),
        encoding="utf-8",
    )  # fmt: skip
    pulled = datetime(2026, 11, 25, 16).timestamp()
    os.utime(drop / "Agent_Performance.csv", (pulled, pulled))
    week = check("2026-11-25 17:00", "--period", "week")
    m = week["workers"][0]["metrics"]
    # 4 + 3 + 5 = 12 calls; (40 + 36 + 100) / 12 = 14.67 > 14: LONG_HANDLE over the week.
    assert m["calls_handled"] == 12
    assert m["avg_handle_minutes"] == pytest.approx(176 / 12, abs=0.01)
    calls = [f for f in week["workers"][0]["flags"] if f["check"].endswith("_HANDLE")]
    assert [(f["check"], f["expected"]) for f in calls] == [("LONG_HANDLE", 9.0)]

    # `report worker` over the week shows the same calls, judged out of range.
    capsys.readouterr()
    assert cli.main(["report", "worker", "W1", "--config", str(config), "--drop", str(drop),
                     "--data", str(data), "--at", "2026-11-25 17:00", "--period", "week",
                     "--format", "md"]) == 0  # fmt: skip
    report = capsys.readouterr().out
    cells = {
        line.split("|")[1].strip(): [c.strip() for c in line.split("|")[2:-1]]
        for line in report.splitlines()
        if line.startswith("| ")
    }
    assert cells["Calls handled"][0] == "12"
    assert cells["Mean handle minutes"] == ["14.7", "9 ± 5", "no"]
