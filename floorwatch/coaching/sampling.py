"""Drawing a coaching sample of closed transactions: filtered, then a seeded random draw.

Reproducible: the candidates are put in a fixed order (start, task, caseworker) before
`random.Random(seed)` picks from them, so the same seed and filters over the same rows
always give the same sample, whatever order the export or polars delivered them in.
"""

from __future__ import annotations

import random
from dataclasses import asdict, dataclass
from datetime import date, datetime
from typing import Any

import polars as pl

#: What a sample keeps of each transaction (the check must not depend on the exports).
KEPT = ("task_id", "worker_id", "worker_name", "team", "task_type", "queue", "outcome")


@dataclass(frozen=True)
class SampleFilter:
    """Which closed transactions a sample draws from; None means any."""

    worker_id: str | None = None
    team: str | None = None
    task_type: str | None = None
    queue: str | None = None
    outcome: str | None = None
    date_from: date | None = None
    date_to: date | None = None
    #: Draw exactly these transactions (the procedure's query by SR number).
    task_ids: tuple[str, ...] = ()

    def as_dict(self) -> dict[str, Any]:
        raw = asdict(self)
        raw["task_ids"] = list(self.task_ids)
        return {k: v.isoformat() if isinstance(v, date) else v for k, v in raw.items()}


def closed_transactions(actions: pl.DataFrame, wanted: SampleFilter) -> pl.DataFrame:
    """Caseworker Actions rows with an End that pass the filter, in the fixed order.

    Text filters ignore case; the date range is inclusive and applies to the End's day.
    """
    rows = actions.filter(pl.col("end").is_not_null())
    for column in ("worker_id", "team", "task_type", "queue", "outcome"):
        value = getattr(wanted, column)
        if value:
            rows = rows.filter(pl.col(column).str.to_lowercase() == value.strip().casefold())
    if wanted.date_from is not None:
        rows = rows.filter(pl.col("end").dt.date() >= wanted.date_from)
    if wanted.date_to is not None:
        rows = rows.filter(pl.col("end").dt.date() <= wanted.date_to)
    if wanted.task_ids:
        ids = pl.Series([t.strip() for t in wanted.task_ids], dtype=pl.String).implode()
        rows = rows.filter(pl.col("task_id").is_in(ids))
    # CheckResult.actions is de-duplicated already; sorting fixes the order for the draw.
    return rows.sort("start", "task_id", "worker_id")


def parse_task_ids(text: str) -> tuple[str, ...]:
    """Task IDs as typed: separated by commas or spaces, each once, in the order typed."""
    found: list[str] = []
    for part in text.replace(",", " ").split():
        if part not in found:
            found.append(part)
    return tuple(found)


def missing_tasks(candidates: pl.DataFrame, wanted: SampleFilter) -> list[str]:
    """The asked-for task IDs no closed transaction matches."""
    have = set(candidates["task_id"].to_list())
    return [t for t in wanted.task_ids if t not in have]


def draw(candidates: pl.DataFrame, size: int, seed: int) -> pl.DataFrame:
    """`size` rows picked at random with `seed` (all of them when fewer), in start order."""
    if size < 1:
        raise ValueError("a sample needs at least one transaction")
    n = candidates.height
    picked = sorted(random.Random(seed).sample(range(n), min(size, n)))
    return candidates[picked]


def sample_rows(sample: pl.DataFrame) -> list[dict[str, Any]]:
    """The drawn transactions as the journal keeps them (times as ISO text)."""
    rows = []
    for row in sample.iter_rows(named=True):
        kept = {k: row.get(k) for k in KEPT}
        kept["start"] = _iso(row["start"])
        kept["end"] = _iso(row["end"])
        rows.append(kept)
    return rows


def _iso(moment: datetime | None) -> str | None:
    return moment.isoformat() if moment is not None else None
