"""Write the README's screenshots: the Team screen at 120x40 and 80x24 (Textual SVG).

Run from the repository: `.venv/bin/python docs/make_screenshots.py`. The floor is the
tests' simulated floor (fixed seed, day and clock), so the pictures only change when the
screens do.
"""

from __future__ import annotations

import asyncio
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "tests"))

from app_helpers import SPEC, build_app, make_floor, settle  # noqa: E402

from floorwatch.simulate import FloorSpec  # noqa: E402

SIZES = [(120, 40), (80, 24)]


async def shoot(size: tuple[int, int], folder: Path) -> None:
    """Open team North on a floor with phones and save the screen as SVG."""
    spec = FloorSpec(seed=SPEC.seed, teams=SPEC.teams, size=SPEC.size, contact=True)
    app = build_app(make_floor(folder, spec=spec), team="North")
    async with app.run_test(size=size) as pilot:
        await settle(app, pilot)
        app.clear_notifications()
        await pilot.pause()
        name = f"team-{size[0]}x{size[1]}.svg"
        app.save_screenshot(filename=name, path=str(HERE))
        print(f"wrote docs/{name}")


def main() -> None:
    for size in SIZES:
        with tempfile.TemporaryDirectory() as folder:
            asyncio.run(shoot(size, Path(folder)))


if __name__ == "__main__":
    main()
