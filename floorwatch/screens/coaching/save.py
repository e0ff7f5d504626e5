"""Writing coaching journal entries off the UI thread (each write takes the store's lock
and fsyncs, which on a network share can take a while)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from textual.screen import Screen

from floorwatch.coaching.assessment import AssessmentError
from floorwatch.settings import ConfigError
from floorwatch.store import StoreError

T = TypeVar("T")


def save(
    screen: Screen,
    write: Callable[[], T],
    then: Callable[[T], None] | None = None,
    *,
    title: str = "Not saved",
) -> None:
    """Run `write` in a thread worker; then tell the open screens and call `then` with
    its result on the UI thread. A refused or failed write is told in a toast."""
    app = screen.app

    def run() -> None:
        try:
            result = write()
        except (AssessmentError, ValueError, StoreError, ConfigError) as exc:
            app.call_from_thread(app.notify, str(exc), title=title, severity="error")
            return
        app.call_from_thread(_saved, result)

    def _saved(result: T) -> None:
        # Every screen watches the app's data version, modal ones too.
        app.data_version += 1  # type: ignore[attr-defined]
        if then is not None:
            then(result)

    # The app owns the worker: the screen that asked may be closed before it is done.
    app.run_worker(
        run,
        thread=True,
        group="coaching-save",
        description="save to the coaching journal",
        exit_on_error=False,
    )
