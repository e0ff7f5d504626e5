"""Subcommands. Each module has `add_parser(subparsers)`, which sets `run(args) -> int`."""
