"""The JSON of `spec/check-output.md`: a stable interface (keys are added, never renamed)."""

from __future__ import annotations

import json
import re
from datetime import date, datetime
from typing import Any

from floorwatch.engine.result import (
    METRIC_KEYS,
    CheckResult,
    Flag,
    Metrics,
    Period,
    TeamResult,
    WorkerResult,
)
from floorwatch.figures import rounded as by_the_rule
from floorwatch.ingest.model import LoadError

#: DEL and the C1 controls: `json.dumps(ensure_ascii=False)` writes them raw, and some
#: terminals act on them (U+009B is a CSI); as `\u` escapes the JSON means the same.
_RAW_CONTROLS = re.compile("[\x7f-\x9f]")


def rounded(x: float | None) -> float | None:
    """Output rounds to 2 decimals; comparisons never see this.

    By the one rounding rule (`floorwatch.figures`), as every printed number.
    """
    return None if x is None else by_the_rule(x, 2)


def iso(moment: datetime) -> str:
    """ISO 8601 without zone, seconds included."""
    return moment.isoformat(timespec="seconds")


def metrics_dict(m: Metrics) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key in METRIC_KEYS:
        value = getattr(m, key)
        if key in ("txn_minutes_by_task_type", "presence_minutes"):
            out[key] = {k: rounded(v) for k, v in value.items()}
        elif isinstance(value, int):
            out[key] = value
        else:
            out[key] = rounded(value)
    return out


def flag_dict(f: Flag) -> dict[str, Any]:
    out: dict[str, Any] = {"check": f.check}
    if f.subject_key is not None:
        out[f.subject_key] = f.subject
    out |= {
        "value": rounded(f.value),
        "expected": rounded(f.expected),
        "pattern": f.pattern,
        "detail": f.detail,
        "trend_days": [d.isoformat() for d in f.trend_days],
    }
    return out


def worker_dict(w: WorkerResult) -> dict[str, Any]:
    return {
        "worker_id": w.worker_id,
        "name": w.name,
        "team": w.team,
        "status": w.status,
        "status_minutes": rounded(w.status_minutes),
        "task_type": w.task_type,
        "metrics": metrics_dict(w.metrics),
        "flags": [flag_dict(f) for f in w.flags],
    }


def team_dict(t: TeamResult) -> dict[str, Any]:
    return {
        "team": t.team,
        "workers": t.workers,
        "flagged_workers": t.flagged_workers,
        "trending_workers": t.trending_workers,
        "supervisor": t.supervisor,
        "coordinator": t.coordinator,
        "not_logged_in": t.not_logged_in,
        "metrics": metrics_dict(t.metrics),
    }


def period_dict(p: Period) -> dict[str, str]:
    return {"kind": p.kind, "start": p.start.isoformat(), "end": p.end.isoformat()}


def result_dict(result: CheckResult) -> dict[str, Any]:
    """The whole result as the JSON shape of `spec/check-output.md`."""
    return {
        "as_of": iso(result.as_of),
        "data_as_of": None if result.data_as_of is None else iso(result.data_as_of),
        "age_minutes": rounded(result.age_minutes),
        "stale": result.stale,
        "period": period_dict(result.period),
        "missing_days": [d.isoformat() for d in result.missing_days],
        "workers": [worker_dict(w) for w in result.workers],
        "teams": [team_dict(t) for t in result.teams],
        "sources": [
            {"file": s.file, "kind": s.kind, "rows": s.rows, "export_time": iso(s.export_time)}
            for s in result.sources
        ],
        "errors": [e.as_dict() for e in result.errors],
        "unused": [
            {"file": u.file, "kind": u.kind, "export_time": iso(u.export_time), "reason": u.reason}
            for u in result.unused
        ],
    }


def failure_dict(errors: list[LoadError], reason: str) -> dict[str, Any]:
    """The JSON printed when the run could not go on (exit 2): no result, only errors."""
    return {
        "as_of": None,
        "data_as_of": None,
        "age_minutes": None,
        "stale": True,
        "period": None,
        "missing_days": [],
        "workers": [],
        "teams": [],
        "sources": [],
        "errors": [*(e.as_dict() for e in errors), {"file": None, "error": reason}],
        "unused": [],
    }


def _default(value: object) -> str:
    if isinstance(value, datetime):
        return iso(value)
    if isinstance(value, date):
        return value.isoformat()
    raise TypeError(f"not JSON: {value!r}")


def render_json(payload: dict[str, Any]) -> str:
    """The payload as JSON: one top-level key a line, and each item of a list (a
    caseworker, a team, a source) on a line of its own.

    Readable with `grep` and a pager, and fast: `json.dumps` with `indent` runs Python's
    pure encoder (0.2 s for a statewide floor); without it, the C one.
    """

    # One encoder for every item (json.dumps with options builds one per call: 100,000
    # refused files are 100,000 items), and the controls escaped once over the whole.
    dumps = json.JSONEncoder(ensure_ascii=False, default=_default).encode
    lines = []
    for key, value in payload.items():
        if isinstance(value, list) and value:
            items = ",\n    ".join(map(dumps, value))
            lines.append(f"  {dumps(key)}: [\n    {items}\n  ]")
        else:
            lines.append(f"  {dumps(key)}: {dumps(value)}")
    text = "{\n" + ",\n".join(lines) + "\n}"
    return _RAW_CONTROLS.sub(lambda m: f"\\u{ord(m.group()):04x}", text)
