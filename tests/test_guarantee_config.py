"""Promise: configuration errors name the file, line and key, and `floorwatch check` exits 2
with one line and no traceback; an unknown key is a warning naming the nearest valid key.

Each test runs the real command as a separate process (`python -m floorwatch check`), so
what is proven is what a supervisor's terminal or a cron mail shows.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

DASH_HEAD = (
    "Worker ID,Worker Name,Team,Status,Status Start,Task Type,Task ID,Logged In,Active,Idle,"
    "Export Time"
)
GOOD_DASH = "W1,Ana Diaz,North,Active,2026-11-23 10:55:00,,,3:00:00,2:50:00,5,2026-11-23 11:00:00"


def floorwatch_check(site: Path) -> subprocess.CompletedProcess[str]:
    """`python -m floorwatch check` on the site's config, drop and data folders."""
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "floorwatch",
            "check",
            "--config",
            str(site / "config"),
            "--drop",
            str(site / "drop"),
            "--data",
            str(site / "data"),
        ],
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONWARNINGS": "ignore"},
        cwd=site,
        timeout=60,
    )


@pytest.fixture
def site(tmp_path: Path) -> Path:
    """A drop folder with one good dashboard export and an empty config folder."""
    (tmp_path / "drop").mkdir()
    (tmp_path / "drop" / "dashboard.csv").write_text(f"{DASH_HEAD}\n{GOOD_DASH}\n")
    (tmp_path / "config").mkdir()
    # A task type: transaction times are judged, so stderr holds only what a test provokes.
    (tmp_path / "config" / "qsa.toml").write_text("[task_types]\nRenewal = 18\n")
    return tmp_path


@pytest.mark.parametrize(
    ("file", "text", "where", "key", "why"),
    [
        (
            "floorwatch.toml",
            '# thresholds\nstale_after_minutes = 20\nidle_alert_minutes = "ten"\n',
            "floorwatch.toml:3",
            "idle_alert_minutes",
            "must be a number, not 'ten'",
        ),
        (
            "floorwatch.toml",
            'bell = false\n\ncheck_times = ["09:00", "25:00"]\n',
            "floorwatch.toml:3",
            "check_times",
            "between 00:00 and 23:59, not '25:00'",
        ),
        (
            "qsa.toml",
            'utilization_pct = 75\n\n[task_types]\nRenewal = "18 min"\n',
            "qsa.toml:4",
            "task_types.Renewal",
            "must be a number",
        ),
    ],
    ids=["idle_alert_minutes_ten", "check_time_25_00", "qsa_task_type_text"],
)
def test_a_config_error_names_file_line_and_key_and_exits_2_without_a_traceback(
    site: Path, file: str, text: str, where: str, key: str, why: str
) -> None:
    (site / "config" / file).write_text(text)
    done = floorwatch_check(site)
    assert done.returncode == 2
    assert done.stdout == ""
    assert "Traceback" not in done.stderr
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1, done.stderr
    assert lines[0].startswith("floorwatch: ")
    assert f"{where}: {key}: " in lines[0]
    assert why in lines[0]
    # Nothing was written: a run with a broken config must not touch the history.
    assert not (site / "data").exists()


def test_an_unknown_key_is_a_warning_with_the_nearest_valid_name_and_the_check_runs(
    site: Path,
) -> None:
    (site / "config" / "floorwatch.toml").write_text("bell = false\nidle_alert_minute = 10\n")
    done = floorwatch_check(site)
    assert done.returncode in (0, 1), done.stderr
    assert "W1" in done.stdout
    assert "Traceback" not in done.stderr
    assert done.stderr.strip().splitlines() == [
        f"floorwatch: warning: {site / 'config' / 'floorwatch.toml'}:2: idle_alert_minute: "
        "unknown key (did you mean 'idle_alert_minutes'?)"
    ]
