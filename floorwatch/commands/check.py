"""`floorwatch check`: the engine run once, headless (`spec/check-output.md`)."""

from __future__ import annotations

import argparse
import sys

from floorwatch.commands.common import (
    add_folder_options,
    add_scope_options,
    check_request,
    moment,
)
from floorwatch.engine.result import PERIOD_KINDS, CheckResult
from floorwatch.output import render_csv, render_json, render_table, result_dict
from floorwatch.output.json_form import failure_dict
from floorwatch.safe_text import terminal_safe
from floorwatch.service import CheckRequest, NoDataError, run_check
from floorwatch.settings.judged import TXN_NOT_JUDGED, txn_times_judged
from floorwatch.settings.load import SETTINGS_FILE
from floorwatch.store import StoreError

EXIT_CLEAR, EXIT_FLAGGED, EXIT_CANNOT_RUN = 0, 1, 2


def add_parser(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "check",
        help="run every check once and print the result",
        description="Run every KPI check once. Exit 0: nothing flagged; 1: something "
        "flagged; 2: could not run.",
    )
    add_folder_options(parser)
    parser.add_argument(
        "--at",
        type=moment,
        metavar='"YYYY-MM-DD HH:MM"',
        help="check as of this moment (default: the newest dashboard export)",
    )
    parser.add_argument(
        "--period",
        choices=PERIOD_KINDS,
        default="day",
        help="the day, the week from Monday or the month to the as-of (default: day)",
    )
    add_scope_options(parser)
    parser.add_argument(
        "--format",
        choices=("table", "json", "csv"),
        default="table",
        help="table grouped by team, the stable JSON interface, or one CSV row per flag "
        "(default: table)",
    )
    parser.add_argument("--no-record", action="store_true", help="leave the history untouched")
    parser.set_defaults(run=run)


def _cannot_run(args: argparse.Namespace, reason: str, errors: list | None = None) -> int:
    print(terminal_safe(f"floorwatch: {reason}", one_line=True), file=sys.stderr)
    if args.format == "json":
        print(render_json(failure_dict(errors or [], reason)))
    return EXIT_CANNOT_RUN


def _looked_in(request: CheckRequest) -> str:
    """Where a check found no data: the drop folder (or that none is set) and the history."""
    if request.drop_dir is None:
        settings_file = (request.config.folder / SETTINGS_FILE).resolve()
        drop = f"no drop folder is set (drop_dir in {settings_file}, or --drop DIR)"
    else:
        drop = f"looked in the drop folder {request.drop_dir.resolve()}"
    return f"{drop}; history folder {request.data_dir.resolve()}"


def find_team(wanted: str, teams: list[str]) -> str | None:
    """The team named `wanted`, in any case (as the app's `/` filter matches)."""
    exact = [t for t in teams if t == wanted]
    folded = [t for t in teams if t.casefold() == wanted.strip().casefold()]
    return (exact or folded or [None])[0]


def run(args: argparse.Namespace) -> int:
    request = check_request(args, record=not args.no_record)
    try:
        result = run_check(request)
    except NoDataError as exc:
        return _cannot_run(args, f"{exc}: {_looked_in(request)}", list(exc.errors))
    except StoreError as exc:
        return _cannot_run(args, str(exc))
    if not txn_times_judged(result.qsa):
        print(f"floorwatch: warning: {TXN_NOT_JUDGED}", file=sys.stderr)
    if args.team is not None:
        teams = [t.team for t in result.teams]
        team = find_team(args.team, teams)
        if team is None:
            known = ", ".join(teams) or "none"
            return _cannot_run(args, f"no team {args.team!r} in the data (teams: {known})")
        result = result.for_team(team)
    if args.coordinator is not None:
        try:
            result = coordinator_scope(result, args.coordinator)
        except LookupError as exc:
            return _cannot_run(args, str(exc))
    if args.format == "json":
        print(render_json(result_dict(result)))
    elif args.format == "csv":
        sys.stdout.write(render_csv(result))
    else:
        # File names, names and teams come from files anyone on the share can write.
        sys.stdout.write(terminal_safe(render_table(result, result.qsa)))
    return EXIT_FLAGGED if result.flagged else EXIT_CLEAR


def coordinator_scope(result: CheckResult, name: str) -> CheckResult:
    """`result` limited to the teams the roster gives coordinator `name` (any case).

    Raises LookupError, naming the coordinators there are, for a name the roster lacks.
    """
    teams = result.coordinator_teams(name)
    if not teams:
        known = sorted({t.coordinator for t in result.teams if t.coordinator})
        listed = ", ".join(known) or "none in the roster"
        raise LookupError(f"no coordinator {name!r} in the roster (coordinators: {listed})")
    return result.for_teams(teams)
