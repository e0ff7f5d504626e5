"""The past days a trend looks at, each judged (`spec/kpis.md`, "Trend or one-time", v2).

The window is the last `trend_window_days` distinct days with data (a dashboard or
actions export at or before the as-of), the as-of's own day included. A past day of the
window is judged by the runs of the same period kind recorded on it (as-of <= T); a day
without one by a check of that period kind as of its newest dashboard or actions export,
which judges no live check and computes no trends. That check's answer never changes
for the same exports and config, so it is kept in the history like a day summary and,
within a process, in memory: a 5-day window costs a few reads once it has been made.
"""

from __future__ import annotations

import contextlib
import dataclasses
import hashlib
from collections import OrderedDict
from collections.abc import Callable, Sequence
from datetime import date, datetime

import polars as pl

from floorwatch.engine.result import PeriodKind
from floorwatch.engine.trends import LIVE_CHECKS, PAST_FLAG_SCHEMA, RunHistory, trend_window
from floorwatch.ingest import LoadedExport
from floorwatch.settings import Config
from floorwatch.store import HistoryStore, StoredExport, StoreError, export_key

#: The flag columns a judged day keeps.
DAY_FLAG_SCHEMA: dict[str, pl.DataType] = {
    "worker_id": pl.String(),
    "check": pl.String(),
    "subject": pl.String(),
}
#: Bump when what a backfilled day computes changes: older kept answers are not read.
BACKFILL_VERSION = "1"
#: What a backfilled day is kept as in the store's summaries (one per period kind).
SUMMARY_KIND = "trend-{}"
#: Judged days kept in memory (an app refreshing all day asks for the same ones).
_MEMORY = 64
_judged: OrderedDict[str, pl.DataFrame] = OrderedDict()

#: A check as of a moment -> its flags; None when it could not be run (not kept).
Judge = Callable[[datetime], pl.DataFrame | None]
TREND_KINDS = ("dashboard", "actions")


def days_with_data(
    exports: Sequence[StoredExport | LoadedExport], as_of: datetime
) -> dict[date, datetime]:
    """Each day holding a dashboard or actions export at or before the as-of, with the
    newest such export's time (the moment a backfilled check of that day is as of)."""
    newest: dict[date, datetime] = {}
    for e in exports:
        if e.kind in TREND_KINDS and e.export_time <= as_of:
            day = e.export_time.date()
            newest[day] = max(newest.get(day, e.export_time), e.export_time)
    return newest


def run_history(
    store: HistoryStore,
    exports: Sequence[StoredExport | LoadedExport],
    period_kind: PeriodKind,
    as_of: datetime,
    config: Config,
    judge: Judge | None,
    *,
    keep: bool,
) -> RunHistory:
    """The days with data and the flags of the trend window's past days.

    `judge(moment)` runs a check of `period_kind` as of `moment` and returns its flags
    (DAY_FLAG_SCHEMA); it is called only for a window day without a recorded run whose
    answer is not kept yet (None: such days count as raising nothing). With `keep`, a
    new answer is kept in the store when every export it read is stored there.
    """
    newest = days_with_data(exports, as_of)
    days = tuple(sorted(set(newest) | {as_of.date()}))
    window = trend_window(RunHistory(days=days), as_of.date(), config.settings)
    past = [d for d in window if d != as_of.date()]
    if not past:
        return RunHistory(days=days)
    frames = [_recorded_flags(store, period_kind, past, as_of)]
    recorded = set(frames[0]["day"].to_list())
    for day in past:
        if day not in recorded and judge is not None:
            flags = _backfilled(store, exports, period_kind, newest[day], config, judge, keep)
            frames.append(flags.select(pl.lit(day).alias("day"), *DAY_FLAG_SCHEMA))
    return RunHistory(days, pl.concat(frames).cast(PAST_FLAG_SCHEMA))


def _recorded_flags(
    store: HistoryStore, period_kind: PeriodKind, past: list[date], as_of: datetime
) -> pl.DataFrame:
    """(day, flags) of every run of `period_kind` recorded on the `past` days, in one
    scan of their files (a day may have many runs: the app records four slots a day)."""
    wanted = set(past)
    day_of = {
        str(path): t.date()
        for t, path in store.run_files(period_kind, since=past[0], until=as_of)
        if t.date() in wanted
    }
    if not day_of:
        return pl.DataFrame(schema={"day": pl.Date(), **DAY_FLAG_SCHEMA})
    return (
        pl.scan_parquet(list(day_of), include_file_paths="file")
        .select(
            pl.col("file").replace_strict(day_of, return_dtype=pl.Date).alias("day"),
            *DAY_FLAG_SCHEMA,
        )
        .collect()
    )


def _backfilled(
    store: HistoryStore,
    exports: Sequence[StoredExport | LoadedExport],
    period_kind: PeriodKind,
    moment: datetime,
    config: Config,
    judge: Judge,
    keep: bool,
) -> pl.DataFrame:
    """The non-live flags of a check as of `moment`: from memory, the store, or judged."""
    read = [e for e in exports if e.export_time <= moment]
    fingerprint = _fingerprint(read, period_kind, moment, config)
    if fingerprint in _judged:
        _judged.move_to_end(fingerprint)
        return _judged[fingerprint]
    kind, day = SUMMARY_KIND.format(period_kind), moment.date()
    flags = None
    hit = store.summary(kind, day, fingerprint)
    if hit is not None:
        with contextlib.suppress(OSError, pl.exceptions.PolarsError):
            flags = pl.read_parquet(hit[0]).select(*DAY_FLAG_SCHEMA)
    if flags is None:
        judged = judge(moment)
        if judged is None:  # could not be judged: raises nothing, and is tried again
            return pl.DataFrame(schema=DAY_FLAG_SCHEMA)
        flags = judged.select(*DAY_FLAG_SCHEMA).filter(~pl.col("check").is_in(list(LIVE_CHECKS)))
        if keep and all(isinstance(e, StoredExport) for e in read):
            # A cache: a history that cannot be written is judged again next time.
            with contextlib.suppress(StoreError):
                store.write_summary(kind, day, fingerprint, flags, {"as_of": moment.isoformat()})
    _judged[fingerprint] = flags
    while len(_judged) > _MEMORY:
        _judged.popitem(last=False)
    return flags


def _fingerprint(
    read: Sequence[StoredExport | LoadedExport],
    period_kind: PeriodKind,
    moment: datetime,
    config: Config,
) -> str:
    """What a backfilled answer depends on: the exports it may read, the moment, the
    period kind and the config (settings, roster and any other table of the config)."""
    digest = hashlib.sha256()
    for part in (BACKFILL_VERSION, period_kind, moment.isoformat(), repr(config.settings)):
        digest.update(part.encode() + b"\0")
    for f in dataclasses.fields(config):
        value = getattr(config, f.name)
        if isinstance(value, pl.DataFrame):
            # JSON, not CSV: the roster's Work Days is a list column.
            digest.update(f.name.encode() + b"\0" + value.write_json().encode() + b"\0")
    # Export time and content: the same bytes re-dated are another export (store v2).
    for key in sorted({export_key(e) for e in read}):
        digest.update(key.encode())
    return digest.hexdigest()[:32]
