"""What a run records: its flags as the store keeps them, and the trend window's days."""

from __future__ import annotations

from datetime import datetime

import polars as pl

from floorwatch.engine import RunHistory, recorded_flags
from floorwatch.ingest import LoadedExport, LoadError
from floorwatch.service.floor_data import floor_data
from floorwatch.service.request import CheckRequest
from floorwatch.service.summaries import MadeSummaries
from floorwatch.service.trend_days import run_history
from floorwatch.store import (
    HistoryStore,
    StoredExport,
)


def trend_history(
    store: HistoryStore,
    known: list[StoredExport | LoadedExport],
    request: CheckRequest,
    as_of: datetime,
    errors: list[LoadError],
    *,
    keep: bool,
    made: MadeSummaries | None = None,
) -> RunHistory:
    """The trend window's days (days with data) and their flags: recorded runs, else a
    check of the same period kind as of the day's newest export (`trend_days`). A day
    whose check fails (a stored export broken on disk) counts as not raised, and says so
    in `errors`: the run itself goes on."""
    config = request.config

    def judge(moment: datetime) -> pl.DataFrame | None:
        usable = [e for e in known if e.export_time <= moment]
        try:
            floor = floor_data(
                store, usable, [], moment, request.period, keep_summaries=keep, made=made
            )
            # Only the flags: a backfilled day computes no trends of its own.
            return recorded_flags(
                floor,
                config.settings,
                config.roster,
                as_of=moment,
                period_kind=request.period,
                leave=config.leave,
            )
        except (OSError, pl.exceptions.PolarsError) as exc:
            reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
            errors.append(
                LoadError(
                    f"trend day {moment:%Y-%m-%d}",
                    f"a {request.period} check as of {moment:%Y-%m-%d %H:%M} failed ({reason}): "
                    "the day counts as raising no flag in trends",
                )
            )
            return None

    chosen = judge if request.backfill_trends else None
    return run_history(store, known, request.period, as_of, config, chosen, keep=keep)
