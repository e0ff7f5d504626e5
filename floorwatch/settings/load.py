"""Read a config folder strictly: wrong types are errors, unknown keys are warnings.

The roster and leave files are the exception (spec v2): their problems are reported
with every check and never stop the floor.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field, fields, replace
from datetime import date, datetime, time
from pathlib import Path
from types import MappingProxyType
from typing import Any

import polars as pl

from floorwatch.ingest.model import LoadError
from floorwatch.paths import default_config_dir
from floorwatch.schema import AGENT_STATUS, KIND_BY_NAME, status_column_name
from floorwatch.settings.errors import ConfigError, ConfigWarning
from floorwatch.settings.leave import LEAVE_FILE, empty_leave, load_leave
from floorwatch.settings.model import QSA, ColumnMap, QueueRange, Settings
from floorwatch.settings.quarters import is_quarter
from floorwatch.settings.roster import empty_roster, load_roster
from floorwatch.settings.toml_file import PATH_HINT, TomlFile, toml_number
from floorwatch.settings.workdays import parse_work_days

SETTINGS_FILE = "floorwatch.toml"
QSA_FILE = "qsa.toml"
COLUMNS_FILE = "columns.toml"
ROSTER_FILE = "roster.csv"
UNITS = ("ms", "s", "min")
_HHMM = re.compile(r"^([01]?\d|2[0-3]):([0-5]\d)$")
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
#: What `status_allowance_minutes` may name: agent_status's duration columns (any case).
_STATUS_HEADERS = tuple(c.header for c in AGENT_STATUS.columns if c.type == "duration")
_STATUS_NAMES = frozenset(status_column_name(h) for h in _STATUS_HEADERS)
#: Settings that take one of a few words (v2).
_CHOICES: dict[str, tuple[str, ...]] = {
    "clock": ("wall", "exports"),
    "date_order": ("MDY", "DMY"),
    "paused_days": ("working", "calendar"),
}


@dataclass(frozen=True)
class Config:
    """A loaded config folder: settings, column map, roster, and what looked odd."""

    folder: Path | None
    settings: Settings = field(default_factory=Settings)
    columns: ColumnMap = field(default_factory=ColumnMap)
    roster: pl.DataFrame = field(default_factory=empty_roster)
    warnings: tuple[ConfigWarning, ...] = ()
    #: (v2) Agreed and unplanned leave (`leave.csv`, settings/leave.py).
    leave: pl.DataFrame = field(default_factory=empty_leave)
    #: (v2) Rows of roster.csv and leave.csv refused or doubtful: reported in every
    #: check's `errors`, while the floor keeps running.
    roster_errors: tuple[LoadError, ...] = ()


def resolve_config_dir(given: Path | None) -> Path:
    """`--config` if given, else `./config` when it exists, else the per-user folder."""
    if given is not None:
        return given
    local = Path("config")
    return local if local.is_dir() else default_config_dir()


def load_config(folder: Path | None) -> Config:
    """Load every file of a config folder; a missing file or key takes its default.

    Raises ConfigError naming file, line and key for anything that cannot be used.
    """
    if folder is None:
        return Config(folder=None)
    if folder.exists() and not folder.is_dir():
        raise ConfigError(folder, None, None, "is not a folder")
    warnings: list[ConfigWarning] = []
    qsa, quarters = _load_qsa(folder / QSA_FILE, warnings)
    settings = _load_settings(folder / SETTINGS_FILE, qsa, warnings)
    settings = replace(settings, qsa_quarters=quarters)
    columns = _load_columns(folder / COLUMNS_FILE, warnings)
    roster, roster_errors = load_roster(folder / ROSTER_FILE)
    leave, leave_errors = load_leave(folder / LEAVE_FILE, set(roster["worker_id"].to_list()))
    return Config(
        folder,
        settings,
        columns,
        roster,
        tuple(warnings),
        leave=leave,
        roster_errors=(*roster_errors, *leave_errors),
    )


def _whole(f: TomlFile, key: str, value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise f.error(key, f"must be a whole number of 0 or more, not {value!r}")
    return value


def _clock(f: TomlFile, key: str, value: Any) -> time:
    match = _HHMM.match(value) if isinstance(value, str) else None
    if match is None:
        raise f.error(key, f'must be a time "HH:MM" between 00:00 and 23:59, not {value!r}')
    return time(int(match[1]), int(match[2]))


def _holidays(f: TomlFile, key: str, value: Any) -> frozenset[date]:
    """`holidays`: a list of dates, written `2026-12-25` (TOML date) or `"2026-12-25"`."""
    if not isinstance(value, list):
        raise f.error(key, 'must be a list of dates like ["2026-12-25", "2027-01-01"]')
    days = set()
    for item in value:
        if isinstance(item, date) and not isinstance(item, datetime):
            days.add(item)
        elif isinstance(item, str) and _ISO_DATE.match(item.strip()):
            try:
                days.add(date.fromisoformat(item.strip()))
            except ValueError:  # 2026-02-30
                raise f.error(key, f"{item!r} is not a date YYYY-MM-DD") from None
        else:
            raise f.error(key, f"{item!r} is not a date YYYY-MM-DD")
    return frozenset(days)


def _load_qsa(path: Path, warnings: list[ConfigWarning]) -> tuple[QSA, Mapping[str, QSA]]:
    """The flat QSA and every `[quarters.YYYYQn]` table, each on top of the flat one."""
    f = TomlFile(path)
    scalar = {x.name for x in fields(QSA)} - {"task_types", "queues"}
    f.warn_unknown(f.data, [*scalar, "task_types", "queues", "quarters"], warnings)
    base = QSA(**_qsa_values(f, f.data, None, warnings))
    quarters = f.data.get("quarters", {})
    if not isinstance(quarters, dict):
        raise f.error("quarters", "must hold one [quarters.YYYYQn] table per quarter")
    by_quarter = {}
    for name, table in quarters.items():
        where = f"quarters.{name}"
        if not is_quarter(name) or not isinstance(table, dict):
            why = "must be a table of QSA values" if is_quarter(name) else "is not a quarter"
            line = f.table_line(where) or f.line_of(name, "quarters")
            raise ConfigError(f.path, line, where, f"{why} (like [quarters.2026Q4])")
        f.warn_unknown(table, [*scalar, "task_types", "queues"], warnings, where)
        by_quarter[name] = replace(base, **_qsa_values(f, table, where, warnings))
    return base, MappingProxyType(dict(sorted(by_quarter.items())))


def _qsa_values(
    f: TomlFile, data: dict[str, Any], table: str | None, warnings: list[ConfigWarning]
) -> dict[str, Any]:
    """The QSA fields a table (the file itself, or a quarter's) gives, validated."""

    def within(name: str) -> str:
        return f"{table}.{name}" if table else name

    scalar = {x.name for x in fields(QSA)} - {"task_types", "queues"}
    values: dict[str, Any] = {}
    for key in scalar & data.keys():
        values[key] = toml_number(f, key, data[key], table)
    if "task_types" in data:
        task_types = data["task_types"]
        if not isinstance(task_types, dict):
            raise f.error("task_types", "must be a table of task type = minutes", table)
        values["task_types"] = MappingProxyType(
            {name: toml_number(f, name, v, within("task_types")) for name, v in task_types.items()}
        )
    if "queues" in data:
        queues = data["queues"]
        if not isinstance(queues, dict):
            raise f.error("queues", "must hold one [queues.NAME] table per queue", table)
        ranges = {}
        for name, ranged in queues.items():
            where = within(f"queues.{name}")
            if not isinstance(ranged, dict):
                raise f.error(
                    name, "must be a table with completion_low_pct / completion_high_pct", table
                )
            known = ["completion_low_pct", "completion_high_pct"]
            f.warn_unknown(ranged, known, warnings, where)
            ranges[name] = QueueRange(
                **{k: toml_number(f, k, ranged[k], where) for k in known if k in ranged}
            )
            low, high = ranges[name].completion_low_pct, ranges[name].completion_high_pct
            if low is not None and high is not None and low > high:
                raise f.error(
                    "completion_low_pct",
                    f"{low:g} is above the queue's completion_high_pct {high:g}",
                    where,
                )
        values["queues"] = MappingProxyType(ranges)
    return values


def _load_settings(path: Path, qsa: QSA, warnings: list[ConfigWarning]) -> Settings:
    """floorwatch.toml's settings, each checked by its kind, judged against `qsa`."""
    f = TomlFile(path)
    known = [x.name for x in fields(Settings) if x.name not in ("qsa", "qsa_quarters")]
    f.warn_unknown(f.data, known, warnings)
    values: dict[str, Any] = {"qsa": qsa}
    for key, value in f.data.items():
        if key in known:
            values[key] = _setting(f, key, value, warnings)
    window = values.get("trend_window_days", Settings.trend_window_days)
    if values.get("trend_min_days", Settings.trend_min_days) > window:
        # A trend that needs more days than the window holds could never be raised.
        key = "trend_min_days" if "trend_min_days" in values else "trend_window_days"
        raise f.error(
            key,
            f"trend_min_days ({values.get('trend_min_days', Settings.trend_min_days)}) "
            f"is above trend_window_days ({window})",
        )
    return Settings(**values)


def _setting(f: TomlFile, key: str, value: Any, warnings: list[ConfigWarning]) -> Any:
    """One known setting of floorwatch.toml, validated and converted to what Settings holds."""
    if key == "shift_start":
        return _clock(f, key, value)
    if key == "check_times":
        if not isinstance(value, list):
            raise f.error(key, 'must be a list of times like ["09:00", "11:00"]')
        return tuple(sorted(_clock(f, key, v) for v in value))
    if key in ("min_txn_count", "min_cases", "resign_warning_days"):
        return _whole(f, key, value)
    if key == "fiscal_year_start_month":
        if not 1 <= _whole(f, key, value) <= 12:
            raise f.error(key, f"must be a month 1..12 (4: April), not {value!r}")
        return value
    if key in ("trend_window_days", "trend_min_days"):
        if _whole(f, key, value) < 1:
            raise f.error(key, f"must be 1 or more, not {value!r}")
        return value
    if key == "status_allowance_minutes":
        if not isinstance(value, dict):
            raise f.error(key, "must be a table of status = minutes")
        allowances = MappingProxyType({s: toml_number(f, s, v, key) for s, v in value.items()})
        # A status Genesys does not export would never be judged: say so.
        odd = [s for s in value if status_column_name(s.strip()) not in _STATUS_NAMES]
        f.warn_unknown(odd, list(_STATUS_HEADERS), warnings, key)
        return allowances
    if key in ("drop_dir", "data_dir", "save_dir"):
        return _folder(f, key, value)
    if key == "work_days":
        try:
            return parse_work_days(value if isinstance(value, str) else "")
        except ValueError:
            raise f.error(
                key, f'must be weekdays like "Mon-Fri" or "Mon,Tue,Thu", not {value!r}'
            ) from None
    if key == "holidays":
        return _holidays(f, key, value)
    if key in _CHOICES:
        if value not in _CHOICES[key]:
            allowed = " or ".join(f'"{c}"' for c in _CHOICES[key])
            raise f.error(key, f"must be {allowed}, not {value!r}")
        return value
    if key in ("bell", "force_polling"):
        if not isinstance(value, bool):
            raise f.error(key, f"must be true or false, not {value!r}")
        return value
    return toml_number(f, key, value)


def _folder(f: TomlFile, key: str, value: Any) -> Path:
    """`drop_dir`, `data_dir` or `save_dir` as an absolute folder."""
    if not isinstance(value, str) or not value:
        raise f.error(key, f"must be a folder path, not {value!r}")
    if any(ord(c) < 32 for c in value):  # "C:\new" read as C:, newline, "ew"
        raise f.error(key, f"{value!r} holds a control character{PATH_HINT}")
    # Relative folders are relative to the config folder, wherever floorwatch runs.
    return (f.path.parent / Path(value).expanduser()).resolve()


def _load_columns(path: Path, warnings: list[ConfigWarning]) -> ColumnMap:
    f = TomlFile(path)
    f.warn_unknown(f.data, list(KIND_BY_NAME), warnings)
    aliases: dict[str, dict[str, tuple[str, ...]]] = {}
    units: dict[str, dict[str, str]] = {}
    for kind_name, table in f.data.items():
        kind = KIND_BY_NAME.get(kind_name)
        if kind is None:
            continue
        if not isinstance(table, dict):
            raise f.error(kind_name, "must be a table of column = [header spellings]")
        names = [c.name for c in kind.columns]
        f.warn_unknown((k for k in table if k != "units"), names, warnings, kind_name)
        for name, spellings in table.items():
            if name == "units" or name not in names:
                continue
            if isinstance(spellings, str):
                spellings = [spellings]
            if not isinstance(spellings, list) or not all(isinstance(s, str) for s in spellings):
                raise f.error(name, "must be a list of header spellings", kind_name)
            aliases.setdefault(kind_name, {})[name] = tuple(spellings)
        unit_table = table.get("units", {})
        where = f"{kind_name}.units"
        if not isinstance(unit_table, dict):
            raise f.error("units", "must be a table of column = unit", kind_name)
        for name, unit in unit_table.items():
            if name not in names or kind.column(name).type != "duration":
                raise f.error(name, "is not a duration column of this kind", where)
            if unit not in UNITS:
                raise f.error(name, f"unit must be one of {', '.join(UNITS)}, not {unit!r}", where)
            units.setdefault(kind_name, {})[name] = unit
    return ColumnMap(
        MappingProxyType({k: MappingProxyType(v) for k, v in aliases.items()}),
        MappingProxyType({k: MappingProxyType(v) for k, v in units.items()}),
    )
