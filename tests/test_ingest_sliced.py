"""A big CSV read a slice at a time reads as it does whole (issue 16: peak memory).

`read.SLICE_BYTES` is made small here, so that files of a few hundred rows are cut into
many slices, with bad rows, quoted line breaks and CRLFs on either side of the cuts.
Compared with the same files read whole: accepted rows, refused rows with their lines and
messages, export time; and a whole check's JSON and drilldown rows on every pull shape.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from pathlib import Path

import polars as pl
import pytest
from polars.testing import assert_frame_equal

import floorwatch.ingest.read as read
from floorwatch.ingest import LoadedExport, load_export_bytes
from floorwatch.ingest.typed import TEXT_READING_VARIABLE
from floorwatch.output.json_form import result_dict
from floorwatch.service import CheckRequest, run_check
from floorwatch.settings import load_config
from floorwatch.settings.model import ColumnMap
from floorwatch.simulate import FloorSpec, write_config
from floorwatch.simulate.files import END_OF_DAY
from floorwatch.simulate.pulls import PULL_SHAPES, write_pulls

ACTIONS = "Worker ID,Worker Name,Team,Task ID,Task Type,Queue,Start,End,Outcome,Source,Export Time"
MOMENT = datetime(2026, 11, 23, 17, 0)
#: Small enough to cut the files below into many slices.
SMALL = 700


def _rows(count: int, *, quoted: bool, slash_at: int | None = None) -> list[str]:
    """Good rows with a bad one every 23 (each kind in turn) and, when `quoted`, a name
    with a comma and one with a line break every 11 rows."""
    bad = [
        ("soon", "2026-11-23 09:00:00"),  # not a date
        ("", "2026-11-23 09:00:00"),  # required blank
        ("2026-11-23 09:00:00", "2026-11-23 08:00:00"),  # End before Start
        (" 2026-11-23 09:00:00", "N/A"),  # padded; in progress
        ("1900-01-01 00:00:00", "2026-11-23 09:30:00"),  # far from the export time
        ("2026-11-23T09:40:00", "2026-11-23 09:50:00.5"),  # other accepted formats
    ]
    out = []
    base = datetime(2026, 11, 23, 7, 0)
    for i in range(count):
        start = base + timedelta(seconds=37 * i)
        s, e = f"{start:%Y-%m-%d %H:%M:%S}", f"{start + timedelta(minutes=5):%Y-%m-%d %H:%M:%S}"
        if i % 23 == 22:
            s, e = bad[(i // 23) % len(bad)]
        if i == slash_at:
            e = f"{start + timedelta(minutes=5):%m/%d/%Y %H:%M}"
        name = f"Worker {i % 9}"
        if quoted and i % 11 == 3:
            name = f'"Lima, Ana {i}"'
        if quoted and i % 11 == 7:
            name = f'"Ana\nLima {i}"'
        out.append(
            f"W{i % 9},{name},North,T{i},Renewal,Renewals,{s},{e},Completed,Get Next,"
            "2026-11-23 17:00:00"
        )
    return out


def _load(monkeypatch: pytest.MonkeyPatch, data: bytes, slice_bytes: int) -> LoadedExport:
    monkeypatch.setattr(read, "SLICE_BYTES", slice_bytes)
    loaded = load_export_bytes("caseworker_actions.csv", data, ColumnMap(), MOMENT)
    assert isinstance(loaded, LoadedExport), loaded
    return loaded


def _assert_same(sliced: LoadedExport, whole: LoadedExport) -> None:
    assert sliced.export_time == whole.export_time
    assert sliced.row_errors == whole.row_errors
    assert_frame_equal(sliced.frame, whole.frame)


@pytest.mark.parametrize("newline", ["\n", "\r\n"])
@pytest.mark.parametrize("quoted", [False, True])
@pytest.mark.parametrize("text", [False, True])
def test_a_file_read_in_slices_reads_as_whole(
    monkeypatch: pytest.MonkeyPatch, newline: str, quoted: bool, text: bool
) -> None:
    if text:
        monkeypatch.setenv(TEXT_READING_VARIABLE, "1")
    data = newline.join([ACTIONS, *_rows(400, quoted=quoted), ""]).encode()
    raw = read.read_csv_bytes(data, ColumnMap())
    assert raw.more is None  # the default slice is far bigger than this file
    monkeypatch.setattr(read, "SLICE_BYTES", SMALL)
    raw = read.read_csv_bytes(data, ColumnMap())
    assert raw.more is not None and len(raw.more.ranges) >= 40  # really sliced
    sliced = _load(monkeypatch, data, SMALL)
    whole = _load(monkeypatch, data, 10 * len(data))
    _assert_same(sliced, whole)
    # The bad rows, spread over the slices, are refused with their physical lines.
    assert len(whole.row_errors) >= 10
    lines = [e.line for e in whole.row_errors]
    assert lines == sorted(lines) and lines[-1] > 300
    if not quoted:
        # Line n of the file holds row n - 1: the refused lines say which cells.
        body = data.decode().split(newline)
        for error in whole.row_errors:
            assert body[error.line - 1].split(",")[3] in ("T" + str(error.line - 2),)


def test_a_slice_that_would_read_otherwise_makes_the_file_read_whole(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A slash date in a later slice of an ISO column: read whole, the text path's way
    for that column (no slice decides what the whole column is)."""
    data = "\n".join([ACTIONS, *_rows(400, quoted=False, slash_at=350), ""]).encode()
    sliced = _load(monkeypatch, data, SMALL)
    whole = _load(monkeypatch, data, 10 * len(data))
    _assert_same(sliced, whole)


def test_a_file_of_slash_dates_reads_whole_the_same(monkeypatch: pytest.MonkeyPatch) -> None:
    rows = [
        r.replace("2026-11-23 ", "11/23/2026 ").replace("1900-01-01", "01/01/1900")
        for r in _rows(300, quoted=True)
    ]
    data = "\n".join([ACTIONS, *rows, ""]).encode()
    _assert_same(_load(monkeypatch, data, SMALL), _load(monkeypatch, data, 10 * len(data)))


def test_a_ragged_row_in_a_later_slice_reads_as_whole(monkeypatch: pytest.MonkeyPatch) -> None:
    """polars refuses a slice with more fields than the header: the whole file then goes
    the forgiving reader's way, with the row refused by its line."""
    rows = _rows(300, quoted=False)
    rows[250] += ",extra,cells"
    data = "\n".join([ACTIONS, *rows, ""]).encode()
    sliced = _load(monkeypatch, data, SMALL)
    whole = _load(monkeypatch, data, 10 * len(data))
    _assert_same(sliced, whole)
    assert any(e.line == 252 and "fields" in e.error for e in whole.row_errors)


SPEC = FloorSpec(seed=11, teams=2, size=6)
PULL_DAYS = [date(2026, 11, 2) + timedelta(days=i) for i in range(12) if (i % 7) < 5]


@pytest.mark.parametrize("shape", PULL_SHAPES)
def test_a_whole_check_is_the_same_with_small_slices(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, shape: str
) -> None:
    """Every pull shape, with bad rows at the end of the newest actions export: the whole
    JSON (refused rows and their lines included) and the drilldown rows."""
    config = load_config(write_config(tmp_path, SPEC, today=PULL_DAYS[-1]))
    drop = tmp_path / "drop"
    write_pulls(drop, SPEC, PULL_DAYS, shape)  # type: ignore[arg-type]
    path = sorted(drop.glob("caseworker_actions*.csv"))[-1]
    lines = path.read_text(encoding="utf-8").splitlines()
    first = lines[1].split(",")
    extra = [
        ",".join([*first[:3], f"X{i}", *first[4:6], s, e, *first[8:]])
        for i, (s, e) in enumerate([("soon", first[7]), ("", first[7]), (first[7], first[6])])
    ]
    # Bad rows in the middle of the file as well as at its end.
    middle = len(lines) // 2
    path.write_text("\n".join([*lines[:middle], *extra, *lines[middle:], *extra, ""]))
    as_of = datetime.combine(PULL_DAYS[-1], END_OF_DAY)

    def check(slice_bytes: int) -> tuple[dict, pl.DataFrame]:
        monkeypatch.setattr(read, "SLICE_BYTES", slice_bytes)
        result = run_check(
            CheckRequest(
                config,
                drop,
                tmp_path / f"data-{slice_bytes}",
                at=as_of,
                period="month",
                store_exports=False,
                record_run=False,
                keep_summaries=False,
            )
        )
        return result_dict(result), result.actions.frame()

    small_json, small_rows = check(4096)
    whole_json, whole_rows = check(2**40)
    assert small_json == whole_json
    key = ["worker_id", "task_id", "start"]
    key += [c for c in whole_rows.columns if c not in key]
    assert_frame_equal(small_rows.sort(key), whole_rows.sort(key))
    refused = [e for e in whole_json["errors"] if e.get("line")]
    assert len(refused) >= 6, whole_json["errors"]
    assert whole_rows.height > 100


def test_a_big_file_cut_off_in_its_last_line_is_refused() -> None:
    """The last record is looked for in the body's tail (no copy of a big body)."""
    rows = _rows(2000, quoted=False)
    data = "\n".join([ACTIONS, *rows[:-1], ",".join(rows[-1].split(",")[:5])]).encode()
    assert len(data) > 2 * read._TAIL
    loaded = load_export_bytes("caseworker_actions.csv", data, ColumnMap(), MOMENT)
    assert not isinstance(loaded, LoadedExport)
    assert loaded.error == "cut off: the last line has 5 of 11 fields"
    # Blank lines after a whole last record: not cut off.
    whole = _load_bytes("\n".join([ACTIONS, *rows, "", "", ""]).encode())
    assert whole.frame.height > 1900


def test_a_control_character_in_a_later_chunk_is_replaced(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The bytes are looked at a chunk at a time for control characters: one far into
    the file still has names go through the replacing regex."""
    monkeypatch.setattr(read, "_CONTROL_CHUNK", 256)
    rows = _rows(400, quoted=False)
    rows[350] = rows[350].replace("Worker 8", "Worker \x1b[31m8")
    data = "\n".join([ACTIONS, *rows, ""]).encode()
    sliced = _load(monkeypatch, data, SMALL)
    whole = _load(monkeypatch, data, 10 * len(data))
    _assert_same(sliced, whole)
    names = whole.frame["worker_name"]
    assert not names.str.contains("\x1b", literal=True).any()
    assert names.str.contains("\ufffd", literal=True).any()


def _load_bytes(data: bytes) -> LoadedExport:
    loaded = load_export_bytes("caseworker_actions.csv", data, ColumnMap(), MOMENT)
    assert isinstance(loaded, LoadedExport), loaded
    return loaded


def test_a_file_with_a_byte_order_mark_and_cp1252_reads_as_whole(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Excel's "CSV UTF-8" starts with a BOM; an older export is cp1252 (read again
    checked when a slice is not UTF-8): sliced, both read as whole."""
    text = "\r\n".join([ACTIONS, *_rows(300, quoted=True), ""])
    for data in (
        b"\xef\xbb\xbf" + text.encode(),
        text.replace("Worker 5", "Jos\xe9").encode("cp1252"),
    ):
        sliced = _load(monkeypatch, data, SMALL)
        whole = _load(monkeypatch, data, 10 * len(data))
        _assert_same(sliced, whole)
        assert whole.frame.height > 250
