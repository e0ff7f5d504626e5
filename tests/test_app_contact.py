"""The app on a floor that takes calls: calls and AHT on the team screen, phones in the
drilldown; and none of it on a floor without Genesys exports."""

from __future__ import annotations

from pathlib import Path

from app_helpers import SPEC, build_app, make_floor, settle
from textual.widgets import DataTable

from floorwatch.screens.caseworker import CaseworkerScreen
from floorwatch.screens.team import TeamScreen
from floorwatch.simulate import FloorSpec
from floorwatch.simulate.contact import plant_contact
from floorwatch.widgets.contact_section import ContactSection
from floorwatch.widgets.keyed_table import KeyedTable

CONTACT = FloorSpec(seed=SPEC.seed, teams=SPEC.teams, size=SPEC.size, contact=True)


def _team_of(app, worker_id: str) -> str:
    worker = app.result.worker(worker_id)
    assert worker is not None
    return worker.team


async def test_team_screen_shows_calls_and_aht_when_there_are_calls(workdir: Path) -> None:
    long_handle = plant_contact(CONTACT).long_handle
    app = build_app(make_floor(workdir, spec=CONTACT))
    async with app.run_test(size=(160, 40)) as pilot:
        await settle(app, pilot)
        app.open_team(_team_of(app, long_handle))
        await settle(app, pilot)
        assert isinstance(app.screen, TeamScreen)
        table = app.screen.query_one(KeyedTable)
        keys = [c.value for c in table.columns]
        assert keys[keys.index("txn") + 1 :] == ["calls", "aht"]
        assert str(table.columns["aht"].label) == "AHT"
        worker = app.result.worker(long_handle)
        assert table.get_cell(long_handle, "calls").plain == str(worker.metrics.calls_handled)
        assert table.get_cell(long_handle, "aht").plain == "17.0 ▲"
        assert "long calls" in table.get_cell(long_handle, "flags").plain
        # At 120 columns the flags stay on screen beside the name; the call columns are
        # a sideways scroll away.
        await pilot.resize_terminal(120, 40)
        await settle(app, pilot)
        keys = [c.value for c in table.columns]
        assert keys[-2:] == ["calls", "aht"]
        columns = list(table.columns.values())
        through_flags = sum(c.get_render_width(table) for c in columns[: keys.index("flags") + 1])
        assert through_flags <= 120  # the flag words are on screen


async def test_no_call_columns_without_genesys_exports(workdir: Path) -> None:
    app = build_app(make_floor(workdir), team="North")
    async with app.run_test(size=(160, 40)) as pilot:
        await settle(app, pilot)
        keys = [c.value for c in app.screen.query_one(KeyedTable).columns]
        assert "calls" not in keys and "aht" not in keys


async def test_drilldown_shows_calls_and_time_per_status(workdir: Path) -> None:
    over = plant_contact(CONTACT).over_allowance
    app = build_app(make_floor(workdir, spec=CONTACT))
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        app.open_caseworker(over)
        await settle(app, pilot)
        assert isinstance(app.screen, CaseworkerScreen)
        section = app.screen.query_one(ContactSection)
        assert section.display
        line = section.query_one("#calls-line").render().plain
        calls = app.result.worker(over).metrics.calls_handled
        assert line.startswith(f"Calls handled {calls} · average handle time ")
        assert line.endswith(" min (QSA 9 ±5)")
        table = section.query_one(DataTable)
        labels = [str(c.label) for c in table.columns.values()]
        assert labels[0] == "Interval" and "Break" in labels and "On Queue" in labels
        rows = [
            [getattr(c, "plain", c) for c in table.get_row_at(i)] for i in range(table.row_count)
        ]
        assert rows[-1][0] == "Day"
        assert rows[-1][labels.index("Break")] == "45 ▲"  # over the 30-minute allowance
        assert rows[0][0] == "08:00–09:00"


async def test_drilldown_hides_the_phones_without_them(workdir: Path) -> None:
    app = build_app(make_floor(workdir))
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        app.open_caseworker("W1011")
        await settle(app, pilot)
        assert not app.screen.query_one(ContactSection).display


async def test_a_week_on_the_caseworker_screen_shows_the_calls_and_their_flags(
    workdir: Path,
) -> None:
    # v2: calls are judged over any period. The test floor's week is its Monday, so the
    # week's calls are the day's and the long-handle caseworker is flagged on both.
    planted = plant_contact(CONTACT)
    app = build_app(make_floor(workdir, spec=CONTACT))
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        app.open_caseworker(planted.long_handle)
        await settle(app, pilot)
        await pilot.press("w")
        await settle(app, pilot)
        assert isinstance(app.screen, CaseworkerScreen)
        week = app.period_results.get("week")
        assert week is not None and week.period.kind == "week"
        worker = week.worker(planted.long_handle)
        day = app.result.worker(planted.long_handle)
        assert worker.metrics.calls_handled == day.metrics.calls_handled > 0
        assert "LONG_HANDLE" in [f.check for f in worker.flags]
        flags = app.screen.query_one("#flags").render().plain
        assert "Mean handle time" in flags
        section = app.screen.query_one(ContactSection)
        table = section.query_one(DataTable)
        last = table.get_row_at(table.row_count - 1)[0]
        assert getattr(last, "plain", last) == "Total"
