"""Write the README's screenshots (SVG) by driving the browser over sample_archive with Textual's pilot.

    .venv/bin/python scripts/screenshots.py

The sample archive is copied to a temporary folder and indexed there (the repository
stays clean); the app comes from the same factory as the command line and the tests,
with the cursor still so that a rerun gives the same pictures.
"""

from __future__ import annotations

import asyncio
import shutil
import tempfile
from pathlib import Path

from textual.pilot import Pilot
from textual.widgets import Label

from newsbrowse.archive import open_archive
from newsbrowse.tui.app import NewsbrowseApp, create_app
from newsbrowse.tui.driving import until
from newsbrowse.tui.screens.entity import EntityScreen
from newsbrowse.tui.widgets.reader import Reader
from newsbrowse.tui.widgets.results import ResultList

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "sample_archive"
OUT = ROOT / "screenshots"
SEED = "tehrantimes-2021-05-21-iran-russia-counterterrorism.txt"
SIZE = (130, 40)


def entity_facts(app: NewsbrowseApp) -> str:
    """The facts line of the mentions view (the quotes are counted last)."""
    return str(app.screen.query_one("#entity-facts", Label).content)


async def search(app: NewsbrowseApp, pilot: Pilot[None], query: str) -> ResultList:
    """Go to the search bar, type a query, Enter."""
    await pilot.press("slash", "ctrl+u", *query, "enter")
    results = app.main.query_one(ResultList)
    await until(pilot, lambda: app.focused is results and results.items)
    return results


async def shoot(archive: Path) -> list[Path]:
    """Drive the app through the four screens and save each."""
    app = create_app(archive, update=False, cursor_blink=False)
    written: list[Path] = []

    def save(name: str) -> None:
        written.append(Path(app.save_screenshot(filename=f"{name}.svg", path=str(OUT))))

    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await search(app, pilot, "Ulyanov")
        save("search-ulyanov")

        results = await search(app, pilot, "Jalali Syromolotov")
        seed = next(index for index, hit in enumerate(results.items) if hit.id == SEED)
        await pilot.press(*["down"] * seed, "enter")
        await until(pilot, lambda: isinstance(app.focused, Reader))
        await pilot.pause()
        save("seed-article")

        await pilot.press("e", *"ulyanov", "enter")
        await until(pilot, lambda: isinstance(app.screen, EntityScreen) and "quote" in entity_facts(app))
        save("mentions-ulyanov")

        await pilot.press("question_mark")
        await pilot.pause()
        save("help")
    return written


def main() -> None:
    """Index a copy of the sample archive and take the screenshots."""
    OUT.mkdir(exist_ok=True)
    with tempfile.TemporaryDirectory() as scratch:
        archive = Path(scratch) / SAMPLE.name
        shutil.copytree(SAMPLE, archive, ignore=shutil.ignore_patterns(".newsbrowse"))
        with open_archive(archive) as opened:
            opened.update()
        for path in asyncio.run(shoot(archive)):
            print(path.relative_to(ROOT))


if __name__ == "__main__":
    main()
