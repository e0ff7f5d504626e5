"""Commands that say what a supervisor needs at once (issue 17): where `check` looked,
team names in any case, the warning when no transaction time is judged."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from app_helpers import DAY, SPEC
from config_edits import without_task_types

from floorwatch import cli
from floorwatch.settings.judged import TXN_NOT_JUDGED
from floorwatch.simulate import write_config, write_day


@pytest.fixture
def floorwatch(capsys: pytest.CaptureFixture[str]) -> Any:
    """Run `floorwatch.cli.main`; return (exit status, stdout, stderr)."""

    def run(*argv: str | Path) -> tuple[int, str, str]:
        capsys.readouterr()
        code = cli.main([str(a) for a in argv])
        out, err = capsys.readouterr()
        return code, out, err

    return run


def test_check_with_no_data_names_the_folders_it_looked_in(floorwatch: Any, tmp_path) -> None:
    drop, data = tmp_path / "drop", tmp_path / "data"
    drop.mkdir()
    code, _, err = floorwatch("check", "--drop", drop, "--data", data)
    assert code == 2
    assert f"looked in the drop folder {drop.resolve()}" in err
    assert f"history folder {data.resolve()}" in err
    assert len(err.strip().splitlines()) == 1


def test_check_with_no_drop_folder_says_where_to_set_one(floorwatch: Any, tmp_path) -> None:
    config = tmp_path / "config"
    assert cli.main(["init", str(config)]) == 0
    code, _, err = floorwatch("check", "--config", config, "--data", tmp_path / "data")
    assert code == 2
    assert f"no drop folder is set (drop_dir in {(config / 'floorwatch.toml').resolve()}" in err


@pytest.fixture
def floor(tmp_path: Path) -> Path:
    """The simulated test floor (teams North, South, East) with its config."""
    write_config(tmp_path, SPEC, today=DAY)
    write_day(tmp_path, SPEC, DAY)
    return tmp_path


def test_check_team_matches_any_case(floorwatch: Any, floor: Path) -> None:
    config = floor / "config"
    code, out, _ = floorwatch("check", "--config", config, "--team", "north", "--no-record")
    assert code in (0, 1)
    assert "North" in out and "South" not in out
    code, _, err = floorwatch("check", "--config", config, "--team", "nowhere", "--no-record")
    assert code == 2 and "no team 'nowhere'" in err


def test_check_warns_on_stderr_when_no_task_types(floorwatch: Any, floor: Path) -> None:
    config = floor / "config"
    code, _, err = floorwatch("check", "--config", config, "--no-record")
    assert code in (0, 1) and "not judged" not in err
    without_task_types(floor)
    code, _, err = floorwatch("check", "--config", config, "--no-record")
    assert code in (0, 1)
    assert err == f"floorwatch: warning: {TXN_NOT_JUDGED}\n"


def test_init_writes_task_types_commented_with_the_warning(tmp_path: Path) -> None:
    assert cli.main(["init", str(tmp_path / "config")]) == 0
    text = (tmp_path / "config" / "qsa.toml").read_text()
    assert "# [task_types]\n# Application = 32.0\n# Renewal = 18.0" in text
    assert "transaction times are not judged" in text


def test_xlsx_sheet_names_are_cut_at_a_word_and_stay_unique(tmp_path: Path) -> None:
    import fastexcel
    import polars as pl

    from floorwatch.coaching.output import Report, write_xlsx

    frame = pl.DataFrame({"a": [1]})
    tables = (
        ("Flag history (recorded day runs)", frame),  # 32 characters
        ("Pass rates by caseworker and attribute", frame),
        ("Pass rates by caseworker and attribute, all time", frame),
    )
    target = tmp_path / "r.xlsx"
    write_xlsx(Report("t", (), tables), target)
    names = fastexcel.read_excel(target.read_bytes()).sheet_names
    assert names == [
        "About",
        "Flag history",
        "Pass rates by caseworker and",
        "Pass rates by caseworker (2)",
    ]


def test_report_coaching_refuses_from_after_to(floorwatch: Any, tmp_path: Path) -> None:
    code, out, err = floorwatch(
        "report", "coaching", "--data", tmp_path / "data", "--from", "2026-12-05",
        "--to", "2026-12-01",
    )  # fmt: skip
    assert code == 2 and out == ""
    assert err.strip() == (
        "floorwatch: --from 2026-12-05 is after --to 2026-12-01: no day is in that range"
    )


def test_report_coaching_team_matches_any_case(floorwatch: Any, tmp_path: Path) -> None:
    from datetime import datetime

    from floorwatch.coaching.assessment import Mark
    from floorwatch.coaching.config import DEFAULT_ATTRIBUTES
    from floorwatch.coaching.desk import CoachingDesk

    write_config(tmp_path, SPEC, today=DAY)
    config, data = tmp_path / "config", tmp_path / "data"
    desk = CoachingDesk(data, config, by="tl", clock=lambda: datetime(2026, 11, 3, 10))
    marks = {a.key: Mark("pass") for a in DEFAULT_ATTRIBUTES}
    txn = {"task_id": "T1", "worker_id": "W1", "worker_name": None, "team": "North"}
    desk.record_assessment("S1", txn | {"task_type": "Renewal"}, marks)
    code, out, _ = floorwatch(
        "report", "coaching", "--config", config, "--data", data, "--team", "north"
    )
    assert code == 0
    assert ", team north: 1, passed 1 (100.0 %)" in out
