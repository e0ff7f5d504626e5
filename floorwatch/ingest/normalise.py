"""A raw table to its kind's canonical frame, refusing (and reporting) rows that break the spec.

Rules (`spec/exports.md`, "Values" and the kinds):

- Rows whose every cell is empty are skipped silently (Genesys ends files with `,,,,`).
- Text is stripped; blank, `-`, `N/A`, `NA`, `NULL` (any case) are null in every column.
- Status, Outcome and Source values take the spelling of `schema.STATUSES`, `OUTCOMES`,
  `SOURCES` when they match case-insensitively; unknown values are kept as written.
- A row is refused, with every reason found, when a required value is blank (End and
  Outcome of `actions` may be blank: in progress), when any present value of a datetime,
  duration or number column cannot be read (an optional column's bad value is reported
  rather than silently nulled), when a duration or a number is negative, or when an
  action's End is before its Start.
- Genesys kinds (`agent_status`, `agent_performance`): a summary row, one whose Agent Name
  is blank or reads `Total`/`Totals`/`Grand Total`/`Summary`, is dropped silently: it adds
  up agents who are all on their own rows, so it is neither a person nor an error.
  `agent_performance` rows whose Media Type is present and not `voice` are dropped
  silently too (the spec ignores them).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

import polars as pl

from floorwatch.ingest.choices import ChoiceMismatch, DatetimeChoices
from floorwatch.ingest.read import RawTable
from floorwatch.ingest.refusals import reason_rules, refused_rows
from floorwatch.ingest.typed import (
    head_formats,
    month_first_datetimes,
    text_reading,
    unslashed_datetimes,
)
from floorwatch.ingest.values import (
    UNIT_MINUTES,
    as_month_first,
    clean_text,
    datetime_format_expr,
    guess_datetime_formats,
    null_tokens_to_null,
    number_expr,
    retry_datetimes,
    retry_durations,
    slash_date_order,
)
from floorwatch.safe_text import CONTROL_PATTERN, REPLACEMENT
from floorwatch.schema import OUTCOMES, SOURCES, STATUSES, Column, Kind
from floorwatch.sentences import sentence
from floorwatch.settings.model import ColumnMap

_CANONICAL_SPELLINGS: dict[str, tuple[str, ...]] = {
    "status": STATUSES,
    "outcome": OUTCOMES,
    "source": SOURCES,
}
_SUMMARY_NAMES = ("total", "totals", "grand total", "summary")
_GENESYS_KINDS = ("agent_status", "agent_performance")
# Excel's day 0 in the 1900 date system, as calamine reads a time-of-day cell.
_EXCEL_DAY_ZERO = datetime(1899, 12, 31)
# Excel's 1900 leap-year bug starts here: before it a serial maps cleanly to a duration.
_EXCEL_SERIAL_END = datetime(1900, 3, 1)


def as_text_expr(expr: pl.Expr, dtype: pl.DataType) -> pl.Expr:
    """Any cell type as text: whole numbers without `.0` (an ID typed as a number in Excel)."""
    if dtype == pl.String:
        return expr
    if dtype.is_float():
        whole = expr.is_finite() & (expr == expr.round(0)) & (expr.abs() < 2**53)
        return (
            pl.when(whole).then(expr.cast(pl.Int64).cast(pl.String)).otherwise(expr.cast(pl.String))
        )
    if isinstance(dtype, pl.Duration):
        # polars cannot cast a Duration to text: show it as the H:MM:SS a person typed.
        secs = expr.dt.total_seconds()
        return sentence(
            "{}:{}:{}",
            secs // 3600,
            (secs % 3600 // 60).cast(pl.String).str.zfill(2),
            (secs % 60).cast(pl.String).str.zfill(2),
        )
    return expr.cast(pl.String)


def _drop_empty_rows(frame: pl.DataFrame) -> pl.DataFrame:
    """Without rows whose every cell is null or only spaces (trailing `,,,,` rows)."""
    names = [n for n in frame.columns if n != "line"]
    if not names or frame.height == 0:
        return frame

    def blank(n: str) -> pl.Expr:
        col = pl.col(n)
        if frame.schema[n] == pl.String:
            return col.is_null() | (col.str.strip_chars() == "")
        return col.is_null()

    # Cheap pre-check on the first column: only rows blank there can be blank everywhere.
    maybe = frame.filter(blank(names[0]))
    if maybe.height == 0:
        return frame
    empty_lines = maybe.filter(pl.all_horizontal([blank(n) for n in names]))["line"]
    if empty_lines.is_empty():
        return frame
    return frame.filter(~pl.col("line").is_in(empty_lines.implode()))


def _silent_drops(frame: pl.DataFrame, raw: RawTable) -> pl.DataFrame:
    """Genesys summary rows and non-voice performance rows: dropped, never reported."""
    kind = raw.match.kind
    pos = raw.match.positions
    keep = []
    if kind.name in _GENESYS_KINDS:
        c = f"c{pos['agent_name']}"
        name = clean_text(as_text_expr(pl.col(c), frame.schema[c]))
        keep.append(name.is_not_null() & ~name.str.to_lowercase().is_in(_SUMMARY_NAMES))
    if kind.name == "agent_performance" and "media_type" in pos:
        c = f"c{pos['media_type']}"
        media = clean_text(as_text_expr(pl.col(c), frame.schema[c]))
        keep.append(media.is_null() | (media.str.to_lowercase() == "voice"))
    if not keep:
        return frame
    return frame.filter(pl.all_horizontal(keep).fill_null(False))


def _unit(raw: RawTable, columns: ColumnMap, col: Column) -> str:
    """A header suffix like `(ms)`, else `columns.toml`'s unit, else the kind's default."""
    kind = raw.match.kind
    return (
        raw.match.units.get(col.name)
        or columns.unit_for(kind.name, col.name)
        or kind.default_duration_unit
    )


def _native_expr(col: Column, src: pl.Expr, dtype: pl.DataType, unit: str) -> pl.Expr | None:
    """The value of a natively typed (XLSX) cell column, or None when it must be parsed as text."""
    if dtype == pl.String:
        return None
    if col.type == "datetime":
        if isinstance(dtype, pl.Datetime):
            return src.cast(pl.Datetime("us"))
        return pl.lit(None, dtype=pl.Datetime("us"))  # a number or a time is no date and time
    if col.type == "duration":
        if isinstance(dtype, pl.Duration):
            return src.dt.total_microseconds().cast(pl.Float64) / 60e6
        if isinstance(dtype, pl.Datetime):
            # A time cell with a clock format: a fraction of a day after Excel's day 0.
            since = (src - pl.lit(_EXCEL_DAY_ZERO)).dt.total_microseconds().cast(pl.Float64)
            return pl.when(src < pl.lit(_EXCEL_SERIAL_END)).then(since / 60e6)
        if dtype.is_numeric():
            return src.cast(pl.Float64) * UNIT_MINUTES[unit]
        return None
    if col.type == "number" and dtype.is_numeric():
        return src.cast(pl.Float64)
    return None


def normalise(
    raw: RawTable,
    columns: ColumnMap,
    date_order: str = "MDY",
    choices: DatetimeChoices | None = None,
) -> tuple[pl.DataFrame, list[tuple[int, str]]]:
    """The canonical frame of `raw` (accepted rows) and the refused rows as (line, reason).

    `date_order` ("MDY" or "DMY") reads the slash dates of a column no value decides.

    Work is done a few wide `select`s at a time so polars runs the columns in parallel.
    Datetime columns are read typed (`typed`) unless `FLOORWATCH_TEXT_READING` is set;
    the result is the same either way. `choices`, for the slices of one big file, keeps
    what the first slice decides for its datetime columns and imposes it on the others
    (raising `ChoiceMismatch` where a slice disagrees: the file is then read whole).
    """
    kind: Kind = raw.match.kind
    pos = raw.match.positions
    frame = _silent_drops(_drop_empty_rows(raw.frame), raw)
    present = [c for c in kind.columns if c.name in pos]
    typed = not text_reading()
    unslashed = _unslashed(frame, present, pos, choices) if typed else {}
    texts = _clean_texts(frame, [c for c in present if c.name not in unslashed], pos)
    for name, (_, column_texts) in unslashed.items():
        texts = texts.with_columns(column_texts.alias(f"t_{name}"))
    values = _Values([values.alias(f"v_{name}") for name, (values, _) in unslashed.items()])
    for c in present:
        if c.name not in unslashed:
            _add_value(values, raw, columns, c, texts, date_order, typed=typed, choices=choices)
    work = pl.concat([texts, frame.select(pl.all().exclude("line"))], how="horizontal")
    work = _retried(values.apply(work), values)
    work, errors = refused_rows(work, reason_rules(raw, present))
    return _canonical_frame(work, kind, pos), errors


@dataclass
class _Values:
    """Step 2's typed values `v_<name>`: series already parsed, expressions to run over
    the frame, the slash-date columns rewritten month first (`p_<name>`), and the columns
    whose misses are retried with their other formats."""

    parsed: list[pl.Series]
    exprs: list[pl.Expr] = field(default_factory=list)
    slashed: dict[str, pl.Series] = field(default_factory=dict)
    retry: dict[str, tuple[str, list[str] | str]] = field(default_factory=dict)

    def apply(self, work: pl.DataFrame) -> pl.DataFrame:
        if self.slashed:
            work = work.with_columns(list(self.slashed.values()))
        return work.with_columns([*self.exprs, *self.parsed])


def _unslashed(
    frame: pl.DataFrame,
    present: list[Column],
    pos: dict[str, int],
    choices: DatetimeChoices | None = None,
) -> dict[str, tuple[pl.Series, pl.Series]]:
    """Datetime text columns without slash dates: parsed as read, not cleaned first."""
    found: dict[str, tuple[pl.Series, pl.Series]] = {}
    for c in present:
        src = f"c{pos[c.name]}"
        if c.type == "datetime" and frame.schema[src] == pl.String:
            if choices is None:
                parsed = unslashed_datetimes(frame[src])
            else:
                parsed = _unslashed_as_chosen(frame[src], c.name, choices)
            if parsed is not None:
                found[c.name] = parsed
    return found


def _unslashed_as_chosen(
    raw: pl.Series, name: str, choices: DatetimeChoices
) -> tuple[pl.Series, pl.Series]:
    """`unslashed_datetimes` of a slice with the formats of its file's first values; a
    slash date anywhere means the whole column goes the text path: read whole then."""
    if choices.frozen:
        formats = choices.decide(name, "typed", ((), False), 0)
    else:
        head = head_formats(raw)
        if head is None:
            raise ChoiceMismatch(f"{name}: slash dates")
        formats = choices.decide(name, "typed", *head)
    parsed = unslashed_datetimes(raw, formats)
    if parsed is None:
        raise ChoiceMismatch(f"{name}: slash dates")
    return parsed


def _clean_texts(frame: pl.DataFrame, cleaned: list[Column], pos: dict[str, int]) -> pl.DataFrame:
    """Step 1: every mapped cell as clean text, `t_<name>`. Stripping gets a select of its
    own (strip once, then test for null tokens): it is the costliest step on big files."""
    schema = frame.schema
    texts = frame.select(
        *(
            as_text_expr(pl.col(f"c{pos[c.name]}"), schema[f"c{pos[c.name]}"])
            .str.strip_chars()
            .alias(f"t_{c.name}")
            for c in cleaned
        ),
        pl.col("line"),
    )
    return texts.select(
        *(null_tokens_to_null(pl.col(f"t_{c.name}")) for c in cleaned), pl.col("line")
    )


def _add_value(
    values: _Values,
    raw: RawTable,
    columns: ColumnMap,
    c: Column,
    texts: pl.DataFrame,
    date_order: str,
    *,
    typed: bool,
    choices: DatetimeChoices | None = None,
) -> None:
    """Step 2 for one column: native cells converted, text parsed with the column's likely
    format first (the rows that format missed are retried by `_retried`)."""
    src_name = f"c{raw.match.positions[c.name]}"
    src_type = raw.frame.schema[src_name]
    text = pl.col(f"t_{c.name}")
    unit = _unit(raw, columns, c)
    native = _native_expr(c, pl.col(src_name), src_type, unit)
    if c.type == "text":
        # A name or team holding a terminal escape must never reach a screen; it is
        # replaced here, once, for every reader of the history (check-output.md, v2).
        # The reader tells when the bytes hold none: the regex is then skipped.
        no_controls = raw.no_controls and src_type == pl.String
        value = text if no_controls else text.str.replace_all(CONTROL_PATTERN, REPLACEMENT)
    elif native is not None:
        value = native
    elif c.type == "datetime":
        column = texts[f"t_{c.name}"]
        slashed = column.str.contains("/", literal=True).any()
        if choices is not None:
            _add_chosen_datetime(values, c, column, slashed=slashed, choices=choices)
            return
        if slashed:
            # Slash dates: the column's own order (v2), read month first; the text
            # as written stays in `t_` for messages.
            order = slash_date_order(column, date_order)
            if typed and order == "MDY":
                # Month first already: only two-digit years and misses are rewritten.
                sample = as_month_first(column.drop_nulls().head(64), order)
                formats = guess_datetime_formats(sample)
                values.parsed.append(month_first_datetimes(column, formats).alias(f"v_{c.name}"))
                return
            values.slashed[f"p_{c.name}"] = as_month_first(column, order).alias(f"p_{c.name}")
            text, column = pl.col(f"p_{c.name}"), values.slashed[f"p_{c.name}"]
        formats = guess_datetime_formats(column)
        value = datetime_format_expr(text, formats[0])
        values.retry[c.name] = ("datetime", formats[1:])
    elif c.type == "duration":
        value = number_expr(text) * UNIT_MINUTES[unit]
        values.retry[c.name] = ("duration", unit)
    else:
        value = number_expr(text)
    values.exprs.append(value.alias(f"v_{c.name}"))


def _add_chosen_datetime(
    values: _Values, c: Column, column: pl.Series, *, slashed: bool, choices: DatetimeChoices
) -> None:
    """`_add_value` for a datetime column of a slice of a big file: the formats the first
    slice chose. Slash dates refuse slicing: their order comes from every value of the
    column, which no slice holds."""
    if slashed:
        raise ChoiceMismatch(f"{c.name}: slash dates")
    seen = column.len() - column.null_count()
    guess = () if choices.frozen else tuple(guess_datetime_formats(column))
    formats = list(choices.decide(c.name, "text", (guess, False), seen)[0])
    text = pl.col(f"t_{c.name}")
    values.exprs.append(datetime_format_expr(text, formats[0]).alias(f"v_{c.name}"))
    values.retry[c.name] = ("datetime", formats[1:])


def _retried(work: pl.DataFrame, values: _Values) -> pl.DataFrame:
    """The rows a column's likely format missed, tried with its other formats."""
    fixed = []
    for name, (what, arg) in values.retry.items():
        v = work[f"v_{name}"]
        t = work[f"p_{name}"] if f"p_{name}" in values.slashed else work[f"t_{name}"]
        if what == "datetime":
            fixed.append(retry_datetimes(v, t, arg).alias(f"v_{name}"))
        else:
            fixed.append(retry_durations(v, t, str(arg)).alias(f"v_{name}"))
    return work.with_columns(fixed) if fixed else work


def _canonical_frame(work: pl.DataFrame, kind: Kind, pos: dict[str, int]) -> pl.DataFrame:
    """Step 4: the canonical frame, every column of the kind, spellings made canonical."""
    out_schema = kind.polars_schema
    out = work.select(
        *(
            (pl.col(f"v_{c.name}") if c.name in pos else pl.lit(None))
            .cast(out_schema[c.name])
            .alias(c.name)
            for c in kind.columns
        ),
        pl.col("line").cast(pl.Int64),
    )
    canon = [
        _canonical(out[name], spellings)
        for name, spellings in _CANONICAL_SPELLINGS.items()
        if name in pos
    ]
    return out.with_columns(canon) if canon else out


def _canonical(value: pl.Series, spellings: tuple[str, ...]) -> pl.Series:
    """Known values in their canonical spelling (case-insensitive); others as written.

    Only the column's distinct values are looked at: a status column has a handful.
    """
    lookup = {s.lower(): s for s in spellings}
    mapping = {
        u: lookup[u.lower()]
        for u in value.drop_nulls().unique().to_list()
        if u.lower() in lookup and lookup[u.lower()] != u
    }
    return value.replace(mapping) if mapping else value
