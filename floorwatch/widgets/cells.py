"""Table cells that never rely on colour alone: every coloured value carries a marker.

Markers: ▲ above the QSA band, ▼ below it, ! flagged, !! trending (see the help screen).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta

from rich.text import Text

from floorwatch.engine.result import CheckResult, Flag, Metrics
from floorwatch.figures import EMPTY, figure
from floorwatch.settings import QSA
from floorwatch.widgets.table_values import ValueText

ABOVE, BELOW = "▲", "▼"
# Rich styles (DataTable cells are Rich renderables, so theme variables do not apply).
WARN, WARN_SOFT, BAD, GOOD = "bold yellow", "yellow", "bold red", "green"
#: Short words for a table column; the drilldown and help use CHECK_TITLE in full.
FLAG_WORD = {
    "NOT_LOGGED_IN": "not logged in",
    "IDLE_NOW": "idle now",
    "LONG_ACTIVE": "long on task",
    "LONG_TXN": "slow txns",
    "SHORT_TXN": "short txns",
    "LOW_UTILIZATION": "low util",
    "HIGH_UTILIZATION": "high util",
    "LOW_LOGGED_IN": "low logged-in",
    "LOW_COMPLETION": "low completion",
    "HIGH_COMPLETION": "completion too high",
    "LOW_GET_NEXT": "low Get Next",
    "PAUSED_OVER_LIMIT": "paused too long",
    "PAUSED_BEFORE_LAST_DAY": "paused before last day",
    "PAUSED_AFTER_LAST_DAY": "paused after leaving",
    "LONG_HANDLE": "long calls",
    "SHORT_HANDLE": "short calls",
    "STATUS_OVER_ALLOWANCE": "status over allowance",
}
#: The Team table's flag codes: one or two whole words each, so a row's flags fit beside
#: the name at 80 columns; the sentence under the table says the rest.
FLAG_SHORT = {
    "IDLE_NOW": "idle",
    "LONG_ACTIVE": "long task",
    "LONG_TXN": "slow txn",
    "SHORT_TXN": "short txn",
    "LOW_UTILIZATION": "low util",
    "HIGH_UTILIZATION": "high util",
    "LOW_LOGGED_IN": "low login",
    "LOW_COMPLETION": "low compl",
    "HIGH_COMPLETION": "high compl",
    "LOW_GET_NEXT": "low GetNx",
    "PAUSED_OVER_LIMIT": "paused",
    "PAUSED_BEFORE_LAST_DAY": "leaving",
    "PAUSED_AFTER_LAST_DAY": "left",
    "NOT_LOGGED_IN": "not in",
    "LONG_HANDLE": "long calls",
    "SHORT_HANDLE": "short calls",
    "STATUS_OVER_ALLOWANCE": "status",
}
#: After a trend flag's short word: colour is never the only signal.
TREND_MARK = "!!"


def number(value: float | None, digits: int = 1) -> str:
    """A rounded number (the one rule, `floorwatch.figures`), or a dash."""
    return figure(value, digits)


def ranged(value: float | None, low: float | None, high: float | None, digits: int = 1) -> Text:
    """A value against its allowed range: ▲ above `high`, ▼ below `low`, in a warning colour."""
    if value is None:
        return Text(EMPTY, justify="right")
    # ValueText: a table sorts by the value itself, not the rounded figure.
    if high is not None and value > high:
        marker = ABOVE
    elif low is not None and value < low:
        marker = BELOW
    else:
        return ValueText(f"{figure(value, digits)}  ", value, justify="right")
    return ValueText(f"{figure(value, digits)} {marker}", value, style=WARN, justify="right")


def minutes_diff(minutes: float | None, qsa: float | None, tolerance: float) -> Text:
    """A transaction's minutes minus the QSA time, signed; outside the tolerance marked."""
    if minutes is None or qsa is None:
        return Text(EMPTY, justify="right")
    diff = minutes - qsa
    if abs(diff) <= tolerance:
        return Text(f"{figure(diff, signed=True)}  ", style=GOOD, justify="right")
    marker = ABOVE if diff > 0 else BELOW
    return Text(f"{figure(diff, signed=True)} {marker}", style=BAD, justify="right")


def flag_marker(flags: Iterable[Flag]) -> Text:
    """!! when any flag is a trend, ! when flagged once, blank when clear (sorted as 2, 1
    and blank)."""
    flags = list(flags)
    if any(f.pattern == "trend" for f in flags):
        return ValueText("!!", 2, style=BAD)
    if flags:
        return ValueText("!", 1, style=WARN)
    return ValueText("", None)


def flag_words(flags: Iterable[Flag]) -> Text:
    """Flags in short words, each marked (trend) or (once)."""
    text = Text()
    for i, flag in enumerate(flags):
        if i:
            text.append(", ")
        word = FLAG_WORD.get(flag.check, flag.check)
        if flag.subject:
            word = f"{word} {flag.subject}"
        if flag.pattern == "trend":
            text.append(f"{word} (trend)", style=BAD)
        else:
            text.append(f"{word} (once)", style=WARN_SOFT)
    return text


def flag_short(flag: Flag) -> Text:
    """A flag's short word for a table cell, "low GetNx!!" when it is a trend."""
    word = FLAG_SHORT.get(flag.check, FLAG_WORD.get(flag.check, flag.check.lower()))
    if flag.check == "STATUS_OVER_ALLOWANCE" and flag.subject:
        word = f"{flag.subject} over"  # "Break over": which status is the point
    if flag.pattern == "trend":
        return Text(f"{word}{TREND_MARK}", style=BAD)
    return Text(word, style=WARN_SOFT)


def flow(parts: list[Text | str], width: int, separator: str = " · ") -> Text:
    """`parts` joined by `separator`, starting a new line where the next part would not
    fit in `width`: a value never wraps away from its unit ("92.8" / "%")."""
    text, line = Text(), 0
    for part in parts:
        piece = Text(part) if isinstance(part, str) else part
        if line and line + len(separator) + piece.cell_len > width:
            text.append("\n")
            line = 0
        elif line:
            text.append(separator)
            line += len(separator)
        text.append_text(piece)
        line += piece.cell_len
    return text


def age_words(minutes: float) -> str:
    """'just now', '7 min', '2 h 05 min', '3 d 4 h'."""
    if minutes < 1:
        return "just now"
    whole = int(minutes)
    if whole < 60:
        return f"{whole} min"
    if whole < 24 * 60:
        return f"{whole // 60} h {whole % 60:02d} min"
    return f"{whole // (24 * 60)} d {whole % (24 * 60) // 60} h"


def kpi_headers(qsa: QSA) -> list[str]:
    """Column labels of the KPIs judged against the QSA, with their allowed range."""
    tol = qsa.tolerance_pct
    return [
        f"Util% {qsa.utilization_pct:g}±{tol:g}",
        f"LogIn% ≥{qsa.logged_in_pct - tol:g}",
        f"Compl% {qsa.completion_low_pct:g}-{qsa.completion_abnormal_pct:g}",
        f"GetNx% ≥{qsa.get_next_target_pct - qsa.get_next_tolerance_pct:g}",
    ]


def kpi_cells(metrics: Metrics, qsa: QSA) -> list[Text]:
    """Utilization, logged-in %, completion and Get Next, marked outside their range."""
    tol = qsa.tolerance_pct
    return [
        ranged(metrics.utilization_pct, qsa.utilization_pct - tol, qsa.utilization_pct + tol),
        ranged(metrics.logged_in_pct, qsa.logged_in_pct - tol, None),
        ranged(
            metrics.completion_rate_pct,
            qsa.completion_low_pct,
            # "At or above abnormal" is flagged: just below it is the last normal value.
            qsa.completion_abnormal_pct - 1e-9,
        ),
        ranged(
            metrics.get_next_rate_pct, qsa.get_next_target_pct - qsa.get_next_tolerance_pct, None
        ),
    ]


def ticking_minutes(
    minutes: float | None, result: CheckResult, now: datetime, stale_after_minutes: float
) -> float | None:
    """A status's minutes on screen: between exports they tick on with the clock for
    `stale_after_minutes` after the live snapshot, then stop (kpis.md, Freshness).

    `minutes` is the check's value as of its as-of; the check already stopped it at the
    snapshot when the as-of itself was too late.
    """
    if minutes is None or result.data_as_of is None:
        return minutes
    end = min(now, result.data_as_of + timedelta(minutes=stale_after_minutes))
    return minutes + max(0.0, (end - result.as_of).total_seconds() / 60)
