"""A day plan rendered as the exports real systems leave: canonical headers, ISO datetimes."""

from __future__ import annotations

import io
from datetime import datetime, timedelta

import polars as pl

from floorwatch.schema import ACTIONS, DASHBOARD, PAUSED, Kind
from floorwatch.simulate.day import (
    ACTIVE,
    OUTCOME_NAMES,
    PAUSE_REASONS,
    SOURCE_NAMES,
    STATUS_NAMES,
    DayPlan,
    snapshot,
)
from floorwatch.simulate.departures import paused_rows as departed_paused
from floorwatch.simulate.people import QUEUE_OF, TYPE_NAMES

DATETIME_FORMAT = "%Y-%m-%d %H:%M:%S"
_EPOCH = datetime(1970, 1, 1)


def hms(seconds: int) -> str:
    """A duration as H:MM:SS (hours may exceed 24)."""
    return f"{seconds // 3600}:{seconds % 3600 // 60:02d}:{seconds % 60:02d}"


def _seconds(plan: DayPlan, at: datetime) -> int:
    return int((at - plan.midnight).total_seconds())


def _micros(at: datetime) -> int:
    return (at - _EPOCH) // timedelta(microseconds=1)


def _headed(frame: pl.DataFrame, kind: Kind) -> pl.DataFrame:
    """Internal names -> the kind's canonical headers, in spec order."""
    return frame.select([pl.col(c.name).alias(c.header) for c in kind.columns])


def actions_frame(plan: DayPlan, until: datetime) -> pl.DataFrame:
    """The Caseworker Actions report of the day so far: transactions started by `until`.

    A transaction still running at `until` has blank End and Outcome.
    """
    u = _seconds(plan, until)
    people = plan.floor.people
    raw = pl.DataFrame(
        {
            "w": plan.worker,
            "k": plan.task_type,
            "s": plan.start,
            "e": plan.end,
            "o": plan.outcome,
            "src": plan.source,
        },
        schema={c: pl.Int64 for c in ("w", "k", "s", "e", "o", "src")},
    ).with_row_index("i")
    raw = raw.filter(pl.col("s") <= u)
    w, k = raw["w"], raw["k"]
    mid = _micros(plan.midnight)
    done = pl.col("e") <= u
    frame = pl.DataFrame(
        {
            "worker_id": pl.Series([p.worker_id for p in people]).gather(w),
            "worker_name": pl.Series([p.name for p in people]).gather(w),
            "team": pl.Series([p.team for p in people]).gather(w),
            "task_id": plan.id_base + raw["i"].cast(pl.String).str.zfill(6),
            "task_type": pl.Series(TYPE_NAMES).gather(k),
            "queue": pl.Series([QUEUE_OF[t] for t in TYPE_NAMES]).gather(k),
            "s": raw["s"],
            "e": raw["e"],
            "o": pl.Series(OUTCOME_NAMES).gather(raw["o"]),
            "source": pl.Series(SOURCE_NAMES).gather(raw["src"]),
        }
    ).with_columns(
        start=(pl.col("s") * 1_000_000 + mid).cast(pl.Datetime("us")),
        end=pl.when(done).then((pl.col("e") * 1_000_000 + mid).cast(pl.Datetime("us"))),
        outcome=pl.when(done).then(pl.col("o")),
        export_time=pl.lit(until, pl.Datetime("us")),
    )
    return _headed(frame, ACTIONS)


def dashboard_frame(plan: DayPlan, at: datetime) -> pl.DataFrame:
    """The task-management dashboard at `at`: one row per caseworker."""
    u = _seconds(plan, at)
    rows: dict[str, list] = {c.name: [] for c in DASHBOARD.columns}
    for person, segs in zip(plan.floor.people, plan.segments, strict=True):
        snap = snapshot(segs, u)
        active = snap.status == ACTIVE
        rows["worker_id"].append(person.worker_id)
        rows["worker_name"].append(person.name)
        rows["team"].append(person.team)
        rows["status"].append(STATUS_NAMES[snap.status])
        rows["status_start"].append(plan.midnight + timedelta(seconds=snap.status_start))
        rows["task_type"].append(TYPE_NAMES[plan.task_type[snap.txn]] if active else None)
        rows["task_id"].append(plan.task_id(snap.txn) if active else None)
        rows["logged_in"].append(hms(snap.logged_in))
        rows["active"].append(hms(snap.active))
        rows["idle"].append(hms(snap.idle))
        rows["export_time"].append(at)
    schema = {c.name: pl.Datetime("us") if c.type == "datetime" else pl.String
              for c in DASHBOARD.columns}  # fmt: skip
    return _headed(pl.DataFrame(rows, schema=schema), DASHBOARD)


def paused_frame(plan: DayPlan, at: datetime) -> pl.DataFrame:
    """The Paused report at `at`: tasks paused today so far plus those carried over."""
    u = _seconds(plan, at)
    people = plan.floor.people
    items: list[tuple[int, datetime, str, int, str]] = [
        (w, when, task_id, kind, reason)
        for w, task_id, kind, when, reason in plan.carried
        if when <= at
    ]
    for i, (w, e, o) in enumerate(zip(plan.worker, plan.end, plan.outcome, strict=True)):
        if o == 2 and e <= u:
            when = plan.midnight + timedelta(seconds=e)
            items.append((w, when, plan.task_id(i), plan.task_type[i], PAUSE_REASONS[i % 4]))
    items.sort(key=lambda x: (x[0], x[1], x[2]))
    frame = pl.DataFrame(
        {
            "task_id": [x[2] for x in items],
            "worker_id": [people[x[0]].worker_id for x in items],
            "worker_name": [people[x[0]].name for x in items],
            "team": [people[x[0]].team for x in items],
            "task_type": [TYPE_NAMES[x[3]] for x in items],
            "paused_at": [x[1] for x in items],
            "reason": [x[4] for x in items],
            "export_time": [at] * len(items),
        },
        schema={
            **{c.name: pl.String for c in PAUSED.columns},
            "paused_at": pl.Datetime("us"),
            "export_time": pl.Datetime("us"),
        },
    )
    # The caseworker who has left still holds paused tasks (simulate/departures.py).
    frame = pl.concat([frame, departed_paused(plan.floor.spec, plan.day, at)])
    return _headed(frame, PAUSED)


def csv_bytes(frame: pl.DataFrame) -> bytes:
    """The frame as CSV, exactly as every export is written (UTF-8, ISO datetimes)."""
    buffer = io.BytesIO()
    frame.write_csv(buffer, datetime_format=DATETIME_FORMAT)
    return buffer.getvalue()
