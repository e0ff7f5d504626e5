"""Guarantee: on a network share, or when file events fail, floorwatch polls by itself.

inotify never reports another machine's writes on SMB/NFS, and the OS watch limit can be
exhausted. Both are injected here: a fake mounts table puts the drop folder on a cifs
share, and a fake `awatch` fails as watchfiles does. In every case the file events are
not used (the fake would notice) and a new export is still seen, by polling.
"""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from floorwatch.watcher import DropWatcher
from floorwatch.watcher import drop as drop_module
from floorwatch.watcher.drop import WatchStatus
from floorwatch.watcher.mounts import Mount, mount_of, needs_polling

SETTLE = 0.1
POLL = 0.2
#: Long enough that only polling (every POLL) can see a file within the test's wait.
RESCAN = 30.0

MOUNTS = r"""sysfs /sys sysfs rw,nosuid,nodev,noexec,relatime 0 0
/dev/sda1 / ext4 rw,relatime 0 0
tmpfs /tmp tmpfs rw,nosuid,nodev 0 0
//fileserver/benefits {share} cifs rw,relatime,vers=3.1.1,cache=strict 0 0
filer:/exports/floor /mnt/nfs\040floor nfs4 rw,relatime,vers=4.2 0 0
"""


def test_the_filesystem_of_a_folder_is_its_longest_mount_point_on_the_mounts_table(
    tmp_path: Path,
) -> None:
    table = tmp_path / "mounts"
    table.write_text(MOUNTS.format(share="/mnt/benefits"))
    assert mount_of(Path("/mnt/benefits/drop"), table) == Mount("/mnt/benefits", "cifs")
    assert mount_of(Path("/mnt/benefits"), table) == Mount("/mnt/benefits", "cifs")
    # A space in a mount point is written \040 by the kernel.
    assert mount_of(Path("/mnt/nfs floor/drop"), table) == Mount("/mnt/nfs floor", "nfs4")
    # A sibling that only shares a name prefix is not on the share.
    assert mount_of(Path("/mnt/benefits-old/drop"), table) == Mount("/", "ext4")
    assert mount_of(Path("/tmp/drop"), table) == Mount("/tmp", "tmpfs")
    assert needs_polling(mount_of(Path("/mnt/benefits/drop"), table))
    assert needs_polling(mount_of(Path("/mnt/nfs floor"), table))
    assert not needs_polling(mount_of(Path("/tmp/drop"), table))
    assert mount_of(Path("/tmp/drop"), tmp_path / "no-such-table") is None  # not Linux


class EventSpy:
    """A stand-in for watchfiles' `awatch`: counts its uses, and fails if told to."""

    def __init__(self, error: BaseException | None = None) -> None:
        self.calls = 0
        self.error = error

    def __call__(self, *_args, stop_event, **_kwargs):
        self.calls += 1
        return self._events(stop_event)

    async def _events(self, stop_event):
        if self.error is not None:
            raise self.error
        await stop_event.wait()  # a share where no event ever arrives
        return
        yield


async def new_file_seen(watcher: DropWatcher, folder: Path) -> list[WatchStatus]:
    """Drop a new export once the watcher runs; return its statuses once it is reported."""
    stop = asyncio.Event()
    seen: list[frozenset[Path]] = []

    async def run() -> None:
        async for paths in watcher.changes(stop):
            seen.append(paths)

    task = asyncio.create_task(run())
    loop = asyncio.get_running_loop()
    deadline = loop.time() + 5.0
    while watcher.status is None or not watcher.status.polling:
        await asyncio.sleep(0.02)  # the first look, and a failed watcher noticed
        assert loop.time() < deadline, f"never polled: {watcher.status}"
    (folder / "dashboard.csv").write_text("A,B\n1,2\n")
    written = loop.time()
    while not seen:
        await asyncio.sleep(0.02)
        # Polling every POLL finds it fast; the rescan or an event would not.
        assert loop.time() - written < 1.5, "the new file was never seen"
    stop.set()
    await asyncio.wait_for(task, 5.0)
    assert seen == [frozenset({folder / "dashboard.csv"})]
    return statuses_of(watcher)


def statuses_of(watcher: DropWatcher) -> list[WatchStatus]:
    return watcher.recorded  # type: ignore[attr-defined]


def watcher_for(folder: Path, **options) -> DropWatcher:
    statuses: list[WatchStatus] = []
    watcher = DropWatcher(
        folder,
        settle_seconds=SETTLE,
        rescan_seconds=RESCAN,
        poll_seconds=POLL,
        on_status=statuses.append,
        **options,
    )
    watcher.recorded = statuses  # type: ignore[attr-defined]
    return watcher


async def test_a_drop_folder_on_an_smb_share_is_polled_and_a_new_file_is_seen(
    tmp_path: Path, monkeypatch
) -> None:
    events = EventSpy()
    monkeypatch.setattr(drop_module, "awatch", events)
    folder = tmp_path / "benefits"
    folder.mkdir()
    table = tmp_path / "mounts"
    table.write_text(MOUNTS.format(share=str(folder)))
    statuses = await new_file_seen(watcher_for(folder, mounts_file=table), folder)
    assert events.calls == 0
    assert statuses[0].present and statuses[0].polling
    assert "cifs" in statuses[0].reason


async def test_force_polling_polls_and_a_new_file_is_seen(tmp_path: Path, monkeypatch) -> None:
    events = EventSpy()
    monkeypatch.setattr(drop_module, "awatch", events)
    statuses = await new_file_seen(watcher_for(tmp_path, force_polling=True), tmp_path)
    assert events.calls == 0
    assert statuses[0].polling and "force_polling" in statuses[0].reason


@pytest.mark.parametrize(
    "failure",
    [
        # What watchfiles raises when max_user_watches is used up (notify's MaxFilesWatch).
        OSError("OS file watch limit reached. (Error { kind: MaxFilesWatch, paths: [] })"),
        # ...and when no inotify instance is left (WatchfilesRustInternalError).
        RuntimeError("Error creating recommended watcher: Too many open files (os error 24)"),
    ],
    ids=["watch-limit", "no-inotify-instance"],
)
async def test_a_failing_file_watch_switches_to_polling_and_a_new_file_is_seen(
    tmp_path: Path, monkeypatch, failure: BaseException
) -> None:
    events = EventSpy(failure)
    monkeypatch.setattr(drop_module, "awatch", events)
    statuses = await new_file_seen(watcher_for(tmp_path), tmp_path)
    assert events.calls == 1  # tried once, then polled
    assert [(s.present, s.polling) for s in statuses] == [(True, False), (True, True)]
    assert str(failure).split(" (")[0] in statuses[-1].reason


async def test_an_unmounted_share_counts_as_a_missing_folder_until_it_is_mounted_again(
    tmp_path: Path,
) -> None:
    folder = tmp_path / "benefits"
    folder.mkdir()
    (folder / "dashboard.csv").write_text("A,B\n1,2\n")
    table = tmp_path / "mounts"
    mounted = MOUNTS.format(share=str(folder))
    table.write_text(mounted)
    watcher = watcher_for(folder, mounts_file=table, retry_seconds=0.05)
    stop = asyncio.Event()
    seen: list[frozenset[Path]] = []

    async def run() -> None:
        async for paths in watcher.changes(stop):
            seen.append(paths)

    async def until(condition) -> None:
        deadline = asyncio.get_running_loop().time() + 5.0
        while not condition():
            assert asyncio.get_running_loop().time() < deadline
            await asyncio.sleep(0.02)

    task = asyncio.create_task(run())
    await until(lambda: watcher.status is not None and watcher.status.present)
    # Unmounted: the empty mount point stays behind, but it is not the drop folder.
    table.write_text(mounted.replace(str(folder), "/mnt/elsewhere"))
    await until(lambda: watcher.status is not None and not watcher.status.present)
    assert watcher.status is not None and watcher.status.reason == "the share is not mounted"
    assert seen == []  # its files did not "disappear": nothing is published
    table.write_text(mounted)
    await until(lambda: bool(seen))
    stop.set()
    await asyncio.wait_for(task, 5.0)
    assert watcher.status.present
    # Back from a share: its files are published again, to refresh what was on screen.
    assert seen == [frozenset({folder / "dashboard.csv"})]
