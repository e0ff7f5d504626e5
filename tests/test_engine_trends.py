"""Trend or one-time (spec/kpis.md): in the engine with a RunHistory, and through the store."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from pathlib import Path
from types import MappingProxyType

import polars as pl
import pytest
from engine_helpers import act, dash, export, floor, roster

from floorwatch.engine import CheckResult, Flag, RunHistory, evaluate
from floorwatch.engine.trends import PAST_FLAG_SCHEMA
from floorwatch.ingest import LoadedExport, load_export_bytes
from floorwatch.service import CheckRequest, run_check
from floorwatch.settings import QSA, ColumnMap, Config, Settings
from floorwatch.store import RUN_FLAG_SCHEMA, HistoryStore, RunRecord

T = datetime(2026, 11, 25, 10, 0)
D = T.date()
QSA_TIMES = QSA(task_types=MappingProxyType({"Renewal": 18.0, "Application": 32.0}))


def ago(n: int) -> date:
    return D - timedelta(days=n)


def history(days: list[date], flagged: list[tuple[date, str, str, str | None]]) -> RunHistory:
    """Run days and (day, worker, check, subject) flags of those runs."""
    frame = pl.DataFrame(
        [{"day": d, "worker_id": w, "check": c, "subject": s} for d, w, c, s in flagged],
        schema=PAST_FLAG_SCHEMA,
        orient="row",
    )
    return RunHistory(days=tuple(sorted(set(days))), flags=frame)


def evaluate_with(past: RunHistory, settings: Settings | None = None) -> CheckResult:
    """W1: low utilization (20%) and Renewal transactions of 40 minutes, as of T."""
    d = export("dashboard", [dash("W1", 100, 20, 0, status_start=datetime(2026, 11, 25, 8))], T)
    starts = [datetime(2026, 11, 25, 8) + timedelta(minutes=10 * i) for i in range(3)]
    rows = [act("W1", f"T{i}", s, s + timedelta(minutes=40)) for i, s in enumerate(starts)]
    a = export("actions", rows, T)
    return evaluate(
        floor(("dashboard", d), ("actions", a)),
        settings or Settings(qsa=QSA_TIMES),
        roster(),
        as_of=T,
        period_kind="day",
        history=past,
    )


def flag(result: CheckResult, check: str, worker_id: str = "W1") -> Flag:
    w = result.worker(worker_id)
    assert w is not None
    (f,) = [f for f in w.flags if f.check == check]
    return f


def test_no_history_is_one_time_with_today_as_the_only_day() -> None:
    f = flag(evaluate_with(RunHistory()), "LOW_UTILIZATION")
    assert (f.pattern, f.trend_days) == ("one-time", (D,))


@pytest.mark.parametrize("none_subject", ["", None])
def test_three_days_in_the_window_make_a_trend(none_subject: str | None) -> None:
    past = history(
        [ago(2), ago(1)],
        [(ago(2), "W1", "LOW_UTILIZATION", none_subject), (ago(1), "W1", "LOW_UTILIZATION", "")],
    )
    f = flag(evaluate_with(past), "LOW_UTILIZATION")
    assert f.pattern == "trend"
    assert f.trend_days == (ago(2), ago(1), D)


def test_two_days_are_one_time() -> None:
    past = history([ago(2), ago(1)], [(ago(1), "W1", "LOW_UTILIZATION", "")])
    f = flag(evaluate_with(past), "LOW_UTILIZATION")
    assert (f.pattern, f.trend_days) == ("one-time", (ago(1), D))


def test_window_is_the_last_distinct_run_days_not_calendar_days() -> None:
    run_days = [ago(20), ago(12), ago(9), ago(5), ago(3), ago(1)]
    # Window (5 days, today included): ago(9), ago(5), ago(3), ago(1), today.
    old = [(ago(20), "W1", "LOW_UTILIZATION", ""), (ago(12), "W1", "LOW_UTILIZATION", "")]
    in_window = [(ago(9), "W1", "LOW_UTILIZATION", "")]
    f = flag(evaluate_with(history(run_days, old + in_window)), "LOW_UTILIZATION")
    assert (f.pattern, f.trend_days) == ("one-time", (ago(9), D))
    more = [*in_window, (ago(5), "W1", "LOW_UTILIZATION", "")]
    f = flag(evaluate_with(history(run_days, old + more)), "LOW_UTILIZATION")
    assert (f.pattern, f.trend_days) == ("trend", (ago(9), ago(5), D))


@pytest.mark.parametrize(("window", "pattern"), [(3, "one-time"), (4, "trend")])
def test_run_days_without_the_flag_push_older_days_out(window: int, pattern: str) -> None:
    past = history(
        [ago(3), ago(2), ago(1)],
        [(ago(3), "W1", "LOW_UTILIZATION", ""), (ago(3), "W2", "LOW_UTILIZATION", "")],
    )
    settings = Settings(qsa=QSA_TIMES, trend_window_days=window, trend_min_days=2)
    assert flag(evaluate_with(past, settings), "LOW_UTILIZATION").pattern == pattern


def test_days_after_today_do_not_count() -> None:
    past = history(
        [ago(1), D + timedelta(days=1), D + timedelta(days=2)],
        [
            (ago(1), "W1", "LOW_UTILIZATION", ""),
            (D + timedelta(days=1), "W1", "LOW_UTILIZATION", ""),
            (D + timedelta(days=2), "W1", "LOW_UTILIZATION", ""),
        ],
    )
    f = flag(evaluate_with(past), "LOW_UTILIZATION")
    assert (f.pattern, f.trend_days) == ("one-time", (ago(1), D))


def test_subject_and_worker_must_match() -> None:
    days = [ago(2), ago(1)]
    past = history(
        days,
        [
            (ago(2), "W1", "LONG_TXN", "Application"),
            (ago(1), "W1", "LONG_TXN", "Application"),
            (ago(2), "W2", "LONG_TXN", "Renewal"),
            (ago(1), "W2", "LONG_TXN", "Renewal"),
            (ago(2), "W1", "SHORT_TXN", "Renewal"),
            (ago(1), "W1", "SHORT_TXN", "Renewal"),
        ],
    )
    f = flag(evaluate_with(past), "LONG_TXN")
    assert f.subject == "Renewal"
    assert (f.pattern, f.trend_days) == ("one-time", (D,))
    same = history(
        days, [(ago(2), "W1", "LONG_TXN", "Renewal"), (ago(1), "W1", "LONG_TXN", "Renewal")]
    )
    assert flag(evaluate_with(same), "LONG_TXN").pattern == "trend"


def test_trend_min_days_setting_is_used() -> None:
    settings = Settings(qsa=QSA_TIMES, trend_min_days=1)
    assert flag(evaluate_with(RunHistory(), settings), "LOW_UTILIZATION").pattern == "trend"


# -- through the store and the service ---------------------------------------------------------

DASHBOARD_CSV = (
    "Worker ID,Worker Name,Team,Status,Status Start,Task Type,Task ID,Logged In,Active,Idle,"
    "Export Time\n"
    "W1,Ana Diaz,North,Active,2026-11-25 08:00:00,,,100,20,0,2026-11-25 10:00:00\n"
)


def store_day(store: HistoryStore, as_of: datetime, active: int = 80) -> None:
    """A dashboard export of `as_of` in the history: the day has data (v2: a trend's window
    is made of days with data). W1 at `active` % utilization (80: in range)."""
    # The status starts that morning: a row from after its export is refused (v2).
    text = DASHBOARD_CSV.replace(",100,20,0,2026-11-25 10:00:00", f",100,{active},0,{as_of}")
    text = text.replace("2026-11-25 08:00:00", f"{as_of:%Y-%m-%d} 08:00:00")
    name = f"dashboard_{as_of:%Y-%m-%d_%H%M}.csv"
    export = load_export_bytes(name, text.encode(), ColumnMap(), as_of)
    assert isinstance(export, LoadedExport)
    store.add_export(export)


def record(
    store: HistoryStore, as_of: datetime, flags: list[tuple[str, str, str]], kind: str = "day"
) -> None:
    """A recorded run with these flags, on a day with data."""
    store_day(store, as_of)
    frame = pl.DataFrame(
        [
            {
                "worker_id": w,
                "check": c,
                "subject": s,
                "value": 1.0,
                "expected": 1.0,
                "pattern": "one-time",
            }
            for w, c, s in flags
        ],
        schema=RUN_FLAG_SCHEMA,
        orient="row",
    )
    store.record_run(
        RunRecord(
            run_id=f"r{as_of:%Y%m%d%H%M%S}{kind}",
            as_of=as_of,
            period_kind=kind,
            recorded_at=as_of,
            by="test",
            trigger="test",
            flags=frame,
        )
    )


def check(tmp_path: Path, at: datetime | None = None, record_run: bool = True) -> CheckResult:
    drop = tmp_path / "drop"
    drop.mkdir(exist_ok=True)
    (drop / "dashboard.csv").write_text(DASHBOARD_CSV, encoding="utf-8")
    return run_check(
        CheckRequest(
            config=Config(folder=None),
            drop_dir=drop,
            data_dir=tmp_path / "data",
            at=at,
            record_run=record_run,
            store_exports=record_run,
        )
    )


def low_util(day: date, hh: int = 10) -> tuple[datetime, list[tuple[str, str, str]]]:
    return datetime.combine(day, time(hh)), [("W1", "LOW_UTILIZATION", "")]


def test_service_trend_from_recorded_runs(tmp_path: Path) -> None:
    store = HistoryStore(tmp_path / "data")
    store.open_for_writing()
    record(store, *low_util(ago(2)))
    # ago(1): one run without the flag and one with it: the day counts.
    record(store, datetime.combine(ago(1), time(9)), [])
    record(store, *low_util(ago(1), 15))
    f = flag(check(tmp_path), "LOW_UTILIZATION")
    assert (f.pattern, f.trend_days) == ("trend", (ago(2), ago(1), D))


def test_service_ignores_runs_after_the_as_of_and_other_period_kinds(tmp_path: Path) -> None:
    store = HistoryStore(tmp_path / "data")
    store.open_for_writing()
    record(store, *low_util(ago(1)))
    record(store, *low_util(D + timedelta(days=1)))
    record(store, *low_util(D + timedelta(days=2)))
    record(store, *low_util(ago(2)), kind="week")
    record(store, *low_util(ago(3)), kind="month")
    f = flag(check(tmp_path, at=T), "LOW_UTILIZATION")
    assert (f.pattern, f.trend_days) == ("one-time", (ago(1), D))


def test_service_records_the_run_and_the_next_days_count_it(tmp_path: Path) -> None:
    store = HistoryStore(tmp_path / "data")
    store.open_for_writing()
    record(store, *low_util(ago(2)))
    first = flag(check(tmp_path), "LOW_UTILIZATION")
    assert first.pattern == "one-time"
    runs = [r for r in HistoryStore(tmp_path / "data").runs(day=D, period_kind="day")]
    assert len(runs) == 1
    assert runs[0].as_of == T
    stored = runs[0].flags.filter(pl.col("check") == "LOW_UTILIZATION")
    assert stored.select("worker_id", "subject", "pattern").rows() == [("W1", "", "one-time")]
    # As of the same moment again: the recorded run is today's, nothing more.
    assert flag(check(tmp_path), "LOW_UTILIZATION").trend_days == (ago(2), D)


def test_no_record_run_counts_for_its_own_flags_but_is_not_stored(tmp_path: Path) -> None:
    store = HistoryStore(tmp_path / "data")
    store.open_for_writing()
    record(store, *low_util(ago(2)))
    record(store, *low_util(ago(1)))
    f = flag(check(tmp_path, record_run=False), "LOW_UTILIZATION")
    assert (f.pattern, f.trend_days) == ("trend", (ago(2), ago(1), D))
    assert HistoryStore(tmp_path / "data").runs(day=D) == []
