"""Two builds at once, searching mid-build, the browser on an index being rebuilt: no corruption, clear messages."""

from __future__ import annotations

import asyncio
import json
import re
import sqlite3
import threading
import time
from pathlib import Path

import pytest
from reliability_helpers import (
    article_text,
    cli,
    outlivers,
    start_build,
    stored_ids,
    token,
    write_articles,
    write_parts,
)
from textual.pilot import Pilot

from newsbrowse import open_archive
from newsbrowse.build.lock import BuildLock
from newsbrowse.errors import NewsbrowseError
from newsbrowse.location import INDEX_DIR_NAME
from newsbrowse.store import Store
from newsbrowse.tui.app import NewsbrowseApp, create_app
from newsbrowse.tui.driving import until
from newsbrowse.tui.widgets.results import ResultList
from newsbrowse.tui.widgets.search import SearchBar

pytestmark = pytest.mark.slow  # starts processes, kills builds, fills disks: the reliability runs

ARTICLES = 1500


@pytest.fixture()
def archive(tmp_path: Path) -> Path:
    """ARTICLES small articles in three folders."""
    root = tmp_path / "archive"
    write_parts(root, ARTICLES, 3)
    return root


def on_disk(root: Path) -> set[str]:
    """The article ids of the text files on disk."""
    return {path.relative_to(root).as_posix() for path in root.rglob("*.txt")}


def test_two_builds_at_once(archive: Path) -> None:
    """Started together on an archive with new files: one builds, the other finishes after it or stops naming it."""
    with open_archive(archive) as opened:
        opened.update(jobs=1)
    write_articles(archive, range(ARTICLES, ARTICLES + 500), folder="new")
    builds = [start_build(archive, "--jobs", "1"), start_build(archive, "--jobs", "1")]
    errors = {}
    for build in builds:
        errors[build.pid] = build.communicate(timeout=300)[1]
        outlivers(build.pid, timeout=1)
    assert 0 in [build.returncode for build in builds]
    for build, other in (builds, builds[::-1]):
        if build.returncode:
            assert build.returncode == 1
            error = errors[build.pid]
            assert error.count("\n") == 1 and "Traceback" not in error
            # The pid is written just after the lock is taken: a build that looks in between sees no pid yet.
            assert re.search(rf"another newsbrowse build \((pid {other.pid}|another process)\) is updating", error)
            assert "wait for it to finish" in error
    in_whoosh, in_store = stored_ids(archive / INDEX_DIR_NAME)
    assert in_whoosh == in_store == on_disk(archive)


def test_opening_a_store_another_process_is_creating(tmp_path: Path) -> None:
    """Another connection holds the new database's first write for a moment: opening waits for it, then succeeds."""
    path = tmp_path / "store.sqlite3"
    creator = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    creator.execute("BEGIN IMMEDIATE")
    creator.execute("CREATE TABLE early (x)")
    threading.Timer(0.5, lambda: creator.execute("COMMIT")).start()
    try:
        Store.open(path).close()
    finally:
        time.sleep(0.6)
        creator.close()


def test_a_command_during_a_build_answers_from_what_is_indexed(archive: Path) -> None:
    """`search` while another process holds the build lock: it says so and answers from the commits so far."""
    committed: list[int] = []
    with open_archive(archive) as opened:
        opened.update(jobs=1, progress=lambda event: committed.append(event.committed), cancel=lambda: any(committed))
        partial = opened.article_count()
    assert 0 < partial < ARTICLES
    with BuildLock(archive / INDEX_DIR_NAME):  # this test process is the other build
        during = cli("search", str(archive), "harbour", "--json")
    assert during.returncode == 0, during.stderr
    assert "(not updating the index: another newsbrowse build" in during.stderr
    assert json.loads(during.stdout)["total"] == partial
    assert cli("search", str(archive), "harbour", "--limit", "1").stdout.startswith(f"{ARTICLES:,} result(s)")


def test_searching_while_another_process_builds(archive: Path) -> None:
    """A reader searching, reading and listing names all along: no error, counts only grow, all found at the end."""
    reader = open_archive(archive)
    errors: list[BaseException] = []
    seen: list[int] = []
    stop = threading.Event()

    def keep_searching() -> None:
        """Search, read, list mentions and entities until stopped; record any error other than a NewsbrowseError."""
        while not stop.is_set():
            try:
                results = reader.search("harbour", limit=5)
                seen.append(reader.count("harbour"))
                for hit in results.hits:
                    reader.article(hit.id)
                reader.mentions("Ingrid Vass", limit=5)
                reader.entities(limit=5)
            except NewsbrowseError as err:  # a clear message is acceptable, a crash is not
                assert "\n" not in str(err)
            except BaseException as err:  # noqa: BLE001 - anything else is the failure this test looks for
                errors.append(err)
                return

    # A daemon, stopped whatever happens: a thread searching forever would keep pytest from exiting.
    thread = threading.Thread(target=keep_searching, daemon=True)
    thread.start()
    try:
        build = start_build(archive, "--jobs", "2")
        build.communicate(timeout=300)  # reads its output as it comes: a full pipe would block it
        outlivers(build.pid, timeout=1)
        time.sleep(0.2)
    finally:
        stop.set()
        thread.join()
    final = reader.count("harbour")
    reader.close()
    assert errors == []
    assert build.returncode == 0 and len(seen) > 3
    assert seen == sorted(seen) and final == ARTICLES


@pytest.mark.tui
def test_the_browser_opened_on_an_index_being_rebuilt(archive: Path) -> None:
    """The app started while `index --rebuild` runs: it waits for that build, then finds every article."""
    with open_archive(archive) as opened:
        opened.update(jobs=1)
    (archive / "late.txt").write_text(article_text(90_000), encoding="utf-8")
    rebuild = start_build(archive, "--jobs", "1", "--rebuild")
    assert rebuild.stdout is not None
    rebuild.stdout.readline()  # it has started and holds the lock
    notices: list[str] = []
    app = create_app(archive, update=True, jobs=1)

    async def scenario(app: NewsbrowseApp, pilot: Pilot[None]) -> None:
        """Wait for the rebuild to end, then search the late article's token: it is the only hit."""
        app.notify = lambda message, **_: notices.append(message)  # type: ignore[method-assign]
        await until(pilot, lambda: not app.building and rebuild.poll() is not None, timeout=120)
        app.main.query_one(SearchBar).set_query(token(90_000))
        await pilot.press("enter")
        await until(pilot, lambda: app.main.query_one(ResultList).items, timeout=30)
        assert [hit.id for hit in app.main.query_one(ResultList).items] == ["late.txt"]

    async def drive() -> None:
        """Run the scenario in a test session of the app."""
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause()
            await scenario(app, pilot)

    asyncio.run(drive())
    rebuild.wait(timeout=60)
    assert rebuild.returncode == 0
    assert not any("error" in notice.lower() for notice in notices), notices
    in_whoosh, in_store = stored_ids(archive / INDEX_DIR_NAME)
    assert in_whoosh == in_store == on_disk(archive)


def test_an_open_archive_follows_a_rebuild_by_another_process(tmp_path: Path) -> None:
    """The browser (an open Archive) while `newsbrowse index --rebuild` runs elsewhere: it sees the new index."""
    root = tmp_path / "archive"
    write_articles(root, range(20))
    reader = open_archive(root)
    reader.update(jobs=1)
    (root / "late.txt").write_text(article_text(90_000), encoding="utf-8")
    assert cli("index", str(root), "--rebuild", "--jobs", "1").returncode == 0
    try:
        assert [hit.id for hit in reader.search(token(90_000)).hits] == ["late.txt"]
        assert reader.article("late.txt").title.startswith("Harbour council meets")
    finally:
        reader.close()
