"""The built-in simulated floor: `floorwatch demo`, the test fixtures, the benchmark month.

Every normal caseworker stays inside every KPI on most days; nine are planted (see
`plant`) and trip their own flag every day unless noted:

- slow_on_task_type: Renewal transactions take QSA + 12 min (about 30 min) -> LONG_TXN
  (Renewal) once 3 Renewals are done; while in one past 23 min, LONG_ACTIVE too.
- short_transactions: every transaction takes 25-40 % of its QSA -> SHORT_TXN on
  Application, Renewal, Change and Interview (Verification's QSA - 5 min is 1 min).
- long_idle: one-time, on days where `day.toordinal() % 3 == 0` (`idle_long_on`): idle
  from no later than 16:05 until logging out at 16:45 -> IDLE_NOW as of ~16:20..16:45.
- full_completion: every transaction Completed -> HIGH_COMPLETION per queue (>= 5 cases).
- low_get_next: every second transaction Manual or Assigned -> LOW_GET_NEXT (~50 %).
- stuck_on_task: the first task started after 14:45 (an Application) stays open all day
  -> LONG_ACTIVE as of ~15:25 onwards; its row never gets an End.
- late_login: logs in 100 min after shift start -> LOW_LOGGED_IN.
- old_paused: two tasks paused 3 and 4 working days earlier -> PAUSED_OVER_LIMIT.
- resigning: roster Last Day = write_config's today + 3, two tasks paused the day before
  (under 2 days old) -> PAUSED_BEFORE_LAST_DAY only.

`write_day` writes one day's live exports as of a moment, `write_month` the benchmark's
dated month, `LiveFloor` / `run_live` keep the live exports refreshing on a fast clock.
"""

from floorwatch.simulate.config import write_config
from floorwatch.simulate.day import idle_long_on
from floorwatch.simulate.files import write_day, write_month
from floorwatch.simulate.live import LiveFloor, run_live
from floorwatch.simulate.people import FloorSpec, Planted, plant

__all__ = [
    "FloorSpec",
    "LiveFloor",
    "Planted",
    "idle_long_on",
    "plant",
    "run_live",
    "write_config",
    "write_day",
    "write_month",
]
