"""Building the TUI on a simulated floor for tests: fixed seed, day and clock."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from datetime import date, datetime, time
from pathlib import Path

from textual.pilot import Pilot

from floorwatch.app import FloorwatchApp
from floorwatch.live import FloorSource
from floorwatch.settings import load_config
from floorwatch.simulate import FloorSpec, plant, write_config, write_day

#: A Monday; three teams of six keep every table on one 80x24 screen.
DAY = date(2026, 11, 23)
SPEC = FloorSpec(seed=7, teams=3, size=6)
#: The data's as-of moment: the simulated exports stop here.
UNTIL = time(11, 0)


class Clock:
    """An injectable clock a test moves by hand."""

    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


def make_floor(folder: Path, *, until: time = UNTIL, spec: FloorSpec = SPEC) -> FloorSource:
    """A drop folder holding the simulated floor's exports as of `until`, and its config."""
    config = load_config(write_config(folder, spec, today=DAY))
    write_day(folder, spec, DAY, until=until)
    return FloorSource(config, folder, folder / "history", by="tester")


def planted(spec: FloorSpec = SPEC):
    """Who was planted as which problem on the test floor."""
    return plant(spec)


def build_app(
    source: FloorSource,
    clock: Callable[[], datetime] | None = None,
    *,
    watch: bool = False,
    settle_seconds: float = 0.2,
    **kwargs,
) -> FloorwatchApp:
    """The app on `source`; no watcher unless asked, no timer-driven slots (tests tick)."""
    return FloorwatchApp(
        source,
        clock=clock or Clock(datetime.combine(DAY, time(11, 5))),
        watch=watch,
        settle_seconds=settle_seconds,
        rescan_seconds=1.0,
        tick_seconds=3600.0,
        **kwargs,
    )


async def settle(app: FloorwatchApp, pilot: Pilot) -> None:
    """Wait for every check worker (not the endless watcher), then for the screen."""
    busy = [w for w in app.workers if w.group != "watch"]
    if busy:  # an empty list would mean "every worker" to wait_for_complete
        await app.workers.wait_for_complete(busy)
    await pilot.pause()


def bar_text(app: FloorwatchApp) -> str:
    """The header line's text as a person reads it."""
    return app.screen.query_one("#age").render().plain


async def wait_for(condition: Callable[[], bool], pilot: Pilot, timeout: float = 10.0) -> None:
    """Let the app run until `condition()` holds (the watcher works in real time)."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while not condition():
        assert loop.time() < deadline, "timed out waiting for the app"
        await pilot.pause(0.05)
