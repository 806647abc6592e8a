"""The index commands: index, search, show, entities, mentions, quotes — JSON shapes, text output, errors."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from newsbrowse.cli import main

ARTICLE = (
    "Ferry service resumes in Lindvik\n\n"
    "March {day}, 2022 - 08:15\n\n"
    "Councillor Henrik Solberg announced that the ferry to Lindvik runs again.\n\n"
    "\u201cThe ferry is back,\u201d Solberg said on Monday. The reference is token{day:04d}.\n"
)


@pytest.fixture()
def archive(tmp_path: Path) -> Path:
    """An archive of three articles."""
    root = tmp_path / "archive"
    root.mkdir()
    for day in (3, 4, 5):
        (root / f"ferry-{day}.txt").write_text(ARTICLE.format(day=day), encoding="utf-8")
    return root


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    """Run the command line; return the exit code, stdout and stderr."""
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def run_json(capsys: pytest.CaptureFixture[str], *args: str) -> Any:
    """Run a command with --json and parse what it printed."""
    code, out, err = run(capsys, *args, "--json")
    assert code == 0, err
    return json.loads(out)


def test_index_json_summary(capsys: pytest.CaptureFixture[str], archive: Path) -> None:
    """index --json prints the full summary; a second run counts all three as unchanged."""
    summary = run_json(capsys, "index", str(archive))
    assert summary == {
        "added": 3,
        "updated": 0,
        "removed": 0,
        "unchanged": 0,
        "skipped": [],
        "total": 3,
        "notes": [],
        "index_dir": str(archive / ".newsbrowse"),
        "seconds": summary["seconds"],
    }
    again = run_json(capsys, "index", str(archive))
    assert (again["unchanged"], again["total"]) == (3, 3)


def test_index_text_summary_names_skipped_files(capsys: pytest.CaptureFixture[str], archive: Path) -> None:
    """The text summary gives the counts and names the skipped file; nothing goes to stderr off a terminal."""
    (archive / "broken.json").write_text("{not json", encoding="utf-8")
    code, out, err = run(capsys, "index", str(archive))
    assert code == 0 and err == ""  # no progress bar when not on a terminal
    assert "3 added" in out and "3 article(s) in the index" in out
    assert "broken.json:" in out


def test_index_progress_events_for_the_tui(capsys: pytest.CaptureFixture[str], archive: Path) -> None:
    """--progress jsonl prints a scan event, progress events with their fields and a final done summary."""
    code, out, _ = run(capsys, "index", str(archive), "--progress", "jsonl")
    assert code == 0
    events = [json.loads(line) for line in out.splitlines()]
    assert events[0]["event"] == "progress" and events[0]["phase"] == "scan"
    assert {"files_done", "files_total", "articles", "committed", "elapsed", "rate", "eta"} <= events[1].keys()
    assert events[-1]["event"] == "done" and events[-1]["summary"]["total"] == 3


def test_index_dir_option(capsys: pytest.CaptureFixture[str], archive: Path, tmp_path: Path) -> None:
    """--index-dir puts the index there and nothing in the archive folder."""
    elsewhere = tmp_path / "elsewhere"
    summary = run_json(capsys, "index", str(archive), "--index-dir", str(elsewhere))
    assert summary["index_dir"] == str(elsewhere)
    assert (elsewhere / "store.sqlite3").exists() and not (archive / ".newsbrowse").exists()


def test_search_json_shape(capsys: pytest.CaptureFixture[str], archive: Path) -> None:
    """search --json: the result and hit keys, date order, the limit and a highlight on the matched word."""
    results = run_json(capsys, "search", str(archive), "ferry", "--limit", "2", "--sort", "date")
    assert set(results) == {"query", "hits", "total", "suggestion", "exact", "understood"}
    assert (results["total"], results["exact"], len(results["hits"])) == (3, True, 2)
    assert results["understood"] == "ferry"
    hit = results["hits"][0]
    assert set(hit) == {"id", "title", "published", "source", "section", "score", "snippet", "highlights", "copies"}
    assert (hit["id"], hit["published"]) == ("ferry-5.txt", "2022-03-05T08:15:00")
    start, end = hit["highlights"][0]
    assert hit["snippet"][start:end].lower() == "ferry"
    oldest = run_json(capsys, "search", str(archive), "ferry", "--sort", "oldest")
    days = [hit["published"] for hit in oldest["hits"]]
    assert days == sorted(days) and days[-1] == "2022-03-05T08:15:00"


def test_search_text_and_did_you_mean(capsys: pytest.CaptureFixture[str], archive: Path) -> None:
    """Text search lists the hit; a misspelt word gives no results and a "Did you mean" suggestion."""
    code, out, _ = run(capsys, "search", str(archive), "token0004")
    assert code == 0 and "1 result(s)" in out and "ferry-4.txt" in out
    code, out, _ = run(capsys, "search", str(archive), "feryy")
    assert code == 0 and "No results" in out and "Did you mean: ferry" in out


def test_show_json_has_article_entities_and_quotes(capsys: pytest.CaptureFixture[str], archive: Path) -> None:
    """show --json has the article fields, the person with its mention count and the quote's speaker."""
    shown = run_json(capsys, "show", str(archive), "ferry-3.txt")
    assert shown["title"] == "Ferry service resumes in Lindvik"
    assert {"id", "body", "published", "entities", "quotes"} <= shown.keys()
    people = [e for e in shown["entities"] if e["type"] == "person"]
    assert people[0]["name"] == "Henrik Solberg" and people[0]["count"] == 2
    assert shown["quotes"][0]["speaker"] == "Henrik Solberg"


def test_entities_mentions_and_quotes_json(capsys: pytest.CaptureFixture[str], archive: Path) -> None:
    """The JSON of entities, mentions (with months and limit) and quotes by speaker, with their keys."""
    entities = run_json(capsys, "entities", str(archive), "--type", "person")
    assert entities == [
        {"name": "Henrik Solberg", "type": "person", "articles": 3, "mentions": 6, "aliases": ["Henrik Solberg"]}
    ]
    mentions = run_json(capsys, "mentions", str(archive), "SOLBERG", "--limit", "2")
    assert mentions["entity"]["name"] == "Henrik Solberg"
    assert mentions["months"] == [{"month": "2022-03", "mentions": 6}]
    first = mentions["mentions"][0]
    assert set(first) == {"article_id", "title", "published", "sentence", "start", "end", "offset", "source"}
    assert len(mentions["mentions"]) == 2
    quotes = run_json(capsys, "quotes", str(archive), "--speaker", "henrik solberg")
    assert [q["text"] for q in quotes] == ["The ferry is back"] * 3
    fields = {"article_id", "title", "published", "text", "speaker", "start", "end", "source"}
    assert set(quotes[0]) == fields


def test_text_output_of_the_listing_commands(capsys: pytest.CaptureFixture[str], archive: Path) -> None:
    """Text output of entities, mentions, quotes and show: names, counts, months, quotes and dates."""
    code, out, _ = run(capsys, "entities", str(archive))
    assert code == 0 and "Henrik Solberg" in out and "person" in out
    code, out, _ = run(capsys, "mentions", str(archive), "Henrik Solberg")
    assert code == 0 and "6 mention(s) in 3 article(s)" in out and "Per month: 2022-03 6" in out
    code, out, _ = run(capsys, "quotes", str(archive))
    assert code == 0 and "\u201cThe ferry is back\u201d \u2014 Henrik Solberg" in out
    code, out, _ = run(capsys, "show", str(archive), "ferry-4.txt")
    assert code == 0 and "published: 2022-03-04 08:15:00" in out and "person: Henrik Solberg (2)" in out


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["search", "{missing}", "x"], 2, "no such archive"),
        (["index", "{page}"], 2, "not a WARC or JSONL archive"),
        (["index", "{empty}"], 1, "no articles in"),
        (["search", "{archive}", "date:2022-13"], 2, "is not a date"),  # a query is typed: bad usage
        (["search", "{archive}", "color:red"], 2, "unknown field 'color:'"),
        (["show", "{archive}", "nope.txt"], 2, "no article 'nope.txt'"),
        (["mentions", "{archive}", "Nobody Known"], 2, "no entity named 'Nobody Known'"),
        (["quotes", "{archive}", "--speaker", "Nobody Known"], 2, "no entity named"),
    ],
)
def test_errors_are_one_line_with_an_exit_code(
    capsys: pytest.CaptureFixture[str], archive: Path, tmp_path: Path, args: list[str], code: int, message: str
) -> None:
    """Each error is one line on stderr without a traceback, with exit code 1 or 2 as expected."""
    (tmp_path / "page.html").write_text("<p>hello</p>", encoding="utf-8")
    (tmp_path / "empty").mkdir()
    paths = {
        "missing": tmp_path / "missing",
        "page": tmp_path / "page.html",
        "empty": tmp_path / "empty",
        "archive": archive,
    }
    found, _, err = run(capsys, *[arg.format(**paths) for arg in args])
    assert found == code
    assert message in err and len(err.strip().splitlines()) == 1 and "Traceback" not in err


@pytest.mark.parametrize(
    ("args", "message"),
    [(["entities", "--type", "planet"], "invalid choice"), (["index", "--jobs", "0"], "is not at least 1")],
)
def test_bad_options_exit_2(capsys: pytest.CaptureFixture[str], archive: Path, args: list[str], message: str) -> None:
    """An invalid entity type or --jobs 0 exits 2 with argparse's message."""
    with pytest.raises(SystemExit) as stopped:
        main([args[0], str(archive), *args[1:]])
    assert stopped.value.code == 2
    assert message in capsys.readouterr().err


@pytest.mark.slow
def test_sigterm_stops_a_progress_build_after_its_batch(tmp_path: Path) -> None:
    """SIGTERM during a build exits 0 with a done event: part of the articles and a "stopped on request" note."""
    root = tmp_path / "many"
    root.mkdir()
    for day in range(400):
        (root / f"ferry-{day:03d}.txt").write_text(ARTICLE.format(day=1 + day % 28), encoding="utf-8")
    command = [sys.executable, "-m", "newsbrowse", "index", str(root), "--jobs", "1", "--progress", "jsonl"]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, text=True, env={**os.environ, "PYTHONUNBUFFERED": "1"})
    assert process.stdout is not None
    events = []
    stopped = False
    for line in process.stdout:
        events.append(json.loads(line))
        if events[-1].get("files_done") and not stopped:
            process.send_signal(signal.SIGTERM)
            stopped = True
    assert process.wait() == 0
    done = events[-1]
    assert done["event"] == "done"
    assert 0 < done["summary"]["total"] < 400
    assert any("stopped on request" in note for note in done["summary"]["notes"])


def test_section_and_source_from_the_folder_and_file_name(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    """A dump in `politics/` named after its outlet: search and show give both, as text and as JSON."""
    root = tmp_path / "archive"
    (root / "politics").mkdir(parents=True)
    (root / "politics" / "lindvikpost-2022-03-03-ferry.txt").write_text(ARTICLE.format(day=3), encoding="utf-8")
    article_id = "politics/lindvikpost-2022-03-03-ferry.txt"
    hit = run_json(capsys, "search", str(root), "ferry")["hits"][0]
    assert (hit["source"], hit["section"]) == ("lindvikpost", "politics")
    code, out, _ = run(capsys, "search", str(root), "ferry")
    assert code == 0 and f"2022-03-03 · lindvikpost · politics · {article_id}" in out
    shown = run_json(capsys, "show", str(root), article_id)
    assert (shown["source"], shown["section"]) == ("lindvikpost", "politics")
    code, out, _ = run(capsys, "show", str(root), article_id)
    assert "\nsource: lindvikpost\nsection: politics\n" in out


def test_with_json_an_error_is_a_json_object_on_stderr(capsys: pytest.CaptureFixture[str], archive: Path) -> None:
    """--json: an unknown id, a bad query and a bad option each give one JSON line on stderr, exit 2."""
    for args in (["show", str(archive), "nope.txt"], ["search", str(archive), "date:2022-13"]):
        code, out, err = run(capsys, *args, "--json")
        error = json.loads(err)
        assert (code, out, error["exit_code"], error["kind"]) == (2, "", 2, "error") and err.count("\n") == 1
    with pytest.raises(SystemExit) as stopped:
        main(["search", str(archive), "x", "--limit", "some", "--json"])
    assert stopped.value.code == 2
    assert json.loads(capsys.readouterr().err)["error"].startswith("argument --limit: 'some' is not a whole number")
