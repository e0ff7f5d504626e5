"""Corrections a failed check requires: owner, due date, open/done, overdue, escalated.

A correction's first entry is its root; marking it done is a new entry superseding the
open one (same root), and an escalation is an entry naming the root, so nothing is
edited and the record shows who did what when.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, Literal

from floorwatch.coaching.journal import Entry, current

Status = Literal["open", "done"]


@dataclass(frozen=True)
class Correction:
    """A correction as it stands now (its newest entry), with its escalations."""

    id: str
    root: str
    at: datetime
    by: str
    assessment_id: str
    worker_id: str
    team: str | None
    task_id: str | None
    description: str
    owner: str
    due: date
    status: Status
    escalations: tuple[Entry, ...] = ()

    def overdue(self, today: date) -> bool:
        """Open past its due day (due today is not yet overdue)."""
        return self.status == "open" and self.due < today

    @property
    def escalated(self) -> bool:
        return bool(self.escalations)


def correction_data(
    assessment: Entry, description: str, owner: str, due: date, today: date
) -> dict[str, Any]:
    """A new correction of a failed assessment; raises ValueError if it cannot stand."""
    if assessment.kind != "assessment" or assessment.data.get("overall") != "fail":
        raise ValueError("only a failed check can require corrections")
    if not description.strip():
        raise ValueError("a correction needs a description")
    if not owner.strip():
        raise ValueError("a correction needs an owner")
    if due < today:
        raise ValueError("the due date is in the past")
    txn = assessment.data.get("transaction", {})
    return {
        "assessment_id": assessment.id,
        "worker_id": txn.get("worker_id"),
        "team": txn.get("team"),
        "task_id": txn.get("task_id"),
        "description": description.strip(),
        "owner": owner.strip(),
        "due": due.isoformat(),
        "status": "open",
        "root": None,
    }


def done_data(correction: Correction) -> dict[str, Any]:
    """The entry data that marks a correction done (superseding its open entry)."""
    if correction.status == "done":
        raise ValueError("this correction is done already")
    return {**_data_of(correction), "status": "done"}


def escalation_data(correction: Correction, today: date, note: str = "") -> dict[str, Any]:
    """An escalation of an overdue correction; raises ValueError if it is not overdue."""
    if not correction.overdue(today):
        raise ValueError("only an overdue correction can be escalated")
    return {"correction": correction.root, "note": note.strip(), "due": correction.due.isoformat()}


def corrections(entries: list[Entry]) -> list[Correction]:
    """Every correction as it stands, oldest first."""
    escalations: dict[str, list[Entry]] = {}
    for e in current(entries, "escalation"):
        escalations.setdefault(e.data["correction"], []).append(e)
    found = []
    for e in current(entries, "correction"):
        d = e.data
        root = d.get("root") or e.id
        found.append(
            Correction(
                e.id,
                root,
                e.at,
                e.by,
                d["assessment_id"],
                d["worker_id"],
                d.get("team"),
                d.get("task_id"),
                d["description"],
                d["owner"],
                date.fromisoformat(d["due"]),
                d["status"],
                tuple(escalations.get(root, ())),
            )
        )
    return found


def overdue(found: list[Correction], today: date) -> list[Correction]:
    """The overdue corrections, the longest overdue first."""
    return sorted((c for c in found if c.overdue(today)), key=lambda c: (c.due, c.id))


def overdue_by_team(found: list[Correction], today: date) -> dict[str, int]:
    """How many corrections are overdue per team (team "" when unknown)."""
    counts: dict[str, int] = {}
    for c in overdue(found, today):
        counts[c.team or ""] = counts.get(c.team or "", 0) + 1
    return counts


def _data_of(c: Correction) -> dict[str, Any]:
    return {
        "assessment_id": c.assessment_id,
        "worker_id": c.worker_id,
        "team": c.team,
        "task_id": c.task_id,
        "description": c.description,
        "owner": c.owner,
        "due": c.due.isoformat(),
        "status": c.status,
        "root": c.root,
    }
