"""`floorwatch report team|floor`: md and xlsx packs hold the check's numbers (reports.md)."""

from __future__ import annotations

import zipfile
from pathlib import Path

import fastexcel
import polars as pl
import pytest
from pack_helpers import AT, SPEC, PackFloor, check_json, make_pack_floor, run_cli

from floorwatch.coaching.desk import CoachingDesk
from floorwatch.reports.pack_model import KPIS
from floorwatch.simulate.people import build_floor, plant

LABEL_KEY = {label: key for key, label, _ in KPIS}
#: The headline KPIs a floor without phones and without the v2 absence fields shows
#: as numbers (absent days: "—" until the engine gives them).
NUMERIC = ("utilization_pct", "logged_in_pct", "completion_rate_pct", "get_next_rate_pct",
           "avg_txn_minutes", "cases_worked")  # fmt: skip
#: Last week to the same time of day (reports.md: the Performance screen's rule, when the
#: history holds an export of that moment).
PREVIOUS_AT = "2026-11-18 11:00"


@pytest.fixture(scope="module")
def floor(tmp_path_factory: pytest.TempPathFactory) -> PackFloor:
    return make_pack_floor(tmp_path_factory.mktemp("packs"))


def _number(cell: str) -> float | None:
    """A pack cell's number without its ▲/▼; None for a dash."""
    text = cell.replace("▲", "").replace("▼", "").strip()
    return None if text == "—" else float(text)


def _md_table(md: str, heading: str) -> list[list[str]]:
    """The rows (header first) of the table under `## heading`."""
    lines = md.split(f"## {heading}\n", 1)[1].split("\n## ", 1)[0].splitlines()
    rows = [line for line in lines if line.startswith("| ")]
    return [[c.strip() for c in row.strip("|").split(" | ")] for row in rows if "---" not in row]


def _same(pack_value: float | None, json_value: float | int | None) -> bool:
    return pack_value == (None if json_value is None else float(json_value))


def test_team_pack_md_holds_the_checks_numbers_for_the_period_and_the_one_before(
    floor: PackFloor, capsys: pytest.CaptureFixture[str]
) -> None:
    code, md, err = run_cli(
        capsys, "report", "team", "north", *floor.options, "--period", "week", "--at", AT
    )
    assert code == 0, err
    assert md.splitlines()[0].startswith("# Team pack: North (supervisor ")
    assert "as of 2026-11-25 11:00:00" in md.splitlines()[0]
    now = check_json(capsys, floor, "week", AT, "--team", "North")
    before = check_json(capsys, floor, "week", PREVIOUS_AT, "--team", "North")
    team, team_before = now["teams"][0]["metrics"], before["teams"][0]["metrics"]

    kpis = _md_table(md, "Headline KPIs")
    assert kpis[0][3] == "Previous (week of 16 Nov 2026, to Wed 18 Nov 11:00)"
    seen = set()
    for label, value, _band, prev, change, *_ in kpis[1:]:
        key = LABEL_KEY[label.split(" (")[0]]
        seen.add(key)
        assert _same(_number(value), team.get(key)), key
        assert _same(_number(prev), team_before.get(key)), key
        if key in NUMERIC:
            assert _number(change) == round(team[key] - team_before[key], 2), key
    assert set(NUMERIC) <= seen

    rows = _md_table(md, "Caseworkers")
    header, body = rows[0], rows[1:]
    workers = {w["worker_id"]: w for w in now["workers"]}
    assert sorted(r[0] for r in body) == sorted(workers)
    for row in body:
        w = workers[row[0]]
        assert int(row[2]) == len(w["flags"])
        assert int(row[3]) == sum(f["pattern"] == "trend" for f in w["flags"])
        for label, cell in zip(header[4:], row[4:], strict=True):
            key = LABEL_KEY[label]
            assert _same(_number(cell), w["metrics"].get(key)), (row[0], key)
    # Trends first, then the most flags.
    order = [(-int(r[3]), -int(r[2])) for r in body]
    assert order == sorted(order)
    # Paused work: the leaving caseworker's tasks (Last Day three days after today) and
    # nothing that needs no action.
    paused = _md_table(md, "Paused work")[1:]
    leaving = plant(SPEC).resigning
    assert paused and all(r[1].startswith(leaving) for r in paused)
    assert {r[5] for r in paused} == {"last day 2026-11-28 (3 days left)"}
    # Every flag of the team, in words.
    for w in now["workers"]:
        for f in w["flags"]:
            assert f["detail"].replace("|", "\\|") in md


def test_floor_pack_xlsx_holds_the_checks_numbers_and_native_line_charts(
    floor: PackFloor, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    out = tmp_path / "floor.xlsx"
    code, _, err = run_cli(
        capsys, "report", "floor", *floor.options, "--at", AT, "--format", "xlsx", "-o", str(out)
    )
    assert code == 0, err
    now = check_json(capsys, floor, "week", AT)
    book = fastexcel.read_excel(out)
    assert book.sheet_names == ["Pack", "KPIs", "Trends", "Teams", "Flags", "Paused"]
    for name in book.sheet_names:  # every sheet names its scope and as-of first
        first = book.load_sheet_by_name(name, header_row=None).to_polars()[0, 0]
        assert first.startswith("Floor pack: whole floor") and "as of 2026-11-25 11:00" in first

    teams = book.load_sheet_by_name("Teams", header_row=2).to_polars()
    by_team = {t["team"]: t for t in now["teams"]}
    assert sorted(teams["Team"].to_list()) == sorted(by_team)
    for row in teams.iter_rows(named=True):
        metrics = by_team[row["Team"]]["metrics"]
        for label in LABEL_KEY.keys() & row.keys():
            assert _same(row[label], metrics.get(LABEL_KEY[label])), (row["Team"], label)
        assert row["Supervisor"] == by_team[row["Team"]]["supervisor"]

    kpis = book.load_sheet_by_name("KPIs", header_row=2).to_polars()
    value = dict(zip(kpis["Key"].to_list(), kpis["Value"].to_list(), strict=True))
    parts = [t["metrics"] for t in now["teams"]]
    assert value["cases_worked"] == sum(m["cases_worked"] for m in parts)
    # The floor's percentages from its teams' summed parts; the JSON's minutes are rounded
    # to 2 decimals, so the recomputation here can differ in the last digit.
    active = sum(m["active_minutes"] for m in parts)
    logged_in = sum(m["logged_in_minutes"] for m in parts)
    assert value["utilization_pct"] == pytest.approx(active / logged_in * 100, abs=0.01)
    completed = sum(m["completed"] for m in parts)
    assert value["completion_rate_pct"] == round(completed / value["cases_worked"] * 100, 2)

    with zipfile.ZipFile(out) as z:
        charts = [n for n in z.namelist() if n.startswith("xl/charts/chart")]
        assert len(charts) == 6  # one per KPI with a daily series
        assert all(b"<c:lineChart>" in z.read(n) for n in charts)
    trends = book.load_sheet_by_name("Trends", header_row=2).to_polars()
    assert trends.height == 10  # the last 10 days with data
    assert trends["Utilization: band low"].unique().to_list() == [70.0]


def test_team_pack_xlsx_kpis_are_the_checks_numbers_now_and_the_period_before(
    floor: PackFloor, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    out = tmp_path / "south.xlsx"
    argv = ("report", "team", "South", *floor.options, "--at", AT, "--format", "xlsx")
    code, said, err = run_cli(capsys, *argv, "-o", str(out))
    assert (code, said) == (0, f"wrote {out}\n"), err
    team = check_json(capsys, floor, "week", AT, "--team", "South")["teams"][0]["metrics"]
    before = check_json(capsys, floor, "week", PREVIOUS_AT, "--team", "South")
    team_before = before["teams"][0]["metrics"]
    kpis = fastexcel.read_excel(out).load_sheet_by_name("KPIs", header_row=2).to_polars()
    assert kpis.columns[5] == "Previous (week of 16 Nov 2026, to Wed 18 Nov 11:00)"
    for row in kpis.iter_rows():
        key, value, previous, change = row[1], row[2], row[5], row[6]
        assert _same(value, team.get(key)), key
        assert _same(previous, team_before.get(key)), key
        if key in NUMERIC:
            assert change == pytest.approx(round(team[key] - team_before[key], 2), abs=1e-9)
        assert row[7] is None  # last year: not in the history


def test_coordinator_floor_pack_covers_that_coordinators_teams_only(
    floor: PackFloor, capsys: pytest.CaptureFixture[str]
) -> None:
    teams = build_floor(SPEC).teams
    name = teams[-1].coordinator
    theirs = sorted(t.name for t in teams if t.coordinator == name)
    code, md, err = run_cli(
        capsys, "report", "floor", "--coordinator", name.lower(), *floor.options, "--at", AT
    )
    assert code == 0, err
    assert md.startswith(f"# Floor pack: coordinator {name} · ")
    assert sorted(r[0] for r in _md_table(md, "Teams")[1:]) == theirs


def test_follow_ups_are_listed_under_their_flag(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    floor = make_pack_floor(tmp_path, weeks=1)
    now = check_json(capsys, floor, "week", AT)
    worker = next(w for w in now["workers"] if w["flags"])
    flag = worker["flags"][0]
    subject = next((flag[k] for k in ("task_type", "queue", "task_id", "status") if k in flag), "")
    from datetime import datetime

    desk = CoachingDesk(
        floor.data, floor.config, by="sup1", clock=lambda: datetime(2026, 11, 24, 9)
    )
    desk.record_followup(worker["worker_id"], [(flag["check"], subject or "")], "PIP", "agreed")
    code, md, _ = run_cli(capsys, "report", "team", worker["team"], *floor.options, "--at", AT)
    assert code == 0
    lines = md.splitlines()
    at = next(
        i for i, line in enumerate(lines) if flag["detail"] in line and worker["worker_id"] in line
    )
    assert lines[at + 1] == "  - Follow-up 2026-11-24 09:00 sup1 — PIP: agreed"


def test_input_text_cannot_act_in_the_terminal_or_the_spreadsheet(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    floor = make_pack_floor(tmp_path, weeks=0)
    planted = build_floor(SPEC).people[0]
    evil = '=HYPERLINK("http://x")\x1b[2J'
    for path in [*tmp_path.glob("*.csv"), floor.config / "roster.csv"]:
        path.write_text(path.read_text(encoding="utf-8").replace(planted.name, evil), "utf-8")
    code, md, err = run_cli(capsys, "report", "team", planted.team, *floor.options, "--at", AT)
    assert code == 0, err
    assert "\x1b" not in md and '=HYPERLINK("http://x")\ufffd\\[2J' in md
    out = tmp_path / "team.xlsx"
    args = ("report", "team", planted.team, *floor.options, "--at", AT, "--format", "xlsx")
    assert run_cli(capsys, *args, "-o", str(out))[0] == 0
    rows = pl.read_excel(out, sheet_name="Caseworkers", read_options={"header_row": 2})
    name = rows.filter(pl.col("Caseworker") == planted.worker_id)["Name"].item()
    assert name == "'" + '=HYPERLINK("http://x")\ufffd[2J'
    with zipfile.ZipFile(out) as z:
        assert not any(b"<f>" in z.read(n) for n in z.namelist() if n.endswith(".xml"))


def test_a_pack_that_cannot_be_made_exits_2_with_one_line(
    floor: PackFloor, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run_cli(capsys, "report", "team", "Nowhere", *floor.options, "--at", AT)
    assert (code, out) == (2, "")
    assert err == "floorwatch: no team 'Nowhere' in the data (teams: East, North, South)\n"
    code, _, err = run_cli(capsys, "report", "floor", *floor.options, "--format", "html")
    assert code == 2 and err == "floorwatch: --format html needs --output FILE\n"
    code, _, err = run_cli(capsys, "report", "floor", *floor.options, "--coordinator", "Nobody")
    assert code == 2 and err.startswith("floorwatch: no coordinator 'Nobody' in the roster")


def test_a_pack_writes_nothing_to_the_history(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    floor = make_pack_floor(tmp_path, weeks=1)

    def snapshot() -> dict[str, int]:
        return {str(p): p.stat().st_mtime_ns for p in floor.data.rglob("*") if p.is_file()}

    before = snapshot()
    assert run_cli(capsys, "report", "floor", *floor.options, "--at", AT)[0] == 0
    assert snapshot() == before


def test_a_pack_without_history_says_what_it_cannot_compare_and_creates_no_store(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    floor = make_pack_floor(tmp_path / "floor", weeks=0)
    empty = tmp_path / "no-history"
    options = [*floor.options[:-1], str(empty)]  # the drop folder only
    code, md, err = run_cli(capsys, "report", "team", "North", *options, "--at", AT)
    assert code == 0, err
    header = _md_table(md, "Headline KPIs")[0]
    assert header[3].endswith("not in the history)") and header[5].endswith("not in the history)")
    assert all(row[3] == row[4] == "—" for row in _md_table(md, "Headline KPIs")[1:])
    trends = md.split("## Last 10 days with data\n\n", 1)[1].split("\n\n## ", 1)[0]
    assert trends == "_no day of this scope is in the history yet: no trend lines_"
    assert not empty.exists()
