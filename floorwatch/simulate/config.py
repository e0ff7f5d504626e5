"""The simulated floor's config folder: floorwatch.toml, qsa.toml, roster.csv, leave.csv."""

from __future__ import annotations

import csv
import io
from datetime import date, timedelta
from pathlib import Path

import tomli_w

from floorwatch.settings.leave import LEAVE_COLUMNS, LEAVE_FILE
from floorwatch.settings.load import COLUMNS_FILE
from floorwatch.simulate.absence import leave_rows, work_days_of
from floorwatch.simulate.contact import BREAK_ALLOWANCE_MINUTES, CALL_HANDLE_MINUTES
from floorwatch.simulate.day import QSA_UTILIZATION_PCT
from floorwatch.simulate.departures import leave_rows as departed_leave_rows
from floorwatch.simulate.departures import roster_rows as departed_roster_rows
from floorwatch.simulate.people import (
    SHIFT_MINUTES,
    STARTER_FTE,
    TASK_TYPES,
    FloorSpec,
    build_floor,
    turnover,
)
from floorwatch.starter import starter_files

#: Days from write_config's `today` to the resigning caseworker's Last Day.
RESIGN_IN_DAYS = 3

SETTINGS: dict[str, object] = {
    # Relative folders resolve against the config folder: the drop folder is its parent.
    "drop_dir": "..",
    "data_dir": "../history",
    "shift_start": "08:00",
    "shift_minutes": SHIFT_MINUTES,
    "idle_alert_minutes": 15,
    "min_txn_count": 3,
    "min_cases": 5,
    "paused_limit_days": 2,
    "resign_warning_days": 5,
    "trend_window_days": 5,
    "trend_min_days": 3,
    "min_judged_minutes": 60,
    "check_times": ["09:00", "11:00", "13:30", "15:30"],
}

QSA: dict[str, object] = {
    "utilization_pct": QSA_UTILIZATION_PCT,
    "logged_in_pct": 90.0,
    "tolerance_pct": 5.0,
    "txn_tolerance_minutes": 5.0,
    "get_next_target_pct": 80.0,
    "get_next_tolerance_pct": 5.0,
    "completion_low_pct": 60.0,
    "completion_abnormal_pct": 95.0,
    "task_types": dict(TASK_TYPES),
    "queues": {"Renewals": {"completion_low_pct": 55.0, "completion_high_pct": 92.0}},
}

ROSTER_HEADER = (
    "Worker ID",
    "Worker Name",
    "Team",
    "Supervisor",
    "Coordinator",
    "Shift Start",
    "Shift Minutes",
    "Start Date",
    "Last Day",
    "Work Days",
    "FTE",
    "Role",
)


def roster_text(spec: FloorSpec, today: date) -> str:
    """roster.csv: every caseworker with team, supervisor, coordinator and shift."""
    floor = build_floor(spec)
    teams = {t.name: t for t in floor.teams}
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(ROSTER_HEADER)
    moves = turnover(spec)
    for p in floor.people:
        team = teams[p.team]
        last = today + timedelta(days=RESIGN_IN_DAYS) if p.role == "resigning" else None
        start = today - timedelta(days=p.start_date_offset_days)
        work_days, fte = work_days_of(spec, p.worker_id)
        if p.worker_id == moves.leaver:
            last = moves.last_day
        elif p.worker_id == moves.starter and moves.start_date is not None:
            start, fte = moves.start_date, f"{STARTER_FTE:g}"
        writer.writerow(
            (
                p.worker_id,
                p.name,
                p.team,
                team.supervisor,
                team.coordinator,
                f"{p.shift_start // 60:02d}:{p.shift_start % 60:02d}",
                SHIFT_MINUTES,
                start.isoformat(),
                last.isoformat() if last else "",
                work_days,
                fte,
                "Front line",
            )
        )
    blank = ("",) * 5
    for m in moves.staff:
        team, fte = teams[m.team], f"{m.fte:g}"
        writer.writerow(
            # No shift, work days or dates: nobody judges them on a schedule.
            (m.worker_id, m.name, m.team, team.supervisor, team.coordinator, *blank, fte, m.role)
        )
    writer.writerows(departed_roster_rows(spec, today))  # has left (simulate/departures.py)
    return out.getvalue()


def leave_text(spec: FloorSpec, today: date) -> str:
    """leave.csv: the simulated floor's absences around `today` (simulate/absence.py)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(LEAVE_COLUMNS)
    rows = sorted([*leave_rows(spec, today), *departed_leave_rows(spec, today)], key=lambda r: r[1])
    for worker_id, first, last, kind in rows:
        writer.writerow((worker_id, first.isoformat(), last.isoformat(), kind))
    return out.getvalue()


def write_config(folder: Path, spec: FloorSpec, *, today: date, clock: str = "wall") -> Path:
    """Write folder/config/{floorwatch.toml, qsa.toml, roster.csv, leave.csv} (and the starter
    columns.toml for a floor that takes calls); return the config folder.

    floorwatch.toml points drop_dir at `folder` ("..") and data_dir at folder/history;
    the resigning caseworker's Last Day is `today` + 3 days. A floor on an accelerated
    clock passes `clock="exports"` (kpis.md): its exports run ahead of the wall clock and
    must not be refused as "from the future".
    """
    config = folder / "config"
    config.mkdir(parents=True, exist_ok=True)
    settings, qsa = SETTINGS, QSA
    if spec.contact:
        # The phones: the QSA handle time and a Break allowance to judge them by, and the
        # starter columns.toml, whose Genesys spellings the contact exports use.
        settings = {**SETTINGS, "status_allowance_minutes": {"Break": BREAK_ALLOWANCE_MINUTES}}
        qsa = {**QSA, "call_handle_minutes": CALL_HANDLE_MINUTES}
        (config / COLUMNS_FILE).write_text(starter_files()[COLUMNS_FILE], encoding="utf-8")
    if clock != "wall":
        settings = {**settings, "clock": clock}
    (config / "floorwatch.toml").write_bytes(tomli_w.dumps(settings).encode("utf-8"))
    (config / "qsa.toml").write_bytes(tomli_w.dumps(qsa).encode("utf-8"))
    (config / "roster.csv").write_bytes(roster_text(spec, today).encode("utf-8"))
    (config / LEAVE_FILE).write_bytes(leave_text(spec, today).encode("utf-8"))
    return config
