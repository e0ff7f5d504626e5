"""The check results behind a pack: this period, the one before, the same one last year.

Every period is `run_check` with the command's request moved to another as-of, exactly as
`floorwatch check --no-record --period P --at T` would run it, so a pack's numbers are the
check's numbers. Nothing is written to the history.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime

import polars as pl

from floorwatch.coaching.journal import Entry
from floorwatch.engine.result import CheckResult
from floorwatch.engine.series import DailySeries
from floorwatch.engine.stepping import PeriodView, last_year_view, previous_view
from floorwatch.live import FloorSource
from floorwatch.live.periods import trend_series
from floorwatch.service import CheckRequest, NoDataError, run_check
from floorwatch.store import StoreError

#: Narrows a whole-floor result to the pack's scope (a team, a coordinator's teams);
#: raises LookupError when the scope is not in that result.
Scope = Callable[[CheckResult], CheckResult]


@dataclass(frozen=True)
class Comparison:
    """Another period's result for the same scope; `result` None when the history lacks it."""

    view: PeriodView
    result: CheckResult | None


@dataclass(frozen=True)
class PackInputs:
    """Everything a pack is laid out from."""

    result: CheckResult
    previous: Comparison
    last_year: Comparison
    #: The engine's daily series of the scope (None: the history gives no trend lines).
    series: DailySeries | None
    #: Why there are no trend lines, when `series` is None.
    series_problem: str | None
    entries: list[Entry]


def comparison_views(result: CheckResult) -> tuple[PeriodView, PeriodView]:
    """The previous period and the same period last year of `result`'s week or month.

    The one place a pack decides what it compares with: the Performance screen's rule
    (`engine.stepping.previous_view`), so that the two never disagree.
    """
    view = PeriodView(result.period.kind, result.period.start, result.as_of)
    return previous_view(view), last_year_view(view)


def _compared(request: CheckRequest, view: PeriodView, scope: Scope) -> Comparison:
    """The scope's result of `view`, or None when the history holds nothing of it."""
    try:
        result = scope(run_check(replace(request, at=view.at, period=view.kind)))
    except (NoDataError, LookupError):
        return Comparison(view, None)
    start = datetime.combine(view.start, datetime.min.time())
    # A check finds the roster's people in any period; without an export of the period
    # itself there is nothing to compare with (not a period of zeros).
    if not any(start <= s.export_time <= view.at for s in result.sources):
        return Comparison(view, None)
    return Comparison(view, result)


def gather(
    request: CheckRequest,
    scope: Scope,
    entries: list[Entry],
    *,
    floor_key: str | None = None,
) -> PackInputs:
    """Check the period (raising NoDataError, StoreError, LookupError as `check` would),
    then the periods it is compared with and the trend lines.

    `floor_key`: group every caseworker of the scope as one team of that name in the
    trend lines (a floor pack's headline); None keeps the teams (a team pack).
    """
    result = scope(run_check(request))
    previous, last_year = comparison_views(result)
    series, problem = _series(request, result, floor_key)
    return PackInputs(
        result,
        _compared(request, previous, scope),
        _compared(request, last_year, scope),
        series,
        problem,
        entries,
    )


def _series(
    request: CheckRequest, result: CheckResult, floor_key: str | None
) -> tuple[DailySeries | None, str | None]:
    source = FloorSource(request.config, None, request.data_dir)
    team_of = None
    if floor_key is not None:
        team_of = pl.DataFrame(
            {"worker_id": [w.worker_id for w in result.workers]},
            schema={"worker_id": pl.String},
        ).with_columns(pl.lit(floor_key, pl.String).alias("team"))
    try:
        series = trend_series(
            source, result, team_of=team_of, keep_summaries=request.keep_summaries
        )
        return series, None
    except StoreError as exc:
        return None, f"the history cannot be read: {exc}"
