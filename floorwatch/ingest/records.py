"""Counting the fields of delimited records without parsing a whole file.

Shared by the reader (a last record narrower than the header is a cut-off file) and the
completeness test the watcher runs. Delimiters, quotes and line ends are the same single
bytes in UTF-8 and cp1252, so latin-1 decodes any UTF-8 export losslessly for counting.
"""

from __future__ import annotations

import csv
import io


def fields(line: str, delimiter: str) -> int | None:
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


def top_lines(data: bytes, count: int) -> list[str]:
    """The first `count` physical lines, decoded as latin-1."""
    end = 0
    for _ in range(count):
        newline = data.find(b"\n", end)
        if newline < 0:
            end = len(data)
            break
        end = newline + 1
    return [line.decode("latin-1") for line in data[:end].splitlines()]


def last_line(data: bytes) -> str:
    """The last line that is not blank ("" when there is none), without its line end.

    Only line ends are cut: a tab-separated record ends in tabs when its last cells are
    empty, and those are fields.
    """
    end = len(data)
    while end > 0:
        start = max(data.rfind(b"\n", 0, end), data.rfind(b"\r", 0, end)) + 1
        line = data[start:end]
        if line.strip():
            return line.decode("latin-1")
        end = start - 1
    return ""


def last_record_fields(data: bytes, delimiter: str) -> int | None:
    """How many fields the last record of delimited `data` has (None when it has none).

    Only the last line is looked at unless a quoted field spans lines; a last record cut
    inside an open quote counts the fields it has so far.
    """
    line = last_line(data)
    if not line:
        return None
    count = fields(line, delimiter)
    if count is None:
        count = _last_record_width(data.decode("latin-1"), delimiter)
    return count


def _last_record_width(text: str, delimiter: str) -> int | None:
    """The field count of the last record, parsing the whole text (quoted newlines)."""
    last: list[str] | None = None
    try:
        for row in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True):
            if row:
                last = row
    except csv.Error:  # an unterminated quote: cut inside a quoted field
        return _open_record_width(text, delimiter)
    return len(last) if last is not None else None


def _open_record_width(text: str, delimiter: str) -> int | None:
    """The fields of a last record cut inside a quoted field: the quote closed, then read."""
    last: list[str] | None = None
    try:
        for row in csv.reader(io.StringIO(text + '"', newline=""), delimiter=delimiter):
            if row:
                last = row
    except csv.Error:
        return None
    return len(last) if last is not None else None
