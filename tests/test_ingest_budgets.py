"""Budgets: decompressed bytes, lines per file, paragraphs per article, reasons per file; one bad line loses only itself."""

from __future__ import annotations

import gzip
import json

import pytest

from newsbrowse.ingest import formats, jsondocs, read_bytes
from newsbrowse.model import Document, Skipped


def _line(number: int) -> bytes:
    """One JSON line holding an article."""
    return json.dumps({"title": f"Wire {number}", "body": f"Report number {number} from the harbour."}).encode()


def _kinds(items: list[Document | Skipped]) -> list[str]:
    """The items as 'D' (document) and 'S' (skipped)."""
    return ["D" if isinstance(item, Document) else "S" for item in items]


def test_a_huge_integer_loses_only_its_line() -> None:
    """A 5,000-digit number (past Python's int conversion limit) is one bad line; the lines after it are read."""
    data = b"\n".join([_line(1), b'{"title": "n", "body": "x", "count": ' + b"7" * 5000 + b"}", _line(3)]) + b"\n"
    items = list(read_bytes(data, "feed.jsonl"))
    assert _kinds(items) == ["D", "S", "D"]
    assert items[1].path == "feed.jsonl#2" and items[1].reason.startswith("invalid JSON at line 2")  # type: ignore[union-attr]
    assert "digits" in items[1].reason  # type: ignore[union-attr]
    assert items[2].id == "feed.jsonl#3"  # type: ignore[union-attr]


def test_a_huge_integer_in_a_json_file_is_a_reason() -> None:
    """The same number in a .json file is a reason for that file, not a crash."""
    (item,) = read_bytes(b'{"body": "x", "n": ' + b"7" * 5000 + b"}", "one.json")
    assert isinstance(item, Skipped) and item.reason.startswith("invalid JSON") and "digits" in item.reason


def test_a_blank_line_gzip_bomb_stops_at_its_budget(monkeypatch: pytest.MonkeyPatch) -> None:
    """A small .jsonl.gz of nothing but newlines stops at the decompression budget, with that reason (not 'empty')."""
    monkeypatch.setattr(formats, "MIN_EXPANDED_BYTES", 1 << 20)
    data = gzip.compress(_line(1) + b"\n" * (8 << 20) + _line(2) + b"\n", compresslevel=9)
    items = list(read_bytes(data, "bomb.jsonl.gz"))
    assert _kinds(items) == ["D", "S"]
    assert items[1].path == "bomb.jsonl.gz"
    assert items[1].reason.startswith("decompresses to more than 1 MB (100 times its compressed size")  # type: ignore[union-attr]


def test_a_file_with_too_many_lines_keeps_what_came_before(monkeypatch: pytest.MonkeyPatch) -> None:
    """Past the line budget (blank lines count too) the file stops with its reason; the articles before are kept."""
    monkeypatch.setattr(formats, "MAX_LINES", 1000)
    data = b"".join(_line(n) + b"\n\n" for n in range(1, 1001))
    items = list(read_bytes(data, "feed.jsonl"))
    assert _kinds(items) == ["D"] * 500 + ["S"]
    assert items[-1] == Skipped(
        "feed.jsonl", "more than 1,000 lines (the limit per file); the lines before were read: split the file"
    )


def test_one_overlong_line_gets_one_reason_not_two(monkeypatch: pytest.MonkeyPatch) -> None:
    """A file whose only line is too large says so once; it is not also called 'empty'."""
    monkeypatch.setattr(formats, "MAX_FILE_BYTES", 100)
    items = list(read_bytes(b'{"body": "' + b"y" * 300 + b'"}\n', "feed.jsonl"))
    assert items == [Skipped("feed.jsonl#1", "line 1 is larger than 100 bytes (the size limit per document)")]


@pytest.mark.parametrize("chunk", [1, 7, 64, 1 << 20])
def test_lines_are_numbered_alike_whatever_the_chunks(chunk: int, monkeypatch: pytest.MonkeyPatch) -> None:
    """Lines split across read chunks, blank lines, CRLF and a last line without a newline keep their numbers."""
    monkeypatch.setattr(jsondocs, "_CHUNK", chunk)
    monkeypatch.setattr(formats, "MAX_FILE_BYTES", 200)
    long = b'{"body": "' + b"z" * 300 + b'"}'
    data = b"\n  \n" + _line(2) + b"\r\n\r\n" + long + b"\n" + b"[1]\n\t\n" + _line(7)
    items = list(read_bytes(data, "feed.jsonl"))
    assert [item.id if isinstance(item, Document) else item.path for item in items] == [
        "feed.jsonl#3",
        "feed.jsonl#5",
        "feed.jsonl#6",
        "feed.jsonl#8",
    ]
    assert _kinds(items) == ["D", "S", "S", "D"]
    assert "larger than 200 bytes" in items[1].reason  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("notes.txt", "Ab cd.\n\n" * 60),
        ("page.html", "<html><body>" + "<p>Ab cd.</p>" * 60 + "</body></html>"),
        ("one.json", json.dumps({"title": "Many", "body": "Ab cd.\n\n" * 60})),
    ],
)
def test_an_article_with_too_many_paragraphs_is_skipped(
    name: str, content: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Past the paragraph budget an article is skipped with its reason before any cleaning."""
    monkeypatch.setattr(formats, "MAX_PARAGRAPHS", 50)
    (item,) = read_bytes(content.encode(), name)
    assert isinstance(item, Skipped)
    assert item.reason == "more than 50 paragraphs (the limit per article); split the file"


def test_an_article_within_the_paragraph_budget_is_read(monkeypatch: pytest.MonkeyPatch) -> None:
    """At the budget exactly, the article is read."""
    monkeypatch.setattr(formats, "MAX_PARAGRAPHS", 50)
    (item,) = read_bytes(("Ab cd.\n\n" * 49 + "Ef gh.").encode(), "notes.txt")
    assert isinstance(item, Document)


def test_bad_records_past_the_budget_are_counted_not_listed(monkeypatch: pytest.MonkeyPatch) -> None:
    """A file of many bad lines lists the first ones and counts the rest in one reason."""
    monkeypatch.setattr(formats, "MAX_REASONS_PER_FILE", 10)
    data = b"[1]\n" * 25 + _line(26) + b"\n"
    items = list(read_bytes(data, "feed.jsonl"))
    assert _kinds(items) == ["S"] * 10 + ["D", "S"]
    assert items[-1] == Skipped("feed.jsonl", "15 more bad record(s) or line(s), not listed one by one")
