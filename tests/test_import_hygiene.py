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


def test_floorwatch_check_loads_only_what_a_check_needs() -> None:
    """A cron job's `floorwatch check` starts a new process each time: the simulator, the
    coaching desk, the watcher and the TUI stay unloaded (60 ms of its start-up)."""
    code = (
        "import sys\n"
        "from floorwatch import cli\n"
        "cli.build_parser('check')\n"
        "heavy = ('floorwatch.simulate', 'floorwatch.coaching', 'floorwatch.watcher', "
        "'floorwatch.commands.demo', 'textual', 'watchfiles', 'xlsxwriter')\n"
        "print(','.join(sorted(m for m in sys.modules if m.startswith(heavy))))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "", f"loaded for a check: {done.stdout}"
