"""A team: one row per caseworker, outliers first. The supervisor's home."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import Input, Static

from floorwatch.engine.result import TeamResult, WorkerResult
from floorwatch.figures import figure
from floorwatch.screens.base import FloorwatchScreen
from floorwatch.screens.coaching.flow import open_coaching_sample, open_follow_up
from floorwatch.screens.keys import switch_team_keys
from floorwatch.settings import QSA
from floorwatch.settings.judged import TXN_NOT_JUDGED_SHORT, txn_times_judged
from floorwatch.widgets.as_of_bar import AsOfBar, team_crumb
from floorwatch.widgets.calls import (
    CALL_COLUMNS,
    call_cells,
    call_headers,
    has_calls,
)
from floorwatch.widgets.cells import (
    ABOVE,
    BAD,
    BELOW,
    EMPTY,
    WARN,
    flag_marker,
    flow,
    kpi_cells,
    kpi_headers,
    number,
    ticking_minutes,
)
from floorwatch.widgets.coaching_text import flag_lines, flags_cell, overdue_text
from floorwatch.widgets.keyed_table import KeyedTable

if TYPE_CHECKING:
    from floorwatch.coaching.followup import FlagKey, FollowUp

#: Who, what is wrong (short words; the sentences are under the table), how they are now,
#: then the KPIs and the phones: the rest is a sideways scroll, column by column, with
#: the first FIXED columns (marker, ID, name) staying put.
COLUMNS = ("mark", "id", "name", "flags", "status", "task", "util", "logged_in", "cases")
COLUMNS += ("completion", "get_next", "txn", *CALL_COLUMNS)
FIXED = 3
#: Columns where more is worse: their first sort (`z`) puts the worst on top.
WORST_HIGH = ("mark", "txn")
#: The columns kept on a narrow terminal: who, what is wrong, and how they are now.
COMPACT = {"mark", "id", "name", "flags", "status", "util"}


def outlier_rank(worker: WorkerResult) -> tuple[int, int, str]:
    """Trending first, then flagged (most flags first), then the rest; by name within."""
    tier = 0 if worker.trending else 1 if worker.flagged else 2
    return (tier, -len(worker.flags), (worker.name or worker.worker_id).casefold())


def matches(worker: WorkerResult, text: str) -> bool:
    """The `/` filter: part of the name or the ID, any case."""
    wanted = text.strip().casefold()
    return (
        not wanted
        or wanted in worker.worker_id.casefold()
        or wanted in (worker.name or "").casefold()
    )


def _status(worker: WorkerResult, minutes: float | None) -> Text:
    """Status now and its minutes (ticking: `minutes`); a rostered caseworker due and not
    logged in says so (NOT_LOGGED_IN)."""
    if any(f.check == "NOT_LOGGED_IN" for f in worker.flags):
        return Text("not logged in", style=WARN)
    if worker.status is None:
        return Text(EMPTY)
    shown = f" {figure(minutes, 0)}m" if minutes is not None else ""
    return Text(f"{worker.status}{shown}")


def _txn(worker: WorkerResult) -> Text:
    """Mean transaction minutes; ▲/▼ when a task type's mean is outside the QSA band."""
    checks = {f.check for f in worker.flags}
    value = number(worker.metrics.avg_txn_minutes)
    if "LONG_TXN" in checks:
        return Text(f"{value} {ABOVE}", style=WARN, justify="right")
    if "SHORT_TXN" in checks:
        return Text(f"{value} {BELOW}", style=WARN, justify="right")
    return Text(f"{value}  ", justify="right")


#: `n` `N` show as one footer key, "n N flagged".
FLAGGED_GROUP = Binding.Group("flagged")


class TeamScreen(FloorwatchScreen):
    """One team's caseworkers: status now, KPIs, flags; jump between outliers."""

    CSS_PATH = "team.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "open", "Open", priority=True, tooltip="This caseworker's drilldown"),
        Binding(
            "n",
            "next_flagged",
            "Next flagged",
            tooltip="Jump to the next flagged caseworker",
            group=FLAGGED_GROUP,
        ),
        Binding("N", "previous_flagged", "Prev flagged", key_display="N", group=FLAGGED_GROUP),
        Binding("slash", "filter", "Filter", key_display="/", tooltip="Filter by name or ID"),
        *switch_team_keys(),
        Binding("a", "follow_up", "Follow up", tooltip="Record a follow-up of this row's flags"),
        Binding("o", "sample", "Sample", tooltip="Start a coaching sample (this caseworker)"),
    ]

    def __init__(self, team: str) -> None:
        super().__init__()
        self.team = team
        self.filter_text = ""

    @property
    def crumb(self) -> str:  # type: ignore[override]
        return team_crumb(self.team)

    def compose_body(self) -> ComposeResult:
        yield Static(id="team-summary")
        yield Input(
            placeholder="filter by name or ID — Enter to keep, Escape to clear", id="filter"
        )
        yield KeyedTable("id", id="workers", fixed_columns=FIXED, worst_high=WORST_HIGH)
        yield Static(id="flag-lines")
        yield Static(
            "!! trending  ! flagged once  ▲/▼ outside the QSA range  ✓ followed up",
            id="legend",
        )

    def on_mount(self) -> None:
        self.set_focus(self.query_one(KeyedTable))
        # Statuses tick with the clock between exports (until the data turns stale).
        self.set_interval(1.0, self._tick)

    def _tick(self) -> None:
        if self.is_current and self.fw.result is not None:
            self.show_data()

    def columns(self) -> list[tuple[str, str]]:
        """The (key, label) columns that fit the terminal (calls only where there are any)."""
        qsa = self.fw.qsa
        util, logged_in, completion, get_next = kpi_headers(qsa)
        labels = ("!", "ID", "Name", "Flags", "Status now", "Task type", util, logged_in)
        labels += ("Cases", completion, get_next, "Txn min", *call_headers())
        columns = list(zip(COLUMNS, labels, strict=True))
        if self.fw.result is None or not has_calls(self.fw.result.workers):
            columns = [c for c in columns if c[0] not in CALL_COLUMNS]
        if self.compact:
            return [c for c in columns if c[0] in COMPACT]
        return columns

    # -- data ---------------------------------------------------------------------
    def shown_workers(self) -> list[WorkerResult]:
        """This team's caseworkers passing the filter, outliers first."""
        result = self.fw.result
        if result is None:
            return []
        shown = [w for w in result.workers if w.team == self.team and matches(w, self.filter_text)]
        return sorted(shown, key=outlier_rank)

    def show_data(self) -> None:
        # `--team north` opens North: team names match in any case, as `/` does.
        self.team = self.fw.team_named(self.team)
        qsa = self.fw.qsa
        workers = self.shown_workers()
        table = self.query_one(KeyedTable)
        table.show_columns(self.columns())
        # One read of the journal for the whole table, not one per row.
        followed = self.fw.coaching.followed_by_worker()
        rows = {w.worker_id: self._row(w, qsa, followed.get(w.worker_id, {})) for w in workers}
        table.sync(rows, [w.worker_id for w in workers])
        self.query_one("#team-summary", Static).update(self._summary(len(workers)))
        self._show_flag_lines()

    def _show_flag_lines(self) -> None:
        """The highlighted caseworker's flags in words, under the table."""
        box = self.query_one("#flag-lines", Static)
        key = self.query_one(KeyedTable).cursor_key
        worker = self.fw.result.worker(key) if self.fw.result and key else None
        if worker is None or not worker.flags:
            box.display = False
            return
        box.display = True
        text = Text(f"{worker.name or worker.worker_id}: ", style="bold")
        text.append_text(flag_lines(worker.flags, self.fw.coaching.followed(worker.worker_id)))
        box.update(text)

    def on_data_table_row_highlighted(self, _event: KeyedTable.RowHighlighted) -> None:
        self._show_flag_lines()

    def _row(
        self, worker: WorkerResult, qsa: QSA, followed: Mapping[FlagKey, FollowUp]
    ) -> dict[str, object]:
        m = worker.metrics
        util, logged_in, completion, get_next = kpi_cells(m, qsa)
        cells = (
            flag_marker(worker.flags),
            worker.worker_id,
            Text(worker.name or EMPTY),
            flags_cell(worker.flags, followed),
            _status(worker, self._minutes(worker)),
            Text(worker.task_type or EMPTY),
            util,
            logged_in,
            Text(str(m.cases_worked), justify="right"),
            completion,
            get_next,
            _txn(worker),
            *call_cells(m, qsa),
        )
        return dict(zip(COLUMNS, cells, strict=True))

    def _minutes(self, worker: WorkerResult) -> float | None:
        result = self.fw.result
        if result is None:
            return worker.status_minutes
        limit = self.fw.source.settings.stale_after_minutes
        return ticking_minutes(worker.status_minutes, result, self.fw.now(), limit)

    def _team(self) -> TeamResult | None:
        return next((t for t in self.fw.teams() if t.team == self.team), None)

    def _summary(self, shown: int) -> Text:
        team = self._team()
        if team is None:
            waiting = self.fw.result is None
            return Text(self.no_data_words() if waiting else f"No data for team {self.team}.")
        flagged = Text(
            f"{team.flagged_workers} flagged !", style=WARN if team.flagged_workers else ""
        )
        flagged.append(", ")
        flagged.append(
            f"{team.trending_workers} trending !!", style=BAD if team.trending_workers else ""
        )
        flagged.append_text(overdue_text(self.fw.coaching.overdue_by_team(), self.team))
        parts: list[Text | str] = [
            Text(team.team, style="bold"),
            f"supervisor {team.supervisor or EMPTY}",
            f"{team.workers} caseworkers: {team.logged_in_now} in, {team.active_now} active,"
            f" {team.idle_now} idle",
        ]
        if team.not_logged_in:
            parts.append(Text(f"{team.not_logged_in} not logged in", style=WARN))
        parts.append(flagged)
        if self.filter_text:
            parts.append(f"filter '{self.filter_text}': {shown} shown")
        # Parts wrap whole at 80 columns ("4" / "flagged" was split).
        text = flow(parts, self.app.size.width - 2)
        if not txn_times_judged(self.fw.qsa):  # a line of its own: read whole at 80
            text.append("\n")
            text.append(TXN_NOT_JUDGED_SHORT, style=WARN)
        return text

    # -- actions --------------------------------------------------------------------
    def action_open(self) -> None:
        if self.focused is self.query_one("#filter", Input):
            self.query_one(KeyedTable).focus()
            return
        key = self.query_one(KeyedTable).cursor_key
        if key is not None:
            self.fw.open_caseworker(key)

    def action_next_flagged(self) -> None:
        self._jump(1)

    def action_previous_flagged(self) -> None:
        self._jump(-1)

    def _jump(self, step: int) -> None:
        """Move to the next (or previous) flagged caseworker in table order, wrapping."""
        table = self.query_one(KeyedTable)
        result = self.fw.result
        if result is None or not table.row_count:
            return
        keys = table.ordered_keys()
        flagged = {w.worker_id for w in result.workers if w.flagged}
        start = table.cursor_row
        for offset in range(1, len(keys) + 1):
            index = (start + step * offset) % len(keys)
            if keys[index] in flagged:
                table.move_cursor(row=index)
                return
        self.notify("Nobody on this list is flagged.", timeout=3)

    def action_follow_up(self) -> None:
        key = self.query_one(KeyedTable).cursor_key
        if key is not None:
            open_follow_up(self.fw, key)

    def action_sample(self) -> None:
        key = self.query_one(KeyedTable).cursor_key
        if key is not None:
            open_coaching_sample(self.fw, worker_id=key)

    def action_filter(self) -> None:
        box = self.query_one("#filter", Input)
        box.add_class("-open")
        box.focus()

    @on(Input.Changed, "#filter")
    def _filter_changed(self, event: Input.Changed) -> None:
        self.filter_text = event.value
        self.show_data()

    def action_back(self) -> None:
        box = self.query_one("#filter", Input)
        if self.focused is box:  # Escape in the filter clears it, and stays here
            box.value = ""
            box.remove_class("-open")
            self.query_one(KeyedTable).focus()
            return
        super().action_back()

    def _clear_filter(self) -> None:
        """A filter belongs to the team it was typed on: another team, or the same one
        opened again from the Floor, starts unfiltered."""
        self.filter_text = ""
        if self.is_mounted:
            box = self.query_one("#filter", Input)
            with box.prevent(Input.Changed):
                box.value = ""
            box.remove_class("-open")

    def show_team(self, team: str) -> None:
        """Show a team, unfiltered (the same team keeps its cursor and scroll)."""
        if self.filter_text:
            self._clear_filter()
            self._out_of_date = True
        if team == self.team:
            return
        self.team = team
        if self.is_mounted:
            self.query_one(KeyedTable).clear()
            self._out_of_date = True  # redrawn when shown

    def action_switch_team(self, step: int) -> None:
        names = self.fw.team_names()
        if not names:
            return
        index = names.index(self.team) if self.team in names else -1
        self.team = names[(index + step) % len(names)]
        self._clear_filter()
        table = self.query_one(KeyedTable)
        table.clear()
        self.show_data()
        table.move_cursor(row=0)
        self.query_one(AsOfBar).update_bar()  # the breadcrumbs name the team

    def on_data_table_row_selected(self, event: KeyedTable.RowSelected) -> None:
        """A click on the highlighted row opens it, as Enter does."""
        if event.row_key.value is not None:
            self.fw.open_caseworker(event.row_key.value)
