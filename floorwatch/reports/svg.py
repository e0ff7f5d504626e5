"""An inline SVG line chart of a KPI's last days, with its QSA band shaded.

Plain SVG markup, no script and no external reference: it prints and it opens offline.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from html import escape

WIDTH, HEIGHT = 320, 120
_LEFT, _RIGHT, _TOP, _BOTTOM = 44, 10, 10, 22


def _fmt(value: float) -> str:
    return f"{value:.0f}" if abs(value) >= 100 or value == int(value) else f"{value:.1f}"


def line_chart(
    title: str,
    points: Sequence[tuple[date, float | None]],
    low: float | None,
    high: float | None,
) -> str:
    """An SVG of `points` (None: a gap) over the band `low`..`high` (either may be None).

    The y range covers the values and the band's finite ends, so a band always shows
    where the line stands against it.
    """
    values = [v for _, v in points if v is not None]
    ends = [e for e in (low, high) if e is not None]
    span_of = values + ends
    y_min, y_max = min(span_of), max(span_of)
    if y_max == y_min:
        y_min, y_max = y_min - 1, y_max + 1
    pad = (y_max - y_min) * 0.08
    y_min, y_max = y_min - pad, y_max + pad
    plot_w, plot_h = WIDTH - _LEFT - _RIGHT, HEIGHT - _TOP - _BOTTOM

    def x(i: int) -> float:
        return _LEFT + (plot_w * i / (len(points) - 1) if len(points) > 1 else plot_w / 2)

    def y(v: float) -> float:
        return _TOP + plot_h * (y_max - v) / (y_max - y_min)

    parts = [
        f'<svg class="chart" width="{WIDTH}" '
        f'height="{HEIGHT}" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" '
        f'aria-label="{escape(title)}">',
        f"<title>{escape(title)}</title>",
        f'<rect x="{_LEFT}" y="{_TOP}" width="{plot_w}" height="{plot_h}" class="plot"/>',
    ]
    if ends:
        top = y(high) if high is not None else _TOP
        bottom = y(low) if low is not None else _TOP + plot_h
        parts.append(
            f'<rect x="{_LEFT}" y="{top:.1f}" width="{plot_w}" height="{bottom - top:.1f}" '
            'class="band"/>'
        )
        parts += [
            f'<line x1="{_LEFT}" x2="{_LEFT + plot_w}" y1="{y(e):.1f}" y2="{y(e):.1f}" '
            f'class="band-edge"/>'
            for e in ends
        ]
    # A gap (a day without the KPI) breaks the line into segments.
    segment: list[str] = []
    segments: list[list[str]] = []
    for i, (_, v) in enumerate(points):
        if v is None:
            if segment:
                segments.append(segment)
            segment = []
        else:
            segment.append(f"{x(i):.1f},{y(v):.1f}")
    if segment:
        segments.append(segment)
    for seg in segments:
        parts.append(f'<polyline points="{" ".join(seg)}" class="line"/>')
        parts += [
            f'<circle cx="{p.split(",")[0]}" cy="{p.split(",")[1]}" r="2.5" class="dot"/>'
            for p in seg
        ]
    for v in (y_max - pad, y_min + pad):
        parts.append(
            f'<text x="{_LEFT - 4}" y="{y(v) + 4:.1f}" class="axis" text-anchor="end">'
            f"{_fmt(v)}</text>"
        )
    first, last = points[0][0], points[-1][0]
    base = HEIGHT - 6
    parts.append(f'<text x="{_LEFT}" y="{base}" class="axis">{first:%d %b}</text>')
    parts.append(
        f'<text x="{_LEFT + plot_w}" y="{base}" class="axis" text-anchor="end">{last:%d %b}</text>'
    )
    parts.append("</svg>")
    return "".join(parts)
