"""A history written by the schema-1 store opens after the migration and loses nothing.

`tests/fixtures/store_v1/` was written by the schema-1 code itself
(`tests/fixtures/make_store_v1.py`, commit 51e23b1): four days of exports, a compacted
live day, day summaries and recorded runs, with the cases and completed per caseworker
that code counted (`expected.json`).
"""

from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
import sys
import textwrap
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from floorwatch.output.json_form import result_dict
from floorwatch.service import CheckRequest, run_check
from floorwatch.settings import Config, load_config
from floorwatch.store import SCHEMA_VERSION, HistoryStore

FIXTURE = Path(__file__).parent / "fixtures" / "store_v1"
AS_OF = datetime(2026, 11, 19, 14, 0)
PERIODS = ("day", "week", "month")


@pytest.fixture
def old_store(tmp_path: Path) -> tuple[Config, Path]:
    shutil.copytree(FIXTURE, tmp_path / "site")
    return load_config(tmp_path / "site" / "config"), tmp_path / "site" / "data"


def _files(data: Path) -> dict[str, str]:
    """Every Parquet file of the store: its name -> a hash of its bytes."""
    return {
        p.name: hashlib.sha256(p.read_bytes()).hexdigest()
        for p in data.rglob("*.parquet")
        if p.parts[len(data.parts)] in ("exports", "runs")
    }


def _checks(config: Config, data: Path) -> dict[str, Any]:
    """Each period's check as of the fixture's last export, recording nothing."""
    return {
        period: result_dict(
            run_check(
                CheckRequest(
                    config,
                    None,
                    data,
                    at=AS_OF,
                    period=period,
                    store_exports=False,
                    record_run=False,
                    keep_summaries=False,
                )
            )
        )
        for period in PERIODS
    }


def _counts(checks: dict[str, Any]) -> dict[str, Any]:
    return {
        period: {
            w["worker_id"]: [w["metrics"]["cases_worked"], w["metrics"]["completed"], w["team"]]
            for w in result["workers"]
        }
        for period, result in checks.items()
    }


def _listing(data: Path) -> list[str]:
    return sorted(str(p.relative_to(data)) for p in data.rglob("*"))


def test_an_old_store_is_read_as_it_is_and_migrated_without_losing_anything(
    old_store: tuple[Config, Path],
) -> None:
    config, data = old_store
    expected = json.loads((FIXTURE / "expected.json").read_text())
    before_files = _files(data)
    runs = len(list((data / "runs").rglob("*.parquet")))
    listing = _listing(data)
    # A run that writes nothing reads the schema-1 layout and leaves it as it is.
    before = _checks(config, data)
    assert _counts(before) == expected
    assert _listing(data) == listing
    assert json.loads((data / "store.json").read_text()) == {"schema_version": 1}

    HistoryStore(data).open_for_writing()
    assert json.loads((data / "store.json").read_text()) == {"schema_version": SCHEMA_VERSION}
    assert _files(data) == before_files  # every export and run, byte for byte
    for table, key in (("exports", "kind"), ("runs", "period")):
        tops = {p.name for p in (data / table).iterdir()}
        assert tops and all(name.startswith(f"{key}=") for name in tops)
        days = {p.name for top in (data / table).iterdir() for p in top.iterdir()}
        assert days and all(name.startswith("day=") for name in days)
    assert _checks(config, data) == before
    # A recording check on the migrated store: summaries and compactions made again.
    for period in PERIODS:
        run_check(CheckRequest(config, None, data, at=AS_OF, period=period, record_run=False))
    assert _checks(config, data) == before
    assert len(HistoryStore(data).runs()) == runs


#: Migrates the store in argv[1] and dies (like a kill) right after rename number argv[2].
DYING = textwrap.dedent(
    """
    import os, sys
    from pathlib import Path
    real = os.replace
    done = 0
    def replace(src, dst):
        global done
        real(src, dst)
        done += 1
        if done == int(sys.argv[2]):
            os._exit(9)
    os.replace = replace
    from floorwatch.store import HistoryStore
    HistoryStore(Path(sys.argv[1])).open_for_writing()
    """
)


@pytest.mark.parametrize("renames", [1, 17, 40])
def test_a_migration_killed_half_way_leaves_a_store_that_opens_whole(
    old_store: tuple[Config, Path], renames: int
) -> None:
    config, data = old_store
    before = _checks(config, data)
    before_files = _files(data)
    killed = subprocess.run(
        [sys.executable, "-c", DYING, str(data), str(renames)], capture_output=True, text=True
    )
    assert killed.returncode == 9, killed.stderr
    # Half in each layout: still schema 1, read whole by a run that writes nothing.
    assert json.loads((data / "store.json").read_text()) == {"schema_version": 1}
    tops = [p.name for table in ("exports", "runs") for p in (data / table).iterdir()]
    assert any("=" in name for name in tops) and any("=" not in name for name in tops)
    assert _checks(config, data) == before
    # The next writer finishes the job.
    HistoryStore(data).open_for_writing()
    assert json.loads((data / "store.json").read_text()) == {"schema_version": SCHEMA_VERSION}
    assert _files(data) == before_files
    assert _checks(config, data) == before
