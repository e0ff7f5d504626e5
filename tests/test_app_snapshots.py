"""Pictures of every screen at 80x24 and 120x40 (pytest-textual-snapshot).

Deterministic: a fixed simulated floor (seed, day, 11:00), a fixed clock, no watcher;
the daily slot run is recorded by "tester" and its wall-clock time never shown.
Update with `pytest tests/test_app_snapshots.py --snapshot-update` and look at the SVGs.
"""

from __future__ import annotations

from datetime import datetime, time
from pathlib import Path

import pytest
from app_helpers import DAY, Clock, build_app, make_floor, settle

SIZES = [(80, 24), (120, 40)]


def snapshot_app(folder: Path, **kwargs):
    source = make_floor(folder)
    clock = Clock(datetime.combine(DAY, time(11, 5)))
    app = build_app(source, clock, **kwargs)
    app.opened_at = datetime.combine(DAY, time(10, 0))  # 09:00 was missed, 11:00 fires
    return app


async def _ready(pilot, *keys: str) -> None:
    app = pilot.app
    await settle(app, pilot)
    for key in keys:
        await pilot.press(key)
        await settle(app, pilot)
    app.clear_notifications()
    await pilot.pause()


@pytest.mark.parametrize("size", SIZES)
def test_floor(snap_compare, workdir: Path, size) -> None:
    """Every team with its KPIs, ▲/▼ outside the QSA range, flagged counts; as-of line."""

    async def run_before(pilot) -> None:
        await _ready(pilot)

    assert snap_compare(snapshot_app(workdir), terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", SIZES)
def test_team(snap_compare, workdir: Path, size) -> None:
    """Team North: flagged caseworkers first with ! markers and flags in words."""

    async def run_before(pilot) -> None:
        await _ready(pilot)

    app = snapshot_app(workdir, team="North")
    assert snap_compare(app, terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", SIZES)
def test_caseworker(snap_compare, workdir: Path, size) -> None:
    """The slow-on-Renewal caseworker: flag sentences, today's actions with ±QSA marked."""

    async def run_before(pilot) -> None:
        await _ready(pilot)
        pilot.app.open_caseworker("W1011")
        await _ready(pilot)

    assert snap_compare(snapshot_app(workdir), terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", SIZES)
def test_checks(snap_compare, workdir: Path, size) -> None:
    """Slots: 09:00 missed, 11:00 done by tester, 13:30 and 15:30 due."""

    async def run_before(pilot) -> None:
        await _ready(pilot)
        pilot.app.check_schedule()
        await _ready(pilot, "k")

    assert snap_compare(snapshot_app(workdir), terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", SIZES)
def test_sources(snap_compare, workdir: Path, size) -> None:
    """A refused file with its reason above the exports the check used."""
    (workdir / "notes.csv").write_text("Hello,World\n1,2\n")

    async def run_before(pilot) -> None:
        await _ready(pilot, "e")

    assert snap_compare(snapshot_app(workdir), terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", SIZES)
def test_help(snap_compare, workdir: Path, size) -> None:
    """The help document over the floor: keys first."""

    async def run_before(pilot) -> None:
        await _ready(pilot, "question_mark")

    assert snap_compare(snapshot_app(workdir), terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", SIZES)
def test_team_with_calls(snap_compare, workdir: Path, size) -> None:
    """A floor with phones: flags in short words beside the name (their sentences under
    the table), Calls and AHT a sideways scroll away; ID and Name stay put."""
    from floorwatch.simulate import FloorSpec

    spec = FloorSpec(seed=7, teams=3, size=6, contact=True)
    source = make_floor(workdir, spec=spec)
    app = build_app(source, Clock(datetime.combine(DAY, time(11, 5))), team="North")

    async def run_before(pilot) -> None:
        await _ready(pilot)

    assert snap_compare(app, terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", SIZES)
def test_caseworker_phones(snap_compare, workdir: Path, size) -> None:
    """The over-allowance caseworker's phones: Break (flagged ▲) first after the interval."""
    from floorwatch.simulate import FloorSpec
    from floorwatch.simulate.contact import plant_contact

    spec = FloorSpec(seed=7, teams=3, size=6, contact=True)
    source = make_floor(workdir, spec=spec)
    app = build_app(source, Clock(datetime.combine(DAY, time(11, 5))))

    async def run_before(pilot) -> None:
        await _ready(pilot)
        pilot.app.open_caseworker(plant_contact(spec).over_allowance)
        await _ready(pilot, "end")

    assert snap_compare(app, terminal_size=size, run_before=run_before)
