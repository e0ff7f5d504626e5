"""The four daily reconciles (`check_times`): which slot is done, due or missed, and what
a run changed since the run before it."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import datetime, time
from typing import Literal

import polars as pl

from floorwatch.store import RunRecord

SlotState = Literal["done", "due", "missed"]

#: A flag's identity across runs.
FLAG_KEY = ("worker_id", "check", "subject")


def slot_trigger(slot: time) -> str:
    """The trigger a slot's run is recorded with; how a later look finds it done."""
    return f"slot {slot:%H:%M}"


@dataclass(frozen=True)
class SlotStatus:
    """One of today's slots: done (with its run), due, or missed."""

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
    """Today's slots. A slot without its recorded run is missed when it passed before the
    app opened, when its run failed (`attempted`), or when the next slot has come too
    (the app was asleep): a late run would be recorded under the wrong slot."""
    done = {r.trigger: r for r in runs_today}
    ordered = sorted(slots)
    out = []
    for i, slot in enumerate(ordered):
        run = done.get(slot_trigger(slot))
        superseded = i + 1 < len(ordered) and ordered[i + 1] <= now.time()
        if run is not None:
            out.append(SlotStatus(slot, "done", run))
        elif datetime.combine(now.date(), slot) < opened_at or slot in attempted or superseded:
            out.append(SlotStatus(slot, "missed"))
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
    due = [
        s.slot
        for s in slot_states(slots, runs_today, now, opened_at, attempted)
        if s.state == "due" and s.slot <= now.time()
    ]
    return due[-1] if due else None


def flag_changes(
    before: pl.DataFrame | None, after: pl.DataFrame
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """(new, cleared): flags of `after` not in `before`, and flags of `before` gone from it."""
    if before is None:
        return after, after.clear()
    new = after.join(before.select(FLAG_KEY), on=list(FLAG_KEY), how="anti", nulls_equal=True)
    cleared = before.join(after.select(FLAG_KEY), on=list(FLAG_KEY), how="anti", nulls_equal=True)
    return new.sort(FLAG_KEY), cleared.sort(FLAG_KEY)
