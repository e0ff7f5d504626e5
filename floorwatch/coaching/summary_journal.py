"""The coaching record tables of a caseworker summary, read from the journal.

Follow-ups, coaching checks and corrections of the period, then the caseworker's
feedback, development needs and PIPs. Kept apart from the KPI and flag tables
(`coaching.summary`) because these read journal entries, not a check result.
"""

from __future__ import annotations

from datetime import date

import polars as pl

from floorwatch.coaching.assessment import RESULT_WORDS
from floorwatch.coaching.corrections import STATUS_WORDS, corrections
from floorwatch.coaching.feedback import development_needs, feedbacks
from floorwatch.coaching.followup import followups
from floorwatch.coaching.journal import Entry, current
from floorwatch.coaching.pip import pips
from floorwatch.coaching.status import cancelled


def within_period(day: date, start: date, end: date) -> bool:
    """Whether `day` falls in the period from `start` to `end`, both included."""
    return start <= day <= end


def coaching_frames(
    entries: list[Entry], worker_id: str, start: date, end: date, today: date
) -> list[tuple[str, pl.DataFrame]]:
    """The period's follow-ups, coaching checks, and the caseworker's corrections."""
    return [
        (
            "Follow-ups",
            _frame(
                _followup_rows(entries, worker_id, start, end),
                ["when", "by", "action", "flags", "note", "snoozed to"],
            ),
        ),
        (
            "Coaching checks",
            _frame(
                _coaching_check_rows(entries, worker_id, start, end),
                ["when", "by", "task", "task type", "result", "failed"],
            ),
        ),
        (
            "Corrections",
            _frame(
                _correction_rows(entries, worker_id, start, end, today),
                [
                    "correction",
                    "owner",
                    "due",
                    "status",
                    "corrective action",
                    "verified",
                    "escalated",
                ],
            ),
        ),
        *record_frames(entries, worker_id, start, end),
    ]


def _frame(rows: list[tuple[str, ...]], columns: list[str]) -> pl.DataFrame:
    """A table of the summary from its rows (an empty table keeps its columns)."""
    return pl.DataFrame(rows, schema=columns, orient="row")


def _followup_rows(
    entries: list[Entry], worker_id: str, start: date, end: date
) -> list[tuple[str, ...]]:
    """The follow-ups recorded in the period: when, by whom, what, for which flags."""
    return [
        (
            f"{f.at:%Y-%m-%d %H:%M}",
            f.by,
            f.action,
            ", ".join(f"{c} {s}".strip() for c, s in f.flags) or "(observation)",
            f.note,
            f"{f.snooze_until:%Y-%m-%d %H:%M}" if f.snooze_until else "",
        )
        for f in followups(entries, worker_id)
        if within_period(f.at.date(), start, end)
    ]


def _coaching_check_rows(
    entries: list[Entry], worker_id: str, start: date, end: date
) -> list[tuple[str, ...]]:
    """The coaching checks of the caseworker's transactions assessed in the period, with
    the failed marks spelled out; a check of a cancelled sample says so."""
    rows = []
    gone = cancelled(entries)
    for e in current(entries, "assessment"):
        txn = e.data["transaction"]
        if txn["worker_id"] != worker_id or not within_period(e.at.date(), start, end):
            continue
        failed = [
            f"{m['label']}: {m['reason']} ({m['comment']})"
            for m in e.data["marks"].values()
            if m["result"] == "fail"
        ]
        rows.append(
            (
                f"{e.at:%Y-%m-%d %H:%M}",
                e.by,
                txn["task_id"],
                txn.get("task_type") or "",
                "cancelled"
                if gone.check(e.data["sample_id"], txn["task_id"])
                else RESULT_WORDS[e.data["overall"]],
                "; ".join(failed),
            )
        )
    return rows


def _correction_rows(
    entries: list[Entry], worker_id: str, start: date, end: date, today: date
) -> list[tuple[str, ...]]:
    """The caseworker's corrections: every open one, and those closed in the period."""
    return [
        (
            c.description,
            c.owner,
            c.due.isoformat(),
            "overdue" if c.overdue(today) else STATUS_WORDS[c.status],
            f"{c.actioned.text} ({c.actioned.by} {c.actioned.at:%Y-%m-%d})" if c.actioned else "",
            f"{c.verified.by} {c.verified.at:%Y-%m-%d}" if c.verified else "",
            "; ".join(
                f"to {x.to or '?'} {x.at:%Y-%m-%d}"
                + (f", due {x.new_due}, reminder {x.reminder}" if x.new_due else "")
                for x in c.escalations
            ),
        )
        for c in corrections(entries)
        if c.worker_id == worker_id
        and (c.status != "closed" or within_period(c.at.date(), start, end))
    ]


def record_frames(
    entries: list[Entry], worker_id: str, start: date, end: date
) -> list[tuple[str, pl.DataFrame]]:
    """The caseworker's record: feedback of the period, development needs and PIPs."""
    given = [
        (
            f"{f.at:%Y-%m-%d %H:%M}",
            f.by,
            f.task_id,
            "yes" if f.required else "no",
            f.provided_to,
            f.when.isoformat() if f.when else "",
            f.how,
            f.note,
        )
        for f in feedbacks(entries, worker_id)
        if within_period(f.at.date(), start, end)
    ]
    needs = [
        (f"{d.at:%Y-%m-%d}", d.by, d.need, d.task_id or "")
        for d in development_needs(entries, worker_id)
    ]
    plans = [
        (
            f"{p.at:%Y-%m-%d}",
            p.by,
            "; ".join(p.goals),
            ", ".join(d.isoformat() for d in p.reviews),
            p.outcome or "open",
        )
        for p in pips(entries, worker_id)
    ]
    return [
        (
            "Feedback",
            pl.DataFrame(
                given,
                schema=["when", "by", "task", "required", "given to", "on", "how", "note"],
                orient="row",
            ),
        ),
        (
            "Development needs",
            pl.DataFrame(needs, schema=["since", "by", "need", "from check"], orient="row"),
        ),
        (
            "PIPs",
            pl.DataFrame(
                plans, schema=["started", "by", "goals", "reviews", "outcome"], orient="row"
            ),
        ),
    ]
