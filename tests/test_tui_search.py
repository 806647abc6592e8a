"""Pilot tests of searching: as you type, Enter to the results, bad queries, suggestions, sorting, paging."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import Input, Static
from tui_helpers import burst, indexed_archive, many_articles, run

from newsbrowse.model import SearchResults, Sort
from newsbrowse.tui.app import NewsbrowseApp
from newsbrowse.tui.driving import until
from newsbrowse.tui.screens.main import RESULTS_PAGE
from newsbrowse.tui.widgets.results import ResultList
from newsbrowse.tui.widgets.search import SearchBar

pytestmark = pytest.mark.tui  # drives the Textual app


@pytest.fixture(scope="module")
def archive(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The small archive, indexed once for the module (the tests only read it)."""
    return indexed_archive(tmp_path_factory.mktemp("search") / "archive")


def status(app: NewsbrowseApp) -> str:
    """The line under the search bar."""
    return str(app.screen.query_one("#understood", Static).content)


def results(app: NewsbrowseApp) -> ResultList:
    """The results pane."""
    return app.screen.query_one(ResultList)


def test_typing_searches_and_enter_moves_to_the_first_hit(archive: Path) -> None:
    """Results follow the typing; the header gives the count and the query as understood; Enter goes to hit 1."""

    async def scenario(app: NewsbrowseApp, pilot: Pilot[None]) -> None:
        """Typing "ulyanov" fills the results, focus kept in the bar; Enter moves to the first of four hits."""
        assert isinstance(app.focused, Input)
        await pilot.press(*"ulyanov")
        await until(pilot, lambda: results(app).items)
        assert isinstance(app.focused, Input)  # typing never steals the focus
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.focused, ResultList))
        hits = results(app).items
        assert len(hits) == 4 and all("Ulyanov" in hit.snippet for hit in hits)
        assert status(app) == "4 articles · ulyanov · by relevance"
        assert results(app).highlighted_item == hits[0]
        assert results(app).border_title == "Results 4"

    run(archive, scenario)


def test_keys_arriving_together_keep_their_order(archive: Path) -> None:
    """Editing keys in a burst act where they were typed: ctrl+u, backspace and Enter are not run after the letters."""

    async def scenario(app: NewsbrowseApp, pilot: Pilot[None]) -> None:
        """ctrl+u + 8 letters leaves those letters; 5 backspaces + letters leave the rest; Enter searches all of it."""
        field = app.screen.query_one(Input)
        await pilot.press(*"Blair")
        burst(app, "ctrl+u", *"abcdefgh")
        await until(pilot, lambda: field.value == "abcdefgh", timeout=5)
        burst(app, *["backspace"] * 5, *"iPod")
        await until(pilot, lambda: field.value == "abciPod", timeout=5)
        burst(app, "ctrl+u", *"vienna", "enter")
        await until(pilot, lambda: isinstance(app.focused, ResultList) and results(app).items)
        assert field.value == "vienna" and len(results(app).items) == 5

    run(archive, scenario)


def test_a_bad_query_says_why_inline_and_the_app_keeps_running(archive: Path) -> None:
    """The parser's message shows under the bar, the last results stay, and searching goes on."""

    async def scenario(app: NewsbrowseApp, pilot: Pilot[None]) -> None:
        """An unknown field shows its error under the bar and keeps the five results; fixing the query clears it."""
        await pilot.press(*"vienna", "enter")
        await until(pilot, lambda: results(app).items)
        await pilot.press("slash")
        app.main.query_one(SearchBar).set_query("vienna nosuchfield:x")
        await pilot.press("enter")
        await until(pilot, lambda: "unknown field" in status(app))
        assert app.screen.query_one("#understood").has_class("-error")
        assert len(results(app).items) == 5
        await pilot.press(*["backspace"] * len(" nosuchfield:x"), *" talks")
        await until(pilot, lambda: "vienna AND talks" in status(app))
        assert not app.screen.query_one("#understood").has_class("-error")

    run(archive, scenario)


def test_partial_matches_are_listed_and_marked(archive: Path) -> None:
    """Words no article holds together still list the articles holding some, each marked with how many."""

    async def scenario(app: NewsbrowseApp, pilot: Pilot[None]) -> None:
        """ "ulyanov qwertyzz": no article holds both; the four naming Ulyanov follow, "also: 1 of 2 words"."""
        await pilot.press(*"ulyanov qwertyzz", "enter")
        await until(pilot, lambda: len(results(app).items) == 4)
        hits = results(app).items
        assert all(hit.partial and hit.words == (1, 2) for hit in hits)
        assert all("also: 1 of 2 words" in results(app).prompt(hit, 120).plain for hit in hits)
        assert results(app).border_title == "Results 0 + 4 partial"
        results(app).set_total(0)  # an exact count arriving later keeps the partial matches' count
        assert results(app).border_title == "Results 0 + 4 partial"

    run(archive, scenario)


def test_nothing_found_offers_the_suggestion_and_enter_searches_for_it(archive: Path) -> None:
    """When nothing matches, "did you mean" is in the results; choosing it runs that search."""

    async def scenario(app: NewsbrowseApp, pilot: Pilot[None]) -> None:
        """ "ulyanof" finds nothing and suggests "ulyanov"; Enter on the suggestion searches it."""
        await pilot.press(*"ulyanof", "enter")
        await until(pilot, lambda: results(app).suggestion == "ulyanov" and isinstance(app.focused, ResultList))
        assert status(app).startswith("0 articles")
        await pilot.press("enter")
        await until(pilot, lambda: results(app).items)
        assert app.screen.query_one(Input).value == "ulyanov"
        assert len(results(app).items) == 4

    run(archive, scenario)


def test_s_switches_the_order_to_newest_then_oldest_first(archive: Path) -> None:
    """s orders the results newest first, then oldest first, then by relevance again, and says so."""

    async def scenario(app: NewsbrowseApp, pilot: Pilot[None]) -> None:
        """s on the vienna results sorts the five newest first; s again oldest first; s again by relevance."""
        await pilot.press(*"vienna", "enter")
        await until(pilot, lambda: isinstance(app.focused, ResultList) and results(app).items)
        await pilot.press("s")
        await until(pilot, lambda: "newest first" in status(app))
        days = [hit.published.strftime("%Y-%m-%d") for hit in results(app).items if hit.published]
        assert len(days) == 5 and days == sorted(days, reverse=True)
        assert results(app).sort == "date" and results(app).border_subtitle == "s: newest first"
        assert isinstance(app.focused, ResultList)
        await pilot.press("s")
        await until(pilot, lambda: "oldest first" in status(app))
        assert [hit.published.strftime("%Y-%m-%d") for hit in results(app).items if hit.published] == sorted(days)
        await pilot.press("s")
        await until(pilot, lambda: "by relevance" in status(app))

    run(archive, scenario)


def test_sorting_undated_results_by_date_says_there_is_no_date_order(tmp_path: Path) -> None:
    """When no hit has a date, s does not claim "newest first"."""
    undated = {f"note-{n}.txt": f"Harbour note {n}\n\nThe harbour report number {n} is out.\n" for n in range(3)}
    archive = indexed_archive(tmp_path / "undated", undated)

    async def scenario(app: NewsbrowseApp, pilot: Pilot[None]) -> None:
        """s on three undated hits: the status says they are in archive order."""
        await pilot.press(*"harbour", "enter")
        await until(pilot, lambda: isinstance(app.focused, ResultList) and results(app).items)
        await pilot.press("s")
        await until(pilot, lambda: "in archive order" in status(app))
        assert status(app) == "3 articles · harbour · undated: in archive order"

    run(archive, scenario)


def test_down_on_the_last_result_stays_there(archive: Path) -> None:
    """The highlight does not go round: Down on the last hit keeps it, Up on the first keeps that."""

    async def scenario(app: NewsbrowseApp, pilot: Pilot[None]) -> None:
        """Five vienna hits: Down six times ends on the fifth; Up six times on the first."""
        await pilot.press(*"vienna", "enter")
        await until(pilot, lambda: isinstance(app.focused, ResultList) and results(app).items)
        items = results(app).items
        await pilot.press(*["down"] * (len(items) + 1))
        assert results(app).highlighted_item == items[-1]
        await pilot.press(*["up"] * (len(items) + 1))
        assert results(app).highlighted_item == items[0]

    run(archive, scenario)


def test_an_empty_bar_shows_what_the_archive_holds(archive: Path) -> None:
    """Before any query (and after clearing it) the results pane explains itself and the bar counts articles."""

    async def scenario(app: NewsbrowseApp, pilot: Pilot[None]) -> None:
        """The status counts the archive's articles before a query and again after the bar is cleared."""
        assert status(app).startswith("5 articles in archive")
        await pilot.press(*"vienna")
        await until(pilot, lambda: results(app).items)
        await pilot.press(*["backspace"] * 6)
        await until(pilot, lambda: not results(app).items)
        assert status(app).startswith("5 articles in archive")
        assert results(app).option_count == 1

    run(archive, scenario)


def test_results_come_in_pages_as_the_highlight_moves_down(tmp_path: Path) -> None:
    """A search with more hits than a page shows a page, and the next ones arrive near the end."""
    archive = indexed_archive(tmp_path / "many", many_articles(RESULTS_PAGE * 2 + 20))
    everything = RESULTS_PAGE * 2 + 20

    async def scenario(app: NewsbrowseApp, pilot: Pilot[None]) -> None:
        """The first page comes alone; pressing end loads the rest, each hit once."""
        await pilot.press(*"harbour", "enter")
        await until(pilot, lambda: isinstance(app.focused, ResultList))
        assert len(results(app).items) == RESULTS_PAGE
        assert results(app).total == everything
        for _ in range(3):
            await pilot.press("end")
            await pilot.pause()
            await app.workers.wait_for_complete()
            await pilot.pause()
        assert len(results(app).items) == everything
        assert len({hit.id for hit in results(app).items}) == everything  # no page twice

    run(archive, scenario)


def test_a_count_once_exact_stays_exact_when_the_search_runs_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Typing shows whoosh's estimate until the exact count comes; Enter, sorting and back never show "about" again."""
    archive = indexed_archive(tmp_path / "many", many_articles(RESULTS_PAGE * 2 + 20))
    shown: list[str] = []
    show = SearchBar.show_understood

    def recorded(bar: SearchBar, total: int, exact: bool, understood: str, sort: Sort, dated: bool = True) -> None:
        """Keep every count the bar shows."""
        shown.append(f"{'' if exact else 'about '}{total}")
        show(bar, total, exact, understood, sort, dated)

    monkeypatch.setattr(SearchBar, "show_understood", recorded)

    async def scenario(app: NewsbrowseApp, pilot: Pilot[None]) -> None:
        """Type "harbour", wait for the exact 60; Enter and s twice search again without an estimate."""
        await pilot.press(*"harbour")
        await until(pilot, lambda: shown and shown[-1] == str(RESULTS_PAGE * 2 + 20))
        settled = len(shown)
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.focused, ResultList) and len(shown) > settled)
        for order in ("newest first", "oldest first", "by relevance"):
            await pilot.press("s")
            await until(pilot, lambda order=order: order in status(app))
        await pilot.pause(0.6)  # longer than the wait before counting
        assert shown[settled:] and all(count == "60" for count in shown[settled:]), shown
        assert results(app).border_title == "Results 60"

    run(archive, scenario)


def test_a_failing_search_is_reported_and_the_app_keeps_running(archive: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """An unexpected error in a search worker becomes one notice from the app's failure handler."""
    notices: list[tuple[str, str]] = []
    monkeypatch.setattr(NewsbrowseApp, "notify", lambda app, message, title="", **_: notices.append((title, message)))

    async def scenario(app: NewsbrowseApp, pilot: Pilot[None]) -> None:
        """A search raising an error gives one internal-error notice, no sort action, and ctrl+q exits."""
        assert app.archive is not None

        def broken(*args: object, **kwargs: object) -> SearchResults:
            """Stand-in for Archive.search that fails unexpectedly."""
            raise RuntimeError("the index file vanished")

        app.archive.search = broken  # type: ignore[method-assign]
        await pilot.press(*"vienna", "enter")
        await until(pilot, lambda: notices)
        assert set(notices) == {("Internal error in the search", "RuntimeError: the index file vanished")}
        assert results(app).check_action("toggle_sort", ()) is None  # nothing to sort
        await pilot.press("ctrl+q")

    assert run(archive, scenario).return_code == 0
