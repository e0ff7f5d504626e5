"""The simulated floor's phones: Genesys Cloud agent status and performance exports.

Only for a `FloorSpec(contact=True)`. Every caseworker also takes calls, and the exports
are written as Genesys Cloud writes them, with the spellings the starter `columns.toml`
maps (`Name`, `User ID`, `Handled`, `AHT`), so the mapping path is what reads them:

- `Agent_Status_<day>_<HHMM>.csv`: semicolons, one row per agent per hour interval from
  shift start to the as-of, durations `H:MM:SS`. Logged-in time per interval comes from
  the day plan (the same day the dashboard shows); a quarter of it on queue; a 15-minute
  Break presence two hours into the shift.
- `Agent_Performance_<day>_<HHMM>.csv`: commas, one voice row per agent per hour,
  durations in milliseconds (Genesys' default), an email row and a summary row (both
  ignored by the reader) and trailing empty rows.

The export time is in the file name (these kinds have no Export Time column). Three
normal caseworkers are planted (on a floor with fewer than three, any three), chosen with
their own random stream so that the nine task-management plants stay who they are:

- long_handle: calls take 17 min on average (QSA 9 +/- 5) -> LONG_HANDLE;
- short_handle: 2.5 min -> SHORT_HANDLE;
- over_allowance: a 45-minute Break (allowance 30) -> STATUS_OVER_ALLOWANCE once the
  interval two hours into the shift has passed (from 10:45 on an 08:00 shift).
"""

from __future__ import annotations

import csv
import io
import random
from dataclasses import dataclass
from datetime import datetime, timedelta

from floorwatch.simulate.day import OUT, DayPlan
from floorwatch.simulate.exports import DATETIME_FORMAT, hms
from floorwatch.simulate.people import FloorSpec, build_floor

#: The QSA average handle time written to qsa.toml, and the daily Break allowance.
CALL_HANDLE_MINUTES = 9.0
BREAK_ALLOWANCE_MINUTES = 30
#: Break minutes: a normal caseworker's, and the planted over-allowance one's.
NORMAL_BREAK, LONG_BREAK = 15, 45
#: Mean handle minutes of the planted long and short handlers.
LONG_HANDLE_MINUTES, SHORT_HANDLE_MINUTES = 17.0, 2.5
STATUS_HEADER = (
    "Interval Start",
    "Interval End",
    "Interval Complete",
    "Filters",
    "User ID",
    "Name",
    "Logged In",
    "On Queue",
    "Off Queue",
    "Idle",
    "Interacting",
    "Available",
    "Break",
)
PERFORMANCE_HEADER = (
    "Interval Start",
    "Interval End",
    "Interval Complete",
    "Filters",
    "Media Type",
    "User ID",
    "Name",
    "Answered",
    "Handled",
    "AHT",
    "Average Talk Time",
)
_FILTER = "Queue: IM-Calls"


@dataclass(frozen=True)
class ContactPlanted:
    """The worker ids planted on the phones (see the module docstring)."""

    long_handle: str
    short_handle: str
    over_allowance: str


def plant_contact(spec: FloorSpec) -> ContactPlanted:
    """Who was planted as which contact-centre problem on the floor `spec` describes."""
    people = build_floor(spec).people
    normal = [p.worker_id for p in people if not p.role]
    # A floor too small to spare three normal caseworkers doubles up with the others.
    pool = normal if len(normal) >= 3 else [p.worker_id for p in people]
    rng = random.Random(f"floorwatch-contact-{spec.seed}")
    long_handle, short_handle, over = rng.sample(pool, 3)
    return ContactPlanted(long_handle, short_handle, over)


def _agent_id(worker_id: str) -> str:
    return f"agent-{worker_id.lower()}"


def _intervals(plan: DayPlan, at: datetime, person: int) -> list[tuple[datetime, datetime, int]]:
    """(start, end, logged-in seconds) of each hour from 07:00 to `at` the agent was in."""
    out = []
    until = int((at - plan.midnight).total_seconds())
    segments = plan.segments[person]
    for hour in range(7, 18):
        lo, hi = hour * 3600, min((hour + 1) * 3600, until)
        if lo >= hi:
            break
        logged = sum(
            max(0, min(end, hi) - max(start, lo)) for start, end, code, _ in segments if code != OUT
        )
        if logged:
            start = plan.midnight + timedelta(seconds=lo)
            out.append((start, start + timedelta(hours=1), logged))
    return out


def _rows(plan: DayPlan, at: datetime) -> tuple[list[list[str]], list[list[str]]]:
    """The status and performance rows of the day so far."""
    planted = plant_contact(plan.floor.spec)
    status: list[list[str]] = []
    performance: list[list[str]] = []
    for person in plan.floor.people:
        rng = random.Random(f"contact-{plan.floor.spec.seed}-{person.index}-{plan.day}")
        break_hour = person.shift_start // 60 + 2
        long_break = person.worker_id == planted.over_allowance
        aht = {planted.long_handle: LONG_HANDLE_MINUTES, planted.short_handle: SHORT_HANDLE_MINUTES}
        for start, end, logged in _intervals(plan, at, person.index):
            complete = "1.0" if end <= at else "0.0"
            when = [start.strftime(DATETIME_FORMAT), end.strftime(DATETIME_FORMAT), complete]
            ids = [_FILTER, _agent_id(person.worker_id), person.name]
            on_break = 0
            if start.hour == break_hour:
                on_break = min(LONG_BREAK if long_break else NORMAL_BREAK, logged // 60) * 60
            on_queue = (logged - on_break) // 4
            interacting = on_queue * 3 // 4
            off_queue = logged - on_queue
            status.append(
                [
                    *when,
                    *ids,
                    *(
                        hms(s)
                        for s in (
                            logged,
                            on_queue,
                            off_queue,
                            on_queue - interacting,
                            interacting,
                            off_queue - on_break,
                            on_break,
                        )
                    ),
                ]
            )
            calls = rng.randint(1, 3)
            mean = aht.get(person.worker_id, CALL_HANDLE_MINUTES + rng.uniform(-2, 2))
            ms = round(mean * 60_000)
            counts = [str(calls), str(calls)]  # Answered, Handled
            performance.append(
                [*when, _FILTER, "voice", *ids[1:], *counts, str(ms), str(ms * 4 // 5)]
            )
    return status, performance


def _csv(header: tuple[str, ...], rows: list[list[str]], sep: str) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=sep, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue().encode("utf-8")


def contact_exports(plan: DayPlan, at: datetime) -> dict[str, bytes]:
    """The two Genesys exports of the day as of `at`: file name -> bytes."""
    status, performance = _rows(plan, at)
    stamp = f"{plan.day.isoformat()}_{at:%H%M}"
    day = plan.day.isoformat()
    first = plan.floor.people[0]
    email = [_agent_id(first.worker_id), first.name, "2", "2", "60000", "60000"]
    extra = [
        # An email row and a summary row, as Genesys writes them: the reader drops both.
        [f"{day} 08:00:00", f"{day} 09:00:00", "1.0", _FILTER, "email", *email],
        [f"{day} 00:00:00", f"{day} 23:59:59", "0.0", "", "voice", "", "Total", *[""] * 4],
    ]
    trailing = [[""] * len(PERFORMANCE_HEADER)] * 2
    return {
        f"Agent_Status_{stamp}.csv": _csv(STATUS_HEADER, status, ";"),
        f"Agent_Performance_{stamp}.csv": _csv(
            PERFORMANCE_HEADER, [*performance, *extra, *trailing], ","
        ),
    }


def is_contact_export(name: str) -> bool:
    """Whether a drop-folder file is one of these exports (the live floor replaces them)."""
    return name.startswith(("Agent_Status_", "Agent_Performance_"))
