"""An inline SVG line chart of a KPI's last days, with its QSA band shaded.

Plain SVG markup, no script and no external reference: it prints and it opens offline.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from html import escape

WIDTH, HEIGHT = 320, 120
_LEFT, _RIGHT, _TOP, _BOTTOM = 44, 10, 10, 22
_PLOT_W, _PLOT_H = WIDTH - _LEFT - _RIGHT, HEIGHT - _TOP - _BOTTOM


def _fmt(value: float) -> str:
    return f"{value:.0f}" if abs(value) >= 100 or value == int(value) else f"{value:.1f}"


@dataclass(frozen=True)
class _Scale:
    """Where a value lands on the chart: `count` days across, `y_min`..`y_max` up."""

    count: int
    y_min: float
    y_max: float
    #: The margin added above and below the values, so no dot sits on the frame.
    pad: float

    @classmethod
    def covering(cls, count: int, span_of: list[float]) -> _Scale:
        """The scale for `count` days whose y range covers every number of `span_of`."""
        y_min, y_max = min(span_of), max(span_of)
        if y_max == y_min:
            y_min, y_max = y_min - 1, y_max + 1
        pad = (y_max - y_min) * 0.08
        return cls(count, y_min - pad, y_max + pad, pad)

    def x(self, i: int) -> float:
        """The x of the `i`-th day (a single day stands in the middle)."""
        return _LEFT + (_PLOT_W * i / (self.count - 1) if self.count > 1 else _PLOT_W / 2)

    def y(self, v: float) -> float:
        """The y of value `v`."""
        return _TOP + _PLOT_H * (self.y_max - v) / (self.y_max - self.y_min)


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
    ends = [e for e in (low, high) if e is not None]
    scale = _Scale.covering(len(points), [v for _, v in points if v is not None] + ends)
    parts = [
        f'<svg class="chart" width="{WIDTH}" '
        f'height="{HEIGHT}" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" '
        f'aria-label="{escape(title)}">',
        f"<title>{escape(title)}</title>",
        f'<rect x="{_LEFT}" y="{_TOP}" width="{_PLOT_W}" height="{_PLOT_H}" class="plot"/>',
    ]
    if ends:
        parts += _band(scale, low, high, ends)
    parts += _line(scale, points)
    parts += _axis_labels(scale, points)
    parts.append("</svg>")
    return "".join(parts)


def _band(scale: _Scale, low: float | None, high: float | None, ends: list[float]) -> list[str]:
    """The shaded QSA band (open-ended to the frame when one end is None) and its edges."""
    top = scale.y(high) if high is not None else _TOP
    bottom = scale.y(low) if low is not None else _TOP + _PLOT_H
    return [
        f'<rect x="{_LEFT}" y="{top:.1f}" width="{_PLOT_W}" height="{bottom - top:.1f}" '
        'class="band"/>',
        *(
            f'<line x1="{_LEFT}" x2="{_LEFT + _PLOT_W}" y1="{scale.y(e):.1f}" '
            f'y2="{scale.y(e):.1f}" class="band-edge"/>'
            for e in ends
        ),
    ]


def _line(scale: _Scale, points: Sequence[tuple[date, float | None]]) -> list[str]:
    """The KPI's line with a dot per day."""
    # A gap (a day without the KPI) breaks the line into segments.
    segment: list[str] = []
    segments: list[list[str]] = []
    for i, (_, v) in enumerate(points):
        if v is None:
            if segment:
                segments.append(segment)
            segment = []
        else:
            segment.append(f"{scale.x(i):.1f},{scale.y(v):.1f}")
    if segment:
        segments.append(segment)
    parts: list[str] = []
    for seg in segments:
        parts.append(f'<polyline points="{" ".join(seg)}" class="line"/>')
        parts += [
            f'<circle cx="{p.split(",")[0]}" cy="{p.split(",")[1]}" r="2.5" class="dot"/>'
            for p in seg
        ]
    return parts


def _axis_labels(scale: _Scale, points: Sequence[tuple[date, float | None]]) -> list[str]:
    """The highest and lowest values on the left, the first and last day below."""
    parts = [
        f'<text x="{_LEFT - 4}" y="{scale.y(v) + 4:.1f}" class="axis" text-anchor="end">'
        f"{_fmt(v)}</text>"
        for v in (scale.y_max - scale.pad, scale.y_min + scale.pad)
    ]
    first, last = points[0][0], points[-1][0]
    base = HEIGHT - 6
    parts.append(f'<text x="{_LEFT}" y="{base}" class="axis">{first:%d %b}</text>')
    parts.append(
        f'<text x="{_LEFT + _PLOT_W}" y="{base}" class="axis" text-anchor="end">{last:%d %b}</text>'
    )
    return parts
