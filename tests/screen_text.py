"""Reading the app's screen as a person sees it: plain text lines of what is rendered."""

from __future__ import annotations

from textual.app import App


def screen_lines(app: App) -> list[str]:
    """Every line of the terminal as rendered now (notifications included)."""
    return [strip.text.rstrip() for strip in app.screen._compositor.render_strips()]
