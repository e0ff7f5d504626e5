"""What `normalise` decides for a datetime column from more than one row, kept so that a
big file read a slice at a time decides as it would read whole (issue 16, memory).

A datetime column's likely formats come from its first clean values, and whether it is
read typed or as text (slash dates) from all of them. The first slice of a file decides
(it holds the first values: it must hold the `SAMPLE` values the guess looks at); the
other slices take its choices and check that their own values agree. A slice that would
have decided otherwise, or a file with slash dates (their order is decided from every
value of the column), raises `ChoiceMismatch`: the caller then reads the file whole.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from floorwatch.ingest.typed import Formats
from floorwatch.ingest.values import FORMAT_SAMPLE as SAMPLE


class ChoiceMismatch(Exception):
    """A slice of a file cannot be read as the whole file would be: read it whole."""


@dataclass
class DatetimeChoices:
    """Per datetime text column: read typed or as text, and with which formats."""

    made: dict[str, tuple[Literal["typed", "text"], Formats]] = field(default_factory=dict)
    #: False while the first slice decides; True once the choices are imposed.
    frozen: bool = False

    def decide(
        self, name: str, path: Literal["typed", "text"], formats: Formats, seen: int
    ) -> Formats:
        """The formats of column `name` on the `path` its values took: recorded from the
        first slice (which must have shown the guess `SAMPLE` values), checked after."""
        if not self.frozen:
            if seen < SAMPLE:
                raise ChoiceMismatch(f"{name}: fewer than {SAMPLE} values in the first slice")
            self.made[name] = (path, formats)
            return formats
        made = self.made.get(name)
        if made is None or made[0] != path:
            raise ChoiceMismatch(f"{name}: read {path} in a later slice")
        return made[1]

    def path(self, name: str) -> Literal["typed", "text"] | None:
        """The path imposed on column `name` (None while the first slice decides)."""
        made = self.made.get(name) if self.frozen else None
        return made[0] if made else None
