"""Finished transaction days' Caseworker Actions, counted once and kept, so a month need
not re-read them.

A month check over raw rows reads and de-duplicates about a million transactions, and
holds them all in memory. Every transaction metric is a sum of counts per caseworker,
task type and queue (`transaction_groups`), so transaction days (the days their rows
start on) whose exports will not change can be counted once — from every export holding
rows of them, whether a daily, weekly or monthly pull: their de-duplicated transactions'
groups, each caseworker's newest name and team, and the exports that contributed, with
the Start days its rows fall on. The caller (`service.action_summaries`) chooses the days
and their rows; this module counts them.

The engine adds a summary in place of its rows only when that gives the same numbers:
its Start days lie in the period before the as-of's day, every Start and End is at or
before the as-of, and no other rows of the run start on the same days (a transaction's
key holds its Start, so rows of different days can never be duplicates of each other).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime

import polars as pl

from floorwatch.engine.dashboard import FILE_ORDER, latest_per, minutes_between
from floorwatch.engine.floor import FloorData, with_row_schema
from floorwatch.engine.names import canonical_names
from floorwatch.engine.result import Period
from floorwatch.engine.transactions import (
    GROUP_COUNTS,
    period_actions,
    transaction_groups,
    transactions,
    unique_transactions,
)
from floorwatch.schema import DEFAULT_QUEUE
from floorwatch.settings import QSA

#: Bumped whenever what a summary holds changes: older summaries are then not used.
#: 4: summaries by transaction day (their rows are those of their days only).
SUMMARY_VERSION = 4

#: A caseworker's identity as `engine.people.caseworkers` reads it.
IDENTITY = ("worker_id", "worker_name", "team", *FILE_ORDER)

#: One file holds both parts: "groups" rows (counts) and "people" rows (names, teams).
SUMMARY_SCHEMA: dict[str, pl.DataType] = {
    "part": pl.String(),
    "worker_id": pl.String(),
    #: The Start's day (a trend line counts each day on its own).
    "day": pl.Date(),
    "task_type": pl.String(),
    "queue": pl.String(),
    **{c: pl.Int64() for c in GROUP_COUNTS},
    "minutes": pl.Float64(),
    "worker_name": pl.String(),
    "team": pl.String(),
    "file_export_time": pl.Datetime("us"),
    "source_file": pl.String(),
    "line": pl.Int64(),
}

#: The exports a summary's rows came from, as `CheckResult.sources` reports them.
SOURCE_SCHEMA: dict[str, pl.DataType] = {
    "content_hash": pl.String(),
    "file": pl.String(),
    "rows": pl.Int64(),
    "export_time": pl.Datetime("us"),
}


@dataclass(frozen=True, eq=False)
class ActionSummary:
    """Transaction days' Caseworker Actions, summarised, with the rows it was made from."""

    start_days: frozenset[date]
    latest_start: datetime | None
    latest_end: datetime | None
    #: The summary file's rows (SUMMARY_SCHEMA).
    frame: pl.LazyFrame
    #: The exports whose rows are kept (SOURCE_SCHEMA).
    sources: pl.DataFrame
    #: Its days' stored rows: read for a drilldown, or when the summary cannot be used.
    rows: pl.LazyFrame

    @classmethod
    def from_stored(
        cls, frame: pl.LazyFrame, metadata: dict[str, str], rows: pl.LazyFrame
    ) -> ActionSummary:
        """A summary from its file's rows and metadata (as `summarise` wrote them).

        Raises ValueError for metadata this version does not write (another version's
        summary, or not a summary at all).
        """
        try:
            if metadata["version"] != str(SUMMARY_VERSION):
                raise ValueError(f"summary version {metadata['version']}")
            days = json.loads(metadata["days"])
            sources = json.loads(metadata["sources"])
            return cls(
                start_days=frozenset(date.fromisoformat(d) for d in days),
                latest_start=_moment(metadata.get("latest_start")),
                latest_end=_moment(metadata.get("latest_end")),
                frame=frame,
                sources=pl.DataFrame(
                    [
                        {**s, "export_time": datetime.fromisoformat(s["export_time"])}
                        for s in sources
                    ],
                    schema=SOURCE_SCHEMA,
                    orient="row",
                ),
                rows=rows,
            )
        except (KeyError, TypeError) as exc:
            raise ValueError(f"not a summary: {exc}") from None

    def fits(self, period: Period, as_of: datetime) -> bool:
        """Whether every row lies in the period before the as-of's day, and ended by it."""
        return (
            all(period.start <= d < as_of.date() for d in self.start_days)
            and (self.latest_start is None or self.latest_start <= as_of)
            and (self.latest_end is None or self.latest_end <= as_of)
        )

    def groups(self, qsa: QSA) -> pl.LazyFrame:
        """The transaction groups per caseworker and Start day, task types and queues
        spelled as the QSA does."""
        return (
            self.frame.filter(pl.col("part") == "groups")
            .select("worker_id", "day", "task_type", "queue", *GROUP_COUNTS, "minutes")
            .with_columns(
                canonical_names("task_type", qsa.task_types),
                canonical_names("queue", qsa.queues).fill_null(DEFAULT_QUEUE),
            )
        )

    def people(self) -> pl.LazyFrame:
        """Each caseworker's newest name and newest team, with the row order that chose them."""
        return self.frame.filter(pl.col("part") == "people").select(IDENTITY)


def period_rows(
    floor: FloorData, qsa: QSA, as_of: datetime, period: Period
) -> tuple[pl.LazyFrame, pl.DataFrame, list[ActionSummary]]:
    """The action rows a run reads (as stored, and the period's de-duplicated), and the
    day summaries it adds in their place.

    A summary is used only where it gives the same numbers as its rows: it fits the
    period, and no other summary or read row starts on any of its days. Otherwise its rows
    are read with the rest, and de-duplicated with them.
    """
    chosen = [s for s in floor.action_summaries if s.fits(period, as_of)]
    chosen = [
        s for s in chosen if not any(s.start_days & o.start_days for o in chosen if o is not s)
    ]
    # A live day's few exports are de-duplicated 8x faster in memory; a week's or
    # month's pulls in morsels, which keeps a monthly pull's cold check at 440 MiB, not
    # 1,140 (README, "Benchmarks"). Both engines give the same rows.
    engine = "in-memory" if period.kind == "day" else "streaming"
    # eq=False: `in` compares summaries by identity.
    while True:
        rest = [s.rows for s in floor.action_summaries if s not in chosen]
        read = pl.concat([floor.actions, *rest])
        rows = period_actions(read, qsa, as_of, period).collect(engine=engine)
        read_days = set(rows.get_column("start").dt.date().unique().to_list())
        clashing = [s for s in chosen if s.start_days & read_days]
        if not clashing:
            return read, rows, chosen
        chosen = [s for s in chosen if s not in clashing]


def summary_fingerprint(content_hashes: Iterable[str]) -> str:
    """Names a summary by the exports it counts (and what a summary holds)."""
    text = f"v{SUMMARY_VERSION}:" + ",".join(sorted(content_hashes))
    return hashlib.sha256(text.encode()).hexdigest()[:24]


def summarise(days: list[pl.LazyFrame]) -> list[tuple[pl.DataFrame, dict[str, str]]]:
    """Transaction days' Caseworker Actions rows -> (summary rows, file metadata) each.

    The days are computed side by side (two `collect_all`), which keeps a machine's cores
    busy on what are small frames one by one. Task types and queues keep the export's
    spelling: the QSA that names them belongs to the check, not to the day.
    """
    # Streamed: in memory, a weekly or monthly pull's days held twice as much (README).
    days = [with_row_schema(rows, "actions") for rows in days]
    uniques = pl.collect_all(
        [
            unique_transactions(rows).with_columns(
                minutes_between(pl.col("end"), pl.col("start")).alias("minutes")
            )
            for rows in days
        ],
        engine="streaming",
    )
    parts = pl.collect_all(
        [
            part
            for rows, unique in zip(days, uniques, strict=True)
            for part in (_counts(unique.lazy()), _sources(rows, unique))
        ],
        engine="streaming",
    )
    return [
        (frame, _metadata(unique, sources))
        for unique, frame, sources in zip(uniques, parts[::2], parts[1::2], strict=True)
    ]


def _counts(unique: pl.LazyFrame) -> pl.LazyFrame:
    """The summary rows: transaction groups, then each caseworker's name and team."""
    finished = transactions(unique, datetime.max).with_columns(
        pl.col("start").dt.date().alias("day")
    )
    groups = transaction_groups(finished, "worker_id", "day").with_columns(
        pl.lit("groups").alias("part")
    )
    # A name and a team may come from different rows: each keeps the order that chose it.
    people = [
        latest_per(unique.filter(pl.col(c).is_not_null()), "worker_id").select(
            pl.lit("people").alias("part"), "worker_id", c, *FILE_ORDER
        )
        for c in ("worker_name", "team")
    ]
    # Everyone with a row is a caseworker of the period, named by a row or not.
    present = unique.select(pl.lit("people").alias("part"), "worker_id").unique()
    return pl.concat([groups, *people, present], how="diagonal_relaxed").select(
        pl.col(c).cast(t) for c, t in SUMMARY_SCHEMA.items()
    )


def _sources(rows: pl.LazyFrame, unique: pl.DataFrame) -> pl.LazyFrame:
    """The exports whose rows were kept, with each one's accepted row count."""
    used = unique.lazy().select("content_hash").unique()
    return (
        rows.join(used, on="content_hash", how="semi")
        .group_by("content_hash")
        .agg(
            pl.col("source_file").first().alias("file"),
            pl.col("file_rows").first().fill_null(pl.len()).alias("rows"),
            pl.col("file_export_time").first().alias("export_time"),
        )
        .sort("content_hash")
    )


def _metadata(unique: pl.DataFrame, sources: pl.DataFrame) -> dict[str, str]:
    start = unique.get_column("start")
    end = unique.get_column("end")
    return {
        "version": str(SUMMARY_VERSION),
        "days": json.dumps(sorted({d.isoformat() for d in start.dt.date().unique()})),
        "latest_start": _iso(start.max()),
        "latest_end": _iso(end.max()),
        "sources": json.dumps(
            [{**s, "export_time": s["export_time"].isoformat()} for s in sources.to_dicts()]
        ),
    }


def _iso(moment: object) -> str:
    return moment.isoformat() if isinstance(moment, datetime) else ""


def _moment(text: str | None) -> datetime | None:
    return datetime.fromisoformat(text) if text else None
