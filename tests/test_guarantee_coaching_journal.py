"""The coaching journal survives being killed: writer processes killed with SIGKILL at
random moments leave a journal that reads, holds every entry whose write finished, and
no partial one. Real processes, real files."""

from __future__ import annotations

import random
import signal
import subprocess
import sys
import time
from pathlib import Path

from floorwatch.coaching.journal import KINDS, Journal

#: Writes follow-ups with a long note (so kills land mid-write too), logging each finished id.
WRITER = """
import sys
from datetime import datetime
from pathlib import Path
from floorwatch.coaching.desk import CoachingDesk
data, log = Path(sys.argv[1]), Path(sys.argv[2])
desk = CoachingDesk(data, None, by="w", clock=lambda: datetime(2026, 11, 23, 10))
print("ready", flush=True)
with log.open("a") as out:
    while True:
        entry = desk.record_followup("W1", [("IDLE_NOW", "")], "PIP", "x" * 200_000)
        out.write(entry.id + "\\n")
        out.flush()
"""


def _kill_writers(script: str, data: Path, log: Path, seed: int, times: int, longest: float):
    """Start the writer `times` times and SIGKILL it at a random moment each time."""
    rng = random.Random(seed)
    for _ in range(times):
        writer = subprocess.Popen(
            [sys.executable, "-c", script, data, log],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        assert writer.stdout.readline() == "ready\n", writer.stderr.read()
        time.sleep(rng.uniform(0.05, longest))
        assert writer.poll() is None, writer.stderr.read()  # still writing: no crash
        writer.send_signal(signal.SIGKILL)
        writer.wait(timeout=10)
        writer.stdout.close()
        writer.stderr.close()


def test_a_journal_killed_at_random_moments_keeps_every_finished_entry(tmp_path: Path) -> None:
    data, log = tmp_path / "data", tmp_path / "finished.log"
    _kill_writers(WRITER, data, log, seed=5, times=8, longest=0.3)

    finished = {line for line in log.read_text().split("\n") if line}
    assert len(finished) >= 8  # the writers got far enough for the test to mean something
    entries = Journal(data).entries()  # raises on a partial entry
    assert {e.id for e in entries} >= finished
    assert all(len(e.data["note"]) == 200_000 for e in entries)


#: Writes an entry of every kind in turn (the procedure's new ones too) through the same
#: journal, each with a long payload, logging each finished id.
EVERY_KIND = """
import sys
from datetime import datetime
from pathlib import Path
from floorwatch.coaching.journal import KINDS, Journal, new_entry
data, log = Path(sys.argv[1]), Path(sys.argv[2])
journal = Journal(data)
at = datetime(2026, 11, 23, 10)
print("ready", flush=True)
with log.open("a") as out:
    while True:
        for kind in KINDS:
            entry = journal.add(new_entry(kind, at, "w", {"note": "x" * 200_000}))
            out.write(entry.id + "\\n")
            out.flush()
"""


def test_every_record_kind_survives_a_kill_like_the_first_ones(tmp_path: Path) -> None:
    data, log = tmp_path / "data", tmp_path / "finished.log"
    _kill_writers(EVERY_KIND, data, log, seed=11, times=6, longest=0.4)

    finished = {line for line in log.read_text().split("\n") if line}
    journal = Journal(data)
    entries = journal.entries()
    assert journal.errors == []  # no partial entry is taken for a broken one
    assert {e.id for e in entries} >= finished
    # The writers got through every kind, new ones included.
    assert {e.kind for e in entries} == set(KINDS)
    assert all(len(e.data["note"]) == 200_000 for e in entries)
