"""Helpers for the TUI tests: a small archive written here, indexed in-process, and a way to run pilot scenarios."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Awaitable, Callable
from pathlib import Path

from textual import events
from textual.pilot import Pilot

from newsbrowse.archive import open_archive
from newsbrowse.tui.app import NewsbrowseApp, create_app
from newsbrowse.tui.driving import until
from newsbrowse.tui.widgets.reader import Reader
from newsbrowse.tui.widgets.results import ResultList

SIZE = (120, 40)

ARTICLES = {
    "vienna-talks.txt": """Russian envoy reports progress in Vienna talks
May 20, 2021 - 12:10

VIENNA - Mikhail Ulyanov, Russia's envoy to the talks in Vienna, said on Thursday that significant progress had been made on restoring the nuclear agreement.

"We have achieved significant progress, but unresolved issues remain," Ulyanov said after the meeting.

Abbas Araghchi, Iran's chief negotiator, also spoke of good progress. "The texts are taking shape," Araghchi told reporters.

Delegations will return to their capitals for consultations before the next round.
""",
    "tehran-meeting.txt": """Ambassador Jalali meets Syromolotov in Moscow
May 22, 2021 - 09:30

MOSCOW - Kazem Jalali, Iran's ambassador to Russia, met Oleg Syromolotov, Russia's deputy foreign minister, in Moscow on Saturday.

The two diplomats discussed cooperation against terrorism and the talks in Vienna, where Mikhail Ulyanov leads the Russian delegation.

"Our cooperation will continue," Jalali said.
""",
    "summer-pause.txt": """Vienna talks pause for the summer
July 2, 2021 - 16:00

The talks in Vienna paused on Friday after a sixth round.

Mikhail Ulyanov said the delegations needed time. "A pause is not a failure," Ulyanov wrote on Twitter.

Lena Hartmann, an analyst at the Danube Institute, said the drafts were nearly complete. "The hard part is political," Hartmann said.
""",
    "markets.txt": """Oil prices steady as traders watch the talks
June 8, 2021 - 10:00

Oil prices held steady on Tuesday as traders in London watched the talks in Vienna for signs of progress.

"The market is waiting," said Priya Raman, an analyst at Harbourline Commodities.
""",
    "wire.json": json.dumps(
        {
            "title": "Negotiators await a date for new talks",
            "url": "https://example.org/news/negotiators-await-date",
            "source": "Example Wire",
            "date": "2021-09-14T08:00:00Z",
            "author": "Sarah Collins",
            "body": "Diplomats in Vienna are waiting for a date for a seventh round of talks.\n\n"
            "Mikhail Ulyanov said he hoped the talks would resume soon. Abbas Araghchi has not commented.\n\n"
            '"Everyone is waiting for a decision," said Lena Hartmann.',
        }
    ),
}


def write_archive(root: Path, articles: dict[str, str] = ARTICLES) -> Path:
    """Write the articles into a new folder `root`."""
    root.mkdir(parents=True)
    for name, text in articles.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text, encoding="utf-8")
    return root


def indexed_archive(root: Path, articles: dict[str, str] = ARTICLES) -> Path:
    """Write the articles and index them in this process."""
    write_archive(root, articles)
    with open_archive(root) as archive:
        archive.update(jobs=1)
    return root


def many_articles(count: int) -> dict[str, str]:
    """`count` short articles that all mention the word "harbour", a day apart."""
    return {
        f"note-{n:04d}.txt": f"Harbour note {n}\nMay {1 + n % 28}, 2021 - 10:00\n\nThe harbour report number {n} is out.\n"
        for n in range(count)
    }


async def search_and_open(app: NewsbrowseApp, pilot: Pilot[None], query: str) -> Reader:
    """Type a query, Enter to the results, Enter on the first hit: the reader has it and the focus."""
    await pilot.press(*query, "enter")
    results = app.main.query_one(ResultList)
    await until(pilot, lambda: app.focused is results and results.items)
    await pilot.press("enter")
    reader = app.main.query_one(Reader)
    await until(pilot, lambda: app.focused is reader)
    return reader


def burst(app: NewsbrowseApp, *keys: str) -> None:
    """Post keys all at once, as a paste or `tmux send-keys` delivers them (pilot.press waits between keys)."""
    for key in keys:
        app.post_message(events.Key(key, key if len(key) == 1 else None))


Scenario = Callable[[NewsbrowseApp, Pilot[None]], Awaitable[None]]


def run(archive: Path, scenario: Scenario, update: bool = False) -> NewsbrowseApp:
    """Run a pilot scenario on the app over an archive (no background build unless asked) and return the app."""
    app = create_app(archive, update=update, jobs=1)

    async def drive() -> None:
        """Run the scenario in a test session of the app's size."""
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            await scenario(app, pilot)

    asyncio.run(drive())
    return app
