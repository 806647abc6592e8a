"""Write the README's screenshots (SVG) by driving the browser over sample_archive with Textual's pilot.

    .venv/bin/python scripts/screenshots.py            # rewrite screenshots/
    .venv/bin/python scripts/screenshots.py --check    # exit 1 if a committed one differs

The sample archive is copied to a temporary folder and indexed there (the repository
stays clean); the app comes from the same factory as the command line and the tests,
with the cursor still, no background build and every step waited for, so that a rerun
gives the same pictures byte for byte (tests/test_screenshots.py holds it to that).
"""

from __future__ import annotations

import argparse
import asyncio
import shutil
import sys
import tempfile
from pathlib import Path

from textual.pilot import Pilot
from textual.widgets import Label

from newsbrowse.archive import open_archive
from newsbrowse.tui.app import NewsbrowseApp, create_app
from newsbrowse.tui.driving import until
from newsbrowse.tui.screens.entity import EntityScreen
from newsbrowse.tui.screens.help import HelpScreen
from newsbrowse.tui.widgets.entity import MentionList
from newsbrowse.tui.widgets.reader import Reader
from newsbrowse.tui.widgets.results import ResultList
from newsbrowse.tui.widgets.side import EntityList

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "sample_archive"
OUT = ROOT / "screenshots"
SEED = "tehrantimes-2021-05-21-iran-russia-counterterrorism.txt"
SIZE = (130, 40)
NAMES = ("search-ulyanov", "seed-article", "mentions-ulyanov", "help")


def entity_facts(app: NewsbrowseApp) -> str:
    """The facts line of the mentions view (the quotes are counted last)."""
    return str(app.screen.query_one("#entity-facts", Label).content)


async def settle(app: NewsbrowseApp, pilot: Pilot[None]) -> None:
    """Let every worker finish and every pending frame be drawn (timers included: the exact count)."""
    for _ in range(3):
        await app.workers.wait_for_complete()
        await pilot.pause(0.6)  # longer than the wait before an exact count
    await pilot.wait_for_scheduled_animations()
    await pilot.pause()


async def search(app: NewsbrowseApp, pilot: Pilot[None], query: str) -> ResultList:
    """Go to the search bar, type a query, Enter: the results have the focus."""
    await pilot.press("slash", "ctrl+u", *query, "enter")
    results = app.main.query_one(ResultList)
    await until(pilot, lambda: app.focused is results and results.items)
    return results


async def shoot(archive: Path, out: Path) -> list[Path]:
    """Drive the app through the four screens and save each into `out`."""
    app = create_app(archive, update=False, cursor_blink=False)
    written: list[Path] = []

    async def save(name: str) -> None:
        """Wait until nothing moves, then save the screen."""
        await settle(app, pilot)
        written.append(Path(app.save_screenshot(filename=f"{name}.svg", path=str(out))))

    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        # Results for a name, the first one open at its first hit (the current hit stands out).
        await search(app, pilot, "Ulyanov")
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.focused, Reader) and app.main.query_one(Reader).article)
        await pilot.press("n")
        await save("search-ulyanov")

        # The real article of the archive, its entities listed (the numbers: mentions in it).
        results = await search(app, pilot, "Jalali Syromolotov")
        seed = next(index for index, hit in enumerate(results.items) if hit.id == SEED)
        await pilot.press(*["down"] * seed, "enter")
        reader = app.main.query_one(Reader)
        await until(pilot, lambda: reader.article is not None and reader.article.id == SEED)
        await pilot.press("e")
        await until(pilot, lambda: isinstance(app.focused, EntityList))
        await save("seed-article")

        # Every sentence naming Mikhail Ulyanov, found by typing in the article's entity list.
        await pilot.press(*"ulyanov", "enter")
        await until(pilot, lambda: isinstance(app.screen, EntityScreen) and "quote" in entity_facts(app))
        await until(pilot, lambda: app.screen.query_one(MentionList).option_count > 0)
        await save("mentions-ulyanov")

        await pilot.press("question_mark")
        await until(pilot, lambda: isinstance(app.screen, HelpScreen))
        await save("help")
    return written


def take(out: Path) -> list[Path]:
    """Index a copy of the sample archive and write the screenshots into `out`."""
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as scratch:
        archive = Path(scratch) / SAMPLE.name
        shutil.copytree(SAMPLE, archive, ignore=shutil.ignore_patterns(".newsbrowse"))
        with open_archive(archive) as opened:
            opened.update(jobs=1)
        return asyncio.run(shoot(archive, out))


def stale(out: Path, committed: Path = OUT) -> list[str]:
    """The screenshots in `out` that differ from (or are missing in) `committed`."""
    return [
        name
        for name in NAMES
        if not (committed / f"{name}.svg").is_file()
        or (committed / f"{name}.svg").read_bytes() != (out / f"{name}.svg").read_bytes()
    ]


def main() -> int:
    """Write the screenshots, or with --check compare fresh ones with those committed."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only compare with the committed screenshots")
    args = parser.parse_args()
    if not args.check:
        for path in take(OUT):
            print(path.relative_to(ROOT))
        return 0
    with tempfile.TemporaryDirectory() as scratch:
        take(Path(scratch))
        different = stale(Path(scratch))
    if different:
        print(f"stale: {', '.join(different)} (run scripts/screenshots.py and look at the new ones)", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
