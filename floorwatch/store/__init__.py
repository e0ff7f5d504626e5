"""The history store: ingested exports and recorded check runs, kept as Parquet."""

from floorwatch.schema import RUN_FLAG_SCHEMA
from floorwatch.store.derived import CompactedDay
from floorwatch.store.errors import StoreError
from floorwatch.store.exports import (
    StoredExport,
    dated_by,
    export_days,
    export_key,
    with_file_columns,
)
from floorwatch.store.history import SCHEMA_VERSION, HistoryStore
from floorwatch.store.runs import RunRecord

__all__ = [
    "RUN_FLAG_SCHEMA",
    "SCHEMA_VERSION",
    "CompactedDay",
    "HistoryStore",
    "RunRecord",
    "StoreError",
    "StoredExport",
    "dated_by",
    "export_days",
    "export_key",
    "with_file_columns",
]
