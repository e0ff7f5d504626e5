"""Caseworker Actions pulled a week or a month at once, as users do (the seeds say so).

`write_pulls` writes the benchmark floor of `write_month` with its Caseworker Actions in
another shape, so that tests and `benchmarks/month_check.py` can compare the shapes on
the same transactions.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Literal

import polars as pl

from floorwatch.simulate.exports import csv_bytes
from floorwatch.simulate.files import END_OF_DAY, write_month
from floorwatch.simulate.people import FloorSpec

PullShape = Literal["daily", "weekly", "monthly", "mix"]
PULL_SHAPES: tuple[PullShape, ...] = ("daily", "weekly", "monthly", "mix")


def write_pulls(folder: Path, spec: FloorSpec, days: Sequence[date], shape: PullShape) -> None:
    """`write_month`'s floor with its Caseworker Actions pulled as `shape` (`reshape`)."""
    write_month(folder, spec, days)
    reshape(folder, days, shape)


def reshape(folder: Path, days: Sequence[date], shape: PullShape) -> None:
    """Turn the daily Caseworker Actions files `write_month` wrote into `shape`:

    - "daily": one pull per day at its end (left as they are);
    - "weekly": one pull per calendar week, exported at the end of its last day;
    - "monthly": one pull of every day, exported at the end of the last;
    - "mix": the daily pulls, and a weekly pull at the end of each week but the last
      that repeats them (the same transactions in two exports, the later one winning).

    The rows are the daily files' own text, only their Export Time changed.
    """
    if shape == "daily":
        return
    daily = {day: folder / f"caseworker_actions_{day.isoformat()}.csv" for day in days}
    frames = {day: pl.read_csv(path, infer_schema=False) for day, path in daily.items()}
    if shape != "mix":
        for path in daily.values():
            path.unlink()
    if shape == "monthly":
        _write_pull(folder / "caseworker_actions_month.csv", [frames[d] for d in days], max(days))
        return
    weeks: dict[date, list[date]] = {}
    for day in sorted(days):
        weeks.setdefault(day - timedelta(days=day.weekday()), []).append(day)
    chosen = list(weeks.values())[:-1] if shape == "mix" else list(weeks.values())
    for week in chosen:
        name = f"caseworker_actions_week_{week[0].isoformat()}.csv"
        _write_pull(folder / name, [frames[d] for d in week], max(week))


def _write_pull(path: Path, frames: list[pl.DataFrame], last: date) -> None:
    """One export of several days' transactions, stamped with its own export time."""
    stamp = datetime.combine(last, END_OF_DAY).strftime("%Y-%m-%d %H:%M:%S")
    pull = pl.concat(frames).with_columns(pl.lit(stamp).alias("Export Time"))
    path.write_bytes(csv_bytes(pull))
