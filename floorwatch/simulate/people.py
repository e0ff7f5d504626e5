"""Who works on the simulated floor: caseworkers, teams, supervisors, and who is planted.

Everything here depends on the `FloorSpec` alone, so the config, every day's exports and
the live floor all describe the same people.
"""

from __future__ import annotations

import random
from dataclasses import astuple, dataclass
from datetime import date, timedelta
from functools import lru_cache

#: QSA transaction minutes per task type, as written to qsa.toml.
TASK_TYPES: dict[str, float] = {
    "Application": 32.0,
    "Renewal": 18.0,
    "Change": 9.0,
    "Verification": 6.0,
    "Interview": 25.0,
}
TYPE_NAMES: tuple[str, ...] = tuple(TASK_TYPES)
#: The work queue each task type arrives in.
QUEUE_OF: dict[str, str] = {
    "Application": "Apps",
    "Interview": "Apps",
    "Renewal": "Renewals",
    "Change": "Changes",
    "Verification": "Changes",
}
QUEUES: tuple[str, ...] = ("Apps", "Renewals", "Changes")
#: How often a normal caseworker works each task type.
TYPE_WEIGHTS: tuple[float, ...] = (0.15, 0.30, 0.25, 0.20, 0.10)
#: The task type the planted slow caseworker is slow on, and by how many minutes.
SLOW_TYPE = "Renewal"
SLOW_EXTRA_MINUTES = 12.0

TEAM_NAMES = ("North", "South", "East", "West")

_FIRST = (
    "Hana", "Omar", "Vic", "Björn", "Femi", "Mara", "Tess", "José", "Kofi", "Aisha",
    "Chloé", "Dmitri", "Elena", "Farid", "Greta", "Hiroshi", "Inés", "Jamal", "Katarzyna",
    "Liam", "Mónica", "Nnamdi", "Olga", "Pedro", "Quinn", "Renée", "Sven", "Tomás",
    "Uma", "Valérie", "Wen", "Ximena", "Yusuf", "Zoë", "Andrés", "Beatriz", "Carlos",
    "Dolores", "Emeka", "François", "Gabriel", "Helga", "Ibrahim", "Joëlle", "Kwame",
    "Léa", "Marcus", "Nadia", "Oisín", "Priya", "Rafael", "Sofía", "Tariq", "Ulla",
    "Vikram", "Wanda", "Yara", "Zainab", "Anneliese", "Bruno", "Dana", "Erin", "Grace",
    "Hector", "Irene", "Jonas", "Kim", "Lucía", "Malik", "Noemí", "Patrick", "Ruth",
)  # fmt: skip
_LAST = (
    "Kowalski", "Moreau", "Abara", "Peña", "Larsen", "Kim", "Schmidt", "Ito", "Nguyen",
    "Okafor", "García", "Müller", "Rossi", "Dubois", "Novák", "Haddad", "Johansson",
    "O'Brien", "Fernández", "Yamamoto", "Mensah", "Petrović", "Silva", "Andersson",
    "Brennan", "Castillo", "Diallo", "Eriksen", "Fischer", "Gómez", "Horvát", "Iyer",
    "Jiménez", "Kaplan", "López", "Mbeki", "Nakamura", "Olsen", "Popescu", "Quintero",
    "Ramírez", "Søndergaard", "Thompson", "Ünal", "Vargas", "Walker", "Xu", "Yilmaz",
    "Zieliński", "Asante", "Byrne", "Chávez", "Delacroix", "Evans", "Fournier", "Hughes",
    "Ivanova", "Jensen", "Kowalczyk", "Lindqvist", "Morales", "Novak", "Ortiz", "Patel",
)  # fmt: skip

#: Roster shift starts, in minutes after midnight, with their weights.
SHIFT_STARTS = ((450, 0.2), (480, 0.6), (510, 0.2))
SHIFT_MINUTES = 480


@dataclass(frozen=True)
class FloorSpec:
    """The simulated floor: a seed, how many teams, how many caseworkers per team."""

    seed: int = 7
    teams: int = 4
    size: int = 10
    #: Whether the caseworkers also take calls: Genesys Cloud exports beside the others
    #: (`simulate/contact.py`).
    contact: bool = False
    #: The day the floor is simulated for (`simulate`, `demo`). With it, staff come and go
    #: around that day (`turnover`): a leaver and a part-time starter in the weeks before,
    #: and supervisors and support staff in the roster. None: the same people every day.
    turnover_on: date | None = None


@dataclass(frozen=True)
class Planted:
    """Which caseworker (worker id) was planted as which problem.

    Each trips its own flag (see `floorwatch.simulate` for when); everyone else is
    normal and should trip nothing on most days.
    """

    slow_on_task_type: tuple[str, str]
    short_transactions: str
    long_idle: str
    full_completion: str
    low_get_next: str
    stuck_on_task: str
    late_login: str
    old_paused: str
    resigning: str


#: The Planted fields in the order they are assigned to sampled caseworkers.
ROLES: tuple[str, ...] = (
    "slow",
    "short",
    "long_idle",
    "full_completion",
    "low_get_next",
    "stuck",
    "late_login",
    "old_paused",
    "resigning",
)


@dataclass(frozen=True)
class Person:
    """One caseworker of the simulated floor."""

    index: int
    worker_id: str
    name: str
    team: str
    #: Minutes after midnight.
    shift_start: int
    start_date_offset_days: int
    #: One of ROLES, or "" for a normal caseworker.
    role: str = ""


@dataclass(frozen=True)
class Team:
    """A supervisor's group."""

    name: str
    supervisor: str
    coordinator: str


@dataclass(frozen=True)
class Floor:
    """Everyone on the simulated floor."""

    spec: FloorSpec
    people: tuple[Person, ...]
    teams: tuple[Team, ...]

    def by_role(self, role: str) -> Person:
        return next(p for p in self.people if p.role == role)


def team_name(i: int) -> str:
    """North, South, East, West, then Team 5, Team 6, ..."""
    return TEAM_NAMES[i] if i < len(TEAM_NAMES) else f"Team {i + 1}"


def _names(rng: random.Random, count: int) -> list[str]:
    seen: set[str] = set()
    out: list[str] = []
    while len(out) < count:
        name = f"{rng.choice(_FIRST)} {rng.choice(_LAST)}"
        if name in seen:
            first, last = name.split(" ", 1)
            name = f"{first} {rng.choice('ABCDEFGHJKLMNPRSTVW')}. {last}"
        if name in seen:
            continue
        seen.add(name)
        out.append(name)
    return out


def coordinators_count(teams: int) -> int:
    """Two teams per coordinator on a small floor, four on a large one."""
    per = 2 if teams <= 8 else 4
    return max(1, -(-teams // per))


@lru_cache(maxsize=8)
def build_floor(spec: FloorSpec) -> Floor:
    """The people of `spec`, the same every time for the same spec."""
    total = spec.teams * spec.size
    if spec.teams < 1 or spec.size < 1:
        raise ValueError("a floor needs at least one team of at least one caseworker")
    if total < len(ROLES) + 1:
        raise ValueError(f"a floor needs at least {len(ROLES) + 1} caseworkers, not {total}")
    rng = random.Random(f"floorwatch-floor-{spec.seed}")
    n_coord = coordinators_count(spec.teams)
    names = _names(rng, total + spec.teams + n_coord)
    worker_names, boss_names = names[:total], names[total:]
    per_coord = -(-spec.teams // n_coord)
    teams = tuple(
        Team(team_name(t), boss_names[t], boss_names[spec.teams + t // per_coord])
        for t in range(spec.teams)
    )
    planted_at = dict(zip(rng.sample(range(total), len(ROLES)), ROLES, strict=True))
    starts, weights = zip(*SHIFT_STARTS, strict=True)
    people = []
    for i in range(total):
        role = planted_at.get(i, "")
        shift = rng.choices(starts, weights)[0]
        hired = rng.randint(120, 3650)
        people.append(
            Person(
                index=i,
                worker_id=f"W{1001 + i}",
                name=worker_names[i],
                team=teams[i // spec.size].name,
                # Planted people work the default shift, so their effects land on time.
                shift_start=480 if role else shift,
                start_date_offset_days=hired,
                role=role,
            )
        )
    return Floor(spec, tuple(people), teams)


def plant(spec: FloorSpec) -> Planted:
    """Who was planted as what on the floor `spec` describes (worker ids)."""
    floor = build_floor(spec)
    wid = {p.role: p.worker_id for p in floor.people if p.role}
    return Planted(
        slow_on_task_type=(wid["slow"], SLOW_TYPE),
        short_transactions=wid["short"],
        long_idle=wid["long_idle"],
        full_completion=wid["full_completion"],
        low_get_next=wid["low_get_next"],
        stuck_on_task=wid["stuck"],
        late_login=wid["late_login"],
        old_paused=wid["old_paused"],
        resigning=wid["resigning"],
    )


#: Staff rows of the roster beside the caseworkers (`turnover`): their Role and FTE.
SUPERVISOR_ROLE, SUPPORT_ROLE = "Supervisor", "Support"
SUPPORT_FTE = 0.5
#: The part-time starter's FTE.
STARTER_FTE = 0.6


@dataclass(frozen=True)
class StaffMember:
    """A roster row that is not a caseworker of the exports: judged on no schedule."""

    worker_id: str
    name: str
    team: str
    role: str
    fte: float


@dataclass(frozen=True)
class Turnover:
    """Who left and who started on a floor with `FloorSpec.turnover_on` (worker ids, and
    the roster's Last Day and Start Date); empty without it or on a floor too small."""

    leaver: str | None = None
    last_day: date | None = None
    starter: str | None = None
    start_date: date | None = None
    staff: tuple[StaffMember, ...] = ()

    def away(self, day: date) -> frozenset[str]:
        """Who is not at work on `day`: the leaver after the Last Day, the starter before
        the Start Date."""
        out = set()
        if self.leaver is not None and self.last_day is not None and day > self.last_day:
            out.add(self.leaver)
        if self.starter is not None and self.start_date is not None and day < self.start_date:
            out.add(self.starter)
        return frozenset(out)


@lru_cache(maxsize=8)
def turnover(spec: FloorSpec) -> Turnover:
    """The floor's staff changes around `spec.turnover_on` (see `Turnover`).

    The leaver's Last Day is the Friday three weeks before that day's week; the starter
    (FTE 0.6) starts on the Monday of the week before. Both are normal caseworkers drawn by
    their own seeded draw (never a planted, absent or phone-planted one), so nobody else's
    day changes. Every team's supervisor and one half-time support officer join the roster.
    """
    if spec.turnover_on is None:
        return Turnover()
    # Imported here: absence.py builds on this module.
    from floorwatch.simulate.absence import plant_absence
    from floorwatch.simulate.contact import plant_contact

    floor = build_floor(spec)
    taken = {w for w in astuple(plant_absence(spec)) if w}
    if spec.contact:
        taken |= set(astuple(plant_contact(spec)))
    pool = [p.worker_id for p in floor.people if not p.role and p.worker_id not in taken][1:]
    staff = [
        StaffMember(f"S{101 + i}", t.supervisor, t.name, SUPERVISOR_ROLE, 1.0)
        for i, t in enumerate(floor.teams)
    ]
    rng = random.Random(f"floorwatch-turnover-{spec.seed}")
    names = {p.name for p in floor.people} | {t.supervisor for t in floor.teams}
    support = next(n for n in iter(lambda: _names(rng, 1)[0], None) if n not in names)
    staff.append(StaffMember("S900", support, floor.teams[0].name, SUPPORT_ROLE, SUPPORT_FTE))
    if len(pool) < 2:
        return Turnover(staff=tuple(staff))
    leaver, starter = rng.sample(pool, 2)
    monday = spec.turnover_on - timedelta(days=spec.turnover_on.weekday())
    return Turnover(
        leaver=leaver,
        last_day=monday - timedelta(days=17),
        starter=starter,
        start_date=monday - timedelta(days=7),
        staff=tuple(staff),
    )
