"""Typed reading gives what reading every cell as text gives (issue 16).

The reference is the same files read with `FLOORWATCH_TEXT_READING=1` (every cell read
as text, then parsed, as before typed reading). Compared: a file's accepted rows, its
refused rows with their lines and messages, and its export time; and a whole check —
its JSON (errors with their lines included) and its drilldown rows — on every export
shape and every date style: ISO, US with AM/PM, day first, two-digit years, each with
bad cells.
"""

from __future__ import annotations

import dataclasses
from datetime import date, datetime, timedelta
from pathlib import Path

import polars as pl
import pytest
from polars.testing import assert_frame_equal

from floorwatch.ingest import LoadedExport, LoadError, load_export_bytes
from floorwatch.ingest.typed import TEXT_READING_VARIABLE
from floorwatch.output.json_form import result_dict
from floorwatch.service import CheckRequest, run_check
from floorwatch.settings import load_config
from floorwatch.settings.model import ColumnMap
from floorwatch.simulate import FloorSpec, write_config
from floorwatch.simulate.files import END_OF_DAY
from floorwatch.simulate.pulls import PULL_SHAPES, write_pulls

ACTIONS = "Worker ID,Worker Name,Team,Task ID,Task Type,Queue,Start,End,Outcome,Source,Export Time"
DASHBOARD = (
    "Worker ID,Worker Name,Team,Status,Status Start,Task Type,Task ID,"
    "Logged In,Active,Idle,Export Time"
)
MOMENT = datetime(2026, 11, 23, 17, 0)


def _both(
    monkeypatch: pytest.MonkeyPatch, name: str, data: bytes, date_order: str = "MDY"
) -> tuple[LoadedExport | LoadError, LoadedExport | LoadError]:
    """The file loaded typed, then as text."""
    monkeypatch.delenv(TEXT_READING_VARIABLE, raising=False)
    typed = load_export_bytes(name, data, ColumnMap(), MOMENT, date_order)
    monkeypatch.setenv(TEXT_READING_VARIABLE, "1")
    text = load_export_bytes(name, data, ColumnMap(), MOMENT, date_order)
    monkeypatch.delenv(TEXT_READING_VARIABLE)
    return typed, text


def _assert_same_load(typed: LoadedExport | LoadError, text: LoadedExport | LoadError) -> None:
    assert type(typed) is type(text)
    if isinstance(text, LoadError):
        assert typed == text
        return
    assert isinstance(typed, LoadedExport)
    assert typed.kind == text.kind
    assert typed.export_time == text.export_time
    assert typed.content_hash == text.content_hash
    assert typed.row_errors == text.row_errors
    assert_frame_equal(typed.frame, text.frame)


def _actions(rows: list[str], newline: str = "\n") -> bytes:
    return newline.join([ACTIONS, *rows, ""]).encode("utf-8")


def _row(start: str, end: str, export: str, name: str = "Ana Lima", task: str = "T1") -> str:
    return f"W1,{name},North,{task},Renewal,Renewals,{start},{end},Completed,Get Next,{export}"


#: Good and bad datetime cells per style; (start, end) pairs, the export time last.
STYLES: dict[str, tuple[list[tuple[str, str]], str]] = {
    "iso": (
        [
            ("2026-11-23 08:00:00", "2026-11-23 08:10:00"),
            (" 2026-11-23 08:20:00", "2026-11-23 08:15:00"),  # padded, and End before Start
            ("2026-11-23 08:30:00 ", "N/A"),  # trailing blank; End in progress
            ("2026-11-23T08:40:00", "2026-11-23 08:45:00.5"),  # other accepted formats
            ("soon", "2026-11-23 09:00:00"),  # not a date
            ("", "2026-11-23 09:00:00"),  # required blank
            ("-", "NULL"),  # null tokens
            ("2026-11-23 09:10", "2026-11-23 9:20:00"),
            ("1900-01-01 00:00:00", "2026-11-23 09:30:00"),  # far from the export time
            ("2026-11-23 09:40:00", "11/23/2026 09:50:00"),  # one slash date in the column
        ],
        "2026-11-23 17:00:00",
    ),
    "us": (
        [
            ("11/23/2026 08:00:00 AM", "11/23/2026 08:10:00 AM"),
            ("11/23/2026 8:20 am", "11/23/2026 08:15:00 AM"),
            (" 11/23/2026 08:30:00 AM", "11/23/2026 01:05:00 PM "),
            ("11/23/26 08:40:00 AM", "11/23/26 8:45 PM"),  # two-digit years
            ("11/23/2026 13:00", "11/23/2026 13:10:00"),  # 24-hour clock
            ("23/11/2026 09:00", "11/23/2026 09:05:00 AM"),  # the minority order: refused
            ("11/23/2026", "2026-11-23 10:00:00"),  # date only; an ISO cell
            ("11/23/0026 10:00:00 AM", "N/A"),  # year 26 as written
            ("13/45/2026 10:00", ""),
        ],
        "11/23/2026 05:00:00 PM",
    ),
    "us_2y": (
        [
            ("11/23/26 08:00 AM", "11/23/26 08:10 AM"),
            ("11/23/26 08:20 AM", "11/23/2026 08:30 AM"),
            ("11/2x/26 08:20 AM", "11/23/26 08:30 AM"),
            ("1/2/26 08:20 AM", "11/23/99 08:30 AM"),
        ],
        "11/23/26 05:00 PM",
    ),
    "dmy": (
        [
            ("23/11/2026 08:00", "23/11/2026 08:10"),
            ("23/11/2026 08:20:00", "23/11/2026 08:15"),
            ("23/11/26 08:30", "N/A"),
            ("11/23/2026 08:40", "23/11/2026 08:45"),  # the minority order: refused
            ("5/11/2026 09:00", "05/11/2026 09:10"),
            ("23/11/2026 9:20 PM", "bad"),
        ],
        "23/11/2026 17:00",
    ),
    "dmy_2y": (
        [
            ("23/11/26 08:00", "23/11/26 08:10"),
            ("23/11/26 08:20", "24/11/26 08:10"),
            ("23/11/26 25:00", "23/11/26 08:10"),
            (" 23/11/26 08:30", "22/11/26 08:10"),
        ],
        "23/11/26 17:00",
    ),
}


@pytest.mark.parametrize("style", sorted(STYLES))
@pytest.mark.parametrize("newline", ["\n", "\r\n"])
def test_a_file_reads_the_same_typed_and_as_text(
    monkeypatch: pytest.MonkeyPatch, style: str, newline: str
) -> None:
    pairs, export = STYLES[style]
    rows = [_row(s, e, export, task=f"T{i}") for i, (s, e) in enumerate(pairs)]
    for order in ("MDY", "DMY"):
        typed, text = _both(monkeypatch, "actions.csv", _actions(rows, newline), order)
        _assert_same_load(typed, text)
    assert isinstance(typed, LoadedExport)
    # The files do hold both accepted and refused rows, with their lines.
    assert typed.rows > 0
    assert typed.row_errors
    assert all(e.line is not None and e.line >= 2 for e in typed.row_errors)


def test_the_messages_of_refused_cells_are_those_of_the_text_path(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A padded Start before its End is quoted without the blanks a typed parse skipped."""
    rows = [
        _row(" 2026-11-23 08:20:00", "2026-11-23 08:15:00", "2026-11-23 17:00:00"),
        _row("soon", "2026-11-23 09:00:00", "2026-11-23 17:00:00"),
    ]
    typed, text = _both(monkeypatch, "actions.csv", _actions(rows))
    _assert_same_load(typed, text)
    assert isinstance(typed, LoadedExport)
    assert [(e.line, e.error) for e in typed.row_errors] == [
        (2, "End: '2026-11-23 08:15:00' is before Start '2026-11-23 08:20:00'"),
        (3, "Start: 'soon' is not a date and time"),
    ]


@pytest.mark.parametrize(
    "name",
    [
        "Ana\x1b[31mLima",  # an escape: replaced
        "Ana\u0085Lima",  # a C1 control
        "Zoë Brontë",  # UTF-8, no control
        '"Lima, Ana"',  # quoted, with the delimiter
        '"Ana\nLima"',  # a line break in a quoted cell: later lines shift
        '"Ana\r\nLima"',
    ],
)
def test_names_with_controls_quotes_and_line_breaks_read_the_same(
    monkeypatch: pytest.MonkeyPatch, name: str
) -> None:
    rows = [
        _row("2026-11-23 08:00:00", "2026-11-23 08:10:00", "2026-11-23 17:00:00", name=name),
        _row("late", "2026-11-23 08:10:00", "2026-11-23 17:00:00", task="T2"),
    ]
    typed, text = _both(monkeypatch, "actions.csv", _actions(rows))
    _assert_same_load(typed, text)
    assert isinstance(typed, LoadedExport)
    assert "\x1b" not in typed.frame["worker_name"][0]
    assert "\x85" not in typed.frame["worker_name"][0]


def test_cp1252_and_utf16_files_read_the_same(monkeypatch: pytest.MonkeyPatch) -> None:
    text = "\n".join(
        [
            ACTIONS,
            _row("2026-11-23 08:00:00", "2026-11-23 08:10:00", "2026-11-23 17:00:00", "José"),
            _row("nope", "2026-11-23 08:10:00", "2026-11-23 17:00:00", "Zoë", "T2"),
            "",
        ]
    )
    for data in (text.encode("cp1252"), text.encode("utf-16"), b"\xef\xbb\xbf" + text.encode()):
        typed, ref = _both(monkeypatch, "actions.csv", data)
        _assert_same_load(typed, ref)
        assert isinstance(typed, LoadedExport)
        assert typed.frame["worker_name"][0] == "José"
        assert [e.line for e in typed.row_errors] == [3]


def test_a_dashboard_with_durations_and_bad_cells_reads_the_same(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    rows = [
        "W1,Ana,North,Active,11/23/2026 08:00:00 AM,Renewal,T1,1:00:00,0:45:00,0:15:00,"
        "11/23/2026 09:00:00 AM",
        "W2,Ben,North,Idle, 11/23/2026 08:10:00 AM,,,61,40,-3,11/23/2026 09:00:00 AM",
        "W3,Cy,North,Active,whenever,Renewal,T3,1:00,x,0:10,11/23/2026 09:00:00 AM",
        "W4,Di,North,Active,,Renewal,T4,0:30:00,0:20:00,0:10:00,11/23/2026 09:00:00 AM",
    ]
    data = "\n".join([DASHBOARD, *rows, ""]).encode()
    typed, text = _both(monkeypatch, "dashboard.csv", data)
    _assert_same_load(typed, text)
    assert isinstance(typed, LoadedExport)
    assert typed.rows == 1
    assert [e.line for e in typed.row_errors] == [3, 4, 5]


def test_a_file_refused_whole_is_refused_the_same(monkeypatch: pytest.MonkeyPatch) -> None:
    cut = _actions([_row("2026-11-23 08:00:00", "2026-11-23 08:10:00", "2026-11-23 17:00:00")])
    for data in (cut[:-30], b"\x00\x01binary" * 50, b"no,header,here\n1,2,3\n"):
        typed, text = _both(monkeypatch, "actions.csv", data)
        assert isinstance(text, LoadError)
        _assert_same_load(typed, text)


# --- A whole check ---------------------------------------------------------------------

SPEC = FloorSpec(seed=5, teams=2, size=6)
PULL_DAYS = [date(2026, 11, 2) + timedelta(days=i) for i in range(12) if (i % 7) < 5] + [
    date(2026, 11, 16)
]
#: How each date style writes a datetime.
FORMATS = {
    "us": "%m/%d/%Y %I:%M:%S %p",
    "us_2y": "%m/%d/%y %I:%M %p",
    "dmy": "%d/%m/%Y %H:%M:%S",
    "dmy_2y": "%d/%m/%y %H:%M",
}


def _restyle(drop: Path, style: str) -> None:
    """Every datetime of every export written in `style` (ISO is as simulated)."""
    if style == "iso":
        return
    for path in drop.glob("*.csv"):
        frame = pl.read_csv(path, infer_schema=False)
        styled = [
            pl.col(c)
            .str.to_datetime("%Y-%m-%d %H:%M:%S", strict=False)
            .dt.strftime(FORMATS[style])
            .fill_null(pl.col(c))
            .alias(c)
            for c in frame.columns
            if frame[c].drop_nulls().str.contains(r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$").all()
            and frame[c].drop_nulls().len() > 0
        ]
        frame.with_columns(styled).write_csv(path)


def _spoil(drop: Path, style: str) -> None:
    """Bad and awkward cells in the newest actions export, after rows copied from it."""
    path = sorted(drop.glob("caseworker_actions*.csv"))[-1]
    lines = path.read_text(encoding="utf-8").splitlines()
    first = lines[1].split(",")
    start, end = first[6], first[7]
    bad = [
        (f" {start}", end),  # padded
        (f"{start} ", "N/A"),  # padded; in progress
        ("soon", end),  # not a date
        ("", end),  # required blank
        (end, start),  # End before Start
        ("2026-11-16 10:00:00", end),  # an ISO cell in a styled column
        ("01/01/1900 00:00", end),  # far from the export time
    ]
    extra = [
        ",".join([*first[:3], f"X{i}", *first[4:6], s, e, *first[8:]])
        for i, (s, e) in enumerate(bad)
    ]
    path.write_text("\n".join([*lines, *extra, ""]), encoding="utf-8")


CASES = (
    [(shape, "iso") for shape in PULL_SHAPES]
    + [("monthly", style) for style in FORMATS]
    + [("mix", "us_2y"), ("daily", "dmy_2y")]
)


@pytest.mark.parametrize(("shape", "style"), CASES)
def test_a_whole_check_is_the_same_typed_and_as_text(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, shape: str, style: str
) -> None:
    """Every export shape, every date style, with bad rows: the whole JSON (refused rows
    and their lines included) and the drilldown rows of a month and a week."""
    config = load_config(write_config(tmp_path, SPEC, today=PULL_DAYS[-1]))
    if style.startswith("dmy"):
        config = dataclasses.replace(
            config, settings=dataclasses.replace(config.settings, date_order="DMY")
        )
    drop = tmp_path / "drop"
    write_pulls(drop, SPEC, PULL_DAYS, shape)  # type: ignore[arg-type]
    _restyle(drop, style)
    _spoil(drop, style)
    as_of = datetime.combine(PULL_DAYS[-1], END_OF_DAY)

    def check(period: str, text: bool) -> tuple[dict, pl.DataFrame]:
        if text:
            monkeypatch.setenv(TEXT_READING_VARIABLE, "1")
        else:
            monkeypatch.delenv(TEXT_READING_VARIABLE, raising=False)
        result = run_check(
            CheckRequest(
                config,
                drop,
                tmp_path / f"data-{period}-{text}",
                at=as_of,
                period=period,  # type: ignore[arg-type]
                store_exports=False,
                record_run=False,
                keep_summaries=False,
            )
        )
        return result_dict(result), result.actions.frame()

    for period in ("month", "week"):
        typed_json, typed_rows = check(period, text=False)
        text_json, text_rows = check(period, text=True)
        assert typed_json == text_json
        key = [
            "worker_id",
            "task_id",
            "start",
            *(c for c in typed_rows.columns if c not in ("worker_id", "task_id", "start")),
        ]
        assert_frame_equal(typed_rows.sort(key), text_rows.sort(key))
        # Bad rows were refused, each with its line; the good ones were counted.
        lines = [e for e in typed_json["errors"] if e.get("line")]
        assert len(lines) >= 3, typed_json["errors"]
        assert typed_rows.height > 100
