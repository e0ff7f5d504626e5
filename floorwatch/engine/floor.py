"""The engine's input: every export row known as of a run, tied to the file it came from."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import polars as pl

from floorwatch.ingest.model import LoadError
from floorwatch.schema import KIND_BY_NAME

if TYPE_CHECKING:  # summary.py builds on this module
    from floorwatch.engine.summary import ActionSummary

#: Columns every row carries besides its kind's canonical ones.
FILE_COLUMNS: dict[str, pl.DataType] = {
    "line": pl.Int64(),
    "source_file": pl.String(),
    "file_export_time": pl.Datetime("us"),
    "content_hash": pl.String(),
    # The file's accepted row count: a compacted day keeps only each key's newest row, so
    # the count a source reports cannot be taken from the rows (null: count the rows).
    "file_rows": pl.Int64(),
}
#: The task-management kinds the day/week/month engine reads.
WORK_KINDS = ("dashboard", "actions", "paused")
#: The contact-centre (Genesys Cloud) kinds, read for the day only (`engine/contact.py`).
CONTACT_KINDS = ("agent_status", "agent_performance")
#: Every kind the engine reads.
ENGINE_KINDS = (*WORK_KINDS, *CONTACT_KINDS)


def row_schema(kind: str) -> dict[str, pl.DataType]:
    """The schema of a kind's rows as the engine sees them."""
    return {**KIND_BY_NAME[kind].polars_schema, **FILE_COLUMNS}


def with_row_schema(rows: pl.LazyFrame, kind: str) -> pl.LazyFrame:
    """`rows` as the engine sees a kind: its columns in order, typed, `file_rows` added
    (null) where the rows come from before the store kept it."""
    schema = row_schema(kind)
    if "file_rows" not in rows.collect_schema().names():
        rows = rows.with_columns(pl.lit(None, pl.Int64).alias("file_rows"))
    return rows.select(list(schema)).cast(schema)


def empty_rows(kind: str) -> pl.LazyFrame:
    return pl.LazyFrame(schema=row_schema(kind))


@dataclass(frozen=True)
class FloorData:
    """Rows of each kind from the drop folder and the history (lazy), plus load errors.

    Rows keep their file's `file_export_time`: the engine itself leaves out whatever was
    exported after the as-of, so the same FloorData answers any `--at`.
    """

    dashboard: pl.LazyFrame
    actions: pl.LazyFrame
    paused: pl.LazyFrame
    errors: tuple[LoadError, ...] = ()
    agent_status: pl.LazyFrame = field(default_factory=lambda: empty_rows("agent_status"))
    agent_performance: pl.LazyFrame = field(default_factory=lambda: empty_rows("agent_performance"))
    #: Finished days of Caseworker Actions counted once (`engine/summary.py`), whose rows
    #: are not in `actions`: the engine reads them only where a summary cannot stand in.
    action_summaries: tuple[ActionSummary, ...] = ()

    @classmethod
    def from_frames(
        cls,
        frames: dict[str, list[pl.LazyFrame]],
        errors: tuple[LoadError, ...] = (),
        action_summaries: tuple[ActionSummary, ...] = (),
    ) -> FloorData:
        """Concatenate each kind's frames (any may be missing) into one FloorData."""

        def concat(kind: str) -> pl.LazyFrame:
            parts = [with_row_schema(f, kind) for f in frames.get(kind, [])]
            return pl.concat(parts, how="vertical") if parts else empty_rows(kind)

        return cls(
            **{k: concat(k) for k in ENGINE_KINDS},
            errors=errors,
            action_summaries=action_summaries,
        )
