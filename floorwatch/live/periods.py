"""Blocking look-ups behind the Performance and Trend screens, for thread workers.

A week or month is checked by `run_check`, exactly as `floorwatch check --period week
--at ... --no-record` would (so a number on the Performance screen is the one the headless
check gives); trend lines come from the history store in one lazy pass
(`engine.series`). Nothing here imports Textual.
"""

from __future__ import annotations

from datetime import datetime, timedelta

import polars as pl

from floorwatch.engine import CheckResult, FloorData
from floorwatch.engine.series import DailySeries, daily_series
from floorwatch.engine.stepping import PeriodView
from floorwatch.live import FloorSource
from floorwatch.service import NoDataError, run_check
from floorwatch.service.stored import reading_history, stored_rows
from floorwatch.service.summaries import action_summaries, outside_summaries
from floorwatch.store import HistoryStore, StoredExport

#: How far back trend lines reach: four weeks, the seeds' "longer timeframes".
TREND_DAYS = 28


def check_view(source: FloorSource, view: PeriodView, *, current: bool) -> CheckResult | None:
    """The week or month of `view` as of `view.at`, not recorded; None with no data.

    Only the period in progress (`current`) reads the drop folder too: an earlier period's
    exports are all in the history (every refresh stores what it reads), and reading and
    hashing the drop folder again costs ~0.3 s on a statewide floor.
    """
    source.wait_for_history()
    request = source.request(
        period=view.kind, record=False, trigger="performance", at=view.at, read_drop=current
    )
    try:
        return run_check(request)
    except NoDataError:  # a period before the history begins: shown blank
        return None


def history_floor(
    source: FloorSource,
    since: datetime,
    until: datetime,
    store: HistoryStore | None = None,
    *,
    keep_summaries: bool = True,
) -> FloorData:
    """The stored dashboard and Caseworker Actions exports from `since` to `until`
    (finished days' summaries made are kept in the history, unless `keep_summaries` is
    False: a report writes nothing there)."""
    source.wait_for_history()
    store = store or HistoryStore(source.data_dir)
    exports = [
        e
        for kind in ("dashboard", "actions")
        for e in store.exports(kind, since=since.date(), until=until)
    ]
    # As in a check: finished days' summaries (kept), compacted days for the rest.
    summaries, rest = action_summaries(
        store, exports, until, keep=keep_summaries, since=since.date()
    )
    stored = [e for e in rest if isinstance(e, StoredExport)]
    frames = outside_summaries({k: [f] for k, f in stored_rows(store, stored).items()}, summaries)
    return FloorData.from_frames(frames, (), summaries)


def trend_series(
    source: FloorSource,
    result: CheckResult,
    days: int = TREND_DAYS,
    *,
    team_of: pl.DataFrame | None = None,
    keep_summaries: bool = True,
) -> DailySeries:
    """Each KPI day by day over the `days` days up to the result's as-of, per caseworker and
    team (teams as the result resolved them, or as `team_of` (worker_id, team) groups them:
    a report pack's whole floor as one)."""
    start = result.as_of - timedelta(days=days - 1)
    since = datetime.combine(start.date(), datetime.min.time())
    if team_of is None:
        team_of = pl.DataFrame(
            {
                "worker_id": [w.worker_id for w in result.workers],
                "team": [w.team for w in result.workers],
            },
            schema={"worker_id": pl.String, "team": pl.String},
        )
    store = HistoryStore(source.data_dir)
    # A history file that cannot be read is left out (and stays where it is: the
    # screens write nothing), as the check of the period does.
    return reading_history(
        store,
        lambda: daily_series(
            history_floor(source, since, result.as_of, store, keep_summaries=keep_summaries),
            source.settings,
            source.config.roster,
            team_of,
            start=since.date(),
            as_of=result.as_of,
        ),
        [],
        move=False,
    )
