"""The Performance screen on a statewide floor with a quarter of history, and demo start-up.

    python benchmarks/performance_screen.py [--teams 170] [--size 12] [--weeks 13] [--repeat 3]
    python benchmarks/performance_screen.py --demo [--repeat 5]

Floor: teams x size caseworkers, `--weeks` earlier weeks stored in the history
(`simulate.history.fill_history`; kept in a cache folder between runs, since storing a
quarter of a 2,040-caseworker floor takes minutes), today as of 10:00 in the drop folder.
The real app runs headless; from the floor, per repeat:
- `r`: key to the first frame of the Performance screen (its loading state) and to the
  frame with the week's numbers (the current week, its previous week and last year's
  checked by run_check in a thread, then four weeks of trend lines);
- `m`: the same for the month; `<`: one month back (three checks again);
- the key response while `m` and `<` compute: cursor moves sent every 50 ms over the
  rows on show (the period before, dimmed), each timed from the key reaching the app to
  the frame showing the cursor moved (as in tui_latency.py). The first `r` shows an
  empty table while it computes, so there is no cursor to move yet.
Each repeat opens the screen afresh (a new screen has no cached periods).

--demo: `floorwatch demo`'s start-up (default floor, three weeks of history stored
first): from the start to the first screen with data.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import tempfile
import time as clock
from datetime import date, datetime, time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from tui_latency import Frames, cursor_moved

from floorwatch.app import FloorwatchApp
from floorwatch.live import FloorSource
from floorwatch.screens.floor import FloorScreen
from floorwatch.screens.performance import PerformanceScreen
from floorwatch.settings import load_config
from floorwatch.simulate import FloorSpec, LiveFloor, write_config, write_day
from floorwatch.simulate.history import fill_history, weeks_before

DAY = date(2026, 11, 25)  # a Wednesday


def median_ms(values: list[float]) -> str:
    return f"median {1000 * statistics.median(values):5.0f} ms (max {1000 * max(values):.0f})"


def prepare(teams: int, size: int, weeks: int) -> Path:
    """The floor's folder, built once per (teams, size, weeks) and reused."""
    folder = Path(tempfile.gettempdir()) / f"floorwatch-bench-perf-{teams}x{size}-{weeks}w"
    spec = FloorSpec(seed=7, teams=teams, size=size)
    done = folder / ".complete"
    if not done.exists():
        config = load_config(write_config(folder, spec, today=DAY))
        started = clock.perf_counter()
        days = weeks_before(DAY, weeks)
        fill_history(folder / "history", spec, config, days)
        print(f"stored {len(days)} days of history in {clock.perf_counter() - started:.0f} s")
        done.write_text("")
    write_day(folder, spec, DAY, until=time(10, 0))
    return folder


def loading(app: FloorwatchApp) -> bool:
    """The Performance screen is shown (with its loading state, or already its data)."""
    return isinstance(app.screen, PerformanceScreen) and app.screen.view is not None


def loaded(app: FloorwatchApp) -> bool:
    screen = app.screen
    if not isinstance(screen, PerformanceScreen) or screen.view is None:
        return False
    return screen.view in screen.cache.results and screen.view in screen.cache.series


async def wait_until(condition, timeout: float = 120.0) -> float:
    started = clock.perf_counter()
    while not condition():
        await asyncio.sleep(0.005)
        if clock.perf_counter() - started > timeout:
            raise TimeoutError("the screen never showed its data")
    return clock.perf_counter()


async def keys_while(app: FloorwatchApp, frames: Frames, busy) -> list[float]:
    """Cursor moves every 50 ms while `busy()`; each key's time to its frame."""
    times = []
    while busy():
        step = "up" if app.screen.query_one("KeyedTable").cursor_row else "down"
        times.append(await frames.key(step, cursor_moved(app), settled=False))
        await asyncio.sleep(0.05)
    return times


async def measure(teams: int, size: int, weeks: int, repeat: int) -> None:
    folder = prepare(teams, size, weeks)
    config = load_config(folder / "config")
    source = FloorSource(config, folder, folder / "history", by="bench")
    app = FloorwatchApp(
        source,
        clock=lambda: datetime.combine(DAY, time(10, 5)),
        watch=False,
        tick_seconds=3600.0,
    )
    figures: dict[str, list[float]] = {}

    def add(name: str, value: float | list[float]) -> None:
        figures.setdefault(name, []).extend(value if isinstance(value, list) else [value])

    async with app.run_test(size=(160, 50)) as pilot:
        frames = Frames(app)
        await wait_until(lambda: app.result is not None)
        await pilot.pause()
        print(f"floor: {len(app.result.workers)} caseworkers in {len(app.result.teams)} teams")
        for _ in range(repeat):
            sent = clock.perf_counter()
            add("r: key to screen (loading)", await frames.key("r", lambda: loading(app)))
            add("r: key to the week's numbers", await wait_until(lambda: loaded(app)) - sent)
            sent = clock.perf_counter()
            await frames.key("m", lambda: app.screen.view.kind == "month", settled=False)
            add(
                "keys while the month computes",
                await keys_while(app, frames, lambda: not loaded(app)),
            )
            add("m: key to the month's numbers", await wait_until(lambda: loaded(app)) - sent)
            sent = clock.perf_counter()
            start = app.screen.view.start
            await frames.key(
                "less_than_sign", lambda s=start: app.screen.view.start != s, settled=False
            )
            add(
                "keys while last month computes",
                await keys_while(app, frames, lambda: not loaded(app)),
            )
            add("<: key to last month's numbers", await wait_until(lambda: loaded(app)) - sent)
            await frames.key("escape", lambda: isinstance(app.screen, FloorScreen))
            await app.workers.wait_for_complete()
    for name, values in figures.items():
        print(f"{name:34} {median_ms(values)}  n={len(values)}")


async def demo_start(repeat: int) -> None:
    """`floorwatch demo`'s own steps, timed to the first screen with data."""
    spec = FloorSpec(seed=7, teams=6, size=12)
    times, fills = [], []
    for _ in range(repeat):
        with tempfile.TemporaryDirectory() as tmp:
            started = clock.perf_counter()
            folder = Path(tmp)
            today = DAY
            config = load_config(write_config(folder, spec, today=today))
            fill_history(folder / "history", spec, config, weeks_before(today, 3))
            fills.append(clock.perf_counter() - started)
            floor = LiveFloor(folder, spec, day=today, start=time(10, 30), speed=60.0)
            floor.export(floor.now())
            app = FloorwatchApp(
                FloorSource(config, folder, folder / "history", clock=floor.now),
                clock=floor.now,
                watch=False,
                tick_seconds=3600.0,
            )
            async with app.run_test(size=(120, 40)) as pilot:
                await wait_until(lambda a=app: a.result is not None)
                await pilot.pause()
                times.append(clock.perf_counter() - started)
    print(f"demo: storing 3 weeks of history      {median_ms(fills)}")
    print(f"demo: start to first screen with data {median_ms(times)}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--teams", type=int, default=170)
    parser.add_argument("--size", type=int, default=12)
    parser.add_argument("--weeks", type=int, default=13)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--demo", action="store_true", help="time the demo's start-up instead")
    args = parser.parse_args()
    if args.demo:
        asyncio.run(demo_start(args.repeat))
    else:
        asyncio.run(measure(args.teams, args.size, args.weeks, args.repeat))


if __name__ == "__main__":
    main()
