"""Typed reading: datetime cells parsed as polars read them, the text path only for the
cells that fail.

`normalise` reads every cell as clean text (stripped, null tokens as null) before parsing
it. For a datetime column that costs a strip and a lookup of every cell, and slash dates
are rewritten month first by five regular expressions over the whole column. Most cells
of a real export need none of it: the likely format (guessed from the same first clean
values as the text path) parses the cell as it was read. Only the cells it misses (blank,
padded, a null token, another format, a two-digit year, a bad value) take the text path,
so every value, refused row and message is the text path's.

`FLOORWATCH_TEXT_READING=1` reads every cell as text, as before typed reading: the
reference of the equivalence tests, and a way out should a file ever read differently.
"""

from __future__ import annotations

import os
from collections.abc import Sequence

import polars as pl

from floorwatch.ingest.values import (
    FORMAT_SAMPLE,
    as_month_first,
    clean_text,
    datetime_expr,
    datetime_format_expr,
    guess_datetime_formats,
)

#: Set (to anything but empty or 0) to read every cell as text.
TEXT_READING_VARIABLE = "FLOORWATCH_TEXT_READING"
#: Years a four-digit `%Y` reads. chrono's `%Y` reads `26` as the year 26 and accepts a
#: sign: such cells take the text path, which reads a two-digit year as 20xx (v2).
_YEARS = (1000, 9999)
#: As `values.guess_datetime_formats` looks at.
_SAMPLE = FORMAT_SAMPLE


def text_reading() -> bool:
    """True when every cell is to be read as text (`FLOORWATCH_TEXT_READING` set)."""
    return os.environ.get(TEXT_READING_VARIABLE, "") not in ("", "0")


def _cleaned(values: pl.Series) -> pl.Series:
    return values.rename("v").to_frame().select(clean_text(pl.col("v"))).to_series()


def clean_head(raw: pl.Series) -> pl.Series:
    """The first `_SAMPLE` non-null clean values of `raw` (what the format guess looks at),
    cleaning only as many cells as it takes."""
    size = 4 * _SAMPLE
    while True:
        sample = _cleaned(raw.head(size)).drop_nulls()
        if sample.len() >= _SAMPLE or size >= raw.len():
            return sample.head(_SAMPLE)
        size *= 8


def _parse(values: pl.Series, fmt: str, *, cache: bool = False) -> pl.Series:
    expr = datetime_format_expr(pl.col("v"), fmt)
    if cache:
        # The same format, with polars' cache of repeated values (an Export Time column
        # holds one value): the values are the same, only cheaper.
        expr = pl.col("v").str.to_datetime(fmt, strict=False, time_unit="us", exact=True)
    return values.rename("v").to_frame().select(expr).to_series()


#: A column's likely formats and whether polars' cache pays: what `unslashed_datetimes`
#: decides from its first clean values.
Formats = tuple[tuple[str, ...], bool]


def head_formats(raw: pl.Series) -> tuple[Formats, int] | None:
    """The likely formats of a String column of datetimes, guessed from its first clean
    values as the text path guesses them, and how many values the guess saw (up to
    `_SAMPLE`); None when one holds a `/` (slash dates: the text path)."""
    sample = clean_head(raw)
    if sample.str.contains("/", literal=True).any():
        return None
    cache = sample.n_unique() * 2 <= sample.len()
    return (tuple(guess_datetime_formats(sample)), cache), sample.len()


def unslashed_datetimes(
    raw: pl.Series, formats: Formats | None = None
) -> tuple[pl.Series, pl.Series] | None:
    """(values, texts) of a String column of datetimes, as the text path gives them; None
    when a clean value holds a `/` (slash dates: the caller takes the text path).

    The formats are the text path's, guessed from the same first clean values. A cell the
    likely one parses as read is parsed (chrono skips leading blanks, so its text may keep
    them: it only shows in messages, which strip it); every other cell is cleaned and
    tried with every format, in order, as the text path does. The likely format has no
    `/` when the sample has none, so a slash date is always among those other cells.
    `formats` are `head_formats`' when the caller has them (a slice of a big file takes
    the whole file's).
    """
    if formats is None:
        head = head_formats(raw)
        if head is None:
            return None
        formats = head[0]
    likely, cache = formats
    values = _parse(raw, likely[0], cache=cache)
    texts = raw
    missed = values.is_null() & raw.is_not_null()
    if missed.any():
        idx = missed.arg_true()
        clean = _cleaned(raw.gather(idx))
        if clean.str.contains("/", literal=True).any():
            return None
        texts = raw.scatter(idx, clean)
        parsed = clean.rename("v").to_frame().select(datetime_expr(pl.col("v"), likely))
        values = values.scatter(idx, parsed.to_series())
    return values, texts


def month_first_datetimes(clean: pl.Series, formats: Sequence[str]) -> pl.Series:
    """Values of a clean column of month-first slash dates (`MDY`), as the text path gives.

    The text path rewrites every slash date with a four-digit year as it is, so a cell
    `formats[0]` reads with such a year is parsed as written; the others (two-digit years,
    other formats, bad values) are rewritten month first and tried with every format.
    """
    values = _parse(clean, formats[0])
    year = values.dt.year()
    values = values.set(year.is_not_null() & ((year < _YEARS[0]) | (year > _YEARS[1])), None)
    missed = values.is_null() & clean.is_not_null()
    if missed.any():
        idx = missed.arg_true()
        rewritten = as_month_first(clean.gather(idx), "MDY")
        parsed = rewritten.rename("v").to_frame().select(datetime_expr(pl.col("v"), formats))
        values = values.scatter(idx, parsed.to_series())
    return values
