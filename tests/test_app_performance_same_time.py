"""Performance mid-day: the change is against the previous period at the same time of day
(issue 17: at Tuesday 12:01, last week "to Tue 23:59" made Cases Δ -113 for every team)."""

from __future__ import annotations

from datetime import date, datetime, time
from pathlib import Path

from app_helpers import SPEC, build_app, make_floor, settle
from screen_text import screen_lines

from floorwatch.engine.stepping import PeriodView
from floorwatch.ingest import LoadedExport, load_export_bytes
from floorwatch.live.periods import check_view
from floorwatch.simulate.files import END_OF_DAY, day_exports
from floorwatch.store import HistoryStore
from floorwatch.widgets.keyed_table import KeyedTable

LAST_MONDAY = date(2026, 11, 16)


def _store_day(source, day: date, moments: list[time]) -> None:
    """Keep `day`'s exports as of each moment in the history, as a watching app would."""
    store = HistoryStore(source.data_dir)
    store.open_for_writing()
    for moment in moments:
        stamp = datetime.combine(day, moment)
        for name, data in day_exports(SPEC, day, moment).items():
            loaded = load_export_bytes(name, data, source.config.columns, stamp)
            assert isinstance(loaded, LoadedExport)
            store.add_export(loaded)


async def test_mid_week_change_is_against_last_week_at_the_same_time(workdir: Path) -> None:
    source = make_floor(workdir)  # Monday 23 Nov, exports as of 11:00
    _store_day(source, LAST_MONDAY, [time(11, 0), END_OF_DAY])
    same_time = check_view(
        source, PeriodView("week", LAST_MONDAY, datetime(2026, 11, 16, 11)), current=False
    )
    whole_day = check_view(
        source, PeriodView("week", LAST_MONDAY, datetime(2026, 11, 16, 23, 59)), current=False
    )
    assert same_time is not None and whole_day is not None
    app = build_app(source)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await pilot.press("r")
        await settle(app, pilot)
        table = app.screen.query_one(KeyedTable)
        now = {t.team: t.metrics.cases_worked for t in app.result.teams}
        before = {t.team: t.metrics.cases_worked for t in same_time.teams}
        later = {t.team: t.metrics.cases_worked for t in whole_day.teams}
        for team, cases in now.items():
            cell = table.get_cell(team, "cases_worked").plain.split()
            assert cell == [str(cases), f"{cases - before[team]:+d}"]
            assert later[team] > before[team]  # the whole day would have made it look worse
        lines = screen_lines(app)
        assert "to Mon 16 11:00" in lines[1]
        assert "Δ to 11:00" in lines[3]  # the column header says what the change is against


async def test_a_history_without_that_moment_says_so(workdir: Path) -> None:
    source = make_floor(workdir)
    _store_day(source, date(2026, 11, 13), [END_OF_DAY])  # Friday, end of day only
    _store_day(source, LAST_MONDAY, [END_OF_DAY])
    app = build_app(source)
    async with app.run_test(size=(160, 40)) as pilot:
        await settle(app, pilot)
        await pilot.press("r")
        await settle(app, pilot)
        title = app.screen.query_one("#period").render().plain
        assert "no export of Mon 16 by 11:00 in the history" in title
