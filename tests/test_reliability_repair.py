"""A damaged index is disposable: every message names `--rebuild`, and `--rebuild` always recovers.

Damage is done as it happens to people: a store truncated, its header overwritten, garbage in
its middle, a truncated whoosh column, the whoosh folder or the lock file replaced by
something else, the whole index folder deleted under an open archive. Only the index
folder's own files are ever discarded: what lies beside it (the user's own data) survives.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from reliability_helpers import (
    DAMAGE,
    cli,
    garbage_in_the_middle,
    overwrite_header,
    token,
    truncate_stored_column,
    write_articles,
)
from test_reliability_usage import one_line, run
from textual.pilot import Pilot
from tui_helpers import indexed_archive
from tui_helpers import run as run_app

from newsbrowse import open_archive
from newsbrowse.errors import IndexStoreError
from newsbrowse.tui.app import NewsbrowseApp, create_app
from newsbrowse.tui.driving import until

pytestmark = pytest.mark.slow  # starts processes, kills builds, fills disks: the reliability runs

ARTICLES = 6


@pytest.fixture()
def archive(tmp_path: Path) -> Path:
    """An indexed archive of six articles."""
    root = tmp_path / "archive"
    write_articles(root, range(ARTICLES))
    with open_archive(root) as opened:
        opened.update(jobs=1)
    return root


def _all_found(root: Path) -> bool:
    """Whether every article is indexed and searchable again."""
    with open_archive(root) as opened:
        return opened.article_count() == ARTICLES and all(opened.search(token(n)).total == 1 for n in range(ARTICLES))


@pytest.mark.parametrize("damage", DAMAGE, ids=list(DAMAGE))
def test_rebuild_always_recovers(damage: str, archive: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Whatever the damage, `index --rebuild` exits 0 and every article is found again."""
    DAMAGE[damage](archive)
    code, _, err = run(capsys, "index", str(archive), "--rebuild", "--jobs", "1")
    assert (code, err) == (0, "")
    assert _all_found(archive)


@pytest.mark.parametrize(
    "damage",
    ["store truncated", "store header overwritten", "garbage in the store's middle", "lock file replaced by a folder"],
)
@pytest.mark.parametrize("command", [["search", "vass"], ["index"], ["entities"]])
def test_commands_on_a_damaged_index_name_the_rebuild(
    damage: str, command: list[str], archive: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Damage a command cannot work around: one line naming the damage and the exact command that repairs it."""
    DAMAGE[damage](archive)
    code, _, err = run(capsys, command[0], str(archive), *command[1:])
    if damage == "lock file replaced by a folder" and command[0] != "index":
        # The store is sound: the command answers from the index as it is, and says why it did not update it.
        assert code == 0 and "not updating the index" in err and "--rebuild" in err
        return
    assert code == 1
    one_line(err, "damaged", f"newsbrowse index {archive} --rebuild")


@pytest.mark.parametrize("damage", ["whoosh folder replaced by a file", "whoosh stored column truncated"])
def test_a_damaged_search_index_is_rebuilt_from_the_store_by_any_update(damage: str, archive: Path) -> None:
    """The search index is derived from the store: a plain update notices the damage and rebuilds it, saying so."""
    DAMAGE[damage](archive)
    with open_archive(archive) as opened:
        summary = opened.update(jobs=1)
    assert any("rebuilt it from" in note for note in summary.notes), summary.notes
    assert _all_found(archive)


def test_searching_a_damaged_search_index_names_the_rebuild(archive: Path) -> None:
    """Before any update, a search of a truncated column says what is damaged and how to repair it."""
    with open_archive(archive) as opened:
        opened.search("vass")  # the searcher holds its files open, as the browser's does
        truncate_stored_column(archive)
        opened._searcher = None  # a searcher opened after the damage
        with pytest.raises(IndexStoreError, match=r"search index .* is damaged .*newsbrowse index .* --rebuild"):
            for number in range(ARTICLES):
                opened.search(token(number))


@pytest.mark.tui
def test_the_app_rebuild_repairs_an_archive_it_has_open(archive: Path) -> None:
    """The browser's archive opens on a damaged store; its rebuild command (a `index --rebuild` process) repairs it
    and the open archive reads the new store."""
    garbage_in_the_middle(archive)
    with open_archive(archive) as opened:  # opening never fails on damage: the rebuild must stay reachable
        with pytest.raises(IndexStoreError, match="--rebuild"):
            opened.search("vass")
        assert cli("index", str(archive), "--rebuild", "--jobs", "1").returncode == 0
        assert opened.article_count() == ARTICLES
        assert opened.search(token(3)).total == 1


def test_an_open_archive_whose_index_folder_was_deleted_builds_it_anew(archive: Path) -> None:
    """`rm -rf .newsbrowse` under an open archive: the next update builds anew and says so; no raw error."""
    with open_archive(archive) as opened:
        shutil.rmtree(archive / ".newsbrowse")
        summary = opened.update(jobs=1)
        assert summary.added == ARTICLES
        assert any("was missing" in note for note in summary.notes)
        assert opened.search(token(2)).total == 1 and opened.article_count() == ARTICLES


def test_rebuild_touches_nothing_but_the_index_folders_own_files(archive: Path) -> None:
    """The user's data beside the index folder, and anything foreign inside it, survive a rebuild that discards."""
    beside = archive / ".newsbrowse-user.json"
    beside.write_text('{"stars": ["good/story-00001.txt"]}')
    foreign = archive / ".newsbrowse" / "notes-i-put-here.txt"
    foreign.write_text("mine")
    overwrite_header(archive)
    assert cli("index", str(archive), "--rebuild", "--jobs", "1").returncode == 0
    assert beside.read_text() == '{"stars": ["good/story-00001.txt"]}' and foreign.read_text() == "mine"
    assert not list((archive / ".newsbrowse").glob(".damaged-*"))


@pytest.mark.tui
def test_the_browser_keeps_running_on_damage_and_its_rebuild_command_repairs_it(tmp_path: Path) -> None:
    """Damage while the browser is open: the search says what to do, the app keeps running, and the palette's
    rebuild (a background `index --rebuild`) brings every article back."""
    root = indexed_archive(tmp_path / "archive")
    said: list[str] = []

    async def scenario(app: NewsbrowseApp, pilot: Pilot[None]) -> None:
        """Damage the store, search, rebuild from the app, search again."""
        real_notify = app.notify
        app.notify = lambda message, **options: (said.append(message), real_notify(message, **options))[1]  # type: ignore[method-assign]
        garbage_in_the_middle(root)
        await pilot.press(*"ulyanov", "enter")
        await until(pilot, lambda: any("--rebuild" in message for message in said))
        app.action_rebuild()
        await until(pilot, lambda: not app.building and any("rebuilt it from scratch" in m for m in said), 120)
        assert app.archive.count("ulyanov") == 4

    run_app(root, scenario)


@pytest.mark.tui
def test_the_browser_on_a_store_it_cannot_read_says_so_before_any_screen(tmp_path: Path) -> None:
    """A store too damaged to count its articles: one line naming the repair, before the app starts."""
    root = indexed_archive(tmp_path / "archive")
    overwrite_header(root)
    with pytest.raises(IndexStoreError, match=f"newsbrowse index {root} --rebuild"):
        create_app(root, update=False)
