"""The archive API end to end: incremental builds, renames, crashes, locks, readers during builds, lookups."""

from __future__ import annotations

import json
import os
import re
import signal
import sqlite3
import subprocess
import sys
import threading
from pathlib import Path
from typing import Any

import pytest

import newsbrowse.build.pipeline as pipeline
import newsbrowse.build.process as process
import newsbrowse.index.internals.writer as index_writer
from newsbrowse import open_archive
from newsbrowse.archive import Archive, BuildProgress, IndexBusyError, check_archive
from newsbrowse.build.lock import BuildLock
from newsbrowse.errors import QueryError, UsageError
from newsbrowse.index.internals import open_index
from newsbrowse.location import INDEX_DIR_NAME
from newsbrowse.model import IndexSummary

TOPICS = ("harbour", "railway", "orchard")


def article_text(number: int) -> str:
    """A dated text dump naming Henrik Solberg in full, then by surname, with a quote."""
    topic = TOPICS[number % 3]
    return (
        f"Council debates the {topic}, part {number}\n\n"
        f"May {1 + number % 28}, 2021 - 10:{number % 60:02d}\n\n"
        f"Councillor Henrik Solberg opened the meeting on the {topic} in Lindvik.\n\n"
        f"Solberg said: \u201cWe will decide on the {topic} this month.\u201d\n\n"
        f"Residents asked about the budget. The reference is token{number:04d}.\n"
    )


def write_archive(root: Path, count: int) -> Path:
    """An archive folder of `count` text articles in two subfolders."""
    for number in range(count):
        path = root / ("north" if number % 2 else "south") / f"report-{number:04d}.txt"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(article_text(number), encoding="utf-8")
    return root


@pytest.fixture()
def archive_dir(tmp_path: Path) -> Path:
    """A small archive of six articles."""
    return write_archive(tmp_path / "archive", 6)


def build(path: Path, **options: Any) -> tuple[Archive, IndexSummary]:
    """Open and update an archive."""
    archive = open_archive(path)
    return archive, archive.update(**options)


def test_first_build_and_an_unchanged_rerun(archive_dir: Path) -> None:
    """A first build adds all six; a rerun finds them unchanged and search finds an article by its token."""
    archive, first = build(archive_dir)
    assert (first.added, first.updated, first.removed, first.unchanged, first.total) == (6, 0, 0, 0, 6)
    assert archive.index_dir == archive_dir / INDEX_DIR_NAME
    again = archive.update()
    assert (again.added, again.updated, again.removed, again.unchanged, again.total) == (0, 0, 0, 6, 6)
    assert archive.search("token0003").hits[0].id == "north/report-0003.txt"
    archive.close()


def test_a_changed_file_is_updated_and_a_touched_one_is_not_reindexed(archive_dir: Path) -> None:
    """An edited file is updated; one with only a new mtime is unchanged; a later rerun reads no file."""
    archive, _ = build(archive_dir)
    changed = archive_dir / "south" / "report-0002.txt"
    changed.write_text(article_text(2).replace("token0002", "token9999"), encoding="utf-8")
    touched = archive_dir / "north" / "report-0001.txt"
    os.utime(touched, ns=(touched.stat().st_atime_ns, touched.stat().st_mtime_ns + 10**9))
    summary = archive.update()
    assert (summary.added, summary.updated, summary.unchanged) == (0, 1, 5)
    assert archive.search("token0002").total == 0
    assert archive.search("token9999").hits[0].id == "south/report-0002.txt"
    events: list[BuildProgress] = []
    archive.update(progress=events.append)
    assert max(event.files_total for event in events) == 0  # nothing read: sizes and mtimes remembered
    archive.close()


def test_a_deleted_file_leaves_the_index(archive_dir: Path) -> None:
    """A deleted file is removed: the total drops, search misses it and article() refuses its id."""
    archive, _ = build(archive_dir)
    (archive_dir / "north" / "report-0005.txt").unlink()
    summary = archive.update()
    assert (summary.removed, summary.total) == (1, 5)
    assert archive.search("token0005").total == 0
    with pytest.raises(UsageError, match=re.escape("no article 'north/report-0005.txt'")):
        archive.article("north/report-0005.txt")
    archive.close()


def test_a_renamed_file_moves_without_being_read_again(archive_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A renamed file is noted and found under its new path, entities kept, without being read again."""
    archive, _ = build(archive_dir)
    monkeypatch.setattr(process, "process_document", lambda doc: pytest.fail(f"{doc.id} was read again"))
    (archive_dir / "north" / "report-0001.txt").rename(archive_dir / "moved.txt")
    summary = archive.update()
    assert summary.total == 6
    assert any("renamed" in note for note in summary.notes)
    assert [hit.id for hit in archive.search("token0001").hits] == ["moved.txt"]
    assert archive.article("moved.txt").path == "moved.txt"
    assert archive.article_entities("moved.txt")
    archive.close()


def test_a_crash_between_store_and_index_is_repaired_on_the_next_run(
    archive_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A crash after the store commits but before the index does is noted as half-written and repaired."""

    def crash(*args: object, **kwargs: object) -> None:
        """Stand-in for write_batch that fails as if the build were killed."""
        raise RuntimeError("killed")

    archive = open_archive(archive_dir)
    with monkeypatch.context() as patch:
        patch.setattr(pipeline, "write_batch", crash)
        with pytest.raises(RuntimeError):
            archive.update()
    assert archive.store.article_count() == 6  # the store committed first ...
    assert archive.search("budget").total == 0  # ... the index never did
    summary = archive.update()
    assert any("half-written" in note for note in summary.notes)
    assert archive.count("budget") == summary.total == 6
    archive.close()


@pytest.mark.slow
def test_a_build_killed_with_sigkill_loses_nothing_committed(tmp_path: Path) -> None:
    """A build SIGKILLed after a commit keeps part of the store; the next run says so and indexes all 400."""
    archive_dir = write_archive(tmp_path / "big", 400)
    command = [sys.executable, "-m", "newsbrowse", "index", str(archive_dir), "--jobs", "1", "--progress", "jsonl"]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, text=True, env={**os.environ, "PYTHONUNBUFFERED": "1"})
    assert process.stdout is not None
    for line in process.stdout:
        event = json.loads(line)
        if event.get("committed"):
            process.send_signal(signal.SIGKILL)
            break
    process.wait()
    assert process.returncode == -signal.SIGKILL
    with sqlite3.connect(archive_dir / INDEX_DIR_NAME / "store.sqlite3") as db:
        assert 0 < db.execute("SELECT count(*) FROM articles").fetchone()[0] < 400
    archive, summary = build(archive_dir)
    assert summary.total == 400
    assert any("stopped before finishing" in note for note in summary.notes)
    assert archive.count("budget") == 400
    archive.close()


def test_a_second_build_is_refused_while_one_runs(archive_dir: Path) -> None:
    """While the build lock is held, update is refused naming the holder's pid and searching still works."""
    archive, _ = build(archive_dir)
    with BuildLock(archive.index_dir):
        assert archive.building_pid() == os.getpid()
        with pytest.raises(IndexBusyError, match=f"pid {os.getpid()}"):
            archive.update()
        assert archive.search("budget").total == 6  # reading goes on
    assert archive.building_pid() is None
    assert archive.update().total == 6
    archive.close()


def test_a_reader_sees_what_another_build_commits(archive_dir: Path) -> None:
    """An archive opened before another one's build finds the article that build indexed."""
    reader, _ = build(archive_dir)
    assert reader.search("token0042").total == 0
    (archive_dir / "late.txt").write_text(article_text(42), encoding="utf-8")
    with open_archive(archive_dir) as writer:
        writer.update()
    assert [hit.id for hit in reader.search("token0042").hits] == ["late.txt"]
    reader.close()


def test_cancel_commits_what_is_done_and_the_next_run_finishes(archive_dir: Path) -> None:
    """A build cancelled partway keeps two articles and says so; the next update indexes all six."""
    calls = []

    def cancel() -> bool:
        """True from the second call on."""
        calls.append(1)
        return len(calls) >= 2

    archive, summary = build(archive_dir, cancel=cancel)
    assert summary.total == 2
    assert any("stopped on request" in note for note in summary.notes)
    assert archive.update().total == 6
    archive.close()


@pytest.mark.slow
def test_worker_processes_give_the_same_index(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """With two worker processes all thirty articles are indexed and the person is counted in each."""
    monkeypatch.setattr(pipeline, "POOL_MIN_FILES", 1)
    archive, summary = build(write_archive(tmp_path / "archive", 30), jobs=2)
    assert summary.total == 30
    assert archive.count("budget") == 30
    person = archive.entity("solberg")
    assert person is not None and person.articles == 30
    archive.close()


def segment_count(archive: Archive) -> int:
    """How many segments the archive's whoosh index has."""
    index = open_index(archive.index_dir / "whoosh")
    assert index is not None
    return len(index._segments())


@pytest.mark.slow
def test_a_big_build_settles_its_segments_and_a_small_update_does_not(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Worker segments of a build that wrote the index are merged (here into one); a small update's are left."""
    monkeypatch.setattr(pipeline, "POOL_MIN_FILES", 1)
    monkeypatch.setattr(index_writer, "SETTLED_SEGMENTS", 1)
    root = write_archive(tmp_path / "archive", 40)
    archive, summary = build(root, jobs=2)
    assert summary.total == 40 and segment_count(archive) == 1
    (root / "late.txt").write_text(article_text(900), encoding="utf-8")
    assert archive.update(jobs=2).added == 1
    assert segment_count(archive) == 2
    assert archive.count("budget") == 41 and archive.entity("solberg").articles == 41  # type: ignore[union-attr]
    archive.close()


def test_a_build_in_one_process_settles_its_segments_too(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """--jobs 1 commits in growing batches, a segment each; the build ends with them merged, as with workers."""
    monkeypatch.setattr(pipeline, "FIRST_BATCH", 2)
    monkeypatch.setattr(index_writer, "SETTLED_SEGMENTS", 1)
    root = write_archive(tmp_path / "archive", 40)
    archive, summary = build(root, jobs=1)
    assert summary.total == 40 and segment_count(archive) == 1
    assert archive.count("budget") == 40
    archive.close()


def test_a_single_file_archive_and_a_read_only_one_use_the_cache_dir(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A lone JSONL file and a folder that cannot be written get their index under the cache dir."""
    feed = tmp_path / "feed.jsonl"
    feed.write_text(
        "\n".join(json.dumps({"title": f"Item {n}", "body": f"Ferry timetable number {n}."}) for n in range(3)) + "\n",
        encoding="utf-8",
    )
    archive, summary = build(feed)
    cache = Path(os.environ["XDG_CACHE_HOME"])
    assert summary.total == 3 and archive.index_dir.is_relative_to(cache)
    assert archive.search("timetable").total == 3
    archive.close()
    folder = write_archive(tmp_path / "readonly", 2)
    monkeypatch.setattr("newsbrowse.location.can_write", lambda directory: False)
    archive, summary = build(folder)
    assert summary.total == 2 and archive.index_dir.is_relative_to(cache)
    assert not (folder / INDEX_DIR_NAME).exists()
    archive.close()


def test_a_folder_marked_read_only_keeps_its_index_in_the_cache(tmp_path: Path) -> None:
    """A folder whose mode grants no write (a shared corpus) is never written, even by root, whom os.access lets."""
    folder = write_archive(tmp_path / "corpus", 2)
    folder.chmod(0o555)
    try:
        archive, summary = build(folder)
        assert summary.total == 2 and archive.index_dir.is_relative_to(Path(os.environ["XDG_CACHE_HOME"]))
        assert not (folder / INDEX_DIR_NAME).exists()
        archive.close()
    finally:
        folder.chmod(0o755)


def test_a_new_index_version_is_rebuilt_from_the_store(archive_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """An old index version is rebuilt from the six stored articles without reading any file again."""
    archive, _ = build(archive_dir)
    with archive.store.transaction():
        archive.store.set_meta("index_version", "0")
    monkeypatch.setattr(process, "process_document", lambda doc: pytest.fail("a file was read again"))
    summary = archive.update()
    assert any("rebuilt it from 6 stored articles" in note for note in summary.notes)
    assert archive.count("budget") == 6
    archive.close()


def test_a_store_from_another_version_is_rebuilt_and_says_so(archive_dir: Path) -> None:
    """A store from another version of newsbrowse is rebuilt from the files, with a note saying so."""
    archive, _ = build(archive_dir)
    archive.close()
    with sqlite3.connect(archive_dir / INDEX_DIR_NAME / "store.sqlite3") as db:
        db.execute("UPDATE meta SET value = '0' WHERE key = 'version'")
    archive, summary = build(archive_dir)
    assert any("another version of newsbrowse" in note for note in summary.notes)
    assert summary.total == 6 and summary.added == 6
    archive.close()


def test_rebuild_starts_from_scratch(archive_dir: Path) -> None:
    """update(rebuild=True) adds every article again."""
    archive, _ = build(archive_dir)
    summary = archive.update(rebuild=True)
    assert (summary.added, summary.total) == (6, 6)
    assert archive.count("budget") == 6
    archive.close()


def test_search_entities_mentions_and_quotes(archive_dir: Path) -> None:
    """Search with highlights, entity lookup, person: queries, mentions, mention months, quotes and places."""
    (archive_dir / "short.txt").write_text(
        "Port news\n\nJune 3, 2021 - 09:00\n\nSolberg told reporters the port would reopen.\n\n"
        "\u201cThe port reopens next week,\u201d Solberg said.\n",
        encoding="utf-8",
    )
    archive, _ = build(archive_dir)
    results = archive.search("harbour", sort="date")
    assert results.total == 2 and results.exact
    hit = results.hits[0]
    assert [hit.snippet[s:e].lower() for s, e in hit.highlights] == ["harbour"] * len(hit.highlights)
    person = archive.entity("SOLBERG")
    assert person is not None and (person.name, person.articles) == ("Henrik Solberg", 7)
    assert archive.search("person:solberg").total == 7  # includes the article naming only "Solberg"
    mentions = archive.mentions("solberg")
    assert mentions[0].article_id == "short.txt"  # newest first
    assert mentions[0].sentence[mentions[0].start : mentions[0].end] == "Solberg"
    assert archive.mention_months("Henrik Solberg") == [("2021-05", 12), ("2021-06", 2)]
    quotes = archive.quotes(speaker="solberg")
    assert quotes[0].text == "The port reopens next week" and quotes[0].speaker == "Henrik Solberg"
    assert len(quotes) == 7
    assert [e.name for e in archive.entities(type="place")] == ["Lindvik"]
    assert archive.mentions("nobody at all") == []
    archive.close()


def test_bad_arguments_are_usage_errors(tmp_path: Path, archive_dir: Path) -> None:
    """A missing archive, a lone HTML file, an unknown sort, entity type or field raise usage or query errors."""
    with pytest.raises(UsageError, match="no such archive"):
        check_archive(tmp_path / "missing")
    (tmp_path / "page.html").write_text("<p>hi</p>", encoding="utf-8")
    with pytest.raises(UsageError, match="not a WARC or JSONL archive"):
        check_archive(tmp_path / "page.html")
    archive, _ = build(archive_dir)
    with pytest.raises(UsageError, match="unknown sort"):
        archive.search("harbour", sort="size")  # type: ignore[arg-type]
    with pytest.raises(UsageError, match="unknown entity type"):
        archive.entities(type="planet")
    with pytest.raises(QueryError, match="unknown field"):
        archive.search("planet:mars")
    archive.close()


@pytest.mark.slow
def test_searching_from_another_thread_does_not_wait_for_a_build(archive_dir: Path) -> None:
    """A search from another thread during a build answers within ten seconds; the build still indexes all."""
    archive, _ = build(archive_dir)
    for number in range(6, 60):
        (archive_dir / f"more-{number}.txt").write_text(article_text(number), encoding="utf-8")
    answers: list[int] = []

    def search_while_building(event: BuildProgress) -> None:
        """On the first index-phase event, search from a thread that must finish within ten seconds."""
        # Called from inside the build; another thread's search must not block on it.
        if event.phase == "index" and not answers:
            worker = threading.Thread(target=lambda: answers.append(archive.search("budget").total))
            worker.start()
            worker.join(timeout=10)
            assert not worker.is_alive()

    summary = archive.update(progress=search_while_building)
    assert summary.total == 60 and answers and answers[0] >= 6
    archive.close()
