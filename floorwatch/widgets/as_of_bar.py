"""The line at the top of every screen: where you are, and how old the data is.

It turns into a STALE warning (word and colour) when the newest dashboard export is older
than `stale_after_minutes`, judged against the app's clock, and into a DROP FOLDER MISSING
banner while the watcher cannot find the drop folder (the last data stays on screen).
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, cast

from rich.cells import cell_len
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import Static

from floorwatch.widgets.cells import age_words

if TYPE_CHECKING:
    from floorwatch.app import FloorwatchApp


#: Between two breadcrumbs, and in place of the ones left out on the left.
SEPARATOR, ELLIPSIS = " › ", "…"


def fit_crumbs(parts: list[str], width: int) -> str:
    """The breadcrumbs in `width` cells, shortened from the left: the screen you are on
    (the last part) stays whole, the ones behind it make way first ("… › Sources")."""
    parts = [p for p in parts if p]
    if not parts:
        return ""
    for start in range(len(parts)):
        shown = SEPARATOR.join(parts[start:])
        if start:
            shown = ELLIPSIS + SEPARATOR + shown
        if cell_len(shown) <= width:
            return shown
    return parts[-1]  # even alone it does not fit: whole, the age line gives way


def team_crumb(team: str) -> str:
    """ "Team North", but "Team 5" (not "Team Team 5") for a team named so."""
    return team if team.casefold().startswith("team") else f"Team {team}"


def is_stale(as_of: datetime, now: datetime, stale_after_minutes: float) -> bool:
    """True when data as of `as_of` is older than the limit at `now`."""
    return (now - as_of).total_seconds() / 60 > stale_after_minutes


class AsOfBar(Horizontal):
    """Breadcrumbs on the left; data as-of time and age (or STALE) on the right."""

    DEFAULT_CSS = """
    AsOfBar { height: 1; background: $panel; }
    AsOfBar #crumbs { width: 1fr; padding: 0 1; text-style: bold; }
    AsOfBar #age { width: auto; padding: 0 1; }
    AsOfBar.-stale #age { background: $error; color: $text; text-style: bold; }
    AsOfBar.-missing #age { background: $error; color: $text; text-style: bold; }
    """

    def compose(self) -> ComposeResult:
        yield Static(id="crumbs")
        yield Static(id="age")

    def on_mount(self) -> None:
        self.update_bar()
        # The age grows with no new data: re-read the clock every second.
        self.set_interval(1.0, self.update_bar)

    def on_resize(self) -> None:
        self.update_bar()  # the breadcrumbs fit the new width

    def update_bar(self) -> None:
        """Re-read the app's data time, clock and status note."""
        app = cast("FloorwatchApp", self.app)
        # Freshness is the live dashboard snapshot's (kpis.md): a day without one is stale.
        as_of = app.result.data_as_of if app.result else None
        now = app.now()
        limit = app.source.settings.stale_after_minutes
        note = f"  {app.note}" if app.note else ""
        if app.result is not None and as_of is None:
            self.set_class(True, "-stale")
            when = f"{app.result.as_of:%a %d %b %H:%M}"
            text = f"STALE ⚠ no dashboard export today (data as of {when}){note}"
        elif as_of is None:
            self.set_class(False, "-stale")
            text = "no data yet" + note
        else:
            stale = is_stale(as_of, now, limit)
            self.set_class(stale, "-stale")
            age = age_words(max(0.0, (now - as_of).total_seconds() / 60))
            if stale:
                when = f"{as_of:%H:%M}" if as_of.date() == now.date() else f"{as_of:%a %d %b %H:%M}"
                text = f"STALE ⚠ data as of {when}, {age} old (limit {limit:g} min){note}"
            else:
                ago = age if age == "just now" else f"{age} ago"
                text = f"data as of {as_of:%a %d %b %H:%M} ({ago}){note}"
        status = app.drop_status
        missing = status is not None and not status.present
        self.set_class(missing, "-missing")
        as_of = as_of or (app.result.as_of if app.result else None)
        if missing:
            assert status is not None
            # It replaces the line: while the folder is gone, it is the reason for any
            # failed check or growing age, and the one thing a supervisor can act on.
            kept = "no data yet"
            if as_of is not None:
                age = age_words(max(0.0, (now - as_of).total_seconds() / 60))
                kept = f"showing the last data (as of {as_of:%H:%M}, {age} old)"
            text = f"DROP FOLDER MISSING: {status.folder} — {kept}, retrying"
        unread = app.refusals.unread_files
        if unread:  # until Sources (e) is opened: a refused file must not go unseen
            text = f"⚠ {unread} refused (e) · {text}"
        self.query_one("#age", Static).update(Text(text))
        parts = [getattr(screen, "crumb", "") for screen in app.screen_stack]
        # The bar's width less the age and both widgets' padding (1 each side).
        room = (self.size.width or app.size.width) - cell_len(text) - 4
        self.query_one("#crumbs", Static).update(Text(fit_crumbs(parts, room)))
