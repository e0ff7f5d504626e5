"""CSV: one row per flag, for spreadsheets and scripts."""

from __future__ import annotations

import csv
import io

from floorwatch.engine.result import CheckResult
from floorwatch.output.json_form import iso, rounded
from floorwatch.safe_text import spreadsheet_safe

COLUMNS = (
    "as_of",
    "period",
    "team",
    "worker_id",
    "name",
    "check",
    "subject",
    "value",
    "expected",
    "pattern",
    "detail",
)


def render_csv(result: CheckResult) -> str:
    """One row per flag; text from input files is escaped so that no cell is a formula."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    for w in result.workers:
        for f in w.flags:
            writer.writerow(
                spreadsheet_safe(cell)
                for cell in (
                    iso(result.as_of),
                    result.period.kind,
                    w.team,
                    w.worker_id,
                    w.name or "",
                    f.check,
                    f.subject or "",
                    rounded(f.value),
                    rounded(f.expected),
                    f.pattern,
                    f.detail,
                )
            )
    return out.getvalue()
