"""Opening the follow-up and coaching screens from a team or caseworker row."""

from __future__ import annotations

from typing import TYPE_CHECKING

from floorwatch.coaching.pip import parse_days, pip_data
from floorwatch.screens.coaching.check import SampleCheckScreen
from floorwatch.screens.coaching.form import Field, FormScreen, Values
from floorwatch.screens.coaching.sample import SampleScreen
from floorwatch.screens.coaching.save import save
from floorwatch.screens.followup import FollowUpScreen
from floorwatch.settings import ConfigError

if TYPE_CHECKING:
    from floorwatch.app import FloorwatchApp


def open_follow_up(app: FloorwatchApp, worker_id: str) -> None:
    """`a`: the follow-up form for a caseworker — of their flags, or an observation when
    nothing is flagged; a PIP then asks for its goals and review dates."""
    worker = app.result.worker(worker_id) if app.result else None
    if worker is None:
        app.notify("This caseworker is not in the current data.", timeout=3)
        return

    def recorded(action: str | None) -> None:
        if action == "PIP":
            open_pip(app, worker_id)

    app.push_screen(FollowUpScreen(worker), recorded)


def _goals(text: str) -> list[str]:
    return [g.strip() for g in text.split(";") if g.strip()]


def open_pip(app: FloorwatchApp, worker_id: str) -> None:
    """A PIP's goals (separated by ;) and review dates; its outcome is recorded on `O`."""
    today = app.coaching.clock().date()
    fields = [
        Field("goals", "Goals", placeholder="separated by ; e.g. utilization 85 %; no paused"),
        Field("reviews", "Review dates", placeholder="YYYY-MM-DD, YYYY-MM-DD"),
    ]

    def check(v: Values) -> str | None:
        try:
            pip_data(worker_id, _goals(v["goals"]), parse_days(v["reviews"]), today)
        except ValueError as exc:
            return str(exc)
        return None

    def filled(v: Values | None) -> None:
        if v is not None:
            save(
                app.screen,
                lambda: app.coaching.start_pip(
                    worker_id, _goals(v["goals"]), parse_days(v["reviews"])
                ),
                lambda _: app.notify("PIP recorded: its outcome is recorded on O.", timeout=4),
            )

    app.push_screen(FormScreen(f"PIP: {worker_id}", fields, check), filled)


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
