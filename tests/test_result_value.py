"""A check's result as a value (issue 11): its caseworkers indexed by id, and the flags a
run records taken from the engine's frames, the same rows the caseworkers carry."""

from __future__ import annotations

from pathlib import Path

from app_helpers import make_floor
from polars.testing import assert_frame_equal

from floorwatch.engine import CheckResult, evaluate, recorded_flags
from floorwatch.service import CheckRequest, run_check
from floorwatch.service.floor_data import floor_data
from floorwatch.store import HistoryStore


def _flags_of_workers(result: CheckResult) -> list[tuple]:
    """What the caseworkers' flag objects say, in their order (the old way of building
    a run's record, kept here as the oracle)."""
    return [
        (w.worker_id, f.check, f.subject or "", f.value, f.expected, f.pattern)
        for w in result.workers
        for f in w.flags
    ]


def test_the_flag_table_holds_every_caseworkers_flags_in_order(workdir: Path) -> None:
    source = make_floor(workdir)
    result = run_check(CheckRequest(source.config, source.drop_dir, source.data_dir))
    assert result.flagged
    assert result.flag_table.rows() == _flags_of_workers(result)
    team = result.workers[0].team
    north = result.for_team(team)
    assert north.flag_table.rows() == _flags_of_workers(north)
    assert 0 < north.flag_table.height < result.flag_table.height
    # The recorded run keeps exactly that table.
    [run] = HistoryStore(source.data_dir).runs()
    assert sorted(run.flags.rows()) == sorted(result.flag_table.rows())


def test_caseworkers_are_found_by_id(workdir: Path) -> None:
    source = make_floor(workdir)
    result = run_check(
        CheckRequest(source.config, source.drop_dir, source.data_dir, record_run=False)
    )
    for worker in result.workers:
        assert result.worker(worker.worker_id) is worker
    assert result.worker("nobody") is None
    team = result.workers[-1].team
    one_team = result.for_team(team)
    assert {w.team for w in one_team.workers} == {team}
    assert one_team.worker(result.workers[0].worker_id) is None or result.workers[0].team == team


def test_a_past_days_flags_are_those_its_whole_check_records(workdir: Path) -> None:
    """The trend window judges past days by `recorded_flags` alone, without building a
    result: the same table a whole check records, for a day and for a week."""
    source = make_floor(workdir)
    config = source.config
    request = CheckRequest(config, source.drop_dir, source.data_dir, record_run=False)
    as_of = run_check(request).as_of
    store = HistoryStore(source.data_dir)
    for period in ("day", "week"):
        floor = floor_data(store, list(store.exports()), [], as_of, period)
        asked = {"as_of": as_of, "period_kind": period, "leave": config.leave}
        whole = evaluate(floor, config.settings, config.roster, **asked)
        alone = recorded_flags(floor, config.settings, config.roster, **asked)
        assert alone.height > 0
        assert_frame_equal(alone, whole.flag_table)
