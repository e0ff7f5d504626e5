"""The log file a support desk reads: `floorwatch.log` in the per-user log folder.

Rotating (1 MB, 3 old files kept), UTF-8, one line an event: each command's start and
stop, each check's duration, each refused file, each error. No personal data beyond file
names: a refusal's reason loses its quoted values (a row's bad value may be a name), and
no caseworker, team or row is ever logged.
"""

from __future__ import annotations

import logging
import logging.handlers
import re
import sys
from collections.abc import Iterable
from datetime import datetime
from pathlib import Path

from floorwatch.paths import default_log_dir

LOG_FILE = "floorwatch.log"
#: The logger every floorwatch module logs to (`logging.getLogger("floorwatch.x")`).
log = logging.getLogger("floorwatch")
_MAX_BYTES = 1_000_000
_BACKUPS = 3
#: A quoted value inside a reason: "Start: 'Ana Diaz' is not a date" -> "Start: '…' ...".
_QUOTED = re.compile(r"'[^']*'|\"[^\"]*\"")


#: Refusals logged by this process: the app checks the same folder all day.
_logged: set[tuple[str, int | None, str]] = set()
#: Refused files (or files with refused rows) named one by one in one check's log lines.
NAMED_REFUSALS = 50


class _QuietHandler(logging.handlers.RotatingFileHandler):
    """A log that cannot be written (read-only profile, full disk) never stops floorwatch
    nor prints a "Logging error" traceback on the supervisor's screen."""

    def handleError(self, record: logging.LogRecord) -> None:
        return


def log_path() -> Path:
    """Where the log file is."""
    return default_log_dir() / LOG_FILE


def start_logging() -> Path | None:
    """Send floorwatch's log to the log file (once per process; a new per-user folder
    replaces the old handler). None when the folder cannot be made."""
    path = log_path()
    for handler in list(log.handlers):
        if isinstance(handler, _QuietHandler):
            if Path(handler.baseFilename) == path.absolute():
                return path
            log.removeHandler(handler)
            handler.close()
            _logged.clear()  # a new log file has seen none of them
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handler = _QuietHandler(
            path, maxBytes=_MAX_BYTES, backupCount=_BACKUPS, encoding="utf-8", delay=True
        )
    except OSError:
        return None
    handler.setFormatter(logging.Formatter("%(asctime)s %(process)d %(levelname)s %(message)s"))
    log.addHandler(handler)
    log.setLevel(logging.INFO)
    return path


def without_values(reason: str) -> str:
    """A refusal's reason with its quoted values cut out (they may be names)."""
    return _QUOTED.sub("'…'", reason)


def log_refused(refusals: Iterable[tuple[str, int | None, str]]) -> None:
    """Refused files and rows (file, line or None, reason), each once per process: a
    whole file on a line of its own, a file's rows on one line with the first reason.

    At most `NAMED_REFUSALS` files are named one by one per call; the rest are counted
    on one line: a folder that other tools fill with 100,000 files must neither rotate the
    support desk's log away in one check nor spend seconds writing it.
    """
    files: list[tuple[str, str]] = []
    rows: dict[str, list[tuple[int, str]]] = {}
    for file, line, reason in refusals:
        if (file, line, reason) in _logged:
            continue
        _logged.add((file, line, reason))
        if line is None:
            files.append((file, without_values(reason)))
        else:
            rows.setdefault(file, []).append((line, without_values(reason)))
    lines = [f"refused {file}: {reason}" for file, reason in files]
    for file, refused in rows.items():
        line, reason = min(refused)
        lines.append(f"refused {len(refused)} row(s) of {file} (first: line {line}: {reason})")
    for text in lines[:NAMED_REFUSALS]:
        log.warning("%s", text)
    if len(lines) > NAMED_REFUSALS:
        log.warning(
            "%d more refusal(s) not logged one by one (the check's errors list them)",
            len(lines) - NAMED_REFUSALS,
        )


def log_check(period: str, as_of: datetime, sources: int, seconds: float) -> None:
    """One check done: its period, as-of, exports used and duration."""
    log.info(
        "check %s as of %s: %d export(s) used, %.2f s",
        period, as_of.isoformat(sep=" ", timespec="minutes"), sources, seconds,
    )  # fmt: skip


def log_exception(what: str, exc: BaseException) -> None:
    """An error, with its traceback for the support desk (never shown to the user)."""
    log.error("%s: %s: %s", what, type(exc).__name__, without_values(str(exc)),
              exc_info=(type(exc), exc, exc.__traceback__))  # fmt: skip


def describe_command(command: list[str], argv: list[str]) -> str:
    """The start line's command: its (sub)command names and option names, never their
    values (a `--by` name, a Worker ID, a team), with Python and the platform."""
    options = sorted({a.split("=", 1)[0] for a in argv if a.startswith("-")})
    words = " ".join(["floorwatch", *command, *options])
    return f"{words} (Python {sys.version.split()[0]} on {sys.platform})"
