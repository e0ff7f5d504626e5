"""Caseworker Actions rows of any date range the history holds, for a coaching sample.

A sample may reach back before this month (the procedure's "date range they want to
check"): the range is read month by month through `run_check`, the engine of
`floorwatch check`, so a sample's transactions are the rows every report counts
(de-duplicated, teams resolved). Blocking: call it from a thread worker.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from pathlib import Path

import polars as pl

from floorwatch.engine.result import CheckResult
from floorwatch.schema import ACTIONS
from floorwatch.service import CheckRequest, NoDataError, run_check
from floorwatch.settings import Config
from floorwatch.store import HistoryStore


def history_span(data_dir: Path) -> tuple[date, date] | None:
    """The first and last day of Caseworker Actions exports the history holds."""
    exports = HistoryStore(data_dir).exports(ACTIONS.name)
    if not exports:
        return None
    return exports[0].export_time.date(), exports[-1].export_time.date()


def month_starts(first: date, last: date) -> list[date]:
    """The first day of each month from `first`'s to `last`'s."""
    months, day = [], first.replace(day=1)
    while day <= last:
        months.append(day)
        day = (day + timedelta(days=32)).replace(day=1)
    return months


def month_results(
    config: Config,
    drop_dir: Path | None,
    data_dir: Path,
    first: date,
    last: date,
    newest: datetime,
    known: dict[date, CheckResult] | None = None,
) -> dict[date, CheckResult]:
    """The month results covering first..last, as of each month's end (the newest data
    for the month holding it); months the history has no data for are left out.
    `known` holds results already at hand (the app's current month), by month start."""
    found: dict[date, CheckResult] = {}
    for start in month_starts(first, min(last, newest.date())):
        if known and start in known:
            found[start] = known[start]
            continue
        end = (start + timedelta(days=32)).replace(day=1)
        at = min(datetime.combine(end, time()) - timedelta(seconds=1), newest)
        request = CheckRequest(
            config,
            drop_dir,
            data_dir,
            at=at,
            period="month",
            store_exports=False,
            record_run=False,
            trigger="coaching sample",
            keep_summaries=False,
        )
        try:
            found[start] = run_check(request)
        except NoDataError:
            continue  # nothing that early: the range starts later than asked
    return found


def rows_of(
    results: dict[date, CheckResult], *, worker_id: str | None = None, team: str | None = None
) -> pl.DataFrame | None:
    """The caseworker's or team's actions of those months in one frame (None: no month)."""
    frames = []
    for result in results.values():
        actions = result.actions
        if worker_id:
            frames.append(actions.of_worker(worker_id))
        else:
            frames.append(actions.of_team(team or "").frame())
    if not frames:
        return None
    # A transaction over a month's turn may be in both months' rows: keep it once.
    rows = pl.concat(frames, how="vertical_relaxed")
    return rows.unique(subset=["task_id", "worker_id", "start"], keep="first", maintain_order=True)
