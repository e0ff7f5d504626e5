"""Shared test setup: no test ever reads or writes the developer's own floorwatch folders."""

from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture(autouse=True)
def _isolated_user_folders(tmp_path_factory: pytest.TempPathFactory, monkeypatch) -> None:
    """Point platformdirs (XDG on Linux) and the working directory at empty temp folders."""
    home = tmp_path_factory.mktemp("home")
    for var, sub in (
        ("XDG_CONFIG_HOME", "config"),
        ("XDG_DATA_HOME", "data"),
        ("XDG_STATE_HOME", "state"),
        ("XDG_CACHE_HOME", "cache"),
    ):
        (home / sub).mkdir()
        monkeypatch.setenv(var, str(home / sub))
    monkeypatch.setenv("HOME", str(home))
    # `./config` is a default config folder: run every test where there is none.
    monkeypatch.chdir(home)


@pytest.fixture
def workdir(tmp_path: Path) -> Path:
    """A fresh folder for a test's drop, config and data folders."""
    return tmp_path
