"""Cancelling a sample or one of its checks, and each check's status.

The procedure's "Cancel Coaching" removes a check with a reason; a cancelled check
leaves every pass rate and quota count. A check's status follows the procedure's
states: not started; in progress from the first saved mark (a draft) until it is
closed; done once assessed, its feedback recorded and its corrections closed;
cancelled.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from floorwatch.coaching.corrections import corrections
from floorwatch.coaching.feedback import feedback_given
from floorwatch.coaching.journal import Entry, current

CheckStatus = Literal["not started", "in progress", "done", "cancelled"]


@dataclass(frozen=True)
class Cancelled:
    """What is cancelled: whole samples, and single checks as (sample id, task id)."""

    samples: frozenset[str]
    checks: frozenset[tuple[str, str]]
    reasons: dict[tuple[str, str | None], Entry]

    def check(self, sample_id: str, task_id: str) -> bool:
        return sample_id in self.samples or (sample_id, task_id) in self.checks

    def reason(self, sample_id: str, task_id: str | None = None) -> Entry | None:
        """The cancel entry of the check (or of its whole sample)."""
        return self.reasons.get((sample_id, task_id)) or self.reasons.get((sample_id, None))


def cancelled(entries: list[Entry]) -> Cancelled:
    """Every cancelled sample and check of the journal."""
    samples, checks, reasons = set(), set(), {}
    for e in current(entries, "cancel"):
        sample_id, task_id = e.data["sample_id"], e.data.get("task_id")
        reasons[(sample_id, task_id)] = e
        if task_id is None:
            samples.add(sample_id)
        else:
            checks.add((sample_id, task_id))
    return Cancelled(frozenset(samples), frozenset(checks), reasons)


def cancel_data(
    entries: list[Entry], sample: Entry, task_id: str | None, reason: str
) -> dict[str, Any]:
    """A cancellation of a sample (task_id None) or one of its checks; raises ValueError."""
    if sample.kind != "sample":
        raise ValueError("only a sample or one of its checks can be cancelled")
    if not reason.strip():
        raise ValueError("a cancellation needs a reason")
    gone = cancelled(entries)
    if sample.id in gone.samples:
        raise ValueError("this sample is cancelled already")
    if task_id is not None:
        if task_id not in {t["task_id"] for t in sample.data["transactions"]}:
            raise ValueError(f"{task_id} is not in this sample")
        if (sample.id, task_id) in gone.checks:
            raise ValueError(f"the check of {task_id} is cancelled already")
    return {"sample_id": sample.id, "task_id": task_id, "reason": reason.strip()}


def check_statuses(entries: list[Entry], sample: Entry) -> dict[str, CheckStatus]:
    """The status of each check of a sample, by task id."""
    gone = cancelled(entries)
    done = {
        e.data["transaction"]["task_id"]: e
        for e in current(entries, "assessment")
        if e.data["sample_id"] == sample.id
    }
    drafts = {
        e.data["transaction"]["task_id"]
        for e in current(entries, "draft")
        if e.data["sample_id"] == sample.id
    }
    given = feedback_given(entries)
    # A correction names the assessment it was opened on; a re-assessment has a new id.
    sample_of = {e.id: e.data["sample_id"] for e in entries if e.kind == "assessment"}
    open_fix = {
        (sample_of.get(c.assessment_id), c.task_id)
        for c in corrections(entries)
        if c.status != "closed"
    }
    found: dict[str, CheckStatus] = {}
    for txn in sample.data["transactions"]:
        task = txn["task_id"]
        check = done.get(task)
        if gone.check(sample.id, task):
            found[task] = "cancelled"
        elif check is None:
            found[task] = "in progress" if task in drafts else "not started"
        elif (sample.id, task) not in given or (sample.id, task) in open_fix:
            found[task] = "in progress"
        else:
            found[task] = "done"
    return found
