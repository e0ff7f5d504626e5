"""The optional roster (`config/roster.csv`): who is on which team, shifts, last days."""

from __future__ import annotations

import contextlib
import csv
import io
import re
from datetime import date, datetime
from pathlib import Path

import polars as pl

from floorwatch.ingest.encoding import decode_text
from floorwatch.safe_text import terminal_safe
from floorwatch.settings.errors import ConfigError

#: Roster header (case-insensitive) -> internal column.
ROSTER_COLUMNS = {
    "worker id": "worker_id",
    "worker name": "worker_name",
    "team": "team",
    "supervisor": "supervisor",
    "coordinator": "coordinator",
    "shift start": "shift_start_minutes",
    "shift minutes": "shift_minutes",
    "start date": "start_date",
    "last day": "last_day",
    "genesys name": "genesys_name",
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
}
_HHMM = re.compile(r"^(\d{1,2}):(\d{2})$")
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def empty_roster() -> pl.DataFrame:
    return pl.DataFrame(schema=ROSTER_SCHEMA)


def _date(text: str) -> date:
    if _ISO_DATE.match(text):  # the usual form, 20x faster than strptime (a row a worker)
        with contextlib.suppress(ValueError):  # 2026-02-30: refused below, in words
            return date.fromisoformat(text)
    for fmt in ("%Y-%m-%d", "%m/%d/%Y"):
        try:
            return datetime.strptime(text, fmt).date()
        except ValueError:
            pass
    raise ValueError(f"'{text}' is not a date (YYYY-MM-DD or M/D/YYYY)")


def _shift_start(text: str) -> float:
    match = _HHMM.match(text)
    if match is None or int(match[1]) > 23 or int(match[2]) > 59:
        raise ValueError(f"'{text}' is not a time HH:MM")
    return int(match[1]) * 60.0 + int(match[2])


def _minutes(text: str) -> float:
    value = float(text)
    if value < 0:
        raise ValueError(f"'{text}' is negative")
    return value


_PARSERS = {
    "shift_start_minutes": _shift_start,
    "shift_minutes": _minutes,
    "start_date": _date,
    "last_day": _date,
}


def load_roster(path: Path) -> pl.DataFrame:
    """Read the roster; a missing file is an empty roster, a bad cell a ConfigError."""
    if not path.exists():
        return empty_roster()
    try:
        text = decode_text(path.read_bytes())
    except OSError as exc:
        raise ConfigError(path, None, None, f"cannot be read: {exc}") from None
    rows = list(csv.reader(io.StringIO(text)))
    if not rows:
        return empty_roster()
    header = [ROSTER_COLUMNS.get(h.strip().lower()) for h in rows[0]]
    if "worker_id" not in header:
        raise ConfigError(path, 1, "Worker ID", "the roster has no Worker ID column")
    records = []
    for line, cells in enumerate(rows[1:], start=2):
        record: dict[str, object] = dict.fromkeys(ROSTER_SCHEMA)
        for name, cell in zip(header, cells, strict=False):
            cell = cell.strip()
            if name is None or not cell:
                continue
            parse = _PARSERS.get(name)
            try:
                # Names and teams reach terminals: no control character in them (v2).
                record[name] = parse(cell) if parse else terminal_safe(cell, one_line=True)
            except ValueError as exc:
                raise ConfigError(path, line, name, str(exc)) from None
        if record["worker_id"]:
            records.append(record)
    frame = pl.DataFrame(records, schema=ROSTER_SCHEMA, orient="row")
    # A worker listed twice: the later line wins, as a later edit would.
    return frame.unique("worker_id", keep="last", maintain_order=True)
