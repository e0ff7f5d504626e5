"""The QSA screen: the quarter in force and its values; by key, palette, and in pictures.

Deterministic like test_app_snapshots: a fixed simulated floor (seed, day, 11:00), a fixed
clock, no watcher; qsa.toml holds the simulator's flat values plus two imported quarters.
"""

from __future__ import annotations

from datetime import datetime, time
from pathlib import Path

import pytest
from app_helpers import DAY, SPEC, Clock, build_app, settle
from textual.widgets import DataTable

from floorwatch.live import FloorSource
from floorwatch.screens.qsa import QsaScreen
from floorwatch.settings import load_config
from floorwatch.settings.qsa_import import QuarterValues, import_quarter
from floorwatch.simulate import write_config, write_day

SIZES = [(80, 24), (120, 40)]


def qsa_app(folder: Path, *, quarters: bool = True):
    """The app on the test floor, its qsa.toml carrying 2026Q3 and 2026Q4 when asked."""
    config = write_config(folder, SPEC, today=DAY)
    if quarters:
        q3 = QuarterValues({"utilization_pct": 70.0}, {"Renewal": 20.0})
        q4 = QuarterValues(
            {"utilization_pct": 77.0, "logged_in_pct": 91.0, "call_handle_minutes": 9.5},
            {"Application": 31.5, "Change": 8.5, "Renewal": 18.5},
            {"Renewals": {"completion_low_pct": 55.0, "completion_high_pct": 92.0}},
        )
        import_quarter(config / "qsa.toml", "2026Q3", q3)
        import_quarter(config / "qsa.toml", "2026Q4", q4)
    write_day(folder, SPEC, DAY, until=time(11, 0))
    source = FloorSource(load_config(config), folder, folder / "history", by="tester")
    return build_app(source, Clock(datetime.combine(DAY, time(11, 5))))


def _rows(table: DataTable) -> list[list[str]]:
    return [
        [getattr(c, "plain", str(c)).strip() for c in table.get_row_at(i)]
        for i in range(table.row_count)
    ]


async def test_a_opens_the_quarter_in_force_and_escape_goes_back(workdir: Path) -> None:
    app = qsa_app(workdir)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await pilot.press("v")
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, QsaScreen)
        title = screen.query_one("#in-force").render().plain
        assert title == "QSA in force: 2026Q4 · for the data as of 2026-11-23 11:00"
        values = _rows(screen.query_one("#qsa-values", DataTable))
        assert values[0] == ["Utilization %", "77", "72–82"]
        assert values[-1] == ["Call handle (min)", "9.5", "4.5–14.5"]
        assert _rows(screen.query_one("#qsa-types", DataTable)) == [
            ["Application", "31.5", "26.5–36.5"],
            ["Change", "8.5", "3.5–13.5"],
            ["Renewal", "18.5", "13.5–23.5"],
        ]
        assert _rows(screen.query_one("#qsa-queues", DataTable)) == [["Renewals", "55", "92"]]
        quarters = screen.query_one("#quarters").render().plain
        assert quarters.startswith("Quarters in qsa.toml: 2026Q3, 2026Q4.")
        await pilot.press("escape")
        await settle(app, pilot)
        assert not isinstance(app.screen, QsaScreen)


async def test_the_flat_values_when_no_quarter_is_imported(workdir: Path) -> None:
    app = qsa_app(workdir, quarters=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        app.action_qsa()
        await settle(app, pilot)
        title = app.screen.query_one("#in-force").render().plain
        assert title.startswith("QSA in force: qsa.toml's own values (no quarter imported")
        values = _rows(app.screen.query_one("#qsa-values", DataTable))
        assert values[0] == ["Utilization %", "75", "70–80"]


async def test_the_command_palette_offers_the_qsa_screen(workdir: Path) -> None:
    app = qsa_app(workdir)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        commands = {c.title: c for c in app.get_system_commands(app.screen)}
        assert commands["QSA"].help == "The Quarterly Statewide Averages in force"
        await commands["QSA"].callback()  # run_action: a coroutine, as the palette runs it
        await settle(app, pilot)
        assert isinstance(app.screen, QsaScreen)


@pytest.mark.parametrize("size", SIZES)
def test_qsa_screen(snap_compare, workdir: Path, size) -> None:
    """2026Q4 in force for the 11:00 data: statewide values with their normal range, task
    types with their ±5-minute band, the Renewals queue's range, both quarters listed."""

    async def run_before(pilot) -> None:
        await settle(pilot.app, pilot)
        await pilot.press("v")
        await settle(pilot.app, pilot)
        pilot.app.clear_notifications()
        await pilot.pause()

    assert snap_compare(qsa_app(workdir), terminal_size=size, run_before=run_before)
