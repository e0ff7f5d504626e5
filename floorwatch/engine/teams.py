"""A team's sums of its caseworkers' minutes and counts, with its roster people."""

from __future__ import annotations

import polars as pl

from floorwatch.engine.contact import (
    team_sums,
    with_avg_handle,
)
from floorwatch.engine.dashboard import ratios
from floorwatch.engine.people import team_leads
from floorwatch.engine.transactions import (
    GROUP_COUNTS,
    transaction_metrics,
)

_SUMS = (
    "logged_in_minutes",
    "active_minutes",
    "idle_minutes",
    "scheduled_minutes",
    "scheduled_days",
    "absent_days",
)


def team_frame(
    metrics: pl.LazyFrame, team_groups: pl.LazyFrame, roster: pl.DataFrame
) -> pl.LazyFrame:
    """Team roll-ups: sums first, then ratios; means over all the team's transactions."""
    sums = metrics.group_by("team").agg(
        *(pl.col(c).sum().alias(c) for c in _SUMS),
        # A sum over no dashboard rows at all is null, not 0.
        *(pl.col(c).is_not_null().any().alias(f"has_{c}") for c in _SUMS),
        pl.len().alias("workers"),
        (pl.col("status") != "Logged Out").sum().alias("logged_in_now"),
        (pl.col("status") == "Active").sum().alias("active_now"),
        (pl.col("status") == "Idle").sum().alias("idle_now"),
        *team_sums(),
    )
    sums = sums.with_columns(
        pl.when(pl.col(f"has_{c}")).then(pl.col(c)).alias(c) for c in _SUMS
    ).drop(f"has_{c}" for c in _SUMS)
    return (
        sums.join(transaction_metrics(team_groups, by="team"), on="team", how="left")
        .with_columns(pl.col(c).fill_null(0) for c in GROUP_COUNTS)
        .with_columns(ratios())
        .pipe(with_avg_handle)
        .join(team_leads(roster), on="team", how="left")
        .sort("team")
    )
