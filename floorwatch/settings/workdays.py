"""Working weekdays as people write them: `Mon-Fri`, `Mon-Thu`, `Mon,Tue,Thu`.

Used by the `work_days` setting and the roster's Work Days column, so both read the same.
Weekdays are numbered as `date.weekday()` does: Monday 0 .. Sunday 6.
"""

from __future__ import annotations

_NAMES = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_FULL = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
#: The spec's default, `Mon-Fri`.
WEEKDAYS: tuple[int, ...] = (0, 1, 2, 3, 4)


def _day(word: str, text: str) -> int:
    key = word.strip().casefold()
    for names in (_NAMES, _FULL):
        if key in names:
            return names.index(key)
    raise ValueError(f"'{text}' is not a list of weekdays (like Mon-Fri, Mon-Thu or Mon,Tue,Thu)")


def parse_work_days(text: str) -> tuple[int, ...]:
    """The weekdays a text names, sorted; a range may wrap round the week (`Sat-Mon`).

    Raises ValueError (in words) for anything else, an empty text included.
    """
    days: set[int] = set()
    parts = text.split(",")
    if not text.strip():
        raise ValueError("names no weekday (like Mon-Fri, Mon-Thu or Mon,Tue,Thu)")
    for part in parts:
        if "-" in part:
            first, _, last = part.partition("-")
            a, b = _day(first, text), _day(last, text)
            days.update((a + i) % 7 for i in range((b - a) % 7 + 1))
        else:
            days.add(_day(part, text))
    return tuple(sorted(days))


def work_days_text(days: tuple[int, ...]) -> str:
    """Weekdays as a short text (`Mon,Tue,Thu`), for messages."""
    return ",".join(_NAMES[d].title() for d in days)
