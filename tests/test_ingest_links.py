"""Links and special files: nothing outside the archive is read, no device, pipe or /proc file is ever opened."""

from __future__ import annotations

import os
import socket
import sqlite3
import threading
from collections.abc import Callable
from pathlib import Path

import pytest
from reliability_helpers import article_text, token

import newsbrowse.build.process as process
from newsbrowse import open_archive
from newsbrowse.errors import ArchiveError
from newsbrowse.ingest import SourceFile, discover, read_source
from newsbrowse.model import Document, Skipped

SECRET = "zqxsecretoutside"
OUTSIDE = "link points outside the archive"


@pytest.fixture
def archive(tmp_path: Path) -> Path:
    """An archive with one article, beside a folder holding a secret file."""
    root = tmp_path / "archive"
    root.mkdir()
    (root / "story.txt").write_text(article_text(1), encoding="utf-8")
    outside = tmp_path / "private"
    outside.mkdir()
    (outside / "secret.txt").write_text(f"Private notes\n\nThe password is {SECRET}.\n", encoding="utf-8")
    return root


def _items(root: Path) -> dict[str, SourceFile | Skipped]:
    """What discover() yields, by relpath."""
    return {item.relpath if isinstance(item, SourceFile) else item.path: item for item in discover(root)}


def _stored_text(root: Path) -> bytes:
    """Every byte of the index folder's store (WAL checkpointed), to look for text that must not be there."""
    store = root / ".newsbrowse" / "store.sqlite3"
    with sqlite3.connect(store) as db:
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return store.read_bytes()


def test_a_link_to_a_file_outside_is_skipped_and_never_read(archive: Path) -> None:
    """`ln -s ~/secret.txt`: skipped with its reason; the secret reaches neither the store nor a search."""
    (archive / "leak.txt").symlink_to(archive.parent / "private" / "secret.txt")
    assert _items(archive)["leak.txt"] == Skipped("leak.txt", OUTSIDE)
    with open_archive(archive) as opened:
        summary = opened.update(jobs=1)
        assert Skipped("leak.txt", OUTSIDE) in summary.skipped
        assert opened.search(SECRET).total == 0 and opened.search(token(1)).total == 1
    assert SECRET.encode() not in _stored_text(archive)


def test_a_link_to_a_folder_outside_is_skipped(archive: Path) -> None:
    """`ln -s /etc`: the folder is skipped as one item, none of its files is listed."""
    (archive / "etc").symlink_to(archive.parent / "private", target_is_directory=True)
    items = _items(archive)
    assert items["etc"] == Skipped("etc", OUTSIDE)
    assert not any(path.startswith("etc/") for path in items)


def test_a_link_to_proc_self_environ_never_stores_the_environment(
    archive: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A link to /proc/self/environ is skipped: the build's environment is not stored."""
    monkeypatch.setenv("NEWSBROWSE_TEST_TOKEN", "zqxenvironmenttoken")
    (archive / "env.txt").symlink_to("/proc/self/environ")
    with open_archive(archive) as opened:
        summary = opened.update(jobs=1)
    assert Skipped("env.txt", OUTSIDE) in summary.skipped
    assert b"zqxenvironmenttoken" not in _stored_text(archive)


def test_links_inside_the_archive_are_followed_and_each_folder_walked_once(archive: Path) -> None:
    """Links to files and folders inside are followed; two links to one folder and a loop walk it once."""
    (archive / "wire").mkdir()
    (archive / "wire" / "brief.txt").write_text(article_text(2), encoding="utf-8")
    (archive / "again.txt").symlink_to("story.txt")
    (archive / "alias").symlink_to("wire", target_is_directory=True)
    (archive / "wire" / "loop").symlink_to("..", target_is_directory=True)
    found = sorted(path for path, item in _items(archive).items() if isinstance(item, SourceFile))
    assert found == ["again.txt", "alias/brief.txt", "story.txt"]


def test_a_chain_of_links_that_ends_outside_is_skipped(archive: Path) -> None:
    """A link to a link inside the archive that itself leads outside is judged by where it ends."""
    (archive / "hop.txt").symlink_to(archive.parent / "private" / "secret.txt")
    (archive / "start.txt").symlink_to("hop.txt")
    items = _items(archive)
    assert items["start.txt"] == Skipped("start.txt", OUTSIDE) and items["hop.txt"] == Skipped("hop.txt", OUTSIDE)


def test_an_archive_reached_through_a_link_is_read(archive: Path) -> None:
    """The archive path itself may be a link (the user chose it): its files are inside."""
    link = archive.parent / "shortcut"
    link.symlink_to(archive, target_is_directory=True)
    (archive / "again.txt").symlink_to(archive / "story.txt")  # an absolute link, resolved through the real path
    assert sorted(_items(link)) == ["again.txt", "story.txt"]


def test_special_files_are_never_opened(archive: Path) -> None:
    """A named pipe and a socket in the archive are skipped at the walk, a link to a device as outside."""
    os.mkfifo(archive / "pipe.html")
    server = socket.socket(socket.AF_UNIX)
    try:
        server.bind(str(archive / "socket.txt"))
        (archive / "zero.txt").symlink_to("/dev/zero")
        items = _items(archive)
    finally:
        server.close()
    assert "not a regular file" in items["pipe.html"].reason  # type: ignore[union-attr]
    assert "not a regular file" in items["socket.txt"].reason  # type: ignore[union-attr]
    assert items["zero.txt"] == Skipped("zero.txt", OUTSIDE)


def test_a_proc_file_is_refused_whatever_names_it() -> None:
    """/proc files look regular (mode and size); they are refused by their file system, before and after opening."""
    source = SourceFile("/proc/self/environ", "environ.txt", 0, 0)
    (item,) = read_source(source)
    assert isinstance(item, Skipped) and "system file" in item.reason


def test_an_archive_in_proc_is_refused() -> None:
    """`newsbrowse index /proc/self` is no archive."""
    with pytest.raises(ArchiveError, match="system folder"):
        list(discover(Path("/proc/self")))


def _finishes(action: Callable[[], object], seconds: float = 20) -> object:
    """The result of `action`, run in a thread; fails (instead of hanging the suite) if it blocks."""
    result: list[object] = []
    thread = threading.Thread(target=lambda: result.append(action()), daemon=True)
    thread.start()
    thread.join(seconds)
    assert not thread.is_alive(), "blocked (opening a named pipe?)"
    return result[0]


def test_a_file_swapped_for_a_pipe_after_the_walk_does_not_hang(archive: Path) -> None:
    """The walk saw a regular file; a pipe stands there when it is read: skipped at once, no hang."""
    (source,) = [item for item in discover(archive) if isinstance(item, SourceFile)]
    (archive / "story.txt").unlink()
    os.mkfifo(archive / "story.txt")
    items = _finishes(lambda: list(read_source(source)))
    assert items == [Skipped("story.txt", "not a regular file (a pipe, socket or device); remove it from the archive")]


def test_a_pipe_swapped_in_between_the_look_and_the_open_does_not_hang(
    archive: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Even when the file looked regular just before the open, the open does not block and the pipe is refused."""
    (source,) = [item for item in discover(archive) if isinstance(item, SourceFile)]
    regular = os.stat(archive / "story.txt")
    (archive / "story.txt").unlink()
    os.mkfifo(archive / "story.txt")
    real_stat = os.stat
    monkeypatch.setattr(
        os, "stat", lambda path, *a, **k: regular if str(path).endswith("story.txt") else real_stat(path)
    )
    (item,) = _finishes(lambda: list(read_source(source)))  # type: ignore[misc]
    assert isinstance(item, Skipped) and "not a regular file" in item.reason


def test_a_file_swapped_for_a_link_outside_after_the_walk_is_not_read(archive: Path) -> None:
    """What was opened is checked: a link put in place after the walk leads outside, so nothing is read."""
    (source,) = [item for item in discover(archive) if isinstance(item, SourceFile)]
    (archive / "story.txt").unlink()
    (archive / "story.txt").symlink_to(archive.parent / "private" / "secret.txt")
    assert list(read_source(source)) == [Skipped("story.txt", OUTSIDE)]


def test_a_build_whose_file_becomes_a_pipe_finishes(archive: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The build hashes a file before reading it: that open must not block on a pipe either."""
    (archive / "other.txt").write_text(article_text(2), encoding="utf-8")
    real_hash = process.file_hash

    def swap_then_hash(source: SourceFile) -> str:
        """Put a pipe where story.txt was, then hash as the build does."""
        if source.relpath == "story.txt":
            source.path.unlink()
            os.mkfifo(source.path)
        return real_hash(source)

    monkeypatch.setattr(process, "file_hash", swap_then_hash)
    with open_archive(archive) as opened:
        summary = _finishes(lambda: opened.update(jobs=1))
        assert opened.search(token(2)).total == 1
    assert [skip.path for skip in summary.skipped] == ["story.txt"]  # type: ignore[attr-defined]


def test_reading_a_normal_archive_is_unchanged(archive: Path) -> None:
    """The checks cost nothing to the files they let through."""
    (item,) = [item for item in discover(archive) if isinstance(item, SourceFile)]
    (document,) = read_source(item)
    assert isinstance(document, Document) and token(1) in document.content
