"""Trends from the history (spec v2, item 7): a day without a recorded run is judged by a
check as of its newest dashboard or actions export, which judges no live check."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from test_engine_trends import DASHBOARD_CSV, record, store_day
from test_engine_trends import check as trend_check

from floorwatch.engine import CheckResult, Flag
from floorwatch.ingest import LoadedExport, load_export_bytes
from floorwatch.service import CheckRequest, run_check, trend_days
from floorwatch.settings import ColumnMap, Config
from floorwatch.store import HistoryStore

#: Wednesday 25 Nov 10:00; W1 runs at 20 % utilization today (DASHBOARD_CSV).
T = datetime(2026, 11, 25, 10, 0)


def day(d: int, hh: int = 16) -> datetime:
    return datetime(2026, 11, d, hh)


def flag(result: CheckResult, code: str) -> Flag | None:
    w = result.worker("W1")
    assert w is not None
    return next((f for f in w.flags if f.check == code), None)


def check(tmp_path) -> CheckResult:
    """Today's check as of T (not recorded): W1 at 20 % utilization."""
    return trend_check(tmp_path, at=T, record_run=False)


def history(tmp_path) -> HistoryStore:
    store = HistoryStore(tmp_path / "data")
    store.open_for_writing()
    return store


@pytest.fixture(autouse=True)
def _forget() -> None:
    trend_days._judged.clear()  # each test judges its own days


def test_days_without_runs_are_judged_from_their_exports(tmp_path) -> None:
    # Mon 23 and Tue 24: dashboard exports only, W1 at 20 % (< 70): LOW_UTILIZATION
    # each day, no run recorded. With today: 3 days -> a trend (v1: one-time).
    store = history(tmp_path)
    store_day(store, day(23), active=20)
    store_day(store, day(24), active=20)
    f = flag(check(tmp_path), "LOW_UTILIZATION")
    assert f is not None
    assert (f.pattern, f.trend_days) == (
        "trend",
        (date(2026, 11, 23), date(2026, 11, 24), T.date()),
    )


def test_the_newest_export_of_the_day_decides_and_in_range_days_do_not_count(tmp_path) -> None:
    # Mon: 20 % at 09:00 but 80 % at 16:00 (the newest): not flagged. Tue: 20 %.
    # Fri 20 (last week): 20 %. The window holds Fri, Mon, Tue, Wed: raised on 3 days.
    store = history(tmp_path)
    store_day(store, day(20), active=20)
    store_day(store, day(23, 9), active=20)
    store_day(store, day(23), active=80)
    store_day(store, day(24), active=20)
    f = flag(check(tmp_path), "LOW_UTILIZATION")
    assert f is not None
    assert f.trend_days == (date(2026, 11, 20), date(2026, 11, 24), T.date())
    assert f.pattern == "trend"


def test_the_window_is_the_last_days_with_data(tmp_path) -> None:
    # Five days with data before today, flagged on the oldest two only: the window (5 days,
    # today's included) drops the oldest, so 1 old day + today = 2 < 3: one-time.
    store = history(tmp_path)
    for d, active in ((17, 20), (18, 20), (19, 80), (20, 80), (23, 80), (24, 80)):
        store_day(store, day(d), active=active)
    f = flag(check(tmp_path), "LOW_UTILIZATION")
    assert f is not None
    assert (f.pattern, f.trend_days) == ("one-time", (T.date(),))


def test_a_recorded_run_decides_its_day_over_the_exports(tmp_path) -> None:
    # Tue 24's exports say 20 % but a run recorded that day raised nothing: the day does
    # not count. Mon 23 is backfilled (20 %): raised. Mon + today = 2: one-time.
    store = history(tmp_path)
    store_day(store, day(23), active=20)
    store_day(store, day(24), active=20)
    record(store, day(24, 17), [])
    f = flag(check(tmp_path), "LOW_UTILIZATION")
    assert f is not None
    assert (f.pattern, f.trend_days) == ("one-time", (date(2026, 11, 23), T.date()))


def test_a_backfilled_day_judges_no_live_check(tmp_path) -> None:
    # W1 Idle since 08:00 in Mon's and Tue's 16:00 exports: IDLE_NOW in a check as of
    # them, but a backfilled day judges no live check. Today's IDLE_NOW stays one-time.
    store = history(tmp_path)
    for d in (23, 24):
        text = DASHBOARD_CSV.replace(
            "Active,2026-11-25 08:00:00", f"Idle,2026-11-{d} 08:00:00"
        ).replace(",100,20,0,2026-11-25 10:00:00", f",100,80,0,2026-11-{d} 16:00:00")
        export = load_export_bytes(f"dashboard_2026-11-{d}_1600.csv", text.encode(), ColumnMap(),
                                   day(d))  # fmt: skip
        assert isinstance(export, LoadedExport)
        store.add_export(export)
    drop = tmp_path / "drop"
    drop.mkdir()
    (drop / "dashboard.csv").write_text(
        DASHBOARD_CSV.replace("Active,2026-11-25 08:00:00", "Idle,2026-11-25 09:00:00"),
        encoding="utf-8",
    )
    result = run_check(
        CheckRequest(config=Config(folder=None), drop_dir=drop, data_dir=tmp_path / "data", at=T)
    )
    f = flag(result, "IDLE_NOW")
    assert f is not None
    assert (f.pattern, f.trend_days) == ("one-time", (T.date(),))


def test_a_backfilled_answer_is_kept_and_read_again(tmp_path) -> None:
    store = history(tmp_path)
    store_day(store, day(23), active=20)
    store_day(store, day(24), active=20)
    first = flag(check(tmp_path), "LOW_UTILIZATION")
    trend_days._judged.clear()  # a new process: only the store remembers

    def never(_moment: datetime):
        raise AssertionError("judged again although the answer is kept")

    store = HistoryStore(tmp_path / "data")
    kept = trend_days.run_history(
        store, store.exports(), "day", T, Config(folder=None), never, keep=True
    )
    assert sorted(set(kept.flags["day"].to_list())) == [date(2026, 11, 23), date(2026, 11, 24)]
    assert first is not None and first.pattern == "trend"


def test_week_trend_backfills_week_checks(tmp_path) -> None:
    # A week check as of Mon's and Tue's exports: W1's week utilization is 20 % each time.
    store = history(tmp_path)
    store_day(store, day(23), active=20)
    store_day(store, day(24), active=20)
    drop = tmp_path / "drop"
    drop.mkdir()
    (drop / "dashboard.csv").write_text(DASHBOARD_CSV, encoding="utf-8")
    week = run_check(
        CheckRequest(
            config=Config(folder=None),
            drop_dir=drop,
            data_dir=tmp_path / "data",
            at=T,
            period="week",
            record_run=False,
        )
    )
    f = flag(week, "LOW_UTILIZATION")
    assert f is not None and f.pattern == "trend"
    assert f.trend_days == (date(2026, 11, 23), date(2026, 11, 24), T.date())


def test_a_past_day_that_cannot_be_judged_is_an_error_not_a_failed_run(tmp_path) -> None:
    # Monday's stored export is broken on disk: Monday counts as raising nothing, the
    # run says why, and today's check still runs (Tue + today = 2 days: one-time).
    store = history(tmp_path)
    store_day(store, day(23), active=20)
    store_day(store, day(24), active=20)
    (monday,) = [e for e in store.exports() if e.export_time.date() == date(2026, 11, 23)]
    monday.path.write_bytes(b"not parquet")
    result = check(tmp_path)
    f = flag(result, "LOW_UTILIZATION")
    assert f is not None
    assert (f.pattern, f.trend_days) == ("one-time", (date(2026, 11, 24), T.date()))
    (error,) = [e for e in result.errors if e.file.startswith("trend day")]
    assert error.file == "trend day 2026-11-23"
    assert "counts as raising no flag" in error.error
