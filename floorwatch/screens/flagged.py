"""Flagged (`!`): every flagged caseworker of the teams on show, in one table.

A coordinator's spot-check across supervisors' groups: caseworkers with a trend flag
first, then by how far their worst flag is outside its band (`engine.severity`), largest
first. `[` `]` filter by team, Enter opens the caseworker.
"""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import Static

from floorwatch.engine.result import WorkerResult
from floorwatch.engine.severity import outside_band
from floorwatch.screens.keys import switch_team_keys
from floorwatch.screens.team_filter import TeamFilterScreen
from floorwatch.widgets.cells import BAD, WARN, flag_marker, flag_words
from floorwatch.widgets.keyed_table import KeyedTable

COLUMNS = (
    ("mark", ""),
    ("worker_id", "Worker"),
    ("name", "Name"),
    ("team", "Team"),
    ("outside", "Outside by"),
    ("flags", "Flags"),
)


class FlaggedScreen(TeamFilterScreen):
    """Every flagged caseworker across the visible teams, trends first, worst first."""

    CSS_PATH = "flagged.tcss"
    CRUMB = "Flagged"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "open", "Open", priority=True, tooltip="This caseworker's drilldown"),
        *switch_team_keys(),
    ]

    def compose_body(self) -> ComposeResult:
        yield Static(id="flagged-summary")
        yield KeyedTable("worker_id", id="flagged")
        yield Static(
            "!! trend · ! once · Outside by: tolerances beyond the band (worst flag) · "
            "[ ] team filter · Enter caseworker",
            id="legend",
        )

    def flagged(self) -> list[tuple[WorkerResult, float]]:
        """The flagged caseworkers on show, with their worst flag's distance, in order."""
        result = self.fw.result
        if result is None:
            return []
        teams = {self.team} if self.team else set(self.fw.team_names())
        qsa = self.fw.qsa
        found = [
            (w, max(outside_band(f, qsa) for f in w.flags))
            for w in result.workers
            if w.flags and w.team in teams
        ]
        # Trends first, then the largest distance, then by worker for a stable order.
        return sorted(found, key=lambda item: (not item[0].trending, -item[1], item[0].worker_id))

    def show_data(self) -> None:
        table = self.query_one(KeyedTable)
        summary = self.query_one("#flagged-summary", Static)
        if self.fw.result is None:
            summary.update("Waiting for the first check…")
            return
        found = self.flagged()
        table.show_columns(list(COLUMNS))
        rows = {
            w.worker_id: {
                "mark": flag_marker(w.flags),
                "worker_id": w.worker_id,
                "name": Text(w.name or "—"),
                "team": Text(w.team),
                "outside": Text(f"{distance:.1f}", justify="right"),
                "flags": flag_words(w.flags),
            }
            for w, distance in found
        }
        table.sync(rows, [w.worker_id for w, _ in found])
        trending = sum(w.trending for w, _ in found)
        text = Text(f"{len(found)} flagged caseworkers", style="bold")
        text.append(f" · {self.team or 'all teams on show'} · ")
        text.append(f"{trending} trending !!", style=BAD if trending else "")
        if not found:
            text.append(" · nobody is flagged", style=WARN)
        summary.update(text)
