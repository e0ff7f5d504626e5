"""Who the caseworkers of a period are, and their names and teams."""

from __future__ import annotations

import polars as pl

from floorwatch.engine.dashboard import FILE_ORDER
from floorwatch.ingest.model import LoadError
from floorwatch.schema import UNASSIGNED_TEAM

_IDENTITY = ["worker_id", "worker_name", "team", *FILE_ORDER]


def caseworkers(
    dashboard: pl.LazyFrame,
    actions: pl.LazyFrame,
    paused: pl.LazyFrame,
    roster: pl.DataFrame,
    rostered: pl.DataFrame | None = None,
) -> pl.LazyFrame:
    """One row per caseworker seen in the period's dashboard, actions or paused rows, and
    (v2) every person of `rostered` (the front-line people employed in the period), with
    or without a row.

    Name and team come from the roster when it has them, else from the newest export row
    that names them; a caseworker with no team anywhere is `Unassigned`.
    """
    frames = [f.select(_IDENTITY) for f in (dashboard, actions, paused)]
    if rostered is not None:
        schema = dashboard.select(_IDENTITY).collect_schema()
        frames.append(
            rostered.lazy().select(
                "worker_id", *(pl.lit(None, schema[c]).alias(c) for c in _IDENTITY[1:])
            )
        )
    seen = pl.concat(frames)
    newest = seen.group_by("worker_id").agg(
        pl.col(c).sort_by(*FILE_ORDER).drop_nulls().last() for c in ("worker_name", "team")
    )
    listed = roster.lazy().select(
        "worker_id",
        pl.col("worker_name").alias("roster_name"),
        pl.col("team").alias("roster_team"),
    )
    return newest.join(listed, on="worker_id", how="left").select(
        "worker_id",
        pl.coalesce("roster_name", "worker_name").alias("name"),
        pl.coalesce("roster_team", "team", pl.lit(UNASSIGNED_TEAM)).alias("team"),
    )


def team_leads(roster: pl.DataFrame) -> pl.LazyFrame:
    """Each roster team's supervisor and coordinator (the first named in the roster)."""
    return (
        roster.lazy()
        .filter(pl.col("team").is_not_null())
        .group_by("team", maintain_order=True)
        .agg(pl.col("supervisor").drop_nulls().first(), pl.col("coordinator").drop_nulls().first())
    )


def case_only_matches(people: pl.DataFrame, roster: pl.DataFrame) -> pl.DataFrame:
    """(roster_id, line, export_id) where an export's Worker ID matches a roster ID only
    when case is ignored (`W1001` in the roster, `w1001` in an export): reported, since
    IDs are compared exactly and the two count as two people."""
    listed = roster.select(
        pl.col("worker_id").alias("roster_id"),
        "line",
        pl.col("worker_id").str.to_lowercase().alias("key"),
    )
    unknown = people.join(roster.select("worker_id"), on="worker_id", how="anti").select(
        pl.col("worker_id").alias("export_id"), pl.col("worker_id").str.to_lowercase().alias("key")
    )
    return listed.join(unknown, on="key").drop("key").sort("roster_id", "export_id")


def case_errors(people: pl.DataFrame, roster: pl.DataFrame) -> tuple[LoadError, ...]:
    """An export's Worker ID that matches a roster ID only when case is ignored."""
    return tuple(
        LoadError(
            "roster.csv",
            f"Worker ID {roster_id} is written {export_id} in an export: IDs must match "
            "exactly, so they count as two caseworkers",
            line,
        )
        for roster_id, line, export_id in case_only_matches(people, roster).iter_rows()
    )
