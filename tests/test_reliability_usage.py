"""Usage errors: one line on stderr naming the problem and what to do, exit 2 (usage) or 1 (runtime), no traceback."""

from __future__ import annotations

import errno
from pathlib import Path

import pytest
from reliability_helpers import cli, write_articles

from newsbrowse.archive import Archive
from newsbrowse.cli import main

pytestmark = pytest.mark.slow  # starts processes, kills builds, fills disks: the reliability runs

COMMANDS = {
    "index": [],
    "search": ["vass"],
    "show": ["good/story-00000.txt"],
    "entities": [],
    "mentions": ["Vass"],
    "quotes": [],
}


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    """main(args): the exit code, stdout and stderr."""
    try:
        code = main(list(args))
    except SystemExit as stop:  # argparse's errors
        code = int(stop.code or 0)
    out, err = capsys.readouterr()
    return code, out, err


def one_line(err: str, *phrases: str) -> str:
    """The single line on stderr, checked to hold every phrase and no traceback."""
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert "Traceback" not in err and lines[0].startswith("newsbrowse: error: ")
    for phrase in phrases:
        assert phrase in lines[0], lines[0]
    return lines[0]


@pytest.fixture()
def archive(tmp_path: Path) -> Path:
    """A small indexed archive of three articles."""
    root = tmp_path / "archive"
    write_articles(root, range(3))
    assert main(["index", str(root), "--jobs", "1", "--json"]) == 0
    return root


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_a_missing_archive_is_named(command: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Every command given a path that does not exist: exit 2 and the path named."""
    missing = tmp_path / "nowhere"
    code, out, err = run(capsys, command, str(missing), *COMMANDS[command])
    assert (code, out) == (2, "")
    one_line(err, f"no such archive: {missing}", "give a folder")


def test_the_browser_on_a_missing_archive(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """`newsbrowse PATH` (the browser) checks the path before starting."""
    code, _, err = run(capsys, str(tmp_path / "nowhere"))
    assert code == 2
    one_line(err, "no such archive")


def test_a_file_where_a_folder_is_expected(archive: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A text file as the archive, and a file as --index-dir: exit 2, with what to give instead."""
    page = archive / "good/story-00000.txt"
    code, _, err = run(capsys, "index", str(page))
    assert code == 2
    one_line(err, str(page), "not a WARC or JSONL archive", "give a folder")
    code, _, err = run(capsys, "search", str(archive), "vass", "--index-dir", str(page))
    assert code == 2
    one_line(err, "--index-dir", "is a file; give a folder")


def test_a_folder_where_a_file_is_expected(archive: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """`clean` given a folder: exit 2, pointing at `index`."""
    code, _, err = run(capsys, "clean", str(archive))
    assert code == 2
    one_line(err, "is a directory", "use 'index' for a folder")


def test_an_index_folder_that_cannot_be_made(archive: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """--index-dir under a file: one line naming the folder, exit 1."""
    inside_a_file = archive / "good/story-00000.txt/index"
    code, _, err = run(capsys, "index", str(archive), "--index-dir", str(inside_a_file))
    assert code == 1
    one_line(err, str(archive / "good/story-00000.txt"))


@pytest.mark.parametrize("command", ["index", "search"])
def test_an_empty_archive(command: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """An empty folder: exit 1, saying which files would be read."""
    empty = tmp_path / "empty"
    empty.mkdir()
    code, _, err = run(capsys, command, str(empty), *COMMANDS[command])
    assert code == 1
    one_line(err, f"no articles in {empty}", ".html")


def test_an_archive_of_unreadable_files_only(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Nothing readable: exit 1, with the count of files that could not be read."""
    root = tmp_path / "junk"
    root.mkdir()
    (root / "a.html").write_bytes(b"")
    (root / "b.json").write_text("{ nope", encoding="utf-8")
    code, _, err = run(capsys, "index", str(root))
    assert code == 1
    one_line(err, "no articles", "2 file(s) could not be read")


@pytest.mark.parametrize("article_id", ["nope.txt", "../../../etc/passwd", "good/story-00000.txt#9", ""])
def test_an_unknown_article_id(archive: Path, article_id: str, capsys: pytest.CaptureFixture[str]) -> None:
    """`show` with an id the archive does not have: exit 2, pointing at `search`."""
    code, out, err = run(capsys, "show", str(archive), article_id)
    assert (code, out) == (2, "")
    one_line(err, f"no article '{article_id}'", "newsbrowse search")


@pytest.mark.parametrize("args", [["mentions", "Nobody Known"], ["quotes", "--speaker", "Nobody Known"]])
def test_an_unknown_entity(archive: Path, args: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    """A name no entity has: exit 2, pointing at `entities`."""
    code, out, err = run(capsys, args[0], str(archive), *args[1:])
    assert (code, out) == (2, "")
    one_line(err, "no entity named 'Nobody Known'", "newsbrowse entities")


@pytest.mark.parametrize(
    ("args", "phrase"),
    [
        (["index", "{archive}", "--jobs", "0"], "--jobs: 0 is not at least 1"),
        (["search", "{archive}", "x", "--limit", "many"], "'many' is not a whole number"),
        (["search", "{archive}"], "required: QUERY"),
        (["entities", "{archive}", "--type", "animal"], "invalid choice: 'animal'"),
        (["index"], "required: ARCHIVE"),
    ],
)
def test_bad_options(archive: Path, args: list[str], phrase: str, capsys: pytest.CaptureFixture[str]) -> None:
    """Bad options: exit 2 and the option named, without argparse's usage block."""
    code, _, err = run(capsys, *(arg.format(archive=archive) for arg in args))
    assert code == 2
    one_line(err, phrase)


def test_debug_shows_the_traceback(tmp_path: Path) -> None:
    """--debug: the same error raised with its traceback; without it, one line."""
    missing = str(tmp_path / "nowhere")
    plain = cli("index", missing)
    assert plain.returncode == 2 and plain.stderr.count("\n") == 1 and "Traceback" not in plain.stderr
    debug = cli("--debug", "index", missing)
    assert debug.returncode != 0
    assert "Traceback (most recent call last)" in debug.stderr and "UsageError: no such archive" in debug.stderr


def test_an_unexpected_failure_is_one_line_that_offers_debug(
    archive: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A bug anywhere below the command line still ends in one line and exit 1."""

    def broken(self: Archive, *args: object, **kwargs: object) -> None:
        """Stand-in for Archive.update that fails with an unforeseen error."""
        raise RuntimeError("something nobody foresaw")

    monkeypatch.setattr(Archive, "update", broken)
    code, _, err = run(capsys, "index", str(archive))
    assert code == 1
    assert one_line(err.replace("internal error", "error"), "RuntimeError: something nobody foresaw", "--debug")


@pytest.mark.parametrize(
    ("failure", "phrase"),
    [
        (OSError(errno.ENOSPC, "No space left on device", "/idx/whoosh/seg"), "no space left on the disk"),
        (OSError(errno.EROFS, "Read-only file system", "/idx/store.sqlite3"), "the file system is read-only"),
        (PermissionError(errno.EACCES, "Permission denied", "/idx/build.lock"), "permission denied: /idx/build.lock"),
    ],
)
def test_disk_failures_say_what_to_do(
    archive: Path,
    failure: OSError,
    phrase: str,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A full, read-only or forbidden disk: `index` fails in one line; `search` answers from the index as it is."""

    def failing(*args: object, **kwargs: object) -> None:
        """Stand-in for the build that raises the disk failure (the archive says it as newsbrowse's error)."""
        raise failure

    monkeypatch.setattr("newsbrowse.build.update.update_index", failing)
    code, _, err = run(capsys, "index", str(archive))
    assert code == 1
    one_line(err, phrase)
    code, out, err = run(capsys, "search", str(archive), "vass")
    assert code == 0 and "3 result(s) for 'vass'" in out
    assert "not updating the index" in err and phrase in err and "answering from the index as it is" in err
