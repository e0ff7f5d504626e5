"""`floorwatch check --coordinator NAME`: a coordinator's teams only (check-output.md, v2)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from app_helpers import SPEC, make_floor

from floorwatch import cli
from floorwatch.simulate.people import build_floor


@pytest.fixture
def floor(workdir: Path) -> list[str]:
    """The simulated floor's `check` options (folders and a fixed as-of)."""
    source = make_floor(workdir)
    return [
        "--config",
        str(source.config.folder),
        "--drop",
        str(workdir),
        "--data",
        str(source.data_dir),
        "--at",
        "2026-11-23 11:00",
        "--no-record",
    ]


def _check(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, dict, str]:
    capsys.readouterr()
    code = cli.main(["check", *argv, "--format", "json"])
    out, err = capsys.readouterr()
    return code, json.loads(out), err


def test_coordinator_limits_the_check_to_the_rosters_teams_of_that_coordinator(
    floor: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    teams = build_floor(SPEC).teams
    first = teams[0].coordinator
    theirs = sorted(t.name for t in teams if t.coordinator == first)
    assert 0 < len(theirs) < len(teams)  # the floor has other coordinators' teams too

    _, whole, _ = _check(capsys, *floor)
    code, scoped, _ = _check(capsys, *floor, "--coordinator", first.upper())  # any case

    assert sorted(t["team"] for t in scoped["teams"]) == theirs
    assert {w["team"] for w in scoped["workers"]} == set(theirs)
    # The same numbers as the whole floor's, only fewer of them.
    whole_teams = {t["team"]: t for t in whole["teams"]}
    assert all(t == whole_teams[t["team"]] for t in scoped["teams"])
    expected = [w for w in whole["workers"] if w["team"] in theirs]
    assert scoped["workers"] == expected
    assert code == (1 if any(w["flags"] for w in expected) else 0)


def test_an_unknown_coordinator_is_refused_with_the_names_there_are(
    floor: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    capsys.readouterr()
    code = cli.main(["check", *floor, "--coordinator", "Nobody Here"])
    out, err = capsys.readouterr()
    assert code == 2 and out == ""
    known = sorted({t.coordinator for t in build_floor(SPEC).teams})
    assert err.strip() == (
        f"floorwatch: no coordinator 'Nobody Here' in the roster (coordinators: {', '.join(known)})"
    )


def test_team_and_coordinator_together_are_refused_by_the_command_line(
    floor: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as stop:
        cli.main(["check", *floor, "--team", "North", "--coordinator", "x"])
    assert stop.value.code == 2
    assert "not allowed with argument" in capsys.readouterr().err
