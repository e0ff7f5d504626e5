"""A day's exports of one kind reduced to the rows a check can still use.

A live floor stores a new cumulative Caseworker Actions pull and a new dashboard snapshot
at every refresh, so a day check would read every row of every refresh of the day: time
and memory grow with the square of the refreshes. Compacting keeps, for each key, only
the row that the engine's own de-duplication would keep, so a check over the compacted
rows plus any later exports gives the same numbers as a check over every export, for any
as-of at or after the newest compacted export.
"""

from __future__ import annotations

import polars as pl

from floorwatch.engine.dashboard import FILE_ORDER, latest_per
from floorwatch.engine.floor import with_row_schema
from floorwatch.engine.transactions import unique_transactions

#: The kinds whose days are compacted (paused: only the newest list is ever read).
COMPACTED_KINDS = ("actions", "dashboard")


def compact_rows(kind: str, rows: pl.LazyFrame) -> pl.LazyFrame:
    """The rows of one day's exports of `kind` that a check at or after them can use.

    `rows` may hold an earlier compaction of the day beside raw exports. Each row keeps
    its file's columns, and `file_rows` its file's row count, so sources still report
    every file that contributed, with its true size.
    """
    rows = with_row_schema(rows, kind).with_columns(
        pl.col("file_rows").fill_null(pl.len().over("content_hash"))
    )
    columns = rows.collect_schema().names()
    if kind == "actions":
        return unique_transactions(rows).select(columns)
    if kind == "dashboard":
        # Every file of the day shares its date: per worker is per worker and day.
        newest = latest_per(rows, "worker_id")
        # A check names a caseworker from their newest row that has a name (or team):
        # keep that on the row that stays, should the newest snapshot leave it blank.
        identity = rows.group_by("worker_id").agg(
            pl.col(c).sort_by(*FILE_ORDER).drop_nulls().last().alias(f"known_{c}")
            for c in ("worker_name", "team")
        )
        return (
            newest.join(identity, on="worker_id", how="left")
            .with_columns(pl.coalesce(c, f"known_{c}").alias(c) for c in ("worker_name", "team"))
            .select(columns)
        )
    raise ValueError(f"{kind} exports are not compacted")
