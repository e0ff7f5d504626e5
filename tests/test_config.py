"""Strict config loading (errors name file, line and key), the roster, and `floorwatch init`."""

from __future__ import annotations

from datetime import date, time
from pathlib import Path

import pytest

import floorwatch
from floorwatch import cli
from floorwatch.settings import ConfigError, Settings, load_config

REPO_CONFIG = Path(floorwatch.__file__).resolve().parents[1] / "config"


def write(folder: Path, name: str, text: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


# -- defaults ----------------------------------------------------------------------------------


def test_missing_folder_gives_every_default(tmp_path: Path) -> None:
    config = load_config(tmp_path / "nowhere")
    assert config.settings == Settings()
    assert config.warnings == ()
    assert config.roster.height == 0


def test_defaults_match_the_spec_table(tmp_path: Path) -> None:
    s = load_config(tmp_path).settings
    q = s.qsa
    assert (q.utilization_pct, q.logged_in_pct, q.tolerance_pct) == (75.0, 90.0, 5.0)
    assert (q.txn_tolerance_minutes, q.get_next_target_pct, q.get_next_tolerance_pct) == (
        5.0,
        80.0,
        5.0,
    )
    assert (q.completion_low_pct, q.completion_abnormal_pct) == (60.0, 95.0)
    assert (q.call_handle_minutes, q.call_tolerance_minutes) == (None, 5.0)
    assert (dict(q.task_types), dict(q.queues)) == ({}, {})
    assert (s.shift_start, s.shift_minutes, s.idle_alert_minutes) == (time(8), 480, 15)
    assert (s.min_txn_count, s.min_cases, s.paused_limit_days, s.resign_warning_days) == (
        3,
        5,
        2,
        5,
    )
    assert s.check_times == (time(9), time(11), time(13, 30), time(15, 30))
    assert (s.trend_window_days, s.trend_min_days, s.min_judged_minutes) == (5, 3, 60)
    assert dict(s.status_allowance_minutes) == {}


def test_values_are_read(tmp_path: Path) -> None:
    write(
        tmp_path,
        "floorwatch.toml",
        'shift_start = "07:45"\nidle_alert_minutes = 10\ncheck_times = ["13:30", "09:00"]\n'
        'drop_dir = "drops"\n[status_allowance_minutes]\nBreak = 30\n',
    )
    write(
        tmp_path,
        "qsa.toml",
        "utilization_pct = 70\n[task_types]\nRenewal = 18\n"
        "[queues.Renewals]\ncompletion_low_pct = 55.0\ncompletion_high_pct = 92\n",
    )
    config = load_config(tmp_path)
    s = config.settings
    assert s.shift_start == time(7, 45)
    assert s.idle_alert_minutes == 10.0
    assert s.check_times == (time(9), time(13, 30))
    assert s.drop_dir == (tmp_path / "drops").resolve()  # relative to the config folder
    assert dict(s.status_allowance_minutes) == {"Break": 30.0}
    assert s.qsa.utilization_pct == 70.0
    assert dict(s.qsa.task_types) == {"Renewal": 18.0}
    r = s.qsa.queues["Renewals"]
    assert (r.completion_low_pct, r.completion_high_pct) == (55.0, 92.0)
    assert config.warnings == ()


# -- errors: file, line and key ----------------------------------------------------------------

_SETTINGS_ERRORS = [
    ('# hello\nshift_minutes = 480\nidle_alert_minutes = "ten"\n', "idle_alert_minutes", 3),
    ('check_times = ["09:00", "25:00"]\n', "check_times", 1),
    ('min_cases = 5\ncheck_times = "09:00"\n', "check_times", 2),
    ('\n\nshift_start = "8am"\n', "shift_start", 3),
    ("min_cases = 2.5\n", "min_cases", 1),
    ("trend_window_days = 0\n", "trend_window_days", 1),
    ("idle_alert_minutes = -1\n", "idle_alert_minutes", 1),
    ("idle_alert_minutes = true\n", "idle_alert_minutes", 1),
    ('bell = "yes"\n', "bell", 1),
    ('min_cases = 5\n\n[status_allowance_minutes]\nBreak = 30\nMeal = "x"\n', "Meal", 5),
]


@pytest.mark.parametrize(("text", "key", "line"), _SETTINGS_ERRORS)
def test_wrong_type_in_floorwatch_toml(tmp_path: Path, text: str, key: str, line: int) -> None:
    path = write(tmp_path, "floorwatch.toml", text)
    with pytest.raises(ConfigError) as caught:
        load_config(tmp_path)
    err = caught.value
    assert (err.file, err.line) == (path, line)
    assert err.key is not None and err.key.endswith(key)
    assert f"{path}:{line}" in str(err) and key in str(err)


_QSA_ERRORS = [
    ('utilization_pct = "high"\n', "utilization_pct", 1),
    ('tolerance_pct = 5\n[task_types]\nRenewal = 18\nChange = "nine"\n', "task_types.Change", 4),
    (
        "[queues.Renewals]\ncompletion_low_pct = 55\ncompletion_high_pct = [1]\n",
        "completion_high_pct",
        3,
    ),
    ("task_types = 5\n", "task_types", 1),
]


@pytest.mark.parametrize(("text", "key", "line"), _QSA_ERRORS)
def test_wrong_type_in_qsa_toml(tmp_path: Path, text: str, key: str, line: int) -> None:
    path = write(tmp_path, "qsa.toml", text)
    with pytest.raises(ConfigError) as caught:
        load_config(tmp_path)
    assert (caught.value.file, caught.value.line) == (path, line)
    assert caught.value.key is not None and caught.value.key.endswith(key)


def test_invalid_toml_names_the_line_in_the_message(tmp_path: Path) -> None:
    path = write(tmp_path, "floorwatch.toml", "min_cases = 5\nshift_start = \n")
    with pytest.raises(ConfigError) as caught:
        load_config(tmp_path)
    assert caught.value.file == path
    assert str(caught.value).startswith(str(path)) and "line 2" in str(caught.value)


def test_invalid_toml_error_carries_the_line(tmp_path: Path) -> None:
    path = write(tmp_path, "floorwatch.toml", "min_cases = 5\nshift_start = \n")
    with pytest.raises(ConfigError) as caught:
        load_config(tmp_path)
    assert (caught.value.file, caught.value.line) == (path, 2)
    assert str(caught.value).startswith(f"{path}:2")


def test_unknown_keys_warn_with_the_nearest_name(tmp_path: Path) -> None:
    write(tmp_path, "floorwatch.toml", "min_cases = 5\nidle_alert_minute = 10\n")
    write(tmp_path, "qsa.toml", "utilisation_pct = 70\n[queues.Q]\ncompletion_lo_pct = 50\n")
    write(tmp_path, "columns.toml", '[dashboard]\nworkr_id = ["Employee"]\n')
    config = load_config(tmp_path)
    got = {(w.file.name, w.line, w.key): w.reason for w in config.warnings}
    assert set(got) == {
        ("floorwatch.toml", 2, "idle_alert_minute"),
        ("qsa.toml", 1, "utilisation_pct"),
        ("qsa.toml", 3, "queues.Q.completion_lo_pct"),
        ("columns.toml", 2, "dashboard.workr_id"),
    }
    assert "idle_alert_minutes" in got[("floorwatch.toml", 2, "idle_alert_minute")]
    assert "'utilization_pct'" in got[("qsa.toml", 1, "utilisation_pct")]
    assert "completion_low_pct" in got[("qsa.toml", 3, "queues.Q.completion_lo_pct")]
    assert "worker_id" in got[("columns.toml", 2, "dashboard.workr_id")]
    # An unknown key is harmless: everything else still loads.
    assert config.settings.min_cases == 5
    assert config.settings.idle_alert_minutes == 15.0


# -- columns.toml ------------------------------------------------------------------------------


def test_columns_aliases_and_units(tmp_path: Path) -> None:
    write(
        tmp_path,
        "columns.toml",
        '[dashboard]\nworker_id = ["Employee ID", "DEID"]\nstatus = "State"\n'
        '[agent_status.units]\nlogged_in = "ms"\non_queue = "s"\n[actions.units]\n',
    )
    columns = load_config(tmp_path).columns
    assert columns.headers_for("dashboard", "worker_id", "Worker ID") == (
        "Worker ID",
        "Employee ID",
        "DEID",
    )
    assert columns.headers_for("dashboard", "status", "Status") == ("Status", "State")
    assert columns.unit_for("agent_status", "logged_in") == "ms"
    assert columns.unit_for("agent_status", "on_queue") == "s"
    assert columns.unit_for("dashboard", "logged_in") is None


@pytest.mark.parametrize(
    ("text", "key", "line"),
    [
        ('[agent_status.units]\nlogged_in = "hours"\n', "logged_in", 2),
        ('[dashboard.units]\nlogged_in = "min"\nworker_id = "ms"\n', "worker_id", 3),
        ('[dashboard.units]\nno_such = "ms"\n', "no_such", 2),
        ("[dashboard]\nworker_id = 5\n", "worker_id", 2),
    ],
)
def test_columns_toml_errors(tmp_path: Path, text: str, key: str, line: int) -> None:
    path = write(tmp_path, "columns.toml", text)
    with pytest.raises(ConfigError) as caught:
        load_config(tmp_path)
    assert (caught.value.file, caught.value.line) == (path, line)
    assert caught.value.key is not None and caught.value.key.endswith(key)


# -- roster ------------------------------------------------------------------------------------

ROSTER_HEAD = (
    "Worker ID,Worker Name,Team,Supervisor,Coordinator,Shift Start,Shift Minutes,"
    "Start Date,Last Day,Genesys Name\n"
)


def test_roster_parsing(tmp_path: Path) -> None:
    write(
        tmp_path,
        "roster.csv",
        ROSTER_HEAD
        + "W1,Ana Diaz,North,Sam,Cy,9:30,420,2024-01-15,12/1/2026,ana.diaz\n"
        + "W2,Bo,South,,,,,1/5/2025,2026-12-03,\n"
        + " W3 , Cy ,North,,,,,,,\n",
    )
    r = load_config(tmp_path).roster
    rows = {row["worker_id"]: row for row in r.iter_rows(named=True)}
    assert set(rows) == {"W1", "W2", "W3"}
    w1 = rows["W1"]
    assert (w1["worker_name"], w1["team"], w1["supervisor"], w1["coordinator"]) == (
        "Ana Diaz",
        "North",
        "Sam",
        "Cy",
    )
    assert (w1["shift_start_minutes"], w1["shift_minutes"]) == (570.0, 420.0)
    assert (w1["start_date"], w1["last_day"]) == (date(2024, 1, 15), date(2026, 12, 1))
    assert w1["genesys_name"] == "ana.diaz"
    w2 = rows["W2"]
    assert (w2["start_date"], w2["last_day"]) == (date(2025, 1, 5), date(2026, 12, 3))
    assert (w2["shift_start_minutes"], w2["shift_minutes"], w2["supervisor"]) == (None, None, None)
    assert rows["W3"]["worker_name"] == "Cy"


@pytest.mark.parametrize(
    ("row", "column"),
    [
        ("W2,Bo,South,,,,,,2026-13-01,", "Last Day"),
        ("W2,Bo,South,,,,,,tomorrow,", "Last Day"),
        ("W2,Bo,South,,,,,31/12/2026,,", "Start Date"),
        ("W2,Bo,South,,,25:00,,,,", "Shift Start"),
        ("W2,Bo,South,,,,-5,,,", "Shift Minutes"),
        ("W2,Bo,South,,,,nan,,,", "Shift Minutes"),
        ("W2,Bo,South,,,,,,,,Mon-Funday", "Work Days"),
        ("W2,Bo,South,,,,,,,,,1.6", "FTE"),
        ("W2,Bo,South,,,,,,,,,0", "FTE"),
        ("W2,Bo,South,,,,,,,,,half", "FTE"),
    ],
)
def test_roster_bad_cell_refuses_the_row_with_file_and_line(
    tmp_path: Path, row: str, column: str
) -> None:
    """v2: a roster problem never stops the floor; the row is refused and reported."""
    write(tmp_path, "roster.csv", ROSTER_HEAD_V2 + "W1,Ana,North,,,,,,,\n" + row + "\nW3,Cy\n")
    config = load_config(tmp_path)
    assert config.roster["worker_id"].to_list() == ["W1", "W3"]
    (error,) = config.roster_errors
    assert (error.file, error.line) == ("roster.csv", 3)
    assert column in error.error and "not used" in error.error


ROSTER_HEAD_V2 = ROSTER_HEAD.rstrip("\n") + ",Work Days,FTE,Role\n"


def test_roster_v2_columns(tmp_path: Path) -> None:
    write(
        tmp_path,
        "roster.csv",
        ROSTER_HEAD_V2
        + "W1,Ana,North,,,,,,,,Mon-Thu,0.8,Front line\n"
        + 'W2,Bo,North,,,,,,,,"Mon,Wed,Fri",,Supervisor\n'
        + "W3,Cy,North,,,,,,,,,1.5,\n",
    )
    config = load_config(tmp_path)
    rows = {r["worker_id"]: r for r in config.roster.iter_rows(named=True)}
    assert (rows["W1"]["work_days"], rows["W1"]["fte"], rows["W1"]["role"]) == (
        [0, 1, 2, 3],
        0.8,
        "Front line",
    )
    assert (rows["W2"]["work_days"], rows["W2"]["fte"], rows["W2"]["role"]) == (
        [0, 2, 4],
        None,
        "Supervisor",
    )
    assert (rows["W3"]["work_days"], rows["W3"]["fte"], rows["W3"]["role"]) == (None, 1.5, None)
    assert [r["line"] for r in config.roster.iter_rows(named=True)] == [2, 3, 4]
    assert config.roster_errors == ()


def test_roster_problems_are_reported_and_the_first_row_stands(tmp_path: Path) -> None:
    """Issue 12 item 9: duplicate ID, repeated header, blank ID, case variants."""
    write(
        tmp_path,
        "roster.csv",
        ROSTER_HEAD
        + "W1001,Ana,North,,,,,,,\n"  # line 2
        + "W1001,Ana Again,South,,,,,,,\n"  # 3: a second W1001, refused
        + ROSTER_HEAD  # 4: the header again (two files pasted together)
        + ",Nobody,North,,,,,,,\n"  # 5: blank Worker ID
        + "w1001,Lower,North,,,,,,,\n"  # 6: differs only by case: kept, reported
        + "\n"  # 7: blank line: skipped silently
        + "W1002,Bo,North,,,,,,,\n",  # 8
    )
    config = load_config(tmp_path)
    roster = config.roster
    assert roster["worker_id"].to_list() == ["W1001", "w1001", "W1002"]
    assert roster.filter(worker_id="W1001")["worker_name"].item() == "Ana"
    got = [(e.file, e.line) for e in config.roster_errors]
    assert got == [("roster.csv", 3), ("roster.csv", 4), ("roster.csv", 5), ("roster.csv", 6)]
    reasons = [e.error for e in config.roster_errors]
    assert "already on line 2" in reasons[0]
    assert "header" in reasons[1]
    assert "blank Worker ID" in reasons[2]
    assert "only by case" in reasons[3]


def test_roster_with_a_column_twice_reads_the_first(tmp_path: Path) -> None:
    write(tmp_path, "roster.csv", "Worker ID,Team,Team\nW1,North,South\n")
    config = load_config(tmp_path)
    assert config.roster["team"].to_list() == ["North"]
    ((file, line, error),) = [(e.file, e.line, e.error) for e in config.roster_errors]
    assert (file, line) == ("roster.csv", 1) and "'Team' appears twice" in error


def test_roster_without_worker_id_is_reported_and_not_used(tmp_path: Path) -> None:
    write(tmp_path, "roster.csv", "Name,Team\nAna,North\n")
    config = load_config(tmp_path)
    assert config.roster.height == 0
    ((file, line),) = [(e.file, e.line) for e in config.roster_errors]
    assert (file, line) == ("roster.csv", 1)


# -- leave.csv -----------------------------------------------------------------------------------


def test_leave_rows_are_read_and_bad_ones_reported(tmp_path: Path) -> None:
    write(tmp_path, "roster.csv", "Worker ID\nW1\nW2\n")
    write(
        tmp_path,
        "leave.csv",
        "Worker ID,From,To,Type\n"
        "# a comment line, as init writes\n"  # 2
        "W1,2026-12-21,2026-12-31,Annual\n"  # 3
        "W2,12/3/2026,12/3/2026,SICK\n"  # 4
        "W2,2026-12-04,2026-12-04, unplanned \n"  # 5
        "W1,2026-12-10,2026-12-09,Annual\n"  # 6: To before From
        "W1,someday,2026-12-09,Annual\n"  # 7: not a date
        ",2026-12-01,2026-12-01,Annual\n"  # 8: blank ID
        "W9,2026-12-01,2026-12-01,Annual\n",  # 9: not in the roster: kept, reported
    )
    config = load_config(tmp_path)
    leave = config.leave
    assert leave.select("worker_id", "from", "to", "sick", "line").rows() == [
        ("W1", date(2026, 12, 21), date(2026, 12, 31), False, 3),
        ("W2", date(2026, 12, 3), date(2026, 12, 3), True, 4),
        ("W2", date(2026, 12, 4), date(2026, 12, 4), True, 5),
        ("W9", date(2026, 12, 1), date(2026, 12, 1), False, 9),
    ]
    assert [(e.file, e.line) for e in config.roster_errors] == [
        ("leave.csv", 6),
        ("leave.csv", 7),
        ("leave.csv", 8),
        ("leave.csv", 9),
    ]
    assert "before From" in config.roster_errors[0].error
    assert "From" in config.roster_errors[1].error
    assert "not in the roster" in config.roster_errors[3].error


# -- v2 settings ---------------------------------------------------------------------------------


def test_v2_settings_are_read(tmp_path: Path) -> None:
    write(
        tmp_path,
        "floorwatch.toml",
        'work_days = "Mon-Thu"\nholidays = ["2026-12-25", 2027-01-01]\n'
        'late_login_minutes = 10\nclock = "exports"\n',
    )
    s = load_config(tmp_path).settings
    assert s.work_days == (0, 1, 2, 3)
    assert s.holidays == frozenset({date(2026, 12, 25), date(2027, 1, 1)})
    assert (s.late_login_minutes, s.clock) == (10.0, "exports")
    assert (Settings().work_days, Settings().holidays, Settings().late_login_minutes) == (
        (0, 1, 2, 3, 4),
        frozenset(),
        15.0,
    )


@pytest.mark.parametrize(
    ("text", "key", "line"),
    [
        ('\nwork_days = "Mon-Funday"\n', "work_days", 2),
        ("work_days = 5\n", "work_days", 1),
        ('holidays = "2026-12-25"\n', "holidays", 1),
        ('min_cases = 5\nholidays = ["2026-12-25", "Christmas"]\n', "holidays", 2),
        ('holidays = ["2026-02-30"]\n', "holidays", 1),
        ('late_login_minutes = "soon"\n', "late_login_minutes", 1),
        ("late_login_minutes = -5\n", "late_login_minutes", 1),
        ('clock = "sundial"\n', "clock", 1),
    ],
)
def test_v2_settings_errors_name_file_line_and_key(
    tmp_path: Path, text: str, key: str, line: int
) -> None:
    path = write(tmp_path, "floorwatch.toml", text)
    with pytest.raises(ConfigError) as caught:
        load_config(tmp_path)
    assert (caught.value.file, caught.value.line, caught.value.key) == (path, line, key)


# -- floorwatch init ---------------------------------------------------------------------------


def test_init_writes_the_repository_config_and_it_loads_to_the_defaults(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "cfg"
    assert cli.main(["init", str(target)]) == 0
    written = sorted(p.name for p in target.iterdir())
    assert written == [
        "coaching.toml",
        "columns.toml",
        "floorwatch.toml",
        "leave.csv",
        "qsa.toml",
        "roster.csv",
    ]
    assert written == sorted(p.name for p in REPO_CONFIG.iterdir())
    for name in written:
        assert (target / name).read_text(encoding="utf-8") == (REPO_CONFIG / name).read_text(
            encoding="utf-8"
        ), name
    config = load_config(target)
    assert config.settings == Settings()
    assert config.warnings == ()
    assert config.roster.height == 0
    # leave.csv's example is commented out: no leave, and nothing to report.
    assert (config.leave.height, config.roster_errors) == (0, ())
    assert "wrote" in capsys.readouterr().out


def test_init_refuses_to_overwrite_without_force(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "cfg"
    write(target, "qsa.toml", "utilization_pct = 70\n")
    assert cli.main(["init", str(target)]) == 2
    err = capsys.readouterr().err
    assert "qsa.toml" in err and "--force" in err and len(err.strip().splitlines()) == 1
    assert (target / "qsa.toml").read_text() == "utilization_pct = 70\n"
    assert not (target / "floorwatch.toml").exists()
    assert cli.main(["init", "--force", str(target)]) == 0
    assert (target / "qsa.toml").read_text() == (REPO_CONFIG / "qsa.toml").read_text()


def test_init_defaults_to_the_config_folder_here(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    assert cli.main(["init"]) == 0
    assert (tmp_path / "config" / "floorwatch.toml").is_file()
