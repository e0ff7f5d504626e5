"""Key bindings several screens share, declared once so they read the same everywhere."""

from __future__ import annotations

from textual.binding import Binding

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
