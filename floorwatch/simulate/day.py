"""One working day of the simulated floor, planned whole before any export is written.

A `DayPlan` depends on the spec and the date only, never on the time an export is taken:
a dashboard at 11:00 and one at 15:30 of the same day describe the same day. Times are
whole seconds after midnight of the plan's day.

Every caseworker's day: log in at shift start (+0..4 min), work transactions separated
by short idle gaps until lunch (~4 h after shift start, logged out for 30 min), a 10-min
break (Away or Paused) ~6 h after shift start, then work until 8 h 30 min after shift
start and log out after the transaction in hand. Idle gaps are steered so that the
cumulative utilization stays near `NORMAL_UTILIZATION`.

Planted caseworkers (see `people.ROLES`) differ as the module `floorwatch.simulate`
documents.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from functools import lru_cache
from itertools import accumulate

from floorwatch.simulate.absence import absent_on
from floorwatch.simulate.people import (
    QUEUE_OF,
    QUEUES,
    SLOW_EXTRA_MINUTES,
    SLOW_TYPE,
    TASK_TYPES,
    TYPE_NAMES,
    TYPE_WEIGHTS,
    Floor,
    FloorSpec,
    build_floor,
)

# Segment codes: what a caseworker is doing between two moments.
OUT, IDLE, ACTIVE, AWAY, PAUSED = 0, 1, 2, 3, 4
STATUS_NAMES = ("Logged Out", "Idle", "Active", "Away", "Paused")
OUTCOME_NAMES = ("Completed", "Not Completed", "Paused", "Transferred")
SOURCE_NAMES = ("Get Next", "Manual", "Assigned")
PAUSE_REASONS = (
    "Awaiting verification",
    "Client callback",
    "Pending documents",
    "Supervisor review",
)

#: Cumulative utilization (active / logged in) a normal caseworker is steered to.
NORMAL_UTILIZATION = 0.765
#: The QSA utilization written to qsa.toml: normal caseworkers sit within its +/- 5 pp.
QSA_UTILIZATION_PCT = 75.0

#: The end of an open transaction that stays open all day (the stuck caseworker's).
OPEN = 10**9
DAY_END = 17 * 3600

_H, _M = 3600, 60
LUNCH_AFTER, LUNCH = 240 * _M, 30 * _M
BREAK_AFTER, BREAK = 360 * _M, 10 * _M
SHIFT_SPAN = 510 * _M
LATE_LOGIN = 100 * _M
#: long_idle, on idle days: no task started that would end after this; idle until logout.
IDLE_FROM, IDLE_LOGOUT = 16 * _H + 5 * _M, 16 * _H + 45 * _M
#: stuck: the first task started after this stays open for the rest of the day.
STUCK_AT, STUCK_LOGOUT = 14 * _H + 45 * _M, 17 * _H + 5 * _M

_TYPE_CUM = tuple(accumulate(TYPE_WEIGHTS))
_SLOW_INDEX = TYPE_NAMES.index(SLOW_TYPE)
_SLOW_CUM = tuple(
    accumulate(0.5 if i == _SLOW_INDEX else w * 0.5 / (1 - TYPE_WEIGHTS[_SLOW_INDEX])
               for i, w in enumerate(TYPE_WEIGHTS))
)  # fmt: skip
_QSA_SECONDS = tuple(int(TASK_TYPES[t] * 60) for t in TYPE_NAMES)
_SPREAD = tuple(min(240, int(q * 0.25)) for q in _QSA_SECONDS)
_QUEUE_INDEX = tuple(QUEUES.index(QUEUE_OF[t]) for t in TYPE_NAMES)
_VERIFICATION = TYPE_NAMES.index("Verification")
_APPLICATION = TYPE_NAMES.index("Application")


def idle_long_on(day: date) -> bool:
    """Whether the planted long_idle caseworker goes idle for long on `day`.

    On those days (`day.toordinal() % 3 == 0`) they start no task that would end after
    16:05 and stay Idle until logging out at 16:45, so IDLE_NOW is raised for any as-of
    from about 16:20 to 16:45. Never on three of any five consecutive weekdays' worth in
    a row, so it is a one-time flag, not a trend.
    """
    return day.toordinal() % 3 == 0


@dataclass
class DayPlan:
    """Everything that happens on the floor on one day (times in seconds after midnight)."""

    day: date
    floor: Floor
    #: Transactions, ordered by worker then start; end is OPEN for one never finished.
    worker: list[int] = field(default_factory=list)
    task_type: list[int] = field(default_factory=list)
    start: list[int] = field(default_factory=list)
    end: list[int] = field(default_factory=list)
    outcome: list[int] = field(default_factory=list)
    source: list[int] = field(default_factory=list)
    #: Per worker: (start, end, code, transaction index or -1), covering 0..86400.
    segments: list[list[tuple[int, int, int, int]]] = field(default_factory=list)
    #: Tasks paused before today and still paused: (worker, task id, type, paused at, reason).
    carried: list[tuple[int, str, int, datetime, str]] = field(default_factory=list)

    @property
    def midnight(self) -> datetime:
        return datetime.combine(self.day, time(0))

    @property
    def id_base(self) -> str:
        return f"T{(self.day - date(2020, 1, 1)).days % 10000:04d}"

    def task_id(self, i: int) -> str:
        return f"{self.id_base}{i:06d}"


def _seed(spec: FloorSpec, index: int, day: date) -> int:
    return (spec.seed % 100_000) * 10**13 + index * 10**7 + day.toordinal()


def _pick(rng: random.Random, cum: tuple[float, ...]) -> int:
    x = rng.random() * cum[-1]
    for i, c in enumerate(cum):
        if x < c:
            return i
    return len(cum) - 1


def _duration(rng: random.Random, kind: int, role: str) -> int:
    qsa = _QSA_SECONDS[kind]
    if role == "short":
        return int(qsa * rng.uniform(0.25, 0.40))
    if role == "slow" and kind == _SLOW_INDEX:
        return qsa + int(SLOW_EXTRA_MINUTES * 60) + rng.randint(-120, 120)
    return qsa + rng.randint(-_SPREAD[kind], _SPREAD[kind])


def _gap(rng: random.Random, active: int, logged: int, d: int, target: float) -> int:
    """Idle before the next task: steers utilization, 2/3 into the task, to `target`.

    (Early in the day one long task swings the cumulative figure by several points;
    aiming past the midpoint centres the swing in the QSA band, which has more room
    below the normal target than above it.)
    """
    f = d * 2 / 3
    g = (active + f) / target - logged - f + rng.uniform(-45, 45)
    return int(min(max(g, 30), 540))


@dataclass
class _Rhythm:
    """Outcome and source patterns that keep a caseworker's rates inside their ranges at
    every point of the day: a non-completed outcome every `period`-th transaction of a
    queue, a source other than Get Next every `gn_period`-th."""

    period: int
    offsets: list[int]
    gn_period: int
    gn_offset: int
    in_queue: list[int] = field(default_factory=lambda: [0] * len(QUEUES))
    count: int = 0

    @classmethod
    def drawn(cls, role: str, rng: random.Random) -> _Rhythm:
        period = rng.choice((5, 6, 7))
        offsets = [rng.randint(0, 4) for _ in QUEUES]
        gn_period = 2 if role == "low_get_next" else rng.choice((8, 9, 10))
        gn_offset = 1 if role == "low_get_next" else rng.randint(0, 4)
        return cls(period, offsets, gn_period, gn_offset)

    def next(self, kind: int, role: str, rng: random.Random) -> tuple[int, int]:
        """(outcome, source) of the next transaction of `kind`."""
        q = _QUEUE_INDEX[kind]
        if role == "full_completion" or self.in_queue[q] % self.period != self.offsets[q]:
            outcome = 0
        else:
            outcome = rng.choices((1, 2, 3), (0.45, 0.35, 0.2))[0]
        self.in_queue[q] += 1
        not_get_next = self.count % self.gn_period == self.gn_offset
        source = (1 if rng.random() < 0.6 else 2) if not_get_next else 0
        self.count += 1
        return outcome, source


def _logout(role: str, idle_day: bool, t: int, rng: random.Random) -> int:
    """When the day's last transaction at `t` is followed by logging out."""
    if role == "stuck":
        return t
    if idle_day:
        return max(t, IDLE_LOGOUT)
    return t + rng.randint(30, 120)


def _plan_worker(plan: DayPlan, w: int, role: str, shift: int, rng: random.Random) -> None:
    day = plan.day
    s0 = shift * 60
    login = s0 + rng.randint(0, 240) + (LATE_LOGIN if role == "late_login" else 0)
    lunch_at = s0 + LUNCH_AFTER + rng.randint(-600, 600)
    break_at = s0 + BREAK_AFTER + rng.randint(-900, 900)
    break_code = AWAY if rng.random() < 0.6 else PAUSED
    end_at = s0 + SHIFT_SPAN
    idle_day = role == "long_idle" and idle_long_on(day)
    target = {"stuck": 0.72, "late_login": 0.75}.get(
        role, 0.785 if idle_day else NORMAL_UTILIZATION
    )
    cum = _SLOW_CUM if role == "slow" else _TYPE_CUM
    rhythm = _Rhythm.drawn(role, rng)

    segs: list[tuple[int, int, int, int]] = [(0, login, OUT, -1)]
    t, active, logged, lunched, breaked = login, 0, 0, False, idle_day
    while True:
        if not lunched and t >= lunch_at:
            segs.append((t, t + LUNCH, OUT, -1))
            t += LUNCH
            lunched = True
            continue
        if lunched and not breaked and t >= break_at:
            segs.append((t, t + BREAK, break_code, -1))
            t += BREAK
            logged += BREAK
            breaked = True
            continue
        if t >= end_at:
            break
        kind = _pick(rng, cum)
        d = _duration(rng, kind, role)
        g = _gap(rng, active, logged, d, target)
        stuck = role == "stuck" and t >= STUCK_AT
        if stuck:
            kind, g = _APPLICATION, rng.randint(30, 90)
        if idle_day and t + g + d > IDLE_FROM:
            kind = _VERIFICATION
            d = _duration(rng, kind, role)
            if t + g + d > IDLE_FROM:
                break
        outcome, source = rhythm.next(kind, role, rng)
        segs.append((t, t + g, IDLE, -1))
        t += g
        if stuck:
            i = _add_task(plan, w, kind, (t, OPEN), outcome, source)
            segs.append((t, STUCK_LOGOUT, ACTIVE, i))
            t = STUCK_LOGOUT
            break
        i = _add_task(plan, w, kind, (t, t + d), outcome, source)
        segs.append((t, t + d, ACTIVE, i))
        t += d
        active += d
        logged += g + d
    _end_day(plan, w, role, idle_day, t, segs, rng)


def _add_task(
    plan: DayPlan, w: int, kind: int, span: tuple[int, int], outcome: int, source: int
) -> int:
    """Record one task of caseworker `w` over `span` (start, end); its index in the plan."""
    i = len(plan.start)
    plan.worker.append(w)
    plan.task_type.append(kind)
    start, end = span
    plan.start.append(start)
    plan.end.append(end)
    plan.outcome.append(outcome)
    plan.source.append(source)
    return i


def _end_day(
    plan: DayPlan,
    w: int,
    role: str,
    idle_day: bool,
    t: int,
    segs: list[tuple[int, int, int, int]],
    rng: random.Random,
) -> None:
    """Log out after second `t` (the last task's end), close the day's segments, and carry
    the tasks paused on earlier days."""
    logout = _logout(role, idle_day, t, rng)
    if logout > t:
        segs.append((t, logout, IDLE, -1))
    segs.append((logout, max(logout, 86400), OUT, -1))
    plan.segments.append(segs)
    _carry(plan, w, role, rng)


def _carry(plan: DayPlan, w: int, role: str, rng: random.Random) -> None:
    """Tasks this caseworker paused on earlier days and has not resumed."""
    day = plan.day
    when: list[datetime] = []
    if role == "old_paused":
        # Working days back: paused time skips weekends by default (`paused_days`), and
        # both tasks must be over the limit on a Monday too.
        when = [
            datetime.combine(_working_days_before(day, 4), time(10, 15)),
            datetime.combine(_working_days_before(day, 3), time(15, 40)),
        ]
    elif role == "resigning":
        when = [
            datetime.combine(day - timedelta(days=1), time(14, 10)),
            datetime.combine(day - timedelta(days=1), time(15, 40)),
        ]
    elif rng.random() < 0.25:
        when = [datetime.combine(day - timedelta(days=1), time(13)) + timedelta(
            seconds=rng.randint(0, 3 * 3600))]  # fmt: skip
    for slot, at in enumerate(when):
        base = (at.date() - date(2020, 1, 1)).days % 10000
        task_id = f"P{base:04d}{w:05d}{slot}"
        kind = rng.randrange(len(TYPE_NAMES))
        plan.carried.append((w, task_id, kind, at, PAUSE_REASONS[(w + slot) % 4]))


def _working_days_before(day: date, n: int) -> date:
    """The date `n` Monday-to-Friday days before `day`."""
    while n:
        day -= timedelta(days=1)
        n -= day.weekday() < 5
    return day


@lru_cache(maxsize=4)
def plan_day(spec: FloorSpec, day: date) -> DayPlan:
    """The whole of `day` on the floor `spec` describes (cached: it is immutable in use)."""
    floor = build_floor(spec)
    plan = DayPlan(day=day, floor=floor)
    away = absent_on(spec, day)
    for person in floor.people:
        if person.worker_id in away:  # logged out all day: no task, nothing carried
            plan.segments.append([(0, 86400, OUT, -1)])
            continue
        rng = random.Random(_seed(spec, person.index, day))
        _plan_worker(plan, person.index, person.role, person.shift_start, rng)
    return plan


@dataclass(frozen=True)
class Snapshot:
    """One caseworker's dashboard row at a moment (seconds after midnight)."""

    status: int
    status_start: int
    txn: int
    logged_in: int
    active: int
    idle: int


def snapshot(segs: list[tuple[int, int, int, int]], at: int) -> Snapshot:
    """What a caseworker's dashboard row says at `at`: status and cumulative times."""
    logged = active = idle = 0
    status, since, txn = OUT, 0, -1
    for start, end, code, i in segs:
        if start > at:
            break
        span = min(end, at) - start
        if code != OUT:
            logged += span
            if code == ACTIVE:
                active += span
            elif code == IDLE:
                idle += span
        status, since, txn = code, start, i
    if status == OUT and since == 0:
        since = -7 * 3600  # logged out since 17:00 the day before
    return Snapshot(status, since, txn, logged, active, idle)
