"""A simulated floor's staff changes (`FloorSpec.turnover_on`): a leaver, a part-time
starter, supervisors and a support officer, consistent between roster and exports."""

from __future__ import annotations

from datetime import date, time, timedelta
from pathlib import Path

import polars as pl
import pytest

from floorwatch.settings import load_config
from floorwatch.simulate import FloorSpec, write_config, write_day
from floorwatch.simulate.absence import plant_absence
from floorwatch.simulate.departures import departed
from floorwatch.simulate.people import turnover

TODAY = date(2026, 11, 20)  # a Friday
SPEC = FloorSpec(seed=7, teams=4, size=10, turnover_on=TODAY)


def _on_the_dashboard(folder: Path, day: date) -> set[str]:
    write_day(folder, SPEC, day, until=time(16, 30))
    board = pl.read_csv(folder / "dashboard.csv", infer_schema=False)
    return set(board.filter(pl.col("Logged In") != "0:00:00")["Worker ID"].to_list())


def test_the_leaver_and_the_starter_are_dated_around_the_day(tmp_path: Path) -> None:
    moves = turnover(SPEC)
    assert moves.last_day == date(2026, 10, 30)  # the Friday three weeks before
    assert moves.start_date == date(2026, 11, 9)  # the Monday of the week before
    assert moves.leaver and moves.starter and moves.leaver != moves.starter
    # Neither is one of the absences (their days are their own).
    assert not {moves.leaver, moves.starter} & set(vars(plant_absence(SPEC)).values())
    at_work = _on_the_dashboard(tmp_path, moves.last_day)
    assert moves.leaver in at_work and moves.starter not in at_work
    after = _on_the_dashboard(tmp_path, moves.last_day + timedelta(days=3))
    assert moves.leaver not in after and moves.starter not in after
    started = _on_the_dashboard(tmp_path, moves.start_date)
    assert moves.leaver not in started and moves.starter in started


def test_the_roster_says_it_with_roles_and_fte(tmp_path: Path) -> None:
    moves = turnover(SPEC)
    config = load_config(write_config(tmp_path, SPEC, today=TODAY))
    assert config.roster_errors == ()
    roster = config.roster
    leaver = roster.filter(worker_id=moves.leaver).row(0, named=True)
    starter = roster.filter(worker_id=moves.starter).row(0, named=True)
    assert leaver["last_day"] == moves.last_day
    assert (starter["start_date"], starter["fte"]) == (moves.start_date, 0.6)
    # FTE blank is 1.0: only the starter (0.6) and the Mon-Thu part-timer (0.8) say one.
    fte = roster.group_by("role").agg(pl.len(), pl.col("fte").fill_null(1.0).sum()).sort("role")
    assert fte["role"].to_list() == ["Front line", "Supervisor", "Support"]
    # The floor's 40, and the caseworker who has left (simulate/departures.py, FTE blank).
    gone = 1 if departed(SPEC) is not None else 0
    assert fte["len"].to_list() == [40 + gone, 4, 1]
    assert fte["fte"].to_list() == pytest.approx([38 + gone + 0.6 + 0.8, 4.0, 0.5])


def test_a_floor_without_the_day_keeps_its_people(tmp_path: Path) -> None:
    plain = FloorSpec(seed=7, teams=4, size=10)
    assert turnover(plain).leaver is None and turnover(plain).staff == ()
    roster = load_config(write_config(tmp_path, plain, today=TODAY)).roster
    # Only the floor's 40 (and the caseworker who has left, on a floor with room for one).
    gone = 1 if departed(plain) is not None else 0
    assert set(roster["role"].to_list()) == {"Front line"} and roster.height == 40 + gone


def test_simulate_says_who_left_and_who_started(tmp_path: Path, capsys) -> None:
    from floorwatch import cli

    assert cli.main(["simulate", str(tmp_path), "--date", "2026-11-20", "--no-calls"]) == 0
    moves = turnover(SPEC)
    out = capsys.readouterr().out
    assert f"staff: leaver {moves.leaver} (Last Day 2026-10-30), starter {moves.starter}" in out
    assert "(from 2026-11-09, FTE 0.6), 5 supervisors and support staff" in out
