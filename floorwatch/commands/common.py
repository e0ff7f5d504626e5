"""Options and folder resolution shared by the commands that read a floor."""

from __future__ import annotations

import argparse
import os
import sys
from datetime import datetime
from pathlib import Path

from floorwatch.paths import default_data_dir
from floorwatch.service import CheckRequest
from floorwatch.settings import Config, ConfigError, load_config
from floorwatch.settings.load import resolve_config_dir

#: Environment variables naming the config and data folders (a scheduled task, a service).
CONFIG_ENV, DATA_ENV = "FLOORWATCH_CONFIG", "FLOORWATCH_DATA"
#: A report command's exit codes: written, or could not run (as `check`'s 2).
EXIT_OK, EXIT_CANNOT_RUN = 0, 2
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
        help="config folder (default: $FLOORWATCH_CONFIG, else ./config if it exists, "
        "else the per-user one)",
    )
    parser.add_argument(
        "--data",
        type=Path,
        metavar="DIR",
        help="history store (default: $FLOORWATCH_DATA, else data_dir in floorwatch.toml, "
        "else the per-user data folder)",
    )


def add_scope_options(parser: argparse.ArgumentParser) -> None:
    """`--team NAME` or `--coordinator NAME` (one of them): the scope of a run."""
    scope = parser.add_mutually_exclusive_group()
    scope.add_argument("--team", metavar="NAME", help="only this team")
    scope.add_argument(
        "--coordinator", metavar="NAME", help="only this coordinator's teams (roster)"
    )


def add_period_report_options(
    parser: argparse.ArgumentParser, period_help: str, formats: tuple[str, ...], format_help: str
) -> None:
    """The options of a report on a week or a month: the folders, `--period week|month`,
    `--at`, `--format` and `--output`."""
    add_folder_options(parser)
    parser.add_argument("--period", choices=("week", "month"), default="week", help=period_help)
    parser.add_argument(
        "--at", type=moment, metavar='"YYYY-MM-DD HH:MM"', help="as of (default: newest data)"
    )
    add_output_options(parser, formats, format_help)


def add_output_options(
    parser: argparse.ArgumentParser, formats: tuple[str, ...], format_help: str
) -> None:
    """`--format` (one of `formats`, Markdown by default) and `--output FILE` of a report."""
    parser.add_argument("--format", choices=formats, default="md", help=format_help)
    parser.add_argument(
        "--output", "-o", type=Path, metavar="FILE", help="write here (default: stdout)"
    )


def moment(text: str) -> datetime:
    """`--at`: "YYYY-MM-DD HH:MM" (seconds and a T separator accepted)."""
    for fmt in _AT_FORMATS:
        try:
            return datetime.strptime(text.strip(), fmt)
        except ValueError:
            pass
    raise argparse.ArgumentTypeError(f'{text!r} is not a moment "YYYY-MM-DD HH:MM"')


def config_folder(given: Path | None) -> Path:
    """The config folder: `--config`, else `FLOORWATCH_CONFIG`, else `./config` when it
    exists, else the per-user one. A folder named explicitly (option or variable) must
    exist: a typo must not silently run on the defaults."""
    source = "--config"
    if given is None and os.environ.get(CONFIG_ENV):
        given, source = Path(os.environ[CONFIG_ENV]), CONFIG_ENV
    if given is not None and not given.is_dir():
        reason = "is not a folder" if given.exists() else "does not exist"
        raise ConfigError(
            given,
            None,
            None,
            f"{reason} (given by {source}); `floorwatch init {given}` writes a starter config",
        )
    return resolve_config_dir(given)


def load_folders(args: argparse.Namespace) -> tuple[Config, Path | None, Path]:
    """The config (warnings printed to stderr), drop folder and data folder of a command.

    Each folder: the command line, else the environment (`FLOORWATCH_CONFIG`,
    `FLOORWATCH_DATA`), else floorwatch.toml, else the per-user default.
    """
    config = load_config(config_folder(args.config))
    for warning in config.warnings:
        print(f"floorwatch: warning: {warning}", file=sys.stderr)
    drop = args.drop or config.settings.drop_dir
    from_env = Path(os.environ[DATA_ENV]) if os.environ.get(DATA_ENV) else None
    data = args.data or from_env or config.settings.data_dir or default_data_dir()
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
