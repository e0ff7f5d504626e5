"""A statewide month: floorwatch against polars merely reading it and an analyst's pandas script.

    python benchmarks/month_check.py [--caseworkers 2000] [--days 22] [--repeat 3]
        [--shapes daily,weekly,monthly,mix] [--kinds bare,pandas,cold,warm] [--processes]

Simulates 2,040 caseworkers over 22 working days (about a million transactions), with
the Caseworker Actions in each export shape (`--shapes`: daily pulls, a pull per week,
one monthly pull, daily pulls with overlapping weekly ones; the same transactions,
`floorwatch.simulate.pulls`). Each shape is ingested into a store of its own (as the
app does when the files land; summaries made there). Then, round after round, every
shape and every kind of run, each in a fresh process, alternating so that machine noise
hits all alike:
- `bare`: `pl.read_csv` of every export file (no date parsing, nothing else);
- `pandas`: `pandas_baseline.core_kpis`, the core KPIs per caseworker in pandas;
- `cold`: the month check with `--no-record` and nothing read before (every file parsed);
- `warm`: the month check from the shape's store.
Each run reports the seconds of its work (imports excluded) and its process's peak
memory (VmHWM). Prints medians and ratios. Targets (issue 16): cold <= 2x the bare read
and >= 2x faster than pandas; warm <= 1.5x the bare read for every shape; peak memory
under 500 MB. `--processes` also times whole `floorwatch check` processes (imports and
output included) on the daily shape against a process doing the bare read.
"""

from __future__ import annotations

import argparse
import contextlib
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


#: What each measurement runs, in a fresh process of its own.
KINDS = ("bare", "pandas", "cold", "warm")


def measure(kind: str, floor: Path, store: Path, scratch: Path) -> None:
    """Run one measurement in this (fresh) process and print its JSON: seconds of the work
    alone (imports excluded) and the process's peak resident memory (VmHWM)."""
    if kind == "pandas":
        sys.path.insert(0, str(Path(__file__).resolve().parent))
        from pandas_baseline import core_kpis

        work = lambda: core_kpis(floor)  # noqa: E731
    elif kind == "bare":
        work = lambda: bare_read(floor)  # noqa: E731
    elif kind == "cold":
        work = lambda: check(floor, scratch, record=False)  # noqa: E731
    else:
        work = lambda: check(floor, store, record=False)  # noqa: E731
    started = time.perf_counter()
    work()
    seconds = time.perf_counter() - started
    status = Path("/proc/self/status").read_text().splitlines()
    peak = next(int(line.split()[1]) for line in status if line.startswith("VmHWM")) / 1024
    print(json.dumps({"seconds": seconds, "peak_mib": peak}))


def in_fresh_process(kind: str, floor: Path, store: Path, scratch: Path) -> dict[str, float]:
    """`measure` in a new interpreter: the peak memory is this run's alone, and a cold
    check finds nothing cached by an earlier one."""
    here = Path(__file__).resolve()
    code = (
        "import importlib.util, sys\n"
        f"spec = importlib.util.spec_from_file_location('bm', {str(here)!r})\n"
        "bm = importlib.util.module_from_spec(spec); spec.loader.exec_module(bm)\n"
        "from pathlib import Path\n"
        f"bm.measure({kind!r}, Path({str(floor)!r}), Path({str(store)!r}), "
        f"Path({str(scratch)!r}))\n"
    )
    started = time.perf_counter()
    out = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True)
    result = json.loads(out.stdout.strip().splitlines()[-1])
    result["process_s"] = time.perf_counter() - started
    return result


def by_shape(
    tmp: Path, daily: Path, days: list[date], shapes: list[str], kinds: list[str], repeat: int
) -> dict[str, dict[str, list[dict[str, float]]]]:
    """Every kind of run on every export shape, each in a fresh process, alternating
    (round after round of every shape and kind) so that the machine's noise hits all alike.

    Each shape is first ingested into a store of its own, as the app does when the files
    land (summaries made there): the warm check reads that store.
    """
    floors = {}
    for shape in shapes:
        floor = tmp / f"shape_{shape}"
        if not floor.exists():  # kept from an earlier run with --workdir
            shutil.copytree(daily, floor)
            reshape(floor, days, shape)  # type: ignore[arg-type]
        store = tmp / f"store_{shape}"
        started = time.perf_counter()
        if "warm" in kinds and not (store / "store.json").is_file():
            check(floor, store, record=True)  # ingested once, as the app does
        files = len(list(floor.glob("*.csv")))
        print(f"shape {shape}: {files} files, ingested in {time.perf_counter() - started:.1f} s")
        floors[shape] = (floor, store)
    runs: dict[str, dict[str, list[dict[str, float]]]] = {s: {k: [] for k in kinds} for s in shapes}
    for i in range(repeat):
        for shape, (floor, store) in floors.items():
            for kind in kinds:
                scratch = tmp / f"unused_{shape}_{kind}_{i}"  # a cold check's empty history
                runs[shape][kind].append(in_fresh_process(kind, floor, store, scratch))
        print(f"round {i + 1} of {repeat} done", flush=True)
    return runs


def report(runs: dict[str, dict[str, list[dict[str, float]]]]) -> None:
    """Medians per shape and kind, as ratios to the bare read (and pandas to the cold check)."""
    print(
        "| shape | bare polars read | pandas script | floorwatch cold | floorwatch warm |"
        " cold / bare | warm / bare | pandas / cold | peak MiB (bare, pandas, cold, warm) |"
    )
    print("|---|---|---|---|---|---|---|---|---|")
    for shape, kinds in runs.items():
        med = {k: statistics.median(r["seconds"] for r in v) for k, v in kinds.items()}
        peak = {k: statistics.median(r["peak_mib"] for r in v) for k, v in kinds.items()}

        def ratio(a: str, b: str, med: dict[str, float] = med) -> str:
            return f"{med[a] / med[b]:.2f}x" if a in med and b in med else "-"

        cells = [f"{med[k]:.2f} s" if k in med else "-" for k in KINDS]
        peaks = ", ".join(f"{peak[k]:.0f}" if k in peak else "-" for k in KINDS)
        print(
            f"| {shape} | {' | '.join(cells)} | {ratio('cold', 'bare')} | "
            f"{ratio('warm', 'bare')} | {ratio('pandas', 'cold')} | {peaks} |"
        )
    for shape, kinds in runs.items():
        for kind, rs in kinds.items():
            print(
                f"  {shape:8s} {kind:6s} runs: "
                + ", ".join(f"{r['seconds']:.2f} s/{r['peak_mib']:.0f} MiB" for r in rs)
            )


def _arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--caseworkers", type=int, default=2000)
    parser.add_argument("--teams", type=int, default=170)
    parser.add_argument("--days", type=int, default=22)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument(
        "--shapes",
        default=",".join(PULL_SHAPES),
        help="Caseworker Actions shapes (comma-separated)",
    )
    parser.add_argument(
        "--kinds",
        default=",".join(KINDS),
        help=f"which runs, comma-separated, of {','.join(KINDS)}",
    )
    parser.add_argument(
        "--workdir",
        type=Path,
        help="keep the simulated floor, its shapes and stores here, and reuse them",
    )
    parser.add_argument(
        "--processes",
        action="store_true",
        help="also time whole `floorwatch check` processes on the daily shape (table, JSON)",
    )
    return parser.parse_args()


def _simulated_floor(tmp: Path, args: argparse.Namespace) -> tuple[Path, list[date]]:
    """The month's floor in `tmp/floor` (simulated unless kept there), and its days."""
    drop = tmp / "floor"
    made = (drop / "config").is_dir()
    drop.mkdir(parents=True, exist_ok=True)
    size = -(-args.caseworkers // args.teams)  # round up: at least --caseworkers
    spec = FloorSpec(seed=7, teams=args.teams, size=size)
    days = working_days(date(2026, 11, 30), args.days)
    started = time.perf_counter()
    if not made:
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
    return drop, days


def _time_processes(tmp: Path, drop: Path, repeat: int) -> None:
    """Whole `floorwatch check` processes on the daily shape, against the bare read."""
    warm = tmp / "store_daily"
    if not warm.exists():
        check(drop, warm, record=True)
    processes = as_processes(drop, warm, repeat)
    pb = statistics.median(processes["bare read"])
    for name, times in processes.items():
        m = statistics.median(times)
        print(
            f"process: {name:22s} median {m:6.2f} s  ({m / pb:4.2f}x bare read)  "
            f"runs: {', '.join(f'{r:.2f}' for r in times)}"
        )


def main() -> None:
    args = _arguments()
    with contextlib.ExitStack() as stack:
        if args.workdir:
            # Kept: the next run with the same folder skips simulating and ingesting.
            tmp = str(args.workdir)
        else:
            tmp = stack.enter_context(tempfile.TemporaryDirectory())
        drop, days = _simulated_floor(Path(tmp), args)
        shapes = [s for s in args.shapes.split(",") if s]
        kinds = [k for k in args.kinds.split(",") if k]
        runs = by_shape(Path(tmp), drop, days, shapes, kinds, args.repeat)
        report(runs)
        print(json.dumps(runs))
        if args.processes:
            _time_processes(Path(tmp), drop, args.repeat)


if __name__ == "__main__":
    main()
