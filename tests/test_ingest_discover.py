"""Walking an archive: sorted order, hidden folders, symlink loops, limits, single-file archives."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from newsbrowse.errors import ArchiveError
from newsbrowse.ingest import SourceFile, discover, formats, iter_documents
from newsbrowse.model import Document, Skipped


def _write(root: Path, relpath: str, data: bytes | str = "<p>Ministers met in Vienna.</p>") -> Path:
    """Write a fixture file under `root`, making folders as needed."""
    path = root / relpath
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(data, str):
        path.write_text(data, encoding="utf-8")
    else:
        path.write_bytes(data)
    return path


def _relpaths(archive: Path) -> list[str]:
    """The relpaths of the SourceFiles discover() finds."""
    return [item.relpath for item in discover(archive) if isinstance(item, SourceFile)]


def test_supported_files_in_sorted_relpath_order(tmp_path: Path) -> None:
    """Every supported file is found, in the sorted order of the relpaths."""
    for relpath in ("b.html", "a/z.txt", "a.html", "a/b/c.md", "A.htm", "feed.jsonl", "crawl.warc.gz", "x.json"):
        _write(tmp_path, relpath)
    found = _relpaths(tmp_path)
    assert found == sorted(found)
    assert set(found) == {"A.htm", "a.html", "a/b/c.md", "a/z.txt", "b.html", "crawl.warc.gz", "feed.jsonl", "x.json"}


def test_source_file_fields(tmp_path: Path) -> None:
    """A SourceFile carries the absolute path, POSIX relpath, size and mtime."""
    path = _write(tmp_path, "news/today.html", b"<p>12345</p>")
    (item,) = discover(tmp_path)
    assert isinstance(item, SourceFile)
    assert item.path == path.absolute()
    assert item.relpath == "news/today.html"
    assert item.size == 12
    assert item.mtime_ns == path.stat().st_mtime_ns


def test_unsupported_extensions_are_ignored_silently(tmp_path: Path) -> None:
    """Images, styles, scripts and unknown files yield nothing at all."""
    for relpath in ("logo.png", "style.css", "app.js", "README", "notes.docx", "story.html"):
        _write(tmp_path, relpath)
    assert list(discover(tmp_path)) == [
        SourceFile((tmp_path / "story.html").absolute(), "story.html", 31, (tmp_path / "story.html").stat().st_mtime_ns)
    ]


def test_readme_and_licence_notes_are_not_articles(tmp_path: Path) -> None:
    """An archive's README or LICENSE describes the scrape; it is not indexed as an article."""
    for relpath in ("README.md", "notes/readme.txt", "LICENSE", "COPYING.txt", "readme-first.md", "story.md"):
        _write(tmp_path, relpath, "Some words.")
    assert _relpaths(tmp_path) == ["readme-first.md", "story.md"]


def test_gzipped_formats_are_found(tmp_path: Path) -> None:
    """Supported formats ending in .gz are found; other .gz files are not."""
    for relpath in ("page.html.gz", "feed.jsonl.gz", "feed.ndjson.gz", "crawl.warc.gz", "photo.jpg.gz", "x.gz"):
        _write(tmp_path, relpath, b"\x1f\x8b")
    assert _relpaths(tmp_path) == ["crawl.warc.gz", "feed.jsonl.gz", "feed.ndjson.gz", "page.html.gz"]


def test_hidden_folders_and_the_index_folder_are_skipped(tmp_path: Path) -> None:
    """Hidden folders, .newsbrowse and dotfiles are never walked."""
    _write(tmp_path, ".newsbrowse/cache.json", "{}")
    _write(tmp_path, ".git/description.txt", "repo")
    _write(tmp_path, "sub/.hidden/page.html")
    _write(tmp_path, "._page.html", b"\x00\x05\x16\x07")  # macOS resource fork beside a copied file
    _write(tmp_path, "sub/page.html")
    assert _relpaths(tmp_path) == ["sub/page.html"]


def test_symlink_loops_are_walked_once(tmp_path: Path) -> None:
    """Symlinks back into the archive do not loop or repeat files."""
    _write(tmp_path, "a/page.html")
    (tmp_path / "a" / "loop").symlink_to(tmp_path, target_is_directory=True)
    (tmp_path / "a" / "self").symlink_to(tmp_path / "a", target_is_directory=True)
    assert _relpaths(tmp_path) == ["a/page.html"]


def test_broken_symlink_is_skipped_with_reason(tmp_path: Path) -> None:
    """A dangling symlink is reported as a broken link."""
    (tmp_path / "gone.html").symlink_to(tmp_path / "missing.html")
    (item,) = discover(tmp_path)
    assert isinstance(item, Skipped)
    assert item.path == "gone.html"
    assert "broken symbolic link" in item.reason


def test_file_over_the_limit_is_skipped(tmp_path: Path) -> None:
    """A (sparse) file over 20 MB is skipped without being read."""
    with open(tmp_path / "huge.html", "wb") as handle:
        handle.truncate(formats.MAX_FILE_BYTES + 1)  # sparse: no 20 MB written
    _write(tmp_path, "small.html")
    items = list(discover(tmp_path))
    assert isinstance(items[0], Skipped) and items[0].path == "huge.html"
    assert "larger than 20 MB" in items[0].reason
    assert isinstance(items[1], SourceFile)


def test_containers_are_not_limited_as_whole_files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """JSON lines and WARC files are limited per record, not as a whole."""
    monkeypatch.setattr(formats, "MAX_FILE_BYTES", 10)
    _write(tmp_path, "feed.jsonl", '{"title": "Talks", "body": "Envoys met in Vienna."}\n')
    _write(tmp_path, "page.html", "<p>Envoys met in Vienna.</p>")
    items = list(discover(tmp_path))
    assert isinstance(items[0], SourceFile) and items[0].relpath == "feed.jsonl"
    assert isinstance(items[1], Skipped) and items[1].path == "page.html"


def test_unreadable_file_is_skipped(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A file the process may not read is skipped with 'permission denied'."""
    _write(tmp_path, "locked.html")
    _write(tmp_path, "open.html")
    (tmp_path / "locked.html").chmod(0)
    real_access = os.access
    # Root can read anything whatever the mode bits say, so os.access is asked; make it say no.
    monkeypatch.setattr(os, "access", lambda p, mode: not str(p).endswith("locked.html") and real_access(p, mode))
    items = list(discover(tmp_path))
    assert isinstance(items[0], Skipped) and items[0].path == "locked.html"
    assert "permission denied" in items[0].reason
    assert isinstance(items[1], SourceFile)


def test_unreadable_folder_is_skipped_and_the_walk_goes_on(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A folder that cannot be listed is reported and its siblings are walked."""
    _write(tmp_path, "closed/page.html")
    _write(tmp_path, "open/page.html")
    real_scandir = os.scandir

    def scandir(path: Path) -> Iterator[os.DirEntry[str]]:
        """os.scandir, refusing the folder named 'closed'."""
        if Path(path).name == "closed":
            raise PermissionError(13, "Permission denied", str(path))
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", scandir)
    items = list(discover(tmp_path))
    assert isinstance(items[0], Skipped) and items[0].path == "closed/"
    assert "permission denied" in items[0].reason
    assert isinstance(items[1], SourceFile) and items[1].relpath == "open/page.html"


def test_file_name_that_is_not_utf8(tmp_path: Path) -> None:
    """A Latin-1 file name is reported (shown with U+FFFD) instead of breaking the index."""
    with open(os.path.join(os.fsencode(tmp_path), b"caf\xe9.html"), "wb") as handle:
        handle.write(b"<p>Menu</p>")
    (item,) = discover(tmp_path)
    assert item == Skipped("caf\ufffd.html", "the file name is not valid UTF-8; rename the file (e.g. with convmv)")


def test_fifo_is_not_opened(tmp_path: Path) -> None:
    """A named pipe with an article's extension is skipped, never opened."""
    os.mkfifo(tmp_path / "pipe.html")
    (item,) = discover(tmp_path)
    assert isinstance(item, Skipped)
    assert "not a regular file" in item.reason


def test_file_vanishing_during_the_walk(tmp_path: Path) -> None:
    """A file deleted after its folder was listed is reported as vanished."""
    _write(tmp_path, "a.html")
    _write(tmp_path, "b.html")
    walk = discover(tmp_path)
    first = next(walk)
    assert isinstance(first, SourceFile)
    (tmp_path / "b.html").unlink()
    # The folder was listed before the deletion, so b.html is reported, not lost silently.
    (second,) = list(walk)
    assert second == Skipped("b.html", "file vanished during the walk")


def test_single_archive_file(tmp_path: Path) -> None:
    """A single JSON-lines file is an archive whose relpath is its name."""
    path = _write(tmp_path, "feed.ndjson", '{"title": "Talks", "text": "Envoys met."}\n')
    (item,) = discover(path)
    assert isinstance(item, SourceFile)
    assert item.relpath == "feed.ndjson"
    (document,) = iter_documents(path)
    assert isinstance(document, Document)
    assert document.id == "feed.ndjson#1"


def test_single_unsupported_file_says_why(tmp_path: Path) -> None:
    """A single file of an unsupported type gets a reason, not silence."""
    path = _write(tmp_path, "photo.png", b"\x89PNG")
    (item,) = discover(path)
    assert isinstance(item, Skipped)
    assert "not a supported file type" in item.reason


def test_missing_archive_raises_archive_error(tmp_path: Path) -> None:
    """A missing archive path raises ArchiveError naming it."""
    with pytest.raises(ArchiveError, match="no such archive"):
        list(discover(tmp_path / "nowhere"))


def test_iter_documents_reads_every_file_and_reports_bad_ones(tmp_path: Path) -> None:
    """iter_documents() reads each file in order and reports the empty one."""
    _write(tmp_path, "a.html", "<html><body><p>Envoys met.</p></body></html>")
    _write(tmp_path, "b.txt", "Talks resume\n\nEnvoys met in Vienna.\n")
    _write(tmp_path, "c.html", b"")
    items = list(iter_documents(tmp_path))
    assert [(type(i).__name__, getattr(i, "id", None) or i.path) for i in items] == [
        ("Document", "a.html"),
        ("Document", "b.txt"),
        ("Skipped", "c.html"),
    ]


def test_file_name_with_control_characters(tmp_path: Path) -> None:
    """A name holding an escape sequence or a newline is skipped (shown with '?'), not printed raw."""
    _write(tmp_path, "evil\x1b[2J.html")
    _write(tmp_path, "two\nlines.txt")
    _write(tmp_path, "fine.html")
    items = list(discover(tmp_path))
    skipped = [item for item in items if isinstance(item, Skipped)]
    assert sorted(item.path for item in skipped) == ["evil?[2J.html", "two?lines.txt"]
    assert all(item.reason == "the file name holds control characters; rename the file" for item in skipped)
    assert [item.relpath for item in items if isinstance(item, SourceFile)] == ["fine.html"]
