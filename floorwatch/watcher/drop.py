"""Watch the drop folder: filesystem events are hints, settled and complete files are the truth.

Why not trust events: watchfiles has no "file closed" event, renames arrive as unordered
{deleted, added} pairs, and inotify is blind on network shares. So every event only wakes
the loop up; the loop stats the candidate files itself, waits until their size and mtime
have stood still for `settle_seconds`, then reads the changed files once to check they
look whole (`complete.py`: a writer may pause mid-line longer than the settle time), and
rescans every `rescan_seconds` whatever the watcher says (engineering-notes.md,
"watchfiles").

It also keeps going when the ground moves: a folder missing at the start or vanishing
later (an unmounted share) is looked for again with backoff, and a share that gives no
file events, or a watcher that fails (the OS watch limit), is polled instead. Each such
turn is reported through `on_status`, so the app can say so on screen.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
from collections.abc import AsyncIterator, Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from stat import S_ISREG

from watchfiles import Change, awatch

from floorwatch.ingest.candidates import is_candidate, is_candidate_name
from floorwatch.ingest.complete import STILL_WRITING_SECONDS, looks_complete, read_if_still
from floorwatch.watcher.mounts import MOUNTS_FILE, Mount, mount_of, needs_polling

#: What the loop compares: each candidate's (size, mtime in ns).
Snapshot = dict[Path, tuple[int, int]]

#: Longest wait between looks for a missing drop folder.
_MAX_RETRY_SECONDS = 10.0
#: With file events, still look at the folder this often: an unmounted share, or a folder
#: deleted under the watcher, sends no event at all.
_LOOK_SECONDS = 2.0


@dataclass(frozen=True)
class WatchStatus:
    """How the watcher sees the drop folder right now."""

    folder: Path
    #: False while the folder is missing (or its share is not mounted).
    present: bool
    #: True when the folder is polled rather than watched through file events.
    polling: bool = False
    #: Why: the missing folder's error, or why polling was chosen.
    reason: str = ""
    #: While missing: seconds until the next look.
    retry_seconds: float | None = None


def snapshot(folder: Path) -> Snapshot:
    """Stat every candidate export directly in `folder`; a missing folder has none."""
    return _snapshot(folder) or {}


def _snapshot(folder: Path) -> Snapshot | None:
    """Like `snapshot`, but None when the folder itself cannot be listed.

    `os.scandir`: on Windows its entries carry their stat from the listing itself, and
    everywhere one stat per file is enough (a folder of 100,000 files is looked at every
    few seconds).
    """
    found: Snapshot = {}
    try:
        with os.scandir(folder) as listing:
            entries = list(listing)
    except OSError:
        return None
    for entry in entries:
        # The name decides first: lock and temp files are never even stat-ed, let alone read.
        if not is_candidate_name(entry.name):
            continue
        try:
            stat = entry.stat()  # follows a symlink to its file, as is_file() would
        except OSError:  # removed between the listing and the stat
            continue
        if S_ISREG(stat.st_mode):
            found[Path(entry.path)] = (stat.st_size, stat.st_mtime_ns)
    return found


def changed_paths(before: Snapshot, after: Snapshot) -> frozenset[Path]:
    """Files added, changed or removed between two snapshots."""
    return frozenset(p for p in before.keys() | after.keys() if before.get(p) != after.get(p))


@dataclass(frozen=True)
class _Look:
    """One look at the folder: its identity, mount and candidate files."""

    identity: tuple[int, int]
    mount: Mount | None
    files: Snapshot


@dataclass
class _LoopState:
    """What the watch loop carries from one look at the folder to the next."""

    #: When the current files were first seen as they are (loop time).
    since: float
    #: The current wait before looking again for a missing folder (doubles up to a cap).
    retry: float
    #: Set by the event watcher on any file event: it only wakes the loop up.
    hints: asyncio.Event = field(default_factory=asyncio.Event)
    hint_stop: asyncio.Event = field(default_factory=asyncio.Event)
    #: The running event watcher; None while polling (or the folder is missing).
    hinter: asyncio.Task[None] | None = None
    #: The files as last published (None before the first look).
    published: Snapshot | None = None
    #: The files as last seen, settling since `since`.
    current: Snapshot = field(default_factory=dict)
    #: The folder as last seen (None while missing).
    seen: _Look | None = None

    async def stop_hinter(self) -> None:
        """Stop the event watcher, if one runs."""
        if self.hinter is not None:
            await _stop_hinter(self.hinter, self.hint_stop)
            self.hinter = None


class DropWatcher:
    """Yields the settled, complete changes of a drop folder, one set of paths per change."""

    def __init__(
        self,
        folder: Path,
        *,
        settle_seconds: float = 2.0,
        rescan_seconds: float = 30.0,
        force_polling: bool = False,
        poll_seconds: float = 2.0,
        incomplete_seconds: float = STILL_WRITING_SECONDS,
        retry_seconds: float = 1.0,
        mounts_file: Path = MOUNTS_FILE,
        on_status: Callable[[WatchStatus], None] | None = None,
    ) -> None:
        self.folder = folder
        self.settle_seconds = settle_seconds
        self.rescan_seconds = rescan_seconds
        self.force_polling = force_polling
        self.poll_seconds = poll_seconds
        #: A settled file that still looks cut off is published after this long anyway,
        #: so that ingest can report it (binary garbage named .csv never "completes").
        self.incomplete_seconds = incomplete_seconds
        self.retry_seconds = retry_seconds
        self.mounts_file = mounts_file
        self.on_status = on_status
        #: The latest status reported (None before the first look).
        self.status: WatchStatus | None = None
        # A failed event watcher leaves its reason here; the loop then polls.
        self._watch_failure = ""
        # The network share the folder was first found on: when the mounts table no longer
        # shows it there, the share is unmounted (its empty mount point is not the folder).
        self._share: Mount | None = None
        # (size, mtime) -> verdict of the content check, so an unchanged file is read once.
        self._verdicts: dict[Path, tuple[tuple[int, int], bool]] = {}
        #: The files changed and not yet published: still settling, or settled but not
        #: looking whole yet. A screen shows them as waiting, so that no file is silently
        #: pending (a file the next check will refuse is visible before it is read).
        self.waiting: frozenset[Path] = frozenset()

    async def changes(self, stop: asyncio.Event) -> AsyncIterator[frozenset[Path]]:
        """Settled changes until `stop` is set. What is there at the start counts as seen.

        A folder missing at the start, or one that comes back after vanishing, has all its
        files published once they settle: whatever was shown meanwhile must be refreshed.
        """
        state = _LoopState(since=asyncio.get_running_loop().time(), retry=self.retry_seconds)
        try:
            while not stop.is_set():
                look = await asyncio.to_thread(self._look)
                if look is None:  # missing, unreadable, or its share went away
                    await self._folder_missing(state, stop)
                    continue
                if state.seen is None or look.identity != state.seen.identity:
                    await self._folder_found(state, look)
                state.seen = look
                if state.hinter is not None and state.hinter.done() and not stop.is_set():
                    state.hinter = None  # the event watcher failed: poll from now on
                    self._report(WatchStatus(self.folder, True, True, self._watch_failure))
                changed = await self._settle(state, look.files)
                if changed is not None:
                    yield changed
                unsettled = state.current != state.published
                await _wait_any(state.hints, stop, self._timeout(unsettled, state.hinter is None))
                state.hints.clear()
        finally:
            stop.set()  # lets the watcher thread in watchfiles end within a step
            await state.stop_hinter()

    async def _folder_missing(self, state: _LoopState, stop: asyncio.Event) -> None:
        """The folder is not there to be read: say so, and wait (backing off) to look again."""
        await state.stop_hinter()
        if state.published is None or state.seen is not None:
            state.published = {}  # everything there on return is news
        state.seen, state.current = None, {}
        wait = min(state.retry, self.rescan_seconds, _MAX_RETRY_SECONDS)
        self._report(
            WatchStatus(self.folder, False, reason=self._missing_reason(), retry_seconds=wait)
        )
        await _wait_any(stop, stop, wait)
        state.retry = min(state.retry * 2, _MAX_RETRY_SECONDS)

    async def _folder_found(self, state: _LoopState, look: _Look) -> None:
        """First sight, a return, or another folder now at the path: watch it afresh.

        Its old inotify watch (if any) points at the wrong directory.
        """
        await state.stop_hinter()
        state.retry = self.retry_seconds
        self._watch_failure = ""
        polling, reason = self._polling(look.mount)
        if not polling:
            state.hint_stop = asyncio.Event()
            state.hinter = asyncio.create_task(self._hints(state.hint_stop, state.hints))
        self._report(WatchStatus(self.folder, True, polling, reason))
        if state.published is None:
            state.published = look.files
        state.current, state.since = look.files, asyncio.get_running_loop().time()

    async def _settle(self, state: _LoopState, latest: Snapshot) -> frozenset[Path] | None:
        """The change to publish now, if the files have stood still and look whole.

        Files that moved since the last look restart the settle clock; settled files that
        still look cut off are held back until `incomplete_seconds` have passed.
        """
        now = asyncio.get_running_loop().time
        published = state.published
        assert published is not None
        self.waiting = frozenset(p for p in changed_paths(published, latest) if p in latest)
        if latest != state.current:
            state.current, state.since = latest, now()
            return None
        if state.current == published or now() - state.since < self.settle_seconds:
            return None
        changed = changed_paths(published, state.current)
        there = [p for p in changed if p in state.current]
        unfinished = await asyncio.to_thread(self._unfinished, there, state.current)
        if unfinished and now() - state.since < self.incomplete_seconds:
            return None
        state.published = state.current
        self.waiting = frozenset()
        return changed

    def _timeout(self, unsettled: bool, polling: bool) -> float:
        """How long to wait for a hint before looking again."""
        if unsettled:  # while something moves, re-stat a few times per settle period
            return self.settle_seconds / 4
        idle = min(self.rescan_seconds, _LOOK_SECONDS)
        return min(idle, self.poll_seconds) if polling else idle

    def _look(self) -> _Look | None:
        """Stat the folder and its candidates; None when it is not there to be read."""
        try:
            stat = os.stat(self.folder)
        except OSError:
            return None
        mount = mount_of(self.folder, self.mounts_file)
        if self._share is None and needs_polling(mount):
            self._share = mount
        elif self._share is not None and mount != self._share:
            return None
        files = _snapshot(self.folder)
        if files is None:
            return None
        return _Look((stat.st_dev, stat.st_ino), mount, files)

    def _missing_reason(self) -> str:
        try:
            os.stat(self.folder)
        except OSError as exc:
            return exc.strerror or str(exc)
        return "the share is not mounted"

    def _polling(self, mount: Mount | None) -> tuple[bool, str]:
        """Whether to poll this folder, and why."""
        if self.force_polling:
            return True, "polling as configured (force_polling)"
        if needs_polling(mount):
            assert mount is not None
            return True, f"polling: {mount.fstype} shares send no file events"
        return False, ""

    def _unfinished(self, paths: Iterable[Path], files: Snapshot) -> set[Path]:
        """The settled files whose bytes do not look whole yet (or moved while read)."""
        unfinished: set[Path] = set()
        for path in paths:
            key = files[path]
            known = self._verdicts.get(path)
            if known is not None and known[0] == key:
                complete = known[1]
            else:
                try:
                    data = read_if_still(path, key)
                except OSError:
                    # Unreadable or gone: ingest reports it, or the next look drops it.
                    continue
                if data is None:  # written to while we read: look again later
                    unfinished.add(path)
                    continue
                complete = looks_complete(path.name, data)
                self._verdicts[path] = (key, complete)
            if not complete:
                unfinished.add(path)
        for gone in self._verdicts.keys() - files.keys():
            del self._verdicts[gone]
        return unfinished

    def _report(self, status: WatchStatus) -> None:
        if status == self.status:
            return
        self.status = status
        if self.on_status is not None:
            self.on_status(status)

    async def _hints(self, stop: asyncio.Event, hints: asyncio.Event) -> None:
        """Run watchfiles until stopped; a failure is left in `_watch_failure` for the loop."""
        try:
            async for _ in awatch(
                self.folder,
                watch_filter=_candidate_filter,
                stop_event=stop,
                recursive=False,
            ):
                hints.set()
        except FileNotFoundError:
            # The folder went away as the watch started: the next look reports it.
            self._watch_failure = "polling: the folder vanished while being watched"
        except (OSError, RuntimeError) as exc:
            # "OS file watch limit reached" (max_user_watches) is an OSError; no inotify
            # instance left (max_user_instances) is watchfiles' WatchfilesRustInternalError,
            # a RuntimeError. Polling needs neither.
            self._watch_failure = f"polling: file events failed ({exc})"
        else:
            if not stop.is_set():
                self._watch_failure = "polling: the file event watcher ended"
        hints.set()


def _candidate_filter(_change: Change, path: str) -> bool:
    return is_candidate(Path(path))


async def _stop_hinter(hinter: asyncio.Task[None], hint_stop: asyncio.Event) -> None:
    hint_stop.set()
    hinter.cancel()
    with contextlib.suppress(asyncio.CancelledError):
        await hinter


async def _wait_any(first: asyncio.Event, second: asyncio.Event, timeout: float) -> None:
    """Wait until either event is set or the timeout passes."""
    waits = [asyncio.create_task(first.wait()), asyncio.create_task(second.wait())]
    try:
        await asyncio.wait(waits, timeout=timeout, return_when=asyncio.FIRST_COMPLETED)
    finally:
        for task in waits:
            task.cancel()
