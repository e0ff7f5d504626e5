"""`floorwatch simulate DIR`: write a simulated floor's config and exports, once or live."""

from __future__ import annotations

import argparse
import sys
from datetime import date, datetime, time
from pathlib import Path

from floorwatch.settings import load_config
from floorwatch.simulate import FloorSpec, plant, run_live, write_config, write_day
from floorwatch.simulate.absence import plant_absence
from floorwatch.simulate.contact import plant_contact
from floorwatch.simulate.departures import departed
from floorwatch.simulate.departures import last_day as departed_last_day
from floorwatch.simulate.history import fill_history, weeks_before
from floorwatch.simulate.people import STARTER_FTE, Planted, turnover

EARLIEST, LATEST = time(8, 30), time(16, 30)


def _date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date YYYY-MM-DD") from None


def _clock(text: str) -> time:
    try:
        return datetime.strptime(text.strip(), "%H:%M").time()
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a time HH:MM") from None


def _positive(kind: type) -> object:
    def parse(text: str) -> object:
        try:
            value = kind(text)
        except ValueError:
            value = 0
        if value <= 0:
            raise argparse.ArgumentTypeError(f"{text!r} is not a positive number")
        return value

    return parse


def add_parser(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "simulate",
        help="write a simulated floor's config and exports (once, or live)",
        description="Write DIR/config (floorwatch.toml, qsa.toml, roster.csv) and the exports "
        "of a simulated floor into DIR, with twelve caseworkers planted to trip one flag each "
        "(three on the phones, in Genesys Cloud exports). "
        "With --live, keep the exports refreshing on a fast clock until Ctrl-C.",
    )
    parser.add_argument("dir", type=Path, metavar="DIR", help="the drop folder to write")
    parser.add_argument("--live", action="store_true", help="keep refreshing until Ctrl-C")
    parser.add_argument(
        "--weeks",
        type=int,
        default=0,
        metavar="N",
        help="also store the N weeks before the day in DIR/history (trend lines, previous "
        "periods on the Performance screen)",
    )
    parser.add_argument("--seed", type=int, default=7, help="which floor (default: 7)")
    parser.add_argument("--teams", type=_positive(int), default=4, help="teams (default: 4)")
    parser.add_argument(
        "--size", type=_positive(int), default=10, help="caseworkers per team (default: 10)"
    )
    parser.add_argument(
        "--date", type=_date, metavar="YYYY-MM-DD", help="the simulated day (default: today)"
    )
    parser.add_argument(
        "--until",
        type=_clock,
        metavar="HH:MM",
        help="the moment the exports describe; with --live, where the clock starts "
        "(default: now, kept within 08:30-16:30; 16:30 for another day than today)",
    )
    parser.add_argument(
        "--speed",
        type=_positive(float),
        default=60.0,
        help="with --live: simulated seconds per real second (default: 60)",
    )
    parser.add_argument(
        "--no-calls",
        action="store_true",
        help="leave out the Genesys Cloud (call centre) exports",
    )
    parser.set_defaults(run=run)


def default_until(day: date, now: datetime) -> time:
    """The current time of day kept within 08:30-16:30; 16:30 for any other day."""
    if day != now.date():
        return LATEST
    moment = now.time().replace(second=0, microsecond=0)
    return min(max(moment, EARLIEST), LATEST)


def floor_spec(args: argparse.Namespace, day: date) -> FloorSpec:
    """The floor the options describe, its staff changes around `day` (`simulate`, `demo`)."""
    return FloorSpec(
        seed=args.seed,
        teams=args.teams,
        size=args.size,
        contact=not args.no_calls,
        turnover_on=day,
    )


def run(args: argparse.Namespace) -> int:
    now = datetime.now()
    day = args.date or now.date()
    until = args.until or default_until(day, now)
    spec = floor_spec(args, day)
    try:
        planted = plant(spec)
        clock = "exports" if args.live else "wall"  # a live floor runs on its own clock
        config = write_config(args.dir, spec, today=day, clock=clock)
        written = [] if args.live else write_day(args.dir, spec, day, until=until)
        stored = fill_history(
            args.dir / "history", spec, load_config(config), weeks_before(day, max(args.weeks, 0))
        )
    except ValueError as exc:
        print(f"floorwatch: {exc}", file=sys.stderr)
        return 2
    except OSError as exc:
        print(f"floorwatch: cannot write {args.dir}: {exc.strerror or exc}", file=sys.stderr)
        return 2
    people = spec.teams * spec.size
    if stored:
        days = len({e.export_time.date() for e in stored})
        history = args.dir / "history"
        print(f"stored {len(stored)} exports of {days} earlier working days in {history}")
    print(
        f"wrote {config} (floorwatch.toml, qsa.toml, roster.csv: {people} caseworkers, leave.csv)"
    )
    _say_who_is_who(spec, planted, day)
    if not args.live:
        for path in written:
            print(f"wrote {path} (as of {day} {until:%H:%M})")
        print(f"next: floorwatch check --config {config}")
        return 0
    print(
        f"live: refreshing {args.dir} from {day} {until:%H:%M} at {args.speed:g}x "
        f"(the day stops at 17:00); Ctrl-C to stop"
    )
    print(f"in another terminal: floorwatch check --config {config}")
    try:
        run_live(args.dir, spec, day=day, start=until, speed=args.speed)
    except KeyboardInterrupt:
        print("stopped")
    return 0


def _say_who_is_who(spec: FloorSpec, planted: Planted, day: date) -> None:
    """Print who the simulated floor planted as which problem, who is away, who left or
    started, and who is planted on the phones: what a tester looks for on screen."""
    print(
        f"planted: slow {planted.slow_on_task_type[0]} ({planted.slow_on_task_type[1]}), "
        f"short {planted.short_transactions}, idle {planted.long_idle}, "
        f"100% {planted.full_completion}, get-next {planted.low_get_next}, "
        f"stuck {planted.stuck_on_task}, late {planted.late_login}, "
        f"old paused {planted.old_paused}, resigning {planted.resigning}"
    )
    away = plant_absence(spec)
    if away.no_show:
        print(
            f"away: no-show every day {away.no_show}, on leave {away.away}, "
            f"sick some days {away.sick}, annual leave some weeks {away.annual}, "
            f"Mon-Thu {away.four_day}"
        )
    moves = turnover(spec)
    if moves.leaver and moves.last_day and moves.starter and moves.start_date:
        print(
            f"staff: leaver {moves.leaver} (Last Day {moves.last_day}), starter "
            f"{moves.starter} (from {moves.start_date}, FTE {STARTER_FTE:g}), "
            f"{len(moves.staff)} supervisors and support staff in the roster"
        )
    if spec.contact:
        calls = plant_contact(spec)
        print(
            f"planted on the phones: long calls {calls.long_handle}, "
            f"short calls {calls.short_handle}, long break {calls.over_allowance}"
        )
    gone = departed(spec)
    if gone is not None:
        print(
            f"left: {gone.worker_id} (Last Day {departed_last_day(day)}) still holds paused tasks"
        )
