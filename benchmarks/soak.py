"""Soak: the live simulator refreshing every second beside a headless app, for N minutes.

    python benchmarks/soak.py [--minutes 30] [--teams 6] [--size 12] [--every 5] [--whole-day]

Runs the real app (`App.run_test`, real drop watcher, settle 0.3 s) on a simulated floor
whose exports are rewritten once per wall second (temp-then-rename, every fourth in place
in two chunks), and prints this process's resident memory (VmRSS), open file handles
(/proc/self/fd) and threads at the start, every `--every` minutes, and at the end, with
how many refreshes reached the screen. Linux only (/proc). Not run in CI.

By default the simulated clock runs at wall speed from 10:00, so the exports grow as
they do on a real floor in those minutes while being rewritten every second: what the
process keeps per refresh shows as growth. With --whole-day the day (08:30-17:00) is
squeezed into the run instead: the exports grow to a full day's, and memory follows the
data.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import tempfile
import threading
import time as wall
from datetime import date, time
from pathlib import Path

from floorwatch.app import FloorwatchApp
from floorwatch.live import FloorSource
from floorwatch.settings import load_config
from floorwatch.simulate import FloorSpec, LiveFloor, write_config
from floorwatch.simulate.live import DAY_END

DAY = date(2026, 11, 23)
DAY_START = time(8, 30)
MID_MORNING = time(10, 0)


def rss_mib() -> float:
    """This process's resident set size in MiB (VmRSS)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError("no VmRSS in /proc/self/status")


def open_files() -> int:
    return len(os.listdir("/proc/self/fd"))


async def soak(minutes: float, teams: int, size: int, every: float, whole_day: bool) -> None:
    folder = Path(tempfile.mkdtemp(prefix="floorwatch-soak-"))
    spec = FloorSpec(seed=7, teams=teams, size=size)
    config = load_config(write_config(folder, spec, today=DAY))
    # One refresh per wall second; the simulated day lasts exactly the run, or runs at
    # wall speed from mid-morning.
    start = DAY_START if whole_day else MID_MORNING
    day_minutes = (DAY_END.hour * 60 + DAY_END.minute) - (start.hour * 60 + start.minute)
    speed = day_minutes * 60 / (minutes * 60) if whole_day else 1.0
    floor = LiveFloor(folder, spec, day=DAY, start=start, speed=speed, refresh_minutes=speed / 60)
    floor.export(floor.now())  # something to show at once
    stop = threading.Event()
    thread = threading.Thread(target=floor.run, args=(stop,), name="soak floor", daemon=True)
    source = FloorSource(config, folder, folder / "history", clock=floor.now)
    app = FloorwatchApp(source, clock=floor.now, settle_seconds=0.3, rescan_seconds=30.0)
    seen: set[object] = set()
    started = wall.monotonic()

    def report(label: str) -> None:
        elapsed = (wall.monotonic() - started) / 60
        print(
            f"{label:>6} {elapsed:6.1f} min  rss {rss_mib():7.1f} MiB  fds {open_files():3d}  "
            f"threads {threading.active_count():2d}  refreshes on screen {len(seen):5d}  "
            f"exports written {floor.refreshes:5d}",
            flush=True,
        )

    print(f"drop folder {folder}; {teams} teams x {size}; speed x{speed:.0f}", flush=True)
    async with app.run_test(size=(120, 40)) as pilot:
        thread.start()
        await pilot.pause(2.0)  # first screen, first check
        if app.result is not None:
            seen.add(app.result.as_of)
        report("start")
        next_report = wall.monotonic() + every * 60
        end = started + minutes * 60
        while wall.monotonic() < end:
            await pilot.pause(0.25)
            if app.result is not None:
                seen.add(app.result.as_of)
            if wall.monotonic() >= next_report:
                report("")
                next_report += every * 60
        report("end")
        stop.set()
    thread.join(5.0)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--minutes", type=float, default=30.0, help="how long (default 30)")
    parser.add_argument("--teams", type=int, default=6, help="teams (default 6)")
    parser.add_argument("--size", type=int, default=12, help="caseworkers per team (default 12)")
    parser.add_argument("--every", type=float, default=5.0, help="report every N minutes")
    parser.add_argument(
        "--whole-day",
        action="store_true",
        help="squeeze the simulated day (08:30-17:00) into the run (memory follows the data)",
    )
    args = parser.parse_args()
    every = min(args.every, args.minutes)
    asyncio.run(soak(args.minutes, args.teams, args.size, every, args.whole_day))


if __name__ == "__main__":
    main()
