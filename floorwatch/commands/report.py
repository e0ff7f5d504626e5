"""`floorwatch report coaching|worker`: the coaching plan's progress, pass rates and
common errors; a caseworker summary with their coaching record.

Markdown and CSV go to stdout (or `--output`); XLSX needs `--output`. The worker
summary's KPIs and flags come from `run_check`, the engine of `floorwatch check`.
"""

from __future__ import annotations

import argparse
import sys
from datetime import date, datetime, time
from pathlib import Path

from floorwatch.coaching.desk import CoachingDesk
from floorwatch.coaching.output import Report, render_csv, render_markdown, write_xlsx
from floorwatch.coaching.plan import members_of
from floorwatch.coaching.report import as_report, coaching_report
from floorwatch.coaching.summary import worker_summary
from floorwatch.commands.common import (
    EXIT_CANNOT_RUN,
    EXIT_OK,
    add_folder_options,
    add_output_options,
    add_period_report_options,
    check_request,
    load_folders,
)
from floorwatch.commands.report_mi import add_mi_parser
from floorwatch.commands.report_packs import add_pack_parsers
from floorwatch.service import CheckRequest, NoDataError, run_check
from floorwatch.settings import Config
from floorwatch.store import HistoryStore, StoreError


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date YYYY-MM-DD") from None


def add_parser(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("report", help="coaching pass rates, or a caseworker summary")
    kinds = parser.add_subparsers(dest="report", required=True, metavar="REPORT")

    coaching = kinds.add_parser(
        "coaching",
        help="the plan's progress, pass rates by caseworker, team, task type and attribute, "
        "and the common errors",
    )
    add_folder_options(coaching)
    coaching.add_argument(
        "--from", dest="date_from", type=_day, metavar="YYYY-MM-DD", help="first day (default: all)"
    )
    coaching.add_argument(
        "--to", dest="date_to", type=_day, metavar="YYYY-MM-DD", help="last day (default: all)"
    )
    coaching.add_argument("--team", metavar="NAME", help="only this team's checks")
    add_output_options(
        coaching,
        ("md", "csv", "xlsx"),
        "Markdown, CSV (a file gets a BOM for Excel) or XLSX (default: md)",
    )
    coaching.set_defaults(run=run_coaching)

    worker = kinds.add_parser(
        "worker", help="a caseworker summary for follow-up meetings and escalations"
    )
    worker.add_argument("worker_id", metavar="ID", help="the caseworker's Worker ID")
    add_period_report_options(
        worker,
        "the week or month to the as-of (default: week)",
        ("md", "xlsx"),
        "Markdown or XLSX (default: md)",
    )
    worker.set_defaults(run=run_worker)

    add_pack_parsers(kinds)
    add_mi_parser(kinds)


def _emit(report: Report, fmt: str, output: Path | None) -> int:
    if fmt == "xlsx":
        if output is None:
            print("floorwatch: --format xlsx needs --output FILE", file=sys.stderr)
            return EXIT_CANNOT_RUN
        try:
            write_xlsx(report, output)
        except OSError as exc:
            print(f"floorwatch: cannot write {output}: {exc.strerror or exc}", file=sys.stderr)
            return EXIT_CANNOT_RUN
        print(f"wrote {output}")
        return EXIT_OK
    text = render_markdown(report) if fmt == "md" else render_csv(report)
    if output is None:
        sys.stdout.write(text)
        return EXIT_OK
    try:
        # A CSV file is for Excel, which reads UTF-8 only after a BOM (else "Åukasz").
        output.write_text(text, encoding="utf-8-sig" if fmt == "csv" else "utf-8")
    except OSError as exc:
        print(f"floorwatch: cannot write {output}: {exc.strerror or exc}", file=sys.stderr)
        return EXIT_CANNOT_RUN
    return EXIT_OK


def _team_members(
    config: Config, drop: Path | None, data: Path
) -> dict[str, list[tuple[str, str | None]]] | None:
    """Each team's caseworkers in the newest month of data (None: no data)."""
    request = CheckRequest(
        config,
        drop,
        data,
        period="month",
        store_exports=False,
        record_run=False,
        keep_summaries=False,
    )
    try:
        result = run_check(request)
    except (NoDataError, StoreError):
        return None
    return members_of((w.worker_id, w.name, w.team) for w in result.workers)


def run_coaching(args: argparse.Namespace) -> int:
    if args.date_from and args.date_to and args.date_from > args.date_to:
        print(
            f"floorwatch: --from {args.date_from} is after --to {args.date_to}: "
            "no day is in that range",
            file=sys.stderr,
        )
        return EXIT_CANNOT_RUN
    config, drop, data = load_folders(args)
    # The plan's month: that of --to, else this one.
    now = datetime.now()
    day = args.date_to or now.date()
    desk = CoachingDesk(data, config.folder, clock=lambda: datetime.combine(day, time(23, 59)))
    desk.config  # noqa: B018 - a bad coaching.toml stops here with file, line and key
    try:
        entries = desk.entries()
    except StoreError as exc:
        print(f"floorwatch: {exc}", file=sys.stderr)
        return EXIT_CANNOT_RUN
    for error in desk.journal.errors:
        print(f"floorwatch: warning: skipped {error}", file=sys.stderr)
    report = coaching_report(entries, args.date_from, args.date_to, args.team)
    plan = None
    if desk.config.plan:
        plan = tuple(
            p
            for p in desk.progress(_team_members(config, drop, data))
            if args.team is None or (p.item.team or "").casefold() == args.team.casefold()
        )
    month = "this month" if (day.year, day.month) == (now.year, now.month) else f"in {day:%B %Y}"
    return _emit(as_report(report, plan, month), args.format, args.output)


def run_worker(args: argparse.Namespace) -> int:
    request = check_request(args, record=False)
    try:
        result = run_check(request)
        runs = HistoryStore(request.data_dir).runs(period_kind="day")
        entries = CoachingDesk(request.data_dir, request.config.folder).entries()
    except (NoDataError, StoreError) as exc:
        print(f"floorwatch: {exc}", file=sys.stderr)
        return EXIT_CANNOT_RUN
    try:
        report = worker_summary(
            result, args.worker_id, request.config.settings, runs, entries, result.as_of.date()
        )
    except KeyError:
        print(f"floorwatch: no caseworker {args.worker_id!r} in the data", file=sys.stderr)
        return EXIT_CANNOT_RUN
    return _emit(report, args.format, args.output)
