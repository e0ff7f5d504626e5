"""`floorwatch report mi`: the monthly MI return holds the check's numbers (reports.md).

Built from a simulated floor with seven weeks of history (September to November: a
leaver, a part-time starter, a four-day part-timer, sick and annual leave, supervisors
and a support officer in the roster), read back from real xlsx with fastexcel.
"""

from __future__ import annotations

import csv
import io
from datetime import date, datetime, time
from pathlib import Path

import fastexcel
import pytest
from pack_helpers import PackFloor, check_json, end_of, run_cli

from floorwatch.reports.mi_parts import rag
from floorwatch.service import CheckRequest, run_check
from floorwatch.settings import QSA, load_config
from floorwatch.simulate import FloorSpec, write_config, write_day
from floorwatch.simulate.departures import departed
from floorwatch.simulate.departures import last_day as departures_last_day
from floorwatch.simulate.history import fill_history, weeks_before
from floorwatch.simulate.people import turnover

#: A Wednesday: the month in progress (November) has two stored days and the drop folder.
TODAY = date(2026, 11, 4)
SPEC = FloorSpec(seed=7, teams=2, size=10, turnover_on=TODAY)
MONTHS = ("Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov (to date)", "Dec", "Jan",
          "Feb", "Mar", "Year")  # fmt: skip
#: The months the history covers (from Monday 14 September), and each one's check moment.
CHECKED = {"Sep": end_of(date(2026, 9, 30)), "Oct": end_of(date(2026, 10, 31)),
           "Nov (to date)": "2026-11-04 11:00"}  # fmt: skip
#: Return measure -> the check's team metric key.
METRIC_OF = {
    "Cases worked": "cases_worked",
    "Completed": "completed",
    "Completion %": "completion_rate_pct",
    "Get Next %": "get_next_rate_pct",
    "Utilization %": "utilization_pct",
    "Logged-in %": "logged_in_pct",
    "Mean transaction minutes": "avg_txn_minutes",
    "Days lost to absence": "absent_days",
}


@pytest.fixture(scope="module")
def floor(tmp_path_factory: pytest.TempPathFactory) -> PackFloor:
    folder = tmp_path_factory.mktemp("mi")
    config_dir = write_config(folder, SPEC, today=TODAY)
    fill_history(folder / "history", SPEC, load_config(config_dir), weeks_before(TODAY, 7))
    write_day(folder, SPEC, TODAY, until=time(11, 0))
    return PackFloor(folder, config_dir, folder / "history")


@pytest.fixture(scope="module")
def workbook(floor: PackFloor, tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict]:
    """The xlsx return read back: sheet -> {measure: {column label: cell}}."""
    target = tmp_path_factory.mktemp("out") / "mi.xlsx"
    from floorwatch import cli

    assert cli.main(["report", "mi", *floor.options, "--format", "xlsx", "-o", str(target)]) == 0
    reader = fastexcel.read_excel(target.read_bytes())
    out: dict[str, dict] = {"__sheets__": reader.sheet_names}
    for name in reader.sheet_names:
        frame = reader.load_sheet(name, header_row=None).to_polars()
        rows = frame.rows()
        head = [str(c) for c in rows[2]]
        assert head == ["Section", "Measure", *MONTHS], name
        table = {}
        for row in rows[3:]:
            if row[1] is None:
                break  # the notes follow the table after a blank row
            table[row[1]] = dict(zip(MONTHS, row[2:], strict=True))
        out[name] = {"title": rows[0][0], "table": table, "rows": rows}
    return out


def _num(cell: object) -> float | None:
    return None if cell is None else float(cell)  # type: ignore[arg-type]


def _result(floor: PackFloor, at: str):
    config = load_config(floor.config)
    request = CheckRequest(
        config, floor.folder, floor.data, at=datetime.fromisoformat(at), period="month",
        store_exports=False, record_run=False, keep_summaries=False,
    )  # fmt: skip
    return run_check(request)


def test_every_team_cell_is_the_month_checks_number(
    floor: PackFloor, workbook: dict, capsys: pytest.CaptureFixture[str]
) -> None:
    assert workbook["__sheets__"] == ["Floor", "North", "South"]
    for label, at in CHECKED.items():
        result = check_json(capsys, floor, "month", at)
        by_type = {t.team: t.metrics.txn_count_by_task_type for t in _result(floor, at).teams}
        for team in result["teams"]:
            table = workbook[team["team"]]["table"]
            for measure, key in METRIC_OF.items():
                assert _num(table[measure][label]) == team["metrics"][key], (label, measure)
            for task_type, count in by_type[team["team"]].items():
                assert _num(table[f"Cases worked: {task_type}"][label]) == count
        floor_table = workbook["Floor"]["table"]
        cases = sum(t["metrics"]["cases_worked"] for t in result["teams"])
        done = sum(t["metrics"]["completed"] for t in result["teams"])
        absent = sum(t["metrics"]["absent_days"] for t in result["teams"])
        assert _num(floor_table["Cases worked"][label]) == cases
        assert _num(floor_table["Days lost to absence"][label]) == absent
        assert _num(floor_table["Completion %"][label]) == round(done / cases * 100, 2)


def test_months_without_history_are_blank_and_the_missing_days_are_named(
    workbook: dict,
) -> None:
    table = workbook["Floor"]["table"]
    for label in ("Apr", "May", "Jun", "Jul", "Aug", "Dec", "Jan", "Feb", "Mar"):
        assert all(table[m][label] is None for m in table), label
    assert table["Cases worked"]["Sep"] is not None
    notes = " ".join(str(r[0]) for r in workbook["Floor"]["rows"] if r[0])
    # The history starts on Monday 14 September: the working days before it are missing.
    assert "2026-09-01, 2026-09-02" in notes and "2026-09-11" in notes
    assert "Apr 2026, May 2026, Jun 2026, Jul 2026, Aug 2026" in notes
    title = workbook["Floor"]["title"]
    assert "MI return: whole floor · fiscal year 2026-27 · as of 2026-11-04 11:00:00" in title


def test_staffing_follows_the_roster_at_each_month_end(workbook: dict) -> None:
    """The leaver (Last Day in October) and the 0.6 FTE starter (from late October), the
    Mon-Thu 0.8 part-timer, two supervisors and a half-time support officer."""
    moves = turnover(SPEC)
    assert moves.last_day and moves.start_date
    assert moves.last_day.month == 10 and moves.start_date.month == 10
    table = workbook["Floor"]["table"]
    front = {m: _num(table["FTE: Front line"][m]) for m in ("Sep", "Oct", "Nov (to date)")}
    # The simulated floor's caseworker who has left (simulate/departures.py: Last Day
    # 1 November, FTE 1) is on the roster at the end of September and October.
    gone = departed(SPEC)
    assert gone is not None and departures_last_day(TODAY) == date(2026, 11, 1)
    # September: 20 caseworkers less the starter not yet started, one of them at 0.8.
    assert front["Sep"] == pytest.approx(18.8 + 1)
    # October's end: the leaver gone, the starter in at 0.6.
    assert front["Oct"] == pytest.approx(18.4 + 1)
    assert front["Nov (to date)"] == pytest.approx(18.4)
    assert _num(table["FTE: Supervisor"]["Oct"]) == 2
    assert _num(table["FTE: Support"]["Oct"]) == 0.5
    assert _num(table["FTE total"]["Oct"]) == pytest.approx(20.9 + 1)
    assert _num(table["Headcount"]["Sep"]) == 23 and _num(table["Headcount"]["Oct"]) == 23
    completed = _num(table["Completed"]["Oct"])
    assert _num(table["Completed per front-line FTE"]["Oct"]) == round(completed / 19.4, 2)
    lost = _num(table["Days lost to absence"]["Oct"])
    assert lost and lost > 0  # the no-show and the sick days
    assert _num(table["Days lost per FTE"]["Oct"]) == round(lost / 19.4, 2)


def test_year_is_recomputed_from_summed_parts(
    floor: PackFloor, workbook: dict, capsys: pytest.CaptureFixture[str]
) -> None:
    table = workbook["North"]["table"]
    months = [check_json(capsys, floor, "month", at, "--team", "North") for at in CHECKED.values()]
    metrics = [m["teams"][0]["metrics"] for m in months]
    cases = sum(m["cases_worked"] for m in metrics)
    done = sum(m["completed"] for m in metrics)
    assert _num(table["Cases worked"]["Year"]) == cases
    assert _num(table["Completion %"]["Year"]) == round(done / cases * 100, 2)
    minutes = [_result(floor, at).teams[0].metrics for at in CHECKED.values()]  # North sorts first
    active = sum(m.active_minutes for m in minutes)
    logged = sum(m.logged_in_minutes for m in minutes)
    assert _num(table["Utilization %"]["Year"]) == round(active / logged * 100, 2)
    fte = [_num(table["FTE: Front line"][m]) for m in CHECKED]
    assert _num(table["FTE: Front line"]["Year"]) == round(sum(fte) / 3, 2)


def test_a_rag_row_under_every_banded_measure(workbook: dict) -> None:
    names = list(workbook["Floor"]["table"])
    for measure in ("Completion %", "Get Next %", "Utilization %", "Logged-in %"):
        assert names[names.index(measure) + 1] == f"{measure} RAG"
        letters = workbook["Floor"]["table"][f"{measure} RAG"]
        for label in MONTHS:
            value = workbook["Floor"]["table"][measure][label]
            assert (letters[label] in ("G", "A", "R")) == (value is not None), (measure, label)
    assert "Mean transaction minutes RAG" not in names  # bands per task type only
    assert "AHT minutes" not in names  # no contact-centre data this year


def test_rag_fills_repeat_the_letter(floor: PackFloor, tmp_path: Path) -> None:
    """Every RAG letter cell is filled in the letter's colour (read from the xlsx XML)."""
    import zipfile
    from xml.etree import ElementTree

    from floorwatch import cli
    from floorwatch.reports.mi_xlsx import RAG_FILLS

    target = tmp_path / "mi.xlsx"
    assert cli.main(["report", "mi", *floor.options, "--format", "xlsx", "-o", str(target)]) == 0
    ns = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main"}
    book = zipfile.ZipFile(target)
    shared = [
        "".join(t.text or "" for t in si.iter(f"{{{ns['m']}}}t"))
        for si in ElementTree.fromstring(book.read("xl/sharedStrings.xml")).findall("m:si", ns)
    ]
    styles = ElementTree.fromstring(book.read("xl/styles.xml"))
    fills = styles.findall("m:fills/m:fill", ns)
    xfs = styles.findall("m:cellXfs/m:xf", ns)
    seen = set()
    sheet = ElementTree.fromstring(book.read("xl/worksheets/sheet1.xml"))
    for cell in sheet.iter(f"{{{ns['m']}}}c"):
        if cell.get("t") != "s":
            continue
        text = shared[int(cell.find("m:v", ns).text)]  # type: ignore[union-attr]
        if text in RAG_FILLS:
            fill = fills[int(xfs[int(cell.get("s", "0"))].get("fillId", "0"))]
            colour = RAG_FILLS[text]["bg_color"].lstrip("#")
            assert colour in ElementTree.tostring(fill).decode(), text
            seen.add(text)
    assert "G" in seen


@pytest.mark.parametrize(
    ("key", "value", "letter"),
    [
        # Utilization: QSA 75 +/- 5, so G 70..80, A down to 65 / up to 85, R beyond.
        ("utilization_pct", 70.0, "G"),
        ("utilization_pct", 80.0, "G"),
        ("utilization_pct", 69.99, "A"),
        ("utilization_pct", 65.0, "A"),
        ("utilization_pct", 64.99, "R"),
        ("utilization_pct", 85.0, "A"),
        ("utilization_pct", 85.01, "R"),
        # Logged-in: 90 - 5 = 85 is the band's low end.
        ("logged_in_pct", 85.0, "G"),
        ("logged_in_pct", 80.0, "A"),
        ("logged_in_pct", 79.99, "R"),
        # Get Next: 80 - 5.
        ("get_next_rate_pct", 75.0, "G"),
        ("get_next_rate_pct", 70.0, "A"),
        ("get_next_rate_pct", 69.99, "R"),
        # Completion: 60 .. < 95 (at 95 the check calls it not normal).
        ("completion_rate_pct", 60.0, "G"),
        ("completion_rate_pct", 94.99, "G"),
        ("completion_rate_pct", 95.0, "A"),
        ("completion_rate_pct", 55.0, "A"),
        ("completion_rate_pct", 54.99, "R"),
        # AHT: 10 +/- 5 minutes.
        ("avg_handle_minutes", 15.0, "G"),
        ("avg_handle_minutes", 20.0, "A"),
        ("avg_handle_minutes", 20.01, "R"),
        ("avg_handle_minutes", 5.0, "G"),
        ("avg_handle_minutes", 0.0, "A"),
        ("avg_txn_minutes", 99.0, ""),
        ("utilization_pct", None, ""),
    ],
)
def test_rag_at_the_band_and_one_tolerance_beyond(key: str, value: float, letter: str) -> None:
    assert rag(key, value, QSA(call_handle_minutes=10.0)) == letter


def test_md_and_csv_hold_the_same_cells(
    floor: PackFloor, workbook: dict, capsys: pytest.CaptureFixture[str]
) -> None:
    code, md, err = run_cli(capsys, "report", "mi", *floor.options)
    assert code == 0, err
    # The newest export is weeks before the wall clock: the month in progress is stale.
    assert md.splitlines()[0].startswith("# STALE · MI return: whole floor · fiscal year 2026-27")
    assert "| Work | Completion % RAG |" in md
    code, text, err = run_cli(capsys, "report", "mi", *floor.options, "--format", "csv")
    assert code == 0, err
    rows = list(csv.DictReader(io.StringIO(text)))
    assert list(rows[0]) == ["scope", "team", "section", "measure", "month", "value", "rag"]
    measures = [m for m in workbook["Floor"]["table"] if not m.endswith(" RAG")]
    assert len(rows) == 3 * len(measures) * 13
    oct_cases = next(
        r for r in rows if r["team"] == "South" and r["measure"] == "Cases worked"
        and r["month"] == "2026-10"
    )  # fmt: skip
    assert float(oct_cases["value"]) == _num(workbook["South"]["table"]["Cases worked"]["Oct"])
    util = next(
        r for r in rows if r["team"] == "" and r["measure"] == "Utilization %"
        and r["month"] == "year"
    )  # fmt: skip
    assert util["rag"] == workbook["Floor"]["table"]["Utilization % RAG"]["Year"]
    april = [r for r in rows if r["month"] == "2026-04"]
    assert april and all(r["value"] == "" and r["rag"] == "" for r in april)


def test_team_and_coordinator_scopes(
    floor: PackFloor, workbook: dict, capsys: pytest.CaptureFixture[str]
) -> None:
    code, md, err = run_cli(capsys, "report", "mi", *floor.options, "--team", "south")
    assert code == 0, err
    assert "MI return: South ·" in md.splitlines()[0]
    assert md.count("\n## ") == 1
    coordinator = load_config(floor.config).roster["coordinator"][0]
    code, md, err = run_cli(capsys, "report", "mi", *floor.options, "--coordinator", coordinator)
    assert code == 0, err
    assert f"MI return: coordinator {coordinator} ·" in md.splitlines()[0]


@pytest.mark.parametrize(
    ("extra", "says"),
    [
        (["--year", "2024"], "no export in the history for the fiscal year from April 2024"),
        (["--team", "Nowhere"], "no team 'Nowhere'"),
        (["--coordinator", "Nobody"], "no coordinator 'Nobody'"),
        (["--format", "xlsx"], "--format xlsx needs --output FILE"),
    ],
)
def test_what_cannot_be_reported_exits_2_with_one_line(
    floor: PackFloor, capsys: pytest.CaptureFixture[str], extra: list[str], says: str
) -> None:
    code, out, err = run_cli(capsys, "report", "mi", *floor.options, *extra)
    assert code == 2 and out == ""
    assert says in err and err.count("\n") == 1


def test_input_text_never_acts(
    floor: PackFloor, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A team that is a formula and a Role with a terminal escape, from roster.csv."""
    import shutil

    config = tmp_path / "config"
    shutil.copytree(floor.config, config)
    roster = (config / "roster.csv").read_text(encoding="utf-8")
    hostile = roster.replace(",North,", ',"=HYPERLINK(""http://x"")/:*",').replace(
        ",Supervisor\n", ",\x1b[31mBoss\n"
    )
    (config / "roster.csv").write_text(hostile, encoding="utf-8")
    options = ["--config", str(config), "--drop", str(floor.folder), "--data", str(floor.data)]
    code, md, err = run_cli(capsys, "report", "mi", *options)
    assert code == 0, err
    assert "\x1b" not in md and "FTE: \ufffd\\[31mBoss" in md  # escaped, markup too
    code, text, err = run_cli(capsys, "report", "mi", *options, "--format", "csv")
    teams = {r["team"] for r in csv.DictReader(io.StringIO(text))}
    assert '\'=HYPERLINK("http://x")/:*' in teams and not any(t.startswith("=") for t in teams)
    target = tmp_path / "mi.xlsx"
    code, _, err = run_cli(capsys, "report", "mi", *options, "--format", "xlsx", "-o", str(target))
    assert code == 0, err
    names = fastexcel.read_excel(target.read_bytes()).sheet_names
    assert names[0] == "Floor" and names[1] == '=HYPERLINK("http___x")___'


def test_calls_where_the_year_has_them(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A floor on the phones: calls handled and AHT per month are the month check's, AHT
    with its RAG row; the Year's AHT is weighted by calls, not a mean of months."""
    spec = FloorSpec(seed=7, teams=2, size=10, contact=True)
    config_dir = write_config(tmp_path, spec, today=TODAY)
    fill_history(tmp_path / "history", spec, load_config(config_dir), weeks_before(TODAY, 1))
    write_day(tmp_path, spec, TODAY, until=time(11, 0))
    floor = PackFloor(tmp_path, config_dir, tmp_path / "history")
    code, text, err = run_cli(capsys, "report", "mi", *floor.options, "--format", "csv")
    assert code == 0, err
    cells = {
        (r["team"], r["measure"], r["month"]): (r["value"], r["rag"])
        for r in csv.DictReader(io.StringIO(text))
    }
    calls, minutes = 0, 0.0
    for month, at in (("2026-10", end_of(date(2026, 10, 31))), ("2026-11", "2026-11-04 11:00")):
        result = check_json(capsys, floor, "month", at)
        for team in result["teams"]:
            m = team["metrics"]
            assert float(cells[team["team"], "Calls handled", month][0]) == m["calls_handled"]
            value, letter = cells[team["team"], "AHT minutes", month]
            assert float(value) == m["avg_handle_minutes"] and letter in ("G", "A", "R")
        exact = _result(floor, at).teams
        calls += sum(t.metrics.calls_handled for t in exact)
        minutes += sum(t.metrics.avg_handle_minutes * t.metrics.calls_handled for t in exact)
    assert float(cells["", "Calls handled", "year"][0]) == calls
    assert float(cells["", "AHT minutes", "year"][0]) == round(minutes / calls, 2)


def test_a_fiscal_year_from_july(
    floor: PackFloor, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import shutil

    config = tmp_path / "config"
    shutil.copytree(floor.config, config)
    with (config / "floorwatch.toml").open("a", encoding="utf-8") as f:
        f.write("fiscal_year_start_month = 7\n")
    options = ["--config", str(config), "--drop", str(floor.folder), "--data", str(floor.data)]
    code, md, err = run_cli(capsys, "report", "mi", *options)
    assert code == 0, err
    assert "fiscal year 2026-27 ·" in md.splitlines()[0]
    head = next(line for line in md.splitlines() if line.startswith("| Section"))
    assert head.split(" | ")[2:5] == ["Jul", "Aug", "Sep"] and "| Nov (to date) |" in head
    assert head.endswith("| Jun | Year |")
    settings = config / "floorwatch.toml"
    settings.write_text(settings.read_text(encoding="utf-8").replace("= 7\n", "= 13\n"))
    code, _, err = run_cli(capsys, "report", "mi", *options)
    assert code == 2 and "fiscal_year_start_month" in err and "must be a month 1..12" in err
