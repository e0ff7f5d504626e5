"""How the app feels on a big floor: first screen, refresh-to-screen, key-to-screen.

    python benchmarks/tui_latency.py [--teams 170] [--size 12] [--repeat 5]

Runs the real app headless (`App.run_test`) on a simulated floor of teams x size
caseworkers, with the real drop-folder watcher, and reports medians:
- start to first screen with data;
- key to screen: cursor moves, opening a team / a caseworker, going back;
- refresh: from a new export complete on disk to the new as-of on screen (the watcher's
  settle time, 0.5 s here, included), and from the watcher's "settled" to the screen,
  with no key pressed and with keys pressed throughout;
- the slowest key press while a refresh is being computed.
Targets (issue 3): first screen < 2 s, refresh visible < 1 s after the file is complete,
key response < 100 ms.

Three clocks for a key:
- "readable": from the key reaching the app to the frame by which everything that
  identifies the new screen has been painted: its breadcrumbs, its first row and its
  footer keys (read back from the escape sequences a terminal would be sent). This is
  what a user waits for before reading on.
- "frame": to the last frame the key caused (the headless driver skips the terminal
  write, so each frame also builds the escape sequences here, as a terminal would).
  After a screen switch Textual paints a few more frames that only touch the scrollbar
  or the clock line; they count here.
- "Pilot": `pilot.press(key)` then `pilot.pause()`, as tests do. Pilot sleeps at least
  three times 20 ms, and waits until the whole process is idle for up to 1 s per wait:
  a check computing in a thread keeps it waiting although the screen has answered. Kept
  for comparison with earlier figures; it is not a key-response time.
"""

from __future__ import annotations

import argparse
import asyncio
import re
import statistics
import tempfile
import time as clock
from collections.abc import Callable
from datetime import date, datetime, time
from pathlib import Path

from textual import events
from textual.message import Message
from textual.pilot import Pilot

from floorwatch.app import FloorwatchApp
from floorwatch.live import FloorSource
from floorwatch.messages import DropChanged
from floorwatch.screens.caseworker import CaseworkerScreen
from floorwatch.screens.floor import FloorScreen
from floorwatch.screens.team import TeamScreen, outlier_rank
from floorwatch.settings import load_config
from floorwatch.simulate import FloorSpec, write_config, write_day
from floorwatch.widgets.as_of_bar import team_crumb
from floorwatch.widgets.keyed_table import KeyedTable

DAY = date(2026, 11, 23)
#: A frame counts as the last one a key caused once no other follows for this long.
QUIET = 0.05
KEY_CHARS = {"enter": "\r", "escape": "\x1b"}
#: Escape sequences in what a terminal is sent (styles, cursor moves).
ESCAPES = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")


def ms(seconds: list[float]) -> str:
    return f"median {1000 * statistics.median(seconds):4.0f} ms (max {1000 * max(seconds):.0f})"


class Frames:
    """Timestamps of the frames the app paints (hooks the app's display call)."""

    def __init__(self, app: FloorwatchApp) -> None:
        self.app = app
        self.times: list[float] = []
        #: The text each frame painted (escape sequences removed), with its time.
        self.painted: list[tuple[float, str]] = []
        #: Frames painted while `awaited()` held (a key's effect was on screen).
        self.showing: list[float] = []
        self.awaited: Callable[[], bool] = lambda: False
        display = app._display  # private, but the one place every frame goes through

        def counted(screen, renderable) -> None:
            if renderable is not None and not app._batch_count:
                text = ""
                if hasattr(renderable, "render_segments"):  # what a terminal would be sent
                    text = ESCAPES.sub("", renderable.render_segments(app.console))
                self.times.append(clock.perf_counter())
                self.painted.append((self.times[-1], text))
                if self.awaited():
                    self.showing.append(self.times[-1])
            display(screen, renderable)

        app._display = counted  # type: ignore[method-assign]

    def pending(self) -> bool:
        """Whether the current screen has changes not painted yet."""
        screen = self.app.screen
        return bool(screen._dirty_widgets or screen._layout_required or screen._repaint_required)

    async def readable(self, name: str, markers: list[str]) -> tuple[float, float]:
        """(readable, last frame): seconds from `name` reaching the app to the frame by
        which every marker has been painted, and to the last frame before quiet."""
        app = self.app
        assert app._driver is not None
        first = len(self.painted)
        sent = clock.perf_counter()
        app._driver.send_message(events.Key(name, KEY_CHARS.get(name)))
        while True:
            await asyncio.sleep(0.002)
            if clock.perf_counter() - sent > 10:
                raise TimeoutError(f"{name}: never painted {markers}")
            last = self.times[-1] if self.times else sent
            if last > sent and not self.pending() and clock.perf_counter() - last > QUIET:
                break
        missing = set(markers)
        for when, text in self.painted[first:]:
            missing = {m for m in missing if m not in text}
            if not missing:
                return when - sent, last - sent
        raise AssertionError(f"{name}: {missing} never painted")

    async def key(self, name: str, done: Callable[[], bool], *, settled: bool = True) -> float:
        """Seconds from `name` reaching the app to the frame showing `done()`.

        settled: to the last frame before the screen goes quiet (a screen switch paints
        in several steps); else to the first frame after `done()` holds (a cursor move).
        """
        app = self.app
        assert app._driver is not None
        self.showing.clear()
        self.awaited = done
        sent = clock.perf_counter()
        app._driver.send_message(events.Key(name, KEY_CHARS.get(name)))
        try:
            while True:
                await asyncio.sleep(0.002)
                if clock.perf_counter() - sent > 10:
                    raise TimeoutError(f"{name}: the screen never changed")
                if not self.showing:
                    continue
                if not settled:
                    return self.showing[0] - sent
                last = self.times[-1]
                if not self.pending() and clock.perf_counter() - last > QUIET:
                    return last - sent
        finally:
            self.awaited = lambda: False


def cursor_moved(app: FloorwatchApp) -> Callable[[], bool]:
    table = app.screen.query_one(KeyedTable)
    row = table.cursor_row
    return lambda: table.cursor_row != row


def team_markers(app: FloorwatchApp) -> list[str]:
    """What identifies a team's screen: on the floor, the team under the cursor; on a
    caseworker's screen, the team it belongs to (as going back shows it)."""
    assert app.result is not None
    screen = app.screen
    if isinstance(screen, FloorScreen):
        team = screen.query_one(KeyedTable).cursor_key
    else:
        team = app.get_screen("team").team  # type: ignore[attr-defined]
    members = sorted((w for w in app.result.workers if w.team == team), key=outlier_rank)
    summary = f"{team} · supervisor"  # the line above the table, stale if not redrawn
    # The crumb as the bar says it ("Team 5", not "Team Team 5"); the footer's "a Follow
    # up" is the Team screen's own (the floor's footer has no such key).
    name = members[0].name or members[0].worker_id
    return [team_crumb(team), summary, name, "Follow up"]


def caseworker_markers(app: FloorwatchApp) -> list[str]:
    """What identifies the drilldown of the caseworker under the cursor."""
    assert app.result is not None
    worker_id = app.screen.query_one(KeyedTable).cursor_key
    worker = next(w for w in app.result.workers if w.worker_id == worker_id)
    return [f"› {worker.name}", f"{worker.name} ({worker_id})", "Follow-ups and coaching"]


def floor_markers(app: FloorwatchApp) -> list[str]:
    """What identifies the floor screen: its footer key and the first team."""
    assert app.result is not None
    return ["Open team", app.result.teams[0].team]


async def measure(teams: int, size: int, repeat: int) -> None:
    folder = Path(tempfile.mkdtemp())
    spec = FloorSpec(seed=7, teams=teams, size=size)
    config = load_config(write_config(folder, spec, today=DAY))
    write_day(folder, spec, DAY, until=time(10, 0))
    source = FloorSource(config, folder, folder / "history", by="bench")
    app = FloorwatchApp(
        source,
        clock=lambda: datetime.combine(DAY, time(10, 5)),
        watch=True,
        settle_seconds=0.5,
        rescan_seconds=1.0,
        tick_seconds=3600.0,
    )
    settled_at: list[float] = []

    def hook(message: Message) -> None:
        if isinstance(message, DropChanged):
            settled_at.append(clock.perf_counter())

    started = clock.perf_counter()
    async with app.run_test(size=(160, 50), message_hook=hook) as pilot:
        frames = Frames(app)
        while app.result is None:
            await pilot.pause(0.01)
        await pilot.pause()
        first = clock.perf_counter() - started
        print(f"floor: {len(app.result.workers)} caseworkers in {len(app.result.teams)} teams")
        print(f"start to first screen with data: {first:.2f} s")
        await key_figures(app, pilot, frames, repeat)
        await refresh_figures(app, pilot, frames, repeat, folder, spec, settled_at)


async def key_figures(app: FloorwatchApp, pilot: Pilot, frames: Frames, repeat: int) -> None:
    async def pilot_key(*keys: str) -> float:
        t = clock.perf_counter()
        await pilot.press(*keys)
        await pilot.pause()
        return clock.perf_counter() - t

    on = {"team": TeamScreen, "caseworker": CaseworkerScreen, "floor": FloorScreen}

    def shown(name: str) -> Callable[[], bool]:
        return lambda: isinstance(app.screen, on[name])

    pauses = []
    for _ in range(repeat):
        t = clock.perf_counter()
        await pilot.pause()
        pauses.append(clock.perf_counter() - t)
    moves, opens, backs, drills = [], [], [], []
    f_moves, f_opens, f_backs, f_drills = [], [], [], []
    for _ in range(repeat):
        opens.append(await pilot_key("enter"))  # floor -> team
        moves.append(await pilot_key("down"))
        drills.append(await pilot_key("enter"))  # team -> caseworker
        backs.append(await pilot_key("escape"))
        backs.append(await pilot_key("escape"))
        moves.append(await pilot_key("down"))
    for _ in range(repeat):
        f_opens.append(await frames.key("enter", shown("team")))
        f_moves.append(await frames.key("down", cursor_moved(app), settled=False))
        f_drills.append(await frames.key("enter", shown("caseworker")))
        f_backs.append(await frames.key("escape", shown("team")))
        f_backs.append(await frames.key("escape", shown("floor")))
        f_moves.append(await frames.key("down", cursor_moved(app), settled=False))
    r_opens, r_drills, r_backs = [], [], []
    l_opens, l_drills, l_backs = [], [], []
    for _ in range(repeat):
        readable, last = await frames.readable("enter", team_markers(app))
        r_opens.append(readable)
        l_opens.append(last)
        readable, last = await frames.readable("enter", caseworker_markers(app))
        r_drills.append(readable)
        l_drills.append(last)
        for markers in (team_markers(app), floor_markers(app)):
            readable, last = await frames.readable("escape", markers)
            r_backs.append(readable)
            l_backs.append(last)
        await frames.key("down", cursor_moved(app), settled=False)
    print("key to a readable screen         readable                     | last frame")
    print(f"open a team                      {ms(r_opens)} | {ms(l_opens)}")
    print(f"open a caseworker                {ms(r_drills)} | {ms(l_drills)}")
    print(f"back (escape)                    {ms(r_backs)} | {ms(l_backs)}")
    print(f"Pilot pause() alone              {ms(pauses)}")
    print("key to screen                    frame                        | Pilot")
    print(f"cursor move                      {ms(f_moves)} | {ms(moves)}")
    print(f"open a team                      {ms(f_opens)} | {ms(opens)}")
    print(f"open a caseworker                {ms(f_drills)} | {ms(drills)}")
    print(f"back (escape)                    {ms(f_backs)} | {ms(backs)}")


async def refresh_figures(
    app: FloorwatchApp,
    pilot: Pilot,
    frames: Frames,
    repeat: int,
    folder: Path,
    spec: FloorSpec,
    settled_at: list[float],
) -> None:
    assert app.result is not None
    await pilot.pause(1.0)
    complete, settled, worst, pilot_worst = [], [], [], []
    quiet_complete, quiet_settled = [], []
    for i in range(repeat * 3):
        until = time(10 + (30 + 3 * i) // 60, (30 + 3 * i) % 60)
        mode = ("quiet", "frame", "pilot")[i % 3]  # no keys, or keys timed one way or other
        settled_at.clear()
        write_day(folder, spec, DAY, until=until)
        written = clock.perf_counter()
        slowest = 0.0
        while app.result.as_of.time() != until:
            if mode == "quiet":
                await asyncio.sleep(0.002)
            elif mode == "pilot":
                t = clock.perf_counter()
                await pilot.press("down")
                await pilot.pause()
                slowest = max(slowest, clock.perf_counter() - t)
            else:
                step = "up" if app.screen.query_one(KeyedTable).cursor_row else "down"
                slowest = max(slowest, await frames.key(step, cursor_moved(app), settled=False))
                await asyncio.sleep(0.02)  # a fast typist: 50 keys a second
        changed = clock.perf_counter()
        while not [t for t in frames.times if t >= changed] or frames.pending():
            await asyncio.sleep(0.002)
        painted = next(t for t in frames.times if t >= changed)
        (quiet_complete if mode == "quiet" else complete).append(painted - written)
        (quiet_settled if mode == "quiet" else settled).append(painted - settled_at[0])
        if mode != "quiet":
            (pilot_worst if mode == "pilot" else worst).append(slowest)
        await pilot.pause(0.3)
    print("refresh                          no key pressed               | 50 keys/s")
    print(f"file complete -> frame           {ms(quiet_complete)} | {ms(complete)}")
    print(f"settled -> frame                 {ms(quiet_settled)} | {ms(settled)}")
    print(f"slowest key during a refresh     {ms(worst)} | Pilot {ms(pilot_worst)}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--teams", type=int, default=170)
    parser.add_argument("--size", type=int, default=12)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    asyncio.run(measure(args.teams, args.size, args.repeat))


if __name__ == "__main__":
    main()
