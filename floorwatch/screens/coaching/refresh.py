"""Telling the open screens that the coaching journal changed."""

from __future__ import annotations

from textual.app import App

from floorwatch.screens.base import FloorwatchScreen


def coaching_changed(app: App) -> None:
    """A new journal entry: redraw the screen on show now, covered ones when shown again."""
    for screen in app.screen_stack:
        if isinstance(screen, FloorwatchScreen):
            screen.data_changed()
