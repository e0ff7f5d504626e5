"""The simulated floor's leavers, read back from its files by `floorwatch check`.

`simulate` and `demo` plant a caseworker who has left (roster Last Day three days back)
still holding two paused tasks, beside the planted `resigning` one who leaves in three
days: PAUSED_AFTER_LAST_DAY and PAUSED_BEFORE_LAST_DAY from real files in a temp folder.
Per issue-notes, PAUSED_BEFORE_LAST_DAY still holds on the Last Day itself and
PAUSED_AFTER_LAST_DAY takes over the day after.
"""

from __future__ import annotations

import csv
import json
from datetime import date, time, timedelta
from pathlib import Path

import pytest

from floorwatch.cli import main
from floorwatch.simulate import FloorSpec, plant, write_config, write_day
from floorwatch.simulate.absence import plant_absence
from floorwatch.simulate.departures import DEPARTED_DAYS_AGO, departed
from floorwatch.simulate.files import ACTIONS_FILE, DASHBOARD_FILE, PAUSED_FILE

SPEC = FloorSpec(seed=7, teams=3, size=12)
MONDAY = date(2026, 11, 23)
LAST_DAY = MONDAY - timedelta(days=DEPARTED_DAYS_AGO)  # Friday 2026-11-20
GONE = departed(SPEC)
assert GONE is not None


def test_only_floors_with_room_for_absences_have_someone_who_has_left() -> None:
    # The small floors the app's screen tests pin stay as they are.
    assert departed(FloorSpec(seed=7, teams=3, size=6)) is None
    assert plant_absence(FloorSpec(seed=7, teams=3, size=6)).no_show is None
    assert plant_absence(SPEC).no_show is not None


def check_json(
    folder: Path, at: str, capsys: pytest.CaptureFixture[str], period: str = "day"
) -> dict:
    """`floorwatch check --format json --no-record` on the simulated folder."""
    code = main(
        [
            "check", "--config", str(folder / "config"), "--drop", str(folder),
            "--data", str(folder / "history"), "--at", at, "--period", period,
            "--format", "json", "--no-record",
        ]
    )  # fmt: skip
    out = capsys.readouterr().out
    assert code == 1, out[-500:]  # the planted floor always flags someone
    return json.loads(out)


def rows(path: Path) -> list[dict[str, str]]:
    """A CSV file's rows by header."""
    return list(csv.DictReader(path.read_text(encoding="utf-8").splitlines()))


def flags_of(result: dict, worker_id: str) -> dict[str, dict]:
    worker = next(w for w in result["workers"] if w["worker_id"] == worker_id)
    return {f["check"]: f for f in worker["flags"] if "LAST_DAY" in f["check"]}


@pytest.fixture
def monday(tmp_path: Path) -> Path:
    """`simulate --date 2026-11-23 --until 11:00` written into a temp folder."""
    write_config(tmp_path, SPEC, today=MONDAY)
    write_day(tmp_path, SPEC, MONDAY, until=time(11, 0))
    return tmp_path


def test_the_departed_is_someone_new_in_no_export_but_the_paused_report(monday: Path) -> None:
    people = {row["Worker ID"]: row for row in rows(monday / "config/roster.csv")}
    assert people[GONE.worker_id]["Last Day"] == LAST_DAY.isoformat()
    assert people[GONE.worker_id]["Team"] == GONE.team
    assert GONE.name not in {r["Worker Name"] for w, r in people.items() if w != GONE.worker_id}
    assert GONE.worker_id not in set(vars(plant(SPEC)).values()) | set(
        vars(plant_absence(SPEC)).values()
    )
    for name in (DASHBOARD_FILE, ACTIONS_FILE):
        assert GONE.worker_id not in (monday / name).read_text(encoding="utf-8")
    paused = [r for r in rows(monday / PAUSED_FILE) if r["Worker ID"] == GONE.worker_id]
    assert len(paused) == 2 and all(r["Paused At"] < LAST_DAY.isoformat() for r in paused)
    leave = rows(monday / "config/leave.csv")
    mine = [r for r in leave if r["Worker ID"] == GONE.worker_id]
    assert [(r["To"], r["Type"]) for r in mine] == [(LAST_DAY.isoformat(), "Notice")]


def test_check_flags_the_departed_and_the_one_leaving_soon(
    monday: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    result = check_json(monday, "2026-11-23 11:00", capsys)
    assert result["errors"] == []
    gone = flags_of(result, GONE.worker_id)
    assert set(gone) == {"PAUSED_AFTER_LAST_DAY"}
    assert gone["PAUSED_AFTER_LAST_DAY"]["value"] == 2
    assert "2026-11-20 (3 days ago)" in gone["PAUSED_AFTER_LAST_DAY"]["detail"]
    worker = next(w for w in result["workers"] if w["worker_id"] == GONE.worker_id)
    # Listed for the paused tasks only: gone before today, so no schedule and no absence.
    assert (worker["team"], worker["status"]) == (GONE.team, None)
    assert worker["metrics"]["scheduled_days"] == 0
    assert worker["metrics"]["absent_days"] == 0
    assert not {f["check"] for f in worker["flags"]} & {"NOT_LOGGED_IN", "LOW_LOGGED_IN"}

    soon = flags_of(result, plant(SPEC).resigning)
    assert set(soon) == {"PAUSED_BEFORE_LAST_DAY"}
    assert "2026-11-26 (3 days left)" in soon["PAUSED_BEFORE_LAST_DAY"]["detail"]
    # Nobody else has left or is leaving.
    others = {
        w["worker_id"]
        for w in result["workers"]
        if any("LAST_DAY" in f["check"] for f in w["flags"])
    }
    assert others == {GONE.worker_id, plant(SPEC).resigning}


def test_on_the_last_day_it_is_before_and_the_day_after_it_is_after(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # The roster as written on Monday; the exports of the Friday that was the Last Day.
    write_config(tmp_path, SPEC, today=MONDAY)
    write_day(tmp_path, SPEC, LAST_DAY, until=time(16, 30))
    on_the_day = check_json(tmp_path, "2026-11-20 16:30", capsys)
    flags = flags_of(on_the_day, GONE.worker_id)
    assert set(flags) == {"PAUSED_BEFORE_LAST_DAY"}
    assert "(0 days left)" in flags["PAUSED_BEFORE_LAST_DAY"]["detail"]
    # Saturday: Friday's paused report is still the current list.
    day_after = check_json(tmp_path, "2026-11-21 09:00", capsys)
    flags = flags_of(day_after, GONE.worker_id)
    assert set(flags) == {"PAUSED_AFTER_LAST_DAY"}
    assert "(1 days ago)" in flags["PAUSED_AFTER_LAST_DAY"]["detail"]


def test_a_week_on_the_floor_counts_no_absence_for_the_departed(
    monday: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # The week of the Last Day: employed until Friday, on agreed leave up to it.
    write_day(monday, SPEC, LAST_DAY, until=time(16, 30))
    result = check_json(monday, "2026-11-20 16:30", capsys, period="week")
    worker = next(w for w in result["workers"] if w["worker_id"] == GONE.worker_id)
    assert (worker["metrics"]["scheduled_days"], worker["metrics"]["absent_days"]) == (0, 0)
