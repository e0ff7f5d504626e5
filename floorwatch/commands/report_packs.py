"""`floorwatch report team NAME` and `floorwatch report floor [--coordinator NAME]`.

Team and floor packs (reports.md): laid out from `run_check` results of the period, the
previous one and the same one last year, as `check --no-record` gives them; the history is
never written. Markdown goes to stdout unless `-o`; xlsx and html need `-o`.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from floorwatch.coaching.desk import CoachingDesk
from floorwatch.commands.check import coordinator_scope
from floorwatch.commands.common import (
    EXIT_CANNOT_RUN,
    EXIT_OK,
    add_period_report_options,
    check_request,
)
from floorwatch.engine.result import CheckResult
from floorwatch.reports.gather import Scope, gather
from floorwatch.reports.pack_data import build_pack
from floorwatch.reports.pack_model import FLOOR_KEY, Pack, PackKind
from floorwatch.service import NoDataError
from floorwatch.store import StoreError
from floorwatch.store.files import write_atomic


def add_pack_parsers(kinds: argparse._SubParsersAction) -> None:
    """The `team` and `floor` report kinds."""
    team = kinds.add_parser("team", help="a team's pack: KPIs, trends, caseworkers, flags")
    team.add_argument("team", metavar="NAME", help="the team (any case)")
    floor = kinds.add_parser(
        "floor", help="the floor's (or a coordinator's) pack: KPIs, trends, teams, flags"
    )
    floor.add_argument("--coordinator", metavar="NAME", help="only this coordinator's teams")
    for parser, kind in ((team, "team"), (floor, "floor")):
        add_period_report_options(
            parser,
            "the week from Monday or the month to the as-of (default: week)",
            ("md", "xlsx", "html"),
            "Markdown, XLSX with charts, or one self-contained HTML page (default: md; "
            "xlsx and html need -o)",
        )
        parser.set_defaults(run=run_pack, pack_kind=kind)


def _team_scope(name: str) -> Scope:
    def scope(result: CheckResult) -> CheckResult:
        wanted = name.strip().casefold()
        found = [t.team for t in result.teams if t.team.casefold() == wanted]
        if not found:
            known = ", ".join(t.team for t in result.teams) or "none"
            raise LookupError(f"no team {name!r} in the data (teams: {known})")
        return result.for_team(found[0])

    return scope


def _floor_scope(coordinator: str | None) -> Scope:
    def scope(result: CheckResult) -> CheckResult:
        return result if coordinator is None else coordinator_scope(result, coordinator)

    return scope


def _render(pack: Pack, fmt: str, output: Path) -> None:
    if fmt == "xlsx":
        from floorwatch.reports.pack_xlsx import write_pack_xlsx

        write_pack_xlsx(pack, output)
        return
    if fmt == "html":
        from floorwatch.reports.pack_html import render_pack_html

        text = render_pack_html(pack)
    else:
        from floorwatch.reports.pack_md import render_pack_md

        text = render_pack_md(pack)
    data = text.encode("utf-8")
    write_atomic(output, lambda temp: temp.write_bytes(data))


def run_pack(args: argparse.Namespace) -> int:
    """Build and write one pack; exit 2 with one line when it cannot (reports.md)."""
    kind: PackKind = args.pack_kind
    if args.format != "md" and args.output is None:
        print(f"floorwatch: --format {args.format} needs --output FILE", file=sys.stderr)
        return EXIT_CANNOT_RUN
    request = check_request(args, record=False)
    if kind == "team":
        scope, label, floor_key = _team_scope(args.team), args.team, None
    else:
        scope, label = _floor_scope(args.coordinator), args.coordinator or "whole floor"
        floor_key = FLOOR_KEY
    try:
        entries = CoachingDesk(request.data_dir, request.config.folder).entries()
        inputs = gather(request, scope, entries, floor_key=floor_key)
    except (NoDataError, StoreError, LookupError) as exc:
        print(f"floorwatch: {exc}", file=sys.stderr)
        return EXIT_CANNOT_RUN
    if kind == "team":
        label = inputs.result.teams[0].team  # as the data spells it
    elif args.coordinator:
        label = f"coordinator {inputs.result.teams[0].coordinator}"
    pack = build_pack(kind, label, inputs, request.config.roster, request.config.settings)
    if args.output is None:
        from floorwatch.reports.pack_md import render_pack_md

        sys.stdout.write(render_pack_md(pack))
        return EXIT_OK
    try:
        _render(pack, args.format, args.output)
    except OSError as exc:
        print(f"floorwatch: cannot write {args.output}: {exc.strerror or exc}", file=sys.stderr)
        return EXIT_CANNOT_RUN
    print(f"wrote {args.output}")
    return EXIT_OK
