"""Pilot tests of moving about: history, Escape, / and tab, help, the command palette, narrow screens, quitting."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.command import CommandPalette
from textual.pilot import Pilot
from textual.widgets import Input, Static
from textual.widgets._footer import FooterKey
from tui_helpers import indexed_archive, run, search_and_open

from newsbrowse.tui.app import HELP_SECTIONS, NewsbrowseApp
from newsbrowse.tui.driving import until
from newsbrowse.tui.keys import key_sections
from newsbrowse.tui.locations import ArticleAt, EntityAt, SearchAt
from newsbrowse.tui.screens.entity import EntityScreen
from newsbrowse.tui.screens.help import HelpScreen
from newsbrowse.tui.screens.main import MainScreen
from newsbrowse.tui.widgets.footer import Footer
from newsbrowse.tui.widgets.reader import Reader
from newsbrowse.tui.widgets.results import ResultList
from newsbrowse.tui.widgets.side import EntityList

pytestmark = pytest.mark.tui  # drives the Textual app


@pytest.fixture(scope="module")
def archive(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The small archive, indexed once for the module."""
    return indexed_archive(tmp_path_factory.mktemp("navigation") / "archive")


def article_id(app: NewsbrowseApp) -> str | None:
    """The id of the article in the reader."""
    article = app.main.query_one(Reader).article
    return article.id if article else None


def test_back_and_forward_go_through_searches_articles_and_mentions_views(archive: Path) -> None:
    """[ and ] (and alt+arrows) walk the history; a search comes back with its query and results."""

    async def scenario(app: NewsbrowseApp, pilot: Pilot[None]) -> None:
        """Search, article, mentions, article: walk back to the search with [ and alt+left, then forward again."""
        await search_and_open(app, pilot, "syromolotov")
        await pilot.press("e", *"ulyanov", "enter")
        await until(pilot, lambda: isinstance(app.screen, EntityScreen))
        await pilot.press("enter")  # the newest mention
        await until(pilot, lambda: isinstance(app.focused, Reader) and article_id(app) == "wire.json")
        assert app.history.location == ArticleAt("wire.json", marks=app.history.location.marks, current=0)  # type: ignore[union-attr]
        await pilot.press("left_square_bracket")
        await until(pilot, lambda: isinstance(app.screen, EntityScreen))
        assert app.history.location == EntityAt("Mikhail Ulyanov")
        await pilot.press("alt+left")
        await until(pilot, lambda: isinstance(app.screen, MainScreen))
        assert article_id(app) == "tehran-meeting.txt"
        await pilot.press("left_square_bracket")
        await until(pilot, lambda: isinstance(app.focused, ResultList))
        assert app.history.location == SearchAt("syromolotov")
        assert app.main.query_one("#query", Input).value == "syromolotov"
        assert app.check_action("history_back", ()) is None  # the oldest place: greyed out
        await pilot.press("right_square_bracket", "right_square_bracket")
        await until(pilot, lambda: isinstance(app.screen, EntityScreen))
        await pilot.press("alt+right")
        await until(pilot, lambda: article_id(app) == "wire.json" and isinstance(app.screen, MainScreen))
        assert app.check_action("history_forward", ()) is None

    run(archive, scenario)


def test_escape_steps_back_one_layer_at_a_time(archive: Path) -> None:
    """Reader -> results -> search bar; the side panel -> reader."""

    async def scenario(app: NewsbrowseApp, pilot: Pilot[None]) -> None:
        """From the entity list, Escape goes to the reader, the results, the search bar, and stays there."""
        await search_and_open(app, pilot, "ulyanov")
        await pilot.press("e")
        assert isinstance(app.focused, EntityList)
        await pilot.press("escape")
        assert isinstance(app.focused, Reader)
        await pilot.press("escape")
        assert isinstance(app.focused, ResultList)
        await pilot.press("escape")
        assert isinstance(app.focused, Input)
        await pilot.press("escape")  # nothing further out: stays
        assert isinstance(app.focused, Input)

    run(archive, scenario)


def test_slash_goes_to_the_search_bar_from_anywhere_and_tab_cycles_the_panes(archive: Path) -> None:
    """/ from the reader and from a mentions view; tab visits search bar, results, reader, entities."""

    async def scenario(app: NewsbrowseApp, pilot: Pilot[None]) -> None:
        """/ from the reader reaches the bar; tab cycles the four panes; / from a mentions view returns to it."""
        await search_and_open(app, pilot, "ulyanov")
        await pilot.press("slash")
        assert isinstance(app.focused, Input)
        visited = []
        for _ in range(4):
            await pilot.press("tab")
            visited.append(type(app.focused).__name__)
        assert visited == ["ResultList", "Reader", "EntityList", "QueryInput"]
        await pilot.press("tab", "tab", "e", "enter")
        await until(pilot, lambda: isinstance(app.screen, EntityScreen))
        await pilot.press("slash")
        await until(pilot, lambda: isinstance(app.screen, MainScreen) and isinstance(app.focused, Input))

    run(archive, scenario)


def test_question_mark_opens_the_help_made_from_the_bindings(archive: Path) -> None:
    """The help opens from anywhere it is advertised, lists every described binding by section, closes with Escape."""

    async def scenario(app: NewsbrowseApp, pilot: Pilot[None]) -> None:
        """? as the first key opens the help; in a query ? is typed and f1 (shown in the footer) opens it."""
        footer = app.main.query_one(Footer)
        assert "type to search, ? for help" in str(app.main.query_one("#understood", Static).content)
        await until(pilot, lambda: "f1" in {key.key for key in footer.query(FooterKey)})  # the bar's footer
        await pilot.press("question_mark")  # the first key, the bar empty: help
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.focused, Input) and app.focused.value == ""
        await pilot.press(*"ulyanov", "question_mark")  # in a query: a character
        assert not isinstance(app.screen, HelpScreen)
        assert app.main.query_one(Input).value == "ulyanov?"
        await pilot.press("f1")  # f1 works there too
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("escape", "down", "question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        text = " ".join(str(static.content) for static in app.screen.query(".help-keys"))
        assert text.count("Open the article at this mention or quote") == 1  # the two lists' Enter, once
        for _, rows in key_sections(HELP_SECTIONS):
            for row in rows:
                assert row.action in text
        assert "Next hit" in text and "Quotes by" in text and "alt+←" in text
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)

    run(archive, scenario)


def test_the_palette_opens_an_article_by_title_and_offers_only_what_is_possible(archive: Path) -> None:
    """ctrl+p finds articles by the words of their titles; commands depend on the state."""

    async def scenario(app: NewsbrowseApp, pilot: Pilot[None]) -> None:
        """The palette's commands before and after an article is open; "jalali" offers the entity and the article."""
        names = [name for name, _, _ in app.palette_commands()]
        assert "Rebuild the index" in names and "Open the article's source" not in names and "Back" not in names
        await pilot.press("ctrl+p")
        await until(pilot, lambda: isinstance(app.screen, CommandPalette))
        await pilot.press(*"jalali")
        await until(
            pilot,
            lambda: any(
                "Open: Ambassador Jalali" in str(o.prompt) for o in app.screen.query_one("CommandList").options
            ),
        )  # type: ignore[attr-defined]
        options = [str(o.prompt) for o in app.screen.query_one("CommandList").options]  # type: ignore[attr-defined]
        assert any("Entity: Kazem Jalali (person, 1 article)" in option for option in options)
        target = next(i for i, option in enumerate(options) if "Open: Ambassador Jalali" in option)
        await pilot.press(*["down"] * target, "enter")
        await until(pilot, lambda: article_id(app) == "tehran-meeting.txt")
        names = [name for name, _, _ in app.palette_commands()]
        assert "Open the article's source" in names and "Back" not in names

    run(archive, scenario)


def test_the_palette_jumps_to_an_entity_and_toggles_the_theme(archive: Path) -> None:
    """Typing a surname offers the entity; the theme command switches dark and light."""

    async def scenario(app: NewsbrowseApp, pilot: Pilot[None]) -> None:
        """The theme toggles; "hartmann" in the palette offers the entity, which opens its mentions view."""
        dark = app.current_theme.dark
        app.action_toggle_theme()
        assert app.current_theme.dark is not dark
        await pilot.press("ctrl+p")
        await until(pilot, lambda: isinstance(app.screen, CommandPalette))
        await pilot.press(*"hartmann")
        await until(
            pilot,
            lambda: any("Entity: Lena Hartmann" in str(o.prompt) for o in app.screen.query_one("CommandList").options),
        )  # type: ignore[attr-defined]
        options = [str(o.prompt) for o in app.screen.query_one("CommandList").options]  # type: ignore[attr-defined]
        target = next(i for i, option in enumerate(options) if "Entity: Lena Hartmann" in option)
        await pilot.press(*["down"] * target, "enter")
        await until(pilot, lambda: isinstance(app.screen, EntityScreen) and app.screen.loaded is not None)

    run(archive, scenario)


def test_a_narrow_terminal_hides_the_side_panel_until_asked(archive: Path) -> None:
    """At 80 columns the panel is hidden; e shows it in the results' place; Escape brings the results back."""

    async def scenario(app: NewsbrowseApp, pilot: Pilot[None]) -> None:
        """At 80x24 the side panel is hidden; e shows it instead of the results; Escape twice brings them back."""
        await pilot.resize_terminal(80, 24)
        await pilot.pause()
        side = app.main.query_one("#side")
        results = app.main.query_one(ResultList)
        assert app.main.has_class("-narrow") and not side.display
        await search_and_open(app, pilot, "ulyanov")
        await pilot.press("e")
        await pilot.pause()
        assert side.display and not results.display and isinstance(app.focused, EntityList)
        await pilot.press("escape")  # back to the reader: the results come back in the panel's place
        await pilot.pause()
        assert results.display and not side.display and isinstance(app.focused, Reader)
        await pilot.press("p")  # one press shows the panel again
        await pilot.pause()
        assert side.display and not results.display
        await pilot.press("p", "escape")
        await pilot.pause()
        assert results.display and not side.display and isinstance(app.focused, ResultList)

    run(archive, scenario)


def test_results_that_arrive_while_the_list_is_hidden_show_when_it_comes_back(archive: Path) -> None:
    """At 80 columns a search made while the side panel hides the results lists them once they are shown."""

    async def scenario(app: NewsbrowseApp, pilot: Pilot[None]) -> None:
        """Panel shown (results hidden), search "ulyanov", then hide the panel: the hits are drawn as options."""
        await pilot.resize_terminal(80, 24)
        await pilot.press("down", "p")  # the results had a layout, then the panel takes their place
        await pilot.pause()
        results = app.main.query_one(ResultList)
        assert not results.display
        await pilot.press("slash", *"ulyanov")
        await until(pilot, lambda: len(results.items) == 4)
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.focused, ResultList))
        await pilot.press("p")
        await until(pilot, lambda: results.display and results.option_count >= 4)

    run(archive, scenario)


def test_ctrl_q_quits_with_exit_code_0(archive: Path) -> None:
    """Quitting from anywhere, the search bar included, ends with code 0."""

    async def scenario(app: NewsbrowseApp, pilot: Pilot[None]) -> None:
        """Type a query, then ctrl+q."""
        await pilot.press(*"vienna", "ctrl+q")

    app = run(archive, scenario)
    assert app.return_code == 0


def test_the_footer_follows_the_focus_and_is_not_rebuilt_for_the_same_keys(archive: Path) -> None:
    """Opening an article shows the reader's keys in the footer; refreshing the same bindings rebuilds nothing."""

    async def scenario(app: NewsbrowseApp, pilot: Pilot[None]) -> None:
        """Open an article, then ask for a bindings refresh twice."""
        footer = app.main.query_one(Footer)

        def actions() -> set[str]:
            """The actions of the keys the footer shows."""
            return {key.action for key in footer.query(FooterKey)}

        await pilot.pause()
        assert "next_hit" not in actions()
        await search_and_open(app, pilot, "ulyanov")
        await until(pilot, lambda: "next_hit" in actions())
        keys = list(footer.query(FooterKey))
        for _ in range(2):
            app.main.refresh_bindings()
            await pilot.pause()
        assert list(footer.query(FooterKey)) == keys  # the same widgets: not composed again

    run(archive, scenario)
