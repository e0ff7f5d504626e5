"""Nothing a supervisor reads is cut, on any screen, at 80x24 and 120x40 (issue 17, 11).

Each screen is opened in the real app and its rendered lines are read: the footer ends in
"q Quit" with "? Help" whole and every key it shows whole; the breadcrumbs end in the
screen's own name; on the Team screen every flag word of every row is whole.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from app_helpers import DAY, SPEC, build_app, make_floor, settle
from screen_text import screen_lines

from floorwatch.screens.base import FloorwatchScreen
from floorwatch.screens.team import TeamScreen
from floorwatch.simulate import FloorSpec
from floorwatch.simulate.history import fill_history, weeks_before
from floorwatch.widgets.key_footer import KeyFooter
from floorwatch.widgets.keyed_table import KeyedTable

SIZES = [(80, 24), (120, 40)]
CONTACT = FloorSpec(seed=SPEC.seed, teams=SPEC.teams, size=SPEC.size, contact=True)
#: How to reach each screen from the Floor: keys, or a call on the app.
SCREENS = {
    "floor": [],
    "team": ["enter"],
    "caseworker": ["enter", "enter"],
    "checks": ["k"],
    "sources": ["e"],
    "qsa": ["v"],
    "paused": ["p"],
    "performance": ["r"],
    "performance team": ["enter", "r"],
    "trend": ["r", "t"],
    "coaching": ["O"],
    "sources from a caseworker": ["enter", "enter", "k", "e"],
}


def _check_footer(app, lines: list[str], width: int) -> None:
    footer = lines[-1]
    assert len(footer) <= width
    assert footer.endswith("q Quit"), footer
    assert "? Help" in footer
    for label in app.screen.query_one(KeyFooter).labels():
        assert label in footer, (label, footer)


def _check_crumbs(app, lines: list[str]) -> None:
    crumb = app.screen.crumb
    top = lines[0]
    crumbs = top.split("  ")[0].strip() if "data as of" in top else top.strip()
    assert crumbs.endswith(crumb), (crumb, top)


def _check_flag_words(app, lines: list[str]) -> None:
    table = app.screen.query_one(KeyedTable)
    for key in table.ordered_keys()[: table.size.height - 1]:
        words = table.get_cell(key, "flags").plain
        if not words:
            continue
        row = next(line for line in lines if f" {key} " in line)
        assert words in row, (words, row)


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("screen", list(SCREENS))
async def test_nothing_is_cut(workdir: Path, screen: str, size) -> None:
    source = make_floor(workdir, spec=CONTACT)
    fill_history(source.data_dir, CONTACT, source.config, weeks_before(DAY, 1))
    app = build_app(source)
    async with app.run_test(size=size) as pilot:
        await settle(app, pilot)
        for key in SCREENS[screen]:
            await pilot.press(key)
            await settle(app, pilot)
        await pilot.pause(0.2)
        await settle(app, pilot)
        app.clear_notifications()
        await pilot.pause()
        assert isinstance(app.screen, FloorwatchScreen)
        lines = screen_lines(app)
        _check_footer(app, lines, size[0])
        _check_crumbs(app, lines)
        if isinstance(app.screen, TeamScreen):
            _check_flag_words(app, lines)
