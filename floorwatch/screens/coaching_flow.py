"""Opening the follow-up and coaching screens from a team or caseworker row."""

from __future__ import annotations

from typing import TYPE_CHECKING

from floorwatch.screens.coaching_check import SampleCheckScreen
from floorwatch.screens.coaching_refresh import coaching_changed
from floorwatch.screens.coaching_sample import SampleScreen
from floorwatch.screens.followup import FollowUpScreen
from floorwatch.settings import ConfigError

if TYPE_CHECKING:
    from floorwatch.app import FloorwatchApp


def open_follow_up(app: FloorwatchApp, worker_id: str) -> None:
    """`a`: the follow-up form for a flagged caseworker (a note when nothing is flagged)."""
    worker = app.result.worker(worker_id) if app.result else None
    if worker is None or not worker.flags:
        app.notify("No flags to follow up for this caseworker.", timeout=3)
        return

    def recorded(saved: bool | None) -> None:
        if saved:
            coaching_changed(app)

    app.push_screen(FollowUpScreen(worker), recorded)


def open_coaching_sample(
    app: FloorwatchApp, *, worker_id: str | None = None, team: str | None = None
) -> None:
    """`o`: draw a coaching sample for a caseworker or a team, then check it."""
    try:
        app.coaching.config  # noqa: B018 - a bad coaching.toml is told here, in one line
    except ConfigError as exc:
        app.notify(str(exc), title="coaching.toml", severity="error")
        return

    def drawn(sample_id: str | None) -> None:
        if sample_id is not None:
            app.push_screen(SampleCheckScreen(sample_id))

    app.push_screen(SampleScreen(worker_id=worker_id, team=team), drawn)
