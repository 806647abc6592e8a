"""Pilot tests of the entity list, the mentions view and quotes by a person."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import Input, Label, Sparkline
from tui_helpers import burst, indexed_archive, run, search_and_open

from newsbrowse.tui.app import NewsbrowseApp
from newsbrowse.tui.driving import until
from newsbrowse.tui.locations import EntityAt
from newsbrowse.tui.screens import entity as entity_screen
from newsbrowse.tui.screens.entity import EntityScreen
from newsbrowse.tui.screens.main import MainScreen
from newsbrowse.tui.widgets.entity import EntityHeader, MentionList, SaidList
from newsbrowse.tui.widgets.reader import Reader
from newsbrowse.tui.widgets.side import EntityList

pytestmark = pytest.mark.tui  # drives the Textual app


@pytest.fixture(scope="module")
def archive(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The small archive, indexed once for the module."""
    return indexed_archive(tmp_path_factory.mktemp("entities") / "archive")


def entities(app: NewsbrowseApp) -> EntityList:
    """The entity list of the main screen."""
    return app.screen.query_one(EntityList)


async def open_mentions(app: NewsbrowseApp, pilot: Pilot[None], name: str) -> EntityScreen:
    """From the entity list, filter to a name and open its mentions view."""
    if isinstance(app.focused, Input):
        await pilot.press("down")
    await pilot.press("e", *name, "enter")
    await until(pilot, lambda: isinstance(app.screen, EntityScreen) and app.screen.loaded is not None)
    assert isinstance(app.screen, EntityScreen)
    return app.screen


def test_without_an_article_e_lists_the_archive_and_typing_filters_by_name_start(archive: Path) -> None:
    """The side panel starts on the archive's entities; the filter asks the archive for names that fit."""

    async def scenario(app: NewsbrowseApp, pilot: Pilot[None]) -> None:
        """The archive's entities are listed; "e" goes to the search bar, and "kaz" in the list leaves Kazem Jalali."""
        await until(pilot, lambda: entities(app).rows)
        assert entities(app).of_archive
        assert "Mikhail Ulyanov" in {row.name for row in entities(app).rows}
        await pilot.press("e")  # typed into the search bar, which has the focus
        assert app.screen.query_one("#query", Input).value == "e"
        await pilot.press("backspace", "down", "e")
        assert app.focused is entities(app)
        burst(app, *"kax", "backspace", "z")  # backspace in a burst of letters erases where it was typed
        await until(pilot, lambda: [row.name for row in entities(app).rows] == ["Kazem Jalali"])
        assert entities(app).highlighted_row is not None
        assert entities(app).border_subtitle == "filter: kaz▏"
        assert entities(app).border_title == "articles per name"  # what the numbers count

    run(archive, scenario)


def test_in_an_article_the_filter_also_finds_the_archive_s_entities(archive: Path) -> None:
    """Typing in an article's entity list lists the archive's entities that fit under its own; Enter opens one."""

    async def scenario(app: NewsbrowseApp, pilot: Pilot[None]) -> None:
        """The Vienna article does not name Priya Raman; "priya" offers her from the archive; Enter opens her."""
        await search_and_open(app, pilot, "ulyanov significant")
        await pilot.press("e")
        assert entities(app).border_title == "mentions per name"
        await pilot.press(*"priya")
        await until(pilot, lambda: [row.name for row in entities(app).elsewhere] == ["Priya Raman"])
        headings = [str(option.prompt) for option in entities(app).options if option.disabled]
        assert headings == ["In the archive 1 · articles"]
        assert entities(app).highlighted_row == entities(app).elsewhere[0]
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, EntityScreen) and app.screen.loaded is not None)
        assert "Priya Raman" in str(app.screen.query_one("#entity-name", Label).content)

    run(archive, scenario)


def test_in_an_article_typing_filters_its_entities_and_escape_clears_then_steps_out(archive: Path) -> None:
    """Any part of a name filters; backspace and Escape edit the filter; Escape on no filter goes back to the reader."""

    async def scenario(app: NewsbrowseApp, pilot: Pilot[None]) -> None:
        """ "ragh" filters the entities to Araghchi; backspace edits, Escape clears, then returns to the reader."""
        reader = await search_and_open(app, pilot, "ulyanov significant")
        await pilot.press("e", *"ragh")
        names = [option.id and entities(app).rows[int(option.id)].name for option in entities(app).options]
        assert [name for name in names if name] == ["Abbas Araghchi"]
        await pilot.press("backspace")
        assert entities(app).filter == "rag"
        await pilot.press("escape")
        assert entities(app).filter == "" and app.focused is entities(app)
        assert len([o for o in entities(app).options if o.id]) == len(entities(app).rows) > 1
        await pilot.press("escape")
        assert app.focused is reader

    run(archive, scenario)


@pytest.mark.parametrize("fetch_now", [2000, 0], ids=["fetched on the spot", "fetched in a thread"])
def test_enter_on_an_entity_opens_every_mention_newest_first_and_escape_returns(
    archive: Path, fetch_now: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The mentions view lists every sentence naming the entity, counts months, and Escape goes back."""
    monkeypatch.setattr(entity_screen, "FETCH_NOW_MENTIONS", fetch_now)

    async def scenario(app: NewsbrowseApp, pilot: Pilot[None]) -> None:
        """Ulyanov's six mentions come newest first with months in the sparkline; Escape returns to the article."""
        reader = await search_and_open(app, pilot, "syromolotov")
        article = reader.article
        screen = await open_mentions(app, pilot, "ulyanov")
        assert app.archive is not None
        expected = app.archive.mentions("Mikhail Ulyanov")
        mentions = screen.query_one(MentionList)
        assert mentions.items == expected and len(expected) == 6
        assert mentions.border_title == "Mentions 6 · newest first"
        days = [m.published.strftime("%Y-%m-%d") for m in expected if m.published]
        assert days == sorted(days, reverse=True)
        assert app.focused is mentions
        assert "Mikhail Ulyanov" in str(screen.query_one("#entity-name").content)
        assert screen.query_one(EntityHeader).query_one(Sparkline).data == [3.0, 0.0, 2.0, 0.0, 1.0]  # May to September
        await pilot.press("escape")
        await until(pilot, lambda: isinstance(app.screen, MainScreen))
        assert app.focused is reader and reader.article == article

    run(archive, scenario)


def test_the_mentions_of_an_undated_archive_claim_no_order(tmp_path: Path) -> None:
    """Without dates the mentions view does not say "newest first"."""
    undated = {
        f"note-{n}.txt": f"Harbour note {n}\n\nIlse Brandvold opened the harbour office on the quay, number {n}.\n"
        for n in range(3)
    }
    archive = indexed_archive(tmp_path / "undated", undated)

    async def scenario(app: NewsbrowseApp, pilot: Pilot[None]) -> None:
        """Brandvold's three mentions are listed under "Mentions 3", with no order claimed."""
        screen = await open_mentions(app, pilot, "brandvold")
        mentions = screen.query_one(MentionList)
        assert len(mentions.items) == 3 and not any(m.published for m in mentions.items)
        assert mentions.border_title == "Mentions 3"

    run(archive, scenario)


def test_enter_on_a_mention_opens_its_article_at_the_mention(archive: Path) -> None:
    """The article opens scrolled to the chosen mention, which is spotlit; n steps to its other mentions there."""

    async def scenario(app: NewsbrowseApp, pilot: Pilot[None]) -> None:
        """The third mention opens its article spotlit, hits on the name; "[" returns to the list where it was."""
        screen = await open_mentions(app, pilot, "ulyanov")
        chosen = screen.query_one(MentionList).items[2]
        await pilot.press("down", "down", "enter")
        await until(pilot, lambda: isinstance(app.focused, Reader))
        reader = app.screen.query_one(Reader)
        assert reader.article is not None and reader.article.id == chosen.article_id
        span = (chosen.offset, chosen.offset + chosen.end - chosen.start)
        assert reader.spotlight == span
        assert reader.article.body[span[0] : span[1]] in ("Ulyanov", "Mikhail Ulyanov")
        assert all(reader.article.body[a:b] in ("Ulyanov", "Mikhail Ulyanov") for a, b in reader.hits)
        await pilot.press("left_square_bracket")  # back: the list is where it was left
        await until(pilot, lambda: isinstance(app.screen, EntityScreen))
        assert app.screen.query_one(MentionList).highlighted_item == chosen

    run(archive, scenario)


def test_quotes_by_this_person_lists_what_they_said_and_opens_at_the_quote(archive: Path) -> None:
    """From the mentions view, q lists the person's quotes across the archive; Enter opens one."""

    async def scenario(app: NewsbrowseApp, pilot: Pilot[None]) -> None:
        """ "q" lists Ulyanov's two quotes and greys the action; Enter opens the article spotlit at the quote."""
        screen = await open_mentions(app, pilot, "ulyanov")
        assert screen.check_action("view", ("quotes",)) is True
        await pilot.press("q")
        await until(pilot, lambda: isinstance(app.focused, SaidList))
        said = screen.query_one(SaidList)
        assert [quote.text for quote in said.items] == [
            "A pause is not a failure",
            "We have achieved significant progress, but unresolved issues remain",
        ]
        assert screen.check_action("view", ("quotes",)) is None  # the view shown is greyed out
        await pilot.press("down", "enter")
        await until(pilot, lambda: isinstance(app.focused, Reader))
        reader = app.screen.query_one(Reader)
        assert reader.article is not None and reader.article.id == "vienna-talks.txt"
        assert reader.spotlight is not None
        assert reader.article.body[slice(*reader.spotlight)].startswith("We have achieved")

    run(archive, scenario)


@pytest.mark.parametrize("name", ["Nobody Known", "%"])
def test_a_name_that_fits_no_entity_says_so(archive: Path, name: str) -> None:
    """The mentions view of a name the archive does not know: the header says so, the list is empty."""

    async def scenario(app: NewsbrowseApp, pilot: Pilot[None]) -> None:
        """Navigate straight to the name's view."""
        app.navigate(EntityAt(name))
        await until(pilot, lambda: isinstance(app.screen, EntityScreen) and app.screen.loaded is not None)
        assert isinstance(app.screen, EntityScreen)
        assert app.screen.loaded is not None and app.screen.loaded.summary is None
        assert "not in the archive" in str(app.screen.query_one("#entity-facts", Label).content)
        assert app.screen.query_one(MentionList).items == []

    run(archive, scenario)
