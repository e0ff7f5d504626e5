"""Messages the background side posts to the app: results of check runs and drop changes."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import polars as pl
from textual.message import Message

from floorwatch.engine.result import CheckResult, PeriodKind
from floorwatch.ingest.model import LoadError
from floorwatch.store import RunRecord
from floorwatch.watcher.drop import WatchStatus


@dataclass
class DropChanged(Message):
    """Settled exports in the drop folder appeared, changed or went away."""

    paths: frozenset[Path]

    def can_replace(self, message: Message) -> bool:
        # Any queued change is covered by a newer one: the refresh rereads the whole folder.
        return isinstance(message, DropChanged)


@dataclass
class DropFolderStatus(Message):
    """The drop folder went missing, came back, or is now polled (see WatchStatus)."""

    status: WatchStatus


@dataclass
class CheckDone(Message):
    """A check of the day finished: the new result and today's recorded runs.

    `trigger` is what started it ("refresh", "ad-hoc", "slot 09:00"); `recorded` says
    whether the run was stored in the history.
    """

    result: CheckResult
    runs_today: list[RunRecord]
    trigger: str
    recorded: bool
    #: The result's paused list in working order (`FloorSource.paused_report`).
    paused_report: pl.DataFrame


@dataclass
class CheckFailed(Message):
    """A check could not run (no usable data, store trouble); the last good data stays."""

    trigger: str
    reason: str
    #: Why the drop folder's files could not be used, when that is the reason.
    errors: tuple[LoadError, ...] = ()


@dataclass
class PeriodDone(Message):
    """A week or month result for a drilldown (not recorded)."""

    period: PeriodKind
    result: CheckResult
