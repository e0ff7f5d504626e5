"""A caseworker summary for follow-up meetings and escalations.

KPIs against the QSA, flags (with the days each was raised), the flag history of the
recorded day runs, follow-ups, coaching checks and corrections of the period. The KPIs
and flags come from a CheckResult of `run_check`, the engine `floorwatch check` and the
app use, so a number never differs between them.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import polars as pl

from floorwatch.coaching.assessment import RESULT_WORDS
from floorwatch.coaching.corrections import STATUS_WORDS, corrections
from floorwatch.coaching.feedback import development_needs, feedbacks
from floorwatch.coaching.followup import followups
from floorwatch.coaching.journal import Entry, current
from floorwatch.coaching.output import Report
from floorwatch.coaching.pip import pips
from floorwatch.coaching.status import cancelled
from floorwatch.engine.result import CheckResult, WorkerResult
from floorwatch.settings import Settings
from floorwatch.store import RunRecord

_KPI = {"kpi": pl.String(), "value": pl.Float64(), "expected": pl.String(), "in range": pl.String()}


#: Words of the "in range" column: flagged by the engine, or not judged (too little data).
OUT, NOT_JUDGED, IN, NO_VALUE = "no", "not judged", "yes", "—"


def _verdict(
    worker: WorkerResult,
    value: float | None,
    codes: tuple[str, ...],
    *,
    judged: bool,
    subject: str | None = None,
) -> str:
    """The engine's own verdict: "no" when the run flagged it (naming the queues for a
    caseworker-wide completion), so the summary never disagrees with `floorwatch check`."""
    if value is None:
        return NO_VALUE
    hits = [
        f for f in worker.flags if f.check in codes and (subject is None or f.subject == subject)
    ]
    if hits:
        subjects = sorted({f.subject for f in hits if f.subject and subject is None})
        return f"{OUT} ({', '.join(subjects)})" if subjects else OUT
    return IN if judged else NOT_JUDGED


def kpi_frame(worker: WorkerResult, settings: Settings) -> pl.DataFrame:
    """The caseworker's KPIs with the QSA range each is judged against (`settings.qsa`:
    the quarter in force) and the run's verdict."""
    m, qsa = worker.metrics, settings.qsa
    tol = qsa.tolerance_pct
    get_next_low = qsa.get_next_target_pct - qsa.get_next_tolerance_pct
    enough_cases = m.cases_worked >= settings.min_cases
    completion_range = f"{qsa.completion_low_pct:g} to under {qsa.completion_abnormal_pct:g}"
    rows: list[tuple[str, float | None, str, str]] = [
        (
            "Utilization %",
            m.utilization_pct,
            f"{qsa.utilization_pct:g} ± {tol:g}",
            _verdict(
                worker,
                m.utilization_pct,
                ("LOW_UTILIZATION", "HIGH_UTILIZATION"),
                judged=(m.logged_in_minutes or 0) >= settings.min_judged_minutes,
            ),
        ),
        (
            "Logged-in % of scheduled",
            m.logged_in_pct,
            f"≥ {qsa.logged_in_pct - tol:g}",
            _verdict(
                worker,
                m.logged_in_pct,
                ("LOW_LOGGED_IN",),
                judged=(m.scheduled_minutes or 0) >= settings.min_judged_minutes,
            ),
        ),
        (
            "Completion %",
            m.completion_rate_pct,
            f"{completion_range}, per queue" if qsa.queues else completion_range,
            _verdict(
                worker,
                m.completion_rate_pct,
                ("LOW_COMPLETION", "HIGH_COMPLETION"),
                judged=enough_cases,
            ),
        ),
        (
            "Get Next %",
            m.get_next_rate_pct,
            f"≥ {get_next_low:g}",
            _verdict(worker, m.get_next_rate_pct, ("LOW_GET_NEXT",), judged=enough_cases),
        ),
        ("Idle %", m.idle_pct, "", NO_VALUE),
        ("Logged-in minutes", m.logged_in_minutes, "", NO_VALUE),
        ("Cases worked", float(m.cases_worked), "", NO_VALUE),
        ("Completed", float(m.completed), "", NO_VALUE),
        ("Mean transaction minutes", m.avg_txn_minutes, "", NO_VALUE),
    ]
    tol_min = qsa.txn_tolerance_minutes
    for task_type, mean in sorted(m.txn_minutes_by_task_type.items()):
        expected = qsa.task_types.get(task_type)
        rows.append(
            (
                f"Transaction minutes: {task_type}",
                mean,
                f"{expected:g} ± {tol_min:g}" if expected is not None else "no QSA",
                _verdict(
                    worker,
                    mean,
                    ("LONG_TXN", "SHORT_TXN"),
                    judged=m.txn_count_by_task_type.get(task_type, 0) >= settings.min_txn_count,
                    subject=task_type,
                )
                if expected is not None
                else NO_VALUE,
            )
        )
    rows.extend(_call_rows(worker, settings))
    return pl.DataFrame(rows, schema=_KPI, orient="row")


def _call_rows(
    worker: WorkerResult, settings: Settings
) -> list[tuple[str, float | None, str, str]]:
    """Calls, mean handle time and the presence minutes of the period (v2: a week or a
    month too), where the caseworker has Genesys Cloud data."""
    m, qsa = worker.metrics, settings.qsa
    if m.calls_handled is None and not m.presence_minutes:
        return []
    rows: list[tuple[str, float | None, str, str]] = []
    if m.calls_handled is not None:
        target, tol = qsa.call_handle_minutes, qsa.call_tolerance_minutes
        rows += [
            ("Calls handled", float(m.calls_handled), "", NO_VALUE),
            (
                "Mean handle minutes",
                m.avg_handle_minutes,
                f"{target:g} ± {tol:g}" if target is not None else "no QSA",
                _verdict(
                    worker,
                    m.avg_handle_minutes,
                    ("LONG_HANDLE", "SHORT_HANDLE"),
                    judged=m.calls_handled >= settings.min_cases,
                )
                if target is not None
                else NO_VALUE,
            ),
        ]
    allowances = {k.casefold(): v for k, v in settings.status_allowance_minutes.items()}
    for status, minutes in sorted(m.presence_minutes.items()):
        allowance = allowances.get(status.casefold())
        rows.append(
            (
                f"{status} minutes",
                minutes,
                f"≤ {allowance:g} a day with status data" if allowance is not None else "",
                _verdict(worker, minutes, ("STATUS_OVER_ALLOWANCE",), judged=True, subject=status)
                if allowance is not None
                else NO_VALUE,
            )
        )
    return rows


def flag_frame(worker: WorkerResult) -> pl.DataFrame:
    """The period's flags: what, about what, trend or one-time, the days, the numbers."""
    rows = [
        (
            f.title,
            f.subject or "",
            f.pattern,
            ", ".join(d.isoformat() for d in f.trend_days),
            f.detail,
        )
        for f in worker.flags
    ]
    schema = ["flag", "subject", "pattern", "raised on", "detail"]
    return pl.DataFrame(rows, schema=schema, orient="row")


def flag_history(runs: list[RunRecord], worker_id: str) -> pl.DataFrame:
    """Per day with a recorded day run, the caseworker's flags in that day's runs."""
    by_day: dict[date, set[str]] = {}
    for run in runs:
        day = run.as_of.date()
        mine = run.flags.filter(pl.col("worker_id") == worker_id)
        found = by_day.setdefault(day, set())
        for check, subject in mine.select("check", "subject").iter_rows():
            found.add(f"{check} {subject}".strip())
    rows = [(d.isoformat(), ", ".join(sorted(f)) or "none") for d, f in sorted(by_day.items())]
    return pl.DataFrame(rows, schema=["day", "flags"], orient="row")


def _in(day: date, start: date, end: date) -> bool:
    return start <= day <= end


def coaching_frames(
    entries: list[Entry], worker_id: str, start: date, end: date, today: date
) -> list[tuple[str, pl.DataFrame]]:
    """The period's follow-ups, coaching checks, and the caseworker's corrections."""
    follow = [
        (
            f"{f.at:%Y-%m-%d %H:%M}",
            f.by,
            f.action,
            ", ".join(f"{c} {s}".strip() for c, s in f.flags) or "(observation)",
            f.note,
            f"{f.snooze_until:%Y-%m-%d %H:%M}" if f.snooze_until else "",
        )
        for f in followups(entries, worker_id)
        if _in(f.at.date(), start, end)
    ]
    checks = []
    gone = cancelled(entries)
    for e in current(entries, "assessment"):
        txn = e.data["transaction"]
        if txn["worker_id"] != worker_id or not _in(e.at.date(), start, end):
            continue
        failed = [
            f"{m['label']}: {m['reason']} ({m['comment']})"
            for m in e.data["marks"].values()
            if m["result"] == "fail"
        ]
        checks.append(
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
    fixes = [
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
        if c.worker_id == worker_id and (c.status != "closed" or _in(c.at.date(), start, end))
    ]
    return [
        (
            "Follow-ups",
            pl.DataFrame(
                follow,
                schema=["when", "by", "action", "flags", "note", "snoozed to"],
                orient="row",
            ),
        ),
        (
            "Coaching checks",
            pl.DataFrame(
                checks,
                schema=["when", "by", "task", "task type", "result", "failed"],
                orient="row",
            ),
        ),
        (
            "Corrections",
            pl.DataFrame(
                fixes,
                schema=[
                    "correction",
                    "owner",
                    "due",
                    "status",
                    "corrective action",
                    "verified",
                    "escalated",
                ],
                orient="row",
            ),
        ),
        *record_frames(entries, worker_id, start, end),
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
        if _in(f.at.date(), start, end)
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


def worker_summary(
    result: CheckResult,
    worker_id: str,
    settings: Settings,
    runs: list[RunRecord],
    entries: list[Entry],
    today: date,
) -> Report:
    """The caseworker summary report; raises KeyError when they are not in the result.

    Judged by the QSA the run was judged by (`result.qsa`), with `settings`' minimums.
    """
    worker = result.worker(worker_id)
    if worker is None:
        raise KeyError(worker_id)
    period = result.period
    in_period = [r for r in runs if _in(r.as_of.date(), period.start, period.end)]
    lines = (
        f"Caseworker: {worker.name or worker_id} ({worker_id}), team {worker.team}",
        f"Period: {period.kind} {period.start} to {period.end}, data as of "
        f"{result.as_of:%Y-%m-%d %H:%M}",
        "KPIs and flags from the same engine as `floorwatch check`.",
    )
    tables = [
        ("KPIs against the QSA", kpi_frame(worker, replace(settings, qsa=result.qsa))),
        ("Flags", flag_frame(worker)),
        ("Flag history (recorded day runs)", flag_history(in_period, worker_id)),
        *coaching_frames(entries, worker_id, period.start, period.end, today),
    ]
    return Report(f"Caseworker summary: {worker.name or worker_id}", lines, tuple(tables))
