"""The optional roster (`config/roster.csv`): who is on which team, shifts, work days,
start and last days (`spec/exports.md`).

Roster problems never stop the floor (v2): a row with a blank Worker ID, a second row with
the same Worker ID (the first stands) or a value that cannot be read is refused and
reported with `roster.csv`, its line and the reason.
"""

from __future__ import annotations

import re
from pathlib import Path

import polars as pl

from floorwatch.ingest.model import LoadError
from floorwatch.settings.table_file import TableFile, parse_date
from floorwatch.settings.workdays import parse_work_days

#: Canonical roster header (matched in any case) -> internal column.
ROSTER_COLUMNS = {
    "Worker ID": "worker_id",
    "Worker Name": "worker_name",
    "Team": "team",
    "Supervisor": "supervisor",
    "Coordinator": "coordinator",
    "Shift Start": "shift_start_minutes",
    "Shift Minutes": "shift_minutes",
    "Start Date": "start_date",
    "Last Day": "last_day",
    "Genesys Name": "genesys_name",
    "Work Days": "work_days",
    "FTE": "fte",
    "Role": "role",
}
ROSTER_SCHEMA: dict[str, pl.DataType] = {
    "worker_id": pl.String(),
    "worker_name": pl.String(),
    "team": pl.String(),
    "supervisor": pl.String(),
    "coordinator": pl.String(),
    "shift_start_minutes": pl.Float64(),
    "shift_minutes": pl.Float64(),
    "start_date": pl.Date(),
    "last_day": pl.Date(),
    "genesys_name": pl.String(),
    #: Weekdays worked (Monday 0); null: the `work_days` setting.
    "work_days": pl.List(pl.Int8()),
    #: Null: 1.0. Kept for staffing counts; never scales scheduled minutes (kpis.md).
    "fte": pl.Float64(),
    #: Null: front line.
    "role": pl.String(),
    #: The row's line in roster.csv (null for rosters made in code).
    "line": pl.Int64(),
}
_HHMM = re.compile(r"^(\d{1,2}):(\d{2})$")
#: The role of the caseworkers judged on a schedule (blank is front line too).
FRONT_LINE = "front line"


def empty_roster() -> pl.DataFrame:
    return pl.DataFrame(schema=ROSTER_SCHEMA)


def _shift_start(text: str) -> float:
    match = _HHMM.match(text)
    if match is None or int(match[1]) > 23 or int(match[2]) > 59:
        raise ValueError(f"'{text}' is not a time HH:MM")
    return int(match[1]) * 60.0 + int(match[2])


def _minutes(text: str) -> float:
    value = float(text)
    if not 0 <= value < float("inf"):
        raise ValueError(f"'{text}' is not a number of minutes")
    return value


def _fte(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise ValueError(f"'{text}' is not a number") from None
    if not 0 < value <= 1.5:
        raise ValueError(f"'{text}' is not in (0, 1.5]")
    return value


def _work_days(text: str) -> list[int]:
    return list(parse_work_days(text))


_PARSERS = {
    "shift_start_minutes": _shift_start,
    "shift_minutes": _minutes,
    "start_date": parse_date,
    "last_day": parse_date,
    "work_days": _work_days,
    "fte": _fte,
}


def load_roster(path: Path) -> tuple[pl.DataFrame, tuple[LoadError, ...]]:
    """The roster's usable rows, and every problem found (file, line, reason).

    A missing file is an empty roster; a file without a Worker ID column cannot be used
    at all (reported, empty roster).
    """
    table = TableFile(path, ROSTER_COLUMNS)
    if table.header and "worker_id" not in table.header:
        table.refuse(1, "the roster has no Worker ID column: not used")
        return empty_roster(), tuple(table.errors)
    records = []
    first_line: dict[str, int] = {}
    folded: dict[str, tuple[str, int]] = {}
    for row in table.rows():
        worker_id = row.cells.get("worker_id")
        if worker_id is None:
            table.refuse(row.line, "blank Worker ID: row not used")
            continue
        if worker_id in first_line:
            table.refuse(
                row.line,
                f"Worker ID {worker_id} is already on line {first_line[worker_id]}: "
                "row not used (the first stands)",
            )
            continue
        try:
            record = table.parsed(row, _PARSERS)
        except ValueError as exc:
            table.refuse(row.line, f"{exc}: row not used")
            continue
        clash = folded.get(worker_id.casefold())
        if clash is not None:
            # Kept (IDs are exact everywhere), but almost surely a typo: say so.
            table.refuse(
                row.line,
                f"Worker ID {worker_id} differs from {clash[0]} on line {clash[1]} only by "
                "case: they are two caseworkers",
            )
        first_line[worker_id] = row.line
        folded.setdefault(worker_id.casefold(), (worker_id, row.line))
        records.append({**dict.fromkeys(ROSTER_SCHEMA), **record, "line": row.line})
    frame = pl.DataFrame(records, schema=ROSTER_SCHEMA, orient="row")
    return frame, tuple(table.errors)


def is_front_line() -> pl.Expr:
    """Roster rows of front-line caseworkers: Role `Front line` in any case, or blank."""
    role = pl.col("role").str.strip_chars().str.to_lowercase().str.replace_all(r"\s+", " ")
    return role.is_null() | (role == FRONT_LINE) | (role == "")
