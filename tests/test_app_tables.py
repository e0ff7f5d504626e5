"""Every table under the real app: `z` sorts by the next column, `Z` reverses, the sort
outlives a refresh (a new export landing) with the cursor on the same row, values sort as
numbers with blanks last; `D` saves the table as shown as CSV or XLSX, off the UI thread."""

from __future__ import annotations

import csv
import io
import threading
from dataclasses import replace
from datetime import datetime, time
from pathlib import Path

import polars as pl
from app_helpers import DAY, SPEC, Clock, build_app, make_floor, settle, wait_for
from textual.pilot import Pilot

from floorwatch.app import FloorwatchApp
from floorwatch.output.saved_table import default_save_dir, file_stem, shown_table
from floorwatch.screens.table_saver import TableSaver
from floorwatch.settings import load_config
from floorwatch.simulate import write_day
from floorwatch.widgets.keyed_table import ASCENDING, DESCENDING, KeyedTable
from floorwatch.widgets.period_cells import KPIS, kpi_row
from floorwatch.widgets.save_choice import SaveChoice
from floorwatch.widgets.table_values import cell_value, plain, sort_key


def _with_save_dir(source, folder: Path):
    settings = replace(source.config.settings, save_dir=folder)
    return replace(source, config=replace(source.config, settings=settings))


async def _sort_to(pilot: Pilot, table: KeyedTable, column: str) -> None:
    """Press `z` until the table is sorted by `column`."""
    for _ in range(len(table.columns) + 1):
        if table.sort_column == column:
            return
        await pilot.press("z")
    raise AssertionError(f"z never sorted by {column}")


def _values(table: KeyedTable, column: str) -> list:
    return [cell_value(table.get_cell(key, column)) for key in table.ordered_keys()]


def test_values_are_read_as_numbers_blanks_and_text() -> None:
    assert cell_value("10") == 10.0 and cell_value("9") == 9.0
    assert cell_value("85.2 ▲") == 85.2 and cell_value("3 !") == 3.0
    assert cell_value("−1.5 ▼") == -1.5 and cell_value("1,204") == 1204.0
    assert cell_value("—") is None and cell_value("") is None
    assert cell_value("Active 12m") == "Active 12m"
    assert cell_value("3 d 4 h") == "3 d 4 h"  # not a number with one unit
    # Numerically 9 before 10 (as text "10" < "9"); text after numbers; blanks last.
    values = ["10", "—", "9", "x", "85.2 ▲"]
    ordered = sorted(values, key=lambda v: sort_key(cell_value(v)))
    assert ordered == ["9", "10", "85.2 ▲", "x", "—"]


async def test_sort_cycles_reverses_and_survives_a_new_export(workdir: Path) -> None:
    source = make_floor(workdir, until=time(10, 0))
    clock = Clock(datetime.combine(DAY, time(10, 5)))
    app = build_app(source, clock, team="North", watch=True, settle_seconds=0.2)
    async with app.run_test(size=(160, 40)) as pilot:
        await settle(app, pilot)
        table = app.screen.query_one(KeyedTable)
        screen_order = table.ordered_keys()
        assert table.sort_column is None

        # The first `z` sorts by the first column (the flag marker: worst first).
        await pilot.press("z")
        assert table.sort_column == "mark" and table.sort_reverse
        marks = _values(table, "mark")
        filled = [m for m in marks if m is not None]
        assert filled == sorted(filled, reverse=True)
        assert marks[len(filled) :] == [None] * (len(marks) - len(filled))  # blanks last

        await _sort_to(pilot, table, "cases")
        cases = _values(table, "cases")
        assert not table.sort_reverse and cases == sorted(cases)
        assert all(isinstance(c, float) for c in cases)
        assert str(table.columns["cases"].label).endswith(ASCENDING)
        assert not str(table.columns["mark"].label).endswith((ASCENDING, DESCENDING))

        await pilot.press("Z")
        assert table.sort_reverse and _values(table, "cases") == sorted(cases, reverse=True)
        assert str(table.columns["cases"].label).endswith(DESCENDING)

        table.move_cursor(row=2)
        kept = table.cursor_key
        before = {k: table.get_cell(k, "cases") for k in table.ordered_keys()}

        clock.now = datetime.combine(DAY, time(11, 5))
        write_day(workdir, SPEC, DAY, until=time(11, 0))
        await wait_for(lambda: app.result.as_of.time() == time(11, 0), pilot)
        await settle(app, pilot)

        assert table.sort_column == "cases" and table.sort_reverse
        after = _values(table, "cases")
        assert after == sorted(after, reverse=True)
        assert {k: table.get_cell(k, "cases") for k in table.ordered_keys()} != before
        assert table.cursor_key == kept
        assert str(table.columns["cases"].label).endswith(DESCENDING)

        # Past the last column, back to the screen's own order (outliers first).
        await _sort_to(pilot, table, table.ordered_columns[-1].key.value)
        await pilot.press("z")
        assert table.sort_column is None
        assert sorted(table.ordered_keys()) == sorted(screen_order)
        assert table.ordered_keys() == [w.worker_id for w in app.screen.shown_workers()]


async def test_floor_sorts_worst_first_by_flagged_and_by_a_kpi(workdir: Path) -> None:
    app = build_app(make_floor(workdir))
    async with app.run_test(size=(160, 40)) as pilot:
        await settle(app, pilot)
        table = app.screen.query_one(KeyedTable)
        await _sort_to(pilot, table, "flagged")
        flagged = {t.team: t.flagged_workers for t in app.teams()}
        counts = [flagged[k] for k in table.ordered_keys()]
        assert table.sort_reverse and counts == sorted(counts, reverse=True)
        assert counts[0] > counts[-1]  # the test floor has a worst team

        await _sort_to(pilot, table, "util")
        util = {t.team: t.metrics.utilization_pct for t in app.teams()}
        shown = [util[k] for k in table.ordered_keys()]
        # Lowest utilization (the worse side) first, by the value, not the rounded text.
        assert not table.sort_reverse and shown == sorted(shown)

        # The Performance screen's cells ("76.4  +0.1": the value and its change) carry
        # the KPI's value for sorting.
        team = app.teams()[0]
        cells = kpi_row(team.metrics, team.metrics, app.result.qsa, None, with_change=True)
        assert "+0.0" in plain(cells[0])
        assert [cell_value(c) for c in cells] == [
            None if getattr(team.metrics, k) is None else float(getattr(team.metrics, k))
            for k in KPIS
        ]


async def _save(app: FloorwatchApp, pilot: Pilot, fmt_key: str) -> None:
    await pilot.press("D")
    await pilot.pause()
    assert isinstance(app.screen, SaveChoice)
    await pilot.press(fmt_key)
    await settle(app, pilot)


async def test_saved_csv_and_xlsx_hold_the_rows_shown_in_the_order_shown(workdir: Path) -> None:
    folder = workdir / "saved"
    app = build_app(_with_save_dir(make_floor(workdir), folder), team="North")
    notes: list[str] = []
    async with app.run_test(size=(160, 40)) as pilot:
        await settle(app, pilot)
        table = app.screen.query_one(KeyedTable)
        await _sort_to(pilot, table, "util")
        await pilot.press("Z")
        keys = table.ordered_keys()
        headers = [str(c.label) for c in table.ordered_columns]
        shown = [[plain(table.get_cell(k, c.key)) for c in table.ordered_columns] for k in keys]

        await _save(app, pilot, "c")
        assert TableSaver.last_save_thread is not None
        assert TableSaver.last_save_thread is not threading.main_thread()
        await _save(app, pilot, "x")
        notes = [n.message for n in app._notifications]

    files = sorted(folder.iterdir())
    assert [f.suffix for f in files] == [".csv", ".xlsx"]
    stem = "floorwatch Team North 2026-11-23 1100"
    assert files[0].name == f"{stem}.csv"
    assert any(str(files[0]) in n for n in notes) and any(str(files[1]) in n for n in notes)

    raw = files[0].read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    # The header as shown, without the sort arrow; then the rows in the order shown.
    assert rows[0] == [h.removesuffix(f" {DESCENDING}") for h in headers]
    assert [r[1] for r in rows[1:]] == keys
    for written, cells in zip(rows[1:], shown, strict=True):
        for value, cell in zip(written, cells, strict=True):
            expected = cell_value(cell)
            if isinstance(expected, float):
                assert float(value) == expected
            else:
                assert value == ("" if expected is None else expected)

    # Read back by calamine (polars' reader): the header row, then typed columns.
    sheet = pl.read_excel(files[1])
    assert sheet.columns == rows[0] and sheet.height == len(keys)
    util = next(h for h in rows[0] if h.startswith("Util%"))
    assert sheet.schema[util] == pl.Float64  # numbers as numbers
    values = sheet.get_column(util).to_list()
    assert values == sorted(values, reverse=True)
    assert values == [cell_value(r[rows[0].index(util)]) for r in rows[1:]]
    assert sheet.get_column("ID").to_list() == keys


async def test_the_default_folder_is_the_documents_folder(workdir: Path) -> None:
    documents = Path.home() / "Documents"
    assert default_save_dir(workdir / "history") == workdir / "exports"  # no Documents yet
    documents.mkdir()
    app = build_app(make_floor(workdir))
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await _save(app, pilot, "c")
    assert [f.name for f in documents.iterdir()] == ["floorwatch Floor 2026-11-23 1100.csv"]


def test_save_dir_is_read_from_the_config(workdir: Path) -> None:
    make_floor(workdir)
    toml = workdir / "config" / "floorwatch.toml"
    toml.write_text('save_dir = "tables"\n' + toml.read_text(encoding="utf-8"), encoding="utf-8")
    config = load_config(workdir / "config")
    assert config.settings.save_dir == (workdir / "config" / "tables").resolve()


async def test_the_help_lists_the_table_keys(workdir: Path) -> None:
    app = build_app(make_floor(workdir))
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        sections = dict(app.help_sections())
        keys = {b.key: b for b in sections["Every table"]}
        assert set(keys) == {"z", "Z", "D"}
        assert all(b.id for b in keys.values())


async def test_the_caseworker_page_tables_sort_and_save_by_id(workdir: Path) -> None:
    """Found by id, not query order; a table without a key column sorts too (its rows
    are actions, several per task); the file names the caseworker and the table."""
    folder = workdir / "saved"
    app = build_app(_with_save_dir(make_floor(workdir), folder), team="North")
    async with app.run_test(size=(160, 50)) as pilot:
        await settle(app, pilot)
        busiest = max(
            (w for w in app.result.workers if w.team == "North"),
            key=lambda w: w.metrics.cases_worked,
        )
        app.open_caseworker(busiest.worker_id)
        await settle(app, pilot)
        actions = app.screen.query_one("#actions", KeyedTable)
        assert actions.row_count >= 10
        actions.focus()
        await pilot.pause()
        await _sort_to(pilot, actions, "Min")
        minutes = _values(actions, "Min")
        filled = [m for m in minutes if m is not None]
        assert filled == sorted(filled) and len(set(filled)) > 2
        assert all(isinstance(m, float) for m in filled)
        assert minutes[len(filled) :] == [None] * (len(minutes) - len(filled))
        tasks = [plain(actions.get_cell(k, "Task")) for k in actions.ordered_keys()]
        await _save(app, pilot, "c")
    (saved,) = folder.iterdir()
    name = busiest.name or busiest.worker_id
    assert saved.name == f"floorwatch {name} actions 2026-11-23 1100.csv"
    rows = list(csv.reader(io.StringIO(saved.read_text(encoding="utf-8-sig"))))
    assert rows[0][0] == "Task" and [r[0] for r in rows[1:]] == tasks


async def test_a_save_that_fails_says_so(workdir: Path) -> None:
    blocker = workdir / "not-a-folder"
    blocker.write_text("a file where the folder should be", encoding="utf-8")
    app = build_app(_with_save_dir(make_floor(workdir), blocker / "tables"))
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await _save(app, pilot, "x")
        errors = [n for n in app._notifications if n.severity == "error"]
    assert len(errors) == 1 and errors[0].title == "Table not saved"
    assert "floorwatch Floor 2026-11-23 1100.xlsx" in errors[0].message
    assert str(blocker / "tables") in errors[0].message


def test_file_names_are_safe_on_windows() -> None:
    as_of = datetime(2026, 11, 23, 11, 0)
    odd = shown_table('Team A/B: "x"? <y>|z*\x1b', as_of, ["Team"], [["x"]])
    assert file_stem(odd) == "floorwatch Team A_B_ _x_ _y_z_ 2026-11-23 1100"
    assert file_stem(shown_table("", None, [], [])) == "floorwatch"
    long = file_stem(shown_table("x" * 500, as_of, [], []))
    assert len(long) == 120 + len(" 2026-11-23 1100") and long.endswith(" 2026-11-23 1100")


async def test_a_performance_table_saves_under_its_period_and_sorts_by_value(
    workdir: Path,
) -> None:
    folder = workdir / "saved"
    app = build_app(_with_save_dir(make_floor(workdir), folder))
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await pilot.press("r")
        await settle(app, pilot)
        table = app.screen.query_one(KeyedTable)
        assert table.ordered_keys() == ["East", "North", "South"]
        await _sort_to(pilot, table, "cases_worked")
        cases = _values(table, "cases_worked")
        # "913  -13" in one cell: sorted by the cases, not by the text.
        assert all(isinstance(c, float) for c in cases) and cases == sorted(cases)
        await _save(app, pilot, "c")
    (saved,) = folder.iterdir()
    assert saved.name == (
        "floorwatch Performance Week of Mon 23 Nov 2026, to Mon 23 11_00 2026-11-23 1100.csv"
    )


async def test_a_sync_repaints_the_table_as_often_for_many_changed_cells_as_for_few(
    monkeypatch,
) -> None:
    from screen_text import screen_lines
    from textual.app import App
    from textual.widget import Widget

    class OneTable(App):
        def compose(self):
            yield KeyedTable("key")

    asked: list[Widget] = []
    repaint = Widget.refresh

    def counted(self, *regions, **kwargs):
        asked.append(self)
        return repaint(self, *regions, **kwargs)

    def rows(a: int, changed: int) -> dict[str, dict[str, object]]:
        return {
            f"k{i}": {"key": f"k{i}", "a": 100 * i + (a if i < changed else 0), "b": -i}
            for i in range(10)
        }

    def shown(key: str) -> list[str]:
        return next(line.split() for line in screen_lines(app) if f" {key} " in line)

    app = OneTable()
    async with app.run_test() as pilot:
        table = app.query_one(KeyedTable)
        table.show_columns([("key", "Key"), ("a", "A"), ("b", "B")])
        table.sync(rows(0, 0), [])
        await pilot.pause()
        monkeypatch.setattr(Widget, "refresh", counted)
        repaints = []
        for a, changed in ((1, 1), (2, 10)):
            asked.clear()
            table.sync(rows(a, changed), [])
            repaints.append(sum(w is table for w in asked))
            await pilot.pause()
            assert shown("k0") == ["k0", str(a), "0"]  # the new value is on screen
        assert shown("k9") == ["k9", "902", "-9"]
        # Each changed cell asks DataTable for a whole repaint: held back to one.
        assert repaints[0] == repaints[1] <= 3


async def test_a_refresh_that_keeps_the_order_does_not_sort_again(
    workdir: Path, monkeypatch
) -> None:
    """DataTable.sort throws away every rendered cell: a refresh whose rows keep their
    order must not call it (the floor repaints 170 rows once, not twice)."""
    app = build_app(make_floor(workdir))
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        table = app.screen.query_one(KeyedTable)
        sorts: list[object] = []
        sort = KeyedTable.sort

        def counted(self, *columns, **kwargs):
            sorts.append(self)
            return sort(self, *columns, **kwargs)

        monkeypatch.setattr(KeyedTable, "sort", counted)
        app.screen.show_data()
        assert sorts == []
        await pilot.press("Z")  # a new order (reversed) is still sorted into place
        assert sorts == [table]


async def test_a_team_table_is_focused_before_it_is_first_painted(
    workdir: Path, monkeypatch
) -> None:
    """Focus restyles every cell: a table painted first unfocused is painted twice."""
    focused_when_painted: list[bool] = []
    render_line = KeyedTable.render_line

    def painted(self, y):
        if self.id is None or self.id != "teams":
            focused_when_painted.append(self.has_focus)
        return render_line(self, y)

    app = build_app(make_floor(workdir))
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        monkeypatch.setattr(KeyedTable, "render_line", painted)
        await pilot.press("enter")
        await settle(app, pilot)
        assert type(app.screen).__name__ == "TeamScreen"
        assert focused_when_painted and all(focused_when_painted)
