"""The summary policy: finished transaction days counted from summaries, not rows."""

from __future__ import annotations

import contextlib
from collections.abc import Sequence
from datetime import date, datetime, timedelta

import polars as pl

from floorwatch.engine.floor import with_row_schema
from floorwatch.engine.summary import ActionSummary, summarise, summary_fingerprint
from floorwatch.ingest import LoadedExport
from floorwatch.service.stored import day_files, drop_rows, scan_rows
from floorwatch.store import (
    HistoryStore,
    StoredExport,
    StoreError,
    export_days,
    export_key,
)


def action_summaries(
    store: HistoryStore,
    exports: Sequence[StoredExport | LoadedExport],
    as_of: datetime,
    *,
    keep: bool,
    since: date | None = None,
    made: MadeSummaries | None = None,
) -> tuple[tuple[ActionSummary, ...], list[StoredExport | LoadedExport]]:
    """Summaries of the finished transaction days (Start before the as-of's day, from
    `since`) of the Caseworker Actions among `exports`, and the exports left to read as
    rows — read them through `outside_summaries`, which leaves out the summarised days.

    A transaction day is counted from every export holding rows of that day (the days of
    an export's rows are in its stored name), so a weekly or monthly pull benefits as
    much as daily ones. Days with the same exports are summarised together. A summary
    wholly from the store is read, or made and kept with `keep` (a summary is a cache:
    when it cannot be written it is still used for the run). One with exports only in the
    drop folder (a check that stores nothing) is made in memory, one day each, which
    still spares the engine de-duplicating and holding every row of the period; `made`
    keeps those for the other checks of the same run (by fingerprint: the same exports
    and days).
    """
    actions = [e for e in exports if e.kind == "actions"]
    by_key = {export_key(e): e for e in actions}
    found: list[tuple[ActionSummary, tuple[str, ...]]] = []
    to_make: list[_Group] = []
    for keys, group_days in _day_groups(actions, as_of, since).items():
        group = [by_key[k] for k in keys]
        new = any(isinstance(e, LoadedExport) for e in group)
        # Made in memory only (never kept): a day at a time, so that a weekly or monthly
        # pull's days are never summarised at once (issue 16: peak memory), and the
        # trend days' checks find the same days made.
        for days in [[d] for d in group_days] if new else [group_days]:
            rows = _rows_of_days(store, group, days)
            fingerprint = summary_fingerprint([*keys, *(d.isoformat() for d in days)])
            stored = None if new else _stored_summary(store, days[0], fingerprint, rows)
            if stored is None and new and made is not None and fingerprint in made:
                frame, metadata = made[fingerprint]
                stored = ActionSummary.from_stored(frame.lazy(), metadata, rows)
            if stored is not None:
                found.append((stored, keys))
            elif new or keep:
                to_make.append((keys, group, days, fingerprint, rows))
    found.extend(_made_now(store, to_make, made))
    found.sort(key=lambda f: min(f[0].start_days, default=date.min))
    summaries = tuple(s for s, _ in found)
    whole = {k for _, keys in found for k in keys}
    summarised_days = {d for s in summaries for d in s.start_days}
    rest = [e for e in exports if export_key(e) not in whole or _days_beyond(e, summarised_days)]
    return summaries, rest


def _made_now(
    store: HistoryStore, to_make: list[_Group], made: MadeSummaries | None
) -> list[tuple[ActionSummary, tuple[str, ...]]]:
    """The summaries `action_summaries` could not find, made (and in `made` for the
    run's other checks); kept when every export is stored, and used from memory either
    way (a summary that cannot be written is still right for this run)."""
    out = []
    summarised = _summarised(to_make)
    for (keys, group, days, fingerprint, rows), (frame, metadata) in zip(
        to_make, summarised, strict=True
    ):
        if made is not None:
            made[fingerprint] = (frame, metadata)
        if not any(isinstance(e, LoadedExport) for e in group):
            with contextlib.suppress(StoreError):
                store.write_summary("actions", days[0], fingerprint, frame, metadata)
        out.append((ActionSummary.from_stored(frame.lazy(), metadata, rows), keys))
    return out


#: How many days `summarise` counts side by side: a month's at once holds its rows
#: again, de-duplicated and with their minutes (some 280 MB more for a statewide month;
#: issue 16, peak memory); a week's still keeps two cores busy.
DAYS_AT_ONCE = 5


def _summarised(groups: list[_Group]) -> list[tuple[pl.DataFrame, dict[str, str]]]:
    """`summarise` of each group's rows, groups side by side up to `DAYS_AT_ONCE` days."""
    out: list[tuple[pl.DataFrame, dict[str, str]]] = []
    batch: list[pl.LazyFrame] = []
    days = 0
    for *_, group_days, _, rows in groups:
        if batch and days + len(group_days) > DAYS_AT_ONCE:
            out.extend(summarise(batch))
            batch, days = [], 0
        batch.append(rows)
        days += len(group_days)
    if batch:
        out.extend(summarise(batch))
    return out


#: Day summaries made in memory during one run, by fingerprint: (summary rows, metadata).
MadeSummaries = dict[str, tuple[pl.DataFrame, dict[str, str]]]
#: A group of days summarised together: their export keys, the exports, the days, the
#: summary's fingerprint and the rows it counts.
_Group = tuple[tuple[str, ...], list["StoredExport | LoadedExport"], list[date], str, pl.LazyFrame]


def _day_groups(
    actions: Sequence[StoredExport | LoadedExport], as_of: datetime, since: date | None
) -> dict[tuple[str, ...], list[date]]:
    """The finished transaction days (from `since`, before the as-of's day) grouped by the
    exports holding rows of them: days with the same exports are summarised together."""
    holders: dict[date, list[StoredExport | LoadedExport]] = {}
    for e in actions:
        span = export_days(e)
        if span is None:
            continue
        first = max(span[0], since) if since else span[0]
        last = min(span[1], as_of.date() - timedelta(days=1))
        for offset in range((last - first).days + 1):
            holders.setdefault(first + timedelta(days=offset), []).append(e)
    groups: dict[tuple[str, ...], list[date]] = {}
    for day, day_exports in sorted(holders.items()):
        groups.setdefault(tuple(sorted(export_key(e) for e in day_exports)), []).append(day)
    return groups


def _stored_summary(
    store: HistoryStore, day: date, fingerprint: str, rows: pl.LazyFrame
) -> ActionSummary | None:
    """The kept summary of these days, None when there is none this version reads."""
    hit = store.summary("actions", day, fingerprint)
    if hit is None:
        return None
    path, metadata = hit
    try:
        return ActionSummary.from_stored(pl.scan_parquet(path), metadata, rows)
    except ValueError:  # not a summary this version reads: made again like a missing one
        return None


def _days_beyond(export: StoredExport | LoadedExport, days: set[date]) -> bool:
    """Whether an export may hold rows of days other than `days`."""
    span = export_days(export)
    if span is None:
        return False
    return any(span[0] + timedelta(days=i) not in days for i in range((span[1] - span[0]).days + 1))


def _rows_of_days(
    store: HistoryStore, exports: list[StoredExport | LoadedExport], days: list[date]
) -> pl.LazyFrame:
    """The Caseworker Actions rows of these exports that start on `days`."""
    parts = [drop_rows(e) for e in exports if isinstance(e, LoadedExport)]
    kept = [e for e in exports if isinstance(e, StoredExport)]
    by_day: dict[date, list[StoredExport]] = {}
    for e in kept:
        by_day.setdefault(e.export_time.date(), []).append(e)
    paths = [p for day, es in sorted(by_day.items()) for p in day_files(store, "actions", day, es)]
    if paths:
        parts.append(scan_rows("actions", paths))
    rows = pl.concat([with_row_schema(part, "actions") for part in parts])
    return rows.filter(pl.col("start").dt.date().is_in(pl.Series(days, dtype=pl.Date).implode()))


def outside_summaries(
    frames: dict[str, list[pl.LazyFrame]], summaries: Sequence[ActionSummary]
) -> dict[str, list[pl.LazyFrame]]:
    """The rows to read beside summaries: Caseworker Actions rows of the summarised days
    left out (a summary counts them; an export may hold other days too)."""
    days = sorted({d for s in summaries for d in s.start_days})
    if not days or "actions" not in frames:
        return frames
    summarised = pl.Series(days, dtype=pl.Date).implode()
    return {
        **frames,
        "actions": [
            f.filter(pl.col("start").dt.date().is_in(summarised).not_()) for f in frames["actions"]
        ],
    }
