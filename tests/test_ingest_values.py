"""Datetime, duration and null-token parsing (`spec/exports.md`, "Values")."""

from __future__ import annotations

from datetime import datetime

import polars as pl
import pytest
from hypothesis import given
from hypothesis import strategies as st

from floorwatch.ingest.values import (
    UNIT_MINUTES,
    clean_text,
    datetime_expr,
    datetime_format_expr,
    guess_datetime_formats,
    number_expr,
    retry_datetimes,
    retry_durations,
)


def _clean(values: list[str | None]) -> list[str | None]:
    return (
        pl.DataFrame({"v": values}, schema={"v": pl.String})
        .select(clean_text(pl.col("v")))["v"]
        .to_list()
    )


def _apply(values: pl.Series, expr: pl.Expr) -> pl.Series:
    return pl.DataFrame({"v": values}).select(expr.alias("v"))["v"]


def _dt(values: list[str | None]) -> list[datetime | None]:
    """A column's datetimes as normalising reads them: its likely format first, then the
    rows that missed with the other formats."""
    column = pl.Series("v", values, dtype=pl.String)
    formats = guess_datetime_formats(column)
    first = _apply(column, datetime_format_expr(pl.col("v"), formats[0]))
    return retry_datetimes(first, column, formats[1:]).to_list()


def _minutes(values: list[str | None], unit: str = "min") -> list[float | None]:
    """A column's durations as normalising reads them: plain numbers in `unit` first,
    then the rest as clock durations."""
    column = pl.Series("v", values, dtype=pl.String)
    plain = _apply(column, number_expr(pl.col("v"))) * UNIT_MINUTES[unit]
    return retry_durations(plain, column, unit).to_list()


def test_null_tokens_any_case_and_stripping() -> None:
    got = _clean(
        [" a b ", "", "   ", "-", "N/A", "n/a", "NA", "na", "Null", "NULL", None, "-1", "NAN"]
    )
    assert got == ["a b", None, None, None, None, None, None, None, None, None, None, "-1", "NAN"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2026-11-23 09:15:00", datetime(2026, 11, 23, 9, 15)),
        ("2026-11-23T09:15:00", datetime(2026, 11, 23, 9, 15)),
        ("2026-11-23 09:15", datetime(2026, 11, 23, 9, 15)),
        ("11/23/2026 9:15:00 AM", datetime(2026, 11, 23, 9, 15)),
        ("11/23/2026 9:15 AM", datetime(2026, 11, 23, 9, 15)),
        ("11/23/2026 09:15", datetime(2026, 11, 23, 9, 15)),
        ("1/3/2026 9:05 PM", datetime(2026, 1, 3, 21, 5)),  # month first, no leading zeros
        ("03/04/2026 12:00:00 AM", datetime(2026, 3, 4, 0, 0)),  # 12 AM is midnight
        ("03/04/2026 12:30 pm", datetime(2026, 3, 4, 12, 30)),
        ("2026-11-23 09:15:07.250", datetime(2026, 11, 23, 9, 15, 7, 250000)),
    ],
)
def test_each_accepted_datetime_format(text: str, expected: datetime) -> None:
    assert _dt([text]) == [expected]


@pytest.mark.parametrize(
    "text",
    ["2026-11-23", "11/23/2026", "13/45/2026 9:00", "2026-02-30 10:00:00", "yesterday", "9:15"],
)
def test_date_without_time_and_nonsense_are_not_datetimes(text: str) -> None:
    assert _dt([text]) == [None]


def test_mixed_formats_in_one_column_fall_back_per_row() -> None:
    # The first values are ISO, so ISO is tried first; the US rows are read by the fallback.
    got = _dt(["2026-11-23 09:15:00", None, "11/23/2026 9:15 PM", "2026-11-23T10:00:00", "x"])
    assert got == [
        datetime(2026, 11, 23, 9, 15),
        None,
        datetime(2026, 11, 23, 21, 15),
        datetime(2026, 11, 23, 10, 0),
        None,
    ]


@pytest.mark.parametrize(
    ("text", "unit", "minutes"),
    [
        ("1:30:00", "min", 90.0),
        ("25:00:30", "ms", 1500.5),  # clock text ignores the unit; hours may exceed 24
        ("0:05", "min", 5.0),  # H:MM
        ("12", "min", 12.0),
        ("90", "s", 1.5),
        ("510000", "ms", 8.5),
        ("2.5", "min", 2.5),
        ("-0:05:00", "min", -5.0),  # negative comes back negative: the row is refused later
        ("-30", "s", -0.5),
    ],
)
def test_durations_to_minutes(text: str, unit: str, minutes: float) -> None:
    assert _minutes([text], unit) == [minutes]


@pytest.mark.parametrize(
    "text", ["1:75:00", "1:10:60", "abc", "inf", "nan", "1e3", "1:2:3:4", "1,5"]
)
def test_unreadable_durations_are_null(text: str) -> None:
    assert _minutes([text]) == [None]


_DT = st.datetimes(min_value=datetime(1971, 1, 1), max_value=datetime(2099, 12, 31)).map(
    lambda d: d.replace(microsecond=0)
)


def _us_time(d: datetime, seconds: bool, zeros: bool) -> str:
    hour12 = d.hour % 12 or 12
    h = f"{hour12:02d}" if zeros else str(hour12)
    ampm = "AM" if d.hour < 12 else "PM"
    sec = f":{d.second:02d}" if seconds else ""
    md = f"{d.month:02d}/{d.day:02d}" if zeros else f"{d.month}/{d.day}"
    return f"{md}/{d.year} {h}:{d.minute:02d}{sec} {ampm}"


@given(d=_DT, zeros=st.booleans())
def test_property_every_format_round_trips(d: datetime, zeros: bool) -> None:
    no_sec = d.replace(second=0)
    md = f"{d.month:02d}/{d.day:02d}" if zeros else f"{d.month}/{d.day}"
    h24 = f"{d.hour:02d}" if zeros else str(d.hour)
    cases = [
        (d.strftime("%Y-%m-%d %H:%M:%S"), d),
        (d.strftime("%Y-%m-%dT%H:%M:%S"), d),
        (d.strftime("%Y-%m-%d %H:%M"), no_sec),
        (_us_time(d, True, zeros), d),
        (_us_time(d, False, zeros), no_sec),
        (f"{md}/{d.year} {h24}:{d.minute:02d}", no_sec),
    ]
    texts = [t for t, _ in cases]
    assert _dt(texts) == [e for _, e in cases]
    # The all-formats expression agrees with the guessing fast path.
    frame = pl.DataFrame({"v": texts})
    assert frame.select(datetime_expr(pl.col("v")))["v"].to_list() == [e for _, e in cases]


@given(h=st.integers(0, 500), m=st.integers(0, 59), s=st.integers(0, 59), pad=st.booleans())
def test_property_clock_durations_round_trip(h: int, m: int, s: int, pad: bool) -> None:
    mm = f"{m:02d}" if pad else str(m)
    (got_hms, got_hm) = _minutes([f"{h}:{mm}:{s:02d}", f"{h}:{mm}"], "ms")
    assert got_hms == pytest.approx(h * 60 + m + s / 60, abs=1e-9)
    assert got_hm == pytest.approx(h * 60 + m, abs=1e-9)


@given(n=st.integers(0, 10**9), unit=st.sampled_from(["ms", "s", "min"]))
def test_property_plain_numbers_use_the_unit(n: int, unit: str) -> None:
    per_minute = {"ms": 60_000, "s": 60, "min": 1}[unit]
    assert _minutes([str(n)], unit)[0] == pytest.approx(n / per_minute, rel=1e-12)


@given(st.lists(st.one_of(st.none(), st.text(max_size=30)), max_size=30))
def test_property_garbage_never_raises_only_nulls(values: list[str | None]) -> None:
    cleaned = _clean(values)
    dts = _dt(cleaned)
    mins = _minutes(cleaned, "ms")
    assert len(dts) == len(mins) == len(values)
    # Whatever came back was parsed from something, never invented from a null.
    for raw, d, m in zip(cleaned, dts, mins, strict=True):
        if raw is None:
            assert d is None and m is None
