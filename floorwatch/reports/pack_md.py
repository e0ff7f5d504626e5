"""A pack as GitHub-style markdown (stdout by default, so no control character gets out)."""

from __future__ import annotations

import re

from floorwatch.reports.numbers import EMPTY, change_text, number_text
from floorwatch.reports.pack_model import COUNT_KPIS, KPIS, KpiLine, Pack, PackRow
from floorwatch.reports.spark import block_line
from floorwatch.safe_text import terminal_safe

# Markdown that input text could trigger: tables (|), HTML (< >), emphasis, links, code.
_MARKUP = re.compile(r"([\\|<>*_\[\]`])")


def md_text(text: object) -> str:
    """Input text for a markdown cell or line: no control characters, no markup."""
    return _MARKUP.sub(r"\\\1", terminal_safe(str(text), one_line=True)).replace("\t", " ")


def _value(kpi: KpiLine) -> str:
    text = number_text(kpi.value, whole=kpi.key in COUNT_KPIS)
    return f"{text} {kpi.marker}" if kpi.marker else text


def _table(head: list[str], rows: list[list[str]], right: set[int]) -> list[str]:
    rule = ["---:" if i in right else "---" for i in range(len(head))]
    return [f"| {' | '.join(r)} |" for r in (head, rule, *rows)]


def _kpi_table(pack: Pack) -> list[str]:
    head = [
        "KPI",
        "Value",
        "QSA band",
        md_text(pack.previous_label),
        "Change",
        md_text(pack.last_year_label),
        "Change",
    ]
    rows = []
    for k in pack.kpis:
        whole = k.key in COUNT_KPIS
        unit = f" ({k.unit})" if k.unit else ""
        rows.append(
            [
                f"{k.label}{unit}",
                _value(k),
                k.band.text or EMPTY,
                number_text(k.previous, whole=whole),
                change_text(k.change_previous, whole=whole),
                number_text(k.last_year, whole=whole),
                change_text(k.change_last_year, whole=whole),
            ]
        )
    return _table(head, rows, {1, 3, 4, 5, 6})


def _trend_lines(pack: Pack) -> list[str]:
    items = []
    for k in pack.kpis:
        if not k.trend:
            continue
        values = [v for _, v in k.trend]
        first, last = k.trend[0][0], k.trend[-1][0]
        whole = k.key in COUNT_KPIS
        span = f"{first:%d %b} → {last:%d %b}: {number_text(values[0], whole=whole)} → " + (
            number_text(values[-1], whole=whole)
        )
        items.append(f"- {k.label}: `{block_line(values)}` ({span})")
    if not pack.trend_note:
        return items
    note = f"_{md_text(pack.trend_note)}_"
    return [note, "", *items] if items else [note]


def _row_cells(pack: Pack, row: PackRow) -> list[str]:
    cells = [md_text(row.key), md_text(row.name) or EMPTY, str(row.flags), str(row.trend_flags)]
    for key in (k.key for k in pack.kpis):
        text = number_text(row.values.get(key), whole=key in COUNT_KPIS)
        marker = row.markers.get(key, "")
        cells.append(f"{text} {marker}" if marker else text)
    return cells


def _rows_table(pack: Pack) -> list[str]:
    labels = {key: label for key, label, _ in KPIS}
    who = "Supervisor" if pack.kind == "floor" else "Name"
    head = [pack.row_label, who, "Flags", "Trend flags", *(labels[k.key] for k in pack.kpis)]
    rows = [_row_cells(pack, r) for r in pack.rows]
    return _table(head, rows, set(range(2, len(head))))


def _flag_lines(pack: Pack) -> list[str]:
    if not pack.flags:
        return ["No flags in the period."]
    lines = []
    for f in pack.flags:
        # The sentence ends in [TREND] or [one-time]; a trend's caseworker is in bold too.
        who = f"{md_text(f.worker_id)} {md_text(f.name)}".strip()
        who = f"**{who}**" if f.pattern == "trend" else who
        lines.append(f"- {who} ({md_text(f.team)}): {md_text(f.sentence)}")
        lines += [f"  - Follow-up {md_text(text)}" for text in f.followups]
    return lines


def _paused_lines(pack: Pack) -> list[str]:
    if not pack.paused:
        return ["No paused task over the limit or of a caseworker near or past the Last Day."]
    head = ["Task", "Caseworker", "Team", "Task type", "Days paused", "Why"]
    rows = [
        [
            md_text(p.task_id),
            f"{md_text(p.worker_id)} {md_text(p.name)}".strip(),
            md_text(p.team),
            md_text(p.task_type),
            number_text(p.days_paused),
            md_text(p.why),
        ]
        for p in pack.paused
    ]
    return _table(head, rows, {4})


def render_pack_md(pack: Pack) -> str:
    """The whole pack, in reports.md's order."""
    lines = [f"# {md_text(pack.first_line)}", ""]
    if pack.stale:
        lines += ["**STALE**: the newest dashboard export is older than the stale limit.", ""]
    lines += [f"- {md_text(fact)}" for fact in pack.facts]
    if pack.missing_days:
        days = ", ".join(f"{d:%Y-%m-%d}" for d in pack.missing_days)
        lines.append(f"- Days without any dashboard export (not counted): {days}")
    sections = (
        ("Headline KPIs", _kpi_table(pack)),
        ("Last 10 days with data", _trend_lines(pack)),
        ("Teams" if pack.kind == "floor" else "Caseworkers", _rows_table(pack)),
        ("Flags", _flag_lines(pack)),
        ("Paused work", _paused_lines(pack)),
    )
    for heading, body in sections:
        lines += ["", f"## {heading}", "", *body]
    lines.append("")
    lines.append("▲/▼: outside the QSA band. Numbers as `floorwatch check --no-record` gives them.")
    return "\n".join(lines) + "\n"
