"""The command line's output and arguments: encodings, a closed, full or vanished stdout, huge limits, ids starting
with '-', bidirectional overrides, and no index folder left behind by a failed command."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from reliability_helpers import cli, write_articles
from test_reliability_usage import one_line, run

from newsbrowse.cli import main
from newsbrowse.model import Skipped

pytestmark = pytest.mark.slow  # starts processes, kills builds, fills disks: the reliability runs

NEWSBROWSE = [sys.executable, "-m", "newsbrowse"]


@pytest.fixture()
def archive(tmp_path: Path) -> Path:
    """An indexed archive whose articles hold curly quotes (no Latin-1 or ASCII for them)."""
    root = tmp_path / "archive"
    write_articles(root, range(3))
    assert main(["index", str(root), "--jobs", "1", "--json"]) == 0
    return root


def _env(**values: str) -> dict[str, str]:
    """The environment with some variables set."""
    return {**os.environ, **values}


def _shell(command: str, archive: Path) -> subprocess.CompletedProcess[str]:
    """A shell command line (with $NB for newsbrowse and $A for the archive), run to the end."""
    env = _env(NB=" ".join(NEWSBROWSE), A=str(archive))
    return subprocess.run(["sh", "-c", command], capture_output=True, text=True, env=env, timeout=120, check=False)


@pytest.mark.parametrize("encoding", ["latin-1", "ascii"])
def test_an_output_encoding_without_the_characters(encoding: str, archive: Path) -> None:
    """A terminal in Latin-1 or ASCII: characters it lacks are replaced, not an internal UnicodeEncodeError."""
    done = cli("show", str(archive), "good/story-00001.txt", env=_env(PYTHONIOENCODING=encoding))
    assert (done.returncode, done.stderr) == (0, "")
    assert "?We will finish the pier this year,?" in done.stdout


def test_json_in_a_c_locale_is_escaped_ascii(archive: Path) -> None:
    """LC_ALL=C without UTF-8 mode: --json escapes what ASCII cannot hold, and parses back to the same text."""
    done = cli("show", str(archive), "good/story-00001.txt", "--json", env=_env(LC_ALL="C", PYTHONUTF8="0"))
    assert (done.returncode, done.stderr) == (0, "")
    assert done.stdout.isascii() and "\\u201c" in done.stdout
    assert "\u201cWe will finish" in json.loads(done.stdout)["body"]


@pytest.mark.parametrize("json_flag", ["", "--json"])
def test_a_closed_stdout_is_one_line_and_exit_1(json_flag: str, archive: Path) -> None:
    """`>&-`: one line saying stdout is closed, exit 1 (not an internal AttributeError, not a silent 0)."""
    done = _shell(f'$NB search "$A" vass {json_flag} >&-', archive)
    assert done.returncode == 1
    message = "cannot write the output: standard output is closed"
    if json_flag:  # after --json, errors are JSON too
        assert json.loads(done.stderr) == {"error": message, "kind": "error", "exit_code": 1}
    else:
        assert done.stderr == f"newsbrowse: error: {message}\n"


def test_a_full_stdout_is_not_a_full_index(archive: Path) -> None:
    """`> /dev/full`: the output could not be written; nothing is said about the index or its disk."""
    done = _shell('$NB search "$A" vass > /dev/full', archive)
    assert done.returncode == 1
    assert done.stderr == "newsbrowse: error: cannot write the output: No space left on device\n"


@pytest.mark.parametrize("json_flag", [[], ["--json"]])
def test_a_reader_that_goes_away_ends_the_command_quietly(json_flag: list[str], archive: Path) -> None:
    """`| head`: the reader closes the pipe before the output comes; nothing on stderr, status 0 (pipefail scripts go on)."""
    process = subprocess.Popen(
        [*NEWSBROWSE, "search", str(archive), "vass", *json_flag],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert process.stdout is not None and process.stderr is not None
    process.stdout.close()
    assert process.wait(timeout=120) == 0
    assert process.stderr.read() == ""


@pytest.mark.parametrize(
    "args",
    [
        ["search", "{archive}", "vass"],
        ["entities", "{archive}"],
        ["quotes", "{archive}"],
        ["mentions", "{archive}", "Vass"],
    ],
)
def test_a_limit_past_any_archive_means_all(args: list[str], archive: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """--limit 99999999999999999999 lists everything (not an internal OverflowError)."""
    code, out, err = run(capsys, *(arg.format(archive=archive) for arg in args), "--limit", "9" * 20)
    assert (code, err) == (0, "") and out


def test_an_id_starting_with_a_dash(archive: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """`show ARCHIVE -draft.txt`: the message says to put it after '--', which works."""
    (archive / "-draft.txt").write_text("Draft notes\n\nCouncillor Ingrid Vass spoke.\n", encoding="utf-8")
    code, _, err = run(capsys, "show", str(archive), "-draft.txt")
    assert code == 2
    one_line(err, "goes after '--'", "newsbrowse show ARCHIVE -- -draft.txt")
    code, out, err = run(capsys, "show", str(archive), "--", "-draft.txt")
    assert (code, err) == (0, "") and "Draft notes" in out


def test_bidirectional_overrides_neither_name_a_file_nor_reach_the_terminal(
    archive: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A file name with U+202E is skipped as a control character; text holding one is shown without it."""
    (archive / "report\u202etxt.html").write_text("<p>Spoofed name.</p>", encoding="utf-8")
    (archive / "bidi.txt").write_text("Quiet \u202eharbour\u202c report\n\nVass spoke at the pier.\n", encoding="utf-8")
    code, out, _ = run(capsys, "index", str(archive), "--jobs", "1", "--json")
    assert code == 0
    skipped = [Skipped(**item) for item in json.loads(out)["skipped"]]
    assert Skipped("report?txt.html", "the file name holds control characters; rename the file") in skipped
    code, out, _ = run(capsys, "show", str(archive), "bidi.txt")
    assert code == 0 and "Quiet harbour report" in out and "\u202e" not in out
    code, out, _ = run(capsys, "show", str(archive), "bidi.txt", "--json")
    assert "\u202e" in json.loads(out)["title"]  # JSON is data: it keeps what the file says


def test_a_failed_command_leaves_no_index_folder(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A command that fails (no article) removes the index folders it made: in the cache and in the archive."""
    cache = Path(os.environ["XDG_CACHE_HOME"])
    empty_file = tmp_path / "empty.jsonl"
    empty_file.write_bytes(b"")
    empty_folder = tmp_path / "empty"
    empty_folder.mkdir()
    before = sorted(cache.rglob("*")) if cache.exists() else []
    for archive in (empty_file, empty_folder):
        code, _, err = run(capsys, "search", str(archive), "vass")
        assert code == 1 and "no articles" in err
    assert (sorted(cache.rglob("*")) if cache.exists() else []) == before
    assert list(empty_folder.iterdir()) == []


def test_a_successful_command_keeps_its_index_folder(archive: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Only failures clean up: a failed lookup on a built index keeps the index."""
    code, _, _ = run(capsys, "show", str(archive), "no-such-id.txt")
    assert code == 2
    assert (archive / ".newsbrowse" / "store.sqlite3").exists()


def test_an_index_dir_below_a_folder_that_cannot_be_entered(
    archive: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """--index-dir whose parent cannot be entered: one line (Python 3.11's Path.exists raises PermissionError)."""
    locked = archive.parent / "locked"
    real_exists = Path.exists

    def exists(self: Path) -> bool:
        """Path.exists, denied below `locked` (root may enter anything, so chmod alone proves nothing)."""
        if locked in self.parents:
            raise PermissionError(13, "Permission denied", str(self))
        return real_exists(self)

    monkeypatch.setattr(Path, "exists", exists)
    code, _, err = run(capsys, "search", str(archive), "vass", "--index-dir", str(locked / "index"))
    assert code == 2
    one_line(err, "--index-dir", "cannot look at", "Permission denied")


def test_a_huge_number_of_jobs_is_refused(archive: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """--jobs 99999999999999999999 is a slip of the finger: one line, exit 2, no process started."""
    code, _, err = run(capsys, "index", str(archive), "--jobs", "9" * 20)
    assert code == 2
    one_line(err, "--jobs", "at most 256")
