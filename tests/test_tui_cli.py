"""`newsbrowse ARCHIVE` opens the browser: the first word that is no command is an archive."""

from __future__ import annotations

from pathlib import Path

import pytest
from tui_helpers import write_archive

from newsbrowse.cli import main
from newsbrowse.tui.app import NewsbrowseApp

pytestmark = pytest.mark.tui  # drives the Textual app


@pytest.fixture
def launched(monkeypatch: pytest.MonkeyPatch) -> list[NewsbrowseApp]:
    """The apps the command line runs (not really run: no terminal in tests)."""
    apps: list[NewsbrowseApp] = []

    def run(app: NewsbrowseApp, *args: object, **kwargs: object) -> None:
        """Record the app instead of running it."""
        apps.append(app)

    monkeypatch.setattr(NewsbrowseApp, "run", run)
    return apps


def test_an_archive_as_first_word_opens_the_browser_on_it(tmp_path: Path, launched: list[NewsbrowseApp]) -> None:
    """`newsbrowse ARCHIVE --index-dir DIR` is `newsbrowse browse ARCHIVE --index-dir DIR`, exit code 0."""
    archive = write_archive(tmp_path / "archive")
    assert main([str(archive), "--index-dir", str(tmp_path / "index")]) == 0
    (app,) = launched
    assert app.archive_path == archive.absolute()
    assert app.index_dir == tmp_path / "index"
    assert app.update_on_start


def test_options_before_the_archive_still_work(tmp_path: Path, launched: list[NewsbrowseApp]) -> None:
    """`newsbrowse --debug ARCHIVE` opens the browser too."""
    archive = write_archive(tmp_path / "archive")
    assert main(["--debug", str(archive)]) == 0
    assert len(launched) == 1


def test_a_missing_archive_is_one_line_and_exit_code_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], launched: list[NewsbrowseApp]
) -> None:
    """No screen opens; stderr says what is wrong and what to give instead."""
    assert main([str(tmp_path / "nowhere")]) == 2
    error = capsys.readouterr().err
    assert error.startswith("newsbrowse: error: no such archive") and error.count("\n") == 1
    assert launched == []


def test_commands_are_not_taken_for_archives(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A known command keeps its meaning (here `clean` on a text file)."""
    article = tmp_path / "a.txt"
    article.write_text("A title\n\nSome words of the article.\n", encoding="utf-8")
    assert main(["clean", str(article)]) == 0
    assert "Some words of the article." in capsys.readouterr().out
