"""floorwatch runs its queries on polars' in-memory engine (floorwatch/__init__.py)."""

import os
import subprocess
import sys


def test_importing_floorwatch_runs_queries_in_memory() -> None:
    # A fresh process: the test session's own imports must not decide the answer.
    code = (
        "import polars as pl; before = pl.Config.state()['POLARS_ENGINE_AFFINITY'];"
        "import floorwatch; print(before, pl.Config.state()['POLARS_ENGINE_AFFINITY'])"
    )
    # polars keeps the setting in the environment: this process's must not be inherited.
    env = {k: v for k, v in os.environ.items() if k != "POLARS_ENGINE_AFFINITY"}
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, env=env
    )
    assert out.stdout.split() == ["None", "in-memory"]
