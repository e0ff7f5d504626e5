"""`floorwatch serve` in a real headless browser: the system's Chromium driven by
Playwright (`playwright install` cannot download browsers here). The test starts the
real server on a free loopback port against a simulated floor, opens the page, waits for
the Floor, presses Enter, sees the team, takes a screenshot, and proves that no request
left 127.0.0.1. When `CI` is set and the browser cannot start, the test fails."""

from __future__ import annotations

import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from datetime import date, datetime
from datetime import time as clock_time
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from aiohttp.test_utils import make_mocked_request
from browser_helpers import launch

from floorwatch.commands.serve import is_loopback
from floorwatch.service import CheckRequest, run_check
from floorwatch.settings import load_config
from floorwatch.simulate import FloorSpec, write_config, write_day
from floorwatch.web.server import FloorServer

DAY = date(2026, 11, 23)
SPEC = FloorSpec(seed=7, teams=3, size=6)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def floor(tmp_path: Path) -> Path:
    """A simulated floor as of 11:00 (its config folder is returned)."""
    config = write_config(tmp_path, SPEC, today=DAY)
    write_day(tmp_path, SPEC, DAY, until=clock_time(11, 0))
    return config


def start_server(config: Path, *more: str) -> tuple[subprocess.Popen, int]:
    """`floorwatch serve` on a free loopback port, once it answers."""
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "floorwatch", "serve", "--config", str(config),
         "--port", str(port), *more],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )  # fmt: skip
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise AssertionError(f"serve exited: {server.stderr.read().decode()}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return server, port
        except OSError:
            time.sleep(0.2)
    server.terminate()
    raise AssertionError("serve did not start listening within 60 s")


def stop(server: subprocess.Popen) -> None:
    server.terminate()
    try:
        server.wait(timeout=20)
    except subprocess.TimeoutExpired:
        server.kill()
        server.wait(timeout=10)
    server.stderr.close()


@pytest.fixture
def served(floor: Path) -> Iterator[int]:
    server, port = start_server(floor)
    try:
        yield port
    finally:
        stop(server)


def test_the_floor_in_a_browser_with_nothing_fetched_from_outside(
    floor: Path, served: int, tmp_path: Path
) -> None:
    sync_api = pytest.importorskip("playwright.sync_api")
    # What the Floor and the team show, from the same engine.
    expected = run_check(
        CheckRequest(
            config=load_config(floor),
            drop_dir=floor.parent,
            data_dir=tmp_path / "scratch",
            at=datetime(2026, 11, 23, 11, 0),
            store_exports=False,
            record_run=False,
            keep_summaries=False,
        )
    )
    teams = [t.team for t in expected.teams]
    names = {t: [w.name for w in expected.workers if w.team == t] for t in teams}

    frames: list[bytes] = []
    requests: list[str] = []
    outside: list[str] = []

    def route(request_route) -> None:
        url = request_route.request.url
        if urlsplit(url).hostname == "127.0.0.1":
            request_route.continue_()
        else:  # never let it out: record it and refuse it
            outside.append(url)
            request_route.abort()

    def on_websocket(websocket) -> None:
        requests.append(websocket.url)
        websocket.on(
            "framereceived",
            lambda payload: frames.append(
                payload if isinstance(payload, bytes) else payload.encode("utf-8")
            ),
        )

    def screen_text() -> str:
        return b"".join(frames).decode("utf-8", "replace")

    def wait_until(condition, what: str, page, seconds: float = 60) -> None:
        deadline = time.monotonic() + seconds
        while not condition():
            if time.monotonic() > deadline:
                raise AssertionError(f"timed out waiting for {what}")
            page.wait_for_timeout(200)

    with sync_api.sync_playwright() as playwright:
        browser = launch(playwright)
        try:
            page = browser.new_page(viewport={"width": 1400, "height": 900})
            page.route("**/*", route)
            page.on("request", lambda request: requests.append(request.url))
            page.on("websocket", on_websocket)
            page.goto(f"http://127.0.0.1:{served}/")
            wait_until(
                lambda: "Floor" in screen_text() and all(t in screen_text() for t in teams),
                "the Floor with every team",
                page,
            )
            page.wait_for_timeout(500)
            seen = len(frames)
            page.click("#terminal")
            page.keyboard.press("Enter")

            def team_shown() -> str | None:
                after = b"".join(frames[seen:]).decode("utf-8", "replace")
                for team in teams:
                    if f"Team {team}" in after and all(n in after for n in names[team]):
                        return team
                return None

            wait_until(lambda: team_shown() is not None, "the team's caseworkers", page)
            page.wait_for_timeout(500)
            shot = tmp_path / "team.png"
            page.screenshot(path=str(shot))
        finally:
            browser.close()

    assert team_shown() in teams
    assert shot.stat().st_size > 10_000
    assert outside == []
    assert requests, "the page made requests"
    hosts = {urlsplit(url).hostname for url in requests}
    assert hosts == {"127.0.0.1"}, requests
    assert any(url.startswith("ws://127.0.0.1") for url in requests)
    assert any(url.endswith(".ttf") for url in requests)  # the font, from this server


def test_the_page_links_nothing_outside(served: int) -> None:
    with urllib.request.urlopen(f"http://127.0.0.1:{served}/", timeout=30) as response:
        page = response.read().decode("utf-8")
    assert "googleapis" not in page and "gstatic" not in page
    # What a browser fetches: href, src and CSS url() (an SVG's xmlns is only a name).
    links = re.findall(r'(?:href|src)="([^"]+)"|url\("([^"]+)"\)', page)
    fetched = [a or b for a, b in links]
    assert len(fetched) >= 5  # stylesheet, script, two fonts, background
    assert all(link.startswith(f"http://127.0.0.1:{served}/static/") for link in fetched)


def test_with_a_user_header_a_request_without_it_is_refused(floor: Path) -> None:
    server, port = start_server(floor, "--user-header", "X-Remote-User")
    try:
        url = f"http://127.0.0.1:{port}/"
        with pytest.raises(urllib.error.HTTPError) as refused:
            urllib.request.urlopen(url, timeout=30)
        assert refused.value.code == 403
        request = urllib.request.Request(url, headers={"X-Remote-User": "Ana Diaz"})
        with urllib.request.urlopen(request, timeout=30) as response:
            assert response.status == 200
    finally:
        stop(server)


def test_each_session_is_stamped_with_the_proxy_users_name() -> None:
    server = FloorServer(
        ["python", "-m", "floorwatch", "watch"], host="127.0.0.1", port=1, user_header="X-User"
    )
    request = make_mocked_request("GET", "/ws", headers={"X-User": " Ana\x1b[2J Díaz; rm -rf ~ "})
    command = server.session_command(request)
    # Control characters gone, shell-quoted: one argument, never a command.
    assert command == "python -m floorwatch watch --by 'Ana[2J Díaz; rm -rf ~'"
    plain = FloorServer(["python", "-m", "floorwatch", "watch"], host="127.0.0.1", port=1)
    assert plain.session_command(make_mocked_request("GET", "/ws")) == (
        "python -m floorwatch watch"
    )


@pytest.mark.parametrize(
    ("host", "loopback"),
    [("127.0.0.1", True), ("localhost", True), ("::1", True), ("0.0.0.0", False),
     ("10.1.2.3", False), ("floor.agency.example", False)],
)  # fmt: skip
def test_only_loopback_is_quiet(host: str, loopback: bool) -> None:
    assert is_loopback(host) is loopback


def test_another_host_is_served_with_a_warning(floor: Path) -> None:
    server, _ = start_server(floor, "--host", "0.0.0.0")
    try:
        time.sleep(0.5)
    finally:
        stop_err = server
        stop_err.terminate()
        _, err = stop_err.communicate(timeout=20)
    assert "warning: serving on 0.0.0.0" in err.decode() and "no login" in err.decode()
