"""Choices the app remembers between runs (today: the theme), in the per-user state folder.

A missing or unreadable file means the defaults; a failed save is ignored (a preference
is never worth an error on the floor).
"""

from __future__ import annotations

import contextlib
import json
from pathlib import Path
from typing import Any

from floorwatch.paths import default_state_dir

PREFERENCES_FILE = "preferences.json"


def preferences_path() -> Path:
    """Where the preferences are kept."""
    return default_state_dir() / PREFERENCES_FILE


def load_preferences() -> dict[str, Any]:
    """The saved preferences; {} when there are none or they cannot be read."""
    try:
        data = json.loads(preferences_path().read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def save_preference(key: str, value: Any) -> None:
    """Keep one preference (atomically, beside the others); failures are ignored."""
    from floorwatch.store.files import write_bytes_atomic

    preferences = load_preferences()
    if preferences.get(key) == value:
        return
    preferences[key] = value
    with contextlib.suppress(OSError):
        write_bytes_atomic(preferences_path(), json.dumps(preferences, indent=1).encode())
