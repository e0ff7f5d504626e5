"""Sparklines of block characters: a trend line in plain text (md packs, the TUI's cells)."""

from __future__ import annotations

from collections.abc import Sequence

BLOCKS = "▁▂▃▄▅▆▇█"


def block_line(values: Sequence[float | None]) -> str:
    """One block a value, scaled between the values' own min and max; a gap is a space."""
    known = [v for v in values if v is not None]
    if not known:
        return ""
    low, high = min(known), max(known)
    span = high - low
    chars = []
    for v in values:
        if v is None:
            chars.append(" ")
        else:
            level = 0 if span == 0 else round((v - low) / span * (len(BLOCKS) - 1))
            chars.append(BLOCKS[level])
    return "".join(chars)
