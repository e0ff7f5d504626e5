"""Hand-made engine inputs: rows written as dicts, values in the canonical units."""

from __future__ import annotations

from datetime import date, datetime, time
from itertools import count

import polars as pl

from floorwatch.engine import CheckResult, FloorData, RunHistory, evaluate, row_schema
from floorwatch.engine.result import PeriodKind
from floorwatch.settings import Settings
from floorwatch.settings.leave import ABSENCE_TYPES, LEAVE_SCHEMA
from floorwatch.settings.roster import ROSTER_SCHEMA

_hashes = count(1)


def export(kind: str, rows: list[dict], at: datetime, file: str | None = None) -> pl.LazyFrame:
    """One export's rows as the engine sees them; missing columns are null."""
    schema = row_schema(kind)
    name = file or f"{kind}_{at:%Y-%m-%d_%H%M%S}.csv"
    content_hash = f"h{next(_hashes)}"
    filled = [
        {
            **dict.fromkeys(schema),
            **row,
            "line": i + 2,
            "source_file": name,
            "file_export_time": at,
            "content_hash": content_hash,
        }
        for i, row in enumerate(rows)
    ]
    return pl.LazyFrame(filled, schema=schema, orient="row")


def floor(*exports: tuple[str, pl.LazyFrame]) -> FloorData:
    """FloorData from (kind, frame) pairs."""
    frames: dict[str, list[pl.LazyFrame]] = {}
    for kind, frame in exports:
        frames.setdefault(kind, []).append(frame)
    return FloorData.from_frames(frames)


def roster(*rows: dict) -> pl.DataFrame:
    return pl.DataFrame(
        [{**dict.fromkeys(ROSTER_SCHEMA), **r} for r in rows], schema=ROSTER_SCHEMA, orient="row"
    )


# -- conveniences for the engine tests (rows in canonical units: minutes, datetimes) --------


def dash(
    worker_id: str,
    logged_in: float,
    active: float,
    idle: float,
    *,
    status: str = "Active",
    status_start: datetime | None = None,
    **extra: object,
) -> dict:
    """One dashboard row; Status Start defaults to 08:00 of 2026-11-25 (irrelevant to sums)."""
    return {
        "worker_id": worker_id,
        "status": status,
        "status_start": status_start or datetime(2026, 11, 25, 8, 0),
        "logged_in": float(logged_in),
        "active": float(active),
        "idle": float(idle),
        **extra,
    }


def act(
    worker_id: str,
    task_id: str,
    start: datetime,
    end: datetime | None,
    *,
    task_type: str = "Renewal",
    outcome: str | None = "Completed",
    source: str | None = None,
    queue: str | None = None,
    **extra: object,
) -> dict:
    """One Caseworker Actions row (End None: in progress)."""
    return {
        "worker_id": worker_id,
        "task_id": task_id,
        "task_type": task_type,
        "queue": queue,
        "start": start,
        "end": end,
        "outcome": outcome if end is not None else None,
        "source": source,
        **extra,
    }


def paused_row(worker_id: str, task_id: str, paused_at: datetime, **extra: object) -> dict:
    return {"worker_id": worker_id, "task_id": task_id, "paused_at": paused_at, **extra}


#: Wednesday 2026-11-25 11:00; its week starts Monday 2026-11-23, its month 2026-11-01.
T = datetime(2026, 11, 25, 11, 0)


def at(day: date, hh: int, mm: int = 0, ss: int = 0) -> datetime:
    """A moment on `day`."""
    return datetime.combine(day, time(hh, mm, ss))


def run(
    *exports: tuple[str, pl.LazyFrame],
    settings: Settings | None = None,
    ros: pl.DataFrame | None = None,
    as_of: datetime = T,
    period: PeriodKind = "day",
    leave: pl.DataFrame | None = None,
    now: datetime | None = None,
) -> CheckResult:
    """The engine on hand-made exports, with no run history (`now` None: as with --at)."""
    return evaluate(
        floor(*exports),
        settings or Settings(),
        ros if ros is not None else roster(),
        as_of=as_of,
        period_kind=period,
        history=RunHistory(),
        leave=leave,
        now=now,
    )


def leave(*rows: tuple[str, date, date, str]) -> pl.DataFrame:
    """leave.csv rows: (worker_id, from, to, type)."""
    return pl.DataFrame(
        [
            {
                "worker_id": w,
                "from": a,
                "to": b,
                "type": kind,
                "sick": kind.lower() in ABSENCE_TYPES,
                "line": i + 2,
            }
            for i, (w, a, b, kind) in enumerate(rows)
        ],
        schema=LEAVE_SCHEMA,
        orient="row",
    )
