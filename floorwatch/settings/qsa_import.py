"""`floorwatch qsa import`: a quarterly statewide averages file into qsa.toml.

The file (CSV, comma or semicolon, or XLSX: its first sheet) has a header row (title rows
above it are skipped) and one row per task type or queue:

| column (any case, `%` and `(min)` ignored) | what |
|---|---|
| Task Type | a task type; its row needs Transaction Minutes |
| Queue | a queue; its row needs Completion Low and/or Completion High |
| Transaction Minutes (or Txn Minutes, QSA Minutes) | minutes, or `H:MM:SS` / `M:SS` |
| Completion Low, Completion High | percent |
| Utilization, Logged In | statewide percent: on any row, the same wherever given |
| Handle Time (or Handle Minutes, AHT) | statewide call handle minutes, the same wherever given |

The quarter's values are written as `[quarters.YYYYQn]` into qsa.toml with tomlkit, which
keeps every comment and hand-written value; earlier quarters stay, and a quarter already
there (imported or written by hand) is updated.

Every problem is a ConfigError naming the file, the line and the reason; nothing is
written then.
"""

from __future__ import annotations

import csv
import io
import os
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from floorwatch.ingest.encoding import decode_text
from floorwatch.settings.errors import ConfigError
from floorwatch.settings.quarters import is_quarter
from floorwatch.settings.xlsx_percent import percent_cells

#: The line earlier versions wrote above the quarters they owned (removed on import).
_OLD_MARKER = (
    "# ---- Quarters imported by `floorwatch qsa import`. Below this line the file is "
    "rewritten on each import. ----"
)
#: Normalised header -> field.
HEADERS: dict[str, str] = {
    "task type": "task_type",
    "queue": "queue",
    "transaction minutes": "txn_minutes",
    "txn minutes": "txn_minutes",
    "qsa minutes": "txn_minutes",
    "completion low": "completion_low_pct",
    "completion high": "completion_high_pct",
    "utilization": "utilization_pct",
    "logged in": "logged_in_pct",
    "handle time": "call_handle_minutes",
    "handle minutes": "call_handle_minutes",
    "aht": "call_handle_minutes",
}
#: Statewide values: one per quarter, on any row.
STATEWIDE = ("utilization_pct", "logged_in_pct", "call_handle_minutes")
_MINUTES = ("txn_minutes", "call_handle_minutes")
_PERCENTS = ("completion_low_pct", "completion_high_pct", "utilization_pct", "logged_in_pct")
_SEARCH_ROWS = 20
_CLOCK = re.compile(r"^(?:(\d+):)?(\d{1,2}):(\d{2})$")


def _normal(header: object) -> str:
    """How a header is compared: case, `%`, `(min)`, `-`/`_` and extra spaces ignored."""
    text = str(header or "").replace("\ufeff", "").casefold()
    text = re.sub(r"\((?:min|mins|minutes|%)\)|%", " ", text)
    return " ".join(text.replace("-", " ").replace("_", " ").split())


@dataclass
class QuarterValues:
    """What one file says about one quarter."""

    statewide: dict[str, float] = field(default_factory=dict)
    task_types: dict[str, float] = field(default_factory=dict)
    queues: dict[str, dict[str, float]] = field(default_factory=dict)

    def as_table(self) -> dict[str, Any]:
        """The `[quarters.YYYYQn]` table (only what the file gave)."""
        table: dict[str, Any] = dict(self.statewide)
        if self.task_types:
            table["task_types"] = self.task_types
        if self.queues:
            table["queues"] = self.queues
        return table


def _rows(path: Path) -> list[list[str]]:
    """Every row of the file as text (CSV: its delimiter decided on the header line)."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ConfigError(path, None, None, f"cannot be read: {exc.strerror or exc}") from None
    if path.suffix.lower() == ".xlsx":
        return _xlsx_rows(path, data)
    if path.suffix.lower() != ".csv":
        raise ConfigError(path, None, None, "is neither a .csv nor an .xlsx file")
    text = decode_text(data)
    lines = text.splitlines()
    header_line = next((ln for ln in lines[:_SEARCH_ROWS] if _header_fields(ln)), "")
    sep = ";" if header_line.count(";") > header_line.count(",") else ","
    return [list(r) for r in csv.reader(io.StringIO(text, newline=""), delimiter=sep)]


def _header_fields(line: str) -> bool:
    cells = re.split(r"[;,]", line)
    return any(_normal(c) in ("task type", "queue") for c in cells)


def _xlsx_rows(path: Path, data: bytes) -> list[list[str]]:
    import fastexcel  # only an XLSX import pays for it

    try:
        sheet = fastexcel.read_excel(data).load_sheet(0, header_row=None, dtypes="string")
    except Exception as exc:  # fastexcel raises its own error types for bad workbooks
        reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise ConfigError(path, None, None, f"cannot be read as XLSX: {reason}") from None
    rows = [["" if c is None else str(c) for c in row] for row in sheet.to_polars().rows()]
    # A cell formatted `0%` holds 0.75 for 75 %: give it as "75%", as it is shown in Excel.
    for (r, c), stored in percent_cells(data).items():
        if r < len(rows) and c < len(rows[r]) and _same_number(rows[r][c], stored):
            rows[r][c] = f"{round(stored * 100, 9):g}%"
    return rows


def _same_number(text: str, stored: float) -> bool:
    """Whether fastexcel's text of a cell is the number the XML holds (the two agree on
    which cell is which)."""
    try:
        return abs(float(text) - stored) <= 1e-12 * max(1.0, abs(stored))
    except ValueError:
        return False


def _number(path: Path, line: int, header: str, text: str, name: str) -> float:
    """A percent or minutes cell: `76`, `76.5`, `76 %`, or for minutes `H:MM:SS` / `M:SS`."""
    value = text.strip().rstrip("%").strip()
    clock = _CLOCK.match(value) if name in _MINUTES else None
    try:
        if clock:
            hours, minutes, seconds = (int(g or 0) for g in clock.groups())
            number = hours * 60 + minutes + seconds / 60
        else:
            number = float(value.replace(",", ".") if value.count(",") == 1 else value)
    except ValueError:
        raise ConfigError(path, line, None, f"{header}: '{text.strip()}' is not a number") from None
    if number != number or number < 0 or number == float("inf"):
        raise ConfigError(path, line, None, f"{header}: '{text.strip()}' must be 0 or more")
    if name in _MINUTES and text.strip().endswith("%"):
        raise ConfigError(
            path, line, None, f"{header}: '{text.strip()}' is a percentage, not minutes"
        )
    if name in _PERCENTS and 0 < number < 1:
        # No KPI's statewide average is under 1 %: this is a fraction (0.75 for 75 %).
        raise ConfigError(
            path,
            line,
            None,
            f"{header}: '{text.strip()}' cannot be a percentage of a KPI (under 1 %); "
            f"write {number * 100:g} for {number * 100:g} %, or format the cell as a percentage",
        )
    if name in _PERCENTS and number > 100:
        raise ConfigError(path, line, None, f"{header}: '{text.strip()}' is over 100 %")
    return number


def read_quarter_file(path: Path) -> QuarterValues:
    """The QSA values of a quarterly file; ConfigError (file, line, reason) if it is wrong."""
    rows = _rows(path)
    index = _header_index(path, rows)
    header = rows[index]
    columns = _columns(path, header, index + 1)
    values = QuarterValues()
    seen_at: dict[str, int] = {}
    for offset, cells in enumerate(rows[index + 1 :]):
        if not any(c.strip() for c in cells):
            continue
        row = _QuarterRow(path, index + 2 + offset, header, columns, cells)
        _add_statewide(values, seen_at, row)
        task_type, queue = _add_task_type(values, row), _add_queue(values, row)
        if not task_type and not queue and not any(row.cell(n) for n in STATEWIDE):
            raise ConfigError(path, row.line, None, "names no task type or queue")
    if not (values.statewide or values.task_types or values.queues):
        raise ConfigError(path, None, None, "holds no QSA values")
    return values


def _header_index(path: Path, rows: list[list[str]]) -> int:
    """Where the header row is: the first of the top rows naming a task type or queue
    column (title rows above it are skipped)."""
    index = next(
        (i for i, row in enumerate(rows[:_SEARCH_ROWS]) if any(
            _normal(c) in ("task type", "queue") for c in row)),
        None,
    )  # fmt: skip
    if index is None:
        raise ConfigError(
            path, None, None, "has no header row with a 'Task Type' or 'Queue' column"
        )
    return index


def _columns(path: Path, header: list[str], line: int) -> dict[str, int]:
    """Field -> column number of the header row; an unknown or repeated column is an error
    (a misspelt column would otherwise be silently ignored)."""
    columns: dict[str, int] = {}
    for i, cell in enumerate(header):
        key = _normal(cell)
        if not key:
            continue
        if key not in HEADERS:
            known = "Task Type, Queue, Transaction Minutes, Completion Low, Completion High, "
            known += "Utilization, Logged In, Handle Time"
            raise ConfigError(
                path, line, None, f"unknown column '{str(cell).strip()}' (known: {known})"
            )
        if HEADERS[key] in columns:
            raise ConfigError(path, line, None, f"column '{str(cell).strip()}' is repeated")
        columns[HEADERS[key]] = i
    return columns


@dataclass(frozen=True)
class _QuarterRow:
    """One row of the file below the header, with its line number for messages."""

    path: Path
    line: int
    header: list[str]
    columns: dict[str, int]
    cells: list[str]

    def cell(self, name: str) -> str:
        """The row's text under field `name` ("" when the column or cell is missing)."""
        i = self.columns.get(name)
        return self.cells[i].strip() if i is not None and i < len(self.cells) else ""

    def number(self, name: str) -> float:
        """The row's number under field `name`, checked as `_number` checks it."""
        header = str(self.header[self.columns[name]]).strip()
        return _number(self.path, self.line, header, self.cell(name), name)


def _add_statewide(values: QuarterValues, seen_at: dict[str, int], row: _QuarterRow) -> None:
    """The statewide values on the row; one a quarter, so a different one is an error."""
    for name in STATEWIDE:
        if not row.cell(name):
            continue
        value = row.number(name)
        if name in values.statewide and values.statewide[name] != value:
            raise ConfigError(
                row.path,
                row.line,
                None,
                f"{row.header[row.columns[name]].strip()} {value:g} disagrees with "
                f"{values.statewide[name]:g} on line {seen_at[name]} (one statewide value "
                "per quarter)",
            )
        values.statewide[name] = value
        seen_at.setdefault(name, row.line)


def _add_task_type(values: QuarterValues, row: _QuarterRow) -> str:
    """The row's task type and its transaction minutes; the task type ("" if none)."""
    task_type = row.cell("task_type")
    if task_type:
        if not row.cell("txn_minutes"):
            raise ConfigError(row.path, row.line, None, f"task type '{task_type}' has no minutes")
        if task_type in values.task_types:
            raise ConfigError(row.path, row.line, None, f"task type '{task_type}' is given twice")
        values.task_types[task_type] = row.number("txn_minutes")
    return task_type


def _add_queue(values: QuarterValues, row: _QuarterRow) -> str:
    """The row's queue and its completion range; the queue ("" if none)."""
    queue = row.cell("queue")
    if queue:
        limits = {
            k: row.number(k) for k in ("completion_low_pct", "completion_high_pct") if row.cell(k)
        }
        if not limits:
            raise ConfigError(row.path, row.line, None, f"queue '{queue}' has no completion range")
        if queue in values.queues:
            raise ConfigError(row.path, row.line, None, f"queue '{queue}' is given twice")
        values.queues[queue] = limits
    return queue


def quarter_from_name(path: Path) -> str | None:
    """A quarter written in the file name: `QSA_2026Q4.csv`, `qsa-2026-q4.xlsx`."""
    match = re.search(r"(\d{4})[-_ ]?Q([1-4])(?!\d)", path.stem, re.IGNORECASE)
    return f"{match[1]}Q{match[2]}" if match else None


def import_quarter(qsa_toml: Path, quarter: str, values: QuarterValues) -> None:
    """Write `quarter` into `qsa_toml` as `[quarters.<quarter>]`, keeping everything else.

    Edited with tomlkit, which keeps every comment, blank line and hand-written value. A
    quarter already there (imported, or written by hand) is updated: the values an
    import gives (the statewide ones, task types, queues) are replaced by the file's;
    its other keys (a tolerance written by hand) and its comments stay.
    """
    import tomlkit  # only `qsa import` pays for it
    from tomlkit.exceptions import TOMLKitError

    if not is_quarter(quarter):
        raise ConfigError(qsa_toml, None, None, f"'{quarter}' is not a quarter like 2026Q4")
    text = qsa_toml.read_text(encoding="utf-8-sig") if qsa_toml.exists() else ""
    text = text.replace(_OLD_MARKER + "\n", "")  # its promise no longer holds
    try:
        tomllib.loads(text)  # its own errors carry the line
        document = tomlkit.parse(text)
    except (tomllib.TOMLDecodeError, TOMLKitError) as exc:
        raise ConfigError(qsa_toml, None, None, f"is not valid TOML: {exc}") from None
    quarters = document.get("quarters")
    if quarters is None:
        quarters = tomlkit.table(is_super_table=True)
        document.add("quarters", quarters)
    elif not isinstance(quarters, dict):
        raise ConfigError(qsa_toml, None, "quarters", "must be a table of quarters")
    table = quarters.get(quarter)
    if table is None:
        table = tomlkit.table()
        quarters.add(quarter, table)
    elif not isinstance(table, dict):
        raise ConfigError(qsa_toml, None, f"quarters.{quarter}", "must be a table")
    for key in (*STATEWIDE, "task_types", "queues"):
        if key in table:
            del table[key]
    for key, value in values.as_table().items():
        table[key] = value
    new_text = tomlkit.dumps(document)
    tomllib.loads(new_text)  # a file we write must load
    try:
        _replace(qsa_toml, new_text.encode("utf-8"))
    except OSError as exc:
        raise ConfigError(
            qsa_toml, None, None, f"cannot be written: {exc.strerror or exc}"
        ) from None


def _replace(path: Path, data: bytes) -> None:
    """Atomic write (temp file in the same folder, fsync, `os.replace`), keeping the mode.

    Not the history store's writer: that one makes files owner-only, and a config folder
    is the user's to share.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    temp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        with temp.open("wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        if path.exists():
            os.chmod(temp, path.stat().st_mode & 0o777)
        os.replace(temp, path)
    finally:
        temp.unlink(missing_ok=True)
