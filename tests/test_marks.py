"""Stars, tags, notes and saved searches: the user's own file, the query fields on it, and that no build loses it."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from newsbrowse.archive import open_archive
from newsbrowse.cli import main
from newsbrowse.errors import QueryError, UsageError
from newsbrowse.location import INDEX_DIR_NAME
from newsbrowse.marks import SUFFIX, MarksFile

ARTICLES = {
    "talks.txt": "Talks resume\n\nMikhail Ulyanov, Russia's envoy, said the talks in Vienna would resume.\n",
    "pause.txt": "Talks pause\n\nMikhail Ulyanov said the delegations needed time in Vienna.\n",
    "court.txt": "Court date\n\nHugh Ray, a lawyer in Houston, asked the court for more time.\n",
}


@pytest.fixture
def root(tmp_path: Path) -> Path:
    """A small archive, indexed."""
    folder = tmp_path / "archive"
    folder.mkdir()
    for name, text in ARTICLES.items():
        (folder / name).write_text(text, encoding="utf-8")
    with open_archive(folder) as archive:
        archive.update(jobs=1)
    return folder


def ids(root: Path, query: str) -> set[str]:
    """The ids of the articles a query finds."""
    with open_archive(root) as archive:
        return {hit.id for hit in archive.search(query, limit=100).hits}


def mark_three(root: Path) -> None:
    """A star, two tags, a note and a saved search."""
    with open_archive(root) as archive:
        archive.star("talks.txt")
        archive.tag("talks.txt", "Follow up")
        archive.tag("court.txt", "follow  UP")
        archive.note("court.txt", "Call the clerk about the Houston hearing")
        archive.save_search("Vienna talks", "vienna talks")


def test_marks_are_query_fields(root: Path) -> None:
    """starred:, tag: (any case and spacing) and note: (words in any order and case) find the marked articles."""
    mark_three(root)
    assert ids(root, "starred:yes") == {"talks.txt"}
    assert ids(root, 'tag:"follow up"') == {"talks.txt", "court.txt"}
    assert ids(root, "tag:foll*") == {"talks.txt", "court.txt"}
    assert ids(root, "note:houston note:call") == {"court.txt"}
    assert ids(root, "note:vienna") == set()
    assert ids(root, 'vienna AND tag:"follow up"') == {"talks.txt"}
    assert ids(root, "vienna NOT starred:yes") == {"pause.txt"}
    with open_archive(root) as archive:
        assert archive.tags() == [("follow up", 2)]
        assert [m.marks.article_id for m in archive.marked("tag", "follow up", "name")] == ["court.txt", "talks.txt"]
        archive.star("talks.txt", False)
        archive.tag("talks.txt", "follow up", False)
        assert "talks.txt" not in archive.marks()  # an article with nothing marked keeps no row


def test_bad_marks_are_refused_with_one_line(root: Path) -> None:
    """An unknown article, an empty or overlong tag, an unknown saved search, a query that does not parse."""
    with open_archive(root) as archive:
        with pytest.raises(UsageError, match=r"no article 'gone\.txt'"):
            archive.star("gone.txt")
        with pytest.raises(UsageError, match="bad tag"):
            archive.tag("talks.txt", "  ")
        with pytest.raises(UsageError, match="bad tag"):
            archive.tag("talks.txt", "x" * 101)
        with pytest.raises(UsageError, match="no saved search named 'nope'"):
            archive.open_search("nope")
        with pytest.raises(QueryError):
            archive.save_search("broken", "vienna date:2021-13-45")
        assert archive.saved_searches() == []


def test_marks_and_saved_searches_survive_a_rebuild_and_a_deleted_index(root: Path) -> None:
    """The marks file lives beside the index folder: --rebuild and deleting .newsbrowse keep everything."""
    mark_three(root)
    assert (root / f".newsbrowse-{SUFFIX}").is_file()
    before = (ids(root, "starred:yes"), ids(root, 'tag:"follow up"'), ids(root, "note:clerk"))
    assert main(["index", str(root), "--rebuild"]) == 0
    assert (ids(root, "starred:yes"), ids(root, 'tag:"follow up"'), ids(root, "note:clerk")) == before
    shutil.rmtree(root / INDEX_DIR_NAME)
    assert main(["index", str(root)]) == 0
    assert (ids(root, "starred:yes"), ids(root, 'tag:"follow up"'), ids(root, "note:clerk")) == before
    with open_archive(root) as archive:
        assert [(s.search.name, s.matches, s.new) for s in archive.saved_searches()] == [("Vienna talks", 2, 0)]


def test_a_mark_follows_its_article_to_a_new_place(root: Path) -> None:
    """A file moved inside the archive keeps its star and note (matched by content); a deleted one is listed as gone."""
    mark_three(root)
    (root / "moved").mkdir()
    (root / "talks.txt").rename(root / "moved" / "talks.txt")
    (root / "court.txt").unlink()
    with open_archive(root) as archive:
        archive.update(jobs=1)
        assert ids(root, "starred:yes") == {"moved/talks.txt"}
        listed = archive.marked("tag", "follow up", "name")
        assert [(m.marks.article_id, m.present) for m in listed] == [("moved/talks.txt", True), ("court.txt", False)]


def test_saved_searches_count_new_articles_since_last_opened(root: Path) -> None:
    """A saved search counts what it matches and what is new since it was opened; opening it resets the count."""
    mark_three(root)
    (root / "more.txt").write_text("Vienna again\n\nThe talks in Vienna went on for a third day.\n", encoding="utf-8")
    with open_archive(root) as archive:
        archive.update(jobs=1)
        [status] = archive.saved_searches()
        assert (status.matches, status.new) == (3, 1)
        assert archive.open_search("VIENNA talks").query == "vienna talks"
        [status] = archive.saved_searches()
        assert (status.matches, status.new) == (3, 0)
        archive.save_search("Vienna talks", "vienna", "date")  # a new query under the same name starts afresh
        [status] = archive.saved_searches()
        assert (status.search.query, status.search.sort, status.matches, status.new) == ("vienna", "date", 3, 0)
        archive.drop_search("vienna TALKS")
        assert archive.saved_searches() == []


def test_a_marks_file_from_a_newer_newsbrowse_is_refused(root: Path) -> None:
    """A file of a later version is not touched; the error names it and the remedy."""
    mark_three(root)
    path = root / f".newsbrowse-{SUFFIX}"
    marks = MarksFile(path)
    marks._write([("UPDATE meta SET value = '99' WHERE key = 'version'", ())])
    marks.close()
    with open_archive(root) as archive, pytest.raises(Exception, match="newer newsbrowse"):
        archive.marks()


@pytest.mark.slow
def test_marks_survive_a_build_killed_with_sigkill(tmp_path: Path) -> None:
    """A --rebuild SIGKILLed after its first commit leaves the marks file whole; the next build finds every mark."""
    folder = tmp_path / "big"
    folder.mkdir()
    for n in range(300):
        (folder / f"a{n:03d}.txt").write_text(f"Report {n}\n\nRound {n} of the talks in Vienna.\n", encoding="utf-8")
    with open_archive(folder) as archive:
        archive.update(jobs=1)
        for n in range(0, 300, 7):
            archive.star(f"a{n:03d}.txt")
            archive.tag(f"a{n:03d}.txt", "seven")
        archive.note("a014.txt", "check the date")
        archive.save_search("talks", "talks")
    starred = {f"a{n:03d}.txt" for n in range(0, 300, 7)}
    command = [sys.executable, "-m", "newsbrowse", "index", str(folder), "--rebuild", "--jobs", "1"]
    process = subprocess.Popen(
        [*command, "--progress", "jsonl"],
        stdout=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    assert process.stdout is not None
    for line in process.stdout:
        if json.loads(line).get("committed"):
            process.send_signal(signal.SIGKILL)
            break
    process.wait()
    assert process.returncode == -signal.SIGKILL
    with open_archive(folder) as archive:
        archive.update(jobs=1)
        assert {hit.id for hit in archive.search("starred:yes", limit=1000).hits} == starred
        assert {hit.id for hit in archive.search("tag:seven", limit=1000).hits} == starred
        assert archive.marks(["a014.txt"])["a014.txt"].note == "check the date"
        assert [(s.search.name, s.matches, s.new) for s in archive.saved_searches()] == [("talks", 300, 0)]
