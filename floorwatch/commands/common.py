"""Options and folder resolution shared by the commands that read a floor."""

from __future__ import annotations

import argparse
import sys
from datetime import datetime
from pathlib import Path

from floorwatch.paths import default_data_dir
from floorwatch.service import CheckRequest
from floorwatch.settings import Config, load_config
from floorwatch.settings.load import resolve_config_dir

_AT_FORMATS = ("%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S", "%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S")


def add_folder_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--drop",
        type=Path,
        metavar="DIR",
        help="the drop folder (default: drop_dir in floorwatch.toml)",
    )
    parser.add_argument(
        "--config",
        type=Path,
        metavar="DIR",
        help="config folder (default: ./config if it exists, else the per-user one)",
    )
    parser.add_argument(
        "--data",
        type=Path,
        metavar="DIR",
        help="history store (default: data_dir in floorwatch.toml, else the per-user data folder)",
    )


def moment(text: str) -> datetime:
    """`--at`: "YYYY-MM-DD HH:MM" (seconds and a T separator accepted)."""
    for fmt in _AT_FORMATS:
        try:
            return datetime.strptime(text.strip(), fmt)
        except ValueError:
            pass
    raise argparse.ArgumentTypeError(f'{text!r} is not a moment "YYYY-MM-DD HH:MM"')


def load_folders(args: argparse.Namespace) -> tuple[Config, Path | None, Path]:
    """The config (warnings printed to stderr), drop folder and data folder of a command."""
    config = load_config(resolve_config_dir(args.config))
    for warning in config.warnings:
        print(f"floorwatch: warning: {warning}", file=sys.stderr)
    drop = args.drop or config.settings.drop_dir
    data = args.data or config.settings.data_dir or default_data_dir()
    return config, drop, data


def check_request(args: argparse.Namespace, *, record: bool) -> CheckRequest:
    """The check a command's options ask for (`--at`, `--period`, the folders); `record`
    keeps new exports, the run and day summaries in the history."""
    config, drop, data = load_folders(args)
    return CheckRequest(
        config=config,
        drop_dir=drop,
        data_dir=data,
        at=args.at,
        period=args.period,
        store_exports=record,
        record_run=record,
        keep_summaries=record,
    )
