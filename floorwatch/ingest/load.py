"""Load one export file: bytes in, a canonical `LoadedExport` or a `LoadError` out."""

from __future__ import annotations

import hashlib
from datetime import datetime
from pathlib import Path

from floorwatch.ingest.candidates import SPREADSHEETS
from floorwatch.ingest.export_time import export_time
from floorwatch.ingest.model import LoadedExport, LoadError
from floorwatch.ingest.normalise import normalise
from floorwatch.ingest.read import FileError, RawTable, read_csv_bytes, read_xlsx_bytes
from floorwatch.settings.model import ColumnMap


def content_hash(data: bytes) -> str:
    """Hex blake2b (16-byte digest) of the raw bytes: the same file twice hashes the same."""
    return hashlib.blake2b(data, digest_size=16).hexdigest()


def load_export(path: Path, columns: ColumnMap) -> LoadedExport | LoadError:
    """Read `path` once and load it; a file that cannot be read is a LoadError, never raised.

    The bytes are read into memory (never memory-mapped: a writer truncating the file
    meanwhile could kill the process); the modification time is the fallback export time.
    """
    try:
        mtime = datetime.fromtimestamp(path.stat().st_mtime)
        data = path.read_bytes()
    except OSError as exc:
        return LoadError(path.name, f"cannot be read: {exc.strerror or exc}")
    return load_export_bytes(path.name, data, columns, mtime)


def load_export_bytes(
    name: str, data: bytes, columns: ColumnMap, mtime: datetime
) -> LoadedExport | LoadError:
    """Load an export from its bytes; `name` decides CSV or XLSX and may carry the export time.

    Bad content never raises: a file-level problem is a LoadError, bad rows are in
    `row_errors` of the LoadedExport.
    """
    try:
        return _load(name, data, columns, mtime)
    except FileError as exc:
        return LoadError(name, str(exc))
    except Exception as exc:
        # A file nobody foresaw must not take the floor view down with it: report it,
        # with enough detail for a bug report, like any other unreadable file.
        return LoadError(name, f"could not be loaded ({type(exc).__name__}: {exc})")


def _load(name: str, data: bytes, columns: ColumnMap, mtime: datetime) -> LoadedExport | LoadError:
    raw = _read(name, data, columns)
    if raw.match.duplicates:
        dup = "; ".join(
            f"{raw.match.kind.column(c).header} ({', '.join(repr(h) for h in cells)})"
            for c, cells in raw.match.duplicates.items()
        )
        return LoadError(name, f"duplicated columns: {dup}")
    frame, refused = normalise(raw, columns)
    errors = sorted(
        [*raw.row_errors, *refused],
        key=lambda e: e[0],
    )
    return LoadedExport(
        file=name,
        kind=raw.match.kind.name,
        frame=frame,
        export_time=export_time(frame, name, mtime),
        content_hash=content_hash(data),
        row_errors=tuple(LoadError(name, why, line) for line, why in errors),
    )


def _read(name: str, data: bytes, columns: ColumnMap) -> RawTable:
    suffix = Path(name).suffix.lower()
    if suffix in SPREADSHEETS:
        return read_xlsx_bytes(data, columns, suffix)
    return read_csv_bytes(data, columns)
