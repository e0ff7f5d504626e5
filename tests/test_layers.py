"""The import layers (issue 11, issue notes "Layers"), read from the source itself.

Bottom up: the small shared modules; `settings` and `ingest` (one level: they share value
types); `store`; `engine`; `service`, `coaching`, `watcher`; the app's data service
`live`; and the UI (`app`, `messages`, `screens`, `widgets`, `web`) on top, beside the
entry points (`cli`, `commands`) and what only they use (`reports`, `output`,
`simulate`, `starter`). A module imports from its level or below; only the UI imports
Textual; screens and widgets take value types and pure functions from below, never
something that reads or writes. Imports under `if TYPE_CHECKING:` are annotations only
and do not count.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

import floorwatch

PACKAGE = Path(floorwatch.__file__).parent

SHARED = {"schema", "paths", "figures", "safe_text", "sentences", "logs", "preferences"}
UI = {"app", "messages", "screens", "widgets", "web"}
#: What each part of the core may import (besides itself and the shared modules).
ALLOWED_BELOW: dict[str, set[str]] = {
    "settings": {"ingest"},
    "ingest": {"settings"},
    "store": {"settings", "ingest"},
    "engine": {"settings", "ingest"},
    "service": {"settings", "ingest", "store", "engine"},
    "coaching": {"settings", "ingest", "store", "engine", "service"},
    "watcher": {"settings", "ingest", "store", "engine"},
    "refusals": {"ingest"},
    "live": {"settings", "ingest", "store", "engine", "service", "coaching", "watcher"},
}
#: What screens and widgets may take from the core below the data service: value types
#: and pure functions. Anything else (a function that reads or writes) goes through the
#: data service (`live`) in a worker.
UI_MAY_TAKE: dict[str, set[str]] = {
    "floorwatch.store": {"StoreError", "RunRecord"},
    "floorwatch.ingest.model": {"LoadError"},
    "floorwatch.ingest.complete": {"STILL_WRITING_SECONDS"},
    "floorwatch.watcher": {"flag_changes", "is_late", "slot_states", "slot_trigger"},
    "floorwatch.watcher.drop": {"WatchStatus"},
}
#: Reading and writing entry points of the core: never imported by a screen or widget.
UI_NEVER: set[str] = {
    "floorwatch.service",
    "floorwatch.coaching.desk",
    "floorwatch.coaching.history_rows",
    "floorwatch.coaching.journal.Journal",
}


def _modules() -> Iterator[tuple[str, Path]]:
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
        yield ".".join(parts), path


def _part(module: str) -> str:
    """The top-level part of floorwatch a module belongs to ("engine", "app", ...)."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else parts[0]


def _imports(path: Path) -> Iterator[tuple[str, tuple[str, ...]]]:
    """(module imported, names taken from it) for every import outside TYPE_CHECKING."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    skipped: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            skipped.update(id(n) for child in node.body for n in ast.walk(child))
    for node in ast.walk(tree):
        if id(node) in skipped:
            continue
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield alias.name, ()
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            yield node.module, tuple(a.name for a in node.names)


def _floorwatch_parts(path: Path) -> set[str]:
    return {_part(m) for m, _ in _imports(path) if m.startswith("floorwatch.")}


def test_the_layers_are_read_from_every_module() -> None:
    """The checks below see real modules and real imports (they could not pass empty)."""
    modules = dict(_modules())
    assert {"floorwatch.engine.evaluate", "floorwatch.app", "floorwatch.live.source"} <= set(
        modules
    )
    assert "engine" in _floorwatch_parts(modules["floorwatch.service.run"])


def test_only_the_ui_imports_textual() -> None:
    wrong = [
        (module, imported)
        for module, path in _modules()
        for imported, _ in _imports(path)
        if imported.split(".")[0] in ("textual", "textual_serve") and _part(module) not in UI
    ]
    assert wrong == []


def test_nothing_below_the_ui_imports_it() -> None:
    entry = {"cli", "commands", "__main__"}
    wrong = [
        (module, part)
        for module, path in _modules()
        if _part(module) not in UI | entry
        for part in _floorwatch_parts(path)
        if part in UI
    ]
    assert wrong == []


@pytest.mark.parametrize("part", sorted(ALLOWED_BELOW))
def test_a_core_part_imports_only_from_below(part: str) -> None:
    allowed = {part} | SHARED | ALLOWED_BELOW[part]
    wrong = [
        (module, imported)
        for module, path in _modules()
        if _part(module) == part
        for imported in _floorwatch_parts(path)
        if imported not in allowed
    ]
    assert wrong == []


def test_the_engine_imports_neither_the_store_nor_textual() -> None:
    for module, path in _modules():
        if _part(module) == "engine":
            parts = _floorwatch_parts(path)
            assert "store" not in parts, module
            assert not any(m.startswith("textual") for m, _ in _imports(path)), module


def test_screens_take_only_values_and_pure_functions_from_the_core() -> None:
    """No screen, widget or the app imports the check service or the coaching journal's
    reader and writer (the data service, `live`, hands the app its desk), and from the
    store, ingest and watcher only the value types and pure functions listed."""
    wrong = []
    for module, path in _modules():
        if _part(module) not in ("screens", "widgets", "app", "messages"):
            continue
        # The app runs the drop-folder watcher and the daily slots: the watcher is its.
        may_take = {
            **UI_MAY_TAKE,
            **({"floorwatch.watcher": None} if module == "floorwatch.app" else {}),
        }
        for imported, names in _imports(path):
            if imported in UI_NEVER or imported.startswith("floorwatch.service"):
                wrong.append((module, imported))
            for name in names:
                if f"{imported}.{name}" in UI_NEVER:
                    wrong.append((module, f"{imported}.{name}"))
            if _part(imported) in ("store", "ingest", "watcher") and imported.startswith(
                "floorwatch."
            ):
                allowed = may_take.get(imported, set())
                extra = set() if allowed is None else set(names) - allowed
                if extra:
                    wrong.append((module, f"{imported}: {sorted(extra)}"))
    assert wrong == []
