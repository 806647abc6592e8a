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


def test_clean_text_file_prints_a_header_then_the_body(capsys: pytest.CaptureFixture[str]) -> None:
    """The seed dump: title, date, the source its file is named after and dateline, then its body, no leftovers."""
    assert main(["clean", str(SEED)]) == 0
    header, body = capsys.readouterr().out.split("\n\n", 1)
    assert header.splitlines() == [
        "Iranian, Russian diplomats discuss counterterrorism efforts",
        "published: 2021-05-21 18:31:00",
        "source: tehrantimes",
        "dateline: TEHRAN",
        "language: en",
    ]
    assert body.startswith("TEHRAN – Iranian Ambassador to Russia Kazem Jalali")
    assert "Leave a Comment" not in body
    assert "3 + 7 =" not in body


def test_clean_prints_every_record_of_a_jsonl_file_under_its_id(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A JSON lines file: the count, then each record with its id, title, byline and text; --json a list."""
    records = [
        {"title": f"Ferry story {n}", "author": "Ada Berg", "date": f"2021-03-0{n}", "body": f"It sailed {n} times."}
        for n in (1, 2, 3)
    ]
    feed = tmp_path / "wire.jsonl"
    feed.write_text("\n".join(json.dumps(record) for record in records), encoding="utf-8")
    assert main(["clean", str(feed)]) == 0
    out = capsys.readouterr().out
    assert out.startswith(f"3 articles in {feed}\n")
    for n in (1, 2, 3):
        assert f"Ferry story {n}\nid: wire.jsonl#{n}\npublished: 2021-03-0{n}\n" in out
        assert f"It sailed {n} times." in out
    assert out.count("authors: Ada Berg") == 3
    assert main(["clean", str(feed), "--json"]) == 0
    assert [item["id"] for item in json.loads(capsys.readouterr().out)] == [f"wire.jsonl#{n}" for n in (1, 2, 3)]


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
