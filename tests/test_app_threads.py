"""Where the app's work runs (issue 11): journal writes and period checks in thread
workers, never on the UI thread; one journal read per team table, not one per row; a
modal screen follows new data without polling."""

from __future__ import annotations

import os
import threading
from datetime import datetime, time
from pathlib import Path

import pytest
from app_helpers import DAY, Clock, build_app, make_floor, settle, wait_for

from floorwatch.coaching.journal import Journal
from floorwatch.live import FloorSource
from floorwatch.screens.coaching.sample import SampleScreen
from floorwatch.screens.team import TeamScreen
from floorwatch.widgets.keyed_table import KeyedTable

NOW = datetime.combine(DAY, time(11, 5))


@pytest.fixture
def source(workdir: Path) -> FloorSource:
    return make_floor(workdir)


def _record_threads(monkeypatch: pytest.MonkeyPatch, owner: type, name: str) -> list[bool]:
    """Call `owner.name` through, noting for each call whether it ran on the UI thread."""
    on_ui: list[bool] = []
    real = getattr(owner, name)

    def noted(*args, **kwargs):
        on_ui.append(threading.current_thread() is threading.main_thread())
        return real(*args, **kwargs)

    monkeypatch.setattr(owner, name, noted)
    return on_ui


async def test_a_journal_write_never_runs_on_the_ui_thread(
    source: FloorSource, monkeypatch: pytest.MonkeyPatch
) -> None:
    writes = _record_threads(monkeypatch, Journal, "add")
    app = build_app(source, Clock(NOW), team="North")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        table = app.screen.query_one(KeyedTable)
        worker_id = table.cursor_key
        await pilot.press("a")
        await settle(app, pilot)
        for key in ("down", "enter", "enter", "enter"):  # "coaching started", no note
            await pilot.press(key)
            await settle(app, pilot)
        await wait_for(lambda: bool(Journal(source.data_dir).entries()), pilot)
        await settle(app, pilot)
        assert writes == [False]
        # The screen followed the write: the flags are marked followed up.
        assert "✓" in table.get_cell(worker_id, "flags").plain


async def test_a_period_check_never_runs_on_the_ui_thread(
    source: FloorSource, monkeypatch: pytest.MonkeyPatch
) -> None:
    checks = _record_threads(monkeypatch, FloorSource, "check_period")
    app = build_app(source, Clock(NOW), team="North")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await pilot.press("enter", "w")  # a caseworker, then the week
        await wait_for(lambda: "week" in app.period_results, pilot)
        await pilot.press("m")
        await wait_for(lambda: "month" in app.period_results, pilot)
    assert checks == [False, False]


async def test_the_team_table_reads_the_journal_once_not_once_per_row(
    source: FloorSource, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = build_app(source, Clock(NOW), team="North")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, TeamScreen)
        rows = screen.query_one(KeyedTable).row_count
        assert rows >= 5
        Journal(source.data_dir).folder.mkdir(parents=True, exist_ok=True)
        listings: list[str] = []
        real = os.listdir

        def listed(path=".", *args, **kwargs):
            listings.append(str(path))
            return real(path, *args, **kwargs)

        monkeypatch.setattr(os, "listdir", listed)
        # A new journal entry each time, so no cache can hide a per-row read.
        for _ in range(2):
            (Journal(source.data_dir).folder / "x.tmp").touch()
            screen.show_data()
            (Journal(source.data_dir).folder / "x.tmp").unlink()
        monkeypatch.setattr(os, "listdir", real)
        # Each redraw lists the journal a fixed number of times (the table, the summary's
        # overdue count, the highlighted row's sentence), however many rows it has.
        assert 0 < len(listings) <= 2 * 3 < rows * 2


async def test_a_modal_screen_follows_new_data_without_polling(
    workdir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real_interval = SampleScreen.set_interval

    def no_polling(screen, interval, callback=None, *args, **kwargs):
        # Textual's own timers (the screen's repaint) run; one of ours would be polling.
        if getattr(callback, "__module__", "").startswith("floorwatch"):
            raise AssertionError(f"the sample screen polls ({callback})")
        return real_interval(screen, interval, callback, *args, **kwargs)

    monkeypatch.setattr(SampleScreen, "set_interval", no_polling)
    source = make_floor(workdir, until=time(10, 0))
    clock = Clock(NOW)
    app = build_app(source, clock, team="North")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await pilot.press("o")
        await settle(app, pilot)
        form = app.screen
        assert isinstance(form, SampleScreen)
        await wait_for(lambda: "month" in app.period_results, pilot)
        first = app.period_results["month"]
        await wait_for(lambda: first.period.start in form.months, pilot)
        assert form.months[first.period.start] is first
        # New exports land: the day's as-of moves and the month result goes; only the open
        # form wants a month, and it asks again when told of the new data (no polling).
        make_floor(workdir, until=time(11, 0))
        app.refresh_data()
        await wait_for(
            lambda: (
                "month" in app.period_results and app.period_results["month"].as_of > first.as_of
            ),
            pilot,
        )
        assert app.screen is form


async def test_a_worker_failing_unexpectedly_is_told_to_the_user(source: FloorSource) -> None:
    from floorwatch.screens.coaching.save import save

    def broken() -> None:
        raise RuntimeError("the journal folder vanished")

    app = build_app(source, Clock(NOW), team="North")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        app.clear_notifications()
        save(app.screen, broken)
        await wait_for(lambda: bool(app._notifications), pilot)
        [notice] = list(app._notifications)
        assert notice.title == "Could not save to the coaching journal"
        assert "RuntimeError: the journal folder vanished" in notice.message
        assert notice.severity == "error"
        assert isinstance(app.screen, TeamScreen)  # the app goes on


async def test_period_results_stay_while_the_data_stays(workdir: Path) -> None:
    """A refresh that reads the same exports as of the same moment keeps the week and
    month results (no period check again); a new export drops them."""
    source = make_floor(workdir, until=time(10, 0))
    app = build_app(source, Clock(NOW), team="North")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        app.request_period("week")
        await wait_for(lambda: "week" in app.period_results, pilot, timeout=60.0)
        week = app.period_results["week"]
        app.refresh_data()  # nothing new in the drop folder
        await settle(app, pilot)
        assert app.period_results.get("week") is week
        make_floor(workdir, until=time(11, 0))
        app.refresh_data()
        await wait_for(lambda: app.result.as_of > week.as_of, pilot)
        assert "week" not in app.period_results
