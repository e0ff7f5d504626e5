"""The real browser of the browser tests: the system's Chromium, driven by Playwright.

`playwright install` cannot download browsers here, so the tests launch the Chromium of
the system packages. Under CI (env `CI`) a browser that cannot start fails the test;
elsewhere the test is skipped without one.
"""

from __future__ import annotations

import os
import shutil
from typing import Any

import pytest


def launch(playwright: Any) -> Any:
    """Chromium from the system packages, launched headless (a Playwright `Browser`)."""
    executable = shutil.which("chromium") or shutil.which("chromium-browser")
    try:
        if executable is None:
            raise RuntimeError("no chromium on PATH (apt-get install -y chromium)")
        return playwright.chromium.launch(executable_path=executable)
    except Exception as exc:
        if os.environ.get("CI"):
            pytest.fail(f"the browser cannot start under CI: {exc}")
        pytest.skip(f"no usable Chromium here: {exc}")
