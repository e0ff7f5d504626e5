"""`floorwatch demo`: the live floor on a simulated floor in a temporary folder, no setup.

The simulator refreshes the exports on a fast clock (one simulated minute per second by
default) and the app judges staleness and the daily slots by that simulated clock. A few
earlier working days are checked and recorded first, in the background, so trends show.
"""

from __future__ import annotations

import argparse
import shutil
import tempfile
import threading
import time as time_module
from datetime import date, datetime, time, timedelta
from pathlib import Path

from floorwatch.commands.simulate import floor_spec
from floorwatch.settings import Config, load_config
from floorwatch.simulate import FloorSpec, LiveFloor, write_config, write_day
from floorwatch.simulate.history import fill_history, weeks_before

#: Earlier working days checked and recorded before today, enough for a trend (3 of 5).
HISTORY_DAYS = 4
#: Earlier weeks stored before the app opens: previous periods and trend lines at once.
#: Three keep start-up under 2 s (~35 ms a working day on a demo-sized floor).
HISTORY_WEEKS = 3
#: Seconds the demo waits for the floor thread to stop on exit.
_JOIN_SECONDS = 5.0


def _clock(text: str) -> time:
    try:
        return datetime.strptime(text.strip(), "%H:%M").time()
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a time HH:MM") from None


def add_parser(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "demo",
        help="open the live floor on a simulated floor (no setup, nothing kept)",
        description="Simulate a floor in a temporary folder, refresh its exports on a fast "
        "clock, and open the live floor on it. Everything is deleted on exit.",
    )
    parser.add_argument("--seed", type=int, default=7, help="which floor (default: 7)")
    parser.add_argument("--teams", type=int, default=6, help="teams (default: 6)")
    parser.add_argument("--size", type=int, default=12, help="caseworkers per team (default: 12)")
    parser.add_argument(
        "--start", type=_clock, default=time(10, 30), metavar="HH:MM", help="simulated start"
    )
    parser.add_argument(
        "--speed", type=float, default=60.0, help="simulated seconds per second (default: 60)"
    )
    parser.add_argument("--team", metavar="NAME", help="open on this team")
    parser.add_argument(
        "--no-calls",
        action="store_true",
        help="leave out the Genesys Cloud (call centre) exports",
    )
    parser.add_argument(
        "--weeks",
        type=int,
        default=HISTORY_WEEKS,
        help=f"earlier weeks of history to store first (default: {HISTORY_WEEKS})",
    )
    parser.set_defaults(run=run)


def working_days_before(day: date, count: int) -> list[date]:
    """The `count` Monday-to-Friday days before `day`, oldest first."""
    days: list[date] = []
    current = day
    while len(days) < count:
        current -= timedelta(days=1)
        if current.weekday() < 5:
            days.append(current)
    return sorted(days)


def record_history(
    folder: Path, spec: FloorSpec, config: Config, days: list[date], stop: threading.Event
) -> None:
    """Check and record each earlier day at its end, as the daily slots would have."""
    from floorwatch.service import CheckRequest, run_check

    for day in days:
        if stop.is_set():  # the user quit already: the folder is about to go
            return
        staging = folder / "earlier" / day.isoformat()
        write_day(staging, spec, day)
        run_check(
            CheckRequest(
                config=config,
                drop_dir=staging,
                data_dir=folder / "history",
                at=datetime.combine(day, time(16, 30)),
                trigger="demo history",
                # Its trends are not read; quick, so that quitting early is not held up.
                backfill_trends=False,
            )
        )


def run(args: argparse.Namespace) -> int:
    """Run the simulated floor in a thread and the app in front of it; clean up on exit."""
    from floorwatch.app import FloorwatchApp
    from floorwatch.live import FloorSource

    today = date.today()
    spec = floor_spec(args, today)
    # ignore_cleanup_errors: on Windows a file still open (a thread not yet stopped, a
    # virus scanner) cannot be deleted; a leftover temp folder must not end in a traceback.
    with tempfile.TemporaryDirectory(prefix="floorwatch-demo-", ignore_cleanup_errors=True) as tmp:
        folder = Path(tmp)
        config = load_config(write_config(folder, spec, today=today, clock="exports"))
        floor = LiveFloor(folder, spec, day=today, start=args.start, speed=args.speed)
        floor.export(floor.now())  # the first screen has data at once
        stop = threading.Event()
        # The earlier weeks are stored beside the app (they take longer than the first
        # screen may); weeks, months and trend lines wait for them, so that a finished
        # week is never checked half-stored.
        history_ready = threading.Event()

        def store_weeks() -> None:
            try:
                weeks = weeks_before(today, max(args.weeks, 0))
                fill_history(folder / "history", spec, config, weeks, stop)
            finally:
                history_ready.set()

        def simulate() -> None:
            record_history(folder, spec, config, working_days_before(today, HISTORY_DAYS), stop)
            floor.run(stop)

        # Two threads: the recorded days behind today's trending flags must not wait
        # for the weeks (the store's lock takes their writes in turn).
        threads = [
            threading.Thread(target=store_weeks, name="demo weeks", daemon=True),
            threading.Thread(target=simulate, name="demo floor", daemon=True),
        ]
        for thread in threads:
            thread.start()
        try:
            FloorwatchApp(
                FloorSource(
                    config,
                    folder,
                    folder / "history",
                    clock=floor.now,
                    history_ready=history_ready,
                ),
                clock=floor.now,
                team=args.team,
                # The simulator renames or rewrites its files within milliseconds.
                settle_seconds=0.5,
            ).run()
        finally:
            stop.set()
            for thread in threads:
                thread.join(_JOIN_SECONDS)
            _remove_folder(folder)
    return 0


def _remove_folder(folder: Path) -> None:
    """Delete the demo's folder, trying again for a moment: a thread finishing its last
    write, or (Windows) a file still open, can make one attempt fail. What still cannot
    go is left in the temp folder, never a traceback."""
    for delay in (0.1, 0.3, 1.0, None):
        shutil.rmtree(folder, ignore_errors=True)
        if not folder.exists() or delay is None:
            return
        time_module.sleep(delay)
