"""`floorwatch init [DIR]`: write a starter config folder, every key commented."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from floorwatch.starter import starter_files


def add_parser(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("init", help="write a starter config folder")
    parser.add_argument(
        "dir", nargs="?", type=Path, default=Path("config"), help="where (default: ./config)"
    )
    parser.add_argument("--force", action="store_true", help="overwrite files that exist")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    files = starter_files()
    existing = [name for name in files if (args.dir / name).exists()]
    if existing and not args.force:
        names = ", ".join(existing)
        print(
            f"floorwatch: {args.dir} already has {names}; nothing written "
            "(use --force to overwrite)",
            file=sys.stderr,
        )
        return 2
    try:
        args.dir.mkdir(parents=True, exist_ok=True)
        for name, text in files.items():
            (args.dir / name).write_text(text, encoding="utf-8")
    except OSError as exc:
        print(f"floorwatch: cannot write {args.dir}: {exc.strerror or exc}", file=sys.stderr)
        return 2
    print(f"wrote {', '.join(files)} to {args.dir}")
    print(
        f"next: set drop_dir in {args.dir / 'floorwatch.toml'} "
        f"and your QSA in {args.dir / 'qsa.toml'}"
    )
    return 0
