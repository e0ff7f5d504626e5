"""The starter config folder: every key with its default and a comment saying what it does.

`floorwatch init` writes these files and the repository's `config/` holds the same text
(a test keeps them equal). Values are written with tomli-w; the comments are ours, since
tomli-w writes none.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import tomli_w

from floorwatch.coaching.config import COACHING_FILE, DEFAULT_ATTRIBUTES, attribute_table
from floorwatch.settings.leave import LEAVE_COLUMNS, LEAVE_FILE
from floorwatch.settings.load import COLUMNS_FILE, QSA_FILE, ROSTER_FILE, SETTINGS_FILE
from floorwatch.settings.roster import ROSTER_COLUMNS


@dataclass(frozen=True)
class Entry:
    """One key of a starter file; `value=None` writes it commented out, as an example."""

    key: str
    comment: str
    value: Any = None
    example: Any = None


_SETTINGS = (
    Entry(
        "drop_dir",
        "Folder your systems export into (relative paths start at this folder). Windows:\n"
        "# forward slashes, or backslashes in single quotes: 'S:\\Exports',\n"
        "# '\\\\server\\share\\Exports'. Linux and macOS: \"/mnt/exports\".",
        example="S:/Exports",
    ),
    Entry(
        "data_dir",
        "History store folder (default: the per-user data folder; written the same way).",
        example="C:/Users/me/floorwatch-history",
    ),
    Entry(
        "save_dir",
        "Where the save key (D) writes a table as CSV or XLSX (default: your Documents\n"
        "# folder, else an exports folder beside the data folder).",
        example="C:/Users/me/Documents/floorwatch",
    ),
    Entry("shift_start", 'Default shift start "HH:MM" (the roster\'s Shift Start wins).', "08:00"),
    Entry(
        "shift_minutes", "Default scheduled minutes a day (the roster's Shift Minutes wins).", 480
    ),
    Entry(
        "idle_alert_minutes", "IDLE_NOW: flag an Idle status that has lasted this many minutes.", 15
    ),
    Entry("min_txn_count", "Fewest transactions of a task type before its mean time is judged.", 3),
    Entry("min_cases", "Fewest transactions before completion and Get Next rates are judged.", 5),
    Entry("paused_limit_days", "PAUSED_OVER_LIMIT: days a task may stay paused.", 2),
    Entry(
        "paused_days",
        'Paused time: "working" leaves out Sat, Sun and holidays; "calendar" counts every day.',
        "working",
    ),
    Entry(
        "resign_warning_days",
        "PAUSED_BEFORE_LAST_DAY: warn this many days before a roster Last Day.",
        5,
    ),
    Entry(
        "check_times",
        'The daily reconciles the app runs and records ("HH:MM").',
        ["09:00", "11:00", "13:30", "15:30"],
    ),
    Entry(
        "fiscal_year_start_month",
        "`report mi`: the fiscal year's first month (4: April..March; 7: July..June).",
        4,
    ),
    Entry("trend_window_days", "Trend: look back over this many distinct days with data.", 5),
    Entry("trend_min_days", "Trend: raised on at least this many of them (else one-time).", 3),
    Entry(
        "min_judged_minutes",
        "Judge utilization / logged-in % only with this many logged-in / scheduled minutes.",
        60,
    ),
    Entry(
        "work_days",
        'Working weekdays ("Mon-Fri", "Mon-Thu", "Mon,Tue,Thu"; the roster\'s Work Days wins).',
        "Mon-Fri",
    ),
    Entry(
        "holidays",
        "Dates nobody is scheduled (not counted against logged-in time).",
        example=["2026-12-25", "2027-01-01"],
    ),
    Entry(
        "late_login_minutes",
        "NOT_LOGGED_IN: flag a scheduled caseworker not logged in this long after shift start.",
        15,
    ),
    Entry(
        "stale_after_minutes",
        "STALE when the live dashboard snapshot is older than this; live durations (idle,\n"
        "# active) then stop at the snapshot instead of running on.",
        20,
    ),
    Entry(
        "clock",
        '"wall": now is the real clock. "exports": now is the newest export time (a\n'
        "# simulated floor or a replay of old exports).",
        "wall",
    ),
    Entry("bell", "Ring the terminal bell when a daily reconcile finds new flags.", False),
    Entry(
        "force_polling",
        "Poll the drop folder instead of waiting for change events (network shares).",
        False,
    ),
    Entry("poll_seconds", "How often to poll or rescan the drop folder, in seconds.", 2),
    Entry(
        "status_allowance_minutes",
        "Daily allowance per contact-centre presence status, in minutes.",
        example={"Break": 30, "Meal": 30},
    ),
)

_QSA = (
    Entry("utilization_pct", "Quarterly Statewide Average: % online utilization.", 75.0),
    Entry("logged_in_pct", "QSA: % logged-in time of scheduled time.", 90.0),
    Entry("tolerance_pct", "The +/- percentage points around a QSA percentage.", 5.0),
    Entry("txn_tolerance_minutes", "The +/- minutes around a QSA transaction time.", 5.0),
    Entry("get_next_target_pct", "Get Next target.", 80.0),
    Entry("get_next_tolerance_pct", "The +/- points around the Get Next target.", 5.0),
    Entry(
        "completion_low_pct", "Completion below this is low (unless a queue sets its own).", 60.0
    ),
    Entry("completion_abnormal_pct", "Completion at or above this is not normal.", 95.0),
    Entry("call_tolerance_minutes", "The +/- minutes around the QSA call handle time.", 5.0),
    Entry("call_handle_minutes", "QSA average handle time for calls, in minutes.", example=9.0),
    Entry(
        "task_types",
        "QSA transaction minutes per task type (names as your exports spell them). Until\n"
        "# this table has task types, transaction times are not judged (check and the app\n"
        "# warn): uncomment these, or run `floorwatch qsa import FILE`.",
        example={"Application": 32.0, "Renewal": 18.0, "Change": 9.0},
    ),
    Entry(
        "queues",
        "A queue's own completion range, one table per queue.",
        example={"Renewals": {"completion_low_pct": 55.0, "completion_high_pct": 92.0}},
    ),
    Entry(
        "quarters",
        "One quarter's QSA (`floorwatch qsa import FILE` writes these at the end of this\n"
        "# file). A period is judged by its as-of's quarter, else the newest earlier one,\n"
        "# else the values above; a key a quarter leaves out is taken from above.",
        example={"2026Q4": {"utilization_pct": 76.0, "task_types": {"Renewal": 18.5}}},
    ),
)

#: How Genesys Cloud views other than the agent exports name the agent column.
GENESYS_AGENT_NAMES = ("Name", "User Name", "Agent")

_COLUMNS = (
    Entry(
        "dashboard",
        "Extra header spellings per column; they add to the canonical names.",
        example={"worker_id": ["Employee ID", "DEID"], "status": ["State"]},
    ),
    Entry(
        "actions",
        "Plain-number durations are minutes unless a unit (ms, s, min) is given.",
        example={"start": ["Began"], "end": ["Finished"]},
    ),
    Entry(
        "agent_status",
        "Genesys Cloud agent status exports: the canonical headers are Genesys Cloud's own\n"
        "# (Agent Name, Logged In, On Queue, Idle, Break...); these are the spellings other\n"
        "# Genesys views and exports use. Durations default to milliseconds; H:MM:SS is read\n"
        '# too, and a header like "Break (s)" gives its own unit.',
        value={"agent_name": list(GENESYS_AGENT_NAMES), "agent_id": ["User ID"]},
    ),
    Entry(
        "agent_performance",
        "Genesys Cloud agent performance exports (Handle = calls handled, Avg Handle = AHT).\n"
        "# Answered is not Handle (a call can be answered and transferred): it is not mapped.",
        value={
            "agent_name": list(GENESYS_AGENT_NAMES),
            "agent_id": ["User ID"],
            "handled": ["Handled"],
            "avg_handle": ["AHT", "Average Handle Time"],
            "avg_talk": ["Average Talk Time"],
            "avg_hold": ["Average Hold Time"],
            "avg_acw": ["Average ACW", "Avg After Call Work"],
        },
    ),
)

_COACHING = (
    Entry("sample_size", "How many transactions a coaching sample draws by default.", 5),
    Entry("correction_days", "Days a correction is given before it is due, by default.", 5),
    Entry(
        "plan",
        "The coaching plan: checks per month for a team or a caseworker, optionally only of "
        'some task types; `month = "YYYY-MM"` makes a line for that month only.',
        example=[
            {"team": "North", "checks": 20},
            {"caseworker": "W1005", "checks": 4, "task_types": ["Renewal", "Change"]},
        ],
    ),
    Entry(
        "attributes",
        "What a coaching check assesses, in order: each Pass, Fail (a reason and a comment) "
        "or N/A.",
        attribute_table(DEFAULT_ATTRIBUTES),
    ),
)

#: `leave.csv`: the header and a commented example (lines starting `#` are skipped).
LEAVE_EXAMPLE = (
    ",".join(LEAVE_COLUMNS)
    + "\n"
    + "# Days of leave are not scheduled: they do not count against logged-in time.\n"
    + "# Type Sick or Unplanned: the days stay scheduled and count as absent days.\n"
    + "# Dates YYYY-MM-DD or M/D/YYYY, both ends included. For example:\n"
    + "# W1001,2026-12-21,2026-12-31,Annual\n"
    + "# W1002,2026-12-03,2026-12-03,Sick\n"
)

_HEADERS = {
    SETTINGS_FILE: "floorwatch settings. A missing key takes the default shown here.",
    QSA_FILE: "Quarterly Statewide Averages (QSA) and their tolerances.",
    COLUMNS_FILE: "Column mapping for exports whose headers differ from the canonical ones.",
    COACHING_FILE: "Operational coaching checks: the sample defaults, the plan, the attributes.",
}


def _toml(key: str, value: Any) -> str:
    return tomli_w.dumps({key: value}).strip()


def _render(title: str, entries: tuple[Entry, ...]) -> str:
    scalars = [e for e in entries if not isinstance(e.value or e.example, dict)]
    tables = [e for e in entries if isinstance(e.value or e.example, dict)]
    blocks = [f"# {title}"]
    for e in (*scalars, *tables):
        text = _toml(e.key, e.value if e.value is not None else e.example)
        if e.value is None:  # no default: shown as an example to copy
            text = "\n".join(f"# {line}" if line else "#" for line in text.splitlines())
        blocks.append(f"# {e.comment}\n{text}")
    return "\n\n".join(blocks) + "\n"


def starter_files() -> dict[str, str]:
    """File name -> text of every file of a starter config folder."""
    return {
        SETTINGS_FILE: _render(_HEADERS[SETTINGS_FILE], _SETTINGS),
        QSA_FILE: _render(_HEADERS[QSA_FILE], _QSA),
        COLUMNS_FILE: _render(_HEADERS[COLUMNS_FILE], _COLUMNS),
        COACHING_FILE: _render(_HEADERS[COACHING_FILE], _COACHING),
        ROSTER_FILE: ",".join(ROSTER_COLUMNS) + "\n",
        LEAVE_FILE: LEAVE_EXAMPLE,
    }
