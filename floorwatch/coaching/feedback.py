"""Feedback after a check, and development needs on the caseworker's record (seed 003,
steps 14 and 17: "Feedback Required", "Feedback Provided To"; face to face, or by email
if necessary; "flag this on the caseworker's record e.g. development need identified")."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from floorwatch.coaching.journal import Entry, current

#: How feedback was given, in the order offered.
HOW = ("face to face", "phone", "email", "written")


@dataclass(frozen=True)
class Feedback:
    """The feedback recorded on one check."""

    id: str
    at: datetime
    by: str
    sample_id: str
    task_id: str
    worker_id: str
    required: bool
    provided_to: str
    when: date | None
    how: str
    note: str


@dataclass(frozen=True)
class DevelopmentNeed:
    """A development need flagged on a caseworker's record."""

    id: str
    at: datetime
    by: str
    worker_id: str
    need: str
    task_id: str | None


def feedback_data(
    assessment: Entry,
    required: bool,
    provided_to: str,
    when: date | None,
    how: str,
    note: str,
    today: date,
) -> dict[str, Any]:
    """Feedback on a recorded check; raises ValueError if it cannot stand.

    Feedback that was required names to whom, when (not in the future) and how it was
    given; "not required" needs none of them.
    """
    if assessment.kind != "assessment":
        raise ValueError("feedback follows a recorded check")
    if required:
        if not provided_to.strip():
            raise ValueError("say to whom the feedback was given")
        if when is None:
            raise ValueError("say when the feedback was given")
        if when > today:
            raise ValueError("the feedback date is in the future")
        if how not in HOW:
            raise ValueError(f"how: one of {', '.join(HOW)}")
    txn = assessment.data["transaction"]
    return {
        "assessment_id": assessment.id,
        "sample_id": assessment.data["sample_id"],
        "task_id": txn["task_id"],
        "worker_id": txn["worker_id"],
        "required": required,
        "provided_to": provided_to.strip() if required else "",
        "when": when.isoformat() if required and when else None,
        "how": how if required else "",
        "note": note.strip(),
    }


def development_data(worker_id: str, need: str, task_id: str | None = None) -> dict[str, Any]:
    """A development need on a caseworker's record; raises ValueError when blank."""
    if not worker_id:
        raise ValueError("a development need belongs to a caseworker")
    if not need.strip():
        raise ValueError("describe the development need")
    return {"worker_id": worker_id, "need": need.strip(), "task_id": task_id}


def feedbacks(entries: list[Entry], worker_id: str | None = None) -> list[Feedback]:
    """Recorded feedback (of one caseworker), oldest first."""
    found = []
    for e in current(entries, "feedback"):
        d = e.data
        if worker_id is not None and d["worker_id"] != worker_id:
            continue
        found.append(
            Feedback(
                e.id,
                e.at,
                e.by,
                d["sample_id"],
                d["task_id"],
                d["worker_id"],
                bool(d["required"]),
                d.get("provided_to") or "",
                date.fromisoformat(d["when"]) if d.get("when") else None,
                d.get("how") or "",
                d.get("note") or "",
            )
        )
    return found


def feedback_given(entries: list[Entry]) -> dict[tuple[str, str], Feedback]:
    """The newest feedback per check, by (sample id, task id)."""
    return {(f.sample_id, f.task_id): f for f in feedbacks(entries)}


def development_needs(entries: list[Entry], worker_id: str | None = None) -> list[DevelopmentNeed]:
    """Development needs on record (of one caseworker), oldest first."""
    return [
        DevelopmentNeed(
            e.id, e.at, e.by, e.data["worker_id"], e.data["need"], e.data.get("task_id")
        )
        for e in current(entries, "development")
        if worker_id is None or e.data["worker_id"] == worker_id
    ]
