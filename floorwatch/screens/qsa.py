"""The Quarterly Statewide Averages in force: the quarter, its values and their bands."""

from __future__ import annotations

from datetime import date

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Static

from floorwatch.screens.base import FloorwatchScreen
from floorwatch.settings import QSA
from floorwatch.settings.judged import TXN_NOT_JUDGED, txn_times_judged
from floorwatch.settings.quarters import qsa_in_force, quarter_of
from floorwatch.widgets.cells import EMPTY, WARN
from floorwatch.widgets.keyed_table import KeyedTable


def _table(table_id: str, *columns: str) -> KeyedTable:
    """A table found by its id; Tab reaches it to sort (z Z) or save (D) it."""
    table = KeyedTable(id=table_id, show_cursor=False)
    table.show_columns([(c, c) for c in columns])
    return table


def _n(x: float | None) -> str:
    return EMPTY if x is None else f"{x:g}"


def value_rows(qsa: QSA) -> list[tuple[str, str, str]]:
    """(what, QSA value, what is judged normal) for each statewide setting."""
    tol, txn, util = qsa.tolerance_pct, qsa.txn_tolerance_minutes, qsa.utilization_pct
    gn_low = qsa.get_next_target_pct - qsa.get_next_tolerance_pct
    call = qsa.call_handle_minutes
    call_band = (
        EMPTY
        if call is None
        else f"{call - qsa.call_tolerance_minutes:g}–{call + qsa.call_tolerance_minutes:g}"
    )
    return [
        ("Utilization %", _n(util), f"{_n(util - tol)}–{_n(util + tol)}"),
        ("Logged-in %", _n(qsa.logged_in_pct), f"≥ {_n(qsa.logged_in_pct - tol)}"),
        ("Get Next %", _n(qsa.get_next_target_pct), f"≥ {_n(gn_low)}"),
        ("Completion low %", _n(qsa.completion_low_pct), "below: low"),
        ("Compl. not normal %", _n(qsa.completion_abnormal_pct), "at/above"),
        ("Txn time ± (min)", _n(txn), "per type"),
        ("Call handle (min)", _n(call), call_band),
    ]  # fmt: skip


class QsaScreen(FloorwatchScreen):
    """Which quarter's QSA judges the data on screen, and every value of it."""

    CSS_PATH = "qsa.tcss"
    crumb = "QSA"

    def compose_body(self) -> ComposeResult:
        yield Static(id="in-force")
        yield Static(id="not-judged")
        with Horizontal(id="qsa-body"):
            yield _table("qsa-values", "Statewide", "QSA", "Normal")
            with Vertical(id="qsa-lists"):
                yield _table("qsa-types", "Task type", "QSA min", "Normal")
                yield _table("qsa-queues", "Queue", "Low %", "High %")
        yield Static(id="quarters")

    def in_force(self) -> tuple[str | None, QSA, date, str]:
        """(quarter, QSA, day, why that day): the data's as-of day, else today."""
        result = self.fw.result
        if result is not None:
            label = f"the data as of {result.as_of:%Y-%m-%d %H:%M}"
            return result.qsa_quarter, result.qsa, result.as_of.date(), label
        today = self.fw.now().date()
        quarter, qsa = qsa_in_force(self.fw.source.settings, today)
        return quarter, qsa, today, f"today, {today:%Y-%m-%d}"

    def show_data(self) -> None:
        quarter, qsa, day, label = self.in_force()
        settings = self.fw.source.settings
        title = Text("QSA in force: ", style="bold")
        if quarter is None:
            title.append("qsa.toml's own values", style="bold")
            title.append(f" (no quarter imported for {quarter_of(day)} or before)")
        else:
            title.append(quarter, style="bold")
            if quarter != quarter_of(day):
                title.append(f" (none imported for {quarter_of(day)}: the newest before it)")
        title.append(f" · for {label}")
        self.query_one("#in-force", Static).update(title)
        self.query_one("#qsa-values", KeyedTable).sync_rows(
            (what, (what, Text(value, justify="right"), normal))
            for what, value, normal in value_rows(qsa)
        )
        warning = self.query_one("#not-judged", Static)
        warning.display = not txn_times_judged(qsa)
        warning.update(Text(f"⚠ {TXN_NOT_JUDGED[0].upper()}{TXN_NOT_JUDGED[1:]}.", style=WARN))
        tol = qsa.txn_tolerance_minutes
        self.query_one("#qsa-types", KeyedTable).sync_rows(
            (
                name,
                (
                    name,
                    Text(_n(minutes), justify="right"),
                    f"{_n(minutes - tol)}–{_n(minutes + tol)}",
                ),
            )
            for name, minutes in sorted(qsa.task_types.items())
        )
        self.query_one("#qsa-queues", KeyedTable).sync_rows(
            (
                name,
                (
                    name,
                    Text(_n(limits.completion_low_pct), justify="right"),
                    Text(_n(limits.completion_high_pct), justify="right"),
                ),
            )
            for name, limits in sorted(qsa.queues.items())
        )
        quarters = ", ".join(settings.qsa_quarters) or "none yet"
        self.query_one("#quarters", Static).update(
            f"Quarters in qsa.toml: {quarters}. "
            "Add one: floorwatch qsa import FILE [--quarter YYYYQn]"
        )
