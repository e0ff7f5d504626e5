"""The four daily reconciles (`check_times`): which slot is done, due, late or missed, and
what a run changed since the run before it.

A slot whose moment passed without its run (the app was closed or asleep) is *late*: the
app runs it as of that moment from the history (the exports are there) and records it
"run late". Only a slot with no data for its moment, or whose run failed, stays missed.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import datetime, time
from typing import Literal

import polars as pl

from floorwatch.store import RunRecord

SlotState = Literal["done", "due", "late", "missed"]

#: A flag's identity across runs.
FLAG_KEY = ("worker_id", "check", "subject")


def slot_trigger(slot: time) -> str:
    """The trigger a slot's run is recorded with; how a later look finds it done."""
    return f"slot {slot:%H:%M}"


#: Added to a slot's trigger when it was run after its moment, as of that moment.
LATE = " (late)"


def late_trigger(slot: time) -> str:
    """The trigger of a slot caught up after its moment."""
    return slot_trigger(slot) + LATE


def is_late(run: RunRecord) -> bool:
    """Whether a recorded slot run was caught up after its moment."""
    return run.trigger.endswith(LATE)


@dataclass(frozen=True)
class SlotStatus:
    """One of today's slots: done (with its run, on time or late), due, late (its moment
    passed without a run: to be caught up), or missed."""

    slot: time
    state: SlotState
    run: RunRecord | None = None


def slot_states(
    slots: Sequence[time],
    runs_today: Sequence[RunRecord],
    now: datetime,
    opened_at: datetime,
    attempted: Collection[time] = (),
) -> list[SlotStatus]:
    """Today's slots. A slot without its recorded run is late when it passed before the
    app opened, or when the next slot has come too (the app was asleep): it is caught up
    as of its moment. It is missed once a run of it was attempted (`attempted`) and none
    was recorded: no data for its moment, or the run failed."""
    done = {r.trigger: r for r in runs_today}
    ordered = sorted(slots)
    out = []
    for i, slot in enumerate(ordered):
        run = done.get(slot_trigger(slot)) or done.get(late_trigger(slot))
        superseded = i + 1 < len(ordered) and ordered[i + 1] <= now.time()
        if run is not None:
            out.append(SlotStatus(slot, "done", run))
        elif slot in attempted:
            out.append(SlotStatus(slot, "missed"))
        elif datetime.combine(now.date(), slot) < opened_at or superseded:
            out.append(SlotStatus(slot, "late"))
        else:
            out.append(SlotStatus(slot, "due"))
    return out


def due_slot(
    slots: Sequence[time],
    runs_today: Sequence[RunRecord],
    now: datetime,
    opened_at: datetime,
    attempted: Collection[time] = (),
) -> time | None:
    """The slot to run now: its time has come while the app was open, and it has not run."""
    states = slot_states(slots, runs_today, now, opened_at, attempted)
    due = [s.slot for s in states if s.state == "due" and s.slot <= now.time()]
    return due[-1] if due else None


def late_slot(
    slots: Sequence[time],
    runs_today: Sequence[RunRecord],
    now: datetime,
    opened_at: datetime,
    attempted: Collection[time] = (),
) -> time | None:
    """The earliest slot to catch up (as of its own moment), so that runs are recorded in
    slot order and each one's new and cleared flags compare with the slot before it."""
    states = slot_states(slots, runs_today, now, opened_at, attempted)
    return next((s.slot for s in states if s.state == "late"), None)


def flag_changes(
    before: pl.DataFrame | None, after: pl.DataFrame
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """(new, cleared): flags of `after` not in `before`, and flags of `before` gone from it."""
    if before is None:
        return after, after.clear()
    new = after.join(before.select(FLAG_KEY), on=list(FLAG_KEY), how="anti", nulls_equal=True)
    cleared = before.join(after.select(FLAG_KEY), on=list(FLAG_KEY), how="anti", nulls_equal=True)
    return new.sort(FLAG_KEY), cleared.sort(FLAG_KEY)
