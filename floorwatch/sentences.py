"""Text built from polars columns, safely."""

from __future__ import annotations

import polars as pl


def sentence(template: str, *values: pl.Expr | str) -> pl.Expr:
    """`template` with each `{}` replaced by a value (a column name or expression).

    Does what `pl.format` does, on `concat_str`: `pl.format` panics now and then under
    the streaming engine (polars issues #25339, #25525; seen here on a month of data).
    Braces in the template other than `{}` are kept as they are.
    """
    texts = template.split("{}")
    if len(texts) != len(values) + 1:
        raise ValueError(f"{template!r} has {len(texts) - 1} places for {len(values)} values")
    parts: list[pl.Expr] = []
    for text, value in zip(texts, (*values, None), strict=True):
        if text:
            parts.append(pl.lit(text))
        if value is not None:
            expr = pl.col(value) if isinstance(value, str) else value
            parts.append(expr.cast(pl.String))
    return pl.concat_str(parts)
