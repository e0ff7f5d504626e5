"""The KPI engine: pure polars, no Textual. FloorData in, CheckResult out."""

from floorwatch.engine.evaluate import evaluate, recorded_flags
from floorwatch.engine.floor import FloorData, row_schema
from floorwatch.engine.period import period_of
from floorwatch.engine.result import CheckResult, Flag, Metrics, Period, TeamResult, WorkerResult
from floorwatch.engine.trends import RunHistory

__all__ = [
    "CheckResult",
    "Flag",
    "FloorData",
    "Metrics",
    "Period",
    "RunHistory",
    "TeamResult",
    "WorkerResult",
    "evaluate",
    "period_of",
    "recorded_flags",
    "row_schema",
]
