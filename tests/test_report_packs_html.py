"""The html pack in a real browser: Debian's Chromium driven by Playwright (reports.md).

Renders the file, takes a screenshot, and asserts on the page as drawn: the text is there,
every chart is drawn, and the page asked for nothing over the network. Under CI (env `CI`)
a browser that cannot start fails the test; elsewhere the test is skipped without one.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from browser_helpers import launch
from pack_helpers import AT, PackFloor, make_pack_floor, run_cli


@pytest.fixture(scope="module")
def floor(tmp_path_factory: pytest.TempPathFactory) -> PackFloor:
    return make_pack_floor(tmp_path_factory.mktemp("html"))


def test_html_pack_renders_offline_with_its_charts_and_prints(
    floor: PackFloor, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    sync_api = pytest.importorskip("playwright.sync_api")
    page_file = tmp_path / "north.html"
    code, _, err = run_cli(
        capsys,
        "report",
        "team",
        "North",
        *floor.options,
        "--at",
        AT,
        "--format",
        "html",
        "-o",
        str(page_file),
    )
    assert code == 0, err
    html = page_file.read_text(encoding="utf-8")
    assert "<script" not in html.lower()
    assert not re.search(r"(src|href)\s*=|url\(|@import|https?://", html, re.IGNORECASE)
    assert "@media print" in html

    with sync_api.sync_playwright() as playwright:
        browser = launch(playwright)
        try:
            page = browser.new_page(viewport={"width": 1100, "height": 900})
            asked: list[str] = []
            page.on("request", lambda request: asked.append(request.url))
            page.goto(page_file.as_uri())
            page.screenshot(path=str(tmp_path / "north.png"), full_page=True)
            shown = page.inner_text("body")
            charts = page.locator("svg.chart")
            boxes = [charts.nth(i).bounding_box() for i in range(charts.count())]
            lines = page.locator("svg.chart polyline")
            line_boxes = [lines.nth(i).bounding_box() for i in range(lines.count())]
            page.emulate_media(media="print")
            printed = page.pdf()
        finally:
            browser.close()

    # The page itself is the only thing loaded: no font, image or style from anywhere.
    assert asked == [page_file.as_uri()]
    assert shown.startswith("Team pack: North (supervisor ")
    for heading in (
        "Headline KPIs",
        "Last 10 days with data",
        "Caseworkers",
        "Flags",
        "Paused work",
    ):
        assert heading in shown
    assert "Utilization (%)" in shown and "75 ± 5" in shown
    assert len(boxes) == 6  # one chart per KPI with a daily series
    assert all(b is not None and b["width"] > 100 and b["height"] > 50 for b in boxes)
    assert line_boxes and all(b is not None and b["width"] > 0 for b in line_boxes)
    assert printed.startswith(b"%PDF")  # it prints
