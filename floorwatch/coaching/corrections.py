"""Corrections a failed check requires, the procedure's way (seed 003, steps 18-30).

A correction is opened with a description, an owner and a due date; the caseworker
records their corrective action details ("actioned", first stamp); the team leader
verifies and closes it ("closed", second stamp). An open correction past its due day
is overdue; escalating it records to whom, a new due date and a new reminder.

A correction's first entry is its root; each step is a new entry superseding the one
before (same root), and an escalation is an entry naming the root, so nothing is
edited and the record shows who did what when. Journals written before the two steps
hold "done" corrections: they read as closed, stamped by the entry that marked them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any, Literal

from floorwatch.coaching.journal import Entry, current

Status = Literal["open", "actioned", "closed"]
STATUS_WORDS: dict[str, str] = {
    "open": "open",
    "actioned": "to verify",
    "closed": "closed",
}


@dataclass(frozen=True)
class Stamp:
    """Who did a step and when, with what they wrote."""

    by: str
    at: datetime
    text: str


@dataclass(frozen=True)
class Escalation:
    """An overdue correction escalated: to whom, the new due day and reminder."""

    id: str
    by: str
    at: datetime
    to: str
    note: str
    old_due: date
    new_due: date | None
    reminder: date | None


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
    #: The due day it was given when opened.
    first_due: date
    status: Status
    escalations: tuple[Escalation, ...] = ()
    worker_name: str | None = None
    #: The caseworker's corrective action details (first stamp).
    actioned: Stamp | None = None
    #: The team leader's verification and closing (second stamp).
    verified: Stamp | None = None

    @property
    def due(self) -> date:
        """The due day in force: the newest escalation's new due day, else the first."""
        for e in reversed(self.escalations):
            if e.new_due is not None:
                return e.new_due
        return self.first_due

    @property
    def reminder(self) -> date | None:
        """The newest escalation's reminder to check progress, if any."""
        for e in reversed(self.escalations):
            if e.reminder is not None:
                return e.reminder
        return None

    def overdue(self, today: date) -> bool:
        """Open past its due day (due today is not yet overdue); an actioned correction
        waits for the team leader, not for the caseworker, so it is not overdue."""
        return self.status == "open" and self.due < today

    def reminder_due(self, today: date) -> bool:
        """A reminder set on escalation has come, and the correction is not closed."""
        return self.status != "closed" and self.reminder is not None and self.reminder <= today

    @property
    def escalated(self) -> bool:
        return bool(self.escalations)

    @property
    def who(self) -> str:
        """'Ann Lee (W1001)', or the ID alone when the name is not known."""
        return f"{self.worker_name} ({self.worker_id})" if self.worker_name else self.worker_id


def default_due(today: date, days: int) -> date:
    """`days` after today, moved on to the Monday when that falls on a weekend."""
    due = today + timedelta(days=days)
    while due.weekday() >= 5:
        due += timedelta(days=1)
    return due


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
        "worker_name": txn.get("worker_name"),
        "team": txn.get("team"),
        "task_id": txn.get("task_id"),
        "description": description.strip(),
        "owner": owner.strip(),
        "due": due.isoformat(),
        "status": "open",
        "root": None,
    }


def _stamp_data(by: str, at: datetime, text: str) -> dict[str, str]:
    return {"by": by, "at": at.isoformat(), "text": text}


def action_data(correction: Correction, details: str, by: str, at: datetime) -> dict[str, Any]:
    """The caseworker's corrective action details: the correction waits for verifying."""
    if correction.status != "open":
        raise ValueError(f"this correction is {STATUS_WORDS[correction.status]} already")
    if not details.strip():
        raise ValueError("say what was done to correct it")
    return {
        **_data_of(correction),
        "status": "actioned",
        "actioned": _stamp_data(by, at, details.strip()),
    }


def verify_data(correction: Correction, comment: str, by: str, at: datetime) -> dict[str, Any]:
    """The team leader verifies the corrective action and closes the correction."""
    if correction.status == "closed":
        raise ValueError("this correction is closed already")
    if correction.status != "actioned":
        raise ValueError("the caseworker's corrective action is not recorded yet")
    return {**_data_of(correction), "status": "closed", "verified": _stamp_data(by, at, comment)}


def escalation_data(
    correction: Correction,
    today: date,
    to: str,
    new_due: date,
    reminder: date | None = None,
    note: str = "",
) -> dict[str, Any]:
    """An escalation of an overdue correction: to whom, a new due day, a new reminder
    (by default the new due day). Raises ValueError if it cannot stand."""
    if not correction.overdue(today):
        raise ValueError("only an overdue correction can be escalated")
    if not to.strip():
        raise ValueError("say to whom it is escalated")
    if new_due <= today:
        raise ValueError("the new due date must be after today")
    reminder = reminder or new_due
    if reminder < today:
        raise ValueError("the reminder is in the past")
    return {
        "correction": correction.root,
        "note": note.strip(),
        "due": correction.due.isoformat(),
        "to": to.strip(),
        "new_due": new_due.isoformat(),
        "reminder": reminder.isoformat(),
    }


def _day(text: str | None) -> date | None:
    return date.fromisoformat(text) if text else None


def _stamp(raw: dict[str, str] | None) -> Stamp | None:
    if not raw:
        return None
    return Stamp(raw["by"], datetime.fromisoformat(raw["at"]), raw.get("text", ""))


def _escalation(e: Entry) -> Escalation:
    d = e.data
    return Escalation(
        e.id,
        e.by,
        e.at,
        d.get("to") or "",
        d.get("note") or "",
        date.fromisoformat(d["due"]),
        _day(d.get("new_due")),
        _day(d.get("reminder")),
    )


def corrections(entries: list[Entry]) -> list[Correction]:
    """Every correction as it stands, oldest first."""
    escalations: dict[str, list[Escalation]] = {}
    for e in current(entries, "escalation"):
        escalations.setdefault(e.data["correction"], []).append(_escalation(e))
    names = {
        e.id: e.data.get("transaction", {}).get("worker_name")
        for e in entries
        if e.kind == "assessment"
    }
    found = []
    for e in current(entries, "correction"):
        d = e.data
        root = d.get("root") or e.id
        status, verified = d["status"], _stamp(d.get("verified"))
        if status == "done":  # written before the two steps: closed by this entry
            status, verified = "closed", Stamp(e.by, e.at, "")
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
                status,
                tuple(escalations.get(root, ())),
                d.get("worker_name") or names.get(d["assessment_id"]),
                _stamp(d.get("actioned")),
                verified,
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
    def stamp(s: Stamp | None) -> dict[str, str] | None:
        return _stamp_data(s.by, s.at, s.text) if s else None

    return {
        "assessment_id": c.assessment_id,
        "worker_id": c.worker_id,
        "worker_name": c.worker_name,
        "team": c.team,
        "task_id": c.task_id,
        "description": c.description,
        "owner": c.owner,
        "due": c.first_due.isoformat(),
        "status": c.status,
        "root": c.root,
        "actioned": stamp(c.actioned),
        "verified": stamp(c.verified),
    }
