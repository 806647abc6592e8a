"""The `clean` command, `--version` and the command line's error handling."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from newsbrowse import __version__
from newsbrowse.cli import main

SEED = Path(__file__).parents[1] / "sample_archive" / "tehrantimes-2021-05-21-iran-russia-counterterrorism.txt"

PAGE = """<!doctype html><html lang="en"><head><meta charset="utf-8">
<title>Harbour bridge reopens after repairs | The Northfield Post</title></head>
<body><nav><a href="/">Home</a> <a href="/world">World</a></nav>
<article><h1>Harbour bridge reopens after repairs</h1>
<p>NORTHFIELD – The harbour bridge reopened on Monday after six weeks of repairs to its deck,
the city council said.</p>
<p>"We are glad to have it back," said Mayor Ines Calloway, who crossed it on foot.</p>
<p>Traffic engineers expect the morning queues on the ring road to ease within days.</p>
</article><footer>Copyright The Northfield Post</footer></body></html>"""


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    """`--version` prints the package version and exits 0."""
    with pytest.raises(SystemExit) as exit_info:
        main(["--version"])
    assert exit_info.value.code == 0
    assert capsys.readouterr().out.strip() == f"newsbrowse {__version__}"


def test_clean_text_file_prints_body(capsys: pytest.CaptureFixture[str]) -> None:
    """The seed dump cleans to its body, without the comment-form leftovers."""
    assert main(["clean", str(SEED)]) == 0
    out = capsys.readouterr().out
    assert out.startswith("TEHRAN – Iranian Ambassador to Russia Kazem Jalali")
    assert "Leave a Comment" not in out
    assert "3 + 7 =" not in out


def test_clean_seed_json_metadata(capsys: pytest.CaptureFixture[str]) -> None:
    """`--json` gives the whole article: title, date with its time, dateline, entities, quotes."""
    assert main(["clean", str(SEED), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["title"] == "Iranian, Russian diplomats discuss counterterrorism efforts"
    assert data["published"].startswith("2021-05-21T18:31")
    assert data["dateline"] == "TEHRAN"
    assert "Leave a Comment" not in data["body"]
    names = {entity["name"]: entity for entity in data["entities"]}
    assert names["Mikhail Ulyanov"]["type"] == "person"
    assert names["Mikhail Ulyanov"]["count"] == len(names["Mikhail Ulyanov"]["mentions"])
    for mention in names["Mikhail Ulyanov"]["mentions"]:
        assert data["body"][mention["start"] : mention["end"]] == mention["text"]
    speakers = {quote["speaker"] for quote in data["quotes"]}
    assert "Mikhail Ulyanov" in speakers


def test_clean_html_from_stdin(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    """`clean -` reads stdin, recognises HTML and drops the page furniture."""
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(PAGE.encode("utf-8"))))
    assert main(["clean", "-", "--json", "--url", "https://northfieldpost.example/bridge"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["title"] == "Harbour bridge reopens after repairs"
    assert data["url"] == "https://northfieldpost.example/bridge"
    assert "Mayor Ines Calloway" in data["body"]
    assert "Copyright" not in data["body"]
    assert "Home" not in data["body"]


def test_clean_missing_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A missing file is a usage error: one line naming it, exit 2."""
    missing = tmp_path / "nope.html"
    assert main(["clean", str(missing)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert str(missing) in err


def test_clean_directory(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A directory where a file is needed says so."""
    assert main(["clean", str(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert "is a directory" in err
    assert err.count("\n") == 1


def test_clean_empty_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """An empty file gives the reader's reason, not a traceback."""
    empty = tmp_path / "empty.html"
    empty.write_bytes(b"")
    assert main(["clean", str(empty)]) == 2
    err = capsys.readouterr().err
    assert str(empty) in err
    assert "Traceback" not in err


def test_unknown_option_is_one_line(capsys: pytest.CaptureFixture[str]) -> None:
    """argparse errors are a single line and exit 2."""
    with pytest.raises(SystemExit) as exit_info:
        main(["clean", "--no-such-flag", "x"])
    assert exit_info.value.code == 2
    assert capsys.readouterr().err.count("\n") == 1


def test_python_dash_m_runs() -> None:
    """`python -m newsbrowse --version` works (the console script's twin)."""
    result = subprocess.run(
        [sys.executable, "-m", "newsbrowse", "--version"], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0
    assert result.stdout.strip() == f"newsbrowse {__version__}"
