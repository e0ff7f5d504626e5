"""Writing a day, or a month, of exports into a drop folder."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, time
from pathlib import Path

from floorwatch.simulate.contact import contact_exports
from floorwatch.simulate.day import plan_day
from floorwatch.simulate.exports import actions_frame, csv_bytes, dashboard_frame, paused_frame
from floorwatch.simulate.people import FloorSpec

DASHBOARD_FILE = "dashboard.csv"
ACTIONS_FILE = "caseworker_actions.csv"
PAUSED_FILE = "paused_report.csv"
END_OF_DAY = time(16, 30)


def day_exports(spec: FloorSpec, day: date, until: time) -> dict[str, bytes]:
    """The live exports of `day` as of `until`: file name -> CSV bytes (three, and the two
    Genesys Cloud ones named with their export time for a floor that takes calls)."""
    plan = plan_day(spec, day)
    at = datetime.combine(day, until)
    exports = {
        DASHBOARD_FILE: csv_bytes(dashboard_frame(plan, at)),
        ACTIONS_FILE: csv_bytes(actions_frame(plan, at)),
        PAUSED_FILE: csv_bytes(paused_frame(plan, at)),
    }
    if spec.contact:
        exports |= contact_exports(plan, at)
    return exports


def write_day(
    folder: Path,
    spec: FloorSpec,
    day: date,
    *,
    until: time = END_OF_DAY,
    snapshots: Sequence[time] = (),
) -> list[Path]:
    """Write the drop exports of one working day up to `until`, overwriting the last ones.

    Writes dashboard.csv (as of `until`), one dashboard_YYYY-MM-DD_HHMM.csv per time in
    `snapshots`, caseworker_actions.csv (the day so far) and paused_report.csv, all with
    Export Time filled. Same spec, day and times: byte-identical files.
    """
    folder.mkdir(parents=True, exist_ok=True)
    plan = plan_day(spec, day)
    written: list[Path] = []
    for name, data in day_exports(spec, day, until).items():
        path = folder / name
        path.write_bytes(data)
        written.append(path)
    for moment in snapshots:
        path = folder / f"dashboard_{day.isoformat()}_{moment:%H%M}.csv"
        path.write_bytes(csv_bytes(dashboard_frame(plan, datetime.combine(day, moment))))
        written.append(path)
    return written


def write_month(folder: Path, spec: FloorSpec, days: Sequence[date]) -> list[Path]:
    """The benchmark floor: per day caseworker_actions_YYYY-MM-DD.csv and an end-of-day
    dashboard_YYYY-MM-DD_1630.csv, plus one paused_report.csv as of the last day's 16:30.
    """
    folder.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    for day in days:
        plan = plan_day(spec, day)
        at = datetime.combine(day, END_OF_DAY)
        actions = folder / f"caseworker_actions_{day.isoformat()}.csv"
        actions_frame(plan, at).write_csv(actions, datetime_format="%Y-%m-%d %H:%M:%S")
        dashboard = folder / f"dashboard_{day.isoformat()}_1630.csv"
        dashboard.write_bytes(csv_bytes(dashboard_frame(plan, at)))
        written += [actions, dashboard]
    if days:
        last = max(days)
        paused = folder / PAUSED_FILE
        at = datetime.combine(last, END_OF_DAY)
        paused.write_bytes(csv_bytes(paused_frame(plan_day(spec, last), at)))
        written.append(paused)
    return written
