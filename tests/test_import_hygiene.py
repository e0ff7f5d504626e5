"""The core never imports the UI: any front end or script can call it (harlequin's rule)."""

from __future__ import annotations

import subprocess
import sys

CORE = (
    "floorwatch.engine",
    "floorwatch.ingest",
    "floorwatch.store",
    "floorwatch.settings",
    "floorwatch.service",
    "floorwatch.output",
    "floorwatch.simulate",
    "floorwatch.commands.check",
    "floorwatch.coaching.desk",
    "floorwatch.coaching.report",
    "floorwatch.coaching.summary",
    "floorwatch.commands.report",
)


def test_core_modules_do_not_import_textual() -> None:
    code = (
        "import importlib, sys\n"
        f"for name in {CORE!r}: importlib.import_module(name)\n"
        "leaked = sorted(m for m in sys.modules if m == 'textual' or m.startswith('textual.'))\n"
        "print(','.join(leaked))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "", f"textual imported by the core: {done.stdout}"
