"""A simulated floor with weeks of history, for the team and floor pack tests."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime, time
from pathlib import Path

import pytest

from floorwatch import cli
from floorwatch.settings import load_config
from floorwatch.simulate import FloorSpec, write_config, write_day
from floorwatch.simulate.history import fill_history, weeks_before

#: A Wednesday: the week in progress has two stored days and today's drop folder.
TODAY = date(2026, 11, 25)
AT = "2026-11-25 11:00"
#: Three teams: two coordinators (two teams, then one).
SPEC = FloorSpec(seed=7, teams=3, size=6)


@dataclass(frozen=True)
class PackFloor:
    """Folders of a simulated floor and the options every command of a test takes."""

    folder: Path
    config: Path
    data: Path

    @property
    def options(self) -> list[str]:
        return [
            "--config",
            str(self.config),
            "--drop",
            str(self.folder),
            "--data",
            str(self.data),
        ]


def make_pack_floor(folder: Path, weeks: int = 2) -> PackFloor:
    """Today's exports in the drop folder, `weeks` earlier weeks in the history."""
    config_dir = write_config(folder, SPEC, today=TODAY)
    config = load_config(config_dir)
    fill_history(folder / "history", SPEC, config, weeks_before(TODAY, weeks))
    write_day(folder, SPEC, TODAY, until=time(11, 0))
    return PackFloor(folder, config_dir, folder / "history")


def run_cli(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    """`floorwatch ARGV` in this process: (exit status, stdout, stderr)."""
    capsys.readouterr()
    code = cli.main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def check_json(
    capsys: pytest.CaptureFixture[str], floor: PackFloor, period: str, at: str, *scope: str
) -> dict:
    """`floorwatch check --no-record --format json` for a period and as-of."""
    code, out, err = run_cli(
        capsys,
        "check",
        *floor.options,
        "--period",
        period,
        "--at",
        at,
        "--no-record",
        "--format",
        "json",
        *scope,
    )
    assert code in (0, 1), err
    return json.loads(out)


def end_of(day: date) -> str:
    """`--at` of a day's last second (a pack compares with the end of the day)."""
    return datetime.combine(day, time(23, 59, 59)).strftime("%Y-%m-%d %H:%M:%S")
