"""The moment a file describes (`spec/exports.md`, "The export time of a file")."""

from __future__ import annotations

import re
from datetime import datetime

import polars as pl

# `YYYY-MM-DD` then `_`, `T`, `-` or a space, then `HHMM` or `HHMMSS` (not followed by a digit).
_NAME_STAMP = re.compile(r"(\d{4})-(\d{2})-(\d{2})[_T\- ](\d{2})(\d{2})(\d{2})?(?!\d)")


def time_from_name(name: str) -> datetime | None:
    """The timestamp in a file name like `dashboard_2026-11-19_1040.csv`, if it has a valid one."""
    for m in _NAME_STAMP.finditer(name):
        y, mo, d, h, mi, s = (int(g) if g else 0 for g in m.groups())
        try:
            return datetime(y, mo, d, h, mi, s)
        except ValueError:
            continue  # `2026-13-45_9999` is not a time; a later match may be
    return None


def export_time(frame: pl.DataFrame, name: str, mtime: datetime) -> datetime:
    """Latest `export_time` of the accepted rows; else the file name's stamp; else `mtime`."""
    if "export_time" in frame.columns:
        latest = frame["export_time"].max()
        if isinstance(latest, datetime):
            return latest
    return time_from_name(name) or mtime
