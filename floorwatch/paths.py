"""Where floorwatch keeps things by default: per-user folders from platformdirs."""

from __future__ import annotations

import getpass
import os
from pathlib import Path

import platformdirs

APP_NAME = "floorwatch"


def default_config_dir() -> Path:
    """The per-user config folder (it may not exist: then every setting is a default)."""
    return Path(platformdirs.user_config_dir(APP_NAME, appauthor=False))


def default_data_dir() -> Path:
    """The per-user data folder holding the history store."""
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def default_state_dir() -> Path:
    """The per-user state folder (the app's remembered choices, such as the theme)."""
    return Path(platformdirs.user_state_dir(APP_NAME, appauthor=False))


def default_log_dir() -> Path:
    """The per-user log folder (`%LOCALAPPDATA%\\floorwatch\\Logs` on Windows,
    `~/.local/state/floorwatch/log` on Linux)."""
    return Path(platformdirs.user_log_dir(APP_NAME, appauthor=False))


def os_user() -> str:
    """Who is running floorwatch, as runs and follow-ups record it."""
    try:
        return getpass.getuser()
    except (OSError, KeyError):
        return os.environ.get("USER", "unknown")
