"""A TOML config file that can say on which line a key stands, so that every config
error names file, line and key; and the number check the config files share.

Used by every TOML file floorwatch reads: floorwatch.toml, qsa.toml, columns.toml
(`load.py`), keys.toml (`keymap.py`) and coaching.toml (`coaching/config.py`).
"""

from __future__ import annotations

import difflib
import math
import re
import tomllib
from pathlib import Path
from typing import Any

from floorwatch.settings.errors import ConfigError, ConfigWarning

#: A double-quoted TOML string holding a backslash: a Windows path written as in Explorer.
_BACKSLASH_IN_QUOTES = re.compile(r'"[^"]*\\[^"]*"')
PATH_HINT = (
    " (a backslash starts an escape in double quotes: write a Windows path in single "
    "quotes, 'C:\\Exports', or with forward slashes, \"C:/Exports\")"
)


class TomlFile:
    """A parsed TOML file that can say on which line a key stands."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.lines: list[str] = []
        self.data: dict[str, Any] = {}
        if not path.exists():
            return
        try:
            # utf-8-sig: Notepad puts a BOM at the top of what it saves as UTF-8.
            text = path.read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError) as exc:
            raise ConfigError(path, None, None, f"cannot be read: {exc}") from None
        self.lines = text.splitlines()
        try:
            self.data = tomllib.loads(text)
        except tomllib.TOMLDecodeError as exc:
            # Python < 3.14 gives the line only inside the message: "... (at line 2, column 5)".
            found = re.search(r"\(at line (\d+), column \d+\)", str(exc))
            line = getattr(exc, "lineno", None) or (int(found[1]) if found else None)
            reason = str(exc)  # keeps "(at line L, column C)": the column helps too
            if (
                line
                and line <= len(self.lines)
                and _BACKSLASH_IN_QUOTES.search(self.lines[line - 1])
            ):
                reason += PATH_HINT
            raise ConfigError(path, line, None, f"is not valid TOML: {reason}") from None

    def line_of(self, key: str, table: str | None = None) -> int | None:
        """1-based line of `key = ...` (inside `[table]` when given), if it can be found."""
        in_table = table is None
        pattern = re.compile(rf"^\s*[\"']?{re.escape(key)}[\"']?\s*=")
        for number, line in enumerate(self.lines, start=1):
            stripped = line.strip()
            if stripped.startswith("["):
                name = stripped.strip("[]").strip()
                in_table = table is not None and name == table
                continue
            if in_table and pattern.match(line):
                return number
        return None

    def table_line(self, table: str) -> int | None:
        """1-based line of the `[table]` header, if the file has one."""
        for number, line in enumerate(self.lines, start=1):
            if line.strip().startswith("[") and line.strip().strip("[]").strip() == table:
                return number
        return None

    def error(self, key: str, reason: str, table: str | None = None) -> ConfigError:
        full = f"{table}.{key}" if table else key
        return ConfigError(self.path, self.line_of(key, table), full, reason)

    def warn_unknown(
        self, keys: Any, known: list[str], warnings: list[ConfigWarning], table: str | None = None
    ) -> None:
        for key in keys:
            if key in known:
                continue
            near = difflib.get_close_matches(key, known, n=1)
            hint = f"unknown key (did you mean '{near[0]}'?)" if near else "unknown key"
            full = f"{table}.{key}" if table else key
            warnings.append(ConfigWarning(self.path, self.line_of(key, table), full, hint))


def toml_number(f: TomlFile, key: str, value: Any, table: str | None = None) -> float:
    """A number from a TOML file: finite, not negative, and 100 at most for a `_pct` key."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise f.error(key, f"must be a number, not {value!r}", table)
    if not math.isfinite(value):
        # TOML allows nan and inf; no threshold is either (nan would flag everyone).
        raise f.error(key, f"must be a finite number, not {value!r}", table)
    if value < 0:
        raise f.error(key, f"must not be negative, got {value!r}", table)
    if key.endswith("_pct") and value > 100:
        raise f.error(key, f"is a percentage: 100 at most, not {value!r}", table)
    return float(value)
