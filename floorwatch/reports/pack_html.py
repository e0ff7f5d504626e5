"""A pack as one self-contained HTML page: inline styles and SVG charts, no script, no
external reference, readable on screen and on paper (`@media print`)."""

from __future__ import annotations

from html import escape

from floorwatch.reports.numbers import EMPTY, change_text, number_text
from floorwatch.reports.pack_model import COUNT_KPIS, KPIS, Pack
from floorwatch.reports.svg import line_chart
from floorwatch.safe_text import terminal_safe

_LABELS = {key: label for key, label, _ in KPIS}

_STYLE = """
body { font-family: "Segoe UI", Arial, sans-serif; color: #1b1b1b; margin: 24px; }
h1 { font-size: 1.35em; margin: 0 0 6px; }
h2 { font-size: 1.1em; margin: 22px 0 8px; border-bottom: 1px solid #bbb; }
.stale { background: #b00020; color: #fff; padding: 2px 8px; font-weight: bold; }
ul.facts { margin: 4px 0; padding-left: 18px; color: #333; }
table { border-collapse: collapse; font-size: 0.9em; }
th, td { border: 1px solid #ccc; padding: 3px 7px; }
th { background: #eef1f5; text-align: left; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
td.out { color: #8a4b00; font-weight: bold; }
.charts { display: flex; flex-wrap: wrap; gap: 12px; }
figure { margin: 0; border: 1px solid #ddd; padding: 6px; break-inside: avoid; }
figcaption { font-size: 0.85em; font-weight: bold; margin-bottom: 2px; }
svg .plot { fill: #fff; stroke: #ccc; }
svg .band { fill: #dcefdc; }
svg .band-edge { stroke: #6a9f6a; stroke-dasharray: 4 3; }
svg .line { fill: none; stroke: #1f5fa8; stroke-width: 2; }
svg .dot { fill: #1f5fa8; }
svg .axis { font-size: 10px; fill: #555; }
li.trend { font-weight: bold; }
.note { color: #555; font-style: italic; }
@media print {
  body { margin: 0; font-size: 10pt; }
  h2 { break-after: avoid; }
  table, figure, tr { break-inside: avoid; }
  th { background: #eee; -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  svg .band { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
}
"""


def _text(value: object) -> str:
    """Input text for HTML: no control characters, markup escaped."""
    return escape(terminal_safe(str(value), one_line=True))


def _num_cell(value: float | None, whole: bool, marker: str = "") -> str:
    text = number_text(value, whole=whole)
    cls = "num out" if marker else "num"
    return f'<td class="{cls}">{text}{" " + marker if marker else ""}</td>'


def _table(head: list[str], rows: list[str]) -> str:
    th = "".join(f"<th>{h}</th>" for h in head)
    return f"<table><thead><tr>{th}</tr></thead><tbody>{''.join(rows)}</tbody></table>"


def _kpis(pack: Pack) -> str:
    rows = []
    for k in pack.kpis:
        whole = k.key in COUNT_KPIS
        unit = f" ({k.unit})" if k.unit else ""
        rows.append(
            f"<tr><td>{_text(k.label + unit)}</td>{_num_cell(k.value, whole, k.marker)}"
            f"<td>{_text(k.band.text or EMPTY)}</td>"
            f"{_num_cell(k.previous, whole)}"
            f'<td class="num">{change_text(k.change_previous, whole=whole)}</td>'
            f"{_num_cell(k.last_year, whole)}"
            f'<td class="num">{change_text(k.change_last_year, whole=whole)}</td></tr>'
        )
    head = [
        "KPI",
        "Value",
        "QSA band",
        _text(pack.previous_label),
        "Change",
        _text(pack.last_year_label),
        "Change",
    ]
    return _table(head, rows)


def _charts(pack: Pack) -> str:
    parts = []
    if pack.trend_note:
        parts.append(f'<p class="note">{_text(pack.trend_note)}</p>')
    figures = [
        f"<figure><figcaption>{_text(k.label)}"
        f"{' — QSA ' + _text(k.band.text) if k.band.text else ''}</figcaption>"
        f"{line_chart(k.label, k.trend, k.band.low, k.band.high)}</figure>"
        for k in pack.kpis
        if k.trend
    ]
    if figures:
        parts.append(f'<div class="charts">{"".join(figures)}</div>')
    return "".join(parts)


def _rows(pack: Pack) -> str:
    keys = [k.key for k in pack.kpis]
    who = "Supervisor" if pack.kind == "floor" else "Name"
    head = [pack.row_label, who, "Flags", "Trend flags", *(_LABELS[k] for k in keys)]
    rows = []
    for r in pack.rows:
        cells = "".join(
            _num_cell(r.values.get(k), k in COUNT_KPIS, r.markers.get(k, "")) for k in keys
        )
        rows.append(
            f"<tr><td>{_text(r.key)}</td><td>{_text(r.name) or EMPTY}</td>"
            f'<td class="num">{r.flags}</td><td class="num">{r.trend_flags}</td>{cells}</tr>'
        )
    return _table(head, rows)


def _flags(pack: Pack) -> str:
    if not pack.flags:
        return "<p>No flags in the period.</p>"
    items = []
    for f in pack.flags:
        # The sentence ends in [TREND] or [one-time]; a trend's line is in bold too.
        follow = "".join(f"<li>Follow-up {_text(t)}</li>" for t in f.followups)
        items.append(
            f'<li class="{"trend" if f.pattern == "trend" else "once"}">'
            f"{_text(f.worker_id)} {_text(f.name)} ({_text(f.team)}): {_text(f.sentence)}"
            f"{'<ul>' + follow + '</ul>' if follow else ''}</li>"
        )
    return f"<ul>{''.join(items)}</ul>"


def _paused(pack: Pack) -> str:
    if not pack.paused:
        return "<p>No paused task over the limit or of a caseworker near or past the Last Day.</p>"
    rows = [
        f"<tr><td>{_text(p.task_id)}</td><td>{_text(p.worker_id)} {_text(p.name)}</td>"
        f"<td>{_text(p.team)}</td><td>{_text(p.task_type)}</td>"
        f"{_num_cell(p.days_paused, False)}<td>{_text(p.why)}</td></tr>"
        for p in pack.paused
    ]
    return _table(["Task", "Caseworker", "Team", "Task type", "Days paused", "Why"], rows)


def render_pack_html(pack: Pack) -> str:
    """The whole pack as one HTML document."""
    stale = (
        '<p><span class="stale">STALE</span> the newest dashboard export is older '
        "than the stale limit.</p>"
        if pack.stale
        else ""
    )
    facts = "".join(f"<li>{_text(f)}</li>" for f in pack.facts)
    if pack.missing_days:
        days = ", ".join(f"{d:%Y-%m-%d}" for d in pack.missing_days)
        facts += f"<li>Days without any dashboard export (not counted): {days}</li>"
    sections = [
        ("Headline KPIs", _kpis(pack)),
        ("Last 10 days with data", _charts(pack)),
        ("Teams" if pack.kind == "floor" else "Caseworkers", _rows(pack)),
        ("Flags", _flags(pack)),
        ("Paused work", _paused(pack)),
    ]
    body = "".join(f"<h2>{title}</h2>{content}" for title, content in sections)
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en"><head><meta charset="utf-8">'
        f"<title>{_text(pack.first_line)}</title><style>{_STYLE}</style></head><body>"
        f'<h1>{_text(pack.first_line)}</h1>{stale}<ul class="facts">{facts}</ul>{body}'
        '<p class="note">▲/▼ outside the QSA band. Numbers as '
        "<code>floorwatch check --no-record</code> gives them.</p>"
        "</body></html>\n"
    )
