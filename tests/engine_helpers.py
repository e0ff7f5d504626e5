"""Hand-made engine inputs: rows written as dicts, values in the canonical units."""

from __future__ import annotations

from datetime import datetime
from itertools import count

import polars as pl

from floorwatch.engine import FloorData, row_schema
from floorwatch.settings.roster import ROSTER_SCHEMA

_hashes = count(1)


def export(kind: str, rows: list[dict], at: datetime, file: str | None = None) -> pl.LazyFrame:
    """One export's rows as the engine sees them; missing columns are null."""
    schema = row_schema(kind)
    name = file or f"{kind}_{at:%Y-%m-%d_%H%M%S}.csv"
    content_hash = f"h{next(_hashes)}"
    filled = [
        {
            **dict.fromkeys(schema),
            **row,
            "line": i + 2,
            "source_file": name,
            "file_export_time": at,
            "content_hash": content_hash,
        }
        for i, row in enumerate(rows)
    ]
    return pl.LazyFrame(filled, schema=schema, orient="row")


def floor(*exports: tuple[str, pl.LazyFrame]) -> FloorData:
    """FloorData from (kind, frame) pairs."""
    frames: dict[str, list[pl.LazyFrame]] = {}
    for kind, frame in exports:
        frames.setdefault(kind, []).append(frame)
    return FloorData.from_frames(frames)


def roster(*rows: dict) -> pl.DataFrame:
    return pl.DataFrame(
        [{**dict.fromkeys(ROSTER_SCHEMA), **r} for r in rows], schema=ROSTER_SCHEMA, orient="row"
    )
