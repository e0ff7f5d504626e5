"""Coaching pass rates: by caseworker, team, task type and attribute, over a date range;
and the common errors: fail reasons per attribute, by team and task type.

Counted over the current assessments (a re-assessment replaces the one it supersedes),
dated by when the check was recorded; cancelled checks (and cancelled samples' checks)
are left out. A check passes when its overall result is Pass; an attribute's rate
counts its Pass and Fail marks, N/A left out.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import polars as pl

from floorwatch.coaching.journal import Entry, current
from floorwatch.coaching.output import Report
from floorwatch.coaching.plan import Progress, progress_frame
from floorwatch.coaching.status import cancelled
from floorwatch.figures import figure, rounded, rounded_expr

#: The groupings of a coaching report, in the order shown.
DIMENSIONS = ("caseworker", "team", "task_type", "attribute")
RATE_SCHEMA: dict[str, pl.DataType] = {
    "group": pl.String(),
    "checks": pl.Int64(),
    "passed": pl.Int64(),
    "failed": pl.Int64(),
    "pass_rate_pct": pl.Float64(),
}
_CHECK_SCHEMA: dict[str, pl.DataType] = {
    "id": pl.String(),
    "day": pl.Date(),
    "caseworker": pl.String(),
    "team": pl.String(),
    "task_type": pl.String(),
    "passed": pl.Boolean(),
}
ERROR_SCHEMA: dict[str, pl.DataType] = {
    "attribute": pl.String(),
    "reason": pl.String(),
    "team": pl.String(),
    "task_type": pl.String(),
    "fails": pl.Int64(),
}


@dataclass(frozen=True)
class CoachingReport:
    """Pass rates per dimension, plus the totals they come from."""

    date_from: date | None
    date_to: date | None
    team: str | None
    checks: int
    passed: int
    rates: dict[str, pl.DataFrame]
    #: Fail reasons per attribute, team and task type, the most frequent first.
    common_errors: pl.DataFrame

    @property
    def pass_rate_pct(self) -> float | None:
        return rounded(100 * self.passed / self.checks, 1) if self.checks else None


def checks_frame(
    entries: list[Entry],
    date_from: date | None = None,
    date_to: date | None = None,
    team: str | None = None,
) -> pl.DataFrame:
    """One row per current assessment in range: day, caseworker, team, task type, passed."""
    rows = []
    gone = cancelled(entries)
    for e in current(entries, "assessment"):
        txn = e.data["transaction"]
        if gone.check(e.data["sample_id"], txn["task_id"]):
            continue
        day = e.at.date()
        if (date_from and day < date_from) or (date_to and day > date_to):
            continue
        # Any case, as `check --team` and the app's `/` match.
        if team is not None and (txn.get("team") or "").casefold() != team.strip().casefold():
            continue
        name = txn.get("worker_name")
        who = f"{txn['worker_id']} {name}" if name else txn["worker_id"]
        rows.append(
            {
                "id": e.id,
                "day": day,
                "caseworker": who,
                "team": txn.get("team") or "",
                "task_type": txn.get("task_type") or "",
                "passed": e.data["overall"] == "pass",
            }
        )
    return pl.DataFrame(rows, schema=_CHECK_SCHEMA, orient="row")


def _rates(frame: pl.DataFrame, by: str) -> pl.DataFrame:
    if frame.is_empty():
        return pl.DataFrame(schema=RATE_SCHEMA)
    return (
        frame.group_by(by)
        .agg(
            pl.len().cast(pl.Int64).alias("checks"),
            pl.col("passed").sum().cast(pl.Int64).alias("passed"),
        )
        .with_columns(
            (pl.col("checks") - pl.col("passed")).alias("failed"),
            rounded_expr(100 * pl.col("passed") / pl.col("checks"), 1).alias("pass_rate_pct"),
        )
        .rename({by: "group"})
        .select(list(RATE_SCHEMA))
        .sort("group")  # group_by order is not guaranteed (polars 2 streams)
    )


def attribute_frame(entries: list[Entry], ids: set[str]) -> pl.DataFrame:
    """One row per Pass or Fail mark of the given assessments (N/A left out)."""
    rows = [
        {"attribute": mark.get("label", key), "passed": mark["result"] == "pass"}
        for e in current(entries, "assessment")
        if e.id in ids
        for key, mark in e.data["marks"].items()
        if mark["result"] != "na"
    ]
    return pl.DataFrame(
        rows, schema={"attribute": pl.String(), "passed": pl.Boolean()}, orient="row"
    )


def common_errors(entries: list[Entry], ids: set[str]) -> pl.DataFrame:
    """How often each fail reason of each attribute was given, per team and task type,
    over the given assessments: what fails most, and where."""
    rows = [
        {
            "attribute": mark.get("label", key),
            "reason": mark.get("reason") or "",
            "team": e.data["transaction"].get("team") or "",
            "task_type": e.data["transaction"].get("task_type") or "",
        }
        for e in current(entries, "assessment")
        if e.id in ids
        for key, mark in e.data["marks"].items()
        if mark["result"] == "fail"
    ]
    keys = ["attribute", "reason", "team", "task_type"]
    if not rows:
        return pl.DataFrame(schema=ERROR_SCHEMA)
    return (
        pl.DataFrame(rows, schema={k: pl.String() for k in keys}, orient="row")
        .group_by(keys)
        .agg(pl.len().cast(pl.Int64).alias("fails"))
        .sort(["fails", *keys], descending=[True, False, False, False, False])
    )


def coaching_report(
    entries: list[Entry],
    date_from: date | None = None,
    date_to: date | None = None,
    team: str | None = None,
) -> CoachingReport:
    """Pass rates by caseworker, team, task type and attribute over the range."""
    checks = checks_frame(entries, date_from, date_to, team)
    attributes = attribute_frame(entries, set(checks["id"].to_list()))
    rates = {by: _rates(checks, by) for by in ("caseworker", "team", "task_type")}
    rates["attribute"] = _rates(attributes, "attribute")
    passed = int(checks["passed"].sum()) if checks.height else 0
    errors = common_errors(entries, set(checks["id"].to_list()))
    return CoachingReport(date_from, date_to, team, checks.height, passed, rates, errors)


_BY_TITLE = {
    "caseworker": "By caseworker",
    "team": "By team",
    "task_type": "By task type",
    "attribute": "By attribute",
}


def as_report(
    report: CoachingReport, plan: tuple[Progress, ...] | None = None, month: str = "this month"
) -> Report:
    """The coaching report's tables for Markdown, CSV and XLSX; with the plan's progress
    in `month` first when a plan is given."""
    since = report.date_from.isoformat() if report.date_from else "the first check"
    until = report.date_to.isoformat() if report.date_to else "the last check"
    rate = "—" if report.pass_rate_pct is None else f"{figure(report.pass_rate_pct)} %"
    lines = [
        f"Checks recorded from {since} to {until}"
        + (f", team {report.team}" if report.team else "")
        + f": {report.checks}, passed {report.passed} ({rate}).",
        "A check passes when its overall result is Pass; attributes count Pass and Fail "
        "marks, N/A left out; cancelled checks are not counted.",
    ]
    tables = [(_BY_TITLE[by], report.rates[by]) for by in DIMENSIONS]
    tables.append(("Common errors", report.common_errors))
    if plan:
        lines[:0] = [f"Coaching plan, {month}:", *(f"- {p.sentence(month)}" for p in plan), ""]
        tables.insert(0, (f"Coaching plan, {month}", progress_frame(plan)))
    return Report("Coaching pass rates", tuple(lines), tuple(tables))
