"""How the app feels on a big floor: first screen, refresh-to-screen, key-to-screen.

    python benchmarks/tui_latency.py [--teams 170] [--size 12] [--repeat 5]

Runs the real app headless (`App.run_test`) on a simulated floor of teams x size
caseworkers, with the real drop-folder watcher, and reports medians:
- start to first screen with data;
- key to screen: cursor moves, opening a team / a caseworker, going back;
- refresh: from a new export complete on disk to the new as-of on screen (the watcher's
  settle time, 0.5 s here, included);
- the slowest key press while a refresh is being computed.
Targets (issue 3): first screen < 2 s, refresh visible < 1 s after the file is complete,
key response < 100 ms. Pilot's own `pause()` costs tens of ms; it is measured and shown.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import tempfile
import time as clock
from datetime import date, datetime, time
from pathlib import Path

from floorwatch.app import FloorwatchApp
from floorwatch.settings import load_config
from floorwatch.simulate import FloorSpec, write_config, write_day
from floorwatch.watcher import FloorSource

DAY = date(2026, 11, 23)


def ms(seconds: list[float]) -> str:
    return f"median {1000 * statistics.median(seconds):4.0f} ms (max {1000 * max(seconds):.0f})"


async def measure(teams: int, size: int, repeat: int) -> None:
    folder = Path(tempfile.mkdtemp())
    spec = FloorSpec(seed=7, teams=teams, size=size)
    config = load_config(write_config(folder, spec, today=DAY))
    write_day(folder, spec, DAY, until=time(10, 0))
    source = FloorSource(config, folder, folder / "history", by="bench")
    app = FloorwatchApp(
        source,
        clock=lambda: datetime.combine(DAY, time(10, 5)),
        watch=True,
        settle_seconds=0.5,
        rescan_seconds=1.0,
        tick_seconds=3600.0,
    )
    started = clock.perf_counter()
    async with app.run_test(size=(160, 50)) as pilot:
        while app.result is None:
            await pilot.pause(0.01)
        await pilot.pause()
        first = clock.perf_counter() - started
        print(f"floor: {len(app.result.workers)} caseworkers in {len(app.result.teams)} teams")
        print(f"start to first screen with data: {first:.2f} s")

        async def key(*keys: str) -> float:
            t = clock.perf_counter()
            await pilot.press(*keys)
            await pilot.pause()
            return clock.perf_counter() - t

        pauses = []
        for _ in range(repeat):
            t = clock.perf_counter()
            await pilot.pause()
            pauses.append(clock.perf_counter() - t)
        print(f"Pilot pause() alone            {ms(pauses)}")
        moves, opens, backs, drills = [], [], [], []
        for _ in range(repeat):
            opens.append(await key("enter"))  # floor -> team
            moves.append(await key("down"))
            drills.append(await key("enter"))  # team -> caseworker
            backs.append(await key("escape"))
            backs.append(await key("escape"))
            moves.append(await key("down"))
        print(f"cursor move                    {ms(moves)}")
        print(f"open a team                    {ms(opens)}")
        print(f"open a caseworker              {ms(drills)}")
        print(f"back (escape)                  {ms(backs)}")

        refreshes, worst = [], []
        for i in range(repeat):
            until = time(10, 30 + 5 * i)
            write_day(folder, spec, DAY, until=until)
            written = clock.perf_counter()
            slowest = 0.0
            while app.result.as_of.time() != until:
                slowest = max(slowest, await key("down" if i % 2 else "up"))
            refreshes.append(clock.perf_counter() - written)
            worst.append(slowest)
        print(f"refresh: file complete -> screen {ms(refreshes)} (0.5 s settle included)")
        print(f"slowest key during a refresh   {ms(worst)}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--teams", type=int, default=170)
    parser.add_argument("--size", type=int, default=12)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    asyncio.run(measure(args.teams, args.size, args.repeat))


if __name__ == "__main__":
    main()
