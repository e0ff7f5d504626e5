"""QSA by quarter: qsa.toml's [quarters.YYYYQn], which one judges a period, and
`floorwatch qsa import` of CSV and XLSX files."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pytest
from engine_helpers import dash, export, run
from ingest_helpers import write_xlsx

from floorwatch import cli
from floorwatch.settings import ConfigError, load_config
from floorwatch.settings.quarters import qsa_in_force, quarter_of

FLAT = "utilization_pct = 75.0\ntolerance_pct = 5.0\n[task_types]\nRenewal = 18.0\n"
QUARTERS = (
    FLAT + "\n[quarters.2026Q3]\nutilization_pct = 70.0\n"
    "[quarters.2026Q4]\nutilization_pct = 85.0\n[quarters.2026Q4.task_types]\nChange = 9.0\n"
)


def _config(folder: Path, qsa: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "qsa.toml").write_text(qsa, encoding="utf-8")
    return folder


def test_quarter_of() -> None:
    assert [quarter_of(date(2026, m, 1)) for m in (1, 3, 4, 6, 7, 9, 10, 12)] == [
        "2026Q1", "2026Q1", "2026Q2", "2026Q2", "2026Q3", "2026Q3", "2026Q4", "2026Q4",
    ]  # fmt: skip


def test_the_flat_layout_loads_as_it_always_has(tmp_path: Path) -> None:
    settings = load_config(_config(tmp_path, FLAT)).settings
    assert dict(settings.qsa_quarters) == {}
    assert qsa_in_force(settings, date(2026, 11, 23)) == (None, settings.qsa)
    assert (settings.qsa.utilization_pct, dict(settings.qsa.task_types)) == (
        75.0,
        {"Renewal": 18.0},
    )


@pytest.mark.parametrize(
    ("day", "quarter", "utilization"),
    [
        (date(2026, 11, 23), "2026Q4", 85.0),  # its own quarter
        (date(2026, 8, 1), "2026Q3", 70.0),
        (date(2027, 2, 1), "2026Q4", 85.0),  # none for 2027Q1: the newest earlier one
        (date(2026, 5, 1), None, 75.0),  # before every quarter: the flat values
    ],
)
def test_quarter_in_force(tmp_path: Path, day: date, quarter: str | None, utilization) -> None:
    settings = load_config(_config(tmp_path, QUARTERS)).settings
    chosen, qsa = qsa_in_force(settings, day)
    assert (chosen, qsa.utilization_pct) == (quarter, utilization)


def test_a_quarter_inherits_what_it_leaves_out(tmp_path: Path) -> None:
    settings = load_config(_config(tmp_path, QUARTERS)).settings
    q3, q4 = settings.qsa_quarters["2026Q3"], settings.qsa_quarters["2026Q4"]
    assert (q3.tolerance_pct, dict(q3.task_types)) == (5.0, {"Renewal": 18.0})
    assert dict(q4.task_types) == {"Change": 9.0}  # a table given replaces the flat one


@pytest.mark.parametrize(
    ("text", "line", "key", "reason"),
    [
        (
            FLAT + "[quarters.2026Q5]\nutilization_pct = 1\n",
            5,
            "quarters.2026Q5",
            "is not a quarter (like [quarters.2026Q4])",
        ),
        (
            FLAT + "[quarters.2026Q4]\nutilization_pct = -1\n",
            6,
            "quarters.2026Q4.utilization_pct",
            "must not be negative, got -1",
        ),
        (
            FLAT + '[quarters.2026Q4.task_types]\nRenewal = "x"\n',
            6,
            "quarters.2026Q4.task_types.Renewal",
            "must be a number, not 'x'",
        ),
    ],
)
def test_bad_quarters_name_file_line_and_key(tmp_path: Path, text, line, key, reason) -> None:
    with pytest.raises(ConfigError) as caught:
        load_config(_config(tmp_path, text))
    err = caught.value
    assert (err.file.name, err.line, err.key, err.reason) == ("qsa.toml", line, key, reason)


def test_each_period_is_judged_by_its_own_quarter(tmp_path: Path) -> None:
    settings = load_config(_config(tmp_path, QUARTERS)).settings
    # Utilization 78 %: inside 75 +/- 5 (flat), above 70 +/- 5 (Q3), below 85 +/- 5 (Q4).
    row = dash("W1", 100, 78, 10)

    def flags_at(at: datetime, period: str = "day") -> list[tuple[str, float]]:
        result = run(("dashboard", export("dashboard", [row], at)), settings=settings,
                     as_of=at, period=period)  # fmt: skip
        return [(f.check, f.expected) for f in result.workers[0].flags if "UTIL" in f.check]

    assert flags_at(datetime(2026, 11, 23, 16)) == [("LOW_UTILIZATION", 85.0)]
    assert flags_at(datetime(2026, 8, 3, 16)) == [("HIGH_UTILIZATION", 70.0)]
    assert flags_at(datetime(2026, 5, 4, 16)) == []
    # A month (or week) uses its as-of's quarter: October's month is Q4's.
    assert flags_at(datetime(2026, 10, 2, 16), "month") == [("LOW_UTILIZATION", 85.0)]
    result = run(("dashboard", export("dashboard", [row], datetime(2026, 11, 23, 16))),
                 settings=settings, as_of=datetime(2026, 11, 23, 16))  # fmt: skip
    assert (result.qsa_quarter, result.qsa.utilization_pct) == ("2026Q4", 85.0)


# -- floorwatch qsa import -------------------------------------------------------------

CSV = (
    "Quarterly Statewide Averages,,,,,,,\n"
    "Task Type,Queue,Transaction Minutes,Completion Low %,Completion High %,Utilization %,"
    "Logged In %,Handle Time (min)\n"
    "Application,,31.5,,,76,91,9.5\n"
    "Renewal,,0:18:30,,,,,\n"
    ",Renewals,,55,92,,,\n"
    ",,,,,,,\n"
)


@pytest.fixture
def config(tmp_path: Path) -> Path:
    folder = tmp_path / "config"
    assert cli.main(["init", str(folder)]) == 0
    return folder


def _import(path: Path, config: Path, *more: str) -> int:
    return cli.main(["qsa", "import", str(path), "--config", str(config), *more])


def test_import_csv_keeps_the_hand_edited_part(
    config: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = (config / "qsa.toml").read_text(encoding="utf-8")
    path = tmp_path / "QSA_2026Q4.csv"
    path.write_text(CSV, encoding="utf-8")
    assert _import(path, config) == 0
    assert capsys.readouterr().out.startswith(f"imported 2026Q4 into {config / 'qsa.toml'}")
    after = (config / "qsa.toml").read_text(encoding="utf-8")
    assert after.startswith(before)  # every comment and value kept, byte for byte
    q4 = load_config(config).settings.qsa_quarters["2026Q4"]
    assert (q4.utilization_pct, q4.logged_in_pct, q4.call_handle_minutes) == (76.0, 91.0, 9.5)
    assert dict(q4.task_types) == {"Application": 31.5, "Renewal": 18.5}
    assert (
        q4.queues["Renewals"].completion_low_pct,
        q4.queues["Renewals"].completion_high_pct,
    ) == (
        55.0,
        92.0,
    )
    assert q4.tolerance_pct == 5.0  # from the flat values


def test_import_xlsx_keeps_earlier_quarters(config: Path, tmp_path: Path) -> None:
    csv_path = tmp_path / "q3.csv"
    csv_path.write_text(CSV.replace("76,91", "70,90"), encoding="utf-8")
    assert _import(csv_path, config, "--quarter", "2026Q3") == 0
    rows = [
        ["QSA 2026 Q4"],
        ["Task Type", "Transaction Minutes", "Utilization %", "AHT"],
        ["Application", 30, 80, 8.5],
        ["Change", 9.25, None, None],
    ]
    xlsx = write_xlsx(tmp_path, "statewide.xlsx", rows)
    assert _import(xlsx, config, "--quarter", "2026q4") == 0
    # Imported again: the quarter is replaced, not duplicated.
    assert _import(xlsx, config, "--quarter", "2026Q4") == 0
    quarters = load_config(config).settings.qsa_quarters
    assert list(quarters) == ["2026Q3", "2026Q4"]
    assert quarters["2026Q3"].utilization_pct == 70.0
    q4 = quarters["2026Q4"]
    assert (q4.utilization_pct, q4.call_handle_minutes) == (80.0, 8.5)
    assert dict(q4.task_types) == {"Application": 30.0, "Change": 9.25}
    lines = (config / "qsa.toml").read_text(encoding="utf-8").splitlines()
    assert lines.count("[quarters.2026Q4]") == 1


@pytest.mark.parametrize(
    ("name", "text", "message"),
    [
        ("a.csv", "Task Type,Transaction Minutes\nRenewal,abc\n",
         "a.csv:2: Transaction Minutes: 'abc' is not a number"),
        ("b.csv", "Task Type,Minutes\nRenewal,18\n",
         "b.csv:1: unknown column 'Minutes' (known: Task Type, Queue, Transaction Minutes, "
         "Completion Low, Completion High, Utilization, Logged In, Handle Time)"),
        ("c.csv", "Task Type,Utilization %\n,76\nRenewal,\n",
         "c.csv:3: task type 'Renewal' has no minutes"),
        ("d.csv", "Task Type,Transaction Minutes,Utilization\nA,1,76\nB,2,75\n",
         "d.csv:3: Utilization 75 disagrees with 76 on line 2 (one statewide value per quarter)"),
        ("e.csv", "Name,Minutes\nRenewal,18\n",
         "e.csv: has no header row with a 'Task Type' or 'Queue' column"),
        ("f.txt", "Task Type,Transaction Minutes\n", "f.txt: is neither a .csv nor an .xlsx file"),
        ("g.xlsx", "not a workbook", "g.xlsx: cannot be read as XLSX"),
        ("h.csv", "Queue,Completion Low\nRenewals,-5\n",
         "h.csv:2: Completion Low: '-5' must be 0 or more"),
    ],
)  # fmt: skip
def test_a_bad_file_is_one_line_exit_2_and_nothing_written(
    config: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], name, text, message
) -> None:
    before = (config / "qsa.toml").read_bytes()
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    assert _import(path, config, "--quarter", "2026Q4") == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.startswith(f"floorwatch: {tmp_path}/{message}")
    assert len(captured.err.strip().splitlines()) == 1 and "Traceback" not in captured.err
    assert (config / "qsa.toml").read_bytes() == before


def test_a_hand_written_quarter_is_updated_keeping_its_comments(
    config: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Today's supervisors write a quarter by hand, then get the state's file: importing it
    updates that quarter (it used to exit 2) and keeps every comment and hand-set key."""
    hand = (
        "# Our flat values.\n" + FLAT + "\n"
        "# Q4 as announced at the October meeting.\n"
        "[quarters.2026Q4]\n"
        "utilization_pct = 85.0  # provisional\n"
        "tolerance_pct = 4.0  # the coordinator's call\n"
        "[quarters.2026Q4.task_types]\n"
        "Change = 9.0\n"
    )
    (config / "qsa.toml").write_text(hand, encoding="utf-8")
    path = tmp_path / "q.csv"
    path.write_text("Task Type,Transaction Minutes,Utilization %\nRenewal,18,77\n", "utf-8")
    assert _import(path, config, "--quarter", "2026Q4") == 0, capsys.readouterr().err
    text = (config / "qsa.toml").read_text(encoding="utf-8")
    for comment in ("# Our flat values.", "# Q4 as announced at the October meeting."):
        assert comment in text
    assert "the coordinator's call" in text
    q4 = load_config(config).settings.qsa_quarters["2026Q4"]
    assert q4.utilization_pct == 77.0  # the file's value replaced the hand-written one
    assert q4.tolerance_pct == 4.0  # a key the import does not give stays
    assert dict(q4.task_types) == {"Renewal": 18.0}  # the file's task types, not a mix
    assert _import(path, config, "--quarter", "2027Q1") == 0
    assert list(load_config(config).settings.qsa_quarters) == ["2026Q4", "2027Q1"]


def _percent_workbook(path: Path, utilization: float, fmt: str = "0%") -> Path:
    """A QSA sheet as Excel users type it: percentages in cells formatted as percent,
    below a title, starting in column B (real XLSX, written by xlsxwriter)."""
    import xlsxwriter

    with xlsxwriter.Workbook(str(path)) as book:
        sheet = book.add_worksheet("QSA")
        percent = book.add_format({"num_format": fmt})
        sheet.write(0, 1, "QSA 2026 Q4")
        header = ["Task Type", "Queue", "Transaction Minutes", "Completion Low", "Completion High",
                  "Utilization", "Logged In"]  # fmt: skip
        for col, text in enumerate(header, start=1):
            sheet.write(2, col, text)
        sheet.write(3, 1, "Renewal")
        sheet.write_number(3, 3, 18.5)  # minutes: a plain number
        sheet.write_number(3, 6, utilization, percent)
        sheet.write_number(3, 7, 0.91, percent)
        sheet.write(4, 2, "Renewals")
        sheet.write_number(4, 4, 0.55, percent)
        sheet.write_number(4, 5, 0.925, percent)
    return path


@pytest.mark.parametrize("fmt", ["0%", "0.00%", '0.0" "%'])
def test_percent_formatted_xlsx_cells_are_read_as_percentages(
    config: Path, tmp_path: Path, fmt: str
) -> None:
    path = _percent_workbook(tmp_path / "QSA_2026Q4.xlsx", 0.75, fmt)
    assert _import(path, config) == 0
    q4 = load_config(config).settings.qsa_quarters["2026Q4"]
    assert (q4.utilization_pct, q4.logged_in_pct) == (75.0, 91.0)
    renewals = q4.queues["Renewals"]
    assert (renewals.completion_low_pct, renewals.completion_high_pct) == (55.0, 92.5)
    assert dict(q4.task_types) == {"Renewal": 18.5}


def test_a_fraction_that_cannot_be_a_kpi_percentage_is_refused_with_its_line(
    config: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """0.75 in a cell formatted as a plain number (or typed in a CSV) is not 0.75 %."""
    before = (config / "qsa.toml").read_bytes()
    path = _percent_workbook(tmp_path / "QSA_2026Q4.xlsx", 0.75, "0.00")
    assert _import(path, config) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"floorwatch: {path}:4: Utilization: '0.75' cannot be a percentage")
    assert "write 75 for 75 %" in err
    csv_path = tmp_path / "q.csv"
    csv_path.write_text("Queue,Completion Low,Completion High\nRenewals,0.55,0.92\n", "utf-8")
    assert _import(csv_path, config, "--quarter", "2026Q4") == 2
    assert "q.csv:2: Completion Low: '0.55' cannot be a percentage" in capsys.readouterr().err
    assert (config / "qsa.toml").read_bytes() == before
