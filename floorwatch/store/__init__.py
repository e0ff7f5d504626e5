"""The history store: ingested exports and recorded check runs, kept as Parquet."""

from floorwatch.store.history import (
    RUN_FLAG_SCHEMA,
    SCHEMA_VERSION,
    CompactedDay,
    HistoryStore,
    RunRecord,
    StoredExport,
    StoreError,
    dated_by,
    export_days,
    export_key,
    with_file_columns,
)

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
