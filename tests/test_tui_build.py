"""The background build: a separate process reporting progress, the app searchable meanwhile, and its notices."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import Static
from tui_helpers import indexed_archive, run, write_archive

from newsbrowse.archive import BuildProgress, open_archive
from newsbrowse.build.lock import BuildLock
from newsbrowse.errors import IndexStoreError
from newsbrowse.model import IndexSummary, Skipped
from newsbrowse.tui.app import NewsbrowseApp, build_notice
from newsbrowse.tui.driving import until
from newsbrowse.tui.indexer import BuildProcess
from newsbrowse.tui.widgets.results import ResultList
from newsbrowse.tui.widgets.status import BuildStatus

pytestmark = pytest.mark.tui  # drives the Textual app


@pytest.fixture
def notices(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, str]]:
    """Every notification the app shows, as (title, message)."""
    shown: list[tuple[str, str]] = []

    def notify(self: NewsbrowseApp, message: str, *, title: str = "", **_: object) -> None:
        """Record the notification's title and message."""
        shown.append((title, message))

    monkeypatch.setattr(NewsbrowseApp, "notify", notify)
    return shown


def status(app: NewsbrowseApp) -> str:
    """The line under the search bar."""
    return str(app.main.query_one("#understood", Static).content)


def test_a_fresh_archive_is_indexed_in_the_background_and_becomes_searchable(
    tmp_path: Path, notices: list[tuple[str, str]], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The app opens at once on an empty index, shows the build's progress, then refreshes and says what changed."""
    archive = write_archive(tmp_path / "archive")
    shown: list[BuildProgress] = []
    show_progress = BuildStatus.show_progress
    monkeypatch.setattr(
        BuildStatus, "show_progress", lambda bar, progress: shown.append(progress) or show_progress(bar, progress)
    )

    async def scenario(app: NewsbrowseApp, pilot: Pilot[None]) -> None:
        """Type a query during the build; after it: progress from scan to 5 committed, the bar gone, four results."""
        bar = app.main.query_one(BuildStatus)
        await pilot.press(*"ulyanov")  # typed while the build runs (or just after: it is quick)
        await until(pilot, lambda: not app.building, timeout=60)
        assert shown and shown[0].phase == "scan" and shown[-1].committed == 5
        await until(pilot, lambda: app.main.query_one(ResultList).items)
        assert not bar.display
        assert len(app.main.query_one(ResultList).items) == 4
        assert status(app).startswith("4 articles")

    run(archive, scenario, update=True)
    assert [title for title, _ in notices] == ["Index"]
    assert notices[0][1].startswith("Index updated: 5 added article(s).")
    assert notices[0][1].endswith("5 articles searchable.")


def test_an_up_to_date_index_is_checked_quietly(tmp_path: Path, notices: list[tuple[str, str]]) -> None:
    """Nothing changed: no notice, and the bar goes away."""
    archive = indexed_archive(tmp_path / "archive")

    async def scenario(app: NewsbrowseApp, pilot: Pilot[None]) -> None:
        """Wait for the check to end: the build bar is hidden."""
        await until(pilot, lambda: not app.building and not app.workers, timeout=60)
        assert not app.main.query_one(BuildStatus).display

    run(archive, scenario, update=True)
    assert notices == []


def test_while_another_process_builds_the_app_waits_for_it_then_refreshes(tmp_path: Path) -> None:
    """A build lock held elsewhere: the status line names it, and the app follows when it is released."""
    archive = indexed_archive(tmp_path / "archive")
    with open_archive(archive) as opened:
        lock = BuildLock(opened.index_dir)

    async def scenario(app: NewsbrowseApp, pilot: Pilot[None]) -> None:
        """The bar names the other build; once the lock is released, the bar goes."""
        bar = app.main.query_one(BuildStatus)
        await until(pilot, lambda: bar.display)
        assert "is indexing this archive" in str(bar.query_one("#build-label", Static).content)
        lock.release()
        await until(pilot, lambda: not app.building and not bar.display, timeout=30)

    lock.acquire()
    try:
        run(archive, scenario, update=True)
    finally:
        lock.release()


def test_rebuild_keeps_the_archive_open_and_builds_from_scratch(tmp_path: Path, notices: list[tuple[str, str]]) -> None:
    """The palette's rebuild: the archive stays open (the index empties in place), search works on the new index."""
    archive = indexed_archive(tmp_path / "archive")

    async def scenario(app: NewsbrowseApp, pilot: Pilot[None]) -> None:
        """Rebuild from the palette: the same archive object stays, and a search finds two articles."""
        old = app.archive
        app.action_rebuild()
        assert "Rebuild the index" not in [name for name, _, _ in app.palette_commands()]
        await until(pilot, lambda: not app.building, timeout=60)
        assert app.archive is old and app.main.archive is old
        await pilot.press(*"hartmann")
        await until(pilot, lambda: len(app.main.query_one(ResultList).items) == 2)

    run(archive, scenario)
    assert any("rebuilt the index from scratch" in message for _, message in notices)


def test_a_failed_build_is_reported_once_and_the_bar_goes(
    tmp_path: Path, notices: list[tuple[str, str]], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A build that fails is reported by the one worker-failure handler; the app keeps working."""
    archive = indexed_archive(tmp_path / "archive")

    def events(self: BuildProcess) -> object:
        """A build that reports the scan, then fails."""
        yield BuildProgress("scan")
        raise IndexStoreError("the disk is full")

    monkeypatch.setattr(BuildProcess, "events", events)

    async def scenario(app: NewsbrowseApp, pilot: Pilot[None]) -> None:
        """After the failure notice the bar is gone and a search still gives results."""
        await until(pilot, lambda: notices, timeout=30)
        await until(pilot, lambda: not app.building)
        assert not app.main.query_one(BuildStatus).display
        await pilot.press(*"vienna")
        await until(pilot, lambda: app.main.query_one(ResultList).items)

    run(archive, scenario, update=True)
    assert notices == [("The index build failed", "the disk is full")]


def test_the_build_process_reports_progress_then_the_summary(tmp_path: Path) -> None:
    """Read from the outside: progress events in order, then the summary of what changed."""
    archive = write_archive(tmp_path / "archive")
    events = list(BuildProcess(archive, tmp_path / "index", jobs=1).events())
    progress = [event for event in events if isinstance(event, BuildProgress)]
    assert progress and progress[0].phase == "scan"
    assert isinstance(events[-1], IndexSummary)
    assert (events[-1].added, events[-1].total) == (5, 5)


def test_the_build_process_turns_a_bad_archive_into_one_clear_error(tmp_path: Path) -> None:
    """The child's error line becomes an IndexStoreError with its message (no traceback)."""
    with pytest.raises(IndexStoreError, match="no such archive"):
        list(BuildProcess(tmp_path / "missing", tmp_path / "index").events())


def test_the_notice_says_what_changed_and_names_skipped_files() -> None:
    """Counts of changes, the first skipped files with reasons, notes, the total; nothing when nothing changed."""
    skipped = tuple(Skipped(f"bad-{n}.html", "binary junk") for n in range(5))
    notice = build_notice(IndexSummary(added=2, removed=1, skipped=skipped, total=40, notes=("resumed a build",)))
    assert notice == (
        "Index updated: 2 added, 1 removed article(s).\n"
        "5 files skipped (bad-0.html: binary junk; bad-1.html: binary junk; bad-2.html: binary junk and 2 more)\n"
        "resumed a build\n"
        "40 articles searchable."
    )
    assert build_notice(IndexSummary(unchanged=40, total=40)) is None
    empty = build_notice(IndexSummary(skipped=(Skipped("a.bin", "binary junk"),)))
    assert empty is not None and empty.startswith("No article could be read from this archive.\n1 file skipped")
