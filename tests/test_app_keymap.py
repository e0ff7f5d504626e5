"""Every key is a Binding with an id, and keys.toml in the config folder rebinds them
(issue 11): a supervisor's own key opens the same thing; a bad line is told, not fatal."""

from __future__ import annotations

from datetime import datetime, time
from pathlib import Path

from app_helpers import DAY, Clock, build_app, make_floor, settle
from textual.binding import Binding

from floorwatch.screens.followup import FollowUpScreen
from floorwatch.screens.keys import BindingIds, every_binding_id
from floorwatch.screens.team import TeamScreen
from floorwatch.settings.keymap import load_keymap

NOW = datetime.combine(DAY, time(11, 5))


def _declared() -> list[tuple[type, Binding]]:
    out: list[tuple[type, Binding]] = []
    classes: list[type] = [BindingIds]
    while classes:
        cls = classes.pop()
        classes.extend(cls.__subclasses__())
        out += [(cls, b) for b in cls.__dict__.get("BINDINGS", ()) if isinstance(b, Binding)]
    return out


def test_every_binding_has_an_id_unique_in_its_class() -> None:
    import floorwatch.app  # noqa: F401 - every screen class is defined by then

    declared = _declared()
    assert len(declared) > 40
    assert all(b.id for _, b in declared)
    for cls in {c for c, _ in declared}:
        ids = [b.id for c, b in declared if c is cls]
        assert len(ids) == len(set(ids)), cls
    assert {"app.floor", "team.follow-up", "any.back", "table.sort_next"} <= every_binding_id()


def test_keys_toml_is_read_with_its_problems_named(tmp_path: Path) -> None:
    (tmp_path / "keys.toml").write_text(
        '[team]\nfollow-up = "A"\nnot-a-command = "x"\nsample = 3\n', encoding="utf-8"
    )
    keymap, problems = load_keymap(tmp_path, {"team.follow-up", "team.sample"})
    assert keymap == {"team.follow-up": "A"}
    assert [p.split(": ", 1)[0] for p in problems] == [
        f"{tmp_path / 'keys.toml'}:3",
        f"{tmp_path / 'keys.toml'}:4",
    ]
    assert "team.not-a-command: names no command" in problems[0]
    assert load_keymap(tmp_path / "none", {"x"}) == ({}, ())


async def test_a_rebound_key_opens_the_same_screen(workdir: Path) -> None:
    source = make_floor(workdir)
    assert source.config.folder is not None
    (source.config.folder / "keys.toml").write_text(
        '[team]\nfollow-up = "A"\n"\\u001b]0;owned\\u0007" = "q"\n[nowhere]\nx = "y"\n',
        encoding="utf-8",
    )
    app = build_app(source, Clock(NOW), team="North")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        assert isinstance(app.screen, TeamScreen)
        [notice] = [n for n in app._notifications if n.title == "keys.toml"]
        assert "nowhere.x: names no command" in notice.message
        # A key name holding a terminal escape is told, escaped.
        assert "owned" in notice.message and "\x1b" not in notice.message
        await pilot.press("a")  # no longer the follow-up key
        await settle(app, pilot)
        assert isinstance(app.screen, TeamScreen)
        await pilot.press("A")
        await settle(app, pilot)
        assert isinstance(app.screen, FollowUpScreen)
        # The help shows the key in force, and the name to rebind it by.
        from floorwatch.screens.help import help_markdown

        text = help_markdown(app.help_sections(), app.user_keys)
        assert "| `A` | Record a follow-up of this row's flags | `[team] follow-up` |" in text
