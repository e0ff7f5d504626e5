"""The Flagged screen (`!`) under the real app: every flagged caseworker, trends first, then
by how far outside the band; `[ ]` filter by team; Enter opens the caseworker."""

from __future__ import annotations

from pathlib import Path

import pytest
from app_helpers import build_app, make_floor, settle

from floorwatch.engine.result import Flag
from floorwatch.engine.severity import outside_band
from floorwatch.screens.caseworker import CaseworkerScreen
from floorwatch.screens.flagged import FlaggedScreen
from floorwatch.settings import QSA
from floorwatch.widgets.keyed_table import KeyedTable


@pytest.fixture
def source(workdir: Path):
    return make_floor(workdir)


def _flag(check: str, value: float, expected: float, pattern: str = "one-time") -> Flag:
    return Flag(check, value, expected, pattern, "detail")  # type: ignore[arg-type]


def test_outside_the_band_is_counted_in_tolerances_beyond_it() -> None:
    qsa = QSA(utilization_pct=75, tolerance_pct=5, txn_tolerance_minutes=4)
    # (|55 - 75| - 5) / 5 = 3 tolerances; (|18 - 10| - 4) / 4 = 1.
    assert outside_band(_flag("LOW_UTILIZATION", 55, 75), qsa) == 3.0
    assert outside_band(_flag("LONG_TXN", 18, 10), qsa) == 1.0
    # Just past the band's edge: just above 0.
    assert outside_band(_flag("HIGH_UTILIZATION", 80.5, 75), qsa) == pytest.approx(0.1)
    # A limit without a tolerance: the share beyond it (paused 3 days of a 2-day limit).
    assert outside_band(_flag("PAUSED_OVER_LIMIT", 3, 2), qsa) == 0.5


async def test_flagged_lists_trends_first_then_the_worst_filters_by_team_and_opens(
    source,
) -> None:
    app = build_app(source)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await pilot.press("exclamation_mark")
        await settle(app, pilot)
        assert isinstance(app.screen, FlaggedScreen)
        table = app.screen.query_one(KeyedTable)
        keys = table.ordered_keys()
        flagged = {w.worker_id: w for w in app.result.workers if w.flags}
        assert sorted(keys) == sorted(flagged) and len(keys) >= 3
        qsa = app.result.qsa
        order = [
            (not flagged[k].trending, -max(outside_band(f, qsa) for f in flagged[k].flags))
            for k in keys
        ]
        assert order == sorted(order)
        assert table.get_cell(keys[0], "mark").plain in ("!", "!!")

        team_of = {w.worker_id: w.team for w in app.result.workers}
        await pilot.press("right_square_bracket")
        await settle(app, pilot)
        first = app.team_names()[0]
        shown = table.ordered_keys()
        assert app.screen.team == first
        assert shown == [k for k in keys if team_of[k] == first]
        await pilot.press("left_square_bracket")
        assert table.ordered_keys() == keys

        await pilot.press("enter")
        await settle(app, pilot)
        assert isinstance(app.screen, CaseworkerScreen)
        assert app.screen.worker_id == keys[0]


async def test_flagged_is_in_the_palette_and_the_help(source) -> None:
    app = build_app(source)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        commands = [c.title for c in app.get_system_commands(app.screen)]
        assert "Flagged" in commands
        help_text = app.help_sections()
        assert "Flagged" in [title for title, _ in help_text]
        everywhere = dict(help_text)["Everywhere"]
        assert any(getattr(b, "action", "") == "flagged" for b in everywhere)
