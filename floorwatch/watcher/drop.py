"""Watch the drop folder: filesystem events are hints, settled file stats are the truth.

Why not trust events: watchfiles has no "file closed" event, renames arrive as unordered
{deleted, added} pairs, and inotify is blind on network shares. So every event only wakes
the loop up; the loop stats the candidate files itself, waits until their size and mtime
have stood still for `settle_seconds`, and rescans every `rescan_seconds` whatever the
watcher says (engineering-notes.md, "watchfiles").
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator
from pathlib import Path

from watchfiles import Change, awatch

from floorwatch.ingest.candidates import is_candidate

#: What the loop compares: each candidate's (size, mtime in ns).
Snapshot = dict[Path, tuple[int, int]]

#: Longest wait before restarting a failed filesystem watcher (a share that went away).
_MAX_BACKOFF_SECONDS = 30.0


def snapshot(folder: Path) -> Snapshot:
    """Stat every candidate export directly in `folder`; a missing folder has none."""
    found: Snapshot = {}
    try:
        entries = list(folder.iterdir())
    except OSError:
        return found
    for entry in entries:
        if not is_candidate(entry):
            continue
        try:
            stat = entry.stat()
        except OSError:  # removed between the listing and the stat
            continue
        if entry.is_file():
            found[entry] = (stat.st_size, stat.st_mtime_ns)
    return found


def changed_paths(before: Snapshot, after: Snapshot) -> frozenset[Path]:
    """Files added, changed or removed between two snapshots."""
    return frozenset(p for p in before.keys() | after.keys() if before.get(p) != after.get(p))


class DropWatcher:
    """Yields the settled changes of a drop folder, one set of paths per change."""

    def __init__(
        self,
        folder: Path,
        *,
        settle_seconds: float = 2.0,
        rescan_seconds: float = 30.0,
        force_polling: bool = False,
        poll_seconds: float = 2.0,
    ) -> None:
        self.folder = folder
        self.settle_seconds = settle_seconds
        self.rescan_seconds = rescan_seconds
        self.force_polling = force_polling
        self.poll_seconds = poll_seconds

    async def changes(self, stop: asyncio.Event) -> AsyncIterator[frozenset[Path]]:
        """Settled changes until `stop` is set. What is there at the start counts as seen."""
        loop = asyncio.get_running_loop()
        hints = asyncio.Event()
        hinter = asyncio.create_task(self._hints(stop, hints))
        published = await asyncio.to_thread(snapshot, self.folder)
        current, since = published, loop.time()
        try:
            while not stop.is_set():
                unsettled = current != published
                # While something moves, re-stat a few times per settle period.
                timeout = self.settle_seconds / 4 if unsettled else self.rescan_seconds
                await _wait_any(hints, stop, timeout)
                hints.clear()
                latest = await asyncio.to_thread(snapshot, self.folder)
                if latest != current:
                    current, since = latest, loop.time()
                elif unsettled and loop.time() - since >= self.settle_seconds:
                    changed = changed_paths(published, current)
                    published = current
                    yield changed
                if hinter.done() and not stop.is_set():
                    hinter = asyncio.create_task(self._hints(stop, hints))
        finally:
            stop.set()  # lets the watcher thread in watchfiles end within a step
            hinter.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await hinter

    async def _hints(self, stop: asyncio.Event, hints: asyncio.Event) -> None:
        """Run watchfiles, restarting it with backoff when the folder is missing or fails."""
        backoff = 1.0
        while not stop.is_set():
            try:
                async for _ in awatch(
                    self.folder,
                    watch_filter=_candidate_filter,
                    stop_event=stop,
                    force_polling=self.force_polling,
                    poll_delay_ms=int(self.poll_seconds * 1000),
                    recursive=False,
                ):
                    hints.set()
                    backoff = 1.0
            except OSError:
                pass  # a missing or unmounted folder: the rescan still runs; retry later
            hints.set()
            await _wait_any(stop, stop, backoff)
            backoff = min(backoff * 2, _MAX_BACKOFF_SECONDS)


def _candidate_filter(_change: Change, path: str) -> bool:
    return is_candidate(Path(path))


async def _wait_any(first: asyncio.Event, second: asyncio.Event, timeout: float) -> None:
    """Wait until either event is set or the timeout passes."""
    waits = [asyncio.create_task(first.wait()), asyncio.create_task(second.wait())]
    try:
        await asyncio.wait(waits, timeout=timeout, return_when=asyncio.FIRST_COMPLETED)
    finally:
        for task in waits:
            task.cancel()
