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
from datetime import date, datetime, time

import polars as pl

from floorwatch.coaching.followup import FollowUp, flag_key, followups
from floorwatch.engine.paused_report import paused_report
from floorwatch.engine.result import CheckResult, Flag, Metrics, TeamResult
from floorwatch.engine.series import SERIES_KPIS
from floorwatch.engine.stepping import PeriodView
from floorwatch.output.json_form import iso, rounded
from floorwatch.output.table_form import flag_words
from floorwatch.reports.gather import Comparison, PackInputs
from floorwatch.reports.pack_model import (
    CALL_KPIS,
    FLOOR_KEY,
    KPIS,
    TREND_POINTS,
    Band,
    FlagLine,
    KpiLine,
    Pack,
    PackKind,
    PackRow,
    PausedLine,
    bands,
    floor_values,
    metric_value,
)
from floorwatch.settings import Settings


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
    calls = any(now.get(k) is not None for k in CALL_KPIS)
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
        if calls or key not in CALL_KPIS
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
