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

from datetime import datetime

import polars as pl

from floorwatch.ingest.read import RawTable
from floorwatch.ingest.values import (
    UNIT_MINUTES,
    clean_text,
    number_expr,
    parse_datetimes,
    parse_durations,
)
from floorwatch.schema import OUTCOMES, SOURCES, STATUSES, Column, Kind
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


def as_text(s: pl.Series) -> pl.Series:
    """Any cell type as text: whole numbers without `.0` (an ID typed as a number in Excel)."""
    if s.dtype == pl.String:
        return s
    if s.dtype.is_float():
        whole = s.is_finite() & (s == s.round(0)) & (s.abs() < 2**53)
        return (
            pl.DataFrame({"v": s, "w": whole})
            .select(
                pl.when(pl.col("w"))
                .then(pl.col("v").cast(pl.Int64).cast(pl.String))
                .otherwise(pl.col("v").cast(pl.String))
            )
            .to_series()
        )
    return s.cast(pl.String)


def _clean(s: pl.Series) -> pl.Series:
    return s.rename("v").to_frame().select(clean_text(pl.col("v"))).to_series()


def _empty_mask(frame: pl.DataFrame, names: list[str]) -> pl.Series:
    """True for rows whose every cell is null or only spaces."""
    if not names:
        return pl.Series([True] * frame.height, dtype=pl.Boolean)
    conds = []
    for n in names:
        col = pl.col(n)
        if frame.schema[n] == pl.String:
            conds.append(col.is_null() | (col.str.strip_chars() == ""))
        else:
            conds.append(col.is_null())
    return frame.select(pl.all_horizontal(conds)).to_series()


def _parse(column: Column, raw: pl.Series, unit: str) -> tuple[pl.Series, pl.Series]:
    """(value, cleaned text of the cell) for one canonical column.

    XLSX cells with a native type (date, time, number) are converted without a text parse.
    """
    text = _clean(as_text(raw))
    if column.type == "text":
        return text, text
    if column.type == "datetime":
        if isinstance(raw.dtype, pl.Datetime):
            return raw.cast(pl.Datetime("us")), text
        return parse_datetimes(text), text
    if column.type == "duration":
        if isinstance(raw.dtype, pl.Duration):
            return raw.dt.total_microseconds().cast(pl.Float64) / 60e6, text
        if isinstance(raw.dtype, pl.Datetime):
            # A time cell with a clock format: a fraction of a day after Excel's day 0.
            since = (raw - _EXCEL_DAY_ZERO).dt.total_microseconds().cast(pl.Float64) / 60e6
            ok = raw < _EXCEL_SERIAL_END
            value = pl.DataFrame({"v": since, "ok": ok}).select(
                pl.when(pl.col("ok")).then(pl.col("v"))
            )
            return value.to_series(), text
        if raw.dtype.is_numeric():
            return raw.cast(pl.Float64) * UNIT_MINUTES[unit], text
        return parse_durations(text, unit), text
    # number
    if raw.dtype.is_numeric():
        return raw.cast(pl.Float64), text
    return text.to_frame("v").select(number_expr(pl.col("v"))).to_series(), text


_WHAT = {"datetime": "a date and time", "duration": "a duration", "number": "a number"}


def normalise(raw: RawTable, columns: ColumnMap) -> tuple[pl.DataFrame, list[tuple[int, str]]]:
    """The canonical frame of `raw` (accepted rows) and the refused rows as (line, reason).

    A plain-number duration's unit: a header suffix like `(ms)`, else `columns.toml`'s
    unit for the column, else the kind's default.
    """
    kind: Kind = raw.match.kind
    frame = raw.frame
    data_cols = [n for n in frame.columns if n != "line"]
    frame = frame.filter(~_empty_mask(frame, data_cols))

    values: dict[str, pl.Series] = {}
    texts: dict[str, pl.Series] = {}
    reasons: list[pl.Series] = []
    n = frame.height

    def header_of(col: Column) -> str:
        pos = raw.match.positions[col.name]
        cell = raw.header[pos].replace("\ufeff", "").strip() if pos < len(raw.header) else ""
        return cell or col.header

    # Silent drops first, so a dropped row is never reported.
    keep = pl.Series([True] * n, dtype=pl.Boolean)
    if kind.name in _GENESYS_KINDS:
        name = _clean(as_text(frame[f"c{raw.match.positions['agent_name']}"]))
        keep &= name.is_not_null() & ~name.str.to_lowercase().is_in(_SUMMARY_NAMES)
    if kind.name == "agent_performance" and "media_type" in raw.match.positions:
        media = _clean(as_text(frame[f"c{raw.match.positions['media_type']}"]))
        keep &= media.is_null() | (media.str.to_lowercase() == "voice")
    keep = keep.fill_null(False)
    if not keep.all():
        frame = frame.filter(keep)
        n = frame.height

    for col in kind.columns:
        pos = raw.match.positions.get(col.name)
        if pos is None:
            values[col.name] = pl.Series(col.name, [None] * n, dtype=kind.polars_schema[col.name])
            continue
        header = header_of(col)
        unit = (
            raw.match.units.get(col.name)
            or columns.unit_for(kind.name, col.name)
            or kind.default_duration_unit
        )
        value, text = _parse(col, frame[f"c{pos}"], unit)
        present = text.is_not_null()
        value = value.alias(col.name)
        texts[col.name] = text
        if col.type != "text":
            bad = present & value.is_null()
            reasons.append(_reason(bad, header, text, f"is not {_WHAT[col.type]}"))
            if col.type in ("duration", "number"):
                reasons.append(_reason(value < 0, header, text, "is negative"))
        if col.required and not col.blank_allowed:
            reasons.append(_reason(~present, header, None, "required value is blank"))
        if col.name in _CANONICAL_SPELLINGS:
            value = _canonical(value, _CANONICAL_SPELLINGS[col.name])
        values[col.name] = value.cast(kind.polars_schema[col.name])

    if kind.name == "actions" and "end" in raw.match.positions:
        early = values["end"] < values["start"]
        why = (
            pl.DataFrame({"e": texts["end"], "s": texts["start"], "bad": early})
            .select(
                pl.when(pl.col("bad")).then(
                    pl.format(
                        "{}: '{}' is before {} '{}'",
                        pl.lit(header_of(kind.column("end"))),
                        "e",
                        pl.lit(header_of(kind.column("start"))),
                        "s",
                    )
                )
            )
            .to_series()
        )
        reasons.append(why)

    out = pl.DataFrame([values[c.name] for c in kind.columns]).with_columns(frame["line"])
    if n == 0 or not reasons:
        return out, []
    why = (
        pl.DataFrame({f"r{i}": r for i, r in enumerate(reasons)})
        .select(pl.concat_str(pl.all(), separator="; ", ignore_nulls=True))
        .to_series()
    )
    refused = why != ""
    errors = list(zip(frame["line"].filter(refused), why.filter(refused), strict=True))
    return out.filter(~refused), errors


def _reason(bad: pl.Series, header: str, text: pl.Series | None, what: str) -> pl.Series:
    """`Header: 'value' what` where `bad`, else null."""
    bad = bad.fill_null(False)
    if text is None:
        msg = f"{header}: {what}"
        return pl.DataFrame({"b": bad}).select(pl.when(pl.col("b")).then(pl.lit(msg))).to_series()
    return (
        pl.DataFrame({"b": bad, "t": text})
        .select(pl.when(pl.col("b")).then(pl.format(f"{_esc(header)}: '{{}}' {what}", "t")))
        .to_series()
    )


def _esc(s: str) -> str:
    """Braces in a header would be read as pl.format placeholders."""
    return s.replace("{", "(").replace("}", ")")


def _canonical(value: pl.Series, spellings: tuple[str, ...]) -> pl.Series:
    """Known values in their canonical spelling (case-insensitive); others as written."""
    lookup = {s.lower(): s for s in spellings}
    return (
        value.to_frame("v")
        .select(
            pl.col("v")
            .str.to_lowercase()
            .replace_strict(lookup, default=pl.col("v"), return_dtype=pl.String)
        )
        .to_series()
        .alias(value.name)
    )
