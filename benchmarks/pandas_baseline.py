"""An analyst's pandas script of floorwatch's core KPIs per caseworker: the baseline a
month check is compared with (issue 16; the performance note of the issue notes).

    python benchmarks/pandas_baseline.py FOLDER

Fair to pandas: its C reader with `parse_dates` (and the exports' datetime format given,
so no format is guessed per cell) for the datetime columns, then vectorised `groupby`
per caseworker — no Python loop over rows. What it computes, as kpis.md defines it for a
month (not what it leaves out: no roster, schedules, absences, flags, QSA bands):

- from the dashboards: each day's latest snapshot row per caseworker, summed over the
  days: logged-in, active and idle minutes, and utilization (active / logged in);
- from the Caseworker Actions (a transaction repeated by a later pull counted once, the
  later one): cases worked (transactions with an End), completed, completion rate, the
  Get Next rate, the mean transaction minutes, and the mean per task type.

pandas is a benchmark-only dependency (`pip install -e ".[bench]"`); floorwatch never
imports it.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import pandas as pd

#: The simulated exports' datetime format (ISO 8601 with a space).
DATETIME_FORMAT = "%Y-%m-%d %H:%M:%S"


def _read(paths: list[Path], dates: list[str]) -> pd.DataFrame:
    frames = [pd.read_csv(p, parse_dates=dates, date_format=DATETIME_FORMAT) for p in paths]
    return pd.concat(frames, ignore_index=True)


def _minutes(clock: pd.Series) -> pd.Series:
    """`H:MM:SS` durations as minutes, vectorised."""
    return pd.to_timedelta(clock).dt.total_seconds() / 60


def dashboard_kpis(folder: Path) -> pd.DataFrame:
    """Logged-in, active and idle minutes and utilization per caseworker."""
    dash = _read(sorted(folder.glob("dashboard_*.csv")), ["Status Start", "Export Time"])
    dash["day"] = dash["Export Time"].dt.normalize()
    latest = dash.sort_values("Export Time").groupby(["Worker ID", "day"]).tail(1)
    minutes = pd.DataFrame(
        {
            "Worker ID": latest["Worker ID"],
            "logged_in_minutes": _minutes(latest["Logged In"]),
            "active_minutes": _minutes(latest["Active"]),
            "idle_minutes": _minutes(latest["Idle"]),
        }
    )
    out = minutes.groupby("Worker ID").sum()
    out["utilization_pct"] = out["active_minutes"] / out["logged_in_minutes"] * 100
    return out


def action_kpis(folder: Path) -> pd.DataFrame:
    """Cases worked, completion, Get Next and transaction minutes per caseworker."""
    acts = _read(sorted(folder.glob("caseworker_actions*.csv")), ["Start", "End", "Export Time"])
    acts = acts.sort_values("Export Time").drop_duplicates(
        ["Worker ID", "Task ID", "Start"], keep="last"
    )
    done = acts[acts["End"].notna()].copy()
    done["minutes"] = (done["End"] - done["Start"]).dt.total_seconds() / 60
    done["completed"] = done["Outcome"] == "Completed"
    done["get_next"] = done["Source"] == "Get Next"
    per = done.groupby("Worker ID").agg(
        cases_worked=("minutes", "size"),
        completed=("completed", "sum"),
        get_next=("get_next", "sum"),
        avg_txn_minutes=("minutes", "mean"),
    )
    per["completion_rate_pct"] = per["completed"] / per["cases_worked"] * 100
    per["get_next_rate_pct"] = per["get_next"] / per["cases_worked"] * 100
    by_type = done.groupby(["Worker ID", "Task Type"])["minutes"].mean().unstack()
    return per.join(by_type.add_prefix("txn_minutes_"))


def core_kpis(folder: Path) -> pd.DataFrame:
    """Every core KPI per caseworker of the month in `folder`, one row each."""
    return dashboard_kpis(folder).join(action_kpis(folder), how="outer")


def main() -> None:
    folder = Path(sys.argv[1])
    started = time.perf_counter()
    kpis = core_kpis(folder)
    took = time.perf_counter() - started
    print(kpis.head(10).to_string())
    print(f"{len(kpis)} caseworkers in {took:.2f} s")


if __name__ == "__main__":
    main()
