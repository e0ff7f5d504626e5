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

import io
import zipfile
from collections import Counter
from pathlib import Path

from floorwatch.ingest.candidates import DELIMITED, ZIP_SPREADSHEETS, name_suffix
from floorwatch.ingest.encoding import UTF16_BOMS, utf8_text
from floorwatch.ingest.read import header_line
from floorwatch.ingest.records import fields, last_record_fields, top_lines
from floorwatch.settings.model import ColumnMap

#: How many physical lines at the top may hold title rows above the header (the spec's 20).
_HEADER_LINES = 20
#: A file that still looks unfinished this long after its last change is read anyway, so
#: that ingest reports what is wrong with it (garbage named .csv never "finishes").
STILL_WRITING_SECONDS = 60.0


def looks_complete(name: str, data: bytes, columns: ColumnMap | None = None) -> bool:
    """True when `data`, the bytes of the export `name`, look fully written.

    `columns` (the site's column mapping) lets the header be found as the reader finds
    it, so that the delimiter is the header's, never a guess from free-text data lines.
    """
    suffix = name_suffix(name)
    if suffix in ZIP_SPREADSHEETS:
        return _xlsx_complete(data)
    if suffix in DELIMITED:
        return _csv_complete(data, columns or ColumnMap())
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


def _csv_complete(data: bytes, columns: ColumnMap) -> bool:
    raw_binary = b"\x00" in data and not data.startswith(UTF16_BOMS)
    if raw_binary:  # binary: no writer is producing a CSV here
        return True
    data = utf8_text(data)
    if not data.endswith(b"\n"):
        return False
    # Only the top lines and the last one are decoded: a day's actions are megabytes,
    # checked at every refresh.
    head = [line for line in top_lines(data, _HEADER_LINES) if line.strip()]
    if not head:
        return False
    # Header names may be accented: matched on UTF-8 text like the reader's.
    lines = [line.encode("latin-1").decode("utf-8", "replace") for line in head]
    found = header_line(lines, columns)
    if found is not None:
        # The reader's own rule: the delimiter and width of the header (exports.md).
        _, _, delimiter, header = found
        width = len(header)
    else:
        # No header yet (the top is still being written, or not an export): the record
        # width is the most common one at the top (ties: the wider) under the delimiter
        # that splits the widest line most.
        delimiter = _delimiter(head)
        widths = Counter(fields(line, delimiter) or 0 for line in head)
        width = max(widths, key=lambda w: (widths[w], w))
    count = last_record_fields(data, delimiter)
    # Cutting a line leaves it narrower, never wider: a wider last row is a ragged row,
    # complete as written, for ingest to report.
    return count is not None and count >= width


def _delimiter(head: list[str]) -> str:
    """Comma, semicolon or tab: whichever splits the widest line into more fields."""
    widths = {d: max(fields(line, d) or 0 for line in head) for d in (",", ";", "\t")}
    return max(widths, key=lambda d: widths[d])
