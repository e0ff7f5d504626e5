"""The rest of a well-behaved tool: `--version`, help on every option, an explicit config
folder that must exist, the FLOORWATCH_CONFIG / FLOORWATCH_DATA variables, and a log file
in the per-user log folder."""

from __future__ import annotations

import argparse
import importlib.metadata
from datetime import date
from pathlib import Path

import pytest

from floorwatch import cli
from floorwatch.logs import log_path
from floorwatch.simulate import FloorSpec, write_config, write_day
from floorwatch.store import HistoryStore

DAY_SPEC = FloorSpec(seed=7, teams=3, size=6)
DAY = date(2026, 11, 23)


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as done:
        cli.main(["--version"])
    assert done.value.code == 0
    assert capsys.readouterr().out == f"floorwatch {importlib.metadata.version('floorwatch')}\n"


def _options(parser: argparse.ArgumentParser, name: str):
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for sub, subparser in action.choices.items():
                yield from _options(subparser, f"{name} {sub}")
        else:
            yield name, action


def test_every_option_has_help() -> None:
    missing = [
        f"{name} {'/'.join(action.option_strings) or action.dest}"
        for name, action in _options(cli.build_parser(), "floorwatch")
        if not action.help
    ]
    assert missing == []


@pytest.mark.parametrize("command", [["check"], ["watch"], ["report", "coaching"]])
def test_an_explicit_config_folder_that_does_not_exist_is_an_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], command: list[str]
) -> None:
    missing = tmp_path / "cnofig"
    assert cli.main([*command, "--config", str(missing)]) == 2
    err = capsys.readouterr().err
    assert err == (
        f"floorwatch: {missing}: does not exist (given by --config); "
        f"`floorwatch init {missing}` writes a starter config\n"
    )


def test_qsa_import_into_a_config_folder_that_does_not_exist_is_an_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    qsa = tmp_path / "q.csv"
    qsa.write_text("Task Type,Transaction Minutes\nRenewal,18\n", encoding="utf-8")
    assert cli.main(["qsa", "import", str(qsa), "--config", str(tmp_path / "nope")]) == 2
    assert "does not exist (given by --config)" in capsys.readouterr().err
    assert not (tmp_path / "nope").exists()


def test_the_environment_names_the_config_and_data_folders(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # The simulated floor's floorwatch.toml sets data_dir: the variable wins over it.
    config = write_config(tmp_path / "floor", DAY_SPEC, today=DAY)
    write_day(tmp_path / "floor", DAY_SPEC, DAY)
    data = tmp_path / "elsewhere"
    monkeypatch.setenv("FLOORWATCH_CONFIG", str(config))
    monkeypatch.setenv("FLOORWATCH_DATA", str(data))
    assert cli.main(["check", "--format", "json"]) in (0, 1), capsys.readouterr().err
    assert len(HistoryStore(data).runs(period_kind="day")) == 1
    assert not (tmp_path / "floor" / "history" / "runs").exists()
    # The command line still wins over the environment.
    other = tmp_path / "other"
    assert cli.main(["check", "--data", str(other)]) in (0, 1)
    assert len(HistoryStore(other).runs(period_kind="day")) == 1
    monkeypatch.setenv("FLOORWATCH_CONFIG", str(tmp_path / "gone"))
    assert cli.main(["check"]) == 2
    assert "does not exist (given by FLOORWATCH_CONFIG)" in capsys.readouterr().err


def test_each_command_logs_its_start_and_stop(tmp_path: Path) -> None:
    assert cli.main(["check", "--config", str(tmp_path / "nope")]) == 2
    lines = log_path().read_text(encoding="utf-8").splitlines()
    assert "INFO start: floorwatch check --config (Python" in lines[-3]
    assert "WARNING config error:" in lines[-2]
    assert " INFO stop: exit 2 after " in lines[-1]
    assert str(log_path()).startswith(str(Path.home()))  # the per-user folder (tests: temp)
