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
