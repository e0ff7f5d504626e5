"""The `floorwatch` command: one subcommand per module of `floorwatch.commands`."""

from __future__ import annotations

import argparse
import contextlib
import importlib
import importlib.metadata
import os
import sys
import time
from collections.abc import Sequence

from floorwatch.logs import describe_command, log, log_exception, start_logging, without_values
from floorwatch.settings import ConfigError

#: Subcommand modules under floorwatch.commands, in the order `--help` lists them.
COMMANDS = ("check", "watch", "serve", "demo", "simulate", "init", "qsa", "report")


def _version() -> str:
    try:
        return importlib.metadata.version("floorwatch")
    except importlib.metadata.PackageNotFoundError:  # run from a source tree, not installed
        return "unknown"


def build_parser(only: str | None = None) -> argparse.ArgumentParser:
    """The command line; with `only`, just that subcommand (its module alone imported:
    a cron job's `floorwatch check` need not load the simulator, the coaching desk...)."""
    parser = argparse.ArgumentParser(
        prog="floorwatch",
        description="Reconcile a benefits case-processing floor against its KPIs.",
    )
    parser.add_argument(
        "--version", action="version", version=f"floorwatch {_version()}", help="show the version"
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for name in COMMANDS:
        if only is None or name == only:
            importlib.import_module(f"floorwatch.commands.{name}").add_parser(sub)
    return parser


def utf8_streams() -> None:
    """Write stdout and stderr as UTF-8 whatever the locale says.

    Redirected on Windows, Python encodes its output as the ANSI code page (cp1252): a
    caseworker named "Łukasz Wiśniewski" then failed `check > out.json` with
    UnicodeEncodeError and printed nothing. JSON, CSV, tables and Markdown are UTF-8.
    """
    for stream in (sys.stdout, sys.stderr):
        encoding = (getattr(stream, "encoding", None) or "").lower().replace("-", "")
        reconfigure = getattr(stream, "reconfigure", None)
        if encoding != "utf8" and reconfigure is not None:
            with contextlib.suppress(ValueError, OSError):  # a closed or detached stream
                reconfigure(encoding="utf-8", errors="backslashreplace")


def main(argv: Sequence[str] | None = None) -> int:
    """Run one subcommand; config problems exit 2 with one line, never a traceback."""
    argv = sys.argv[1:] if argv is None else [str(a) for a in argv]
    utf8_streams()
    # `floorwatch --help`, or a mistyped command, gets every subcommand to list.
    only = argv[0] if argv and argv[0] in COMMANDS else None
    args = build_parser(only).parse_args(argv)
    start_logging()
    names = [getattr(args, key, None) for key in ("command", "report", "qsa_command")]
    log.info("start: %s", describe_command([n for n in names if n], argv))
    started = time.perf_counter()
    code = 2
    try:
        code = _run(args)
        return code
    finally:
        log.info("stop: exit %d after %.2f s", code, time.perf_counter() - started)


def _run(args: argparse.Namespace) -> int:
    """The subcommand, its failures turned into one line on stderr and an exit status."""
    try:
        return args.run(args)
    except ConfigError as exc:
        log.warning("config error: %s", without_values(str(exc)))
        print(f"floorwatch: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # `floorwatch check | head`: the reader has all it wanted. Point stdout at
        # /dev/null so that the interpreter's final flush cannot fail again.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 141  # what a shell reports for a process ended by SIGPIPE
    except Exception as exc:
        log_exception("internal error", exc)
        # A bug of ours: one line for the user; FLOORWATCH_DEBUG=1 shows the traceback.
        if os.environ.get("FLOORWATCH_DEBUG"):
            raise
        print(f"floorwatch: internal error: {type(exc).__name__}: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
