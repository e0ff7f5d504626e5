"""The live side of the app: refresh from the drop folder with no key press, staleness,
a bad file beside good data, and the daily slots with an injected clock."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, time, timedelta
from pathlib import Path

from app_helpers import DAY, SPEC, Clock, bar_text, build_app, make_floor, settle, wait_for

from floorwatch.live import FloorSource
from floorwatch.screens.checks import ChecksScreen
from floorwatch.screens.sources import SourcesScreen
from floorwatch.screens.team import TeamScreen
from floorwatch.service import CheckRequest, run_check
from floorwatch.simulate import write_day
from floorwatch.widgets.as_of_bar import AsOfBar
from floorwatch.widgets.keyed_table import KeyedTable


async def test_a_new_export_shows_without_a_key_press_and_keeps_the_cursor(workdir: Path) -> None:
    source = make_floor(workdir, until=time(10, 0))
    clock = Clock(datetime.combine(DAY, time(10, 5)))
    app = build_app(source, clock, team="North", watch=True, settle_seconds=0.2)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        assert "as of Mon 23 Nov 10:00" in bar_text(app)
        table = app.screen.query_one(KeyedTable)
        table.move_cursor(row=3)
        kept = table.cursor_key
        cases_before = table.get_cell(kept, "cases")

        clock.now = datetime.combine(DAY, time(11, 5))
        write_day(workdir, SPEC, DAY, until=time(11, 0))
        await wait_for(lambda: app.result.as_of.time() == time(11, 0), pilot)
        await settle(app, pilot)

        assert "as of Mon 23 Nov 11:00" in bar_text(app)
        assert table.cursor_key == kept
        assert table.get_cell(kept, "cases") != cases_before


async def test_stale_warning_follows_the_clock(workdir: Path) -> None:
    source = make_floor(workdir)  # data as of 11:00
    clock = Clock(datetime.combine(DAY, time(11, 10)))
    app = build_app(source, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        bar = app.screen.query_one(AsOfBar)
        assert not bar.has_class("-stale")
        assert "STALE" not in bar_text(app)
        clock.now = datetime.combine(DAY, time(11, 0, 30))  # under a minute: no "ago"
        bar.update_bar()
        assert "(just now)" in bar_text(app) and "ago" not in bar_text(app)
        clock.now = datetime.combine(DAY, time(11, 7))
        bar.update_bar()
        assert "(7 min ago)" in bar_text(app)
        clock.now = datetime.combine(DAY, time(11, 21))  # 21 min > stale_after_minutes (20)
        bar.update_bar()
        assert bar.has_class("-stale")
        assert "STALE" in bar_text(app) and "21 min old" in bar_text(app)


async def test_a_bad_file_is_shown_with_its_reason_and_the_good_data_stays(workdir: Path) -> None:
    source = make_floor(workdir)
    app = build_app(source, team="North")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        rows = app.screen.query_one(KeyedTable).row_count
        assert rows == 6
        (workdir / "broken_export.csv").write_text("Foo,Bar\n1,2\n")
        app.refresh_data()
        await settle(app, pilot)
        assert app.screen.query_one(KeyedTable).row_count == rows
        await pilot.press("e")
        await settle(app, pilot)
        assert isinstance(app.screen, SourcesScreen)
        errors = app.screen.query_one("#errors")
        assert errors.row_count >= 1
        files = [errors.get_row_at(i)[0].plain for i in range(errors.row_count)]
        reason = errors.get_row_at(files.index("broken_export.csv"))[2].plain
        assert "not a known export" in reason
        await pilot.press("escape")
        assert isinstance(app.screen, TeamScreen)


async def test_a_failed_check_keeps_the_last_good_data(workdir: Path) -> None:
    source = make_floor(workdir)
    app = build_app(source)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        good = app.result
        (workdir / "history" / "store.json").write_text('{"schema_version": 99}')
        app.refresh_data()
        await settle(app, pilot)
        assert app.result is good
        assert app.failure is not None and "newer floorwatch" in app.failure.reason
        assert "check failed" in bar_text(app)
        await pilot.press("e")
        await settle(app, pilot)
        assert "newer floorwatch" in app.screen.query_one("#failure").render().plain


async def test_a_daily_slot_fires_on_the_injected_clock_and_is_recorded(workdir: Path) -> None:
    source = make_floor(workdir)
    clock = Clock(datetime.combine(DAY, time(10, 59)))  # opened after 09:00, before 11:00
    app = build_app(source, clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        app.check_schedule()
        await settle(app, pilot)
        assert source.runs_on(DAY) == []  # 11:00 has not come yet

        clock.now += timedelta(minutes=1, seconds=5)
        app.check_schedule()
        await settle(app, pilot)
        runs = source.runs_on(DAY)
        assert [r.trigger for r in runs] == ["slot 11:00"]
        assert runs[0].by == "tester"
        app.check_schedule()  # a done slot never runs twice
        await settle(app, pilot)
        assert len(source.runs_on(DAY)) == 1

        await pilot.press("k")
        await settle(app, pilot)
        assert isinstance(app.screen, ChecksScreen)
        table = app.screen.query_one("#runs")
        states = {table.get_row_at(i)[1].plain: table.get_row_at(i)[2].plain for i in range(4)}
        # Passed while the app was closed, and the history has nothing of the day by 09:00
        # (the first exports are of 11:00): it cannot be caught up.
        assert states["slot 09:00"] == "✗ missed: no data by 09:00"
        assert states["slot 11:00"].startswith("✓ done")
        assert states["slot 13:30"].startswith("… due")
        flags = sum(len(w.flags) for w in app.result.workers)
        assert table.get_row_at(1)[5].plain == f"+{flags}"  # first run: every flag is new


async def test_slots_passed_before_opening_are_run_late_as_of_their_moment(
    workdir: Path,
) -> None:
    # The history holds the day's exports of 08:50 (stored by a first look) and 10:30;
    # the app opens at 10:35: 09:00 has passed and is run as of 09:00 from the history.
    clock = Clock(datetime.combine(DAY, time(10, 35)))
    source = replace(make_floor(workdir, until=time(8, 50)), clock=clock)  # stamps the runs
    app = build_app(source, clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        write_day(workdir, SPEC, DAY, until=time(10, 30))
        app.refresh_data()
        await settle(app, pilot)
        assert app.result.as_of == datetime.combine(DAY, time(10, 30))
        app.check_schedule()
        await settle(app, pilot)
        runs = source.runs_on(DAY)
        assert [(r.trigger, r.as_of.time()) for r in runs] == [("slot 09:00 (late)", time(9))]
        # What it found is what a check as of 09:00 finds.
        at_nine = run_check(
            CheckRequest(source.config, workdir, source.data_dir,
                         at=datetime.combine(DAY, time(9)), record_run=False)
        )  # fmt: skip
        assert runs[0].flags.height == sum(len(w.flags) for w in at_nine.workers) > 0
        # The screens keep the live data (10:30), not the late run's.
        assert app.result.as_of == datetime.combine(DAY, time(10, 30))
        app.check_schedule()  # caught up once
        await settle(app, pilot)
        assert len(source.runs_on(DAY)) == 1
        await pilot.press("k")
        await settle(app, pilot)
        table = app.screen.query_one("#runs")
        states = {table.get_row_at(i)[1].plain: table.get_row_at(i)[2].plain for i in range(4)}
        assert states["slot 09:00"] == "✓ run late at 10:35, data 09:00"
        assert states["slot 11:00"].startswith("… due")
        assert table.get_row_at(0)[5].plain == f"+{runs[0].flags.height}"


async def test_c_records_an_ad_hoc_run_and_reports_what_changed(workdir: Path) -> None:
    source = make_floor(workdir, until=time(10, 0))
    app = build_app(source, Clock(datetime.combine(DAY, time(10, 5))))
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await pilot.press("c")
        await settle(app, pilot)
        write_day(workdir, SPEC, DAY, until=time(11, 0))
        await pilot.press("c")
        await settle(app, pilot)
        runs = source.runs_on(DAY)
        assert [r.trigger for r in runs] == ["ad-hoc", "ad-hoc"]
        await pilot.press("k")
        await settle(app, pilot)
        table = app.screen.query_one("#runs")
        what = [table.get_row_at(i)[1].plain for i in range(table.row_count)]
        adhoc = [i for i, w in enumerate(what) if w == "ad-hoc"]
        assert len(adhoc) == 2 and len(what) == 6  # four slots and two ad-hoc runs
        table.move_cursor(row=adhoc[-1])
        await pilot.pause()
        changes = app.screen.query_one("#changes").render().plain
        assert "New:" in changes and "Cleared:" in changes
        assert "data as of 11:00" in changes


async def test_a_slot_with_new_flags_rings_the_bell_when_asked(workdir: Path) -> None:
    source = make_floor(workdir)
    settings = replace(source.config.settings, bell=True)
    source = replace(source, config=replace(source.config, settings=settings))
    clock = Clock(datetime.combine(DAY, time(10, 59)))
    app = build_app(source, clock)
    rings: list[bool] = []
    app.bell = lambda: rings.append(True)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        clock.now = datetime.combine(DAY, time(11, 0, 30))
        app.check_schedule()
        await settle(app, pilot)
        assert [r.trigger for r in source.runs_on(DAY)] == ["slot 11:00"]
        assert rings == [True]


async def test_of_two_apps_on_one_data_folder_only_one_records_the_daily_slots(
    workdir: Path,
) -> None:
    """Two browser sessions (or a supervisor's and a coordinator's terminal): the slot is
    run and recorded by the app holding the slots lock; when it closes, the other takes
    over the next slot."""
    first_source = make_floor(workdir)
    second_source = FloorSource(first_source.config, workdir, workdir / "history", by="other")
    clock = Clock(datetime.combine(DAY, time(10, 59)))
    first, second = build_app(first_source, clock), build_app(second_source, clock)
    first_run, second_run = first.run_test(size=(120, 40)), second.run_test(size=(120, 40))
    one = await first_run.__aenter__()
    two = await second_run.__aenter__()
    try:
        await settle(first, one)
        await settle(second, two)
        clock.now = datetime.combine(DAY, time(11, 0, 5))
        first.check_schedule()
        second.check_schedule()
        await settle(first, one)
        await settle(second, two)
        assert [(r.trigger, r.by) for r in first_source.runs_on(DAY)] == [("slot 11:00", "tester")]
        await first_run.__aexit__(None, None, None)  # the first closes: the second takes over
        clock.now = datetime.combine(DAY, time(13, 30, 5))
        second.check_schedule()
        await settle(second, two)
        runs = [(r.trigger, r.by) for r in second_source.runs_on(DAY)]
        assert runs == [("slot 11:00", "tester"), ("slot 13:30", "other")]
    finally:
        await second_run.__aexit__(None, None, None)
