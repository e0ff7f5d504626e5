"""Help (`?`): every key and every check in plain words, as a Markdown document."""

from __future__ import annotations

from collections.abc import Mapping
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Markdown

from floorwatch.engine.result import CHECK_TITLE
from floorwatch.screens.keys import BindingIds
from floorwatch.widgets.explain import CHECK_MEANING

_MARKERS = """\
## Markers (colour is never the only sign)

| marker | means |
|---|---|
| `!!` | the caseworker has a **trend** flag: raised on enough of the last days |
| `!` | flagged **once** (a one-time event) |
| `▲` / `▼` | above / below the allowed range around the QSA |
| `↑` / `↓` | after a header: sorted by that column, lowest / highest first (`z`, `Z`) |
| `(trend)` / `(once)` | after each flag in the Flags column |
| `STALE` | the newest dashboard export is older than `stale_after_minutes` |
| `✓ done` / `… due` / `✗ missed` | a daily check on the Checks screen |
"""


def _keys(title: str, bindings: list[BindingType], keymap: Mapping[str, str]) -> list[str]:
    lines = [f"### {title}", "", "| key | does | keys.toml |", "|---|---|---|"]
    for binding in bindings:
        if isinstance(binding, Binding):
            key = keymap.get(binding.id or "") or binding.key_display or binding.key
            scope, _, name = (binding.id or "").partition(".")
            where = f"`[{scope}] {name}`" if name else ""
            lines.append(f"| `{key}` | {binding.tooltip or binding.description} | {where} |")
    return [*lines, ""]


def help_markdown(
    sections: list[tuple[str, list[BindingType]]], keymap: Mapping[str, str] | None = None
) -> str:
    """The help document: keys per screen (as `keymap`, keys.toml, rebinds them, with the
    name to rebind each by), markers, and what each check means."""
    lines = [
        "# floorwatch",
        "",
        "Everything works from the keyboard. `ctrl+p` opens the command "
        "palette, which lists every screen and action too.",
        "",
        "## Keys",
        "",
    ]
    lines += [
        "A `keys.toml` in the config folder gives any command your own key: "
        'under its `[table]`, `name = "key"` (the last column says which).',
        "",
    ]
    for title, bindings in sections:
        lines += _keys(title, bindings, keymap or {})
    lines += [_MARKERS, "## The checks", ""]
    for check, title in CHECK_TITLE.items():
        lines.append(f"- **{title}** (`{check}`): {CHECK_MEANING[check]}")
    return "\n".join(lines)


class HelpScreen(BindingIds, ModalScreen[None]):
    """The help document over the current screen; Escape or ? closes it."""

    DEFAULT_CSS = """
    HelpScreen { align: center middle; }
    HelpScreen > VerticalScroll {
        width: 90%; max-width: 110; height: 90%;
        border: thick $primary; background: $surface;
    }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,question_mark,q", "close", "Close help"),
    ]

    def __init__(self, markdown: str) -> None:
        super().__init__()
        self.markdown = markdown

    def compose(self) -> ComposeResult:
        with VerticalScroll():
            yield Markdown(self.markdown)

    def on_mount(self) -> None:
        self.query_one(VerticalScroll).focus()

    def action_close(self) -> None:
        self.dismiss()
