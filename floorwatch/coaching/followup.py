"""Follow-ups on flags: what was done about a flag, and whether it still counts as fresh."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from typing import Any

from floorwatch.coaching.journal import Entry, current
from floorwatch.engine.result import Flag

#: What a supervisor can record having done about a flag, in the order offered.
ACTIONS = (
    "talked with caseworker",
    "coaching started",
    "reported to coordinator",
    "reported to Field Program Manager",
    "PIP",
    "no action needed",
)

#: A flag as a follow-up names it: (check, subject or "").
FlagKey = tuple[str, str]


def flag_key(flag: Flag) -> FlagKey:
    return (flag.check, flag.subject or "")


@dataclass(frozen=True)
class FollowUp:
    """A recorded follow-up of some of one caseworker's flags."""

    id: str
    at: datetime
    by: str
    worker_id: str
    flags: tuple[FlagKey, ...]
    action: str
    note: str
    snooze_until: datetime | None

    @property
    def observation(self) -> bool:
        """Recorded on a caseworker without a flag (what was seen is in the note)."""
        return not self.flags

    @property
    def covers_until(self) -> datetime:
        """Until when the flags count as followed up: the snooze, else the day's end.

        Without a snooze a follow-up quiets the flag for the rest of that day only, so a
        flag that is still raised tomorrow is fresh again and gets looked at again.
        """
        if self.snooze_until is not None:
            return self.snooze_until
        return datetime.combine(self.at.date() + timedelta(days=1), time())


def followup_data(
    worker_id: str,
    flags: Iterable[FlagKey],
    action: str,
    note: str,
    snooze_until: datetime | None,
    now: datetime,
) -> dict[str, Any]:
    """A follow-up's journal data; raises ValueError for an unknown action, a snooze
    that is not in the future, or an observation (no flag) without a note."""
    chosen = [list(k) for k in flags]
    if action not in ACTIONS:
        raise ValueError(f"unknown action {action!r}")
    if not chosen and not note.strip():
        raise ValueError("a follow-up without a flag is an observation: write it in the note")
    if snooze_until is not None and snooze_until <= now:
        raise ValueError("the snooze must end in the future")
    return {
        "worker_id": worker_id,
        "flags": chosen,
        "action": action,
        "note": note.strip(),
        "snooze_until": snooze_until.isoformat() if snooze_until else None,
    }


def followups(entries: list[Entry], worker_id: str | None = None) -> list[FollowUp]:
    """Recorded follow-ups (of one caseworker), oldest first."""
    found = []
    for e in current(entries, "followup"):
        d = e.data
        if worker_id is not None and d["worker_id"] != worker_id:
            continue
        snooze = d.get("snooze_until")
        found.append(
            FollowUp(
                e.id,
                e.at,
                e.by,
                d["worker_id"],
                tuple((c, s) for c, s in d["flags"]),
                d["action"],
                d.get("note", ""),
                datetime.fromisoformat(snooze) if snooze else None,
            )
        )
    return found


def followed_flags(entries: list[Entry], worker_id: str, now: datetime) -> dict[FlagKey, FollowUp]:
    """The caseworker's flags a follow-up still covers at `now`, with the newest one."""
    return followed_by_worker(entries, now, worker_id).get(worker_id, {})


def followed_by_worker(
    entries: list[Entry], now: datetime, worker_id: str | None = None
) -> dict[str, dict[FlagKey, FollowUp]]:
    """Each caseworker's flags a follow-up still covers at `now` (of one caseworker with
    `worker_id`), with the newest one: a whole team from one read of the journal."""
    covered: dict[str, dict[FlagKey, FollowUp]] = {}
    for f in followups(entries, worker_id):
        if f.at <= now < f.covers_until:
            for key in f.flags:
                covered.setdefault(f.worker_id, {})[key] = f
    return covered


def parse_snooze(text: str, now: datetime) -> datetime | None:
    """A snooze as typed: blank (none), "HH:MM" (today, or tomorrow if past),
    "YYYY-MM-DD" (that day's start) or "YYYY-MM-DD HH:MM". Raises ValueError."""
    text = text.strip()
    if not text:
        return None
    for fmt in ("%Y-%m-%d %H:%M", "%Y-%m-%d"):
        try:
            return datetime.strptime(text, fmt)
        except ValueError:
            pass
    try:
        clock = datetime.strptime(text, "%H:%M").time()
    except ValueError:
        raise ValueError(
            f'{text!r} is not a time: "HH:MM", "YYYY-MM-DD" or "YYYY-MM-DD HH:MM"'
        ) from None
    moment = datetime.combine(now.date(), clock)
    return moment if moment > now else moment + timedelta(days=1)
