"""Export bytes to a raw table: the header row, its kind, and every data row with its line.

No value is interpreted here beyond what the file format itself says (XLSX date cells,
read by `read_xlsx.py`, stay datetimes); `normalise` does the rest.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass, replace

import polars as pl

from floorwatch.ingest.encoding import utf8_text
from floorwatch.ingest.headers import (
    HEADER_SEARCH_ROWS,
    HeaderMatch,
    detect_kind,
    maybe_header,
    names_no_column,
    nearest_kind_error,
    no_column_error,
)
from floorwatch.ingest.records import last_record_fields
from floorwatch.settings.model import ColumnMap

#: Delimiters a header line is tried with, in this order (v2: tab, Excel's "Unicode Text").
SEPARATORS = (",", ";", "\t")
#: Bytes that never occur in a text export: a NUL in the first block means binary content.
_SNIFF = 4096
#: A CSV body longer than this is parsed and normalised a slice of about this many bytes
#: (some 30,000 lines of Caseworker Actions) at a time: a monthly pull of a million
#: rows is then never whole as text (issue 16: peak memory).
SLICE_BYTES = 4 * 2**20


@dataclass(frozen=True)
class RawTable:
    """A file's data rows under its header, columns `c0..cN` by position, plus `line`.

    CSV columns are all String; XLSX columns keep the cell types fastexcel gives
    (String, Float64, Boolean, Datetime, Duration). `line` is the 1-based physical line
    (CSV) or sheet row (XLSX) of each row, header included in the count.
    """

    header: tuple[str, ...]
    match: HeaderMatch
    frame: pl.DataFrame
    #: Rows refused while reading (more fields than the header): (line, reason).
    row_errors: tuple[tuple[int, str], ...] = ()
    #: The file's bytes hold no control character a cell could carry (checked on the
    #: bytes, much cheaper than a regex over every text cell): names need no replacing.
    no_controls: bool = False
    #: A big CSV body: `frame` holds its first slice only, these the others.
    more: BodySlices | None = None

    def slices(self) -> Iterator[RawTable]:
        """This table and, for a sliced body, one table per further slice, each parsed
        when asked (raises `pl.exceptions.PolarsError` where polars cannot read one)."""
        yield self
        if self.more is not None:
            for frame in self.more.frames():
                yield replace(self, frame=frame, more=None)


@dataclass(frozen=True)
class BodySlices:
    """The slices of a CSV body after the first: byte ranges of whole records in `data`
    and the line before each (its first row is on the next)."""

    data: bytes
    ranges: tuple[tuple[int, int, int], ...]
    sep: str
    width: int

    def frames(self) -> Iterator[pl.DataFrame]:
        """Each slice's rows, parsed only when asked for (one slice's text at a time)."""
        for start, end, before in self.ranges:
            yield _polars_body(self.data[start:end], self.sep, self.width, before)


class FileError(Exception):
    """The whole file cannot be read; the message is for the supervisor."""


def col_names(n: int) -> list[str]:
    return [f"c{i}" for i in range(n)]


# --- CSV ---------------------------------------------------------------------------------


def _split_cells(line: str, sep: str) -> list[str]:
    try:
        return next(csv.reader([line], delimiter=sep), [])
    except csv.Error:
        return []


_CONTROL = bytes(b for b in range(32) if b not in b"\t\n\r\x0c")


def _looks_binary(head: bytes) -> bool:
    """A NUL, or more than 1 in 20 control characters: no export tool writes that as text."""
    if b"\x00" in head:
        return True
    controls = len(head) - len(head.translate(None, _CONTROL))
    return controls * 20 > len(head)


def _lines_start(data: bytes, count: int) -> list[int]:
    """Byte offsets where the first `count` + 1 physical lines start (fewer if the file ends)."""
    starts = [0]
    pos = 0
    while len(starts) <= count:
        nl = data.find(b"\n", pos)
        if nl < 0:
            break
        pos = nl + 1
        starts.append(pos)
    return starts


def header_line(
    lines: list[str], columns: ColumnMap
) -> tuple[int, HeaderMatch, str, list[str]] | None:
    """The header among the top physical `lines`: (index, match, delimiter, cells).

    The delimiter is decided on the header line, the one that makes it a header — never
    on the data lines, whose free-text cells (a Genesys `Filters` cell) may hold any.
    """
    for i, line in enumerate(lines[:HEADER_SEARCH_ROWS]):
        if not maybe_header(line, columns):
            continue
        for sep in SEPARATORS:
            if sep not in line and sep != SEPARATORS[0]:
                continue  # a one-column header splits the same way under every delimiter
            cells = _split_cells(line, sep)
            match = detect_kind(cells, columns)
            if match is not None:
                return i, match, sep, cells
    return None


class _NotUtf8(Exception):
    """Bytes read as UTF-8 without checking first turned out not to be UTF-8."""


def read_csv_bytes(data: bytes, columns: ColumnMap, *, sliced: bool = True) -> RawTable:
    """Read delimited bytes: find the header in the first 20 lines, then parse the rest
    with polars (a body over `SLICE_BYTES`, unless not `sliced`: its first slice, the
    rest in `more`, parsed when the table's `slices` are read).

    Raises FileError when the file is empty, binary, cut off in its last record, or has
    no recognisable header.
    """
    # Checking that a whole file is UTF-8 costs as much as decoding it (a quarter of a
    # second for a month of exports); polars checks every cell it reads anyway. So the
    # bytes are read as UTF-8 unchecked, and read again as `utf8_text` makes them when
    # that fails, or when the file is refused (the refusal is then the checked one's).
    try:
        return _read_csv(data, columns, checked=False, sliced=sliced)
    except FileError:
        if data.isascii():
            raise  # ASCII reads the same checked: the refusal stands (100,000 junk files)
        return _read_csv(data, columns, checked=True, sliced=sliced)
    except _NotUtf8:
        return _read_csv(data, columns, checked=True, sliced=sliced)


def _read_csv(data: bytes, columns: ColumnMap, *, checked: bool, sliced: bool) -> RawTable:
    """`read_csv_bytes`; unless `checked`, raises _NotUtf8 where the bytes are not UTF-8."""
    if not data or data.isspace():
        raise FileError("the file is empty")
    if data.startswith(b"PK\x03\x04"):
        raise FileError("is an XLSX/zip file, not CSV text")
    data = utf8_text(data, checked=checked)
    if _looks_binary(data[:_SNIFF]):
        raise FileError("is not a text file (binary content)")
    if data.isspace():
        raise FileError("the file is empty")
    # The header search looks at the top 20 physical lines only; the body is never split
    # or copied in Python beyond one slice.
    starts = _lines_start(data, HEADER_SEARCH_ROWS)
    top_end = starts[HEADER_SEARCH_ROWS] if len(starts) > HEADER_SEARCH_ROWS else len(data)
    try:
        top = data[:top_end].decode("utf-8")
    except UnicodeDecodeError:
        raise _NotUtf8 from None  # a checked read has made it UTF-8
    # One regex over the whole top first: most files in a shared folder name no column
    # at all, and a folder may hold 100,000 of them (no line is split or tried then).
    if names_no_column((top,), columns):
        raise FileError(no_column_error(columns))
    lines = [ln.rstrip("\r") for ln in top.split("\n")][:HEADER_SEARCH_ROWS]
    found = header_line(lines, columns)
    if found is None:
        # Judge each line under the delimiter that splits it into the most cells.
        best = [max((_split_cells(ln, sep) for sep in SEPARATORS), key=len) for ln in lines]
        raise FileError(nearest_kind_error(best, columns))
    index, match, sep, header = found
    # The body is looked at in place (from `begin`): a copy of a month's pull is 130 MB.
    begin = starts[index + 1] if len(starts) > index + 1 else len(data)
    header_at = index + 1
    _refuse_cut_off(data, begin, sep, len(header))
    no_controls = _no_controls(data, begin)
    if sliced and len(data) - begin > SLICE_BYTES:
        ranges = _slice_ranges(data, begin, header_at)
        try:
            start, end, before = ranges[0]
            frame = _polars_body(data[start:end], sep, len(header), before)
        except pl.exceptions.PolarsError:
            pass  # read whole below, as any file polars refuses
        else:
            more = BodySlices(data, tuple(ranges[1:]), sep, len(header))
            return RawTable(tuple(header), match, frame, (), no_controls, more)
    body = data[begin:]
    try:
        frame = _polars_body(body, sep, len(header), header_at)
        errors: tuple[tuple[int, str], ...] = ()
    except pl.exceptions.PolarsError:
        # Ragged rows (more fields than the header) or quoting polars refuses: the
        # standard library reader can say which line is at fault.
        try:
            text = body.decode("utf-8")
        except UnicodeDecodeError:
            raise _NotUtf8 from None
        frame, errors = _csv_module_body(text, sep, len(header), header_at)
    return RawTable(tuple(header), match, frame, errors, no_controls)


def _slice_ranges(data: bytes, begin: int, header_at: int) -> list[tuple[int, int, int]]:
    """`data[begin:]` cut into ranges of whole records of about `SLICE_BYTES`: (start,
    end, the line before the range's first). A cut falls after a line end with an even
    number of quotes since the last cut (a quoted field's line breaks are inside it), as
    polars cuts a file to parse it in parallel."""
    ranges = []
    start, before = begin, header_at
    while start < len(data):
        end = data.find(b"\n", start + SLICE_BYTES)
        quotes = data.count(b'"', start, end) if end >= 0 else 0
        while end >= 0 and quotes % 2:
            following = data.find(b"\n", end + 1)
            quotes += data.count(b'"', end, following) if following >= 0 else 0
            end = following
        end = len(data) if end < 0 else end + 1
        ranges.append((start, end, before))
        before += data.count(b"\n", start, end)
        start = end
    return ranges


#: The bytes of `safe_text.CONTROL_PATTERN` below 0x80 (tab and newline are not in it).
_CELL_CONTROLS = bytes(b for b in range(32) if b not in b"\t\n") + b"\x7f"


#: `_no_controls` looks at a body this many bytes at a time (no copy of a whole file).
_CONTROL_CHUNK = 4 * 2**20


def _no_controls(data: bytes, begin: int = 0) -> bool:
    """True when no cell of the UTF-8 body `data[begin:]` can hold a control character:
    no C0 byte but tab and line ends, no DEL, no C1 character (UTF-8 `\\xc2\\x80`-`\\x9f`).

    A CR ending a line is no cell's (polars drops it), but inside a quoted cell it is:
    CRs count as controls unless every one ends a line and no cell is quoted.
    """
    if data.find(b"\xc2", begin) >= 0:
        return False  # perhaps a C1 control: let the regex look
    if _without_controls(data, begin, crlf=False):
        return True
    crs = data.count(b"\r", begin)
    if not crs or crs != data.count(b"\r\n", begin) or data.find(b'"', begin) >= 0:
        return False
    return _without_controls(data, begin, crlf=True)


def _without_controls(data: bytes, begin: int, *, crlf: bool) -> bool:
    """No `_CELL_CONTROLS` byte in `data[begin:]` (with `crlf`, but the CRs of CRLFs),
    looked at in chunks cut after a line end (a CRLF is never cut)."""
    start = begin
    while start < len(data):
        end = data.find(b"\n", start + _CONTROL_CHUNK)
        end = len(data) if end < 0 else end + 1
        chunk = data[start:end]
        if crlf:
            chunk = chunk.replace(b"\r\n", b"\n")
        if len(chunk.translate(None, _CELL_CONTROLS)) != len(chunk):
            return False
        start = end
    return True


#: `_refuse_cut_off` looks at the body's last bytes first (a record longer, or one with
#: a quote, and it looks at the whole body).
_TAIL = 2**16


def _refuse_cut_off(data: bytes, begin: int, sep: str, width: int) -> None:
    """A last record narrower than the header was cut while written or copied: the whole
    file is refused (exports.md, v2), so a half-copied export never replaces a whole one.

    The body is `data[begin:]`; its tail is enough unless the last lines are long or quoted.
    """
    tail_at = data.find(b"\n", max(begin, len(data) - _TAIL))
    if len(data) - begin > _TAIL and tail_at >= 0 and data.find(b'"', tail_at) < 0:
        tail = data[tail_at + 1 :]
        if tail.strip():
            count = last_record_fields(tail, sep)
            if count is not None and count < width:
                raise FileError(f"cut off: the last line has {count} of {width} fields")
            return
    count = last_record_fields(data[begin:], sep)
    if count is not None and count < width:
        raise FileError(f"cut off: the last line has {count} of {width} fields")


def _polars_body(body: bytes, sep: str, width: int, header_line: int) -> pl.DataFrame:
    """Parse the data lines with polars, all String, and number each row's physical line."""
    names = col_names(width)
    if not body or body.isspace():
        return pl.DataFrame(
            {n: pl.Series([], dtype=pl.String) for n in names}
            | {"line": pl.Series("line", [], dtype=pl.Int64)}
        )
    frame = pl.read_csv(
        body,
        has_header=False,
        schema=dict.fromkeys(names, pl.String),
        separator=sep,
        raise_if_empty=False,
        # polars keeps a blank line as an all-null row, so row i is line i unless a
        # quoted field spans lines (handled below).
    )
    row_index = pl.int_range(0, pl.len(), dtype=pl.Int64)
    start = header_line + 1
    if b'"' in body:
        # A quoted field may hold line breaks: each one pushes later rows a line down.
        extra = pl.sum_horizontal(
            [pl.col(n).str.count_matches("\n").fill_null(0) for n in names]
        ).cast(pl.Int64)
        line = start + row_index + (extra.cum_sum() - extra)
    else:
        line = start + row_index
    return frame.with_columns(line.alias("line"))


def _csv_module_body(
    body: str, sep: str, width: int, header_line: int
) -> tuple[pl.DataFrame, tuple[tuple[int, str], ...]]:
    """The slow, forgiving path: Python's csv reader, row by row, for malformed files."""
    cols: list[list[str | None]] = [[] for _ in range(width)]
    lines: list[int] = []
    errors: list[tuple[int, str]] = []
    # The csv module refuses fields over 128 KiB by default, which would refuse a whole
    # file for one long cell that polars reads fine; no field can exceed the body itself.
    if csv.field_size_limit() <= len(body):
        csv.field_size_limit(len(body) + 1)
    reader = csv.reader(io.StringIO(body, newline=""), delimiter=sep)
    consumed = 0
    try:
        for row in reader:
            line = header_line + consumed + 1
            consumed = reader.line_num
            if len(row) > width and any(c.strip() for c in row[width:]):
                errors.append((line, f"has {len(row)} fields, the header has {width}"))
                continue
            for i in range(width):
                cols[i].append(row[i] if i < len(row) else None)
            lines.append(line)
    except csv.Error as exc:
        raise FileError(
            f"cannot be read as CSV near line {header_line + consumed + 1}: {exc}"
        ) from None
    data = {n: pl.Series(c, dtype=pl.String) for n, c in zip(col_names(width), cols, strict=True)}
    frame = pl.DataFrame(data | {"line": pl.Series(lines, dtype=pl.Int64)})
    return frame, tuple(errors)
