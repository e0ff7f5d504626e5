"""keys.toml: a supervisor's own keys for floorwatch's commands (optional).

One table per screen, one line per command, named as the help lists them:

    [team]
    follow-up = "A"       # instead of "a"
    [app]
    check-now = "ctrl+r"

The ids are the bindings' (`screens/keys.py`); a value is one key or several separated
by commas, in Textual's key names. A line that names no command, or no key, is refused
with its line and the rest still applies: a typo never stops the floor.
"""

from __future__ import annotations

from collections.abc import Collection
from pathlib import Path

from floorwatch.settings.errors import ConfigError
from floorwatch.settings.toml_file import TomlFile

KEYS_FILE = "keys.toml"


def load_keymap(
    folder: Path | None, known: Collection[str]
) -> tuple[dict[str, str], tuple[str, ...]]:
    """(binding id -> keys, problems) from `folder`'s keys.toml; ({}, ()) without one.

    `known` is every binding id the app has; each problem names file, line and key.
    """
    if folder is None:
        return {}, ()
    try:
        toml = TomlFile(folder / KEYS_FILE)
    except ConfigError as exc:
        return {}, (str(exc),)
    keymap: dict[str, str] = {}
    problems: list[str] = []
    for scope, table in toml.data.items():
        if not isinstance(table, dict):
            problems.append(str(toml.error(scope, "must be a [table] of commands")))
            continue
        for name, keys in table.items():
            binding = f"{scope}.{name}"
            if binding not in known:
                problems.append(str(toml.error(name, "names no command (see ? Help)", scope)))
            elif not isinstance(keys, str) or not keys.strip():
                problems.append(str(toml.error(name, 'must be a key, e.g. "A"', scope)))
            else:
                keymap[binding] = keys.strip()
    return keymap, tuple(problems)
