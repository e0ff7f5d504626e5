"""Load one export file: bytes in, a canonical `LoadedExport` or a `LoadError` out."""

from __future__ import annotations

import hashlib
from datetime import datetime, timedelta
from pathlib import Path

import polars as pl

from floorwatch.ingest.candidates import SPREADSHEETS, name_suffix
from floorwatch.ingest.choices import ChoiceMismatch, DatetimeChoices
from floorwatch.ingest.export_time import export_time
from floorwatch.ingest.model import LoadedExport, LoadError
from floorwatch.ingest.normalise import normalise
from floorwatch.ingest.read import FileError, RawTable, read_csv_bytes
from floorwatch.ingest.read_xlsx import read_xlsx_bytes
from floorwatch.schema import Kind
from floorwatch.settings.model import ColumnMap


def content_hash(data: bytes) -> str:
    """Hex blake2b (16-byte digest) of the raw bytes: the same file twice hashes the same."""
    return hashlib.blake2b(data, digest_size=16).hexdigest()


def load_export(
    path: Path, columns: ColumnMap, date_order: str = "MDY"
) -> LoadedExport | LoadError:
    """Read `path` once and load it; a file that cannot be read is a LoadError, never raised.

    The bytes are read into memory (never memory-mapped: a writer truncating the file
    meanwhile could kill the process); the modification time is the fallback export time.
    """
    try:
        mtime = datetime.fromtimestamp(path.stat().st_mtime)
        data = path.read_bytes()
    except OSError as exc:
        return LoadError(path.name, f"cannot be read: {exc.strerror or exc}")
    return load_export_bytes(path.name, data, columns, mtime, date_order)


def load_export_bytes(
    name: str,
    data: bytes,
    columns: ColumnMap,
    mtime: datetime,
    date_order: str = "MDY",
    known_hash: str | None = None,
) -> LoadedExport | LoadError:
    """Load an export from its bytes; `name` decides CSV or XLSX and may carry the export time.

    Bad content never raises: a file-level problem is a LoadError, bad rows are in
    `row_errors` of the LoadedExport. `date_order` reads slash dates no value decides.
    `known_hash` is `content_hash(data)` when the caller has it already (hashing a
    month of exports twice costs a quarter of a second).
    """
    try:
        return _load(name, data, columns, mtime, date_order, known_hash)
    except FileError as exc:
        return LoadError(name, str(exc))
    except Exception as exc:
        # A file nobody foresaw must not take the floor view down with it: report it,
        # with enough detail for a bug report, like any other unreadable file.
        return LoadError(name, f"could not be loaded ({type(exc).__name__}: {exc})")


def _load(
    name: str,
    data: bytes,
    columns: ColumnMap,
    mtime: datetime,
    date_order: str,
    known_hash: str | None,
) -> LoadedExport | LoadError:
    raw = _read(name, data, columns)
    if raw.match.duplicates:
        dup = "; ".join(
            f"{raw.match.kind.column(c).header} ({', '.join(repr(h) for h in cells)})"
            for c, cells in raw.match.duplicates.items()
        )
        return LoadError(name, f"duplicated columns: {dup}")
    try:
        frame, refused = _normalised(raw, columns, date_order)
    except (ChoiceMismatch, pl.exceptions.PolarsError):
        # A slice cannot be read as the whole file would be (polars refuses it, or its
        # datetimes would be read otherwise): the file is read again whole, as any other.
        raw = _read(name, data, columns, sliced=False)
        frame, refused = normalise(raw, columns, date_order)
    moment = export_time(frame, name, mtime)
    frame, far = _far_from(frame, raw.match.kind, moment)
    errors = sorted(
        [*raw.row_errors, *refused, *far],
        key=lambda e: e[0],
    )
    return LoadedExport(
        file=name,
        kind=raw.match.kind.name,
        frame=frame,
        export_time=moment,
        content_hash=known_hash or content_hash(data),
        row_errors=tuple(LoadError(name, why, line) for line, why in errors),
    )


def _read(name: str, data: bytes, columns: ColumnMap, *, sliced: bool = True) -> RawTable:
    suffix = name_suffix(name)
    if suffix in SPREADSHEETS:
        return read_xlsx_bytes(data, columns, suffix)
    return read_csv_bytes(data, columns, sliced=sliced)


def _normalised(
    raw: RawTable, columns: ColumnMap, date_order: str
) -> tuple[pl.DataFrame, list[tuple[int, str]]]:
    """`normalise` of the whole table; a big CSV body a slice at a time (issue 16: a
    month's pull is never whole as text), each slice as the whole file would read it.

    Raises `ChoiceMismatch` or a PolarsError where a slice cannot be read so.
    """
    if raw.more is None:
        return normalise(raw, columns, date_order)
    choices = DatetimeChoices()
    frames: list[pl.DataFrame] = []
    refused: list[tuple[int, str]] = []
    for table in raw.slices():
        frame, errors = normalise(table, columns, date_order, choices)
        choices.frozen = True
        frames.append(frame)
        refused.extend(errors)
    return pl.concat(frames), refused


#: How far a row's datetime may lie from its file's export time (exports.md, v2): a
#: year `0026`, a swapped day and month, a default `1900-01-01` are further.
FAR_BEFORE = timedelta(days=400)
FAR_AFTER = timedelta(days=1)


def _far_from(
    frame: pl.DataFrame, kind: Kind, moment: datetime
) -> tuple[pl.DataFrame, list[tuple[int, str]]]:
    """`frame` without the rows whose datetimes are far from the export time, and why."""
    names = [c.name for c in kind.columns if c.type == "datetime" and c.name != "export_time"]
    low, high = moment - FAR_BEFORE, moment + FAR_AFTER
    far = pl.any_horizontal([(pl.col(n) < low) | (pl.col(n) > high) for n in names])
    if not names or not frame.select(far.any()).item():
        return frame, []
    when = moment.isoformat(sep=" ", timespec="seconds")
    errors = []
    for row in frame.filter(far.fill_null(False)).iter_rows(named=True):
        bad = [
            f"{kind.column(n).header}: {row[n]:%Y-%m-%d %H:%M}"
            for n in names
            if row[n] is not None and not low <= row[n] <= high
        ]
        errors.append((row["line"], f"{'; '.join(bad)} is far from the export time {when}"))
    return frame.filter(~far.fill_null(False)), errors
