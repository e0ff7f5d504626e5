"""Task types and queues as the QSA spells them: exact match first, else case-insensitive."""

from __future__ import annotations

from collections.abc import Iterable

import polars as pl


def canonical_names(column: str, known: Iterable[str]) -> pl.Expr:
    """`column` with each value replaced by the known name it matches case-insensitively.

    An exact match is kept as it is; a value matching no known name is kept too.
    """
    known = list(known)
    by_lower: dict[str, str] = {}
    for name in known:
        by_lower.setdefault(name.lower(), name)
    lowered = pl.col(column).str.to_lowercase()
    mapped = lowered.replace_strict(by_lower, default=None, return_dtype=pl.String)
    exact = pl.col(column).is_in(known) if known else pl.lit(False)
    return pl.when(exact).then(pl.col(column)).otherwise(mapped.fill_null(pl.col(column)))
