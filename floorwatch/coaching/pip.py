"""Performance improvement plans: goals, review dates and, once reviewed, the outcome.

A PIP is recorded with its goals and review dates; its outcome is a new entry
superseding it, so the plan as agreed stays on record.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from floorwatch.coaching.journal import Entry, current


@dataclass(frozen=True)
class Pip:
    """A PIP as it stands: open until its outcome is recorded."""

    id: str
    root: str
    at: datetime
    by: str
    worker_id: str
    goals: tuple[str, ...]
    reviews: tuple[date, ...]
    outcome: str

    @property
    def is_open(self) -> bool:
        return not self.outcome

    def next_review(self, today: date) -> date | None:
        """The first review day from today on (None when every review has passed)."""
        return next((d for d in self.reviews if d >= today), None)


def parse_days(text: str) -> list[date]:
    """Review dates as typed: YYYY-MM-DD, separated by commas or spaces; raises ValueError."""
    days = []
    for part in text.replace(",", " ").split():
        try:
            days.append(date.fromisoformat(part))
        except ValueError:
            raise ValueError(f"review date {part!r} is not YYYY-MM-DD") from None
    return days


def pip_data(worker_id: str, goals: list[str], reviews: list[date], today: date) -> dict[str, Any]:
    """A new PIP; raises ValueError without goals or review dates, or with a past review."""
    goals = [g.strip() for g in goals if g.strip()]
    if not goals:
        raise ValueError("a PIP needs at least one goal")
    if not reviews:
        raise ValueError("a PIP needs at least one review date")
    if min(reviews) < today:
        raise ValueError("a review date is in the past")
    return {
        "worker_id": worker_id,
        "goals": goals,
        "reviews": [d.isoformat() for d in sorted(set(reviews))],
        "outcome": "",
        "root": None,
    }


def outcome_data(pip: Pip, outcome: str) -> dict[str, Any]:
    """The PIP with its outcome (superseding it); raises ValueError when blank or closed."""
    if not pip.is_open:
        raise ValueError("this PIP has its outcome already")
    if not outcome.strip():
        raise ValueError("say what the outcome of the PIP is")
    return {
        "worker_id": pip.worker_id,
        "goals": list(pip.goals),
        "reviews": [d.isoformat() for d in pip.reviews],
        "outcome": outcome.strip(),
        "root": pip.root,
    }


def pips(entries: list[Entry], worker_id: str | None = None) -> list[Pip]:
    """Every PIP as it stands (of one caseworker), oldest first."""
    return [
        Pip(
            e.id,
            e.data.get("root") or e.id,
            e.at,
            e.by,
            e.data["worker_id"],
            tuple(e.data["goals"]),
            tuple(date.fromisoformat(d) for d in e.data["reviews"]),
            e.data.get("outcome") or "",
        )
        for e in current(entries, "pip")
        if worker_id is None or e.data["worker_id"] == worker_id
    ]
