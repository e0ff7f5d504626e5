"""The table a person reads in a terminal: grouped by team, aligned, flags in words."""

from __future__ import annotations

from floorwatch.engine.result import CheckResult, Flag, Metrics, TeamResult, WorkerResult
from floorwatch.figures import figure
from floorwatch.output.json_form import iso
from floorwatch.settings import QSA

_HEADINGS = (
    "Worker",
    "Name",
    "Status now",
    "Util%",
    "LogIn%",
    "Cases",
    "Compl%",
    "GetNx%",
    "Txn min",
)
#: Shown only when some caseworker has contact-centre data (a floor without phones
#: keeps its table as it was).
_CALL_HEADINGS = ("Calls", "AHT min")
_RIGHT = {3, 4, 5, 6, 7, 8, 9, 10}


def _pct(x: float | None) -> str:
    return figure(x, empty="-")


def _count(x: int | None) -> str:
    return "-" if x is None else str(x)


def _metric_cells(m: Metrics) -> list[str]:
    return [
        _pct(m.utilization_pct),
        _pct(m.logged_in_pct),
        str(m.cases_worked),
        _pct(m.completion_rate_pct),
        _pct(m.get_next_rate_pct),
        _pct(m.avg_txn_minutes),
    ]


def _status(w: WorkerResult) -> str:
    if w.status is None:
        return "-"
    minutes = "" if w.status_minutes is None else f" {figure(w.status_minutes, 0)}m"
    task = f" {w.task_type}" if w.task_type else ""
    return f"{w.status}{minutes}{task}"


def flag_words(f: Flag) -> str:
    """A flag as a sentence: what, about what, the numbers, and trend or one-time."""
    about = f" ({f.subject})" if f.subject else ""
    mark = "TREND" if f.pattern == "trend" else "one-time"
    return f"{f.title}{about}: {f.detail} [{mark}]"


def stale_line(result: CheckResult) -> str:
    """The warning a stale run's table starts with (kpis.md, Freshness)."""
    if result.data_as_of is None:
        return "STALE: no dashboard export of the day yet: no status, no live flag"
    when = iso(result.data_as_of).replace("T", " ")
    age = f", {result.age_minutes:.0f} min old" if result.age_minutes is not None else ""
    return f"STALE: the live dashboard snapshot is from {when}{age}"


def _team_line(t: TeamResult, qsa: QSA) -> str:
    m = t.metrics
    lead = f", supervisor {t.supervisor}" if t.supervisor else ""
    head = f"{t.team}{lead}: {t.workers} caseworkers, {t.flagged_workers} flagged"
    if t.not_logged_in:
        head += f", {t.not_logged_in} not logged in"
    if t.trending_workers:
        head += f" ({t.trending_workers} trending)"
    band = f"QSA {qsa.utilization_pct:g} +/- {qsa.tolerance_pct:g}"
    body = (
        f"utilization {_pct(m.utilization_pct)}% ({band}), logged in {_pct(m.logged_in_pct)}%, "
        f"completion {_pct(m.completion_rate_pct)}%, Get Next {_pct(m.get_next_rate_pct)}%, "
        f"mean txn {_pct(m.avg_txn_minutes)} min, {m.cases_worked} cases"
    )
    if m.calls_handled is not None:
        qsa_aht = "" if qsa.call_handle_minutes is None else f" (QSA {qsa.call_handle_minutes:g})"
        body += f", {m.calls_handled} calls, AHT {_pct(m.avg_handle_minutes)} min{qsa_aht}"
    return f"{head}\n  {body}"


def _aligned(rows: list[list[str]]) -> list[str]:
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    return [
        "  ".join(
            cell.rjust(widths[i]) if i in _RIGHT else cell.ljust(widths[i])
            for i, cell in enumerate(row)
        ).rstrip()
        for row in rows
    ]


def render_table(result: CheckResult, qsa: QSA) -> str:
    """Every team, its caseworkers and their flags, for reading at a terminal."""
    flagged = sum(w.flagged for w in result.workers)
    p = result.period
    span = p.start.isoformat() if p.start == p.end else f"{p.start} .. {p.end}"
    lines = [
        f"floorwatch check: {p.kind} {span}, as of {iso(result.as_of).replace('T', ' ')}",
        f"{len(result.teams)} teams, {len(result.workers)} caseworkers, {flagged} flagged",
    ]
    if result.stale:
        lines.insert(0, stale_line(result))
    if result.missing_days:
        days = ", ".join(d.isoformat() for d in result.missing_days)
        lines.append(f"No floor data (no dashboard export) on {days}: not counted for anyone")
    calls = any(w.metrics.calls_handled is not None for w in result.workers)
    for team in result.teams:
        members = [w for w in result.workers if w.team == team.team]
        lines += ["", _team_line(team, qsa)]
        rows = [[*_HEADINGS, *(_CALL_HEADINGS if calls else ())]]
        flag_lines: dict[int, list[str]] = {}
        for w in members:
            m = w.metrics
            call_cells = [_count(m.calls_handled), _pct(m.avg_handle_minutes)] if calls else []
            rows.append([w.worker_id, w.name or "", _status(w), *_metric_cells(m), *call_cells])
            flag_lines[len(rows) - 1] = [f"      ! {flag_words(f)}" for f in w.flags]
        for i, text in enumerate(_aligned(rows)):
            lines.append(f"  {text}")
            lines += flag_lines.get(i, [])
    if result.errors:
        lines += ["", f"{len(result.errors)} problems with the exports:"]
        lines += [f"  {e}" for e in result.errors]
    if result.unused:
        lines += ["", f"{len(result.unused)} files read but not used:"]
        lines += [
            f"  {u.file} ({u.kind}, {iso(u.export_time).replace('T', ' ')}): {u.reason}"
            for u in result.unused
        ]
    return "\n".join(lines) + "\n"
