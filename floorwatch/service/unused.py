"""Every drop file accounted for: the files read fine that gave the run no row, and why."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from floorwatch.engine import CheckResult
from floorwatch.engine.result import Unused
from floorwatch.ingest import LoadedExport
from floorwatch.service.request import AS_OF_KINDS
from floorwatch.store import (
    StoredExport,
    dated_by,
)


def without_redated(
    known: list[StoredExport | LoadedExport],
) -> list[StoredExport | LoadedExport]:
    """Leave out provisional (mtime-dated) copies of bytes that a drop-folder export not
    stored by this run carries with a real time: storing it would re-date them."""
    firm = {e.content_hash for e in known if isinstance(e, LoadedExport) and dated_by(e) != "mtime"}
    if not firm:
        return known
    return [
        e
        for e in known
        if e.content_hash not in firm
        or (dated_by(e) if isinstance(e, LoadedExport) else e.dated_by) != "mtime"
    ]


def unused_files(
    read_fine: Sequence[tuple[str, LoadedExport | StoredExport]], result: CheckResult
) -> tuple[Unused, ...]:
    """The drop files read fine that gave the run no row, each with why (kpis.md, v2).

    With `sources` and `errors`, every candidate file of the drop folder is accounted for.
    A file counts as used when a source of its kind and export time carries its name (or
    the name its bytes were first stored under).
    """
    used = {(s.kind, s.export_time, s.file) for s in result.sources}
    used_times = {(s.kind, s.export_time) for s in result.sources}
    out = []
    for name, export in read_fine:
        key = (export.kind, export.export_time)
        if (*key, name) in used:
            continue
        if key in used_times and isinstance(export, StoredExport):
            continue  # the same bytes, stored under the name they first came with
        out.append(Unused(name, export.kind, export.export_time, _why_unused(export, result)))
    return tuple(sorted(out, key=lambda u: (u.export_time, u.file)))


def _why_unused(export: LoadedExport | StoredExport, result: CheckResult) -> str:
    """Why a file read fine gave no row: after the as-of, before the period, or
    superseded by a newer export of its kind."""
    kind = export.kind
    if export.export_time > result.as_of:
        return "its export time is after the as-of"
    if export.export_time.date() < result.period.start:
        return "its export time is outside the period"
    newer = any(s.kind == kind and s.export_time > export.export_time for s in result.sources)
    if kind == "actions":
        if isinstance(export, LoadedExport) and export.frame.height:
            last = export.frame["start"].max()
            if isinstance(last, datetime) and last.date() < result.period.start:
                return "every transaction in it started before the period"
        return "every transaction in it is in a newer actions export, or outside the period"
    if kind == "dashboard" and newer:
        return "every caseworker in it is in a newer dashboard snapshot of the day"
    if newer:
        return f"a newer {kind} export is used"
    if kind not in AS_OF_KINDS and export.export_time.date() != result.as_of.date():
        return f"a {kind} export counts only on its own day"
    return "none of its rows was used"
