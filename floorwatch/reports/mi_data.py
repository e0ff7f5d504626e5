"""The MI return as plain data: sheets of rows, one column per fiscal month and a Year.

Laid out from `mi_gather`'s month checks, the roster's staffing (`mi_staff`) and the
sums of `mi_parts`. Values are unrounded here (RAG letters judge unrounded values, as the
checks do); the formats round them as `check --format json` does. Text that came from
input files (teams, roles, task types) is raw here: each format escapes it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Literal

import polars as pl

from floorwatch.engine.result import CheckResult, Metrics
from floorwatch.output.json_form import iso, rounded
from floorwatch.reports.mi_gather import MonthCheck
from floorwatch.reports.mi_parts import (
    RAG_KEYS,
    Parts,
    derived,
    rag,
    summed,
    work_parts,
    year_parts,
)
from floorwatch.reports.mi_staff import FRONT_LINE_KEY, roles, staffing
from floorwatch.settings import QSA, Settings

ColumnState = Literal["month", "to date", "no data", "not yet", "year"]
YEAR_KEY = "year"


@dataclass(frozen=True)
class MiColumn:
    """A column of the return: a fiscal month or the Year."""

    key: str
    label: str
    state: ColumnState
    at: datetime | None = None


@dataclass(frozen=True)
class MiRow:
    """One measure: a value per column (None: blank) and, for a banded measure, the RAG
    letter per column ("" where there is no value)."""

    section: str
    measure: str
    key: str
    values: tuple[float | int | None, ...]
    rag: tuple[str, ...] | None = None


@dataclass(frozen=True)
class MiSheet:
    """The scope's sheet (team "") or one team's."""

    name: str
    team: str
    rows: tuple[MiRow, ...]


@dataclass(frozen=True)
class MiReturn:
    """Everything the return shows."""

    scope: str
    fiscal_year: str
    as_of: datetime
    stale: bool
    columns: tuple[MiColumn, ...]
    sheets: tuple[MiSheet, ...]
    notes: tuple[str, ...]

    @property
    def first_line(self) -> str:
        """Scope, fiscal year and as-of, STALE when stale (reports.md, shared rules)."""
        stale = "STALE · " if self.stale else ""
        as_of = iso(self.as_of).replace("T", " ")
        return f"{stale}MI return: {self.scope} · fiscal year {self.fiscal_year} · as of {as_of}"


def fiscal_label(first: date) -> str:
    """ "2026-27" for a year from April 2026; "2026" for a calendar fiscal year."""
    if first.month == 1:
        return str(first.year)
    return f"{first.year}-{(first.year + 1) % 100:02d}"


def _column(check: MonthCheck) -> MiColumn:
    label = f"{check.month:%b}"
    key = f"{check.month:%Y-%m}"
    if check.at is None:
        return MiColumn(key, label, "not yet")
    if check.result is None:
        return MiColumn(key, label, "no data", check.at)
    if check.in_progress:
        return MiColumn(key, f"{label} (to date)", "to date", check.at)
    return MiColumn(key, label, "month", check.at)


def _team_parts(result: CheckResult, roster: pl.DataFrame, settings: Settings) -> dict[str, Parts]:
    """Each team's parts of one month: staffing as of the check's moment, work from the
    check's team metrics, the paused list as of the moment."""
    team_of = {w.worker_id: w.team for w in result.workers}
    staff = staffing(roster, result.as_of.date(), team_of)
    paused = result.paused
    counts: dict[str, tuple[int, int]] = {}
    if not paused.is_empty():
        over = pl.col("days_paused") > settings.paused_limit_days
        for team, total, late in (
            paused.group_by("team").agg(pl.len(), over.sum().alias("over")).iter_rows()
        ):
            counts[team or ""] = (int(total), int(late))
    metrics = {t.team: t.metrics for t in result.teams}
    out = {}
    for team in sorted({*staff, *metrics, *counts}):
        s = staff.get(team)
        m = metrics.get(team)
        total, late = counts.get(team, (0, 0))
        parts = Parts(
            **(work_parts(m) if m is not None else {}),
            fte=s.fte if s else {},
            headcount=s.headcount if s else 0,
            paused=total,
            paused_over_limit=late,
        )
        out[team] = parts
    return out


#: Ratio measures a single team's month takes from the check itself.
_CHECK_RATIOS = (
    "utilization_pct",
    "logged_in_pct",
    "completion_rate_pct",
    "get_next_rate_pct",
    "avg_txn_minutes",
    "avg_handle_minutes",
)


def _cells(
    parts: Parts, exact: Metrics | None, role_keys: Sequence[str], types: Sequence[str]
) -> dict[str, float | int | None]:
    """Every measure's value from parts; a single team's month ratios are the check's."""
    ratios = derived(parts, FRONT_LINE_KEY)
    if exact is not None:
        ratios.update({k: getattr(exact, k) for k in _CHECK_RATIOS})
    fte = {f"fte:{k}": parts.fte.get(k, 0.0) for k in role_keys}
    out: dict[str, float | int | None] = {
        **fte,
        "fte_total": sum(parts.fte.values()),
        "headcount": parts.headcount,
        "absent_days": parts.absent_days,
        "absent_per_fte": ratios["absent_per_fte"],
        "cases_worked": parts.cases_worked,
        "completed": parts.completed,
        **{k: ratios[k] for k in _CHECK_RATIOS},
        "completed_per_fte": ratios["completed_per_fte"],
        **{f"type:{t}": parts.cases_by_type.get(t, 0) for t in types},
        "paused": parts.paused,
        "paused_over_limit": parts.paused_over_limit,
        "calls_handled": parts.calls_handled,
    }
    return out


def _measures(
    role_labels: Sequence[tuple[str, str]], types: Sequence[str], calls: bool
) -> list[tuple[str, str, str]]:
    """(section, measure, key) in the return's order (reports.md's table)."""
    staffing_rows = [("Staffing", f"FTE: {label}", f"fte:{key}") for key, label in role_labels]
    work = [
        ("Work", "Cases worked", "cases_worked"),
        ("Work", "Completed", "completed"),
        ("Work", "Completion %", "completion_rate_pct"),
        ("Work", "Get Next %", "get_next_rate_pct"),
        ("Work", "Utilization %", "utilization_pct"),
        ("Work", "Logged-in %", "logged_in_pct"),
        ("Work", "Mean transaction minutes", "avg_txn_minutes"),
        ("Work", "Completed per front-line FTE", "completed_per_fte"),
        *(("Work", f"Cases worked: {t}", f"type:{t}") for t in types),
    ]
    return [
        *staffing_rows,
        ("Staffing", "FTE total", "fte_total"),
        ("Staffing", "Headcount", "headcount"),
        ("Staffing", "Days lost to absence", "absent_days"),
        ("Staffing", "Days lost per FTE", "absent_per_fte"),
        *work,
        ("Paused", "Paused tasks at month end", "paused"),
        ("Paused", "of which over the limit", "paused_over_limit"),
        *(
            [
                ("Calls", "Calls handled", "calls_handled"),
                ("Calls", "AHT minutes", "avg_handle_minutes"),
            ]
            if calls
            else []
        ),
    ]


@dataclass(frozen=True)
class _Month:
    """One month's parts per team, and the QSA it is judged by."""

    teams: dict[str, Parts]
    metrics: dict[str, Metrics]
    qsa: QSA


def _sheet(
    name: str,
    team: str,
    teams: Sequence[str],
    months: Sequence[_Month | None],
    measures: Sequence[tuple[str, str, str]],
    role_keys: Sequence[str],
    types: Sequence[str],
) -> MiSheet:
    """One sheet: `teams` summed (one team: its own check's ratios), each month, then Year."""
    columns: list[dict[str, float | int | None] | None] = []
    qsas: list[QSA | None] = []
    with_data: list[Parts] = []
    for month in months:
        present = [month.teams[t] for t in teams if t in month.teams] if month else []
        if month is None or not present:
            columns.append(None)
            qsas.append(None)
            continue
        parts = summed(present)
        exact = month.metrics.get(teams[0]) if len(teams) == 1 else None
        columns.append(_cells(parts, exact, role_keys, types))
        qsas.append(month.qsa)
        with_data.append(parts)
    year_qsa = next((q for q in reversed(qsas) if q is not None), None)
    columns.append(_cells(year_parts(with_data), None, role_keys, types) if with_data else None)
    qsas.append(year_qsa)
    rows = []
    for section, measure, key in measures:
        values = tuple(None if c is None else c.get(key) for c in columns)
        rows.append(MiRow(section, measure, key, values))
        if key in RAG_KEYS and (
            key != "avg_handle_minutes" or any(q and q.call_handle_minutes for q in qsas)
        ):
            letters = tuple(
                "" if q is None else rag(key, v, q) for v, q in zip(values, qsas, strict=True)
            )
            rows.append(MiRow(section, f"{measure} RAG", f"{key}:rag", (), letters))
    return MiSheet(name, team, tuple(rows))


def build_mi(
    checks: Sequence[MonthCheck],
    scope: str,
    scope_teams: Sequence[str] | None,
    roster: pl.DataFrame,
    settings: Settings,
    *,
    one_team: bool = False,
) -> MiReturn:
    """Lay the return out from its month checks.

    `scope_teams`: the teams of the scope (None: every team, the floor); `one_team`: the
    scope is one team, and so has no sheets per team.
    """
    months: list[_Month | None] = []
    for check in checks:
        r = check.result
        if r is None:
            months.append(None)
            continue
        months.append(
            _Month(_team_parts(r, roster, settings), {t.team: t.metrics for t in r.teams}, r.qsa)
        )
    every = sorted({t for m in months if m for t in m.teams})
    teams = every if scope_teams is None else [t for t in every if t in set(scope_teams)]
    if scope_teams is not None and not teams:
        teams = list(scope_teams)
    role_labels = roles(roster)
    role_keys = [k for k, _ in role_labels]
    types = sorted(
        {ty for m in months if m for t in teams if t in m.teams for ty in m.teams[t].cases_by_type}
    )
    calls = any(
        m.teams[t].calls_handled is not None for m in months if m for t in teams if t in m.teams
    )
    measures = _measures(role_labels, types, calls)
    sheets = [_sheet(_sheet_scope(scope), "", teams, months, measures, role_keys, types)]
    if not one_team:
        sheets += [_sheet(t, t, [t], months, measures, role_keys, types) for t in teams]
    columns = [_column(c) for c in checks]
    columns.append(MiColumn(YEAR_KEY, "Year", "year"))
    # The newest moment of the return: the month in progress, else the last month's end.
    as_of = max((c.result.as_of for c in checks if c.result is not None), default=datetime.min)
    stale = any(c.in_progress and c.result is not None and c.result.stale for c in checks)
    return MiReturn(
        scope=scope,
        fiscal_year=fiscal_label(checks[0].month),
        as_of=as_of,
        stale=stale,
        columns=tuple(columns),
        sheets=tuple(sheets),
        notes=tuple(_notes(checks, settings)),
    )


def _sheet_scope(scope: str) -> str:
    return "Floor" if scope == "whole floor" else scope


def _notes(checks: Sequence[MonthCheck], settings: Settings) -> list[str]:
    """What the reader must know to trust the figures: where each month comes from, and
    which days and months the history cannot cover."""
    notes = [
        "Each month is `floorwatch check --no-record --period month --at <its last moment>`"
        "; the month in progress is as of the newest export.",
    ]
    for c in checks:
        if c.in_progress and c.result is not None:
            at = iso(c.result.as_of).replace("T", " ")
            notes.append(f"{c.month:%B %Y} is to date: as of {at}.")
    empty = [f"{c.month:%b %Y}" for c in checks if c.at is not None and c.result is None]
    if empty:
        notes.append(f"No export in the history for: {', '.join(empty)} (blank, not 0).")
    for c in checks:
        if c.result is not None and c.result.missing_days:
            days = ", ".join(f"{d:%Y-%m-%d}" for d in c.result.missing_days)
            notes.append(
                f"{c.month:%B %Y}: working days without any dashboard export, not counted "
                f"(nobody was scheduled on them): {days}."
            )
    notes += [
        "Days lost to absence: scheduled front-line days with no login, and sick days; a day "
        "counts once it is past, so each month's last day is not in its column "
        "(the check judges the as-of's own day live).",
        "Year: counts summed over the months with data; FTE, headcount and paused tasks the "
        "mean of those months; percentages, means and per-FTE figures recomputed from the "
        "summed parts.",
        "RAG: G inside the QSA band (no flag), A outside it by no more than one more "
        "tolerance, R beyond; each month by the QSA in force that month, the Year by the "
        "newest month's. Completion's band is the QSA's completion range "
        f"(paused tasks: over {settings.paused_limit_days:g} days is over the limit).",
    ]
    return notes


def shown(value: float | int | None) -> float | int | None:
    """A value as the return prints it: counts whole, the rest rounded as the JSON is."""
    if value is None or isinstance(value, int):
        return value
    return rounded(value)
