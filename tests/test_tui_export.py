"""Pilot tests of exports (x), facets (f), the entity's timeline (t) and near-copies (c) in the browser."""

from __future__ import annotations

from pathlib import Path

import pytest
from test_tui_entities import open_mentions
from textual.pilot import Pilot
from tui_helpers import ARTICLES, indexed_archive, run

from newsbrowse.model import Facets
from newsbrowse.tui.app import NewsbrowseApp
from newsbrowse.tui.driving import until
from newsbrowse.tui.screens.entity import EntityScreen
from newsbrowse.tui.screens.marks import AskScreen
from newsbrowse.tui.screens.pick import ChoiceScreen, facet_choices
from newsbrowse.tui.widgets.entity import MentionList
from newsbrowse.tui.widgets.reader import Reader
from newsbrowse.tui.widgets.results import ResultList
from newsbrowse.tui.widgets.search import SearchBar

pytestmark = pytest.mark.tui  # drives the Textual app


@pytest.fixture(scope="module")
def archive(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The small archive, with a wire copy of one article under another name, indexed once for the module."""
    articles = dict(ARTICLES)
    articles["copies/vienna-talks-wire.txt"] = ARTICLES["vienna-talks.txt"].replace(
        "Russian envoy reports progress in Vienna talks", "Envoy: progress in Vienna"
    )
    return indexed_archive(tmp_path_factory.mktemp("export") / "archive", articles)


async def search(app: NewsbrowseApp, pilot: Pilot[None], query: str) -> ResultList:
    """Type a query and Enter: the results have the focus."""
    await pilot.press(*query, "enter")
    results = app.main.query_one(ResultList)
    await until(pilot, lambda: app.focused is results and bool(results.items))
    return results


def test_x_exports_the_results_to_a_file_named_after_the_search(
    archive: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """x proposes search-<query>.md in the working directory; Enter writes every result there and says where."""
    monkeypatch.chdir(tmp_path)

    async def scenario(app: NewsbrowseApp, pilot: Pilot[None]) -> None:
        """Search, export, read the file."""
        await search(app, pilot, "ulyanov")
        await pilot.press("x")
        await until(pilot, lambda: isinstance(app.screen, AskScreen))
        assert app.screen.query_one("#ask-value").value == "search-ulyanov.md"
        await pilot.press("enter")
        exported = tmp_path / "search-ulyanov.md"
        await until(pilot, lambda: exported.exists() and any(str(exported) in n.message for n in app._notifications))
        text = exported.read_text(encoding="utf-8")
        assert text.startswith("## results for 'ulyanov'") and "| id | title |" in text
        assert "Vienna talks pause for the summer" in text and "vienna-talks-wire.txt" in text  # the copy, folded

    run(archive, scenario)


def test_f_lists_facets_and_a_month_narrows_the_search(archive: Path) -> None:
    """f shows the months with their counts and the names; choosing a month adds date: to the query."""

    async def scenario(app: NewsbrowseApp, pilot: Pilot[None]) -> None:
        """Search, open the facets, choose the first month."""
        await search(app, pilot, "talks")
        await pilot.press("f")
        await until(pilot, lambda: isinstance(app.screen, ChoiceScreen))
        labels = [str(label) for label, _ in app.screen.choices]
        assert "By month" in labels and any(label.startswith("  2021-05") for label in labels)
        assert any("Mikhail Ulyanov" in label for label in labels)
        await pilot.press("enter")
        await until(pilot, lambda: app.main.search_text == "talks date:2021-05")
        assert app.main.query_one(SearchBar).query_one("#query").value == "talks date:2021-05"

    run(archive, scenario)


def test_every_facet_value_but_a_heading_adds_its_condition() -> None:
    """Months add date:, sources, sections and names their quoted field; headings add nothing."""
    facets = Facets(month=(("2021-05", 3),), source=(("Harbour Post", 2),), section=(("politics", 2),))
    conditions = [condition for _, condition in facet_choices(facets)]
    assert conditions == [None, "date:2021-05", None, 'source:"Harbour Post"', None, 'section:"politics"']


def test_t_filters_the_mentions_to_a_month_and_x_exports_them_as_citations(
    archive: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The timeline lists months with numbers; a month keeps its mentions; x writes them citation-ready."""
    monkeypatch.chdir(tmp_path)

    async def scenario(app: NewsbrowseApp, pilot: Pilot[None]) -> None:
        """Open Ulyanov's mentions, choose July 2021, export."""
        screen = await open_mentions(app, pilot, "ulyanov")
        everything = len(screen.query_one(MentionList).items)
        await pilot.press("t")
        await until(pilot, lambda: isinstance(app.screen, ChoiceScreen))
        months = {value: str(label) for label, value in app.screen.choices}
        assert months["2021-07"].split()[:2] == ["2021-07", "2"]
        app.screen.dismiss("2021-07")
        await until(pilot, lambda: isinstance(app.screen, EntityScreen) and screen.month == "2021-07")
        mentions = screen.query_one(MentionList)
        assert 0 < len(mentions.items) < everything
        assert {mention.article_id for mention in mentions.items} == {"summer-pause.txt"}
        await pilot.press("x")
        await until(pilot, lambda: isinstance(app.screen, AskScreen))
        assert app.screen.query_one("#ask-value").value == "mikhail-ulyanov-mentions-2021-07.md"
        await pilot.press("enter")
        exported = tmp_path / "mikhail-ulyanov-mentions-2021-07.md"
        await until(pilot, lambda: exported.exists() and exported.stat().st_size > 0)
        await pilot.pause(0.2)
        text = exported.read_text(encoding="utf-8")
        assert "> **Mikhail Ulyanov** said the delegations needed time." in text
        assert "— “Vienna talks pause for the summer”, unknown source, 2021-07-02 (id: `summer-pause.txt`)" in text

    run(archive, scenario)


def test_a_folded_copy_shows_in_the_results_and_c_opens_it(archive: Path) -> None:
    """The hit says +1 copy; c lists the copy; Enter opens it in the reader."""

    async def scenario(app: NewsbrowseApp, pilot: Pilot[None]) -> None:
        """Search the story, open its copy."""
        results = await search(app, pilot, "significant progress")
        full = [hit for hit in results.items if not hit.partial]  # partial matches (one word) follow it
        assert len(full) == 1 and results.items[0] == full[0] and len(full[0].copies) == 1
        assert "+1 copy (c)" in str(results.prompt(results.items[0], 100))
        await pilot.press("c")
        await until(pilot, lambda: isinstance(app.screen, ChoiceScreen))
        await pilot.press("enter")
        reader = app.main.query_one(Reader)
        await until(pilot, lambda: reader.article is not None and reader.article.id == results.items[0].copies[0])

    run(archive, scenario)


def test_the_mentions_view_folds_the_mentions_in_copies_and_k_shows_them(archive: Path) -> None:
    """Ulyanov's mentions in the wire copy of the Vienna story are folded (the title says so); k shows them."""

    async def scenario(app: NewsbrowseApp, pilot: Pilot[None]) -> None:
        """Open the mentions, count those of the two copies, toggle."""
        screen = await open_mentions(app, pilot, "ulyanov")
        mentions = screen.query_one(MentionList)
        copies = {"vienna-talks.txt", "copies/vienna-talks-wire.txt"}
        assert len({m.article_id for m in mentions.items} & copies) == 1
        assert "in near-copies folded (k)" in str(mentions.border_title)
        await pilot.press("k")
        await until(pilot, lambda: copies <= {m.article_id for m in mentions.items})
        assert "folded" not in str(mentions.border_title)

    run(archive, scenario)
