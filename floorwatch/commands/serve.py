"""`floorwatch serve`: the live floor in a browser, one app per browser session.

Through textual-serve (`floorwatch/web/`). Loopback by default: any other address must be
asked for with `--host`, and gets a warning that there is no login.
"""

from __future__ import annotations

import argparse
import ipaddress
import sys

from floorwatch.commands.common import add_folder_options, load_folders
from floorwatch.commands.watch import add_watch_options


def add_parser(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "serve",
        help="serve the live floor to browsers (one app per browser session)",
        description="Serve the live floor over HTTP through textual-serve: each browser "
        "session gets its own app. No login: keep the default loopback address, or put it "
        "behind the agency's authenticating reverse proxy (README, 'In a browser').",
    )
    add_folder_options(parser)
    add_watch_options(parser)
    parser.add_argument(
        "--host",
        default="127.0.0.1",
        help="address to listen on (default: 127.0.0.1, this machine only)",
    )
    parser.add_argument("--port", type=int, default=8000, help="port to listen on (default: 8000)")
    parser.add_argument(
        "--public-url",
        metavar="URL",
        help="the address browsers use, behind a reverse proxy (default: http://HOST:PORT)",
    )
    parser.add_argument(
        "--user-header",
        metavar="NAME",
        help="the request header in which the authenticating proxy names the user "
        "(e.g. X-Remote-User): stamped on each session's follow-ups and coaching; "
        "sessions without it are refused",
    )
    parser.set_defaults(run=run)


def is_loopback(host: str) -> bool:
    """Whether `host` is reachable from this machine only."""
    if host.strip().lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def app_command(args: argparse.Namespace) -> list[str]:
    """`floorwatch watch` with the folders resolved here (a bad config fails at start,
    not in each browser)."""
    config, drop, data = load_folders(args)
    argv = [sys.executable, "-m", "floorwatch", "watch", "--data", str(data.absolute())]
    if config.folder is not None and config.folder.is_dir():
        argv += ["--config", str(config.folder.absolute())]
    if drop is not None:
        argv += ["--drop", str(drop.absolute())]
    for option, value in (("--team", args.team), ("--coordinator", args.coordinator)):
        if value:
            argv += [option, value]
    argv += ["--settle", str(args.settle)]
    if args.by and not args.user_header:
        argv += ["--by", args.by]
    return argv


def run(args: argparse.Namespace) -> int:
    """Serve until Ctrl+C."""
    if args.by and args.user_header:
        print("floorwatch: --by and --user-header exclude each other", file=sys.stderr)
        return 2
    argv = app_command(args)
    if not is_loopback(args.host):
        print(
            f"floorwatch: warning: serving on {args.host}:{args.port}, beyond this machine, "
            "with no login: anyone who can reach it sees the floor. Put it behind the "
            "agency's authenticating reverse proxy (README, 'In a browser').",
            file=sys.stderr,
        )
    from floorwatch.web.server import FloorServer  # only `serve` loads aiohttp

    FloorServer(
        argv,
        host=args.host,
        port=args.port,
        public_url=args.public_url,
        user_header=args.user_header,
    ).serve()
    return 0
