"""The simulated floor's phones: Genesys headers, planted agents caught by `floorwatch check`."""

from __future__ import annotations

import contextlib
import io
import json
from datetime import date, datetime, time
from pathlib import Path

import pytest

from floorwatch.cli import main
from floorwatch.ingest import LoadError, load_export
from floorwatch.schema import AGENT_PERFORMANCE, AGENT_STATUS
from floorwatch.settings.model import ColumnMap
from floorwatch.simulate import FloorSpec, LiveFloor, plant, write_config, write_day
from floorwatch.simulate.contact import plant_contact

DAY = date(2026, 11, 23)
SPEC = FloorSpec(seed=11, teams=2, size=6, contact=True)
CONTACT_CODES = {"LONG_HANDLE", "SHORT_HANDLE", "STATUS_OVER_ALLOWANCE"}


def _check(config: Path, at: str) -> dict:
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        code = main(["check", "--config", str(config), "--format", "json", "--at", at])
    assert code == 1
    return json.loads(out.getvalue())


@pytest.fixture(scope="module")
def floor(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("floor")
    write_config(folder, SPEC, today=DAY)
    write_day(folder, SPEC, DAY, until=time(11, 0))
    return folder


def test_planted_agents_trip_their_flag_and_nobody_else_does(floor: Path) -> None:
    result = _check(floor / "config", f"{DAY} 11:00")
    calls = plant_contact(SPEC)
    raised = {
        (w["worker_id"], f["check"], f.get("status"))
        for w in result["workers"]
        for f in w["flags"]
        if f["check"] in CONTACT_CODES
    }
    assert raised == {
        (calls.long_handle, "LONG_HANDLE", None),
        (calls.short_handle, "SHORT_HANDLE", None),
        (calls.over_allowance, "STATUS_OVER_ALLOWANCE", "Break"),
    }
    # Every caseworker is on the phones, and every agent is somebody.
    assert all(w["metrics"]["calls_handled"] for w in result["workers"])
    assert not [e for e in result["errors"] if "agent" in e["error"]]
    kinds = {s["kind"] for s in result["sources"]}
    assert {"agent_status", "agent_performance"} <= kinds


def test_contact_plants_leave_the_other_plants_alone() -> None:
    calls = plant_contact(SPEC)
    others = set(vars(plant(SPEC)).values())
    assert plant(SPEC) == plant(FloorSpec(seed=11, teams=2, size=6))
    assert len({calls.long_handle, calls.short_handle, calls.over_allowance}) == 3
    assert not {calls.long_handle, calls.short_handle, calls.over_allowance} & {
        w if isinstance(w, str) else w[0] for w in others
    }


def test_exports_use_genesys_spellings_that_need_the_column_map(floor: Path) -> None:
    for prefix, kind in (("Agent_Status", AGENT_STATUS), ("Agent_Performance", AGENT_PERFORMANCE)):
        path = floor / f"{prefix}_{DAY}_1100.csv"
        # Without columns.toml the agent column ("Name") is not found: the mapping reads it.
        refused = load_export(path, ColumnMap())
        assert isinstance(refused, LoadError), prefix
        assert "Agent Name" in refused.error
        header = path.read_text(encoding="utf-8").splitlines()[0]
        assert "Name" in header and "Agent Name" not in header, kind.name


def test_the_break_is_caught_only_once_its_interval_has_passed(tmp_path: Path) -> None:
    calls = plant_contact(SPEC)
    write_day(tmp_path, SPEC, DAY, until=time(9, 30))
    early = _check(write_config(tmp_path, SPEC, today=DAY), f"{DAY} 09:30")
    worker = next(w for w in early["workers"] if w["worker_id"] == calls.over_allowance)
    assert "STATUS_OVER_ALLOWANCE" not in {f["check"] for f in worker["flags"]}


def test_live_floor_replaces_its_genesys_exports(tmp_path: Path) -> None:
    live = LiveFloor(tmp_path, SPEC, day=DAY, start=time(10, 0))
    live.export(datetime.combine(DAY, time(10, 0)))
    live.export(datetime.combine(DAY, time(10, 5)))
    names = sorted(p.name for p in tmp_path.iterdir() if p.name.startswith("Agent_"))
    assert names == [f"Agent_Performance_{DAY}_1005.csv", f"Agent_Status_{DAY}_1005.csv"]


def test_the_smallest_floor_still_plants_three_agents() -> None:
    small = FloorSpec(teams=2, size=5, contact=True)  # 10 people, 9 planted already
    calls = plant_contact(small)
    assert len({calls.long_handle, calls.short_handle, calls.over_allowance}) == 3
