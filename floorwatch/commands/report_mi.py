"""`floorwatch report mi`: the monthly management-information return (reports.md).

One month check per fiscal month (`reports.mi_gather`), as `check --no-record --period
month` gives it, laid out April..March (or from `fiscal_year_start_month`) with a Year
column. The history is never written. xlsx needs `-o`; md and csv go to stdout without.
"""

from __future__ import annotations

import argparse
import sys

from floorwatch.commands.check import find_team
from floorwatch.commands.common import (
    EXIT_CANNOT_RUN,
    EXIT_OK,
    add_folder_options,
    add_output_options,
    add_scope_options,
    check_request,
)
from floorwatch.reports.mi_data import MiReturn, build_mi
from floorwatch.reports.mi_gather import fiscal_months, fiscal_year_of, month_checks, newest_month
from floorwatch.safe_text import terminal_safe
from floorwatch.service import DropScanner, NoDataError
from floorwatch.store import StoreError
from floorwatch.store.files import write_atomic


def _year(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = 0
    if not 1900 <= value <= 9999:
        raise argparse.ArgumentTypeError(f"{text!r} is not a year YYYY")
    return value


def add_mi_parser(kinds: argparse._SubParsersAction) -> None:
    """The `mi` report kind."""
    parser = kinds.add_parser(
        "mi",
        help="the monthly MI return: staffing, days lost, work, paused, calls and RAG "
        "per fiscal month",
    )
    add_folder_options(parser)
    parser.add_argument(
        "--year",
        type=_year,
        metavar="YYYY",
        help="the fiscal year starting in this calendar year (default: the one holding the "
        "newest export)",
    )
    add_scope_options(parser)
    add_output_options(
        parser,
        ("xlsx", "csv", "md"),
        "XLSX with RAG fills, long-form CSV, or Markdown (default: md; xlsx needs -o)",
    )
    parser.set_defaults(run=run_mi, at=None, period="month")


def _fail(reason: str) -> int:
    print(terminal_safe(f"floorwatch: {reason}", one_line=True), file=sys.stderr)
    return EXIT_CANNOT_RUN


def _coordinator_teams(roster_teams: list[tuple[str | None, str | None]], name: str) -> list[str]:
    wanted = name.strip().casefold()
    return sorted({t for t, c in roster_teams if t and (c or "").strip().casefold() == wanted})


def build(args: argparse.Namespace) -> MiReturn | str:
    """The return the options ask for, or why it cannot be made."""
    request = check_request(args, record=False)
    config = request.config
    scanner = DropScanner()
    try:
        newest = newest_month(request, scanner)
        first_year = args.year or fiscal_year_of(
            newest.as_of.date(), config.settings.fiscal_year_start_month
        )
        months = fiscal_months(first_year, config.settings.fiscal_year_start_month)
        checks = month_checks(request, months, newest, scanner)
    except (NoDataError, StoreError) as exc:
        return str(exc)
    if all(c.result is None for c in checks):
        return (
            f"no export in the history for the fiscal year from {months[0]:%B %Y} to "
            f"{months[-1]:%B %Y} (newest export: {newest.as_of:%Y-%m-%d %H:%M})"
        )
    roster = config.roster
    pairs = list(roster.select("team", "coordinator").iter_rows())
    scope, teams, one_team = "whole floor", None, False
    if args.team is not None:
        known = sorted(
            {t.team for c in checks if c.result for t in c.result.teams}
            | {t for t, _ in pairs if t}
        )
        team = find_team(args.team, known)
        if team is None:
            return f"no team {args.team!r} in the year's data (teams: {', '.join(known) or 'none'})"
        scope, teams, one_team = team, [team], True
    elif args.coordinator is not None:
        teams = _coordinator_teams(pairs, args.coordinator)
        if not teams:
            known = sorted({c for _, c in pairs if c})
            listed = ", ".join(known) or "none in the roster"
            return f"no coordinator {args.coordinator!r} in the roster (coordinators: {listed})"
        name = next(
            c for t, c in pairs if c and c.strip().casefold() == args.coordinator.strip().casefold()
        )
        scope = f"coordinator {name}"
    return build_mi(checks, scope, teams, roster, config.settings, one_team=one_team)


def run_mi(args: argparse.Namespace) -> int:
    """Write the return; exit 2 with one line when it cannot (reports.md)."""
    if args.format == "xlsx" and args.output is None:
        return _fail("--format xlsx needs --output FILE")
    mi = build(args)
    if isinstance(mi, str):
        return _fail(mi)
    if args.format == "xlsx":
        from floorwatch.reports.mi_xlsx import write_mi_xlsx

        try:
            write_mi_xlsx(mi, args.output)
        except OSError as exc:
            return _fail(f"cannot write {args.output}: {exc.strerror or exc}")
        print(f"wrote {args.output}")
        return EXIT_OK
    from floorwatch.reports.mi_text import render_mi_csv, render_mi_md

    text = render_mi_md(mi) if args.format == "md" else render_mi_csv(mi)
    if args.output is None:
        sys.stdout.write(text)
        return EXIT_OK
    # A CSV file is for Excel, which reads UTF-8 only after a BOM.
    data = text.encode("utf-8-sig" if args.format == "csv" else "utf-8")
    try:
        write_atomic(args.output, lambda temp: temp.write_bytes(data))
    except OSError as exc:
        return _fail(f"cannot write {args.output}: {exc.strerror or exc}")
    print(f"wrote {args.output}")
    return EXIT_OK
