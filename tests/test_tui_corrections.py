"""Pilot tests of the entity correction keys: ctrl+e on the entity list, c in the mentions view."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import Input
from tui_helpers import indexed_archive, run

from newsbrowse.corrections import FILE_NAME, load
from newsbrowse.tui.app import HELP_SECTIONS, NewsbrowseApp
from newsbrowse.tui.driving import until
from newsbrowse.tui.keys import key_sections
from newsbrowse.tui.screens.correct import CorrectScreen
from newsbrowse.tui.screens.entity import EntityScreen
from newsbrowse.tui.widgets.entity import EntityHeader
from newsbrowse.tui.widgets.side import EntityList

pytestmark = pytest.mark.tui  # drives the Textual app


def entity_list(app: NewsbrowseApp) -> EntityList:
    """The entity list of the main screen."""
    return app.main.query_one(EntityList)


async def highlight(app: NewsbrowseApp, pilot: Pilot[None], name: str) -> None:
    """Go to the entity list and filter it down to one name."""
    if isinstance(app.focused, Input):
        await pilot.press("down")
    await pilot.press("e", *name)
    await until(pilot, lambda: [row.name for row in entity_list(app).rows][:1] == [name.title()])


def test_the_correction_keys_are_in_the_help() -> None:
    """Both keys are declared with descriptions, so the help screen and the README list them."""
    rows = {title: [row.keys for row in found] for title, found in key_sections(HELP_SECTIONS)}
    assert "ctrl+e" in rows["Entities"]
    assert "c" in rows["Mentions view"]


def test_ctrl_e_renames_an_entity_and_the_list_shows_the_new_name(tmp_path: Path) -> None:
    """ctrl+e, r, a new name and Enter: saved to the corrections file and shown at once."""
    archive = indexed_archive(tmp_path / "archive")

    async def scenario(app: NewsbrowseApp, pilot: Pilot[None]) -> None:
        """Rename Lena Hartmann from the archive's entity list."""
        await until(pilot, lambda: entity_list(app).rows)
        await highlight(app, pilot, "lena hartmann")
        await pilot.press("ctrl+e")
        await until(pilot, lambda: isinstance(app.screen, CorrectScreen))
        await pilot.press("r")
        field = app.screen.query_one("#correct-value", Input)
        assert field.value == "Lena Hartmann"  # the name to edit
        field.value = ""
        await pilot.press(*"Dr Lena Hartmann", "enter")
        await until(pilot, lambda: not isinstance(app.screen, CorrectScreen))
        await until(pilot, lambda: "Dr Lena Hartmann" in {row.name for row in entity_list(app).rows}, timeout=10)

    run(archive, scenario)
    saved = load(archive / FILE_NAME).corrections
    assert [(c.action, c.name, c.value) for c in saved] == [("rename", "Lena Hartmann", "Dr Lena Hartmann")]


def test_c_in_the_mentions_view_merges_into_another_entity_and_shows_it(tmp_path: Path) -> None:
    """c, m, the other entity's name: the view moves to the entity it joined, with both one's articles."""
    archive = indexed_archive(tmp_path / "archive")

    async def scenario(app: NewsbrowseApp, pilot: Pilot[None]) -> None:
        """Merge Abbas Araghchi into Mikhail Ulyanov from Araghchi's mentions view."""
        await until(pilot, lambda: entity_list(app).rows)
        await highlight(app, pilot, "abbas araghchi")
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, EntityScreen) and app.screen.loaded is not None)
        await pilot.press("c")
        await until(pilot, lambda: isinstance(app.screen, CorrectScreen))
        await pilot.press("m", *"ulyanov", "enter")
        await until(pilot, lambda: isinstance(app.screen, EntityScreen))
        screen = app.screen
        assert isinstance(screen, EntityScreen)
        await until(
            pilot,
            lambda: (
                screen.loaded is not None
                and screen.loaded.summary is not None
                and screen.loaded.summary.name == "Mikhail Ulyanov"
            ),
        )
        assert screen.loaded is not None and screen.loaded.summary is not None
        assert screen.loaded.summary.articles == 4  # three of his own and one more of Araghchi's
        assert "Abbas Araghchi" in screen.loaded.summary.aliases
        assert screen.query_one(EntityHeader).display

    run(archive, scenario)


def test_escape_cancels_and_a_name_that_finds_nothing_is_told_not_saved(tmp_path: Path) -> None:
    """A merge into an unknown name is refused with a notice and the dialog stays; Escape saves nothing."""
    archive = indexed_archive(tmp_path / "archive")

    async def scenario(app: NewsbrowseApp, pilot: Pilot[None]) -> None:
        """Try a merge into nobody, then cancel."""
        await until(pilot, lambda: entity_list(app).rows)
        await highlight(app, pilot, "kazem jalali")
        await pilot.press("ctrl+e")
        await until(pilot, lambda: isinstance(app.screen, CorrectScreen))
        await pilot.press("m", *"nobody at all", "enter")
        await pilot.pause()
        assert isinstance(app.screen, CorrectScreen)
        await pilot.press("escape")
        await until(pilot, lambda: not isinstance(app.screen, CorrectScreen))

    run(archive, scenario)
    assert not (archive / FILE_NAME).exists()


SURNAMES = {
    **{
        f"marlow-{n}.txt": f"Debate {n}\n\nPrime Minister Tony Marlow opened debate {n} on Monday. Mr Marlow said the vote "
        f"would pass.\n"
        for n in range(6)
    },
    "marlowe-film.txt": "Old film returns\n\nThe drama Marlowe Nights returns to cinemas on Friday.\n",
    "marlowe-bar.txt": "Bar opens\n\nMarlowe Inc opened a bar in Leeds.\n",
}


def test_the_palette_offers_the_person_a_surname_means_first(tmp_path: Path) -> None:
    """ "marlow" in ctrl+p: Tony Marlow, found by his surname and named in most articles, comes first."""
    from textual.command import CommandPalette

    archive = indexed_archive(tmp_path / "archive", SURNAMES)

    async def scenario(app: NewsbrowseApp, pilot: Pilot[None]) -> None:
        """Type the surname in the palette; the first entity offered is the prime minister."""
        await pilot.press("ctrl+p")
        await until(pilot, lambda: isinstance(app.screen, CommandPalette))
        await pilot.press(*"marlow")

        def offered() -> list[str]:
            """The entities the palette lists, in order."""
            options = app.screen.query_one("CommandList").options  # type: ignore[attr-defined]
            return [str(o.prompt) for o in options if "Entity:" in str(o.prompt)]

        await until(pilot, lambda: offered())
        assert offered()[0].startswith("Entity: Tony Marlow (person, 6 articles)")

    run(archive, scenario)
