"""`floorwatch watch`: the live floor in the terminal."""

from __future__ import annotations

import argparse

from floorwatch.commands.common import add_folder_options, load_folders


def add_parser(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "watch",
        help="open the live floor: watch the drop folder, re-check, run the daily checks",
        description="Open the live floor. Every export dropped is checked at once; the daily "
        "checks (check_times) run and are recorded while it is open.",
    )
    add_folder_options(parser)
    add_watch_options(parser)
    parser.set_defaults(run=run)


def add_watch_options(parser: argparse.ArgumentParser) -> None:
    """The app's options, shared by `watch` and `serve`."""
    parser.add_argument("--team", metavar="NAME", help="open on this team (a supervisor's home)")
    parser.add_argument(
        "--coordinator", metavar="NAME", help="show only this coordinator's teams (roster)"
    )
    parser.add_argument(
        "--settle",
        type=float,
        default=2.0,
        metavar="SECONDS",
        help="how long a file must stand still before it is read (default 2; more on shares)",
    )
    parser.add_argument(
        "--by",
        metavar="NAME",
        help="who is at the keyboard: stamped on follow-ups, coaching and recorded runs "
        "(default: the OS user)",
    )


def run(args: argparse.Namespace) -> int:
    """Open the TUI on the configured folders until the user quits."""
    # Imported here: `floorwatch check` and `--help` should not pay for loading Textual.
    from floorwatch.app import FloorwatchApp
    from floorwatch.live import FloorSource

    config, drop, data = load_folders(args)
    app = FloorwatchApp(
        FloorSource(config, drop, data, by=args.by),
        team=args.team,
        coordinator=args.coordinator,
        settle_seconds=args.settle,
    )
    app.run()
    return 0
