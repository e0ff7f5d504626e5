"""A drop folder nobody cleans: `floorwatch check` beside 100,000 small files.

    python benchmarks/drop_folder_100k.py [--files 100000] [--repeat 3]

Simulates a real floor (3 teams of 12, the exports of a day to 11:00) in a drop folder
that also holds `--files` small CSV files that are no export, written a day ago (a
folder where other tools leave their own files: each must still be read and reported in
`errors`), then
times `floorwatch check --format json --no-record` as a process, end to end (imports,
the scan, the floor, the JSON of 100,000 errors), `--repeat` times, and prints the
median. Target (issue 12, item 11): under 10 s on the 2-core test machine. Version 1
took 7 s for 10,000 files and 45 s for 20,000 (a list searched once per file).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date
from datetime import time as clock
from pathlib import Path

from floorwatch.simulate import FloorSpec, write_config, write_day

DAY = date(2026, 11, 23)


def build(folder: Path, files: int) -> Path:
    """The floor's config and exports, plus `files` small non-export CSV files."""
    config = write_config(folder, FloorSpec(seed=7, teams=3, size=12), today=DAY)
    write_day(folder, FloorSpec(seed=7, teams=3, size=12), DAY, until=clock(11, 0))
    yesterday = time.time() - 86_400
    for i in range(files):
        path = folder / f"other_{i:06d}.csv"
        path.write_bytes(f"Name,Value\nitem {i},{i}\n".encode())
        # Left there long ago, as in a folder nobody cleans (a file changed in the last
        # minute is also checked for being half-written: see --fresh).
        os.utime(path, (yesterday, yesterday))
    return config


def run_once(config: Path, folder: Path) -> tuple[float, float, dict]:
    """One `floorwatch check` process: (wall seconds, CPU seconds, its JSON)."""
    before = os.times()
    start = time.perf_counter()
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "floorwatch",
            "check",
            "--config",
            str(config),
            "--drop",
            str(folder),
            "--data",
            str(folder / "history"),
            "--format",
            "json",
            "--no-record",
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    seconds = time.perf_counter() - start
    after = os.times()
    cpu = (after.children_user - before.children_user) + (
        after.children_system - before.children_system
    )
    if done.returncode not in (0, 1):
        raise SystemExit(f"check failed ({done.returncode}): {done.stderr.strip()}")
    return seconds, cpu, json.loads(done.stdout)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="floorwatch-100k-") as tmp:
        folder = Path(tmp)
        made = time.perf_counter()
        config = build(folder, args.files)
        print(f"wrote {args.files:,} small files and a floor in {time.perf_counter() - made:.1f} s")
        times, cpus = [], []
        for _ in range(args.repeat):
            seconds, used, result = run_once(config, folder)
            times.append(seconds)
            cpus.append(used)
            print(f"  check: {seconds:.2f} s (CPU {used:.2f} s)")
        cpu = sorted(cpus)
        others = sum(1 for e in result["errors"] if e["file"].startswith("other_"))
        print(
            f"floor: {len(result['workers'])} caseworkers from {len(result['sources'])} exports;"
            f" {others:,} other files reported in errors"
        )
        print(f"median of {args.repeat}: {statistics.median(times):.2f} s for {args.files:,} files")
        print(f"CPU (user + sys) of the median run's process: {cpu[len(cpu) // 2]:.2f} s")


if __name__ == "__main__":
    main()
