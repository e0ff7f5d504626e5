"""Which refused files the supervisor has been told about, and which they have not looked at.

A refused file keeps the last good data on screen, so without a word it would go unseen:
each new refusal raises one notification, and the header counts the refused files until
the Sources screen (`e`) has been opened. The refusals come from the check result's
`errors` (and a failed check's); a later kind of notice (unused files, files still being
written) adds its own list to `current` the same way.
"""

from __future__ import annotations

from collections.abc import Iterable

from floorwatch.ingest.model import LoadError


class RefusalNotices:
    """New refusals to announce, and the refused files not yet looked at."""

    def __init__(self) -> None:
        self._announced: set[LoadError] = set()
        self._unread: set[str] = set()

    def update(self, current: Iterable[LoadError]) -> list[LoadError]:
        """Take the refusals of the newest check; return those never announced, in order.

        A refusal that went away (the file was fixed or removed) is forgotten, so the
        same trouble coming back is announced again.
        """
        current = list(dict.fromkeys(current))
        new = [e for e in current if e not in self._announced]
        self._announced = set(current)
        self._unread = {f for f in self._unread if any(e.file == f for e in current)}
        self._unread.update(e.file for e in new)
        return new

    @property
    def unread_files(self) -> int:
        """How many refused files have not been looked at on the Sources screen."""
        return len(self._unread)

    def mark_read(self) -> None:
        """The Sources screen was opened: the count goes."""
        self._unread.clear()


def notice_lines(new: list[LoadError], limit: int = 3) -> str:
    """The notification's text: each refused file with its reason (rows counted per file)."""
    by_file: dict[str, list[LoadError]] = {}
    for error in new:
        by_file.setdefault(error.file, []).append(error)
    lines = []
    for file, errors in list(by_file.items())[:limit]:
        rows = [e for e in errors if e.line is not None]
        if len(rows) < len(errors):  # the file itself was refused
            whole = next(e for e in errors if e.line is None)
            lines.append(f"{file}: {whole.error}")
        elif len(rows) == 1:
            lines.append(str(rows[0]))
        else:
            lines.append(f"{file}: {len(rows)} rows refused, first {rows[0]}")
    if len(by_file) > limit:
        lines.append(f"… and {len(by_file) - limit} more files")
    lines.append("See Sources (e).")
    return "\n".join(lines)
