"""The month checks behind an MI return (reports.md, "Monthly management-information return").

Each month of the fiscal year is `run_check` as `floorwatch check --no-record --period
month --at <the month's last moment>` runs it; the month in progress is the check without
`--at` (its as-of is the newest export). A month after that, or one the history holds no
export of, has no result: it is blank in the return, never 0.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta

from floorwatch.engine.result import CheckResult
from floorwatch.service import CheckRequest, DropScanner, NoDataError, run_check

#: The moment a finished month is checked at: its last second, as `--at` can say it.
MONTH_END = time(23, 59, 59)


@dataclass(frozen=True)
class MonthCheck:
    """One month of the return: its first day, the check's as-of, and its result."""

    month: date
    #: None: after the month in progress (not checked).
    at: datetime | None
    #: None: blank (not yet, or nothing of the month in the history).
    result: CheckResult | None
    in_progress: bool = False


def fiscal_months(first_year: int, first_month: int) -> list[date]:
    """The twelve months of the fiscal year starting in `first_month` of `first_year`."""
    return [
        date(first_year + (first_month - 1 + i) // 12, (first_month - 1 + i) % 12 + 1, 1)
        for i in range(12)
    ]


def fiscal_year_of(day: date, first_month: int) -> int:
    """The calendar year in which the fiscal year holding `day` starts."""
    return day.year if day.month >= first_month else day.year - 1


def month_end(month: date) -> datetime:
    """The last moment (to the second) of the month starting on `month`."""
    following = date(month.year + month.month // 12, month.month % 12 + 1, 1)
    return datetime.combine(following - timedelta(days=1), MONTH_END)


def has_data(result: CheckResult, month: date) -> bool:
    """Whether the history holds an export of the month itself (not only the roster's
    people, which a check lists in any period, nor an older paused list)."""
    start = datetime.combine(month, time.min)
    return any(start <= s.export_time <= result.as_of for s in result.sources)


def newest_month(request: CheckRequest, scanner: DropScanner) -> CheckResult:
    """The month in progress: the month check as of the newest export (NoDataError when
    there is none)."""
    return run_check(_month_request(request, None), scanner)


def _month_request(request: CheckRequest, at: datetime | None) -> CheckRequest:
    # Nobody reads a flag's pattern in the return: no trend days are judged (a month
    # check per trend day would multiply the work by the trend window).
    return replace(
        request,
        at=at,
        period="month",
        store_exports=False,
        record_run=False,
        keep_summaries=False,
        backfill_trends=False,
    )


def month_checks(
    request: CheckRequest, months: list[date], newest: CheckResult, scanner: DropScanner
) -> list[MonthCheck]:
    """Every month of `months`, checked or blank (see the module doc).

    Checked newest first: once a month has no export at or before its end, no earlier
    month has one either, and is blank without a check.
    """
    current = newest.as_of.date().replace(day=1)
    out: dict[date, MonthCheck] = {}
    before_history = False
    for month in sorted(months, reverse=True):
        if month > current:
            out[month] = MonthCheck(month, None, None)
            continue
        result: CheckResult | None = None
        if month == current:
            result, at = newest, newest.as_of
        else:
            at = month_end(month)
            if not before_history:
                try:
                    result = run_check(_month_request(request, at), scanner)
                except NoDataError:
                    before_history = True
        if result is not None and not has_data(result, month):
            result = None
        out[month] = MonthCheck(month, at, result, in_progress=month == current)
    return [out[m] for m in months]
