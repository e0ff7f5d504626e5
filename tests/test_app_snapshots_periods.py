"""Pictures of the Performance, Trend chart and Paused screens at 80x24 and 120x40.

Deterministic like test_app_snapshots.py: the fixed simulated floor on Monday 23 Nov 2026
at 11:00 with its two earlier weeks stored in the history, a fixed clock, no watcher.
Update with `pytest tests/test_app_snapshots_periods.py --snapshot-update` and look.
"""

from __future__ import annotations

from datetime import datetime, time
from pathlib import Path

import pytest
from app_helpers import DAY, SPEC, Clock, build_app, make_floor, settle

from floorwatch.simulate.history import fill_history, weeks_before

SIZES = [(80, 24), (120, 40)]


def snapshot_app(folder: Path, **kwargs):
    source = make_floor(folder)
    fill_history(source.data_dir, SPEC, source.config, weeks_before(DAY, 2))
    return build_app(source, Clock(datetime.combine(DAY, time(11, 5))), **kwargs)


def keys_then_settle(*keys: str):
    async def run_before(pilot) -> None:
        await settle(pilot.app, pilot)
        for key in keys:
            await pilot.press(key)
            await settle(pilot.app, pilot)
        pilot.app.clear_notifications()
        await pilot.pause()

    return run_before


@pytest.mark.parametrize("size", SIZES)
def test_performance_floor(snap_compare, workdir: Path, size) -> None:
    """Last week per team: KPIs with ▲/▼ outside the QSA band; wide: Δ vs the week before
    and a 10-day utilization trend line; the period and comparison named on top."""
    run_before = keys_then_settle("r", "less_than_sign")
    assert snap_compare(snapshot_app(workdir), terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", SIZES)
def test_performance_team(snap_compare, workdir: Path, size) -> None:
    """This week so far, team North's caseworkers: !/!! markers, Δ vs last week to Monday."""
    run_before = keys_then_settle("r")
    app = snapshot_app(workdir, team="North")
    assert snap_compare(app, terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", SIZES)
def test_trend_chart(snap_compare, workdir: Path, size) -> None:
    """Team East's utilization per day with axes and the QSA band lines, and the flags of
    its caseworkers today with the days they were raised on."""
    run_before = keys_then_settle("r", "t")
    assert snap_compare(snapshot_app(workdir), terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", SIZES)
def test_paused(snap_compare, workdir: Path, size) -> None:
    """The resigning caseworker's tasks on top with ⚑ and the days left, then the tasks
    over 2 days with ▲, then the rest, oldest first."""
    run_before = keys_then_settle("p")
    assert snap_compare(snapshot_app(workdir), terminal_size=size, run_before=run_before)
