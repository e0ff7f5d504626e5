"""Exports in, canonical frames out (`spec/exports.md`). Never imports the UI."""

from floorwatch.ingest.candidates import drop_candidates, is_candidate
from floorwatch.ingest.load import load_export, load_export_bytes
from floorwatch.ingest.model import LoadedExport, LoadError

__all__ = [
    "LoadError",
    "LoadedExport",
    "drop_candidates",
    "is_candidate",
    "load_export",
    "load_export_bytes",
]
