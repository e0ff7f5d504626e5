"""Promise: a drop folder full of other tools' files is fine (issue 12, item 11).

Every file is still accounted for in the check's `errors`, but the support desk's log
names only the first refusals one by one and counts the rest on one line (100,000 log
lines per check rotated the whole log away and took a third of the run's time), and each
file is read once, through one open, with the stat of that very handle.
"""

from __future__ import annotations

import json
import os
from datetime import date
from datetime import time as clock
from pathlib import Path

import pytest

from floorwatch.cli import main
from floorwatch.ingest.file_bytes import stat_and_bytes
from floorwatch.logs import NAMED_REFUSALS, log_path
from floorwatch.simulate import FloorSpec, write_config, write_day

DAY = date(2026, 11, 23)
OTHERS = NAMED_REFUSALS * 3


def floor_beside_others(folder: Path) -> Path:
    """A simulated floor to 11:00 and `OTHERS` small CSV files that are no export."""
    spec = FloorSpec(seed=3, teams=1, size=12)
    config = write_config(folder, spec, today=DAY)
    write_day(folder, spec, DAY, until=clock(11, 0))
    for i in range(OTHERS):
        (folder / f"other_{i:04d}.csv").write_bytes(f"Name,Value\nitem {i},{i}\n".encode())
    return config


def test_every_other_file_is_in_errors_but_the_log_counts_most_of_them(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config = floor_beside_others(tmp_path)
    args = ["check", "--config", str(config), "--drop", str(tmp_path)]
    code = main([*args, "--data", str(tmp_path / "data"), "--format", "json", "--no-record"])
    out = json.loads(capsys.readouterr().out)
    assert code in (0, 1)
    others = sorted(e["file"] for e in out["errors"] if e["file"].startswith("other_"))
    assert others == [f"other_{i:04d}.csv" for i in range(OTHERS)]
    assert all("not a known export" in e["error"] for e in out["errors"] if e["file"] in others)
    assert out["workers"], "the floor beside them is still checked"

    text = log_path().read_text(encoding="utf-8")
    named = [line for line in text.splitlines() if "refused other_" in line]
    assert len(named) == NAMED_REFUSALS
    assert f"{OTHERS - NAMED_REFUSALS} more refusal(s) not logged one by one" in text


def test_stat_and_bytes_pairs_a_files_bytes_with_the_stat_of_the_same_handle(
    tmp_path: Path,
) -> None:
    path = tmp_path / "a.csv"
    for data in (b"", b"x", b"Worker ID,Status\r\nW1,Idle\r\n" * 5000):
        path.write_bytes(data)
        os.utime(path, ns=(1_700_000_000_000_000_000, 1_700_000_000_000_000_000))
        stat, read = stat_and_bytes(path)
        assert read == data
        assert (stat.st_size, stat.st_mtime_ns) == (len(data), 1_700_000_000_000_000_000)
    with pytest.raises(FileNotFoundError):
        stat_and_bytes(tmp_path / "gone.csv")
