"""Key bindings several screens share, declared once so they read the same everywhere."""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Any, ClassVar

from textual.binding import Binding, BindingType
from textual.dom import DOMNode

#: The footer shows `[ ]` as one key, "[ ] team" (the help lists both).
TEAM_GROUP = Binding.Group("team")


def switch_team_keys(*, show: bool = True) -> list[Binding]:
    """`[` `]`: the previous / next team (the screen's `action_switch_team(step)`)."""
    return [
        Binding(
            "left_square_bracket",
            "switch_team(-1)",
            "Prev team",
            key_display="[",
            show=show,
            group=TEAM_GROUP,
        ),
        Binding(
            "right_square_bracket",
            "switch_team(1)",
            "Next team",
            key_display="]",
            show=show,
            group=TEAM_GROUP,
        ),
    ]


def step_team(current: str | None, teams: list[str], step: int) -> str | None:
    """The team filter after `[` (-1) or `]` (+1): all teams (None) -> each team -> all."""
    choices: list[str | None] = [None, *teams]
    index = choices.index(current) if current in choices else 0
    return choices[(index + step) % len(choices)]


def binding_id(scope: str, binding: Binding) -> str:
    """A binding's id as a keymap names it: `scope.what-it-does` ("team.next-team")."""
    words = binding.description or binding.action
    return f"{scope}.{re.sub(r'[^a-z0-9]+', '-', words.casefold()).strip('-')}"


class BindingIds:
    """Gives every `Binding` a class declares an id (`binding_id`), unless it has one, so
    that a user's keymap (keys.toml) can rebind any key. The scope is the class's
    `KEY_SCOPE`, else its name without "Screen" ("TeamScreen" -> "team")."""

    KEY_SCOPE: ClassVar[str | None] = None

    def __init_subclass__(cls, **kwargs: Any) -> None:
        # Before Textual's own __init_subclass__, which merges the class's bindings.
        own: list[BindingType] | None = cls.__dict__.get("BINDINGS")
        if own:
            scope = cls.__dict__.get("KEY_SCOPE") or cls.__name__.removesuffix("Screen")
            cls.BINDINGS = [  # type: ignore[attr-defined]
                replace(b, id=binding_id(scope.casefold(), b))
                if isinstance(b, Binding) and not b.id
                else b
                for b in own
            ]
        super().__init_subclass__(**kwargs)


def every_binding_id() -> set[str]:
    """The ids of every binding a floorwatch screen, widget or the app declares."""
    found: set[str] = set()
    classes: list[type] = [DOMNode]
    while classes:
        cls = classes.pop()
        classes.extend(cls.__subclasses__())
        if not cls.__module__.startswith("floorwatch."):
            continue
        for b in cls.__dict__.get("BINDINGS", ()):
            if isinstance(b, Binding) and b.id:
                found.add(b.id)
    return found
