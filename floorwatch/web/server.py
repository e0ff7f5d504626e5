"""`floorwatch serve`'s web server: textual-serve, with three changes.

- The page is our copy of textual-serve's (`templates/app_index.html`) without its link
  to Google's web fonts: the font comes from textual-serve's own static folder, so the
  page makes no request off the server (an agency floor may have no internet).
- Who is at the keyboard: behind an authenticating reverse proxy, the proxy's header
  naming the user (`--user-header`) is read from each browser session's WebSocket request
  and passed to that session's app as `--by NAME`. textual-serve itself hands the app no
  request data (its AppService runs one fixed command per session), which is why the
  WebSocket handler is ours. A session without the header is refused: it did not come
  through the proxy.
- Its start-up banner is replaced by two lines of ours.

textual-serve starts one app process per browser session (`floorwatch watch ...`).
"""

from __future__ import annotations

import asyncio
import logging
import shlex
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from aiohttp import web
from textual_serve.app_service import AppService
from textual_serve.server import Server, to_int

log = logging.getLogger("floorwatch.serve")

#: Our page template (textual-serve's, minus the web fonts).
TEMPLATES = Path(__file__).parent / "templates"
#: The longest name a proxy header may give (it is stamped on journal entries).
MAX_NAME = 80


def command_line(argv: Sequence[str]) -> str:
    """One shell command line (textual-serve starts each app through the shell)."""
    if sys.platform == "win32":  # pragma: no cover - cmd.exe quoting
        return subprocess.list2cmdline(list(argv))
    return shlex.join(argv)


def clean_name(value: str | None) -> str | None:
    """A user name from a proxy header: printable, trimmed, at most MAX_NAME characters;
    None when nothing is left."""
    if value is None:
        return None
    text = "".join(c for c in value if c.isprintable()).strip()[:MAX_NAME].strip()
    return text or None


class FloorServer(Server):
    """textual-serve's Server running `floorwatch watch` per browser session."""

    def __init__(
        self,
        app_argv: Sequence[str],
        *,
        host: str,
        port: int,
        public_url: str | None = None,
        user_header: str | None = None,
    ) -> None:
        import textual_serve

        statics = Path(textual_serve.__file__).parent / "static"
        super().__init__(
            command_line(app_argv),
            host=host,
            port=port,
            title="floorwatch",
            public_url=public_url,
            statics_path=statics,
            templates_path=TEMPLATES,
        )
        self.app_argv = list(app_argv)
        self.user_header = user_header

    def session_command(self, request: web.Request) -> str:
        """The app command for one browser session (with `--by` from the proxy's header).

        Raises HTTPForbidden when a user header is configured and the request lacks it.
        """
        if self.user_header is None:
            return self.command
        name = clean_name(request.headers.get(self.user_header))
        if name is None:
            log.warning("refused a session without the %s header", self.user_header)
            raise web.HTTPForbidden(text=f"no {self.user_header} header: not through the proxy")
        return command_line([*self.app_argv, "--by", name])

    async def handle_index(self, request: web.Request) -> Any:
        if (
            self.user_header is not None
            and clean_name(request.headers.get(self.user_header)) is None
        ):
            raise web.HTTPForbidden(text=f"no {self.user_header} header: not through the proxy")
        return await super().handle_index(request)

    async def on_startup(self, app: web.Application) -> None:
        self.console.print(f"floorwatch: serving the floor on {self.public_url}")
        self.console.print("Press Ctrl+C to stop.")

    async def handle_websocket(self, request: web.Request) -> web.WebSocketResponse:
        """textual-serve's handler, with a per-session command (see the module's doc)."""
        command = self.session_command(request)
        websocket = web.WebSocketResponse(heartbeat=15)
        width = to_int(request.query.get("width", "80"), 80)
        height = to_int(request.query.get("height", "24"), 24)
        app_service: AppService | None = None
        try:
            await websocket.prepare(request)
            app_service = AppService(
                command,
                write_bytes=websocket.send_bytes,
                write_str=websocket.send_str,
                close=websocket.close,
                download_manager=self.download_manager,
                debug=self.debug,
            )
            await app_service.start(width, height)
            try:
                await self._process_messages(websocket, app_service)
            finally:
                await app_service.stop()
        except asyncio.CancelledError:
            await websocket.close()
        except Exception as error:
            log.exception(error)
        finally:
            if app_service is not None:
                await app_service.stop()
        return websocket
