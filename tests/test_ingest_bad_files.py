"""Bad input never raises: each bad file or line becomes a Skipped with a reason a person can act on."""

from __future__ import annotations

import gzip
import json
import os
import random
from pathlib import Path
from typing import Any

import pytest

from newsbrowse.ingest import SourceFile, formats, iter_documents, read_bytes, read_source
from newsbrowse.model import Document, Skipped


def _skip_reason(data: bytes, name: str) -> str:
    """The reason of the single Skipped that reading `data` as `name` gives."""
    items = list(read_bytes(data, name))
    assert len(items) == 1 and isinstance(items[0], Skipped), items
    assert items[0].path == name
    return items[0].reason


def _source(path: Path) -> SourceFile:
    """A SourceFile for a file in tmp_path, as discover() would give it."""
    return SourceFile(path, path.name, path.stat().st_size, path.stat().st_mtime_ns)


@pytest.mark.parametrize("name", ["junk.html", "junk.txt", "junk.json", "junk.html.gz"])
def test_random_binary_is_not_text(name: str) -> None:
    """Random bytes under a text name (plain or gzipped) are refused as binary."""
    junk = random.Random(7).randbytes(5000)
    data = gzip.compress(junk) if name.endswith(".gz") else junk
    reason = _skip_reason(data, name)
    assert "binary data, not text" in reason or "invalid JSON" in reason


@pytest.mark.parametrize("name", ["empty.html", "empty.txt", "empty.json", "empty.jsonl"])
def test_empty_file(name: str) -> None:
    """A zero-byte file of any format is skipped as empty."""
    assert _skip_reason(b"", name) == "empty file"


def test_whitespace_only_file_is_empty() -> None:
    """A file of blank characters only counts as empty."""
    assert _skip_reason(b"  \n\t\r\n ", "blank.txt") == "empty file"


def test_empty_gzip_member_is_empty() -> None:
    """A valid gzip file holding nothing is empty, not damaged."""
    assert _skip_reason(gzip.compress(b""), "page.html.gz") == "empty file"


def test_truncated_gzip() -> None:
    """A gzip file cut in half is reported as truncated."""
    data = gzip.compress(b"<p>The minister spoke at length about the talks.</p>" * 50)
    assert "truncated gzip data" in _skip_reason(data[: len(data) // 2], "page.html.gz")


def test_damaged_gzip() -> None:
    """Gzip data with a valid magic number but garbage after it is damaged."""
    assert "damaged gzip data" in _skip_reason(b"\x1f\x8b\x08\x00garbage garbage garbage", "page.html.gz")


def test_not_gzip_at_all() -> None:
    """A .gz name on plain content says it is not gzip data."""
    assert "not gzip data" in _skip_reason(b"<p>plain, not gzip</p>", "page.html.gz")


def test_gzip_bomb_is_too_large(monkeypatch: pytest.MonkeyPatch) -> None:
    """Output past the size limit stops decompression and skips the file."""
    monkeypatch.setattr(formats, "MAX_FILE_BYTES", 1000)
    data = gzip.compress(b"<p>" + b" " * 5000 + b"</p>")
    assert "decompresses to larger than 1000 bytes" in _skip_reason(data, "bomb.html.gz")


def test_gzipped_jsonl_truncated_keeps_its_lines() -> None:
    """A cut .jsonl.gz keeps the lines before the cut, then says it is truncated."""
    lines = b"".join(json.dumps({"body": f"Paragraph number {i} of the report."}).encode() + b"\n" for i in range(200))
    data = gzip.compress(lines)
    items = list(read_bytes(data[: len(data) - 20], "feed.jsonl.gz"))
    assert all(isinstance(i, Document) for i in items[:-1])
    assert len(items) > 100
    assert isinstance(items[-1], Skipped) and items[-1].path == "feed.jsonl.gz"
    assert "truncated gzip data" in items[-1].reason


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (
            b'{"body": "plain, not gzip"}\n',
            "not gzip data, though the name ends in .gz; rename or re-compress the file",
        ),
        (b"\x1f\x8b\x08\x00", "truncated gzip data (the file ends early); re-download it"),
    ],
)
def test_gzipped_jsonl_that_is_not_gzip(data: bytes, reason: str) -> None:
    """A .jsonl.gz that is plain text or an empty gzip header gets a clear reason."""
    assert _skip_reason(data, "feed.jsonl.gz") == reason


def test_file_over_the_limit_read_in_memory(monkeypatch: pytest.MonkeyPatch) -> None:
    """read_bytes applies the size limit too."""
    monkeypatch.setattr(formats, "MAX_FILE_BYTES", 100)
    assert "larger than 100 bytes" in _skip_reason(b"<p>" + b"x" * 200 + b"</p>", "big.html")


def test_file_that_grew_past_the_limit_after_the_walk(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A file that grew past the limit after discover() is still refused."""
    path = tmp_path / "grown.html"
    path.write_bytes(b"<p>small</p>")
    source = _source(path)
    path.write_bytes(b"<p>" + b"x" * 300 + b"</p>")
    monkeypatch.setattr(formats, "MAX_FILE_BYTES", 100)
    (item,) = read_source(source)
    assert isinstance(item, Skipped) and "larger than" in item.reason


def test_jsonl_line_over_the_limit_loses_only_that_line(monkeypatch: pytest.MonkeyPatch) -> None:
    """An overlong JSON line is skipped and the lines after it are read."""
    monkeypatch.setattr(formats, "MAX_FILE_BYTES", 100)
    data = b'{"body": "Short."}\n{"body": "' + b"y" * 300 + b'"}\n{"body": "Also short."}\n'
    items = list(read_bytes(data, "feed.jsonl"))
    assert [type(i).__name__ for i in items] == ["Document", "Skipped", "Document"]
    assert items[1] == Skipped("feed.jsonl#2", "line 2 is larger than 100 bytes (the size limit per document)")
    assert isinstance(items[2], Document) and items[2].id == "feed.jsonl#3"


def test_malformed_jsonl_lines_lose_only_themselves() -> None:
    """Broken JSON, a non-object and an object without a body each lose only their line."""
    data = b'{"body": "Fine."}\n{"body": "broken\n[1, 2]\n{"title": "No body here"}\n{"body": "Also fine."}\n'
    items = list(read_bytes(data, "feed.jsonl"))
    assert [type(i).__name__ for i in items] == ["Document", "Skipped", "Skipped", "Skipped", "Document"]
    bad_json, not_object, no_body = items[1], items[2], items[3]
    assert isinstance(bad_json, Skipped) and isinstance(no_body, Skipped)
    assert bad_json.path == "feed.jsonl#2"
    assert bad_json.reason.startswith("invalid JSON at line 2, column 10: Unterminated string")
    assert not_object == Skipped("feed.jsonl#3", "line 3: not a JSON object but list")
    assert no_body.path == "feed.jsonl#4" and "no article text" in no_body.reason


def test_invalid_json_file_names_the_line() -> None:
    """The parser's message and position name where the JSON breaks."""
    reason = _skip_reason(b'{\n  "title": "Talks",\n  "body": oops\n}', "story.json")
    assert reason == "invalid JSON at line 3, column 11: Expecting value"


def test_invalid_json_on_stdin_is_reported_not_read_as_text() -> None:
    """Broken JSON on stdin is reported, not cleaned as text."""
    assert _skip_reason(b'{"title": "Talks", "body": }', "-").startswith("invalid JSON at line 1")


def test_json_scalar_is_not_an_article() -> None:
    """A JSON string is not an article."""
    assert "not an article" in _skip_reason(b'"just a string"', "story.json")


def test_json_object_without_body() -> None:
    """An object with a title but no body field is skipped with a reason."""
    assert "no article text" in _skip_reason(b'{"title": "Headline only", "url": "https://example.org"}', "story.json")


def test_invalid_utf8_is_decoded_not_skipped() -> None:
    """Non-UTF-8 bytes are decoded (cp1252 here), never a reason to skip."""
    data = b"<p>Price rose to \xa3300 in caf\xe9s, a \x93record\x94.</p>"
    (doc,) = read_bytes(data, "page.html")
    assert isinstance(doc, Document)
    assert doc.content == "<p>Price rose to £300 in cafés, a “record”.</p>"


def test_latin1_file_among_utf8_files(tmp_path: Path) -> None:
    """A Latin-1 file beside a UTF-8 one reads its pound sign and accents right."""
    (tmp_path / "a.txt").write_text("Budget\n\nThe bill came to £5m, said the café owner.\n", encoding="utf-8")
    (tmp_path / "b.txt").write_text("Budget\n\nThe bill came to £7m, said the café owner.\n", encoding="latin-1")
    docs = [d for d in iter_documents(tmp_path) if isinstance(d, Document)]
    assert [("£" in d.content and "café" in d.content and "Ã" not in d.content) for d in docs] == [True, True]


def test_permission_denied_on_open(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A file that cannot be opened is skipped with 'permission denied'."""
    path = tmp_path / "locked.html"
    path.write_text("<p>secret</p>", encoding="utf-8")
    source = _source(path)
    real_open = os.open

    def deny(file: Any, *args: Any, **kwargs: Any) -> Any:
        """os.open(), refusing the locked file (root may open anything, so chmod alone proves nothing)."""
        if str(file).endswith("locked.html"):
            raise PermissionError(13, "Permission denied", str(file))
        return real_open(file, *args, **kwargs)

    monkeypatch.setattr(os, "open", deny)
    (item,) = read_source(source)
    assert isinstance(item, Skipped) and item.reason.startswith("permission denied")


def test_file_vanished_before_reading(tmp_path: Path) -> None:
    """A file deleted between the walk and the read is reported as vanished."""
    path = tmp_path / "gone.html"
    path.write_text("<p>here for now</p>", encoding="utf-8")
    source = _source(path)
    path.unlink()
    assert list(read_source(source)) == [Skipped("gone.html", "file vanished during the walk")]


def test_one_bad_file_never_stops_the_walk(tmp_path: Path) -> None:
    """Binary, truncated and invalid files are skipped and the good file is still read."""
    (tmp_path / "1.html").write_bytes(random.Random(1).randbytes(3000))
    (tmp_path / "2.html.gz").write_bytes(b"\x1f\x8b\x08\x00 truncated")
    (tmp_path / "3.json").write_text("{ nope", encoding="utf-8")
    (tmp_path / "4.txt").write_text("Headline\n\nBody text.\n", encoding="utf-8")
    items = list(iter_documents(tmp_path))
    assert [type(i).__name__ for i in items] == ["Skipped", "Skipped", "Skipped", "Document"]
    assert all(isinstance(i, Skipped) and "\n" not in i.reason and i.reason for i in items[:3])
