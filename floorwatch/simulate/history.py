"""Earlier weeks of a simulated floor, put straight into the history store.

`floorwatch simulate DIR --weeks N` and `floorwatch demo` use it so that the Performance
screen has previous periods and trend lines from the first second. Each working day's
end-of-day exports go through the real ingest (`load_export_bytes`) into the store, as if
the app had watched them land; no drop folder is written and no check is run (a check
per day would cost seconds), so it takes ~30 ms a day for a demo-sized floor.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from datetime import date, datetime, timedelta
from pathlib import Path

from floorwatch.ingest import LoadedExport, load_export_bytes
from floorwatch.settings import Config
from floorwatch.simulate.files import END_OF_DAY, day_exports
from floorwatch.simulate.people import FloorSpec
from floorwatch.store import HistoryStore


def weeks_before(day: date, weeks: int) -> list[date]:
    """The working days of the `weeks` calendar weeks before `day`'s week, and of its
    own week before `day`, oldest first."""
    monday = day - timedelta(days=day.weekday())
    first = monday - timedelta(weeks=weeks)
    span = (day - first).days
    days = (first + timedelta(days=i) for i in range(span))
    return [d for d in days if d.weekday() < 5]


def fill_history(
    data_dir: Path,
    spec: FloorSpec,
    config: Config,
    days: Sequence[date],
    stop: threading.Event | None = None,
) -> list[LoadedExport]:
    """Store each day's end-of-day dashboard, Caseworker Actions and Paused exports
    (until `stop` is set: the demo's folder is about to be deleted)."""
    store = HistoryStore(data_dir)
    store.open_for_writing()
    stored: list[LoadedExport] = []
    for day in days:
        if stop is not None and stop.is_set():
            break
        mtime = datetime.combine(day, END_OF_DAY)
        for name, data in day_exports(spec, day, END_OF_DAY).items():
            loaded = load_export_bytes(name, data, config.columns, mtime)
            if isinstance(loaded, LoadedExport) and store.add_export(loaded):
                stored.append(loaded)
    return stored
