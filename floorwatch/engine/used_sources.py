"""The exports a check used: each source file with the rows it gave."""

from __future__ import annotations

import polars as pl


def sources_frame(
    every_row: dict[str, pl.LazyFrame],
    used_rows: dict[str, list[pl.LazyFrame]],
    summarised: list[pl.DataFrame],
) -> pl.LazyFrame:
    """The exports whose rows the run used (`every_row`: kind -> the rows it read;
    `used_rows`: kind -> frames of used rows;
    `summarised`: the sources of the day summaries used), with each export's accepted row
    count."""
    parts = [
        s.lazy().select("file", pl.lit("actions").alias("kind"), "rows", "export_time")
        for s in summarised
    ]
    for kind, frames in used_rows.items():
        used = pl.concat([f.select("content_hash") for f in frames])
        exports = (
            every_row[kind]
            .group_by("content_hash")
            .agg(
                pl.col("source_file").first().alias("file"),
                pl.col("file_export_time").first().alias("export_time"),
                pl.col("file_rows").first().fill_null(pl.len()).alias("rows"),
            )
        )
        parts.append(
            exports.join(used.unique(), on="content_hash", how="semi").select(
                "file", pl.lit(kind).alias("kind"), "rows", "export_time"
            )
        )
    # An export may feed several summaries (a weekly pull: one per transaction day) and
    # the rows read beside them: it is one source.
    return pl.concat(parts).unique().sort("export_time", "file")
