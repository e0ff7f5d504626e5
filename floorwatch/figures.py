"""One rounding rule for every number floorwatch prints (screens, reports, flag details).

The rule: settle the float (9 decimals: the last bits depend on the order polars sums in),
then round half away from zero on that decimal value, so 7.55 reads 7.6 everywhere — in a
flag's detail (built by polars in the engine), in a table cell and in a report. Python's
`f"{7.55:.1f}"` says 7.5 (it rounds the binary value, 7.5499…) and polars' default
`round` rounds half to even: neither may be used for a printed number.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

import polars as pl

#: Decimals a float is settled to before it is rounded for reading.
SETTLE_DECIMALS = 9
#: polars' name for the rule (Decimal's ROUND_HALF_UP is the same: away from zero).
ROUND_MODE = "half_away_from_zero"
#: What a number that cannot be computed prints as.
EMPTY = "—"


def rounded(value: float, digits: int = 1) -> float:
    """`value` rounded by the rule: settled, then half away from zero."""
    settled = Decimal(repr(round(value, SETTLE_DECIMALS)))
    return float(settled.quantize(Decimal(1).scaleb(-digits), rounding=ROUND_HALF_UP))


def figure(
    value: float | None, digits: int = 1, *, signed: bool = False, empty: str = EMPTY
) -> str:
    """`value` as printed: rounded by the rule to `digits` decimals ("+1.3" if `signed`)."""
    if value is None:
        return empty
    shown = rounded(value, digits)
    if shown == 0:
        shown = 0.0  # never "-0.0" or "+-0"
    return f"{shown:+.{digits}f}" if signed else f"{shown:.{digits}f}"


def rounded_expr(expr: pl.Expr, digits: int = 1) -> pl.Expr:
    """The same rule on a polars column: what the engine compares and writes in details."""
    return expr.round(SETTLE_DECIMALS).round(digits, mode=ROUND_MODE)
