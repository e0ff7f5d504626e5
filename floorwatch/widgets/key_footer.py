"""Textual's Footer, recomposed only when the keys it shows change.

Textual's Footer rebuilds all its key widgets whenever the screen's bindings are
refreshed (a screen switch, a focus change), even when they are the same keys: ~80 ms of
each screen switch on our screens. This one compares what it would show with what it
shows and skips the rebuild when nothing changed; it looks and behaves like the Footer.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.widgets import Footer

if TYPE_CHECKING:
    from textual.screen import Screen

#: What a footer's keys are made of: each active binding, whether enabled, its tooltip.
Shown = tuple[tuple[str, str, str, bool, bool, str], ...]


class KeyFooter(Footer):
    """A Footer that keeps its key widgets while the shown keys stay the same."""

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self._shown: Shown | None = None

    def _would_show(self, screen: Screen) -> Shown:
        return tuple(
            (binding.key, binding.action, binding.description, binding.show, enabled, tooltip)
            for (_, binding, enabled, tooltip) in screen.active_bindings.values()
        )

    def compose(self) -> ComposeResult:
        self._shown = self._would_show(self.screen) if self._bindings_ready else None
        yield from super().compose()

    def bindings_changed(self, screen: Screen) -> None:
        unchanged = (
            self._shown is not None
            and self.is_attached
            and screen is self.screen
            and self._would_show(screen) == self._shown
        )
        if not unchanged:
            super().bindings_changed(screen)
