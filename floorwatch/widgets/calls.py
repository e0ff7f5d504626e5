"""Contact-centre cells: calls handled and average handle time (AHT) against the QSA.

Shown only where a result carries Genesys Cloud data: a floor without phones keeps its
tables as they were.
"""

from __future__ import annotations

from collections.abc import Iterable

from rich.text import Text

from floorwatch.engine.result import Metrics, WorkerResult
from floorwatch.settings import QSA
from floorwatch.widgets.cells import EMPTY, number, ranged

#: Table column keys of the two cells, in order.
CALL_COLUMNS = ("calls", "aht")
#: Below this many columns a team table with the call cells leaves out the task type (the
#: status says Active; the drilldown names the task), so Calls and AHT fit at 120.
CALLS_ROOM = 140


def has_calls(workers: Iterable[WorkerResult]) -> bool:
    """Whether any caseworker has contact-centre data in this result."""
    return any(w.metrics.calls_handled is not None for w in workers)


def call_headers() -> list[str]:
    """Column labels. AHT's band is not in its label (unlike the KPI columns'): at 120
    columns there is no room; ▲/▼ mark it, and the QSA screen (`a`) shows it."""
    return ["Calls", "AHT"]


def call_cells(metrics: Metrics, qsa: QSA) -> list[Text]:
    """Calls handled, and AHT marked ▲/▼ outside the QSA +/- the call tolerance."""
    calls = EMPTY if metrics.calls_handled is None else str(metrics.calls_handled)
    target, tol = qsa.call_handle_minutes, qsa.call_tolerance_minutes
    if target is None:
        aht = Text(f"{number(metrics.avg_handle_minutes)}  ", justify="right")
    else:
        aht = ranged(metrics.avg_handle_minutes, target - tol, target + tol)
    return [Text(calls, justify="right"), aht]
