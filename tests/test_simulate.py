"""The simulated floor: deterministic, canonical, self-consistent, and planted as promised.

Everything is measured from the written CSV files with polars, never from the generator's
internals, so these tests say what a reader of the drop folder would see.
"""

from __future__ import annotations

import argparse
import csv
import io
import re
import threading
import time as wall
from datetime import date, datetime, time, timedelta
from pathlib import Path

import polars as pl
import pytest

from floorwatch.commands import simulate as simulate_command
from floorwatch.schema import ACTIONS, DASHBOARD, PAUSED
from floorwatch.simulate import (
    FloorSpec,
    LiveFloor,
    idle_long_on,
    plant,
    run_live,
    write_config,
    write_day,
    write_month,
)
from floorwatch.simulate.departures import departed

SPEC = FloorSpec(seed=7, teams=4, size=10)
IDLE_DAY = date(2026, 11, 18)  # toordinal() % 3 == 0: long_idle idles long
PLAIN_DAY = date(2026, 11, 19)
UNTIL = time(16, 30)
QSA = {"Application": 32.0, "Renewal": 18.0, "Change": 9.0, "Verification": 6.0, "Interview": 25.0}
ISO = re.compile(r"^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$")
HMS = re.compile(r"^\d+:[0-5]\d:[0-5]\d$")


def _read(path: Path) -> pl.DataFrame:
    return pl.read_csv(path, infer_schema=False)


def _dt(column: str) -> pl.Expr:
    return pl.col(column).str.to_datetime("%Y-%m-%d %H:%M:%S")


def _minutes(column: str) -> pl.Expr:
    parts = pl.col(column).str.split(":")
    return (
        parts.list.get(0).cast(pl.Int64) * 60
        + parts.list.get(1).cast(pl.Int64)
        + parts.list.get(2).cast(pl.Int64) / 60
    )


@pytest.fixture(scope="module")
def floor(tmp_path_factory: pytest.TempPathFactory) -> dict[date, Path]:
    """Two days of the default floor, each written into its own drop folder."""
    out = {}
    for day in (IDLE_DAY, PLAIN_DAY):
        folder = tmp_path_factory.mktemp(f"floor{day.day}")
        write_config(folder, SPEC, today=IDLE_DAY)
        write_day(folder, SPEC, day, until=UNTIL, snapshots=(time(11, 0),))
        out[day] = folder
    return out


def _actions(folder: Path) -> pl.DataFrame:
    return _read(folder / "caseworker_actions.csv").with_columns(
        start=_dt("Start"),
        end=_dt("End"),
        minutes=(_dt("End") - _dt("Start")).dt.total_seconds() / 60,
    )


def _dashboard(folder: Path, name: str = "dashboard.csv") -> pl.DataFrame:
    return _read(folder / name).with_columns(
        logged=_minutes("Logged In"),
        active=_minutes("Active"),
        idle=_minutes("Idle"),
        since=_dt("Status Start"),
        export=_dt("Export Time"),
    )


def _done(actions: pl.DataFrame) -> pl.DataFrame:
    return actions.filter(pl.col("End").is_not_null())


# -- determinism and format ------------------------------------------------------------


def test_same_arguments_write_identical_bytes(tmp_path: Path) -> None:
    a, b, c = tmp_path / "a", tmp_path / "b", tmp_path / "c"
    for folder in (a, b):
        write_config(folder, SPEC, today=PLAIN_DAY)
        write_day(folder, SPEC, PLAIN_DAY, until=time(13, 30), snapshots=(time(9, 0),))
    write_config(c, FloorSpec(seed=8), today=PLAIN_DAY)
    write_day(c, FloorSpec(seed=8), PLAIN_DAY, until=time(13, 30), snapshots=(time(9, 0),))
    names = sorted(p.relative_to(a) for p in a.rglob("*") if p.is_file())
    assert len(names) == 8  # 4 config files, 3 live exports, 1 snapshot
    for name in names:
        assert (a / name).read_bytes() == (b / name).read_bytes(), name
    # Another seed is another floor.
    assert (a / "caseworker_actions.csv").read_bytes() != (
        c / "caseworker_actions.csv"
    ).read_bytes()


def test_files_have_exactly_the_canonical_headers(floor: dict[date, Path]) -> None:
    folder = floor[PLAIN_DAY]
    expected = {
        "dashboard.csv": DASHBOARD,
        "dashboard_2026-11-19_1100.csv": DASHBOARD,
        "caseworker_actions.csv": ACTIONS,
        "paused_report.csv": PAUSED,
    }
    for name, kind in expected.items():
        frame = _read(folder / name)
        assert frame.columns == [c.header for c in kind.columns], name
        assert frame.height > 0, name
        for column in kind.columns:
            values = frame[column.header].drop_nulls()
            if column.type == "datetime":
                assert values.str.contains(ISO.pattern).all(), (name, column.header)
            if column.type == "duration":
                assert values.str.contains(HMS.pattern).all(), (name, column.header)
            if column.required and not column.blank_allowed:
                assert frame[column.header].null_count() == 0, (name, column.header)


def test_export_time_is_the_moment_written(floor: dict[date, Path]) -> None:
    folder = floor[PLAIN_DAY]
    for name, moment in (
        ("dashboard.csv", "2026-11-19 16:30:00"),
        ("dashboard_2026-11-19_1100.csv", "2026-11-19 11:00:00"),
        ("caseworker_actions.csv", "2026-11-19 16:30:00"),
        ("paused_report.csv", "2026-11-19 16:30:00"),
    ):
        assert _read(folder / name)["Export Time"].unique().to_list() == [moment], name


def test_config_folder_loads_and_matches_the_floor(floor: dict[date, Path]) -> None:
    from floorwatch.settings import load_config

    folder = floor[PLAIN_DAY]
    config = load_config(folder / "config")
    assert config.warnings == ()
    assert config.settings.drop_dir == folder.resolve()
    assert config.settings.data_dir == (folder / "history").resolve()
    assert dict(config.settings.qsa.task_types) == QSA
    assert "Renewals" in config.settings.qsa.queues
    roster = config.roster
    # Everyone on the floor, and the caseworker who has left (simulate/departures.py).
    assert roster.height == SPEC.teams * SPEC.size + 1
    assert sorted(roster["team"].unique()) == ["East", "North", "South", "West"]
    assert roster["coordinator"].n_unique() == 2
    assert roster["supervisor"].n_unique() == 4
    workers = set(_read(folder / "dashboard.csv")["Worker ID"])
    assert set(roster["worker_id"]) == workers | {departed(SPEC).worker_id}


# -- internal consistency --------------------------------------------------------------


@pytest.mark.parametrize("name", ["dashboard.csv", "dashboard_2026-11-19_1100.csv"])
def test_dashboard_times_add_up(floor: dict[date, Path], name: str) -> None:
    board = _dashboard(floor[PLAIN_DAY], name)
    assert board.height == SPEC.teams * SPEC.size
    assert (board["active"] + board["idle"] <= board["logged"] + 1e-9).all()
    assert (board["since"] <= board["export"]).all()
    assert set(board["Status"]) <= {"Active", "Idle", "Paused", "Away", "Logged Out"}
    assert {"Active", "Idle"} <= set(board["Status"])
    working = board.filter(pl.col("Status") == "Active")
    assert working["Task ID"].null_count() == 0
    assert board.filter(pl.col("Status") != "Active")["Task ID"].null_count() == (
        board.height - working.height
    )


def test_in_progress_rows_are_blank_and_match_the_dashboard(floor: dict[date, Path]) -> None:
    folder = floor[PLAIN_DAY]
    actions = _actions(folder)
    running = actions.filter(pl.col("End").is_null())
    assert running["Outcome"].null_count() == running.height > 0
    assert actions.filter(pl.col("End").is_not_null())["Outcome"].null_count() == 0
    assert running["Worker ID"].is_unique().all()
    assert (_done(actions)["minutes"] > 0).all()
    assert (actions["start"] <= datetime(2026, 11, 19, 16, 30)).all()
    board = _dashboard(folder).filter(pl.col("Status") == "Active")
    joined = board.join(
        running, left_on=["Worker ID", "Task ID"], right_on=["Worker ID", "Task ID"], how="left"
    )
    assert joined.height == board.height
    assert (joined["since"] == joined["start"]).all()
    assert (joined["Task Type"] == joined["Task Type_right"]).all()


def test_actions_agree_with_dashboard_active_minutes(floor: dict[date, Path]) -> None:
    folder = floor[PLAIN_DAY]
    until = datetime(2026, 11, 19, 16, 30)
    actions = _actions(folder).with_columns(
        worked=(pl.col("end").fill_null(until) - pl.col("start")).dt.total_seconds() / 60
    )
    per_worker = actions.group_by("Worker ID").agg(pl.col("worked").sum())
    board = _dashboard(folder).join(per_worker, on="Worker ID")
    # The stuck caseworker's open task runs on after logout; everyone else matches.
    normal = board.filter(pl.col("Worker ID") != plant(SPEC).stuck_on_task)
    assert ((normal["active"] - normal["worked"]).abs() < 0.02).all()


def test_paused_report_is_consistent_with_actions(floor: dict[date, Path]) -> None:
    folder = floor[PLAIN_DAY]
    paused = _read(folder / "paused_report.csv").with_columns(at=_dt("Paused At"))
    assert paused["Task ID"].is_unique().all()
    assert (paused["at"] <= datetime(2026, 11, 19, 16, 30)).all()
    today = _actions(folder).filter(pl.col("Outcome") == "Paused")
    assert set(today["Task ID"]) <= set(paused["Task ID"])


# -- normal and planted caseworkers, measured from the files ---------------------------


def _by_worker(folder: Path) -> pl.DataFrame:
    done = _done(_actions(folder))
    return done.group_by("Worker ID").agg(
        cases=pl.len(),
        completion=(pl.col("Outcome") == "Completed").mean() * 100,
        get_next=(pl.col("Source") == "Get Next").mean() * 100,
    )


def test_normal_caseworkers_sit_inside_every_range(floor: dict[date, Path]) -> None:
    planted = plant(SPEC)
    special = {
        planted.slow_on_task_type[0],
        planted.short_transactions,
        planted.long_idle,
        planted.full_completion,
        planted.low_get_next,
        planted.stuck_on_task,
        planted.late_login,
    }
    for folder in floor.values():
        board = _dashboard(folder).filter(~pl.col("Worker ID").is_in(special))
        utilization = board["active"] / board["logged"] * 100
        assert utilization.min() > 70 and utilization.max() < 80
        assert board.filter((pl.col("Status") == "Idle") & (pl.col("idle") < 0)).height == 0
        idle_for = (board["export"] - board["since"]).dt.total_seconds() / 60
        assert not ((board["Status"] == "Idle") & (idle_for >= 15)).any()
        done = _done(_actions(folder)).filter(~pl.col("Worker ID").is_in(special))
        means = done.group_by("Worker ID", "Task Type").agg(pl.len(), pl.col("minutes").mean())
        means = means.with_columns(qsa=pl.col("Task Type").replace_strict(QSA))
        assert ((means["minutes"] - means["qsa"]).abs() < 5).all()
        rates = _by_worker(folder).filter(~pl.col("Worker ID").is_in(special))
        assert (rates["get_next"] >= 75).all()
        per_queue = done.group_by("Worker ID", "Queue").agg(
            n=pl.len(), rate=(pl.col("Outcome") == "Completed").mean() * 100
        )
        judged = per_queue.filter(pl.col("n") >= 5)
        assert judged.height > 0
        assert (judged["rate"] >= 60).all() and (judged["rate"] < 95).all()
        assert (judged.filter(pl.col("Queue") == "Renewals")["rate"] <= 92).all()


def test_slow_and_short_caseworkers(floor: dict[date, Path]) -> None:
    planted = plant(SPEC)
    slow, slow_type = planted.slow_on_task_type
    done = _done(_actions(floor[PLAIN_DAY]))
    mine = done.filter((pl.col("Worker ID") == slow) & (pl.col("Task Type") == slow_type))
    assert mine.height >= 3
    assert mine["minutes"].mean() > QSA[slow_type] + 5
    short = done.filter(pl.col("Worker ID") == planted.short_transactions)
    for task_type in ("Application", "Renewal", "Change"):
        of_type = short.filter(pl.col("Task Type") == task_type)
        assert of_type.height >= 3, task_type
        assert of_type["minutes"].mean() < QSA[task_type] - 5, task_type


def test_completion_and_get_next_caseworkers(floor: dict[date, Path]) -> None:
    planted = plant(SPEC)
    rates = _by_worker(floor[PLAIN_DAY])
    full = rates.filter(pl.col("Worker ID") == planted.full_completion)
    assert full["cases"].item() >= 5 and full["completion"].item() == 100
    low = rates.filter(pl.col("Worker ID") == planted.low_get_next)
    assert low["cases"].item() >= 5 and low["get_next"].item() < 75


def test_stuck_and_late_caseworkers(floor: dict[date, Path]) -> None:
    planted = plant(SPEC)
    board = _dashboard(floor[PLAIN_DAY])
    stuck = board.filter(pl.col("Worker ID") == planted.stuck_on_task).row(0, named=True)
    assert stuck["Status"] == "Active"
    minutes = (stuck["export"] - stuck["since"]).total_seconds() / 60
    assert minutes > QSA[stuck["Task Type"]] + 5
    late = board.filter(pl.col("Worker ID") == planted.late_login).row(0, named=True)
    scheduled = 480  # 08:00 shift, 16:30: clamp(510, 0, 480)
    assert late["logged"] / scheduled * 100 < 85
    roster = _read(floor[PLAIN_DAY] / "config" / "roster.csv")
    assert roster.filter(pl.col("Worker ID") == planted.late_login)["Shift Start"].item() == "08:00"


def test_long_idle_is_one_time(floor: dict[date, Path]) -> None:
    who = plant(SPEC).long_idle
    assert idle_long_on(IDLE_DAY) and not idle_long_on(PLAIN_DAY)
    for day, expect_long in ((IDLE_DAY, True), (PLAIN_DAY, False)):
        row = _dashboard(floor[day]).filter(pl.col("Worker ID") == who).row(0, named=True)
        idle_for = (row["export"] - row["since"]).total_seconds() / 60
        is_long = row["Status"] == "Idle" and idle_for >= 15
        assert is_long == expect_long, day
        assert 70 < row["active"] / row["logged"] * 100 < 80


def test_paused_caseworkers(floor: dict[date, Path]) -> None:
    planted = plant(SPEC)
    folder = floor[PLAIN_DAY]
    as_of = datetime(2026, 11, 19, 16, 30)
    paused = _read(folder / "paused_report.csv").with_columns(
        age=(pl.lit(as_of) - _dt("Paused At")).dt.total_seconds() / 86400
    )
    old = paused.filter(pl.col("age") > 2)
    # The caseworker who has left holds old paused tasks too (simulate/departures.py).
    gone = departed(SPEC).worker_id
    assert set(old["Worker ID"]) == {planted.old_paused, gone}
    resigning = paused.filter(pl.col("Worker ID") == planted.resigning)
    assert resigning.height >= 1 and (resigning["age"] < 2).all()
    roster = _read(folder / "config" / "roster.csv")
    last_days = roster.filter(pl.col("Last Day").is_not_null())
    assert last_days["Worker ID"].to_list() == [planted.resigning, gone]
    assert last_days["Last Day"].to_list() == [
        (IDLE_DAY + timedelta(days=3)).isoformat(),
        (IDLE_DAY - timedelta(days=3)).isoformat(),
    ]


def test_plant_names_distinct_workers_of_the_floor() -> None:
    planted = plant(SPEC)
    ids = [planted.slow_on_task_type[0], *(getattr(planted, f) for f in (
        "short_transactions", "long_idle", "full_completion", "low_get_next",
        "stuck_on_task", "late_login", "old_paused", "resigning"))]  # fmt: skip
    assert len(set(ids)) == 9
    assert all(re.fullmatch(r"W1\d{3}", i) and int(i[1:]) <= 1040 for i in ids)
    assert plant(SPEC) == planted and plant(FloorSpec(seed=99)) != planted
    with pytest.raises(ValueError):
        plant(FloorSpec(teams=1, size=5))


# -- the benchmark month ---------------------------------------------------------------


def _month_rows(folder: Path) -> dict[str, int]:
    return {
        p.name: pl.scan_csv(p).select(pl.len()).collect().item()
        for p in sorted(folder.glob("caseworker_actions_*.csv"))
    }


def test_write_month_scales_with_days_and_caseworkers(tmp_path: Path) -> None:
    days = [date(2026, 11, 16) + timedelta(days=i) for i in range(4)]
    small, wide = FloorSpec(seed=3, teams=2, size=6), FloorSpec(seed=3, teams=4, size=6)
    written = write_month(tmp_path / "a", small, days[:2])
    assert sorted(p.name for p in written) == sorted(
        [f"caseworker_actions_{d}.csv" for d in days[:2]]
        + [f"dashboard_{d}_1630.csv" for d in days[:2]]
        + ["paused_report.csv"]
    )
    write_month(tmp_path / "b", small, days)
    write_month(tmp_path / "c", wide, days)
    two, four, wider = (_month_rows(tmp_path / x) for x in "abc")
    assert len(two) == 2 and len(four) == 4
    # A day is the same day whatever month it is written in.
    for name in two:
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes()
    per_day = [n / 12 for n in four.values()]
    assert all(15 < n < 35 for n in per_day), per_day
    assert 1.7 < sum(wider.values()) / sum(four.values()) < 2.3
    board = _read(tmp_path / "c" / f"dashboard_{days[-1]}_1630.csv")
    assert board.height == 24 and board["Export Time"].unique().to_list() == [
        f"{days[-1]} 16:30:00"
    ]


# -- the live floor --------------------------------------------------------------------


def test_live_clock_runs_fast_and_on_past_the_last_export() -> None:
    now = [100.0]
    floor = LiveFloor(
        Path("unused"), SPEC, day=PLAIN_DAY, start=time(9), speed=60, clock=lambda: now[0]
    )
    assert floor.now() == datetime(2026, 11, 19, 9, 0)
    now[0] += 30
    assert floor.now() == datetime(2026, 11, 19, 9, 30)
    now[0] += 8 * 60  # 17:30: the exports stopped at 17:00, the clock runs on (STALE)
    assert floor.now() == datetime(2026, 11, 19, 17, 30) and floor.finished
    now[0] += 10_000
    assert floor.now() == datetime(2026, 11, 19, 23, 59, 59) and floor.finished


def test_run_live_refreshes_files_and_stops_promptly(tmp_path: Path) -> None:
    stop = threading.Event()
    seen: list[tuple[str, bytes]] = []

    def on_export(path: Path) -> None:
        seen.append((path.name, path.read_bytes()))

    thread = threading.Thread(
        target=run_live,
        args=(tmp_path, SPEC),
        kwargs={
            "day": PLAIN_DAY,
            "start": time(10),
            "speed": 3000.0,
            "refresh_minutes": 5.0,
            "stop": stop,
            "on_export": on_export,
        },
        daemon=True,
    )
    thread.start()
    deadline = wall.monotonic() + 5
    while sum(n == "dashboard.csv" for n, _ in seen) < 5 and wall.monotonic() < deadline:
        wall.sleep(0.02)
    stop.set()
    stopped_at = wall.monotonic()
    thread.join(timeout=2)
    assert not thread.is_alive()
    assert wall.monotonic() - stopped_at < 1.0
    boards = [data for name, data in seen if name == "dashboard.csv"]
    assert len(boards) >= 5
    moments = [next(csv.DictReader(io.StringIO(b.decode("utf-8"))))["Export Time"] for b in boards]
    assert moments == sorted(moments) and len(set(moments)) == len(moments)
    assert moments[0] == "2026-11-19 10:00:00"
    assert {n for n, _ in seen} == {"dashboard.csv", "caseworker_actions.csv", "paused_report.csv"}
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "caseworker_actions.csv",
        "dashboard.csv",
        "paused_report.csv",
    ]  # no temp file left behind
    last = _read(tmp_path / "caseworker_actions.csv")
    assert last.height > 0 and last.columns == [c.header for c in ACTIONS.columns]


# -- the command -----------------------------------------------------------------------


def _command(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser()
    simulate_command.add_parser(parser.add_subparsers(dest="command"))
    return parser.parse_args(argv)


def test_simulate_command_writes_a_floor(tmp_path: Path, capsys) -> None:
    args = _command(["simulate", str(tmp_path), "--date", "2026-11-19", "--until", "10:15"])
    assert args.run(args) == 0
    out = capsys.readouterr().out
    assert f"floorwatch check --config {tmp_path / 'config'}" in out
    board = _read(tmp_path / "dashboard.csv")
    assert board["Export Time"].unique().to_list() == ["2026-11-19 10:15:00"]
    assert (tmp_path / "config" / "roster.csv").exists()


def test_simulate_command_default_until() -> None:
    today = datetime(2026, 11, 19, 7, 5)
    assert simulate_command.default_until(today.date(), today) == time(8, 30)
    assert simulate_command.default_until(today.date(), today.replace(hour=12)) == time(12, 5)
    assert simulate_command.default_until(today.date(), today.replace(hour=20)) == time(16, 30)
    assert simulate_command.default_until(date(2026, 11, 18), today) == time(16, 30)


def test_simulate_command_rejects_a_floor_too_small(tmp_path: Path, capsys) -> None:
    args = _command(["simulate", str(tmp_path), "--teams", "1", "--size", "3"])
    assert args.run(args) == 2
    assert "at least" in capsys.readouterr().err
