"""Pilot tests of stars, tags and notes, saved searches, batch search and related entities in the browser."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import OptionList, TextArea
from tui_helpers import indexed_archive, run, search_and_open

from newsbrowse.archive import open_archive
from newsbrowse.tui.app import NewsbrowseApp
from newsbrowse.tui.driving import until
from newsbrowse.tui.screens.entity import EntityScreen
from newsbrowse.tui.screens.marks import AskScreen, NoteScreen, PickScreen
from newsbrowse.tui.widgets.entity import RelatedList
from newsbrowse.tui.widgets.results import ResultList

pytestmark = pytest.mark.tui  # drives the Textual app


@pytest.fixture
def archive(tmp_path: Path) -> Path:
    """The small archive, indexed (one per test: the tests write marks)."""
    return indexed_archive(tmp_path / "archive")


def test_star_tag_and_note_from_the_reader_are_kept_and_shown(archive: Path) -> None:
    """`*` stars, `t` tags, `a` opens the note editor (ctrl+s saves); the reader and the results show the marks."""

    async def scenario(app: NewsbrowseApp, pilot: Pilot[None]) -> None:
        """Mark the article about the summer pause, then find it by its marks."""
        reader = await search_and_open(app, pilot, "pause")
        assert reader.article is not None
        article_id = reader.article.id
        await pilot.press("asterisk")
        await until(pilot, lambda: reader.marks_text == "★")
        await pilot.press("t")
        await until(pilot, lambda: isinstance(app.screen, AskScreen))
        await pilot.press(*"Follow up", "enter")
        await until(pilot, lambda: reader.marks_text == "★ · follow up")
        await pilot.press("a")
        await until(pilot, lambda: isinstance(app.screen, NoteScreen))
        app.screen.query_one(TextArea).insert("Ring the Danube Institute")
        await pilot.press("ctrl+s")
        await until(pilot, lambda: reader.marks_text == "★ · follow up · note")
        assert "★ · follow up · note" in reader.border_subtitle
        await pilot.press("slash", "ctrl+u", *"note:danube", "enter")
        results = app.main.query_one(ResultList)
        await until(pilot, lambda: [hit.id for hit in results.items] == [article_id])
        assert "★ · follow up · note" in str(results.prompt(results.items[0], 80))
        await pilot.press("t")  # on the highlighted result: take the tag away
        await until(pilot, lambda: isinstance(app.screen, AskScreen))
        await pilot.press(*"-follow up", "enter")
        await until(pilot, lambda: not app.main.marks[article_id].tags)

    run(archive, scenario)
    with open_archive(archive) as opened:
        [marks] = opened.marks().values()
        assert (marks.starred, marks.tags, marks.note) == (True, (), "Ring the Danube Institute")


def test_a_saved_search_is_listed_with_its_new_articles_and_runs(archive: Path) -> None:
    """ctrl+s names the search; ctrl+o lists the saved ones with their counts, and Enter runs one."""
    (archive / "late.txt").write_text("Vienna late\n\nThe talks in Vienna ended late.\n", encoding="utf-8")

    async def scenario(app: NewsbrowseApp, pilot: Pilot[None]) -> None:
        """Save "vienna", search something else, then run "vienna" again from the list."""
        await pilot.press(*"hartmann", "enter")
        await until(pilot, lambda: app.main.query_one(ResultList).items)
        await pilot.press("ctrl+s")
        await until(pilot, lambda: isinstance(app.screen, AskScreen))
        await pilot.press("ctrl+u", *"Hartmann", "enter")
        await pilot.press("slash", "ctrl+u", *"ulyanov", "enter")
        await until(pilot, lambda: app.main.search_text == "ulyanov")
        await pilot.press("ctrl+o")
        await until(pilot, lambda: isinstance(app.screen, PickScreen))
        listed = app.screen.query_one(OptionList)
        assert listed.option_count == 1 and "Hartmann" in str(listed.get_option_at_index(0).prompt)
        await pilot.press("enter")
        await until(pilot, lambda: app.main.search_text == "hartmann" and app.main.query_one(ResultList).items)

    run(archive, scenario)
    with open_archive(archive) as opened:
        [status] = opened.saved_searches()
        assert (status.search.name, status.search.query, status.new) == ("Hartmann", "hartmann", 0)


def test_related_entities_are_one_key_away_in_the_entity_view(archive: Path) -> None:
    """`r` in an entity's view lists the entities named with it; Enter goes to one."""

    async def scenario(app: NewsbrowseApp, pilot: Pilot[None]) -> None:
        """From Ulyanov to an entity named with him."""
        await pilot.press("down", "e", *"ulyanov", "enter")
        await until(pilot, lambda: isinstance(app.screen, EntityScreen) and app.screen.loaded is not None)
        await pilot.press("r")
        related = app.screen.query_one(RelatedList)
        await until(pilot, lambda: related.items and app.focused is related)
        names = [item.name for item in related.items]
        assert "Abbas Araghchi" in names and "Mikhail Ulyanov" not in names
        first = related.items[0].name
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, EntityScreen) and app.screen.place.name == first)

    run(archive, scenario)


def test_a_batch_is_listed_and_a_line_opens_its_articles(archive: Path, tmp_path: Path) -> None:
    """The palette's batch search reads a list and shows each line's articles; Enter searches one."""
    names = tmp_path / "names.txt"
    names.write_text("Ulyanov\nNobody Known\n", encoding="utf-8")

    async def scenario(app: NewsbrowseApp, pilot: Pilot[None]) -> None:
        """Batch two names; open the first."""
        app.main.action_batch()
        await until(pilot, lambda: isinstance(app.screen, AskScreen))
        await pilot.press(*str(names), "enter")
        await until(pilot, lambda: isinstance(app.screen, PickScreen))
        listed = app.screen.query_one(OptionList)
        first, second = (str(listed.get_option_at_index(i).prompt) for i in range(2))
        assert "Mikhail Ulyanov (person)" in first and "4 articles" in first
        assert "0 articles" in second and "no entity" in second
        await pilot.press("enter")
        await until(pilot, lambda: app.main.search_text == 'entity:"Mikhail Ulyanov"')

    run(archive, scenario)
