"""Day summaries: a week or month adds finished days' counts instead of their rows, and
no number changes.

The reference is the same exports in a store checked with `keep_summaries=False`, so it
never has a summary; every check is compared as its whole JSON, and the drilldown rows
as a sorted frame.
"""

from __future__ import annotations

import shutil
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any

import polars as pl
import pytest
from polars.testing import assert_frame_equal

from floorwatch.engine import CheckResult, FloorData
from floorwatch.engine.result import Period
from floorwatch.engine.series import DailySeries, daily_series
from floorwatch.engine.summary import ActionSummary
from floorwatch.ingest import load_export_bytes
from floorwatch.output.json_form import result_dict
from floorwatch.service import CheckRequest, run_check
from floorwatch.service.stored import stored_rows
from floorwatch.service.summaries import action_summaries, outside_summaries
from floorwatch.settings import Config, load_config
from floorwatch.simulate import FloorSpec, write_config
from floorwatch.simulate.files import END_OF_DAY, day_exports, write_month
from floorwatch.simulate.pulls import PULL_SHAPES, write_pulls
from floorwatch.store import HistoryStore, StoredExport

SPEC = FloorSpec(seed=5, teams=2, size=6)
#: Mon 16 .. Fri 20 November, then Monday 23 (a new week, the same month).
DAYS = [date(2026, 11, 16) + timedelta(days=i) for i in range(5)] + [date(2026, 11, 23)]
HEAD = "Worker ID,Worker Name,Team,Task ID,Task Type,Queue,Start,End,Outcome,Source,Export Time"


def _store(config: Config, folder: Path, name: str, data: bytes, exported: datetime) -> None:
    loaded = load_export_bytes(name, data, config.columns, exported)
    assert not isinstance(loaded, Exception)
    HistoryStore(folder).add_export(loaded)


def _floor(root: Path) -> tuple[Config, Path]:
    """Each day's end-of-day exports, and a midday refresh of each day, in one store."""
    config = load_config(write_config(root, SPEC, today=DAYS[-1]))
    data = root / "history"
    HistoryStore(data).open_for_writing()
    for day in DAYS:
        for until in (time(12, 0), END_OF_DAY):
            exported = datetime.combine(day, until)
            for name, payload in day_exports(SPEC, day, until).items():
                _store(config, data, name, payload, exported)
    return config, data


def _result(config: Config, data: Path, *, keep: bool, **request: Any) -> CheckResult:
    return run_check(
        CheckRequest(
            config,
            None,
            data,
            store_exports=False,
            record_run=False,
            keep_summaries=keep,
            **request,
        )
    )


def _same(config: Config, data: Path, reference: Path, **request: Any) -> CheckResult:
    """The check with summaries; asserts it equals the reference, rows included."""
    got = _result(config, data, keep=True, **request)
    _assert_same(got, _result(config, reference, keep=False, **request))
    return got


def _assert_same(got: CheckResult, want: CheckResult) -> None:
    assert result_dict(got) == result_dict(want)
    _assert_same_rows(got.actions.frame(), want.actions.frame())


def _assert_same_rows(mine: pl.DataFrame, theirs: pl.DataFrame) -> None:
    """The same rows in any order. Sorted by every column, so rows tied on (worker, task,
    start) cannot swap; minutes may differ in the last bit between two evaluation plans
    of the same division (seen: 8.233333333333334 vs ...333), so floats are compared to
    a relative 1e-12, far below any figure shown (the JSON above is compared exactly)."""
    key = [
        "worker_id",
        "task_id",
        "start",
        *(c for c in mine.columns if c not in ("worker_id", "task_id", "start")),
    ]
    assert_frame_equal(
        mine.sort(key), theirs.sort(key), check_exact=False, rel_tol=1e-12, abs_tol=0.0
    )


@pytest.fixture
def floor(tmp_path: Path) -> tuple[Config, Path, Path]:
    config, data = _floor(tmp_path / "live")
    reference = tmp_path / "reference"
    shutil.copytree(data, reference)
    return config, data, reference


def _summarised_days(data: Path) -> set[date]:
    folder = data / "summaries" / "kind=actions"
    if not folder.is_dir():
        return set()
    return {date.fromisoformat(p.name.removeprefix("day=")) for p in folder.iterdir()}


def test_a_month_adds_each_finished_day_once_and_reads_only_today(
    floor: tuple[Config, Path, Path],
) -> None:
    config, data, reference = floor
    as_of = datetime.combine(DAYS[-1], END_OF_DAY)
    result = _same(config, data, reference, at=as_of, period="month")
    assert _summarised_days(data) == set(DAYS[:-1])
    assert not _summarised_days(reference)
    # Only the as-of's day was read as rows; the other days come from the history on demand.
    assert set(result.actions.recent["start"].dt.date().unique()) == {DAYS[-1]}
    assert set(result.actions.frame()["start"].dt.date().unique()) == set(DAYS)
    # A second run reads the summaries it kept, with the same numbers.
    _same(config, data, reference, at=as_of, period="month")


def test_weeks_and_earlier_moments_give_the_numbers_of_every_row(
    floor: tuple[Config, Path, Path],
) -> None:
    config, data, reference = floor
    for at in (
        datetime.combine(DAYS[-1], time(12, 0)),
        datetime.combine(DAYS[3], time(12, 0)),  # Thursday: its own day is read as rows
        datetime.combine(DAYS[4], END_OF_DAY),
        datetime.combine(DAYS[1], time(8, 0)),
    ):
        for period in ("week", "month"):
            _same(config, data, reference, at=at, period=period)


def test_one_caseworkers_rows_match_the_whole_frame(floor: tuple[Config, Path, Path]) -> None:
    config, data, _ = floor
    result = _result(
        config, data, keep=True, at=datetime.combine(DAYS[-1], END_OF_DAY), period="month"
    )
    worker = result.workers[0]
    rows = result.actions.frame().filter(pl.col("worker_id") == worker.worker_id)
    _assert_same_rows(result.actions.of_worker(worker.worker_id), rows)
    assert (
        rows.height > result.actions.recent.filter(pl.col("worker_id") == worker.worker_id).height
    )
    team = result.for_team(worker.team).actions.frame()
    assert set(team["team"]) == {worker.team}
    assert team.height == result.actions.frame().filter(pl.col("team") == worker.team).height


def _pull(rows: list[str], exported: datetime) -> bytes:
    stamp = f"{exported:%Y-%m-%d %H:%M:%S}"
    return "\n".join([HEAD, *(f"{r},{stamp}" for r in rows), ""]).encode()


def test_a_later_pull_repeating_a_finished_day_wins_over_its_summary(
    floor: tuple[Config, Path, Path],
) -> None:
    """A weekly pull on Friday re-reports Tuesday's transactions with new outcomes: the
    summaries of the days it touches are left for rows, de-duplicated with the pull."""
    config, data, reference = floor
    as_of = datetime.combine(DAYS[-1], END_OF_DAY)
    _result(config, data, keep=True, at=as_of, period="month")  # summaries made first
    tuesday = _result(config, reference, keep=False, at=as_of, period="month").actions.frame()
    tuesday = tuesday.filter(pl.col("start").dt.date() == DAYS[1]).sort("start").head(3)
    rows = [
        f"{r['worker_id']},,,{r['task_id']},{r['task_type']},,{r['start']:%Y-%m-%d %H:%M:%S},"
        f"{r['start'] + timedelta(minutes=90):%Y-%m-%d %H:%M:%S},Denied,"
        for r in tuesday.iter_rows(named=True)
    ]
    friday = datetime.combine(DAYS[4], time(17, 0))
    for folder in (data, reference):
        _store(config, folder, "weekly_actions.csv", _pull(rows, friday), friday)
    month = _same(config, data, reference, at=as_of, period="month")
    repeated = month.actions.frame().filter(pl.col("task_id").is_in(tuesday["task_id"].implode()))
    assert set(repeated["outcome"]) == {"Denied"}
    _same(config, data, reference, at=as_of, period="week")


def test_todays_pull_repeating_a_finished_day_wins_over_its_summary(
    floor: tuple[Config, Path, Path],
) -> None:
    """Today's pull (read as rows) re-reports Friday's transaction: Friday's summary is
    left for its rows, so the pull's row replaces Friday's rather than adding to it."""
    config, data, reference = floor
    as_of = datetime.combine(DAYS[-1], END_OF_DAY)
    before = _result(config, data, keep=True, at=as_of, period="month")
    friday = before.actions.frame().filter(
        pl.col("start").dt.date() == DAYS[4], pl.col("end").is_not_null()
    )
    first = friday.sort("start").row(0, named=True)
    row = (
        f"{first['worker_id']},,,{first['task_id']},{first['task_type']},,"
        f"{first['start']:%Y-%m-%d %H:%M:%S},{first['end']:%Y-%m-%d %H:%M:%S},Denied,"
    )
    monday = datetime.combine(DAYS[-1], time(13, 0))
    for folder in (data, reference):
        _store(config, folder, "actions_again.csv", _pull([row], monday), monday)
    after = _same(config, data, reference, at=as_of, period="month")
    worker = before.worker(first["worker_id"])
    again = after.worker(first["worker_id"])
    assert worker is not None and again is not None
    assert again.metrics.cases_worked == worker.metrics.cases_worked


def test_a_late_export_for_a_finished_day_makes_a_new_summary(
    floor: tuple[Config, Path, Path],
) -> None:
    config, data, reference = floor
    as_of = datetime.combine(DAYS[-1], END_OF_DAY)
    _result(config, data, keep=True, at=as_of, period="month")
    folder = data / "summaries" / "kind=actions" / f"day={DAYS[2]}"
    before = {p.name for p in folder.iterdir()}
    late = datetime.combine(DAYS[2], time(23, 0))
    row = f"W-LATE,Lee Park,North,T-LATE,Renewal,,{DAYS[2]} 18:00:00,{DAYS[2]} 18:20:00,Completed,"
    for target in (data, reference):
        _store(config, target, "late.csv", _pull([row], late), late)
    month = _same(config, data, reference, at=as_of, period="month")
    after = {p.name for p in folder.iterdir()}
    # The one before stays beside the new one: a reader may still be reading it.
    assert len(after) == 2 and before < after
    assert month.worker("W-LATE") is not None
    assert month.worker("W-LATE").metrics.cases_worked == 1
    later = late + timedelta(minutes=30)
    row = row.replace("T-LATE", "T-LATER")
    for target in (data, reference):
        _store(config, target, "later.csv", _pull([row], later), later)
    _same(config, data, reference, at=as_of, period="month")
    newest = {p.name for p in folder.iterdir()}
    assert len(newest) == 2 and not before & newest and after & newest


def test_a_check_of_the_drop_folder_alone_summarises_finished_days_in_memory(
    tmp_path: Path,
) -> None:
    """`--no-record` on a folder holding a month of exports: finished days are counted in
    memory, not kept, with the numbers of the same exports read back as rows."""
    config = load_config(write_config(tmp_path, SPEC, today=DAYS[-1]))
    drop = tmp_path / "month"
    write_month(drop, SPEC, DAYS)
    as_of = datetime.combine(DAYS[-1], END_OF_DAY)
    request = {"at": as_of, "period": "month", "record_run": False, "keep_summaries": False}
    cold = run_check(CheckRequest(config, drop, tmp_path / "none", store_exports=False, **request))
    assert not (tmp_path / "none").exists()
    assert set(cold.actions.recent["start"].dt.date().unique()) == {DAYS[-1]}
    stored = tmp_path / "stored"
    run_check(CheckRequest(config, drop, stored, store_exports=True, **request))
    _assert_same(cold, _result(config, stored, keep=False, at=as_of, period="month"))


def test_a_caseworker_named_nowhere_is_still_listed_from_a_summary(tmp_path: Path) -> None:
    """Worker Name and Team are optional: a caseworker whose only rows name neither is
    listed (Unassigned) from a summarised day as from its rows."""
    config = load_config(write_config(tmp_path, SPEC, today=DAYS[-1]))
    data, reference = tmp_path / "data", tmp_path / "reference"
    head = "Worker ID,Task ID,Task Type,Start,End,Outcome,Export Time"
    for day, worker_id in zip(DAYS[:2], ("W-ANON", "W-OTHER"), strict=True):
        exported = datetime.combine(day, END_OF_DAY)
        body = f"{worker_id},T-{day},Renewal,{day} 09:00:00,{day} 09:20:00,Completed,{exported}"
        for folder in (data, reference):
            HistoryStore(folder).open_for_writing()
            _store(config, folder, "actions.csv", f"{head}\n{body}\n".encode(), exported)
    as_of = datetime.combine(DAYS[1], END_OF_DAY)
    month = _same(config, data, reference, at=as_of, period="month")
    assert _summarised_days(data) == {DAYS[0]}
    worker = month.worker("W-ANON")  # on the summarised day only
    assert worker is not None and worker.team == "Unassigned"
    assert worker.metrics.cases_worked == 1


def test_a_summary_this_version_cannot_read_is_made_again(
    floor: tuple[Config, Path, Path],
) -> None:
    """A foreign file where a summary belongs (another version's, say) is not trusted."""
    config, data, reference = floor
    as_of = datetime.combine(DAYS[-1], END_OF_DAY)
    _result(config, data, keep=True, at=as_of, period="month")
    (path,) = (data / "summaries" / "kind=actions" / f"day={DAYS[1]}").iterdir()
    pl.DataFrame({"x": [1]}).write_parquet(path, metadata={"version": "0", "days": "[]"})
    _same(config, data, reference, at=as_of, period="month")
    assert pl.read_parquet_metadata(path)["version"] != "0"


def _series(
    data: Path, config: Config, as_of: datetime, *, summaries: bool, start: date = DAYS[0]
) -> DailySeries:
    """Trend lines from `start`, read as the Performance screen reads them."""
    store = HistoryStore(data)
    exports = [e for kind in ("dashboard", "actions") for e in store.exports(kind, until=as_of)]
    found, rest = (
        action_summaries(store, exports, as_of, keep=True, since=start)
        if summaries
        else ((), exports)
    )
    stored = [e for e in rest if isinstance(e, StoredExport)]
    frames = outside_summaries({k: [f] for k, f in stored_rows(store, stored).items()}, found)
    month = _result(config, data, keep=False, at=as_of, period="month")
    team_of = pl.DataFrame(
        [(w.worker_id, w.team) for w in month.workers], schema=["worker_id", "team"], orient="row"
    )
    floor = FloorData.from_frames(frames, (), found)
    return daily_series(floor, config.settings, config.roster, team_of, start=start, as_of=as_of)


def test_trend_lines_from_summaries_match_the_rows(floor: tuple[Config, Path, Path]) -> None:
    """Day by day per caseworker and team, with a weekly pull re-reporting a Tuesday
    transaction as longer and denied (its row must replace Tuesday's, not add to it)."""
    config, data, _ = floor
    as_of = datetime.combine(DAYS[-1], END_OF_DAY)
    rows = _result(config, data, keep=False, at=as_of, period="month").actions.frame()
    first = rows.filter(pl.col("start").dt.date() == DAYS[1]).sort("start").row(0, named=True)
    end = first["start"] + timedelta(minutes=95)
    row = (
        f"{first['worker_id']},,,{first['task_id']},{first['task_type']},,"
        f"{first['start']:%Y-%m-%d %H:%M:%S},{end:%Y-%m-%d %H:%M:%S},Denied,"
    )
    friday = datetime.combine(DAYS[4], time(17, 0))
    _store(config, data, "weekly_actions.csv", _pull([row], friday), friday)
    got = _series(data, config, as_of, summaries=True)
    want = _series(data, config, as_of, summaries=False)
    assert got.days == want.days and len(got.days) == len(DAYS)
    assert_frame_equal(got.workers, want.workers, rel_tol=1e-9)
    assert_frame_equal(got.teams, want.teams, rel_tol=1e-9)
    assert _summarised_days(data) == set(DAYS[:-1])


def test_a_summary_that_cannot_be_kept_is_still_used_for_the_run(
    floor: tuple[Config, Path, Path],
) -> None:
    """A history where summaries cannot be written (here a file stands where their folder
    goes): the run counts the days in memory and gives the same numbers."""
    config, data, reference = floor
    (data / "summaries").write_text("in the way")
    as_of = datetime.combine(DAYS[-1], END_OF_DAY)
    month = _same(config, data, reference, at=as_of, period="month")
    assert set(month.actions.recent["start"].dt.date().unique()) == {DAYS[-1]}
    assert (data / "summaries").read_text() == "in the way"


def test_a_no_record_check_leaves_the_history_untouched(
    floor: tuple[Config, Path, Path],
) -> None:
    config, data, _ = floor
    _result(config, data, keep=False, at=datetime.combine(DAYS[-1], END_OF_DAY), period="month")
    assert not _summarised_days(data)


def _summary(days: set[date], latest_end: datetime | None) -> ActionSummary:
    empty = pl.LazyFrame()
    return ActionSummary(
        start_days=frozenset(days),
        latest_start=max(datetime.combine(d, time(9)) for d in days),
        latest_end=latest_end,
        frame=empty,
        sources=pl.DataFrame(),
        rows=empty,
    )


def test_a_summary_fits_only_finished_days_of_the_period_ended_by_the_as_of() -> None:
    month = Period("month", date(2026, 11, 1), date(2026, 11, 23))
    as_of = datetime(2026, 11, 23, 10, 0)
    monday = date(2026, 11, 16)
    assert _summary({monday}, datetime(2026, 11, 16, 17)).fits(month, as_of)
    # A row ended after the as-of: its transaction does not count yet.
    assert not _summary({monday}, datetime(2026, 11, 23, 11)).fits(month, as_of)
    # The as-of's own day is still being written.
    assert not _summary({date(2026, 11, 23)}, None).fits(month, as_of)
    # A pull reaching back before the period.
    assert not _summary({date(2026, 10, 30), monday}, None).fits(month, as_of)


# -- pulls of a week or a month (issue 16: summaries by transaction day) ---------------

#: Two whole weeks and the Monday after, in one month.
PULL_DAYS = [date(2026, 11, 2) + timedelta(days=i) for i in range(12) if (i % 7) < 5] + [
    date(2026, 11, 16)
]


@pytest.fixture(params=PULL_SHAPES)
def pulled(request: pytest.FixtureRequest, tmp_path: Path) -> tuple[Config, Path, Path, str]:
    """A store that ingested the floor's exports with its actions pulled as the shape
    says, and an untouched copy of it (never summarised) for reference."""
    shape = request.param
    config = load_config(write_config(tmp_path, SPEC, today=PULL_DAYS[-1]))
    drop, data = tmp_path / "drop", tmp_path / "data"
    write_pulls(drop, SPEC, PULL_DAYS, shape)
    run_check(CheckRequest(config, drop, data, record_run=False, keep_summaries=False))
    reference = tmp_path / "reference"
    shutil.copytree(data, reference)
    return config, data, reference, shape


def test_every_pull_shape_is_summarised_by_transaction_day_with_the_same_numbers(
    pulled: tuple[Config, Path, Path, str],
) -> None:
    """Daily, weekly, one monthly pull, and a mix: a month and a week from summaries give
    the whole JSON and the drilldown rows of every row read, and only the as-of's own
    day is read as rows — however many days an export holds."""
    config, data, reference, _ = pulled
    as_of = datetime.combine(PULL_DAYS[-1], END_OF_DAY)
    month = _same(config, data, reference, at=as_of, period="month")
    assert _summarised_days(data)  # kept
    assert set(month.actions.recent["start"].dt.date().unique()) == {PULL_DAYS[-1]}
    assert set(month.actions.frame()["start"].dt.date().unique()) == set(PULL_DAYS)
    _same(config, data, reference, at=as_of, period="month")  # read back from the store
    _same(config, data, reference, at=as_of, period="week")
    friday = datetime.combine(PULL_DAYS[-2], END_OF_DAY)
    for period in ("week", "month"):
        _same(config, data, reference, at=friday, period=period)


def test_a_weekly_pull_is_summarised_and_read_by_transaction_day(tmp_path: Path) -> None:
    """A weekly pull exported on the as-of's day: its earlier days come from summaries,
    the as-of's day from its rows, with the numbers of the rows alone."""
    config = load_config(write_config(tmp_path, SPEC, today=PULL_DAYS[4]))
    drop, data = tmp_path / "drop", tmp_path / "data"
    write_pulls(drop, SPEC, PULL_DAYS[:5], "weekly")
    run_check(CheckRequest(config, drop, data, record_run=False, keep_summaries=False))
    reference = tmp_path / "reference"
    shutil.copytree(data, reference)
    as_of = datetime.combine(PULL_DAYS[4], END_OF_DAY)
    week = _same(config, data, reference, at=as_of, period="week")
    assert set(week.actions.recent["start"].dt.date().unique()) == {PULL_DAYS[4]}
    assert _summarised_days(data) == {PULL_DAYS[0]}  # one summary for Monday..Thursday


def test_trend_lines_from_every_pull_shape_match_the_rows(
    pulled: tuple[Config, Path, Path, str],
) -> None:
    """Day by day per caseworker and team, whatever the shape of the pulls."""
    config, data, _, shape = pulled
    as_of = datetime.combine(PULL_DAYS[-1], END_OF_DAY)
    got = _series(data, config, as_of, summaries=True, start=PULL_DAYS[0])
    want = _series(data, config, as_of, summaries=False, start=PULL_DAYS[0])
    assert got.days == want.days and len(got.days) == len(PULL_DAYS), shape
    assert_frame_equal(got.workers, want.workers, rel_tol=1e-9)
    assert_frame_equal(got.teams, want.teams, rel_tol=1e-9)
    assert _summarised_days(data)
