"""The output layer: every listing command in every format, --limit 0 for all, rows streamed, md citations."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from newsbrowse.cli import main
from newsbrowse.listings import MENTIONS
from newsbrowse.output import FORMATS, Listing, write_rows

ARTICLE = (
    "Ferry {day} back in Lindvik | port\n\n"
    "March {day}, 2022 - 08:15\n\n"
    "Councillor Henrik Solberg announced that the ferry to Lindvik runs again, day {day}.\n\n"
    "\u201cThe ferry is back on day {day},\u201d Solberg said on Monday.\n"
)


@pytest.fixture()
def archive(tmp_path: Path) -> Path:
    """An archive of five articles naming Henrik Solberg, each quoting him once."""
    root = tmp_path / "archive"
    root.mkdir()
    for day in range(3, 8):
        (root / f"ferry-{day}.txt").write_text(ARTICLE.format(day=day), encoding="utf-8")
    return root


def run(capsys: pytest.CaptureFixture[str], *args: str) -> str:
    """Run the command line, check it succeeded and return what it printed."""
    code = main(list(args))
    out, err = capsys.readouterr()
    assert code == 0, err
    return out


COMMANDS = [
    ["search", "ferry"],
    ["entities"],
    ["mentions", "Solberg"],
    ["quotes", "--speaker", "Solberg"],
]


@pytest.mark.parametrize("command", COMMANDS, ids=lambda command: command[0])
def test_format_json_is_json_and_every_format_lists_the_same_rows(
    capsys: pytest.CaptureFixture[str], archive: Path, command: list[str]
) -> None:
    """`--format json` prints what `--json` prints; jsonl, csv and md list the same rows, in the same order."""
    name, *rest = command
    as_json = json.loads(run(capsys, name, str(archive), *rest, "--json"))
    assert json.loads(run(capsys, name, str(archive), *rest, "--format", "json")) == as_json
    listed = as_json if isinstance(as_json, list) else as_json[{"search": "hits", "mentions": "mentions"}[name]]
    assert listed, "the archive has rows for every command"
    lines = [json.loads(line) for line in run(capsys, name, str(archive), *rest, "--format", "jsonl").splitlines()]
    assert lines == listed
    table = list(csv.DictReader(io.StringIO(run(capsys, name, str(archive), *rest, "--format", "csv"))))
    key = {"search": "id", "entities": "name"}.get(name, "article_id")
    assert [row[key] for row in table] == [row[key] for row in listed]
    markdown = run(capsys, name, str(archive), *rest, "--format", "md")
    assert all(str(row[key]) in markdown for row in listed)


def test_limit_zero_lists_every_row(capsys: pytest.CaptureFixture[str], archive: Path) -> None:
    """`--limit 0` means all: five hits where the default page would have been cut at 2."""
    few = json.loads(run(capsys, "search", str(archive), "ferry", "--limit", "2", "--json"))
    every = json.loads(run(capsys, "search", str(archive), "ferry", "--limit", "0", "--json"))
    assert (len(few["hits"]), few["total"]) == (2, 5)
    assert (len(every["hits"]), every["total"], every["exact"]) == (5, 5, True)
    assert [hit["id"] for hit in every["hits"]][:2] == [hit["id"] for hit in few["hits"]]
    mentions = json.loads(run(capsys, "mentions", str(archive), "Solberg", "--limit", "0", "--json"))["mentions"]
    assert len(mentions) == 10  # two per article
    assert "result(s) for 'ferry'; showing all" in run(capsys, "search", str(archive), "ferry", "--limit", "0")


def test_md_cites_quotes_and_mentions(capsys: pytest.CaptureFixture[str], archive: Path) -> None:
    """md: each quote and mention as a blockquote, then the article's title, source, date and id."""
    quotes = run(capsys, "quotes", str(archive), "--speaker", "Solberg", "--format", "md", "--limit", "1")
    assert quotes.startswith("> \u201cThe ferry is back on day 7\u201d\n>\n> \u2014 Henrik Solberg\n\n")
    assert "\u2014 \u201cFerry 7 back in Lindvik | port\u201d, unknown source, 2022-03-07 (id: `ferry-7.txt`)" in quotes
    mentions = run(capsys, "mentions", str(archive), "Solberg", "--format", "md", "--limit", "0")
    assert mentions.startswith("## Henrik Solberg (person): 10 mention(s) in 5 article(s)\n\n")
    assert "> Councillor **Henrik Solberg** announced that the ferry to Lindvik runs again, day 7." in mentions
    assert mentions.count("(id: `") == 10


def test_md_table_escapes_pipes(capsys: pytest.CaptureFixture[str], archive: Path) -> None:
    """A title with a pipe stays one cell of the Markdown table."""
    markdown = run(capsys, "search", str(archive), "ferry", "--format", "md", "--limit", "0")
    row = next(line for line in markdown.splitlines() if "ferry-7.txt" in line)
    assert "Ferry 7 back in Lindvik \\| port" in row
    assert row.count(" | ") == len(("id", "title", "published", "source", "section", "score", "copies", "snippet")) - 1


def test_dates_filter_mentions_and_quotes(capsys: pytest.CaptureFixture[str], archive: Path) -> None:
    """--since and --until keep the articles of those days; a date that is none is refused with the fix."""
    listed = json.loads(
        run(capsys, "mentions", str(archive), "Solberg", "--since", "2022-03-04", "--until", "2022-03-05", "--json")
    )
    assert sorted({mention["article_id"] for mention in listed["mentions"]}) == ["ferry-4.txt", "ferry-5.txt"]
    quotes = json.loads(run(capsys, "quotes", str(archive), "--until", "2022-03-03", "--json"))
    assert [quote["article_id"] for quote in quotes] == ["ferry-3.txt"]
    assert main(["quotes", str(archive), "--since", "March"]) == 2
    assert "since 'March' is not a date: write YYYY, YYYY-MM or YYYY-MM-DD" in capsys.readouterr().err


def test_write_rows_streams_row_by_row() -> None:
    """Each format writes a row before the next is read: a million-row generator is never held."""
    for fmt in FORMATS:
        taken = 0

        def endless() -> Iterator[dict[str, Any]]:
            """Rows without end, counting those read."""
            nonlocal taken
            while True:
                taken += 1
                yield {"a": taken, "b": "x"}

        class Full(io.StringIO):
            """A stream that fills up after some writes."""

            def write(self, text: str) -> int:
                """Fail once enough was written."""
                if self.tell() > 2_000:
                    raise OSError("full")
                return super().write(text)

        with pytest.raises(OSError, match="full"):
            write_rows(endless(), Listing(("a", "b")), fmt, Full(), {"n": 1})
        assert taken < 500, fmt  # plain tables read their first 200 rows to size the columns


def test_csv_flattens_lists_and_missing_values() -> None:
    """csv: lists joined with '; ', None as an empty cell, the header from the columns."""
    out = io.StringIO()
    write_rows([{"article_id": "a.txt", "title": "T", "published": None, "sentence": "x"}], MENTIONS, "csv", out)
    header, row = list(csv.reader(io.StringIO(out.getvalue())))
    assert header == list(MENTIONS.columns)
    assert row[:4] == ["a.txt", "T", "", ""]
    out = io.StringIO()
    write_rows([{"name": "A", "aliases": ["A", "Mr A"]}], Listing(("name", "aliases")), "csv", out)
    assert out.getvalue() == "name,aliases\nA,A; Mr A\n"
