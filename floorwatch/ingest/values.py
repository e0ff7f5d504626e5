"""Cell values of `spec/exports.md` ("Values"), parsed as vectorised polars expressions.

Everything here works on whole String columns: no Python loop runs per row. Parsers never
raise for bad input; a value they cannot read becomes null, and the caller compares with
the input to report which rows failed.
"""

from __future__ import annotations

from collections.abc import Sequence

import polars as pl

from floorwatch.schema import NULL_TOKENS

#: Accepted datetime formats, in the order tried. Leading zeros are optional for chrono's
#: numeric fields, and `%p` matches AM/PM in any case. The `%.f` forms (a fraction of a
#: second, as XLSX date cells read as text carry) come last among the ISO ones: polars
#: parses a plain `%S` format about three times faster.
DATETIME_FORMATS: tuple[str, ...] = (
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%dT%H:%M:%S",
    "%Y-%m-%d %H:%M",
    "%Y-%m-%dT%H:%M",
    "%Y-%m-%d %H:%M:%S%.f",
    "%Y-%m-%dT%H:%M:%S%.f",
    "%m/%d/%Y %I:%M:%S %p",
    "%m/%d/%Y %I:%M %p",
    "%m/%d/%Y %H:%M:%S",
    "%m/%d/%Y %H:%M",
)

#: Minutes per unit of a plain-number duration.
UNIT_MINUTES: dict[str, float] = {"ms": 1 / 60_000, "s": 1 / 60, "min": 1.0}

#: How many non-null values are looked at to guess a column's datetime format.
FORMAT_SAMPLE = 64

_NUMBER = r"^[+-]?(?:\d+(?:\.\d*)?|\.\d+)$"
# `H:MM:SS` (hours unbounded, seconds may carry a fraction) or `H:MM`, optionally negative.
_CLOCK = r"^(-?)(\d+):(\d{1,2})(?::(\d{1,2}(?:\.\d+)?))?$"
# An XLSX time cell read as text: a fraction of a day shown as a date at Excel's day 0
# (1899-12-31), or in January 1900 once it passes 24 hours.
_EXCEL_SERIAL_TEXT = r"^(?:1899-12-31|1900-01-(\d\d)) (\d{1,2}):(\d\d):(\d\d(?:\.\d+)?)$"


def _apply(values: pl.Series, expr: pl.Expr) -> pl.Series:
    """Evaluate an expression over `pl.col("v")` bound to `values`."""
    return values.rename("v").to_frame().select(expr).to_series()


def _case_variants(token: str) -> list[str]:
    """Every upper/lower-case spelling of a short token (`na` -> na, nA, Na, NA)."""
    out = [""]
    for ch in token:
        out = [p + v for p in out for v in dict.fromkeys((ch.lower(), ch.upper()))]
    return out


#: The null tokens in every case: an `is_in` on these is ~6x cheaper than lower-casing
#: every cell first.
_NULL_SPELLINGS = sorted({v for t in NULL_TOKENS for v in _case_variants(t)})


def clean_text(expr: pl.Expr) -> pl.Expr:
    """Strip a String column; the null tokens (blank, `-`, `N/A`, `NA`, `NULL`) become null."""
    return null_tokens_to_null(expr.str.strip_chars())


def null_tokens_to_null(stripped: pl.Expr) -> pl.Expr:
    """An already stripped String column with the null tokens as null.

    Strip in a `select` of its own first: inside one when/then polars strips twice.
    """
    # when/then without otherwise keeps the input's name and yields null elsewhere.
    return pl.when(~stripped.is_in(_NULL_SPELLINGS)).then(stripped)


def datetime_format_expr(expr: pl.Expr, fmt: str) -> pl.Expr:
    """Parse a clean String column with one format; values that do not fit it are null.

    `exact` refuses trailing text (a date-only value never half-matches); no cache, since
    timestamps are mostly distinct and the cache costs more than it saves.
    """
    return expr.str.to_datetime(fmt, strict=False, time_unit="us", exact=True, cache=False)


def datetime_expr(expr: pl.Expr, formats: Sequence[str] = DATETIME_FORMATS) -> pl.Expr:
    """Parse a clean String column with the accepted formats, first that fits wins; else null.

    Every format is tried on every row; normalising a column tries its likely format first
    (`guess_datetime_formats`) and only the rows it missed with the rest (`retry_datetimes`).
    """
    return pl.coalesce([datetime_format_expr(expr, f) for f in formats])


def guess_datetime_formats(values: pl.Series) -> list[str]:
    """The accepted formats ordered by how many of the first non-null values each one reads.

    A file is written by one program, so the format of its first rows is almost always the
    format of all of them; trying it first means the others only see the rows it missed.
    """
    sample = values.drop_nulls().head(FORMAT_SAMPLE)
    if sample.is_empty():
        return list(DATETIME_FORMATS)
    frame = sample.rename("v").to_frame()
    # Usually the first format that reads the whole sample is the file's: stop there.
    for i, fmt in enumerate(DATETIME_FORMATS):
        if frame.select(datetime_format_expr(pl.col("v"), fmt).is_not_null().all()).item():
            return [fmt, *DATETIME_FORMATS[:i], *DATETIME_FORMATS[i + 1 :]]
    # Mixed formats: rank them all by how much of the sample each reads.
    hits = frame.select(
        datetime_format_expr(pl.col("v"), f).is_not_null().sum().alias(str(i))
        for i, f in enumerate(DATETIME_FORMATS)
    ).row(0)
    # sorted() is stable: ties keep the spec's order.
    order = sorted(range(len(DATETIME_FORMATS)), key=lambda i: -hits[i])
    return [DATETIME_FORMATS[i] for i in order]


def retry_datetimes(parsed: pl.Series, values: pl.Series, formats: Sequence[str]) -> pl.Series:
    """`parsed` with the rows it missed (null there, not null in `values`) tried with `formats`."""
    missed = parsed.is_null() & values.is_not_null()
    if formats and missed.any():
        idx = missed.arg_true()
        rest = _apply(values.gather(idx), datetime_expr(pl.col("v"), formats))
        parsed = parsed.scatter(idx, rest)
    return parsed.alias(values.name)


def number_expr(expr: pl.Expr) -> pl.Expr:
    """A plain decimal number (`12`, `-3.5`, `.5`) from a clean String column; else null.

    A regex gate keeps out what a bare cast would accept (`inf`, `nan`, `1e9`).
    """
    return pl.when(expr.str.contains(_NUMBER)).then(expr.cast(pl.Float64, strict=False))


def duration_minutes_expr(expr: pl.Expr, unit: str = "min") -> pl.Expr:
    """Minutes (Float64) from a clean String column of durations; unreadable values are null.

    Accepts `H:MM:SS` (hours may pass 24), `H:MM`, an XLSX time cell read as text, or a
    plain number in `unit` ("ms", "s" or "min"). Negative values come out negative: the
    caller rejects them, so they are reported rather than silently nulled.
    """
    clock = expr.str.extract_groups(_CLOCK)
    sign = pl.when(clock.struct.field("1") == "-").then(-1.0).otherwise(1.0)
    hours = clock.struct.field("2").cast(pl.Float64)
    mins = clock.struct.field("3").cast(pl.Float64)
    secs = clock.struct.field("4").cast(pl.Float64)
    # Minutes and seconds above 59 mean the text is not a clock duration at all.
    clock_ok = (mins < 60) & (secs.is_null() | (secs < 60))
    clock_minutes = pl.when(clock_ok).then(sign * (hours * 60 + mins + secs.fill_null(0) / 60))

    serial = expr.str.extract_groups(_EXCEL_SERIAL_TEXT)
    days = serial.struct.field("1").cast(pl.Float64).fill_null(0)
    serial_minutes = (
        days * 1440
        + serial.struct.field("2").cast(pl.Float64) * 60
        + serial.struct.field("3").cast(pl.Float64)
        + serial.struct.field("4").cast(pl.Float64) / 60
    )
    plain = number_expr(expr) * UNIT_MINUTES[unit]
    return pl.coalesce([plain, clock_minutes, serial_minutes])


def retry_durations(parsed: pl.Series, values: pl.Series, unit: str) -> pl.Series:
    """`parsed` with the rows it missed tried as clock durations (`H:MM:SS`, `H:MM`)."""
    missed = parsed.is_null() & values.is_not_null()
    if missed.any():
        idx = missed.arg_true()
        rest = _apply(values.gather(idx), duration_minutes_expr(pl.col("v"), unit))
        parsed = parsed.scatter(idx, rest)
    return parsed.alias(values.name)


# A slash date: `M/D/YYYY`, `D/M/YYYY`, or with a two-digit year, then a time (or nothing).
_SLASH = r"^(\d{1,2})/(\d{1,2})/(\d{2}|\d{4})(\D.*)?$"


def slash_date_order(values: pl.Series, default: str = "MDY") -> str:
    """ "MDY" or "DMY" for a column's slash dates, decided from all its values
    (exports.md, v2): a first part over 12 with no second part over 12 is day first, and
    the reverse month first; undecided, `default`; contradicting values, the majority
    (a tie: `default`), whose order the other rows then fail to parse in."""
    parts = (
        values.rename("v")
        .to_frame()
        .select(
            pl.col("v").str.extract(_SLASH, 1).cast(pl.Int32, strict=False).alias("a"),
            pl.col("v").str.extract(_SLASH, 2).cast(pl.Int32, strict=False).alias("b"),
        )
    )
    day_first, month_first = parts.select((pl.col("a") > 12).sum(), (pl.col("b") > 12).sum()).row(0)
    if day_first > month_first:
        return "DMY"
    if month_first > day_first:
        return "MDY"
    return default


def as_month_first(values: pl.Series, order: str) -> pl.Series:
    """Slash dates rewritten month first with a four-digit year (v2: `26` is 2026), so
    that the accepted formats read them; other values are left as they are."""
    month, day = ("$2", "$1") if order == "DMY" else ("$1", "$2")
    expr = pl.col("v")
    slash = expr.str.contains(_SLASH)
    two_digit = expr.str.extract(_SLASH, 3).str.len_chars() == 2
    year = pl.when(two_digit).then(pl.lit("20")).otherwise(pl.lit(""))
    rewritten = pl.concat_str(
        [
            expr.str.replace(_SLASH, month),
            pl.lit("/"),
            expr.str.replace(_SLASH, day),
            pl.lit("/"),
            year,
            expr.str.extract(_SLASH, 3),
            expr.str.extract(_SLASH, 4).fill_null(""),
        ]
    )
    return _apply(values, pl.when(slash).then(rewritten).otherwise(expr))
