"""The live simulated floor: exports refreshed on an accelerated clock, as real systems do.

Most refreshes are written to a temp file in the same folder (`NAME.PID.tmp`, a name the
reader ignores) and moved over the old file with `os.replace`; every fourth is rewritten
in place, in two chunks with a short pause between them, so that a reader can catch a
half-written file just as it would on a real share.
"""

from __future__ import annotations

import os
import threading
import time as _time
from collections.abc import Callable
from datetime import date, datetime, time, timedelta
from pathlib import Path

from floorwatch.simulate.contact import is_contact_export
from floorwatch.simulate.files import day_exports
from floorwatch.simulate.people import FloorSpec
from floorwatch.store.files import remove_file, replace_file

#: The exports stop here (the last state is kept); the clock runs on, so that the data
#: is seen to turn stale, as on a real evening.
DAY_END = time(17, 0)
#: The simulated clock stops here.
CLOCK_END = time(23, 59, 59)
#: Every how many refreshes a file is rewritten in place rather than replaced.
IN_PLACE_EVERY = 4
#: The pause inside an in-place rewrite, between its two chunks (wall seconds).
CHUNK_PAUSE = 0.02
#: The longest the run loop waits before looking at `stop` again (wall seconds).
POLL = 0.2


class LiveFloor:
    """A simulated floor whose clock runs `speed` times faster than the wall clock.

    `now()` is the simulated moment (whole seconds, never past 23:59:59 of `day`), the
    moment the demo should judge data age against; `run(stop)` keeps the drop folder's
    dashboard.csv, caseworker_actions.csv and paused_report.csv refreshed every
    `refresh_minutes` of simulated time until 17:00 or until `stop` is set.
    """

    def __init__(
        self,
        folder: Path,
        spec: FloorSpec,
        *,
        day: date,
        start: time = time(8, 30),
        speed: float = 60.0,
        refresh_minutes: float = 5.0,
        clock: Callable[[], float] = _time.monotonic,
    ) -> None:
        if speed <= 0 or refresh_minutes <= 0:
            raise ValueError("speed and refresh_minutes must be positive")
        self.folder = folder
        self.spec = spec
        self.day = day
        self.speed = speed
        self.refresh = timedelta(minutes=refresh_minutes)
        self._clock = clock
        self._wall0 = clock()
        self._start = datetime.combine(day, start)
        self._end = datetime.combine(day, DAY_END)
        self._clock_end = datetime.combine(day, CLOCK_END)
        self.refreshes = 0

    def now(self) -> datetime:
        """The simulated moment: start + elapsed wall time x speed, held at 23:59:59."""
        elapsed = (self._clock() - self._wall0) * self.speed
        moment = self._start + timedelta(seconds=int(elapsed))
        return min(max(moment, self._start), max(self._clock_end, self._start))

    @property
    def finished(self) -> bool:
        """Whether the simulated day's exports have stopped (17:00 reached, or started
        after it)."""
        return self.now() >= self._end

    def export(self, at: datetime) -> list[Path]:
        """Write the three live exports as of `at`; return their paths."""
        self.folder.mkdir(parents=True, exist_ok=True)
        in_place = self.refreshes % IN_PLACE_EVERY == IN_PLACE_EVERY - 1
        self.refreshes += 1
        written = []
        exports = day_exports(self.spec, self.day, at.time())
        for old in self.folder.iterdir():
            # Genesys exports carry their time in the name: each refresh is a new file,
            # and the one it replaces goes, as a person replaces yesterday's download.
            if is_contact_export(old.name) and old.name not in exports:
                remove_file(old)  # still open in a reader (Windows): the next refresh retries
        for name, data in exports.items():
            path = self.folder / name
            if in_place and path.exists():
                _rewrite_in_place(path, data)
            elif not _replace(path, data):
                continue  # held open by a reader past the retries (Windows): next refresh
            written.append(path)
        return written

    def run(
        self,
        stop: threading.Event,
        on_export: Callable[[Path], None] | None = None,
    ) -> None:
        """Refresh the exports until `stop` is set (checked at least every 0.2 s)."""
        due = self.now()
        done = False
        while not stop.is_set():
            now = self.now()
            if not done and now >= due:
                for path in self.export(min(now, max(self._end, self._start))):
                    if on_export is not None:
                        on_export(path)
                done = now >= self._end
                due = min(now + self.refresh, self._end)
            wait = (due - self.now()).total_seconds() / self.speed
            stop.wait(POLL if done else min(POLL, max(wait, 0.005)))


def _replace(path: Path, data: bytes) -> bool:
    """Write `data` to a temp file and move it over `path`; False (the old file stays)
    when Windows refused the move because a reader holds `path` open."""
    temp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    with open(temp, "wb") as f:
        f.write(data)
        f.flush()
        os.fsync(f.fileno())
    try:
        replace_file(temp, path)
    except PermissionError:
        remove_file(temp)
        return False
    return True


def _rewrite_in_place(path: Path, data: bytes) -> None:
    half = len(data) // 2
    with open(path, "wb") as f:
        f.write(data[:half])
        f.flush()
        _time.sleep(CHUNK_PAUSE)
        f.write(data[half:])


def run_live(
    folder: Path,
    spec: FloorSpec,
    *,
    day: date,
    start: time = time(8, 30),
    speed: float = 60.0,
    refresh_minutes: float = 5.0,
    stop: threading.Event | None = None,
    on_export: Callable[[Path], None] | None = None,
) -> None:
    """Keep the drop exports of `day` refreshed on an accelerated clock until `stop` is set.

    `speed` is simulated seconds per wall second; a refresh every `refresh_minutes` of
    simulated time; the day stops advancing at 17:00. Without `stop`, runs until
    interrupted (Ctrl-C).
    """
    LiveFloor(folder, spec, day=day, start=start, speed=speed, refresh_minutes=refresh_minutes).run(
        stop or threading.Event(), on_export
    )
