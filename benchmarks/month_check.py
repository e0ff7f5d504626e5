"""A statewide month: `floorwatch check --period month` against polars merely reading it.

    python benchmarks/month_check.py [--caseworkers 2000] [--days 22] [--repeat 5]

Simulates 2,000 caseworkers over 22 working days (about 900,000 transactions), then,
in one process and alternating so that machine noise hits both alike, times:
- the baseline: `pl.read_csv` of every export file (no date parsing, nothing else);
- the check with `--no-record` (parse every file, evaluate the month), cold;
- the check with a warm history store (files already ingested: read back as Parquet).
Peak memory is measured in fresh processes, one per measurement (VmHWM). As processes,
it also times `floorwatch check --period month --no-record` (warm store; table and JSON
output) against a Python process doing the bare read: imports and output included.

Then, for each export shape of the Caseworker Actions (`--shapes`: daily pulls, a pull
per week, one monthly pull, daily pulls with overlapping weekly ones; the same
transactions, `floorwatch.simulate.pulls`), it ingests the month into a store of its own
(as the app does when the files land; summaries made there) and times, alternating in
one process, the bare read of that shape's files against the warm check; then the warm
check's peak memory in a fresh process. Prints medians and the ratio of each check to
the baseline. Targets (issues 2 and 16): the warm check within 1.5x the bare read for
every shape, peak memory under 500 MB.
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

import polars as pl

from floorwatch.service import CheckRequest, run_check
from floorwatch.settings import load_config
from floorwatch.simulate import FloorSpec, write_config, write_month
from floorwatch.simulate.pulls import PULL_SHAPES, reshape


def working_days(last: date, count: int) -> list[date]:
    days: list[date] = []
    day = last
    while len(days) < count:
        if day.weekday() < 5:
            days.append(day)
        day -= timedelta(days=1)
    return sorted(days)


def bare_read(drop: Path) -> int:
    """What polars alone costs: read every CSV, no parsing beyond its own inference."""
    return sum(pl.read_csv(path).height for path in sorted(drop.glob("*.csv")))


def check(drop: Path, data: Path, *, record: bool) -> int:
    config = load_config(drop / "config")
    request = CheckRequest(
        config=config,
        drop_dir=drop,
        data_dir=data,
        period="month",
        store_exports=record,
        record_run=False,
        keep_summaries=record,
    )
    return len(run_check(request).workers)


def timed(fn, *args, **kwargs) -> float:
    start = time.perf_counter()
    fn(*args, **kwargs)
    return time.perf_counter() - start


def peak_rss_mib(code: str) -> float:
    """Run `code` in a fresh interpreter; its peak resident memory in MiB.

    Read from VmHWM, not ru_maxrss: Linux carries ru_maxrss over fork and exec, so every
    child of this (large) process would report at least this process's own peak.
    """
    script = (
        f"{code}\n"
        "print([l.split()[1] for l in open('/proc/self/status') if l.startswith('VmHWM')][0])"
    )
    out = subprocess.run([sys.executable, "-c", script], check=True, capture_output=True, text=True)
    return int(out.stdout.strip().splitlines()[-1]) / 1024


def as_processes(drop: Path, warm: Path, repeat: int) -> dict[str, list[float]]:
    """Wall time of whole processes, alternating: the bare read, and the check command."""
    bare = [
        sys.executable,
        "-c",
        "import sys, pathlib, polars as pl; "
        "sum(pl.read_csv(p).height for p in sorted(pathlib.Path(sys.argv[1]).glob('*.csv')))",
        str(drop),
    ]
    check_cmd = [sys.executable, "-m", "floorwatch", "check", "--period", "month", "--no-record"]
    check_cmd += ["--config", str(drop / "config"), "--drop", str(drop), "--data", str(warm)]
    commands = {
        "bare read": bare,
        "check (table)": check_cmd,
        "check (--format json)": [*check_cmd, "--format", "json"],
    }
    times: dict[str, list[float]] = {name: [] for name in commands}
    for _ in range(repeat):
        for name, command in commands.items():
            start = time.perf_counter()
            subprocess.run(command, stdout=subprocess.DEVNULL, check=False)
            times[name].append(time.perf_counter() - start)
    return times


def by_shape(tmp: Path, daily: Path, days: list[date], shapes: list[str], repeat: int) -> None:
    """The warm month check against the bare read of the same files, per export shape."""
    floors = {}
    for shape in shapes:
        floor = tmp / f"shape_{shape}"
        shutil.copytree(daily, floor)
        reshape(floor, days, shape)  # type: ignore[arg-type]
        store = tmp / f"store_{shape}"
        started = time.perf_counter()
        check(floor, store, record=True)  # ingested once, as the app does; summaries kept
        files = len(list(floor.glob("*.csv")))
        print(f"shape {shape}: {files} files, ingested in {time.perf_counter() - started:.1f} s")
        floors[shape] = (floor, store)
    times: dict[str, tuple[list[float], list[float]]] = {s: ([], []) for s in shapes}
    for _ in range(repeat):
        for shape, (floor, store) in floors.items():
            times[shape][0].append(timed(bare_read, floor))
            times[shape][1].append(timed(check, floor, store, record=False))
    here = Path(__file__).resolve()
    load = (
        "import importlib.util, sys\n"
        f"spec = importlib.util.spec_from_file_location('bm', {str(here)!r})\n"
        "bm = importlib.util.module_from_spec(spec); spec.loader.exec_module(bm)\n"
        "from pathlib import Path\n"
    )
    for shape, (floor, store) in floors.items():
        base, warm = (statistics.median(t) for t in times[shape])
        rss = peak_rss_mib(
            load + f"bm.check(Path({str(floor)!r}), Path({str(store)!r}), record=False)"
        )
        print(
            f"shape {shape:8s} bare read {base:5.2f} s, warm check {warm:5.2f} s "
            f"({warm / base:4.2f}x), peak {rss:.0f} MiB; warm runs: "
            + ", ".join(f"{r:.2f}" for r in times[shape][1])
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--caseworkers", type=int, default=2000)
    parser.add_argument("--teams", type=int, default=170)
    parser.add_argument("--days", type=int, default=22)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument(
        "--shapes",
        default=",".join(PULL_SHAPES),
        help="Caseworker Actions shapes for the warm check (comma-separated; '' for none)",
    )
    parser.add_argument(
        "--only-shapes", action="store_true", help="skip the cold and whole-process runs"
    )
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        drop = Path(tmp) / "floor"
        drop.mkdir()
        size = -(-args.caseworkers // args.teams)  # round up: at least --caseworkers
        spec = FloorSpec(seed=7, teams=args.teams, size=size)
        days = working_days(date(2026, 11, 30), args.days)
        started = time.perf_counter()
        write_config(drop, spec, today=days[-1])
        write_month(drop, spec, days)
        simulated = time.perf_counter() - started
        files = sorted(drop.glob("*.csv"))
        transactions = sum(
            pl.scan_csv(p).select(pl.len()).collect().item()
            for p in files
            if p.name.startswith("caseworker_actions")
        )
        size_mib = sum(p.stat().st_size for p in files) / 2**20
        print(
            f"floor: {spec.teams * spec.size} caseworkers, {len(days)} days, "
            f"{transactions:,} transactions, {len(files)} files, {size_mib:.0f} MiB "
            f"(simulated in {simulated:.1f} s)"
        )

        shapes = [s for s in args.shapes.split(",") if s]
        if shapes:
            by_shape(Path(tmp), drop, days, shapes, args.repeat)
        if args.only_shapes:
            return

        warm = Path(tmp) / "warm"
        check(drop, warm, record=True)  # fills the store once
        base, cold, warm_t = [], [], []
        for _ in range(args.repeat):
            base.append(timed(bare_read, drop))
            cold.append(timed(check, drop, Path(tmp) / "unused", record=False))
            warm_t.append(timed(check, drop, warm, record=False))
        b = statistics.median(base)
        for name, runs in (
            ("bare polars read", base),
            ("check, cold (--no-record)", cold),
            ("check, warm store", warm_t),
        ):
            m = statistics.median(runs)
            print(
                f"{name:28s} median {m:6.2f} s  ({m / b:4.2f}x bare read)  "
                f"runs: {', '.join(f'{r:.2f}' for r in runs)}"
            )

        processes = as_processes(drop, warm, args.repeat)
        pb = statistics.median(processes["bare read"])
        for name, runs in processes.items():
            m = statistics.median(runs)
            print(
                f"process: {name:22s} median {m:6.2f} s  ({m / pb:4.2f}x bare read)  "
                f"runs: {', '.join(f'{r:.2f}' for r in runs)}"
            )

        here = Path(__file__).resolve()
        load = (
            "import importlib.util, sys\n"
            f"spec = importlib.util.spec_from_file_location('bm', {str(here)!r})\n"
            "bm = importlib.util.module_from_spec(spec); spec.loader.exec_module(bm)\n"
            "from pathlib import Path\n"
        )
        rss_base = peak_rss_mib(load + f"bm.bare_read(Path({str(drop)!r}))")
        rss_cold = peak_rss_mib(
            load
            + f"bm.check(Path({str(drop)!r}), Path({str(Path(tmp) / 'unused2')!r}), record=False)"
        )
        rss_warm = peak_rss_mib(
            load + f"bm.check(Path({str(drop)!r}), Path({str(warm)!r}), record=False)"
        )
        print(
            f"peak memory: bare read {rss_base:.0f} MiB, check cold {rss_cold:.0f} MiB, "
            f"check warm {rss_warm:.0f} MiB"
        )
        print(
            json.dumps(
                {
                    "bare_s": b,
                    "cold_s": statistics.median(cold),
                    "warm_s": statistics.median(warm_t),
                    "rss_cold_mib": rss_cold,
                    "rss_warm_mib": rss_warm,
                }
            )
        )


if __name__ == "__main__":
    main()
