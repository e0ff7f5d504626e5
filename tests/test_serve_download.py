"""Under `floorwatch serve` the save key (D) sends the table to the browser as a download,
not into a folder on the server (issue-notes: Reach, serve). The real server, the
system's Chromium through Playwright, the downloaded file read back."""

from __future__ import annotations

import csv
import io
import time
from pathlib import Path

import pytest
from browser_helpers import launch
from test_serve_browser import floor, start_server, stop  # noqa: F401 (fixture)


def test_a_saved_table_reaches_the_browser_as_a_download(floor: Path, tmp_path: Path) -> None:  # noqa: F811
    sync_api = pytest.importorskip("playwright.sync_api")
    server, port = start_server(floor)
    frames: list[bytes] = []

    def screen_text() -> str:
        return b"".join(frames).decode("utf-8", "replace")

    try:
        with sync_api.sync_playwright() as playwright:
            browser = launch(playwright)
            try:
                page = browser.new_page(viewport={"width": 1400, "height": 900})
                page.on(
                    "websocket",
                    lambda ws: ws.on(
                        "framereceived",
                        lambda p: frames.append(p if isinstance(p, bytes) else p.encode()),
                    ),
                )
                page.goto(f"http://127.0.0.1:{port}/")
                deadline = time.monotonic() + 60
                while "Floor" not in screen_text() or "North" not in screen_text():
                    assert time.monotonic() < deadline, "the Floor never showed"
                    page.wait_for_timeout(200)
                page.wait_for_timeout(500)
                page.click("#terminal")
                page.keyboard.press("Shift+D")
                page.wait_for_timeout(500)
                with page.expect_download(timeout=30_000) as info:
                    page.keyboard.press("c")
                download = info.value
                saved = tmp_path / download.suggested_filename
                download.save_as(saved)
            finally:
                browser.close()
    finally:
        stop(server)

    assert download.suggested_filename == "floorwatch Floor 2026-11-23 1100.csv"
    raw = saved.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    assert rows[0][0] == "Team"
    assert [r[0] for r in rows[1:]] == ["East", "North", "South"]
    # Nothing was written on the server's side: no exports folder beside the data.
    assert not (floor.parent / "exports").exists()
