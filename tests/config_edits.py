"""Edits a test makes to a simulated floor's config files."""

from __future__ import annotations

from pathlib import Path


def without_task_types(folder: Path) -> None:
    """Take the [task_types] table out of `folder/config/qsa.toml` (a starter's state)."""
    qsa = folder / "config" / "qsa.toml"
    kept, skipping = [], False
    for line in qsa.read_text(encoding="utf-8").splitlines():
        if line.startswith("["):
            skipping = line == "[task_types]"
        if not skipping:
            kept.append(line)
    qsa.write_text("\n".join(kept) + "\n", encoding="utf-8")
