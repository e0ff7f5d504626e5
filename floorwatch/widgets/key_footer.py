"""The key line at the bottom of every screen: whole keys only, `?` and `q` always.

Textual's Footer gives every key the same share of the line and cuts the ones that do not
fit ("y vs last ye▏", "? Hel▏" at 80 or 120 columns). This footer decides what it shows:
it lays the screen's keys out in one line of text and, when they do not fit, leaves out
whole keys, least needed first — the app-wide navigation keys before the screen's own
ones — and never `?` (Help lists every key) nor `q`. It is built only from public Textual
API (`Screen.active_bindings`, `bindings_updated_signal`, `App.get_key_display`), and a
click on a key runs it, as on Textual's Footer.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from rich.cells import cell_len
from rich.text import Text
from textual import events
from textual.dom import DOMNode
from textual.screen import Screen
from textual.widget import Widget

#: Keys that always stay on the line: the way to every other key, and the way out.
ALWAYS = ("question_mark", "q")
#: A focused widget's keys rank from here: after the app-wide keys (1000 + index).
_WIDGET_RANK = 2000
#: Between two keys.
GAP = "  "


@dataclass(frozen=True)
class FooterEntry:
    """One key as the footer shows it: `label` is "⏎ Open"."""

    key: str
    display: str
    description: str
    action: str
    node: DOMNode
    enabled: bool
    rank: int

    @property
    def label(self) -> str:
        return f"{self.display} {self.description}"


def fit_entries(entries: list[FooterEntry], width: int) -> list[FooterEntry]:
    """The entries that fit in `width` cells, in their order; the lowest ranks go first."""
    kept = list(entries)

    def length(items: list[FooterEntry]) -> int:
        return 1 + sum(cell_len(e.label) for e in items) + len(GAP) * max(0, len(items) - 1)

    while kept and length(kept) > width:
        droppable = [e for e in kept if e.key not in ALWAYS]
        if not droppable:
            break
        kept.remove(max(droppable, key=lambda e: e.rank))
    return kept


def _grouped(entries: list[FooterEntry], groups: list[str | None]) -> list[FooterEntry]:
    """Neighbouring keys of one `Binding.Group` as one entry: "[ ] team", "n N flagged".

    A click on a group runs its first key; the help lists each key on its own.
    """
    merged: list[FooterEntry] = []
    merged_groups: list[str | None] = []
    for entry, group in zip(entries, groups, strict=True):
        if group is not None and merged_groups and merged_groups[-1] == group:
            first = merged[-1]
            merged[-1] = replace(
                first,
                display=f"{first.display} {entry.display}",
                enabled=first.enabled or entry.enabled,
                rank=min(first.rank, entry.rank),
            )
            continue
        if group is not None:
            entry = replace(entry, description=group)
        merged.append(entry)
        merged_groups.append(group)
    return merged


class KeyFooter(Widget):
    """A one-line footer of whole keys that fits the terminal's width."""

    DEFAULT_CSS = """
    KeyFooter {
        height: 1;
        dock: bottom;
        background: $footer-background;
        color: $footer-foreground;
    }
    """

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self._shown: list[FooterEntry] = []
        self._spans: list[tuple[int, int, FooterEntry]] = []

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_changed)

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def _bindings_changed(self, screen: Screen) -> None:
        if self.is_attached and screen is self.screen:
            self.refresh()

    def entries(self) -> list[FooterEntry]:
        """Every key the screen shows in a footer, ranked by how much it is needed.

        Rank: `?` and `q` first, then the screen's own keys, then `esc Back`, then the
        app-wide keys (f, k, e, c: the same everywhere, and in the help), then the focused
        widget's (a table's z Z sort, D save); within each, a key listed later makes way
        sooner. The footer drops the highest ranks first.
        """
        found: list[FooterEntry] = []
        groups: list[str | None] = []
        seen_actions: set[str] = set()
        for index, (node, binding, enabled, _tooltip) in enumerate(
            self.screen.active_bindings.values()
        ):
            if not binding.show or binding.action in seen_actions:
                continue
            seen_actions.add(binding.action)
            if binding.key in ALWAYS:
                rank = ALWAYS.index(binding.key)
            elif node is self.app:
                rank = 1000 + index
            elif node is not self.screen:
                # A focused widget's keys, the same on every screen (a table's sort and
                # save keys; the help lists them): they make way first.
                rank = _WIDGET_RANK + index
            elif binding.action == "back":  # Escape is known to all; the help says it too
                rank = 500
            else:
                rank = 100 + index
            groups.append(binding.group.description if binding.group else None)
            found.append(
                FooterEntry(
                    key=binding.key,
                    display=self.app.get_key_display(binding),
                    description=binding.description,
                    action=binding.action,
                    node=node,
                    enabled=enabled,
                    rank=rank,
                )
            )
        # Shown after the screen's own keys, before the app-wide ones (Textual lists a
        # focused widget's keys first, which would open the line with "z Z sort").
        widget = [i for i, e in enumerate(found) if e.rank >= _WIDGET_RANK]
        rest = [i for i, e in enumerate(found) if e.rank < _WIDGET_RANK]
        at = next((n for n, i in enumerate(rest) if found[i].node is self.app), len(rest))
        order = rest[:at] + widget + rest[at:]
        return _grouped([found[i] for i in order], [groups[i] for i in order])

    def shown(self) -> list[FooterEntry]:
        """The keys on the line now (after fitting to the width)."""
        return fit_entries(self.entries(), self.size.width or self.app.size.width)

    def render(self) -> Text:
        self._shown = self.shown()
        text = Text(" ", no_wrap=True, overflow="crop")
        self._spans = []
        for i, entry in enumerate(self._shown):
            if i:
                text.append(GAP)
            start = text.cell_len
            dim = "" if entry.enabled else "dim"
            text.append(entry.display, style=f"bold {dim}".strip())
            text.append(f" {entry.description}", style=dim or None)
            self._spans.append((start, text.cell_len, entry))
        return text

    def labels(self) -> list[str]:
        """The key labels on the line, as a person reads them ("? Help")."""
        self.render()
        return [e.label for e in self._shown]

    async def on_click(self, event: events.Click) -> None:
        """A click on a key runs it, as on Textual's Footer."""
        for start, end, entry in self._spans:
            if start <= event.x < end and entry.enabled:
                await self.app.run_action(entry.action, entry.node)
                event.stop()
                return
