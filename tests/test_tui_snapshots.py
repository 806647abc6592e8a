"""Snapshot tests of key screens: fixed size, still cursor, an index made beforehand (no clock, no build)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import Label
from tui_helpers import indexed_archive

from newsbrowse.tui.app import create_app
from newsbrowse.tui.driving import until
from newsbrowse.tui.screens.entity import EntityScreen
from newsbrowse.tui.widgets.reader import Reader
from newsbrowse.tui.widgets.results import ResultList
from newsbrowse.tui.widgets.search import SearchBar

pytestmark = pytest.mark.tui  # drives the Textual app

Compare = Callable[..., bool]
WIDE = (120, 36)
NARROW = (80, 24)


@pytest.fixture(scope="module")
def archive(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The small archive, indexed once for the module."""
    return indexed_archive(tmp_path_factory.mktemp("snapshots") / "archive")


def steps(*actions: Callable[[Pilot[None]], Awaitable[None]]) -> Callable[[Pilot[None]], Awaitable[None]]:
    """Run pilot steps one after the other before the shot."""

    async def run_before(pilot: Pilot[None]) -> None:
        """Wait for the main screen, then run each step."""
        await pilot.pause()  # the main screen is up and the search bar has the focus
        for action in actions:
            await action(pilot)

    return run_before


def search(query: str) -> Callable[[Pilot[None]], Awaitable[None]]:
    """Type a query and Enter: the results have the focus."""

    async def step(pilot: Pilot[None]) -> None:
        """Type the query, Enter, and wait for the focused results."""
        await pilot.press(*query, "enter")
        await until(
            pilot, lambda: isinstance(pilot.app.focused, ResultList) and pilot.app.screen.query_one(ResultList).items
        )

    return step


async def open_hit(pilot: Pilot[None]) -> None:
    """Enter on the highlighted hit: the reader has the focus."""
    await pilot.press("enter")
    await until(pilot, lambda: isinstance(pilot.app.focused, Reader))


def test_search_results(snap_compare: Compare, archive: Path) -> None:
    """Results for "ulyanov": titles, dates, sources, snippets with the name marked, the header."""
    app = create_app(archive, update=False, cursor_blink=False)
    assert snap_compare(app, terminal_size=WIDE, run_before=steps(search("ulyanov")))


def test_article_with_side_panel(snap_compare: Compare, archive: Path) -> None:
    """An article in the reader with its hits and names marked, its entities by type on the side."""
    app = create_app(archive, update=False, cursor_blink=False)
    assert snap_compare(app, terminal_size=WIDE, run_before=steps(search("ulyanov significant"), open_hit))


def test_mentions_view(snap_compare: Compare, archive: Path) -> None:
    """Every sentence naming Mikhail Ulyanov, newest first, with the months as a sparkline."""

    async def mentions(pilot: Pilot[None]) -> None:
        """Open Ulyanov's mentions view and wait until the header counts his quotes."""
        await pilot.press("e", *"ulyanov", "enter")
        # The quotes come after the mentions: wait for their count in the header too.
        await until(
            pilot,
            lambda: (
                isinstance(screen := pilot.app.screen, EntityScreen)
                and "quote" in str(screen.query_one("#entity-facts", Label).content)
            ),
        )

    app = create_app(archive, update=False, cursor_blink=False)
    assert snap_compare(app, terminal_size=WIDE, run_before=steps(search("ulyanov"), mentions))


def test_help_screen(snap_compare: Compare, archive: Path) -> None:
    """The keys, by where they work."""

    async def help_screen(pilot: Pilot[None]) -> None:
        """Leave the search bar and open the help."""
        await pilot.press("down", "question_mark")
        await pilot.pause()

    app = create_app(archive, update=False, cursor_blink=False)
    assert snap_compare(app, terminal_size=WIDE, run_before=steps(help_screen))


def test_narrow_terminal_reading(snap_compare: Compare, archive: Path) -> None:
    """At 80x24 the side panel stays hidden and the reader gets the room."""
    app = create_app(archive, update=False, cursor_blink=False)
    assert snap_compare(app, terminal_size=NARROW, run_before=steps(search("jalali"), open_hit))


def test_bad_query(snap_compare: Compare, archive: Path) -> None:
    """The parser's message in red under the bar; the app keeps going."""

    async def bad(pilot: Pilot[None]) -> None:
        """Set a query with a bad date, Enter, and wait for the error under the bar."""
        # Set at once, not typed: the half-typed queries' results would depend on timing.
        pilot.app.screen.query_one(SearchBar).set_query("talks date:yesterday")
        await pilot.press("enter")
        await until(pilot, lambda: pilot.app.screen.query_one("#understood").has_class("-error"))

    app = create_app(archive, update=False, cursor_blink=False)
    assert snap_compare(app, terminal_size=NARROW, run_before=steps(bad))
