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
    action_data,
    correction_data,
    corrections,
    escalation_data,
    overdue_by_team,
    verify_data,
)
from floorwatch.coaching.feedback import development_data, feedback_data
from floorwatch.coaching.followup import (
    FlagKey,
    FollowUp,
    followed_by_worker,
    followed_flags,
    followup_data,
)
from floorwatch.coaching.history_rows import history_span, month_results, month_starts, rows_of
from floorwatch.coaching.journal import Entry, Journal, Kind, current, new_entry
from floorwatch.coaching.pip import Pip, outcome_data, pip_data, pips
from floorwatch.coaching.plan import Progress, progress
from floorwatch.coaching.sampling import (
    SampleFilter,
    closed_transactions,
    draw,
    missing_tasks,
    sample_rows,
)
from floorwatch.coaching.status import CheckStatus, cancel_data, check_statuses
from floorwatch.engine.result import CheckResult
from floorwatch.paths import os_user
from floorwatch.settings import Config


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
        entry = new_entry(kind, self.clock(), self._by(), data, supersedes)
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

    def followed_by_worker(self) -> dict[str, dict[FlagKey, FollowUp]]:
        """Every caseworker's flags a follow-up covers now, from one read of the journal
        (a team's table asks once, not once per row)."""
        return followed_by_worker(self.entries(), self.clock())

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
        missing = missing_tasks(candidates, wanted)
        if missing:
            raise ValueError(f"no closed transaction {', '.join(missing)} matches these filters")
        # Asked for by Task ID: every one of them is checked, whatever the size says.
        size = candidates.height if wanted.task_ids else size
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

    def record_action(self, correction: Correction, details: str) -> Entry:
        """The caseworker's corrective action details (first stamp)."""
        data = action_data(correction, details, self._by(), self.clock())
        return self._add("correction", data, supersedes=correction.id)

    def verify(self, correction: Correction, comment: str = "") -> Entry:
        """The team leader verifies the corrective action and closes it (second stamp)."""
        data = verify_data(correction, comment.strip(), self._by(), self.clock())
        return self._add("correction", data, supersedes=correction.id)

    def escalate(
        self,
        correction: Correction,
        to: str,
        new_due: date,
        reminder: date | None = None,
        note: str = "",
    ) -> Entry:
        """Escalate an overdue correction to someone, with a new due day and reminder."""
        data = escalation_data(correction, self.clock().date(), to, new_due, reminder, note)
        return self._add("escalation", data)

    def overdue_by_team(self) -> dict[str, int]:
        return overdue_by_team(self.corrections(), self.clock().date())

    # -- cancelling, status, feedback ----------------------------------------------------
    def cancel(self, sample_id: str, task_id: str | None, reason: str) -> Entry:
        """Cancel a sample (task_id None) or one of its checks, with a reason."""
        sample = self.entry(sample_id)
        if sample is None:
            raise ValueError(f"no sample {sample_id}")
        return self._add("cancel", cancel_data(self.entries(), sample, task_id, reason))

    def statuses(self, sample_id: str) -> dict[str, CheckStatus]:
        """Each check of the sample: not started, in progress, done or cancelled."""
        sample = self.entry(sample_id)
        return {} if sample is None else check_statuses(self.entries(), sample)

    def save_draft(
        self, sample_id: str, transaction: dict[str, Any], marks: dict[str, Mark]
    ) -> Entry:
        """Marks so far of a check not finished: the check is in progress."""
        if not marks:
            raise ValueError("nothing marked yet")
        data = {
            "sample_id": sample_id,
            "transaction": transaction,
            "marks": {
                k: {"result": m.result, "reason": m.reason, "comment": m.comment.strip()}
                for k, m in marks.items()
            },
        }
        return self._add("draft", data)

    def draft(self, sample_id: str, task_id: str) -> Entry | None:
        """The newest draft of a check."""
        found = [
            e
            for e in current(self.entries(), "draft")
            if e.data["sample_id"] == sample_id and e.data["transaction"]["task_id"] == task_id
        ]
        return found[-1] if found else None

    def record_feedback(
        self,
        assessment: Entry,
        required: bool,
        provided_to: str = "",
        when: date | None = None,
        how: str = "",
        note: str = "",
        development_need: str = "",
    ) -> Entry:
        """Feedback on a check, and a development need on the caseworker's record."""
        today = self.clock().date()
        data = feedback_data(assessment, required, provided_to, when, how, note, today)
        need = None
        if development_need.strip():
            need = development_data(data["worker_id"], development_need, data["task_id"])
        entry = self._add("feedback", data)
        if need is not None:
            self._add("development", need)
        return entry

    def add_development_need(self, worker_id: str, need: str) -> Entry:
        return self._add("development", development_data(worker_id, need))

    # -- reading a sample's range ------------------------------------------------------
    def actions_between(
        self,
        config: Config,
        drop_dir: Path | None,
        first: date,
        last: date,
        newest: datetime,
        known: dict[date, CheckResult],
        *,
        worker_id: str | None = None,
        team: str | None = None,
    ) -> tuple[pl.DataFrame | None, dict[date, CheckResult], tuple[date, date] | None]:
        """The caseworker's or team's Caseworker Actions of first..last (None: no month
        with data), the month results read, and the history's span. Blocking: reads the
        history month by month (see `coaching.history_rows`)."""
        span = history_span(self.data_dir)
        wanted = {m: r for m, r in known.items() if m in month_starts(first, last)}
        months = month_results(config, drop_dir, self.data_dir, first, last, newest, wanted)
        return rows_of(months, worker_id=worker_id, team=team), months, span

    # -- PIPs and the plan -----------------------------------------------------------------
    def start_pip(self, worker_id: str, goals: list[str], reviews: list[date]) -> Entry:
        return self._add("pip", pip_data(worker_id, goals, reviews, self.clock().date()))

    def pips(self, worker_id: str | None = None) -> list[Pip]:
        return pips(self.entries(), worker_id)

    def pip_outcome(self, pip: Pip, outcome: str) -> Entry:
        return self._add("pip", outcome_data(pip, outcome), supersedes=pip.id)

    def progress(self, members: dict[str, list[tuple[str, str | None]]] | None) -> list[Progress]:
        """The coaching plan's progress this month (see `coaching.plan`)."""
        return progress(self.entries(), self.config.plan, self.clock().date(), members)

    def _by(self) -> str:
        return self.by or os_user()
