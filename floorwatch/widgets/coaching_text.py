"""Text for follow-ups and coaching shown inside other screens: flag cells, the log, counts."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from typing import TYPE_CHECKING

from rich.text import Text

from floorwatch.coaching.assessment import RESULT_WORDS
from floorwatch.coaching.corrections import STATUS_WORDS
from floorwatch.coaching.feedback import development_needs, feedbacks
from floorwatch.coaching.followup import FlagKey, FollowUp, flag_key, followups
from floorwatch.coaching.journal import Entry
from floorwatch.coaching.pip import pips
from floorwatch.coaching.status import cancelled
from floorwatch.engine.result import Flag
from floorwatch.widgets.cells import BAD, FLAG_WORD, GOOD, WARN_SOFT, flag_short

if TYPE_CHECKING:  # the app's desk is passed in; a widget never opens the journal
    from floorwatch.coaching.desk import CoachingDesk

#: Marks a followed-up flag: the word is dimmed too, so it reads as "seen to".
FOLLOWED = "✓"


def flags_cell(flags: Iterable[Flag], followed: Mapping[FlagKey, FollowUp]) -> Text:
    """The Flags column in short words ("low GetNx!!, paused ✓"): a trend marked `!!`,
    followed-up flags dimmed with a ✓; the sentences are under the table."""
    text = Text()
    for i, flag in enumerate(flags):
        if i:
            text.append(", ")
        word = flag_short(flag)
        if flag_key(flag) in followed:
            word.stylize("dim")
            word.append(f" {FOLLOWED}", style="dim")
        text.append_text(word)
    return text


def flag_lines(flags: Iterable[Flag], followed: Mapping[FlagKey, FollowUp]) -> Text:
    """Each flag as a line of words for the highlighted row: title, subject, what the
    check found, trend or once, and a follow-up's ✓."""
    text = Text()
    for flag in flags:
        if text:
            text.append("\n")
        about = f" ({flag.subject})" if flag.subject else ""
        style = BAD if flag.pattern == "trend" else WARN_SOFT
        text.append(f"{flag.title[0].upper()}{flag.title[1:]}{about}", style=style)
        kind = "trend" if flag.pattern == "trend" else "once"
        text.append(f" ({kind}): {flag.detail}.")
        if flag_key(flag) in followed:
            text.append(followed_note(followed[flag_key(flag)]), style="dim")
    return text


def followed_note(followup: FollowUp) -> str:
    """' ✓ followed up: coaching started (ann, Mon 23 10:40), snoozed to Tue 24 09:00'."""
    note = f" {FOLLOWED} followed up: {followup.action} ({followup.by}, {followup.at:%a %d %H:%M})"
    if followup.snooze_until:
        note += f", snoozed to {followup.snooze_until:%a %d %H:%M}"
    return note


def overdue_text(counts: Mapping[str, int], team: str | None = None) -> Text:
    """' · ⚠ 2 corrections overdue' for a team (or the floor, per team), else nothing."""
    if team is not None:
        counts = {team: counts.get(team, 0)}
    total = sum(counts.values())
    if not total:
        return Text()
    text = Text(" · ")
    text.append(f"⚠ {total} correction{'s' if total != 1 else ''} overdue", style=BAD)
    if team is None:
        text.append(" (" + ", ".join(f"{t or '?'} {n}" for t, n in sorted(counts.items())) + ")")
    return text


def worker_log(desk: CoachingDesk, worker_id: str, today: date) -> Text:
    """The caseworker's record: development needs and PIPs first, then follow-ups,
    coaching checks, feedback and corrections, newest first."""
    entries = desk.entries()
    text = Text()
    _add_plans(text, entries, worker_id)
    _add_followups(text, entries, worker_id)
    _add_coaching_checks(text, desk, entries, worker_id)
    _add_corrections(text, desk, worker_id, today)
    if not text:
        return Text("No follow-ups or coaching checks recorded.")
    text.rstrip()
    return text


def _add_plans(text: Text, entries: list[Entry], worker_id: str) -> None:
    """The caseworker's development needs and PIPs, a line each."""
    for need in development_needs(entries, worker_id):
        text.append("Development need: ", style="bold")
        text.append(f"{need.need} ({need.by}, {need.at:%a %d %b})\n")
    for p in pips(entries, worker_id):
        text.append("PIP: ", style="bold")
        text.append(f"{'; '.join(p.goals)} — reviews {', '.join(f'{d:%d %b}' for d in p.reviews)}")
        text.append(f" — {p.outcome or 'open'}\n")


def _add_followups(text: Text, entries: list[Entry], worker_id: str) -> None:
    """The caseworker's follow-ups, newest first: action, flags, note, snooze."""
    for f in reversed(followups(entries, worker_id)):
        flags = ", ".join(f"{FLAG_WORD.get(c, c)} {s}".strip() for c, s in f.flags)
        flags = flags or "observation"
        text.append(f"{f.at:%a %d %b %H:%M} {f.by}: ", style="bold")
        text.append(f"{f.action} — {flags}")
        if f.note:
            text.append(f' — "{f.note}"')
        if f.snooze_until:
            text.append(f" — snoozed to {f.snooze_until:%a %d %H:%M}")
        text.append("\n")


def _add_coaching_checks(
    text: Text, desk: CoachingDesk, entries: list[Entry], worker_id: str
) -> None:
    """The coaching checks of the caseworker's transactions, newest first, each with its
    failed marks and the feedback given for it."""
    checks = [
        e for e in desk.assessments().values() if e.data["transaction"]["worker_id"] == worker_id
    ]
    # Newest first; checks recorded in the same minute by their transaction, newest first.
    checks.sort(key=lambda e: (e.at, e.data["transaction"].get("start") or ""), reverse=True)
    gone = cancelled(entries)
    given = {(f.sample_id, f.task_id): f for f in feedbacks(entries, worker_id)}
    for e in checks:
        txn = e.data["transaction"]
        failed = [m["label"] for m in e.data["marks"].values() if m["result"] == "fail"]
        result = RESULT_WORDS[e.data["overall"]]
        text.append(f"{e.at:%a %d %b %H:%M} {e.by}: ", style="bold")
        text.append(f"coaching check {txn['task_id']} ({txn.get('task_type') or '—'}): ")
        if gone.check(e.data["sample_id"], txn["task_id"]):
            text.append("cancelled", style="dim")
        else:
            text.append(result, style=GOOD if result == "Pass" else BAD)
        if failed:
            text.append(f" — failed: {', '.join(failed)}")
        fb = given.get((e.data["sample_id"], txn["task_id"]))
        if fb is not None:
            how = (
                f" {fb.how} to {fb.provided_to} {fb.when:%d %b}" if fb.required and fb.when else ""
            )
            text.append(f" — feedback{how or ' not required'}")
        text.append("\n")


def _add_corrections(text: Text, desk: CoachingDesk, worker_id: str, today: date) -> None:
    """The caseworker's corrections: state (overdue stands out), owner, due date, action
    taken, verification and escalation."""
    for c in desk.corrections():
        if c.worker_id != worker_id:
            continue
        state = "OVERDUE" if c.overdue(today) else STATUS_WORDS[c.status]
        text.append(f"correction {state}", style=BAD if state == "OVERDUE" else "")
        text.append(f": {c.description} — {c.owner}, due {c.due:%a %d %b}")
        if c.actioned:
            text.append(f" — actioned: {c.actioned.text}")
        if c.verified:
            text.append(f" — verified by {c.verified.by} {c.verified.at:%d %b}")
        if c.escalated:
            to = c.escalations[-1].to
            text.append(f" — escalated{f' to {to}' if to else ''}", style=BAD)
        text.append("\n")
