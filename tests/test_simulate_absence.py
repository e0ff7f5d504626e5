"""The simulated floor's absences, read back from its files and judged by a real check."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from pathlib import Path

import polars as pl
import pytest

from floorwatch.engine import CheckResult
from floorwatch.service import CheckRequest, run_check
from floorwatch.settings import load_config
from floorwatch.simulate import FloorSpec, plant, write_config, write_day
from floorwatch.simulate.absence import annual_on, plant_absence, sick_on
from floorwatch.simulate.departures import departed
from floorwatch.simulate.history import fill_history, weeks_before

SPEC = FloorSpec(seed=7, teams=4, size=10)
FRIDAY = date(2026, 11, 20)
AWAY = plant_absence(SPEC)


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Friday 2026-11-20 at 11:00, with the week before it in the history."""
    folder = tmp_path_factory.mktemp("absence")
    config = load_config(write_config(folder, SPEC, today=FRIDAY, clock="exports"))
    fill_history(folder / "history", SPEC, config, weeks_before(FRIDAY, 1))
    write_day(folder, SPEC, FRIDAY, until=time(11, 0))
    return folder


def check(site: Path, period: str = "day") -> CheckResult:
    return run_check(
        CheckRequest(
            config=load_config(site / "config"),
            drop_dir=site,
            data_dir=site / "history",
            at=datetime.combine(FRIDAY, time(11)),
            period=period,  # type: ignore[arg-type]
            store_exports=False,
            record_run=False,
            keep_summaries=False,
        )
    )


def test_everyone_is_someone_else() -> None:
    people = [AWAY.away, AWAY.sick, AWAY.annual, AWAY.no_show, AWAY.four_day]
    assert None not in people and len(set(people)) == 5
    planted = plant(SPEC)
    assert not set(people) & {planted.late_login, planted.resigning, planted.old_paused}


def test_roster_and_leave_files(site: Path) -> None:
    config = load_config(site / "config")
    assert config.roster_errors == ()
    assert config.settings.clock == "exports"
    roster = config.roster
    four = roster.filter(worker_id=AWAY.four_day).row(0, named=True)
    assert (four["work_days"], four["fte"]) == ([0, 1, 2, 3], 0.8)
    assert set(roster["role"].to_list()) == {"Front line"}
    kinds = dict(config.leave.group_by("worker_id").agg(pl.col("type").first()).iter_rows())
    gone = departed(SPEC).worker_id  # on leave up to their Last Day (departures.py)
    assert kinds == {
        AWAY.away: "Parental", AWAY.sick: "Sick", AWAY.annual: "Annual", gone: "Notice"
    }  # fmt: skip
    # Every sick day of the window is a one-day row, and none is after the day written.
    sick = config.leave.filter(worker_id=AWAY.sick)
    assert (sick["from"] == sick["to"]).all() and sick["to"].max() <= FRIDAY
    assert all(sick_on(d) for d in sick["from"].to_list())


def test_the_absent_are_not_logged_in_on_fridays_exports(site: Path) -> None:
    board = pl.read_csv(site / "dashboard.csv", infer_schema=False)
    logged = dict(board.select("Worker ID", "Logged In").iter_rows())
    absent = {AWAY.away, AWAY.no_show, AWAY.four_day}
    for worker_id in absent:
        assert logged[worker_id] == "0:00:00"
    assert sum(v != "0:00:00" for v in logged.values()) == 40 - len(absent) - sick_on(
        FRIDAY
    ) - annual_on(FRIDAY)


def test_the_day_check_flags_the_no_show_alone(site: Path) -> None:
    result = check(site)
    not_in = {w.worker_id for w in result.workers for f in w.flags if f.check == "NOT_LOGGED_IN"}
    assert not_in == {AWAY.no_show}
    four = result.worker(AWAY.four_day)
    assert four is not None and four.flags == () and four.metrics.scheduled_days == 0
    away = result.worker(AWAY.away)
    assert away is not None and away.flags == () and away.metrics.scheduled_days == 0
    assert sum(t.not_logged_in for t in result.teams) == 1
    assert (result.data_as_of, result.stale) == (datetime.combine(FRIDAY, time(11)), False)


def test_the_week_counts_absent_days(site: Path) -> None:
    result = check(site, "week")
    assert result.missing_days == ()
    monday = FRIDAY - timedelta(days=4)
    past = [monday + timedelta(days=i) for i in range(4)]
    no_show = result.worker(AWAY.no_show)
    assert no_show is not None
    assert (no_show.metrics.scheduled_days, no_show.metrics.absent_days) == (5, 4)
    four = result.worker(AWAY.four_day)
    assert four is not None
    assert (four.metrics.scheduled_days, four.metrics.absent_days) == (4, 0)
    sick = result.worker(AWAY.sick)
    assert sick is not None and sick.metrics.absent_days == sum(sick_on(d) for d in past)
    annual = result.worker(AWAY.annual)
    assert annual is not None
    assert annual.metrics.scheduled_days == 5 - sum(annual_on(d) for d in [*past, FRIDAY])
