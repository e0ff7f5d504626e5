"""`floorwatch qsa import FILE [--quarter 2026Q4] [--config DIR]`: a quarter's QSA into
the config folder's qsa.toml (see `settings/qsa_import.py` for the file it reads)."""

from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path

from floorwatch.commands.common import config_folder
from floorwatch.settings import load_config
from floorwatch.settings.load import QSA_FILE
from floorwatch.settings.qsa_import import import_quarter, quarter_from_name, read_quarter_file
from floorwatch.settings.quarters import is_quarter, quarter_of


def _quarter(text: str) -> str:
    value = text.strip().upper()
    if not is_quarter(value):
        raise argparse.ArgumentTypeError(f"{text!r} is not a quarter like 2026Q4")
    return value


def add_parser(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("qsa", help="Quarterly Statewide Averages: import a quarter")
    actions = parser.add_subparsers(dest="qsa_command", required=True, metavar="ACTION")
    imp = actions.add_parser(
        "import",
        help="read a quarterly statewide averages file (CSV or XLSX) into qsa.toml",
        description="Read a quarter's statewide averages (task type / queue rows with "
        "transaction minutes, completion range, utilization, logged-in and handle time) "
        "into the config folder's qsa.toml as [quarters.YYYYQn], keeping earlier quarters "
        "and the hand-edited values above them.",
    )
    imp.add_argument("file", type=Path, metavar="FILE", help="the .csv or .xlsx file")
    imp.add_argument(
        "--quarter",
        type=_quarter,
        metavar="YYYYQn",
        help="the quarter (default: from the file name, else the current quarter)",
    )
    imp.add_argument(
        "--config",
        type=Path,
        metavar="DIR",
        help="config folder (default: $FLOORWATCH_CONFIG, else ./config if it exists, "
        "else the per-user one)",
    )
    imp.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    folder = config_folder(args.config)
    quarter = args.quarter or quarter_from_name(args.file) or quarter_of(date.today())
    values = read_quarter_file(args.file)
    target = folder / QSA_FILE
    import_quarter(target, quarter, values)
    load_config(folder)  # the folder still loads: a ConfigError here exits 2 too
    print(
        f"imported {quarter} into {target}: {len(values.task_types)} task types, "
        f"{len(values.queues)} queues, statewide: "
        + (", ".join(f"{k} {v:g}" for k, v in values.statewide.items()) or "none")
    )
    return 0
