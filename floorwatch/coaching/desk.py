"""The coaching desk: one data folder's journal, the coaching config, who and when.

What the screens (and scripts) call to record and read follow-ups and coaching checks;
every write stamps the OS user (or the given name) and the caller's clock.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

import polars as pl

from floorwatch.coaching.assessment import Mark, assessment_data
from floorwatch.coaching.config import CoachingConfig, load_coaching
from floorwatch.coaching.corrections import (
    Correction,
    correction_data,
    corrections,
    done_data,
    escalation_data,
    overdue_by_team,
)
from floorwatch.coaching.followup import FlagKey, FollowUp, followed_flags, followup_data
from floorwatch.coaching.journal import Entry, Journal, Kind, current, new_entry
from floorwatch.coaching.sampling import SampleFilter, closed_transactions, draw, sample_rows
from floorwatch.service import os_user


@dataclass
class CoachingDesk:
    """Reads and writes the coaching journal of `data_dir` with the config of `config_dir`."""

    data_dir: Path
    config_dir: Path | None
    by: str | None = None
    clock: Callable[[], datetime] = datetime.now
    _config: CoachingConfig | None = field(default=None, repr=False)

    def __post_init__(self) -> None:
        self.journal = Journal(self.data_dir)

    @property
    def config(self) -> CoachingConfig:
        """coaching.toml, read once (raises ConfigError naming file, line and key)."""
        if self._config is None:
            self._config = load_coaching(self.config_dir)
        return self._config

    def entries(self) -> list[Entry]:
        return self.journal.entries()

    def _add(self, kind: Kind, data: dict[str, Any], supersedes: str | None = None) -> Entry:
        entry = new_entry(kind, self.clock(), self.by or os_user(), data, supersedes)
        return self.journal.add(entry)

    def entry(self, entry_id: str) -> Entry | None:
        return next((e for e in self.entries() if e.id == entry_id), None)

    # -- follow-ups -----------------------------------------------------------------
    def record_followup(
        self,
        worker_id: str,
        flags: Iterable[FlagKey],
        action: str,
        note: str = "",
        snooze_until: datetime | None = None,
    ) -> Entry:
        """Record what was done about these flags (raises ValueError if it cannot stand)."""
        data = followup_data(worker_id, flags, action, note, snooze_until, self.clock())
        return self._add("followup", data)

    def followed(self, worker_id: str) -> dict[FlagKey, FollowUp]:
        """The caseworker's flags a follow-up covers now."""
        return followed_flags(self.entries(), worker_id, self.clock())

    # -- samples and assessments ------------------------------------------------------
    def start_sample(
        self, actions: pl.DataFrame, wanted: SampleFilter, size: int, seed: int, label: str
    ) -> Entry:
        """Draw and record a sample; raises ValueError when nothing matches the filters."""
        if not label.strip():
            raise ValueError("a sample needs a label")
        candidates = closed_transactions(actions, wanted)
        if candidates.is_empty():
            raise ValueError("no closed transaction matches these filters")
        picked = draw(candidates, size, seed)
        data = {
            "label": label.strip(),
            "filters": wanted.as_dict(),
            "size": size,
            "seed": seed,
            "candidates": candidates.height,
            "transactions": sample_rows(picked),
        }
        return self._add("sample", data)

    def samples(self) -> list[Entry]:
        """Every current sample, newest first."""
        return list(reversed(current(self.entries(), "sample")))

    def assessments(self, sample_id: str | None = None) -> dict[str, Entry]:
        """Current assessments by task id (of one sample)."""
        return {
            e.data["transaction"]["task_id"]: e
            for e in current(self.entries(), "assessment")
            if sample_id is None or e.data["sample_id"] == sample_id
        }

    def record_assessment(
        self,
        sample_id: str,
        transaction: dict[str, Any],
        marks: dict[str, Mark],
        supersedes: str | None = None,
    ) -> Entry:
        """Record a complete assessment (raises AssessmentError if it cannot stand)."""
        data = assessment_data(self.config, sample_id, transaction, marks)
        return self._add("assessment", data, supersedes)

    # -- corrections --------------------------------------------------------------------
    def corrections(self) -> list[Correction]:
        return corrections(self.entries())

    def add_correction(self, assessment: Entry, description: str, owner: str, due: date) -> Entry:
        data = correction_data(assessment, description, owner, due, self.clock().date())
        return self._add("correction", data)

    def mark_done(self, correction: Correction) -> Entry:
        return self._add("correction", done_data(correction), supersedes=correction.id)

    def escalate(self, correction: Correction, note: str = "") -> Entry:
        return self._add("escalation", escalation_data(correction, self.clock().date(), note))

    def overdue_by_team(self) -> dict[str, int]:
        return overdue_by_team(self.corrections(), self.clock().date())
