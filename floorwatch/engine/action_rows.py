"""The Caseworker Actions rows behind a result, for drilldowns: read only when asked."""

from __future__ import annotations

import threading
from collections.abc import Callable, Collection
from dataclasses import dataclass, field

import polars as pl

#: How many caseworkers' rows `ActionRows.of_worker` keeps.
_KEEP_ASKED = 16


@dataclass(frozen=True, eq=False)
class ActionRows:
    """A period's de-duplicated Caseworker Actions rows (in progress too), with `minutes`,
    `qsa_minutes`, `source_file` and each caseworker's resolved `team`.

    Rows of summarised days (`engine/summary.py`) stay in the history until a drilldown
    asks for them: a month is a million rows, and a screen shows one caseworker's. Rows
    come in no particular order (sort what you show); treat them as read-only.
    """

    #: Rows the run read (the as-of's day, and any day it could not use a summary for).
    recent: pl.DataFrame
    #: The summarised days' stored rows, not yet de-duplicated (None: no such day).
    stored: pl.LazyFrame | None
    #: Turns stored rows into period rows (`period_actions` with the run's QSA and as-of).
    prepare: Callable[[pl.LazyFrame], pl.LazyFrame]
    #: worker_id -> team, as the run resolved them.
    team_of: pl.DataFrame
    #: The last caseworkers asked for: a drilldown asks for the same rows several times.
    _asked: dict[str, pl.DataFrame] = field(default_factory=dict, repr=False)
    #: Workers and the UI thread ask at once: the cache is changed under this lock.
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def frame(self) -> pl.DataFrame:
        """Every row of the period."""
        return self._rows(None)

    def of_worker(self, worker_id: str) -> pl.DataFrame:
        """One caseworker's rows of the period (safe to call from any thread)."""
        with self._lock:
            found = self._asked.get(worker_id)
        if found is None:
            found = self._rows([worker_id])  # read outside the lock: it may take a while
            with self._lock:
                if len(self._asked) >= _KEEP_ASKED:
                    self._asked.pop(next(iter(self._asked)))
                self._asked[worker_id] = found
        return found

    def has_read(self, worker_id: str) -> bool:
        """Whether `of_worker(worker_id)` answers without reading the history."""
        with self._lock:
            return self.stored is None or worker_id in self._asked

    def of_team(self, team: str) -> ActionRows:
        """The rows of one team's caseworkers."""
        return self.of_teams({team})

    def of_teams(self, teams: Collection[str]) -> ActionRows:
        """The rows of these teams' caseworkers (a coordinator's)."""
        in_teams = pl.col("team").is_in(pl.Series(list(teams), dtype=pl.String).implode())
        team_of = self.team_of.filter(in_teams)
        ids = team_of.get_column("worker_id")
        return ActionRows(
            self.recent.filter(in_teams),
            None if self.stored is None else self.stored.filter(_is_one_of(ids)),
            self.prepare,
            team_of,
        )

    def _rows(self, worker_ids: Collection[str] | None) -> pl.DataFrame:
        recent = self.recent
        if worker_ids is not None:
            recent = recent.filter(_is_one_of(worker_ids))
        if self.stored is None:
            return recent
        stored = self.stored
        # A transaction's key holds its caseworker: choosing them first de-duplicates
        # the same rows, from a fraction of the reading.
        if worker_ids is not None:
            stored = stored.filter(_is_one_of(worker_ids))
        older = (
            self.prepare(stored)
            .drop("team")
            .join(self.team_of.lazy(), on="worker_id", how="left")
            .select(recent.columns)
            .collect()
        )
        return pl.concat([recent, older], how="vertical")


def _is_one_of(worker_ids: Collection[str]) -> pl.Expr:
    return pl.col("worker_id").is_in(pl.Series(list(worker_ids), dtype=pl.String).implode())
