"""Paused report (`p`): every task paused now, in the order a supervisor works through it.

Departed caseworkers' tasks first (roster Last Day passed: "left 28 Nov"), then leaving
ones' (roster Last Day, with the days left), then tasks over
the `paused_limit_days` limit, then the rest; oldest first within each. `[` `]` filter by
team, Enter opens the caseworker. Seed 000: "checked daily to ... ensure tasks are not
pending for more than 2 days"; "If a team member resigns, paused cases should be
finalized or reassigned prior to the team member's last day".
"""

from __future__ import annotations

from typing import ClassVar

import polars as pl
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import Static

from floorwatch.screens.keys import switch_team_keys
from floorwatch.screens.team_filter import TeamFilterScreen
from floorwatch.widgets.cells import ABOVE, BAD, EMPTY, WARN, flow, number
from floorwatch.widgets.keyed_table import KeyedTable

COLUMNS = (
    ("key", "Task"),
    ("age", "Days paused"),
    ("leaving", "Last day"),
    ("worker", "Caseworker"),
    ("task_type", "Task type"),
    ("reason", "Reason"),
    ("team", "Team"),
)
#: Kept on a narrow terminal.
_COMPACT = {"key", "age", "leaving", "worker", "task_type"}


class PausedScreen(TeamFilterScreen):
    """The current Paused report, leaving caseworkers and over-limit tasks first."""

    CSS_PATH = "paused.tcss"
    CRUMB = "Paused"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "open", "Open", priority=True, tooltip="This task's caseworker"),
        *switch_team_keys(),
    ]

    def __init__(self, team: str | None = None) -> None:
        super().__init__(team)
        #: Row key -> the caseworker whose task it is.
        self.worker_of: dict[str, str] = {}

    def compose_body(self) -> ComposeResult:
        yield Static(id="paused-summary")
        yield KeyedTable("key", id="paused")
        yield Static("none", id="paused-none")
        yield Static(
            "⚑ leaving or left: finish or reassign by the last day · ▲ over the limit · "
            "[ ] team filter · Enter caseworker",
            id="legend",
        )

    def columns(self) -> list[tuple[str, str]]:
        if self.compact:
            return [c for c in COLUMNS if c[0] in _COMPACT]
        return list(COLUMNS)

    def report(self) -> pl.DataFrame:
        """The current paused report (worked out beside the check, off the UI thread), on
        show teams only."""
        frame = self.fw.paused_report
        assert frame is not None
        teams = [self.team] if self.team else self.fw.team_names()
        if self.fw.coordinator or self.team:
            frame = frame.filter(pl.col("team").is_in(teams))
        return frame

    def show_data(self) -> None:
        table = self.query_one(KeyedTable)
        summary = self.query_one("#paused-summary", Static)
        if self.fw.result is None or self.fw.paused_report is None:
            summary.update(self.no_data_words())
            return
        frame = self.report()
        names = {w.worker_id: w.name for w in self.fw.result.workers}
        limit = self.fw.source.settings.paused_limit_days
        table.show_columns(self.columns())
        rows: dict[str, dict[str, object]] = {}
        # A row is keyed by its task ID; a task paused by two caseworkers adds the ID.
        shared = set(frame.filter(pl.col("task_id").is_duplicated())["task_id"].to_list())
        self.worker_of = {}
        for r in frame.iter_rows(named=True):
            key = r["task_id"] if r["task_id"] not in shared else f"{r['task_id']} {r['worker_id']}"
            self.worker_of[key] = r["worker_id"]
            rows[key] = {
                "key": key,
                "age": self._age(r["days_paused"], r["over_limit"]),
                "task_type": Text(r["task_type"] or EMPTY),
                "reason": Text(r["reason"] or EMPTY),
                "worker": Text(f"{names.get(r['worker_id']) or EMPTY} ({r['worker_id']})"),
                "team": Text(r["team"] or EMPTY),
                "leaving": self._leaving(r["days_left"], r["leaving_soon"], r["last_day"]),
            }
        table.sync(rows, list(rows))
        # An empty table says so under its headers, not just nothing.
        table.set_class(not rows, "-empty")
        self.query_one("#paused-none", Static).display = not rows
        over = int(frame["over_limit"].sum()) if frame.height else 0
        leaving = frame.filter(pl.col("days_left") >= 0).height
        departed = int(frame["departed"].sum()) if frame.height else 0
        tasks = "task" if leaving == 1 else "tasks"
        parts: list[Text | str] = [
            Text(f"{frame.height} paused tasks", style="bold"),
            self.team or "all teams",
            Text(f"{over} over {limit:g} days {ABOVE}", style=WARN if over else ""),
            Text(f"{leaving} {tasks} of caseworkers leaving ⚑", style=BAD if leaving else ""),
        ]
        if departed:
            left = "task" if departed == 1 else "tasks"
            parts.append(Text(f"{departed} {left} of caseworkers who have left ⚑", style=BAD))
        if not frame.height:
            parts.append("nothing is paused")
        summary.update(flow(parts, self.app.size.width - 2))

    @staticmethod
    def _age(days: float | None, over: bool | None) -> Text:
        if over:
            return Text(f"{number(days)} {ABOVE}", style=BAD, justify="right")
        return Text(f"{number(days)}  ", justify="right")

    @staticmethod
    def _leaving(days_left: int | None, soon: bool, last_day) -> Text:
        if days_left is None:
            return Text("")
        if days_left < 0:  # gone: nobody will finish these (PAUSED_AFTER_LAST_DAY)
            return Text(f"⚑ left {last_day:%d %b}, {-days_left} d ago", style=BAD)
        words = "today" if days_left == 0 else f"{days_left} d"
        return Text(f"⚑ {last_day:%d %b}, {words}", style=BAD if soon else WARN)

    def highlighted_worker(self) -> str | None:
        """The caseworker whose task is highlighted (a row is keyed by its task)."""
        key = self.query_one(KeyedTable).cursor_key
        return self.worker_of.get(key) if key else None
