"""The canonical export kinds of `spec/exports.md`: their columns, types and requirements.

Every export, whatever its headers, is normalised to one of these shapes before anything
else sees it. Internal column names are the bracketed names of the spec.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import polars as pl

ValueType = Literal["text", "datetime", "duration", "number"]

#: The polars type each value type is normalised to. Durations are minutes (float).
POLARS_TYPE: dict[ValueType, pl.DataType] = {
    "text": pl.String(),
    "datetime": pl.Datetime("us"),
    "duration": pl.Float64(),
    "number": pl.Float64(),
}


@dataclass(frozen=True)
class Column:
    """One canonical column of an export kind."""

    name: str
    header: str
    type: ValueType
    required: bool = False
    #: A required column whose cells may be blank (End and Outcome of an action in progress).
    blank_allowed: bool = False


@dataclass(frozen=True)
class Kind:
    """An export kind: its name and canonical columns, in spec order."""

    name: str
    columns: tuple[Column, ...]
    #: Plain numbers in duration columns default to this unit ("min", "s" or "ms").
    default_duration_unit: str = "min"

    @property
    def required(self) -> tuple[Column, ...]:
        return tuple(c for c in self.columns if c.required)

    def column(self, name: str) -> Column:
        for c in self.columns:
            if c.name == name:
                return c
        raise KeyError(name)

    @property
    def polars_schema(self) -> dict[str, pl.DataType]:
        """The normalised frame's schema (without the `line` column ingest adds)."""
        return {c.name: POLARS_TYPE[c.type] for c in self.columns}


def _col(
    name: str, header: str, type_: ValueType = "text", *, req: bool = False, blank: bool = False
) -> Column:
    return Column(name, header, type_, req, blank)


DASHBOARD = Kind(
    "dashboard",
    (
        _col("worker_id", "Worker ID", req=True),
        _col("worker_name", "Worker Name"),
        _col("team", "Team"),
        _col("status", "Status", req=True),
        _col("status_start", "Status Start", "datetime", req=True),
        _col("task_type", "Task Type"),
        _col("task_id", "Task ID"),
        _col("logged_in", "Logged In", "duration", req=True),
        _col("active", "Active", "duration", req=True),
        _col("idle", "Idle", "duration", req=True),
        _col("export_time", "Export Time", "datetime"),
    ),
)

ACTIONS = Kind(
    "actions",
    (
        _col("worker_id", "Worker ID", req=True),
        _col("worker_name", "Worker Name"),
        _col("team", "Team"),
        _col("task_id", "Task ID", req=True),
        _col("task_type", "Task Type", req=True),
        _col("queue", "Queue"),
        _col("start", "Start", "datetime", req=True),
        _col("end", "End", "datetime", req=True, blank=True),
        _col("outcome", "Outcome", req=True, blank=True),
        _col("source", "Source"),
        _col("export_time", "Export Time", "datetime"),
    ),
)

PAUSED = Kind(
    "paused",
    (
        _col("task_id", "Task ID", req=True),
        _col("worker_id", "Worker ID", req=True),
        _col("worker_name", "Worker Name"),
        _col("team", "Team"),
        _col("task_type", "Task Type"),
        _col("paused_at", "Paused At", "datetime", req=True),
        _col("reason", "Reason"),
        _col("export_time", "Export Time", "datetime"),
    ),
)

#: Genesys Cloud routing statuses and presences carried by `agent_status` exports.
ROUTING_STATUSES = ("Off Queue", "Idle", "Interacting", "Not Responding", "Communicating")
PRESENCES = ("Available", "Busy", "Away", "Break", "Meal", "Meeting", "Training")


def status_column_name(header: str) -> str:
    """Internal name of a routing status or presence column: `Off Queue` -> `off_queue`."""
    return header.lower().replace(" ", "_")


AGENT_STATUS = Kind(
    "agent_status",
    (
        _col("agent_name", "Agent Name", req=True),
        _col("agent_id", "Agent Id"),
        _col("interval_start", "Interval Start", "datetime"),
        _col("interval_end", "Interval End", "datetime"),
        _col("logged_in", "Logged In", "duration", req=True),
        _col("on_queue", "On Queue", "duration", req=True),
        *(
            _col(status_column_name(h), h, "duration")
            for h in (*ROUTING_STATUSES, *PRESENCES)
            # "Idle" is the routing status here, kept apart from the dashboard's Idle by kind.
        ),
    ),
    default_duration_unit="ms",
)

AGENT_PERFORMANCE = Kind(
    "agent_performance",
    (
        _col("agent_name", "Agent Name", req=True),
        _col("agent_id", "Agent Id"),
        _col("interval_start", "Interval Start", "datetime"),
        _col("media_type", "Media Type"),
        _col("handled", "Handle", "number", req=True),
        _col("avg_handle", "Avg Handle", "duration"),
        _col("avg_talk", "Avg Talk", "duration"),
        _col("avg_hold", "Avg Hold", "duration"),
        _col("avg_acw", "Avg ACW", "duration"),
    ),
    default_duration_unit="ms",
)

#: Kind order decides ties in detection (`spec/exports.md`: "the first kind ... wins").
KINDS: tuple[Kind, ...] = (DASHBOARD, ACTIONS, PAUSED, AGENT_STATUS, AGENT_PERFORMANCE)
KIND_BY_NAME: dict[str, Kind] = {k.name: k for k in KINDS}

#: Values that mean "no value" in any cell (compared case-insensitively, after stripping).
NULL_TOKENS = frozenset({"", "-", "n/a", "na", "null"})

STATUSES = ("Active", "Idle", "Paused", "Away", "Logged Out")
OUTCOMES = ("Completed", "Not Completed", "Paused", "Transferred")
SOURCES = ("Get Next", "Manual", "Assigned")
DEFAULT_QUEUE = "Default"
UNASSIGNED_TEAM = "Unassigned"


#: A run's flags as the history keeps them and trends read them (subject "" where a
#: flag has none).
RUN_FLAG_SCHEMA: dict[str, pl.DataType] = {
    "worker_id": pl.String(),
    "check": pl.String(),
    "subject": pl.String(),
    "value": pl.Float64(),
    "expected": pl.Float64(),
    "pattern": pl.String(),
}
