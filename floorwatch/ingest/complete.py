"""Does an export look whole? A content check for writers that pause mid-file.

A stat that stood still only says nobody wrote for a while: a writer on a slow share can
pause longer than the settle time in the middle of a line, and polars parses a CSV cut
mid-row without complaint (engineering-notes.md, "watchfiles"). So the watcher (once a
file's stat has settled) and the drop scanner (before parsing) ask whether the bytes look
finished:

- CSV: ends with a newline, and its last record is at least as wide as the records
  at the top (cutting a line only ever narrows it). Bytes with a NUL are no CSV in the
  making: they go to ingest at once, to be reported.
- XLSX: a zip whose central directory (written last, at the end) reads.

A writer that pauses exactly at a line boundary still looks finished; nothing in the
bytes can tell that case apart from a short export.
"""

from __future__ import annotations

import csv
import io
import zipfile
from collections import Counter
from pathlib import Path

#: How many physical lines at the top may hold title rows above the header (the spec's 20).
_HEADER_LINES = 20
#: A file that still looks unfinished this long after its last change is read anyway, so
#: that ingest reports what is wrong with it (garbage named .csv never "finishes").
STILL_WRITING_SECONDS = 60.0


def looks_complete(name: str, data: bytes) -> bool:
    """True when `data`, the bytes of the export `name`, look fully written."""
    suffix = Path(name).suffix.lower()
    if suffix == ".xlsx":
        return _xlsx_complete(data)
    if suffix == ".csv":
        return _csv_complete(data)
    return True  # not an export the watcher judges: ingest decides


def read_if_still(path: Path, stat_key: tuple[int, int]) -> bytes | None:
    """The file's bytes if its (size, mtime_ns) is still `stat_key` after reading, else None.

    The second stat catches a writer that resumed while we read: those bytes may be torn.
    """
    data = path.read_bytes()
    after = path.stat()
    if (after.st_size, after.st_mtime_ns) != stat_key or len(data) != stat_key[0]:
        return None
    return data


def _xlsx_complete(data: bytes) -> bool:
    # The end-of-central-directory record is the last thing a zip writer puts down, so a
    # file cut anywhere before it fails here.
    buffer = io.BytesIO(data)
    if not zipfile.is_zipfile(buffer):
        return False
    try:
        with zipfile.ZipFile(buffer) as book:
            members = book.infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        return False
    # Every member must lie inside the bytes we have (a directory left from an older,
    # longer file would point past the end).
    return bool(members) and all(m.header_offset + m.compress_size <= len(data) for m in members)


def _csv_complete(data: bytes) -> bool:
    if b"\x00" in data:  # binary: no writer is producing a CSV here
        return True
    if not data.endswith(b"\n"):
        return False
    # Delimiters, quotes and newlines are the same single bytes in UTF-8 and cp1252, so
    # latin-1 decodes any export losslessly for counting fields. Only the top lines and
    # the last one are decoded: a day's actions are megabytes, checked at every refresh.
    head = [line for line in _top_lines(data, _HEADER_LINES) if line.strip()]
    if not head:
        return False
    delimiter = _delimiter(head)
    # The record width is the most common one at the top (ties: the wider): title rows
    # are few and narrow, and one ragged row must not make every later row look short.
    widths = Counter(_fields(line, delimiter) or 0 for line in head)
    width = max(widths, key=lambda w: (widths[w], w))
    count = _fields(_last_line(data), delimiter)
    if count is None:  # the last line opens or closes a quoted field spanning lines
        count = _last_record_width(data.decode("latin-1"), delimiter)
    # Cutting a line leaves it narrower, never wider: a wider last row is a ragged row,
    # complete as written, for ingest to report.
    return count is not None and count >= width


def _top_lines(data: bytes, count: int) -> list[str]:
    """The first `count` physical lines."""
    end = 0
    for _ in range(count):
        newline = data.find(b"\n", end)
        if newline < 0:
            end = len(data)
            break
        end = newline + 1
    return [line.decode("latin-1") for line in data[:end].splitlines()]


def _last_line(data: bytes) -> str:
    """The last line that is not blank ("" when there is none)."""
    text = data.rstrip()
    start = max(text.rfind(b"\n"), text.rfind(b"\r")) + 1
    return text[start:].decode("latin-1")


def _delimiter(head: list[str]) -> str:
    """Comma or semicolon: whichever splits the widest line (the header) into more fields."""
    widths = {d: max(_fields(line, d) or 0 for line in head) for d in (",", ";")}
    return ";" if widths[";"] > widths[","] else ","


def _fields(line: str, delimiter: str) -> int | None:
    """Fields on one physical line; None when its quotes do not balance (a multi-line field)."""
    if '"' not in line:
        return line.count(delimiter) + 1
    if line.count('"') % 2:
        return None
    try:
        rows = list(csv.reader([line], delimiter=delimiter))
    except csv.Error:
        return None
    return len(rows[0]) if len(rows) == 1 else None


def _last_record_width(text: str, delimiter: str) -> int | None:
    """The field count of the last record, parsing the whole text (quoted newlines)."""
    last: list[str] | None = None
    try:
        for row in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True):
            if row:
                last = row
    except csv.Error:  # an unterminated quote: cut inside a quoted field
        return None
    return len(last) if last is not None else None
