"""A team or floor pack as plain data (reports.md "Team and floor packs"), from check results.

Every value is the check's, rounded as `check --format json` rounds it; the formats only
lay these out. Text that came from input files is kept raw here: each format escapes it
for where it goes.

The one figure a check does not print is a floor's (or a coordinator's) headline: the check
rolls up teams, not floors. It is recomputed here from the teams' summed parts, the rule
reports.md gives the MI return's Year column (percentages from summed minutes and
counts, never a mean of percentages); its trend line is the engine's own, with the floor
grouped as one team.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Literal

import polars as pl

from floorwatch.coaching.followup import FollowUp, flag_key, followups
from floorwatch.engine.paused_report import paused_report
from floorwatch.engine.result import CheckResult, Flag, Metrics, TeamResult
from floorwatch.engine.series import SERIES_KPIS
from floorwatch.engine.stepping import PeriodView
from floorwatch.output.json_form import iso, rounded
from floorwatch.output.table_form import flag_words
from floorwatch.reports.gather import Comparison, PackInputs
from floorwatch.settings import QSA, Settings

PackKind = Literal["team", "floor"]
#: How many days with data a trend picture shows.
TREND_POINTS = 10
#: The trend-series key of a floor's caseworkers grouped as one.
FLOOR_KEY = "\x00floor"

#: The headline KPIs, in reports.md's order: (metric key, label, unit).
KPIS: tuple[tuple[str, str, str], ...] = (
    ("utilization_pct", "Utilization", "%"),
    ("logged_in_pct", "Logged-in", "%"),
    ("completion_rate_pct", "Completion", "%"),
    ("get_next_rate_pct", "Get Next", "%"),
    ("avg_txn_minutes", "Mean transaction", "min"),
    ("cases_worked", "Cases worked", ""),
    ("absent_days", "Absent days", ""),
    ("calls_handled", "Calls handled", ""),
    ("avg_handle_minutes", "AHT", "min"),
)
_CALL_KPIS = ("calls_handled", "avg_handle_minutes")
COUNT_KPIS = ("cases_worked", "absent_days", "calls_handled")
ABOVE, BELOW = "▲", "▼"


@dataclass(frozen=True)
class Band:
    """A KPI's QSA band: below `low` or above `high` (at or above, with `high_inclusive`)
    is outside it. `text` says it in words; a KPI without a band has an empty text."""

    low: float | None = None
    high: float | None = None
    text: str = ""
    high_inclusive: bool = False

    def marker(self, value: float | None) -> str:
        """▲ above the band, ▼ below it, blank inside or without a value."""
        if value is None:
            return ""
        if self.high is not None and (
            value >= self.high if self.high_inclusive else value > self.high
        ):
            return ABOVE
        if self.low is not None and value < self.low:
            return BELOW
        return ""


@dataclass(frozen=True)
class KpiLine:
    """One headline KPI: this period, the QSA band, changes, and its last days."""

    key: str
    label: str
    unit: str
    value: float | None
    band: Band
    previous: float | None
    last_year: float | None
    #: (day, value) for the last days with data; empty: no daily figures for this KPI.
    trend: tuple[tuple[date, float | None], ...]

    @property
    def marker(self) -> str:
        return self.band.marker(self.value)

    @property
    def change_previous(self) -> float | None:
        return _change(self.value, self.previous)

    @property
    def change_last_year(self) -> float | None:
        return _change(self.value, self.last_year)


@dataclass(frozen=True)
class PackRow:
    """A team (floor pack) or a caseworker (team pack) with the headline KPIs."""

    key: str
    name: str
    values: dict[str, float | None]
    markers: dict[str, str]
    flags: int
    trend_flags: int


@dataclass(frozen=True)
class FlagLine:
    """A flag of the period in words, and the follow-ups recorded on it."""

    worker_id: str
    name: str
    team: str
    sentence: str
    pattern: str
    followups: tuple[str, ...]


@dataclass(frozen=True)
class PausedLine:
    """A paused task the pack points out, and why."""

    task_id: str
    worker_id: str
    name: str
    team: str
    task_type: str
    days_paused: float | None
    why: str


@dataclass(frozen=True)
class Pack:
    """Everything a team or floor pack shows, in reports.md's order."""

    kind: PackKind
    scope: str
    title: str
    facts: tuple[str, ...]
    stale: bool
    previous_label: str
    last_year_label: str
    kpis: tuple[KpiLine, ...]
    trend_note: str | None
    row_label: str
    rows: tuple[PackRow, ...]
    flags: tuple[FlagLine, ...]
    paused: tuple[PausedLine, ...]
    missing_days: tuple[date, ...]

    @property
    def first_line(self) -> str:
        """The title with the as-of and scope, STALE when stale (reports.md, shared rules)."""
        return f"{'STALE · ' if self.stale else ''}{self.title}"


def _change(now: float | None, before: float | None) -> float | None:
    return None if now is None or before is None else rounded(now - before)


def bands(qsa: QSA) -> dict[str, Band]:
    """Each headline KPI's QSA band (the ranges the checks judge by)."""
    tol = qsa.tolerance_pct
    out = {
        "utilization_pct": Band(
            qsa.utilization_pct - tol,
            qsa.utilization_pct + tol,
            f"{qsa.utilization_pct:g} ± {tol:g}",
        ),
        "logged_in_pct": Band(qsa.logged_in_pct - tol, None, f"≥ {qsa.logged_in_pct - tol:g}"),
        "completion_rate_pct": Band(
            qsa.completion_low_pct,
            qsa.completion_abnormal_pct,
            f"{qsa.completion_low_pct:g} to < {qsa.completion_abnormal_pct:g}",
            high_inclusive=True,  # "at or above abnormal" is what the check flags
        ),
        "get_next_rate_pct": Band(
            qsa.get_next_target_pct - qsa.get_next_tolerance_pct,
            None,
            f"≥ {qsa.get_next_target_pct - qsa.get_next_tolerance_pct:g}",
        ),
        # Transaction times have a QSA per task type only: the flags judge them.
        "avg_txn_minutes": Band(text="per task type"),
    }
    if qsa.call_handle_minutes is not None:
        aht, ctol = qsa.call_handle_minutes, qsa.call_tolerance_minutes
        out["avg_handle_minutes"] = Band(aht - ctol, aht + ctol, f"{aht:g} ± {ctol:g}")
    return out


def metric_value(metrics: Metrics, key: str) -> float | None:
    """A metric as `check --format json` prints it (counts whole, the rest rounded)."""
    value = getattr(metrics, key, None)  # absent_days: v2 engines only
    if value is None:
        return None
    return int(value) if key in COUNT_KPIS else rounded(float(value))


def floor_values(teams: Sequence[TeamResult]) -> dict[str, float | None]:
    """The floor's headline from its teams' summed parts (see the module doc)."""
    ms = [t.metrics for t in teams]

    def total(key: str) -> float | None:
        parts = [getattr(m, key, None) for m in ms]
        known = [p for p in parts if p is not None]
        return sum(known) if known else None

    def ratio(part: float | None, whole: float | None) -> float | None:
        return None if part is None or not whole else rounded(part / whole * 100)

    cases = sum(m.cases_worked for m in ms)
    # Each team's Get Next count is its rate of its cases (a whole number, recovered).
    get_next = [
        round(m.get_next_rate_pct * m.cases_worked / 100)
        for m in ms
        if m.get_next_rate_pct is not None
    ]
    txn = [(m.txn_minutes_by_task_type, m.txn_count_by_task_type) for m in ms]
    txn_count = sum(c for _, counts in txn for c in counts.values())
    txn_minutes = sum(means[t] * counts.get(t, 0) for means, counts in txn for t in means)
    calls = total("calls_handled")
    handled = [
        (m.avg_handle_minutes, m.calls_handled)
        for m in ms
        if m.avg_handle_minutes is not None and m.calls_handled
    ]
    handled_calls = sum(c for _, c in handled)
    absent = total("absent_days")
    return {
        "utilization_pct": ratio(total("active_minutes"), total("logged_in_minutes")),
        "logged_in_pct": ratio(total("logged_in_minutes"), total("scheduled_minutes")),
        "completion_rate_pct": ratio(sum(m.completed for m in ms), cases),
        "get_next_rate_pct": ratio(sum(get_next), cases) if get_next else None,
        "avg_txn_minutes": rounded(txn_minutes / txn_count) if txn_count else None,
        "cases_worked": cases,
        "absent_days": None if absent is None else int(absent),
        "calls_handled": None if calls is None else int(calls),
        "avg_handle_minutes": rounded(sum(a * c for a, c in handled) / handled_calls)
        if handled_calls
        else None,
    }


def _scope_values(kind: PackKind, result: CheckResult | None) -> dict[str, float | None] | None:
    if result is None or not result.teams:
        return None
    if kind == "team":
        return {key: metric_value(result.teams[0].metrics, key) for key, _, _ in KPIS}
    return floor_values(result.teams)


def _trend(inputs: PackInputs, kind: PackKind, key: str) -> tuple[tuple[date, float | None], ...]:
    series = inputs.series
    if series is None or key not in SERIES_KPIS:
        return ()
    owner = FLOOR_KEY if kind == "floor" else inputs.result.teams[0].team
    rows = series.teams.filter(pl.col("team") == owner).sort("day").tail(TREND_POINTS)
    return tuple(
        (day, None if v is None else rounded(float(v)))
        for day, v in rows.select("day", key).iter_rows()
    )


def _compare_label(word: str, compared: Comparison) -> str:
    """What a change column compares with, and to which moment (reports.md: "the column
    says which")."""
    view: PeriodView = compared.view
    name = f"week of {view.start:%d %b %Y}" if view.kind == "week" else f"{view.start:%B %Y}"
    if view.complete:
        upto = "whole"
    elif view.at.time() == time.max:
        upto = f"to the end of {view.at:%a %d %b}"
    else:
        upto = f"to {view.at:%a %d %b %H:%M}"
    missing = "" if compared.result is not None else ", not in the history"
    return f"{word} ({name}, {upto}{missing})"


def _row(
    key: str, name: str, metrics: Metrics, flags: Sequence[Flag], qsa_bands: dict[str, Band]
) -> PackRow:
    values = {k: metric_value(metrics, k) for k, _, _ in KPIS}
    return PackRow(
        key,
        name,
        values,
        {k: qsa_bands[k].marker(v) if k in qsa_bands else "" for k, v in values.items()},
        len(flags),
        sum(f.pattern == "trend" for f in flags),
    )


def _rows(kind: PackKind, result: CheckResult, qsa_bands: dict[str, Band]) -> list[PackRow]:
    if kind == "floor":
        members: dict[str, list[Flag]] = {}
        for w in result.workers:
            members.setdefault(w.team, []).extend(w.flags)
        rows = [
            _row(t.team, t.supervisor or "", t.metrics, members.get(t.team, []), qsa_bands)
            for t in result.teams
        ]
    else:
        rows = [
            _row(w.worker_id, w.name or "", w.metrics, w.flags, qsa_bands) for w in result.workers
        ]
    # Trends first, then the most flags, then by name (a stable, readable order).
    return sorted(rows, key=lambda r: (-r.trend_flags, -r.flags, r.key))


def _followup_words(f: FollowUp) -> str:
    note = f": {f.note}" if f.note else ""
    return f"{f.at:%Y-%m-%d %H:%M} {f.by} — {f.action}{note}"


def _flag_lines(inputs: PackInputs) -> list[FlagLine]:
    result = inputs.result
    since = datetime.combine(result.period.start, datetime.min.time())
    lines = []
    for w in result.workers:
        done = [f for f in followups(inputs.entries, w.worker_id) if since <= f.at <= result.as_of]
        for flag in w.flags:
            recorded = tuple(_followup_words(f) for f in done if flag_key(flag) in f.flags)
            lines.append(
                FlagLine(
                    w.worker_id, w.name or "", w.team, flag_words(flag), flag.pattern, recorded
                )
            )
    return sorted(lines, key=lambda f: (f.pattern != "trend", f.team, f.worker_id))


def _paused_lines(
    result: CheckResult, roster: pl.DataFrame, settings: Settings
) -> list[PausedLine]:
    """The Paused screen's report (`engine.paused_report`), cut to the tasks that need
    action: over the limit, or of a caseworker near or past the Last Day."""
    if result.paused.is_empty():
        return []
    report = paused_report(result.paused, roster, settings, result.as_of)
    names = {w.worker_id: w.name or "" for w in result.workers}
    out = []
    for row in report.iter_rows(named=True):
        reasons = []
        if row["over_limit"]:
            reasons.append(f"over the {settings.paused_limit_days:g}-day limit")
        left, last_day = row["days_left"], row["last_day"]
        if left is not None and left < 0:
            reasons.append(f"last day was {last_day:%Y-%m-%d}")
        elif left is not None and left <= settings.resign_warning_days:
            reasons.append(f"last day {last_day:%Y-%m-%d} ({left} days left)")
        if reasons:
            out.append(
                PausedLine(
                    row["task_id"] or "",
                    row["worker_id"] or "",
                    names.get(row["worker_id"], ""),
                    row["team"] or "",
                    row["task_type"] or "",
                    rounded(row["days_paused"]),
                    "; ".join(reasons),
                )
            )
    return out


def _title(kind: PackKind, scope: str, result: CheckResult, team: TeamResult | None) -> str:
    p = result.period
    what = f"Week {p.start:%d %b} – {p.end:%d %b %Y}" if p.kind == "week" else f"{p.start:%B %Y}"
    if kind == "team" and team is not None and team.supervisor:
        scope = f"{scope} (supervisor {team.supervisor})"
    as_of = iso(result.as_of).replace("T", " ")
    return f"{'Team' if kind == 'team' else 'Floor'} pack: {scope} · {what} · as of {as_of}"


def _facts(result: CheckResult) -> list[str]:
    # The freshness fields come with the v2 engine; a result without them says so.
    data_as_of = getattr(result, "data_as_of", None)
    age = getattr(result, "age_minutes", None)
    p = result.period
    facts = [f"Period: {p.kind} {p.start:%Y-%m-%d} to {p.end:%Y-%m-%d}"]
    if data_as_of is None:
        facts.append("Data as of: unknown (no live snapshot)")
    else:
        aged = "" if age is None else f", {age:.0f} min old"
        facts.append(f"Data as of: {iso(data_as_of).replace('T', ' ')}{aged}")
    facts.append(f"QSA in force: {result.qsa_quarter or 'qsa.toml (no quarter)'}")
    return facts


def build_pack(
    kind: PackKind,
    scope: str,
    inputs: PackInputs,
    roster: pl.DataFrame,
    settings: Settings,
) -> Pack:
    """Lay a pack out from its check results (see `gather`)."""
    result = inputs.result
    qsa_bands = bands(result.qsa)
    now = _scope_values(kind, result) or {}
    before = _scope_values(kind, inputs.previous.result) or {}
    year = _scope_values(kind, inputs.last_year.result) or {}
    calls = any(now.get(k) is not None for k in _CALL_KPIS)
    kpis = tuple(
        KpiLine(
            key,
            label,
            unit,
            now.get(key),
            qsa_bands.get(key, Band()),
            before.get(key),
            year.get(key),
            _trend(inputs, kind, key),
        )
        for key, label, unit in KPIS
        if calls or key not in _CALL_KPIS
    )
    team = result.teams[0] if kind == "team" and result.teams else None
    trend_note = inputs.series_problem
    if trend_note is None and not any(k.trend for k in kpis):
        trend_note = "no day of this scope is in the history yet: no trend lines"
    stale = bool(getattr(result, "stale", False))
    return Pack(
        kind=kind,
        scope=scope,
        title=_title(kind, scope, result, team),
        facts=tuple(_facts(result)),
        stale=stale,
        previous_label=_compare_label("Previous", inputs.previous),
        last_year_label=_compare_label("Last year", inputs.last_year),
        kpis=kpis,
        trend_note=trend_note,
        row_label="Team" if kind == "floor" else "Caseworker",
        rows=tuple(_rows(kind, result, qsa_bands)),
        flags=tuple(_flag_lines(inputs)),
        paused=tuple(_paused_lines(result, roster, settings)),
        missing_days=tuple(getattr(result, "missing_days", ())),
    )
