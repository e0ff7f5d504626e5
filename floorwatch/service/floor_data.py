"""The exports a period needs, gathered from the history and the drop folder."""

from __future__ import annotations

from datetime import datetime

import polars as pl

from floorwatch.engine import FloorData, period_of
from floorwatch.engine.floor import CONTACT_KINDS
from floorwatch.engine.result import PeriodKind
from floorwatch.ingest import LoadedExport, LoadError
from floorwatch.service.stored import drop_rows, stored_rows
from floorwatch.service.summaries import MadeSummaries, action_summaries, outside_summaries
from floorwatch.store import (
    HistoryStore,
    StoredExport,
)


def floor_data(
    store: HistoryStore,
    usable: list[StoredExport | LoadedExport],
    errors: list[LoadError],
    as_of: datetime,
    period_kind: PeriodKind,
    *,
    keep_summaries: bool = False,
    made: MadeSummaries | None = None,
) -> FloorData:
    """The exports the period needs: its days' dashboards and actions, the newest
    dashboard (status now), the newest paused list and the period's contact-centre
    exports, from the store and the drop; finished days' actions as
    summaries where the store has them (made and kept first with `keep_summaries`)."""
    since = period_of(period_kind, as_of).start
    newest = {
        kind: max((e.export_time for e in usable if e.kind == kind), default=None)
        for kind in ("dashboard", "paused")
    }
    wanted: list[StoredExport | LoadedExport] = [
        e
        for e in usable
        if (e.kind in ("dashboard", "actions") and e.export_time.date() >= since)
        or (e.kind in ("dashboard", "paused") and e.export_time == newest[e.kind])
        # Contact-centre rows belong to their Interval Start's day, never after the
        # export: the period's exports hold every row of its days.
        or (e.kind in CONTACT_KINDS and e.export_time.date() >= since)
    ]
    summaries, rest = action_summaries(
        store, wanted, as_of, keep=keep_summaries, since=since, made=made
    )
    chosen: dict[str, list[pl.LazyFrame]] = {}
    for e in rest:
        if isinstance(e, LoadedExport):
            chosen.setdefault(e.kind, []).append(drop_rows(e))
    stored = [e for e in rest if isinstance(e, StoredExport)]
    for kind, scan in stored_rows(store, stored).items():
        chosen.setdefault(kind, []).append(scan)
    return FloorData.from_frames(outside_summaries(chosen, summaries), tuple(errors), summaries)
