"""Flags and checks in a supervisor's words: for the drilldown and the help screen."""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

from floorwatch.engine.result import CHECK_TITLE, Flag
from floorwatch.figures import figure
from floorwatch.settings import Settings

#: What each check looks at, in plain words (help screen).
CHECK_MEANING: Mapping[str, str] = MappingProxyType(
    {
        "NOT_LOGGED_IN": "A rostered caseworker is due today (a work day, not on leave) and, at "
        "the newest dashboard export, has not logged in although their shift started more "
        "than late_login_minutes ago. Not raised on a sick day in leave.csv.",
        "IDLE_NOW": "The caseworker's status is Idle, and has been for at least the idle alert "
        "time (idle_alert_minutes).",
        "LONG_ACTIVE": "The caseworker has been Active on the same task for longer than the QSA "
        "time of its task type plus the tolerance.",
        "LONG_TXN": "Over the period, the mean time of a task type's transactions is above its "
        "QSA time plus the tolerance (judged from min_txn_count transactions).",
        "SHORT_TXN": "The mean time of a task type's transactions is below its QSA time minus "
        "the tolerance: work this fast may be skipped, not done.",
        "LOW_UTILIZATION": "Active time over logged-in time is below the QSA utilization minus "
        "the tolerance (judged once min_judged_minutes are logged in).",
        "HIGH_UTILIZATION": "Utilization is above the QSA plus the tolerance: check the status "
        "is being set honestly.",
        "LOW_LOGGED_IN": "Logged-in time over scheduled time is below the QSA minus the "
        "tolerance: a late login or a long absence.",
        "LOW_COMPLETION": "In a queue (from min_cases transactions), fewer transactions end "
        "Completed than the queue's low end; or over the queues too small to judge alone, "
        "pooled (from min_cases transactions), fewer than the default low end.",
        "HIGH_COMPLETION": "In a queue, the completion rate is at or above the 'not normal' "
        "level, or above the queue's own high end; or the pooled small queues are at or "
        "above the 'not normal' level.",
        "LOW_GET_NEXT": "Fewer transactions come from Get Next than the target minus the "
        "tolerance: work is being picked, not pulled.",
        "PAUSED_OVER_LIMIT": "A task in the paused list has been paused longer than "
        'paused_limit_days (working days unless paused_days = "calendar").',
        "PAUSED_BEFORE_LAST_DAY": "The caseworker leaves within resign_warning_days (roster "
        "Last Day) and still has paused tasks to hand over.",
        "PAUSED_AFTER_LAST_DAY": "The caseworker's Last Day has passed and they still hold "
        "paused tasks: nobody will finish them unless they are reassigned.",
        "LONG_HANDLE": "The caseworker's mean call handle time over the period is above the "
        "QSA plus the call tolerance (judged from min_cases calls).",
        "SHORT_HANDLE": "The mean call handle time over the period is below the QSA minus the "
        "call tolerance (judged from min_cases calls).",
        "STATUS_OVER_ALLOWANCE": "Time in a presence status (e.g. Break) over the period is "
        "over its daily allowance times the days with status data.",
    }
)


def tolerance(check: str, settings: Settings) -> str:
    """How far from the expectation a value may go before this check is raised."""
    qsa = settings.qsa
    if check in ("LONG_ACTIVE", "LONG_TXN", "SHORT_TXN"):
        return f"±{qsa.txn_tolerance_minutes:g} min"
    if check in ("LOW_UTILIZATION", "HIGH_UTILIZATION", "LOW_LOGGED_IN"):
        return f"±{qsa.tolerance_pct:g} points"
    if check == "LOW_GET_NEXT":
        return f"-{qsa.get_next_tolerance_pct:g} points"
    if check in ("LONG_HANDLE", "SHORT_HANDLE"):
        return f"±{qsa.call_tolerance_minutes:g} min"
    return "none: the expectation is the limit"


_UNIT = {
    "NOT_LOGGED_IN": "min",
    "IDLE_NOW": "min",
    "LONG_ACTIVE": "min",
    "LONG_TXN": "min",
    "SHORT_TXN": "min",
    "PAUSED_OVER_LIMIT": "days",
    "PAUSED_BEFORE_LAST_DAY": "paused tasks",
    "PAUSED_AFTER_LAST_DAY": "paused tasks",
    "LONG_HANDLE": "min",
    "SHORT_HANDLE": "min",
    "STATUS_OVER_ALLOWANCE": "min",
}


def flag_sentence(flag: Flag, settings: Settings) -> str:
    """One flag in a sentence: what, value, expectation, tolerance, trend or one-time."""
    unit = _UNIT.get(flag.check, "%")
    about = f" ({flag.subject})" if flag.subject else ""
    title = CHECK_TITLE[flag.check]
    sentence = (
        f"{title[0].upper()}{title[1:]}{about}: {flag.detail}. "
        f"Value {figure(flag.value)} {unit}, expected {figure(flag.expected)} {unit}, "
        f"tolerance {tolerance(flag.check, settings)}."
    )
    days = ", ".join(f"{d:%a %d %b}" for d in flag.trend_days)
    window = settings.trend_window_days
    if flag.pattern == "trend":
        count = len(flag.trend_days)
        return f"{sentence} TREND: raised on {count} of the last {window} days ({days})."
    if days:
        return f"{sentence} One-time: raised on {days} of the last {window} days."
    return f"{sentence} One-time."
