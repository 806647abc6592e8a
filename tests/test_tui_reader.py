"""Pilot tests of the reader: opening an article, its metadata, hits, names, quotes, and opening the source."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import TabbedContent
from tui_helpers import ARTICLES, indexed_archive, run, search_and_open

from newsbrowse.tui import opener
from newsbrowse.tui.app import NewsbrowseApp
from newsbrowse.tui.driving import until
from newsbrowse.tui.widgets.reader import Reader
from newsbrowse.tui.widgets.results import ResultList
from newsbrowse.tui.widgets.side import EntityList, QuoteList

pytestmark = pytest.mark.tui  # drives the Textual app

LONG = "The zeppelin story\nMay 3, 2021 - 08:00\n\n" + "\n\n".join(
    f"Paragraph {n} of a long report." + (" A zeppelin flew over the harbour." if n in (3, 70) else "")
    for n in range(80)
)


@pytest.fixture(scope="module")
def archive(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The small archive plus one long article, indexed once for the module."""
    return indexed_archive(tmp_path_factory.mktemp("reader") / "archive", {**ARTICLES, "long.txt": LONG})


def reader(app: NewsbrowseApp) -> Reader:
    """The reader pane."""
    return app.screen.query_one(Reader)


def test_enter_opens_the_article_with_metadata_hits_and_its_side_panel(archive: Path) -> None:
    """The reader shows title, date, source, authors, file and URL, marks the hits, and the panel follows."""

    async def scenario(app: NewsbrowseApp, pilot: Pilot[None]) -> None:
        """Open the wire article: metadata lines, the title hit, its entities and the one quote in the side panel."""
        await search_and_open(app, pilot, "negotiators")
        shown = reader(app)
        assert shown.article is not None and shown.article.id == "wire.json"
        text = shown.text
        for part in ("Negotiators await a date", "2021-09-14", "Example Wire", "By Sarah Collins", "file wire.json"):
            assert part in text
        assert "url  https://example.org/news/negotiators-await-date" in text
        assert shown.hits == []  # the word is in the title only: marked there, nothing to step through
        assert "reader--hit" in {style for _, _, style in shown._document.marks}
        names = {row.name for row in app.screen.query_one(EntityList).rows}
        assert {"Mikhail Ulyanov", "Lena Hartmann"} <= names
        assert not app.screen.query_one(EntityList).of_archive
        assert [quote.speaker for quote in app.screen.query_one(QuoteList).items] == ["Lena Hartmann"]
        side = app.screen.query_one("#side", TabbedContent)
        assert str(side.get_tab("quotes-tab").label) == "Quotes 1"

    run(archive, scenario)


def test_n_and_N_step_through_the_hits_and_scroll_to_them(archive: Path) -> None:
    """n goes to the next hit (scrolling a long article), N back, round the ends."""

    async def scenario(app: NewsbrowseApp, pilot: Pilot[None]) -> None:
        """In the long article n twice scrolls to the second hit, n wraps to the first, N back to the second."""
        await search_and_open(app, pilot, "zeppelin")
        shown = reader(app)
        assert shown.article is not None and shown.article.id == "long.txt"
        assert [shown.article.body[a:b] for a, b in shown.hits] == ["zeppelin", "zeppelin"]
        assert shown.current is None and shown.scroll_y == 0
        await pilot.press("n", "n")
        await pilot.wait_for_scheduled_animations()
        assert shown.current == 1
        assert shown.spotlight == shown.hits[1]
        assert shown.scroll_y > 20  # paragraph 70 is far down
        assert shown.border_subtitle == "hit 2 of 2 · n/N"
        await pilot.press("n")
        assert shown.current == 0
        await pilot.press("N")
        assert shown.current == 1

    run(archive, scenario)


def test_the_current_hit_is_drawn_on_a_background_of_its_own(archive: Path) -> None:
    """After n the current hit stands out: its background differs from the other hits' and from the page's."""

    async def scenario(app: NewsbrowseApp, pilot: Pilot[None]) -> None:
        """Two hits of "ulyanov" on screen; after n the first is drawn on another background than the second."""
        await search_and_open(app, pilot, "ulyanov significant")
        shown = reader(app)
        assert shown.article is not None and shown.article.id == "vienna-talks.txt"
        await pilot.press("n")
        await pilot.pause()
        assert shown.current == 0
        words = {shown.article.body[a:b] for a, b in shown.hits}
        drawn = [segment for y in range(shown.size.height) for segment in shown.render_line(y)]
        backgrounds = [segment.style.bgcolor for segment in drawn if segment.text in words and segment.style]
        assert len(backgrounds) == len(shown.hits) >= 3  # every hit is on screen
        page = shown.rich_style.bgcolor
        current, others = backgrounds[0], set(backgrounds[1:])  # the first hit in the text is the current one
        assert len(others) == 1 and None not in others
        assert len({current, *others, page}) == 3

    run(archive, scenario)


def test_the_section_and_source_a_page_does_not_state_are_shown(tmp_path: Path) -> None:
    """An undated dump in a section folder, named after its outlet: results and reader show both."""
    name = "business/harbourline-2021-06-08-oil-steady.txt"
    archive = indexed_archive(tmp_path / "sections", {name: "Oil steady\n\nOil prices held steady on Tuesday."})

    async def scenario(app: NewsbrowseApp, pilot: Pilot[None]) -> None:
        """The hit's line and the reader's metadata line read "undated · harbourline · business"."""
        await pilot.press(*"oil", "enter")
        results = app.screen.query_one(ResultList)
        await until(pilot, lambda: isinstance(app.focused, ResultList) and results.items)
        assert (results.items[0].source, results.items[0].section) == ("harbourline", "business")
        assert "undated · harbourline · business" in str(results.get_option_at_index(0).prompt)
        await pilot.press("enter")
        await until(pilot, lambda: reader(app).article is not None)
        assert "undated · harbourline · business" in reader(app).text.splitlines()[1]

    run(archive, scenario)


def test_hit_keys_are_greyed_out_without_hits(archive: Path) -> None:
    """n/N cannot act before an article with hits is open; names and open need an article."""

    async def scenario(app: NewsbrowseApp, pilot: Pilot[None]) -> None:
        """next_hit and open_source are greyed out until an article with hits is open."""
        shown = reader(app)
        assert shown.check_action("next_hit", ()) is None
        assert shown.check_action("open_source", ()) is None
        await search_and_open(app, pilot, "zeppelin")
        assert shown.check_action("next_hit", ()) is True
        assert shown.check_action("open_source", ()) is True

    run(archive, scenario)


def test_m_toggles_the_marks_on_names(archive: Path) -> None:
    """Names are marked by type by default; m hides and shows the marks."""

    async def scenario(app: NewsbrowseApp, pilot: Pilot[None]) -> None:
        """Jalali and Moscow are marked as person and place; m hides the marks and shows them again."""
        await search_and_open(app, pilot, "syromolotov")
        shown = reader(app)

        jalali = shown.text.index("Kazem Jalali")
        moscow = shown.text.index("Moscow on Saturday")
        assert "reader--person" in shown.styles_at(jalali) and "reader--place" in shown.styles_at(moscow)
        await pilot.press("m")
        assert not shown.show_names and not shown.styles_at(jalali)
        await pilot.press("m")
        assert shown.styles_at(jalali) == {"reader--person"}

    run(archive, scenario)


def test_q_goes_to_the_quotes_and_enter_scrolls_the_reader_to_one(archive: Path) -> None:
    """The quotes list lists speakers; Enter spotlights the quote in the reader and focuses it."""

    async def scenario(app: NewsbrowseApp, pilot: Pilot[None]) -> None:
        """q focuses the article's quotes; Enter on the second spotlights it in the reader."""
        await search_and_open(app, pilot, "ulyanov significant")
        shown = reader(app)
        assert shown.article is not None and shown.article.id == "vienna-talks.txt"
        await pilot.press("q")
        quotes = app.screen.query_one(QuoteList)
        assert app.focused is quotes
        assert [quote.speaker for quote in quotes.items] == ["Mikhail Ulyanov", "Abbas Araghchi"]
        await pilot.press("down", "enter")
        await until(pilot, lambda: app.focused is shown)
        quote = quotes.items[1]
        assert shown.spotlight == (quote.start, quote.end)
        assert shown.article.body[quote.start : quote.end] == "The texts are taking shape"
        assert shown.border_subtitle == f"{len(shown.hits)} hits · n: next"  # the quote is no hit
        await pilot.press("N")  # the hit before the quote: the last one
        assert shown.current == len(shown.hits) - 1
        assert shown.spotlight is not None and shown.spotlight[0] < quote.start

    run(archive, scenario)


def test_o_says_when_there_is_no_opener_and_copies_the_url(archive: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Without xdg-open (or the like) the URL goes to the clipboard and the notice says why."""
    monkeypatch.setattr(opener.shutil, "which", lambda name: None)

    async def scenario(app: NewsbrowseApp, pilot: Pilot[None]) -> None:
        """o on an article with a URL copies it to the clipboard and notifies that no program can open it."""
        notices: list[str] = []
        app.notify = lambda message, **_: notices.append(message)  # type: ignore[method-assign,assignment]
        await search_and_open(app, pilot, "negotiators")
        await pilot.press("o")
        assert app.clipboard == "https://example.org/news/negotiators-await-date"
        assert notices and "No program to open it" in notices[0]

    run(archive, scenario)


def test_o_hands_the_file_to_the_system_opener(archive: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """An article without a URL opens its file, by its full path."""
    opened: list[str] = []
    monkeypatch.setattr("newsbrowse.tui.widgets.reader.open_externally", lambda target: opened.append(target) or True)

    async def scenario(app: NewsbrowseApp, pilot: Pilot[None]) -> None:
        """Open the Moscow article and press o."""
        await search_and_open(app, pilot, "syromolotov")
        await pilot.press("o")

    run(archive, scenario)
    assert opened == [str(archive / "tehran-meeting.txt")]
