"""What trends from the history cost (spec v2, item 7): a check with a 5-day trend window
whose past days have no recorded run, against the same check with nothing to backfill.

    python benchmarks/trend_backfill.py [--teams 10] [--size 20] [--weeks 2] [--repeat 3]

Simulates a floor with `--weeks` of history (`floorwatch simulate --weeks`), then times,
for the day, the week and the month: the check with `trend_window_days = 1` (no past day: the cost
of the check itself), the first check with a 5-day window (every past day judged by a
check as of its newest export, and the answers kept), and the next ones (the kept answers
read back). Prints medians in seconds.
"""

from __future__ import annotations

import argparse
import dataclasses
import shutil
import statistics
import tempfile
import time
from datetime import date
from pathlib import Path

from floorwatch import cli
from floorwatch.service import CheckRequest, run_check, trend_days
from floorwatch.settings import load_config


def timed(request: CheckRequest) -> float:
    start = time.perf_counter()
    run_check(request)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--teams", type=int, default=10)
    parser.add_argument("--size", type=int, default=20)
    parser.add_argument("--weeks", type=int, default=2)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    day = date(2026, 11, 27)  # a Friday: the week has four days before it
    with tempfile.TemporaryDirectory() as tmp:
        drop = Path(tmp) / "floor"
        cli.main(
            ["simulate", str(drop), "--teams", str(args.teams), "--size", str(args.size),
             "--weeks", str(args.weeks), "--date", day.isoformat(), "--until", "16:30"]
        )  # fmt: skip
        config = load_config(drop / "config")
        history = drop / "history"
        pristine = Path(tmp) / "pristine"
        print(f"floor: {args.teams * args.size} caseworkers, {args.weeks} weeks of history")
        for period in ("day", "week", "month"):
            base = CheckRequest(config, drop, history, period=period, record_run=False)
            one = dataclasses.replace(
                config, settings=dataclasses.replace(config.settings, trend_window_days=1)
            )
            timed(dataclasses.replace(base, config=one))  # warm-up: stores the drop's exports
            without = [timed(dataclasses.replace(base, config=one)) for _ in range(args.repeat)]
            if not pristine.exists():  # the drop's exports stored, no trend answer kept
                shutil.copytree(history, pristine)
            cold = []
            for _ in range(args.repeat):
                # The history as it was before any trend answer was kept.
                trend_days._judged.clear()
                shutil.rmtree(history)
                shutil.copytree(pristine, history)
                cold.append(timed(base))
            trend_days._judged.clear()  # a new process: the store's kept answers only
            warm = [timed(base) for _ in range(args.repeat)]
            print(
                f"{period}: no past day {statistics.median(without):.2f} s · 5-day window, "
                f"first {statistics.median(cold):.2f} s · kept {statistics.median(warm):.2f} s"
            )


if __name__ == "__main__":
    main()
