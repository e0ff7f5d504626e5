"""Promise: text from input files never acts where it is written (check-output.md, v2).

Anyone who can write to a shared drop folder can put a terminal escape in a caseworker's
name or a file name, or a formula in a team's. No control character reaches a terminal
(check table, report worker Markdown, the TUI); no cell of input text is a formula in a
CSV or a workbook.
"""

from __future__ import annotations

import contextlib
import csv
import io
import re
import zipfile
from pathlib import Path

import polars as pl
import pytest

from floorwatch import cli
from floorwatch.coaching.output import Report, render_csv, render_markdown, write_xlsx
from floorwatch.safe_text import spreadsheet_safe, terminal_safe

DASH_HEAD = (
    "Worker ID,Worker Name,Team,Status,Status Start,Task Type,Task ID,Logged In,Active,Idle,"
    "Export Time"
)
EXPORTED = "2026-11-23 11:00:00"
#: Retitle the terminal, clear the screen, a C1 CSI, a bell, DEL.
ESCAPES = ("\x1b]0;pwned\x07", "\x1b[2J", "\x9b31m", "\x07", "\x7f")
#: Anything a terminal acts on: C0 but tab and newline, DEL, C1.
ACTING = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
FORMULAS = ('=HYPERLINK("http://x","y")', "+cmd|' /C calc'!A0", "-2+3", "@SUM(A1:A2)")


def _run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = cli.main(list(argv))
    return code, out.getvalue(), err.getvalue()


@pytest.fixture
def hostile_drop(tmp_path: Path) -> Path:
    """A dashboard whose names and teams carry escapes and formulas, and a refused file
    whose name carries one."""
    drop = tmp_path / "drop"
    drop.mkdir()
    rows = [DASH_HEAD]
    for i, (esc, formula) in enumerate(zip(ESCAPES, [*FORMULAS, "=1+1"], strict=True)):
        name = f'"Ana{esc}Diaz"'
        rows.append(
            f"W{i},{name},{formula.replace(',', ' ')},Idle,2026-11-23 08:00:00,,,"
            f"3:00:00,0:10:00,170,{EXPORTED}"
        )
    (drop / "dashboard_2026-11-23_1100.csv").write_text("\n".join(rows) + "\n")
    (drop / "bad\x1b[2Jname.csv").write_text("nothing,to,see\n1,2,3\n")
    return drop


def test_check_table_carries_no_control_character(hostile_drop: Path) -> None:
    data = hostile_drop.parent / "data"
    code, out, err = _run("check", "--drop", str(hostile_drop), "--data", str(data))
    assert code == 1, err
    assert "Ana" in out and "Diaz" in out
    assert not ACTING.search(out), repr(ACTING.search(out))
    assert not ACTING.search(err)
    # The refused file is still named, its escape shown as a visible mark.
    assert "bad\ufffd[2Jname.csv" in out


def test_check_json_carries_no_raw_control_character(hostile_drop: Path) -> None:
    data = hostile_drop.parent / "data"
    code, out, _ = _run(
        "check", "--drop", str(hostile_drop), "--data", str(data), "--format", "json"
    )
    assert code == 1
    assert not ACTING.search(out)


def test_check_csv_writes_no_formula(hostile_drop: Path) -> None:
    data = hostile_drop.parent / "data"
    code, out, _ = _run(
        "check", "--drop", str(hostile_drop), "--data", str(data), "--format", "csv"
    )
    assert code == 1
    rows = list(csv.DictReader(io.StringIO(out)))
    teams = {r["team"] for r in rows}
    assert teams, out
    for cells in rows:
        for value in cells.values():
            assert not value.startswith(("=", "+", "-", "@", "\t", "\r")), value
    assert '\'=HYPERLINK("http://x" "y")' in teams
    assert "'@SUM(A1:A2)" in teams


def test_report_worker_markdown_carries_no_control_character(hostile_drop: Path) -> None:
    data = hostile_drop.parent / "data"
    code, out, err = _run(
        "report",
        "worker",
        "W0",
        "--drop",
        str(hostile_drop),
        "--data",
        str(data),
        "--at",
        "2026-11-23 11:00",
    )
    assert code == 0, err
    assert "Ana" in out
    assert not ACTING.search(out), repr(out)


def test_coaching_report_csv_and_xlsx_write_no_formula(tmp_path: Path) -> None:
    frame = pl.DataFrame({"group": list(FORMULAS), "checks": [1, 2, 3, 4]})
    report = Report("Coaching", ("About =cmd",), (("By caseworker", frame),))
    rows = list(csv.reader(io.StringIO(render_csv(report))))
    assert [r[1] for r in rows[1:]] == [f"'{f}" for f in FORMULAS]
    assert [r[2] for r in rows[1:]] == ["1", "2", "3", "4"]  # numbers stay numbers

    target = tmp_path / "coaching.xlsx"
    write_xlsx(report, target)
    sheet = pl.read_excel(target, sheet_name="By caseworker")
    assert sheet["group"].to_list() == [f"'{f}" for f in FORMULAS]
    with zipfile.ZipFile(target) as book:
        xml = "".join(book.read(n).decode() for n in book.namelist() if "worksheets/" in n)
    assert "<f>" not in xml  # no cell of any sheet holds a formula


def test_markdown_report_replaces_control_characters() -> None:
    frame = pl.DataFrame({"name": ["Ana\x1b[2J", "Bo\x9b1m"]})
    text = render_markdown(Report("Summary of Ana\x1b]0;x\x07", ("line \x1b[H",), (("T", frame),)))
    assert not ACTING.search(text)
    assert "Ana\ufffd[2J" in text


def test_the_helpers_themselves() -> None:
    assert terminal_safe("a\tb\nc\x1bd\x85e") == "a\tb\nc\ufffdd\ufffde"
    assert terminal_safe("a\nb", one_line=True) == "a\ufffdb"
    assert spreadsheet_safe("=1") == "'=1"
    assert spreadsheet_safe("\t=1") == "'\t=1"
    assert spreadsheet_safe("Ana") == "Ana"
    assert spreadsheet_safe(-5) == -5


async def test_the_tui_shows_hostile_names_as_plain_text(workdir: Path) -> None:
    """A team and a name holding markup and escapes: shown literally, no escape reaches the
    screen, and no markup is parsed (a `[b]` in a team name is text, not bold)."""
    from app_helpers import build_app, make_floor, settle

    source = make_floor(workdir)
    roster = source.config.folder / "roster.csv"
    text = roster.read_text(encoding="utf-8")
    text = text.replace(",North,", ",No[b]rth\x1b[2J,").replace("Dana Patel", "Dana [red]P\x9b1m")
    roster.write_text(text, encoding="utf-8")
    from floorwatch.live import FloorSource
    from floorwatch.settings import load_config

    source = FloorSource(load_config(source.config.folder), workdir, workdir / "history", by="t")
    app = build_app(source)
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(app, pilot)
        floor = app.export_screenshot()
        assert "No[b]rth\ufffd[2J" in floor.replace("&#160;", " ")
        await pilot.press("down", "enter")  # East, then No[b]rth
        await settle(app, pilot)
        team = app.export_screenshot()
    for svg in (floor, team):
        assert not ACTING.search(svg)
    assert "Dana&#160;[red]P\ufffd1m" in team or "Dana [red]P\ufffd1m" in team
