"""`floorwatch report mi` for a year of a large floor's history, from summaries.

    python benchmarks/report_mi.py [--caseworkers 2000] [--months 12] [--repeat 3] [--keep DIR]

Stores `--months` months of a simulated floor's end-of-day exports in a history
(`simulate.history.fill_history`: what the app keeps as the files land), ending on
31 March 2026, so that the fiscal year April 2025 .. March 2026 is covered. Then records
one month check per month with its day summaries kept, as the app's recorded runs leave
them. Then times the return itself — `floorwatch report mi --format xlsx -o FILE`: one
month check per fiscal month (from the summaries) and the layout — in this process
(median of `--repeat`) and once as a fresh process (imports included).

Making the history is the slow part (about 2.5 s a day for 2,000 caseworkers on one
core): `--keep DIR` keeps it for the next run.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

from floorwatch import cli
from floorwatch.reports.mi_gather import fiscal_months, month_end
from floorwatch.service import CheckRequest, run_check
from floorwatch.settings import load_config
from floorwatch.simulate import FloorSpec, write_config
from floorwatch.simulate.history import fill_history

LAST_DAY = date(2026, 3, 31)
TEAM_SIZE = 20


def working_days(first: date, last: date) -> list[date]:
    days = (first + timedelta(days=i) for i in range((last - first).days + 1))
    return [d for d in days if d.weekday() < 5]


def make_history(folder: Path, caseworkers: int, months: int) -> None:
    """The floor's config and `months` months of history in `folder` (kept when a
    previous run made the same)."""
    marker = folder / "benchmark.json"
    wanted = {"caseworkers": caseworkers, "months": months, "last_day": LAST_DAY.isoformat()}
    if marker.is_file() and json.loads(marker.read_text()) == wanted:
        print(f"history: kept from an earlier run in {folder}")
        return
    spec = FloorSpec(seed=7, teams=caseworkers // TEAM_SIZE, size=TEAM_SIZE, turnover_on=LAST_DAY)
    config = load_config(write_config(folder, spec, today=LAST_DAY))
    month_list = fiscal_months(2025, 4)[-months:]
    days = working_days(month_list[0], LAST_DAY)
    started = time.perf_counter()
    fill_history(folder / "history", spec, config, days)
    stored = time.perf_counter() - started
    print(f"history: {len(days)} working days of {caseworkers} caseworkers in {stored:.0f} s")
    started = time.perf_counter()
    for month in month_list:
        # What the app's recorded month runs leave behind: the day summaries.
        run_check(
            CheckRequest(
                config,
                None,
                folder / "history",
                at=month_end(month),
                period="month",
                store_exports=False,
                record_run=False,
                keep_summaries=True,
                backfill_trends=False,
            )
        )
    print(f"summaries: {months} recorded month checks in {time.perf_counter() - started:.0f} s")
    marker.write_text(json.dumps(wanted))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--caseworkers", type=int, default=2000, help="floor size (default 2000)")
    parser.add_argument("--months", type=int, default=12, help="months of history (default 12)")
    parser.add_argument("--repeat", type=int, default=3, help="timed runs (default 3)")
    parser.add_argument("--keep", type=Path, help="make (or reuse) the history here")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="floorwatch-mi-bench-") as tmp:
        folder = args.keep or Path(tmp)
        folder.mkdir(parents=True, exist_ok=True)
        make_history(folder, args.caseworkers, args.months)
        argv = [
            "report",
            "mi",
            "--config",
            str(folder / "config"),
            "--data",
            str(folder / "history"),
            "--format",
            "xlsx",
            "-o",
            str(Path(tmp) / "mi.xlsx"),
        ]
        times = []
        for _ in range(args.repeat):
            started = time.perf_counter()
            assert cli.main(argv) == 0
            times.append(time.perf_counter() - started)
        started = time.perf_counter()
        subprocess.run([sys.executable, "-m", "floorwatch", *argv], check=True)
        fresh = time.perf_counter() - started
    print(
        f"report mi, {args.caseworkers} caseworkers, {args.months} months: "
        f"median {statistics.median(times):.2f} s in process "
        f"(runs: {', '.join(f'{t:.2f}' for t in times)}), {fresh:.2f} s as a fresh process"
    )


if __name__ == "__main__":
    main()
