"""Promise (issue 12, items 1 and 18), in the app: a cut-off export dropped after a good
one is accounted for while it waits, then refused, and the last good export stays live.

The real app (`App.run_test()`) with the real watcher on a simulated floor: the 11:30
dashboard is copied half-way over the 11:00 one. While the watcher holds it back (it
does not look whole), Sources (`e`) names it as waiting; once published, the check
refuses it whole, the header's as-of and the Floor's numbers stay those of 11:00, and the
refused-file notice names the file.
"""

from __future__ import annotations

import os
from datetime import time
from pathlib import Path

from app_helpers import DAY, SPEC, bar_text, build_app, make_floor, settle, wait_for
from screen_text import screen_lines

from floorwatch.screens.floor import FloorScreen
from floorwatch.screens.sources import SourcesScreen
from floorwatch.simulate.files import DASHBOARD_FILE, day_exports

#: How long the watcher holds back a file that does not look whole (60 s in use).
HOLD_SECONDS = 3.0


def cut_mid_record(data: bytes) -> bytes:
    """`data` cut inside a record, two characters into a field, about half-way."""
    cut = data[: len(data) // 2]
    return cut[: cut.rfind(b",") + 3]


def floor_rows(app) -> list[str]:
    """The Floor screen's team lines (the numbers a supervisor reads)."""
    names = [team.team for team in app.teams()]
    return [line for line in screen_lines(app) if any(n in line for n in names)]


async def test_a_cut_off_dashboard_waits_then_is_refused_and_the_good_one_stays_live(
    tmp_path: Path,
) -> None:
    source = make_floor(tmp_path)  # the 11:00 exports
    app = build_app(source, watch=True, incomplete_seconds=HOLD_SECONDS)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(lambda: app.result is not None and app.drop_watcher is not None, pilot)
        await settle(app, pilot)
        assert isinstance(app.screen, FloorScreen)
        as_of, bar, rows = app.result.as_of, bar_text(app), floor_rows(app)
        assert as_of.time() == time(11, 0) and "11:00" in bar and rows
        assert not app._notifications

        # The 11:30 dashboard, copied half-way: a copy that stalled (written long ago,
        # so the check, once it reads it, judges the bytes and not their age).
        whole = day_exports(SPEC, DAY, time(11, 30))[DASHBOARD_FILE]
        path = tmp_path / DASHBOARD_FILE
        path.write_bytes(cut_mid_record(whole))
        then = path.stat().st_mtime - 600
        os.utime(path, (then, then))

        # Held back, not read: Sources says so rather than "nothing refused" alone.
        await wait_for(lambda: path in app.drop_watcher.waiting, pilot)
        await pilot.press("e")
        await pilot.pause()
        assert isinstance(app.screen, SourcesScreen)
        text = "\n".join(screen_lines(app))
        waiting = "1 file changed, not read yet (still being written, or not looking whole)"
        assert f"{waiting}: {DASHBOARD_FILE}" in text
        await pilot.press("escape")

        # Published after the hold: refused whole, named in a notice.
        await wait_for(lambda: bool(app._notifications), pilot, timeout=HOLD_SECONDS + 15)
        await settle(app, pilot)
        [notice] = list(app._notifications)
        assert notice.title == "File refused"
        assert DASHBOARD_FILE in notice.message and "cut off: the last line has" in notice.message
        refused = [e for e in app.result.errors if e.file == DASHBOARD_FILE]
        assert len(refused) == 1 and refused[0].line is None
        # The last good export stays live: the as-of, the header and the Floor's numbers.
        assert app.result.as_of == as_of
        await pilot.pause()
        assert isinstance(app.screen, FloorScreen)
        assert floor_rows(app) == rows
        assert bar_text(app).replace("⚠ 1 refused (e) · ", "") == bar
        assert "⚠ 1 refused (e)" in bar_text(app)
