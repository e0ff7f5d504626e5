"""What a check is asked to do, and what stops it: the request, no data, exports from the future."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from floorwatch.engine.result import PeriodKind
from floorwatch.ingest import LoadError
from floorwatch.settings import Config

#: How far past the wall clock an export time may be before it is "from the future"
#: (exports.md, v2): clocks on a network drift by minutes, never by hours.
FUTURE_SLACK = timedelta(minutes=10)

#: The kinds whose newest export sets the default as-of (kpis.md, v2).
AS_OF_KINDS = ("dashboard", "actions", "paused")


def future_limit(config: Config, now: datetime | None = None) -> datetime | None:
    """The latest export time to accept; None under `clock = "exports"` (no future)."""
    if config.settings.clock != "wall":
        return None
    return (now or datetime.now()) + FUTURE_SLACK


def future_error(name: str, moment: datetime) -> LoadError:
    """The refusal of an export from the future: it is never stored, never the as-of."""
    when = moment.isoformat(sep=" ", timespec="seconds")
    return LoadError(name, f"export time {when} is in the future; not used, not stored")


class NoDataError(Exception):
    """Nothing to check: no export in the drop folder or the history."""

    def __init__(self, message: str, errors: tuple[LoadError, ...] = ()) -> None:
        super().__init__(message)
        #: Why the drop folder's files could not be used.
        self.errors = errors


@dataclass(frozen=True)
class CheckRequest:
    """What to check, where the data is, and what to keep of the run."""

    config: Config
    drop_dir: Path | None
    data_dir: Path
    at: datetime | None = None
    period: PeriodKind = "day"
    #: Keep newly seen exports in the history (so weeks and months outlive the drop folder).
    store_exports: bool = True
    #: Record the run's flags (trends, the checks screen). False for live refreshes.
    record_run: bool = True
    #: Why the run happened, recorded with it: "check", "slot 09:00", "ad-hoc".
    trigger: str = "check"
    #: Who ran it (default: the OS user).
    by: str | None = None
    #: When the run is recorded (default: now). The demo's simulated clock sets it.
    recorded_at: datetime | None = None
    #: Keep, in an existing history, the day summaries a week or month makes (derived
    #: data: the next week or month reads them instead of every row). False with
    #: `--no-record`, which leaves the history untouched.
    keep_summaries: bool = True
    #: The wall clock the live snapshot's age is measured to when there is no `at`
    #: (default: now, or the newest export time with the `clock = "exports"` setting).
    now: datetime | None = None
    #: Judge the trend window's past days without a recorded run by a check as of their
    #: newest export (spec v2). False only where nobody reads the run's trends (the demo
    #: recording its earlier days in a hurry): those days then count as not raised.
    backfill_trends: bool = True
