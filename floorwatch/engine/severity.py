"""How far outside its band a flag is: the Flagged screen's order (worst first).

Sharing notes: "how far outside the band" = (|value - expected| - tolerance) / tolerance,
for the checks judged as a QSA value plus or minus a tolerance. A check whose `expected`
is itself the limit (idle alert, completion low or abnormal, paused days, a status
allowance, last-day tasks) has no tolerance: there it is |value - expected| / |expected|,
the share beyond the limit (the value itself when the limit is 0).
"""

from __future__ import annotations

from floorwatch.engine.result import Flag
from floorwatch.settings.model import QSA


def tolerance_of(check: str, qsa: QSA) -> float | None:
    """The tolerance a check allows around its QSA value; None where `expected` is the limit."""
    return {
        "LONG_ACTIVE": qsa.txn_tolerance_minutes,
        "LONG_TXN": qsa.txn_tolerance_minutes,
        "SHORT_TXN": qsa.txn_tolerance_minutes,
        "LOW_UTILIZATION": qsa.tolerance_pct,
        "HIGH_UTILIZATION": qsa.tolerance_pct,
        "LOW_LOGGED_IN": qsa.tolerance_pct,
        "LOW_GET_NEXT": qsa.get_next_tolerance_pct,
        "LONG_HANDLE": qsa.call_tolerance_minutes,
        "SHORT_HANDLE": qsa.call_tolerance_minutes,
    }.get(check)


def outside_band(flag: Flag, qsa: QSA) -> float:
    """How many tolerances (or shares of the limit) beyond its band the flag's value is."""
    distance = abs(flag.value - flag.expected)
    tolerance = tolerance_of(flag.check, qsa)
    if tolerance:
        return (distance - tolerance) / tolerance
    if flag.expected:
        return distance / abs(flag.expected)
    return abs(flag.value)
