"""A caseworker summary for follow-up meetings and escalations.

KPIs against the QSA, flags (with the days each was raised), the flag history of the
recorded day runs, follow-ups, coaching checks and corrections of the period. The KPIs
and flags come from a CheckResult of `run_check`, the engine `floorwatch check` and the
app use, so a number never differs between them. The tables read from the coaching
journal are built in `coaching.summary_journal`.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import polars as pl

from floorwatch.coaching.journal import Entry
from floorwatch.coaching.output import Report
from floorwatch.coaching.summary_journal import coaching_frames, within_period
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


#: One KPI row: the KPI, its value, the QSA range it is judged against, the verdict.
KpiRow = tuple[str, float | None, str, str]


def kpi_frame(worker: WorkerResult, settings: Settings) -> pl.DataFrame:
    """The caseworker's KPIs with the QSA range each is judged against (`settings.qsa`:
    the quarter in force) and the run's verdict."""
    rows = [
        *_qsa_rows(worker, settings),
        *_count_rows(worker),
        *_transaction_rows(worker, settings),
        *_call_rows(worker, settings),
    ]
    return pl.DataFrame(rows, schema=_KPI, orient="row")


def _qsa_rows(worker: WorkerResult, settings: Settings) -> list[KpiRow]:
    """Utilization, logged-in, completion and Get Next: the caseworker-wide QSA KPIs."""
    m, qsa = worker.metrics, settings.qsa
    tol = qsa.tolerance_pct
    get_next_low = qsa.get_next_target_pct - qsa.get_next_tolerance_pct
    enough_cases = m.cases_worked >= settings.min_cases
    completion_range = f"{qsa.completion_low_pct:g} to under {qsa.completion_abnormal_pct:g}"
    return [
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
    ]


def _count_rows(worker: WorkerResult) -> list[KpiRow]:
    """The figures shown for context, with no QSA range of their own."""
    m = worker.metrics
    return [
        ("Idle %", m.idle_pct, "", NO_VALUE),
        ("Logged-in minutes", m.logged_in_minutes, "", NO_VALUE),
        ("Cases worked", float(m.cases_worked), "", NO_VALUE),
        ("Completed", float(m.completed), "", NO_VALUE),
        ("Mean transaction minutes", m.avg_txn_minutes, "", NO_VALUE),
    ]


def _transaction_rows(worker: WorkerResult, settings: Settings) -> list[KpiRow]:
    """Mean transaction minutes per task type, against the QSA's time for that type."""
    m, qsa = worker.metrics, settings.qsa
    tol_min = qsa.txn_tolerance_minutes
    rows: list[KpiRow] = []
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
    return rows


def _call_rows(worker: WorkerResult, settings: Settings) -> list[KpiRow]:
    """Calls, mean handle time and the presence minutes of the period (v2: a week or a
    month too), where the caseworker has Genesys Cloud data."""
    m, qsa = worker.metrics, settings.qsa
    if m.calls_handled is None and not m.presence_minutes:
        return []
    rows: list[KpiRow] = []
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
    in_period = [r for r in runs if within_period(r.as_of.date(), period.start, period.end)]
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
