"""The app's command palette lists each command once, and the chosen theme is kept
between runs (in the per-user state folder)."""

from __future__ import annotations

from pathlib import Path

from app_helpers import build_app, make_floor, settle

from floorwatch.preferences import preferences_path


async def test_the_palette_lists_quit_once(workdir: Path) -> None:
    app = build_app(make_floor(workdir))
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        titles = [c.title for c in app.get_system_commands(app.screen)]
        assert titles.count("Quit") == 1
        assert len(titles) == len(set(titles))
        assert "Performance" in titles and "Checks" in titles


async def test_the_chosen_theme_is_kept_between_runs(workdir: Path) -> None:
    source = make_floor(workdir)
    first = build_app(source)
    async with first.run_test(size=(100, 30)) as pilot:
        await settle(first, pilot)
        assert first.theme != "nord"
        first.theme = "nord"  # what "Change theme" in the palette does
        await pilot.pause()
    assert preferences_path().is_file()
    second = build_app(source)
    async with second.run_test(size=(100, 30)) as pilot:
        await settle(second, pilot)
        assert second.theme == "nord"


async def test_an_unknown_saved_theme_is_ignored(workdir: Path) -> None:
    preferences_path().parent.mkdir(parents=True, exist_ok=True)
    preferences_path().write_text('{"theme": "no-such-theme"}', encoding="utf-8")
    app = build_app(make_floor(workdir))
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        assert app.theme == "textual-dark"
