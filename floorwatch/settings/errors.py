"""Configuration problems, each naming the file, line and key."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class ConfigWarning:
    """Something odd but harmless in a config file (an unknown key, say)."""

    file: Path
    line: int | None
    key: str
    reason: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else str(self.file)
        return f"{where}: {self.key}: {self.reason}"


class ConfigError(Exception):
    """A config file floorwatch cannot run with."""

    def __init__(self, file: Path, line: int | None, key: str | None, reason: str) -> None:
        self.file = file
        self.line = line
        self.key = key
        self.reason = reason
        where = f"{file}:{line}" if line else str(file)
        super().__init__(f"{where}: {key}: {reason}" if key else f"{where}: {reason}")
