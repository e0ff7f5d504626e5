"""What the roster's people and their scheduled days cost a month check (issue 13).

    python benchmarks/roster_cost.py [--caseworkers 1000] [--days 22] [--repeat 5]

Simulates a month (rostered floor: Work Days, FTE, leave, a no-show, a leaver), ingests
it into a store with day summaries (as the app does while the exports land), then times
in one process, alternating so that machine noise hits both alike, the warm month check
with the config as written against the same check with an empty roster and no leave
(nobody scheduled: the version-1 engine's work). Prints medians and their ratio. Target:
scheduling everyone costs no more than a few percent.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from dataclasses import replace
from datetime import date, datetime
from pathlib import Path

from month_check import working_days  # benchmarks/: the month benchmark's days

from floorwatch.service import CheckRequest, run_check
from floorwatch.settings import Config, load_config
from floorwatch.settings.leave import empty_leave
from floorwatch.settings.roster import empty_roster
from floorwatch.simulate import FloorSpec, write_config, write_month


def _month_check(config: Config, data: Path, at: datetime) -> float:
    started = time.perf_counter()
    result = run_check(
        CheckRequest(
            config, None, data, at=at, period="month", store_exports=False, record_run=False
        )
    )
    assert result.workers
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--caseworkers", type=int, default=1000)
    parser.add_argument("--days", type=int, default=22)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    days = working_days(date(2026, 11, 30), args.days)
    size = 12
    spec = FloorSpec(seed=3, teams=max(1, args.caseworkers // size), size=size)
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        config = load_config(write_config(root / "config", spec, today=days[-1]))
        drop, data = root / "drop", root / "data"
        write_month(drop, spec, days)
        at = datetime.combine(days[-1], datetime.max.time())
        # Ingest once and keep the day summaries: both runs then read the same history.
        run_check(CheckRequest(config, drop, data, at=at, period="month", record_run=False))
        unscheduled = replace(config, roster=empty_roster(), leave=empty_leave())
        rostered = sum(1 for _ in config.roster.iter_rows())
        _month_check(config, data, at), _month_check(unscheduled, data, at)  # warm-up
        with_roster: list[float] = []
        without: list[float] = []
        for _ in range(args.repeat):
            with_roster.append(_month_check(config, data, at))
            without.append(_month_check(unscheduled, data, at))
    mine, base = statistics.median(with_roster), statistics.median(without)
    print(f"{spec.teams * spec.size} caseworkers ({rostered} rostered), {len(days)} days")
    print(f"warm month check, nobody scheduled (empty roster): {base:.3f} s")
    print(f"warm month check, the roster scheduled:            {mine:.3f} s")
    print(f"ratio: {mine / base:.2f}x (medians of {args.repeat}, alternating)")


if __name__ == "__main__":
    main()
