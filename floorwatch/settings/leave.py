"""Agreed and unplanned leave (`config/leave.csv`, spec v2): who is away, from when to when.

Days of leave are not scheduled days, except Type `Sick` or `Unplanned` (any case): those
stay scheduled and count as absent days (the seeds' "days lost to absences, excluding
agreed leave"). Rows are refused and reported like the roster's.
"""

from __future__ import annotations

from pathlib import Path

import polars as pl

from floorwatch.ingest.model import LoadError
from floorwatch.settings.table_file import TableFile, parse_date

LEAVE_FILE = "leave.csv"
LEAVE_COLUMNS = {"Worker ID": "worker_id", "From": "from", "To": "to", "Type": "type"}
LEAVE_SCHEMA: dict[str, pl.DataType] = {
    "worker_id": pl.String(),
    "from": pl.Date(),
    "to": pl.Date(),
    "type": pl.String(),
    #: Sick or unplanned: the days stay scheduled, and count as absent.
    "sick": pl.Boolean(),
    "line": pl.Int64(),
}
#: Leave types that are absences rather than agreed leave (compared in lower case).
ABSENCE_TYPES = ("sick", "unplanned")


def empty_leave() -> pl.DataFrame:
    return pl.DataFrame(schema=LEAVE_SCHEMA)


def load_leave(path: Path, roster_ids: set[str]) -> tuple[pl.DataFrame, tuple[LoadError, ...]]:
    """The usable leave rows, and every problem found (file, line, reason).

    A row for a Worker ID the roster does not hold is kept but reported: it counts for
    nobody (only rostered caseworkers are judged on a schedule), which is most often a
    typo worth knowing about.
    """
    table = TableFile(path, LEAVE_COLUMNS)
    lacking = [c for c in ("worker_id", "from", "to") if c not in table.header]
    if table.header and lacking:
        names = ", ".join(table.label[c] for c in lacking)
        table.refuse(1, f"leave.csv lacks the column(s) {names}: not used")
        return empty_leave(), tuple(table.errors)
    records = []
    for row in table.rows():
        try:
            record = table.parsed(row, {"from": parse_date, "to": parse_date})
        except ValueError as exc:
            table.refuse(row.line, f"{exc}: row not used")
            continue
        missing = [table.label[c] for c in ("worker_id", "from", "to") if c not in record]
        if missing:
            table.refuse(row.line, f"blank {', '.join(missing)}: row not used")
            continue
        if record["to"] < record["from"]:  # type: ignore[operator]
            table.refuse(
                row.line, f"To {record['to']} is before From {record['from']}: row not used"
            )
            continue
        if record["worker_id"] not in roster_ids:
            table.refuse(
                row.line,
                f"Worker ID {record['worker_id']} is not in the roster: "
                "this leave counts for nobody",
            )
        kind = str(record.get("type") or "")
        records.append(
            {
                **record,
                "type": kind or None,
                "sick": kind.strip().lower() in ABSENCE_TYPES,
                "line": row.line,
            }
        )
    return pl.DataFrame(records, schema=LEAVE_SCHEMA, orient="row"), tuple(table.errors)
