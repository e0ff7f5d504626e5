"""`floorwatch demo`: the live floor on a simulated floor, with no setup."""

from __future__ import annotations

import argparse


def add_parser(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("demo", help="open the live floor on a simulated floor")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    raise NotImplementedError
