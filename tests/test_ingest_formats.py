"""Reading each format: HTML, text, JSON (every field-name variant), JSON lines, gzip, stdin sniffing."""

from __future__ import annotations

import gzip
import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import pytest

from newsbrowse.ingest import SourceFile, read_bytes, read_source, registry
from newsbrowse.model import Document, Skipped

PAGE = (
    "<!DOCTYPE html><html><head><title>Envoys meet in Vienna</title></head>"
    "<body><article><p>Negotiators met on Friday.</p></article></body></html>"
)
DUMP = "Envoys meet in Vienna\nMay 21, 2021 - 18:31\n\nNegotiators met on Friday.\n"


def _one(items: list[Document | Skipped]) -> Document:
    """The single Document in `items`."""
    assert len(items) == 1, items
    assert isinstance(items[0], Document), items[0]
    return items[0]


def _ids(items: Iterable[Document | Skipped]) -> list[str]:
    """The ids of the items, which must all be Documents."""
    found = list(items)
    assert all(isinstance(item, Document) for item in found), found
    return [item.id for item in found if isinstance(item, Document)]


def _json_doc(obj: Any) -> Document:
    """The Document read from `obj` saved as a .json file."""
    return _one(list(read_bytes(json.dumps(obj).encode(), "story.json")))


@pytest.mark.parametrize("name", ["page.html", "page.htm", "page.xhtml", "PAGE.HTML"])
def test_html_extensions(name: str) -> None:
    """Every HTML extension, in any case, gives an html Document with the relpath as id."""
    doc = _one(list(read_bytes(PAGE.encode(), name, f"news/{name}")))
    assert doc == Document(id=f"news/{name}", path=f"news/{name}", kind="html", content=PAGE)


@pytest.mark.parametrize("name", ["dump.txt", "notes.md"])
def test_text_extensions_are_decoded_not_parsed(name: str) -> None:
    """Text dumps are decoded only: title and date are left to cleaning."""
    doc = _one(list(read_bytes(DUMP.encode(), name)))
    assert (doc.kind, doc.content, doc.title, doc.published) == ("text", DUMP, None, None)


def test_relpath_defaults_to_name() -> None:
    """Without a relpath the name is the id."""
    assert _one(list(read_bytes(PAGE.encode(), "page.html"))).id == "page.html"


def test_read_source_reads_a_file(tmp_path: Path) -> None:
    """read_source reads a file from disk under its relpath."""
    path = tmp_path / "page.html"
    path.write_text(PAGE, encoding="utf-8")
    source = SourceFile(path, "sub/page.html", path.stat().st_size, path.stat().st_mtime_ns)
    doc = _one(list(read_source(source)))
    assert (doc.id, doc.path, doc.content) == ("sub/page.html", "sub/page.html", PAGE)


@pytest.mark.parametrize(
    ("title_key", "body_key", "url_key", "date_key"),
    [
        ("title", "body", "url", "date"),
        ("headline", "articleBody", "link", "datePublished"),
        ("Title", "text", "URL", "published"),
        ("headline", "content", "canonical_url", "published_at"),
        ("title", "html", "link", "publishedAt"),
    ],
)
def test_json_field_name_variants(title_key: str, body_key: str, url_key: str, date_key: str) -> None:
    """Each spelling of title, body, URL and date maps to the same fields."""
    doc = _json_doc(
        {
            title_key: "Envoys meet",
            body_key: "Negotiators met on Friday.",
            url_key: "https://example.org/a",
            date_key: "2021-05-21",
        }
    )
    assert (doc.title, doc.content, doc.url, doc.published) == (
        "Envoys meet",
        "Negotiators met on Friday.",
        "https://example.org/a",
        "2021-05-21",
    )
    assert doc.kind == "text"


def test_json_body_with_markup_is_html() -> None:
    """A body holding HTML tags makes an html Document."""
    doc = _json_doc({"title": "Envoys meet", "body": "<p>Negotiators met.</p><p>They spoke.</p>"})
    assert doc.kind == "html"


def test_json_body_mentioning_angle_brackets_stays_text() -> None:
    """Comparison signs are not markup."""
    doc = _json_doc({"title": "Maths", "text": "When x < 3 and y > 4 the rule holds."})
    assert doc.kind == "text"


def test_json_body_as_list_of_paragraphs() -> None:
    """A list of paragraphs is joined with blank lines."""
    doc = _json_doc({"title": "Envoys meet", "body": ["First paragraph.", "Second paragraph."]})
    assert doc.content == "First paragraph.\n\nSecond paragraph."


def test_first_non_empty_body_field_wins() -> None:
    """An empty body field gives way to the next one."""
    doc = _json_doc({"articleBody": "", "content": "The real text."})
    assert doc.content == "The real text."


@pytest.mark.parametrize(
    ("field", "value", "expected"),
    [
        ("author", "By Maria Novak", ("Maria Novak",)),
        ("authors", ["Maria Novak", "Tom Reyes"], ("Maria Novak", "Tom Reyes")),
        ("author", [{"@type": "Person", "name": "Maria Novak"}, {"name": "Tom Reyes"}], ("Maria Novak", "Tom Reyes")),
        ("author", {"name": "Maria Novak"}, ("Maria Novak",)),
        ("byline", "Tom Reyes", ("Tom Reyes",)),
        ("authors", [], ()),
    ],
)
def test_json_author_shapes(field: str, value: Any, expected: tuple[str, ...]) -> None:
    """Authors as a string, a list, {name} objects; 'By' is dropped."""
    assert _json_doc({"body": "Text.", field: value}).authors == expected


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("source", "Vienna Ledger"),
        ("site", "Vienna Ledger"),
        ("publisher", {"@type": "Organization", "name": "Vienna Ledger"}),
        ("source", {"id": "vienna-ledger", "name": "Vienna Ledger"}),
        ("site_name", "Vienna Ledger"),
    ],
)
def test_json_source_shapes(field: str, value: Any) -> None:
    """The source as a string or a {name} object under any of its names."""
    assert _json_doc({"body": "Text.", field: value}).source == "Vienna Ledger"


@pytest.mark.parametrize("field", ["language", "lang", "inLanguage"])
def test_json_language_names(field: str) -> None:
    """Each spelling of the language field is read."""
    assert _json_doc({"body": "Text.", field: "de"}).language == "de"


def test_json_wordpress_rendered_fields() -> None:
    """WordPress {rendered} fields are read and title entities unescaped."""
    doc = _json_doc(
        {
            "title": {"rendered": "Envoy&#8217;s visit"},
            "content": {"rendered": "<p>He arrived.</p>"},
            "link": "https://example.org/x",
        }
    )
    assert (doc.title, doc.content, doc.kind, doc.url) == (
        "Envoy’s visit",
        "<p>He arrived.</p>",
        "html",
        "https://example.org/x",
    )


@pytest.mark.parametrize(
    ("stamp", "iso"), [(1621621860, "2021-05-21T18:31:00+00:00"), (1621621860000, "2021-05-21T18:31:00+00:00")]
)
def test_json_epoch_dates_become_iso(stamp: int, iso: str) -> None:
    """Unix timestamps in seconds or milliseconds become ISO 8601 UTC."""
    assert _json_doc({"body": "Text.", "date": stamp}).published == iso


def test_json_missing_metadata_is_none() -> None:
    """Fields the object lacks stay empty."""
    doc = _json_doc({"text": "Only a body."})
    assert (doc.title, doc.url, doc.published, doc.authors, doc.source, doc.language) == (
        None,
        None,
        None,
        (),
        None,
        None,
    )


def test_json_list_of_articles() -> None:
    """A top-level list gives one Document per item, ids path#N."""
    data = json.dumps([{"title": "One", "body": "First."}, {"title": "Two", "body": "Second."}]).encode()
    items = list(read_bytes(data, "batch.json", "exports/batch.json"))
    assert [(d.id, d.path, d.title) for d in items if isinstance(d, Document)] == [
        ("exports/batch.json#1", "exports/batch.json", "One"),
        ("exports/batch.json#2", "exports/batch.json", "Two"),
    ]


def test_json_wrapper_around_articles() -> None:
    """An API wrapper {articles: [...]} is unwrapped."""
    data = json.dumps({"status": "ok", "articles": [{"title": "One", "content": "First."}]}).encode()
    assert _one(list(read_bytes(data, "api.json"))).id == "api.json#1"


def test_json_list_with_a_bad_item_keeps_the_others() -> None:
    """Bad items in a list are skipped one by one."""
    data = json.dumps([{"body": "First."}, "stray string", {"title": "No body"}, {"body": "Fourth."}]).encode()
    items = list(read_bytes(data, "batch.json"))
    assert [type(i).__name__ for i in items] == ["Document", "Skipped", "Skipped", "Document"]
    assert items[1] == Skipped("batch.json#2", "item 2: not a JSON object but str")
    assert isinstance(items[2], Skipped) and "no article text" in items[2].reason
    assert isinstance(items[3], Document) and items[3].id == "batch.json#4"


@pytest.mark.parametrize("name", ["feed.jsonl", "feed.ndjson"])
def test_jsonl_ids_are_line_numbers(name: str) -> None:
    """JSON-lines ids are line numbers, blank lines counted but not reported."""
    lines = [json.dumps({"title": "One", "body": "First."}), "", json.dumps({"headline": "Three", "text": "Third."})]
    items = list(read_bytes("\n".join(lines).encode(), name))
    assert [(d.id, d.title) for d in items if isinstance(d, Document)] == [(f"{name}#1", "One"), (f"{name}#3", "Three")]
    assert len(items) == 2


def test_json_lines_saved_as_json() -> None:
    """A .json file holding one object per line is read as JSON lines."""
    data = b'{"body": "First."}\n{"body": "Second."}\n'
    assert _ids(read_bytes(data, "export.json")) == ["export.json#1", "export.json#2"]


def test_jsonl_with_a_bom() -> None:
    """A BOM before the first line does not spoil it."""
    data = b'\xef\xbb\xbf{"body": "First."}\n{"body": "Second."}\n'
    assert _ids(read_bytes(data, "feed.jsonl")) == ["feed.jsonl#1", "feed.jsonl#2"]


def test_jsonl_crlf_and_no_final_newline() -> None:
    """CRLF line ends and a missing final newline are fine."""
    data = b'{"body": "First."}\r\n{"body": "Second."}'
    assert [d.content for d in read_bytes(data, "feed.jsonl") if isinstance(d, Document)] == ["First.", "Second."]


def test_jsonl_latin1_line_is_decoded() -> None:
    """A Latin-1 line in a JSON-lines file reads right."""
    data = b'{"body": "First."}\n' + '{"body": "Caf\u00e9 prices rose by \u00a32."}\n'.encode("latin-1")
    items = list(read_bytes(data, "feed.jsonl"))
    assert isinstance(items[1], Document) and items[1].content == "Café prices rose by £2."


@pytest.mark.parametrize("fmt", ["html", "txt", "json"])
def test_gzipped_single_documents(fmt: str) -> None:
    """Gzipped HTML, text and JSON read like the plain files."""
    raw = {"html": PAGE, "txt": DUMP, "json": json.dumps({"title": "T", "body": "Text."})}[fmt]
    doc = _one(list(read_bytes(gzip.compress(raw.encode()), f"page.{fmt}.gz")))
    assert doc.id == f"page.{fmt}.gz"
    assert doc.content == ("Text." if fmt == "json" else raw)


def test_gzipped_jsonl() -> None:
    """A gzipped JSON-lines file is read line by line."""
    data = gzip.compress(b'{"body": "First."}\n{"body": "Second."}\n')
    assert _ids(read_bytes(data, "feed.jsonl.gz")) == ["feed.jsonl.gz#1", "feed.jsonl.gz#2"]


def test_concatenated_gzip_members() -> None:
    """Several gzip members make one document."""
    data = gzip.compress(b"<p>First half, ") + gzip.compress(b"second half.</p>")
    assert _one(list(read_bytes(data, "page.html.gz"))).content == "<p>First half, second half.</p>"


@pytest.mark.parametrize(
    ("data", "kind", "content"),
    [
        (PAGE.encode(), "html", PAGE),
        (DUMP.encode(), "text", DUMP),
        (b'  {"title": "T", "body": "Piped text."}', "text", "Piped text."),
        (b'[{"body": "<p>Piped.</p>"}]', "html", "<p>Piped.</p>"),
        (gzip.compress(PAGE.encode()), "html", PAGE),
    ],
)
def test_stdin_is_sniffed(data: bytes, kind: str, content: str) -> None:
    """Unnamed bytes are sniffed as HTML, text, JSON or gzip."""
    doc = _one(list(read_bytes(data, "-")))
    assert (doc.kind, doc.content) == (kind, content)


def test_stdin_text_opening_with_a_bracket_is_text() -> None:
    """Text that opens with a bracket is not taken for JSON."""
    data = b"[Updated] Talks resume\n\nNegotiators returned to Vienna on Monday.\n"
    assert _one(list(read_bytes(data, "-"))).kind == "text"


def test_stdin_json_lines_are_sniffed() -> None:
    """Unnamed JSON lines are read one per line."""
    data = b'{"body": "First."}\n{"body": "Second."}\n'
    assert _ids(read_bytes(data, "-")) == ["-#1", "-#2"]


def test_unknown_extension_is_sniffed() -> None:
    """A file name without a known extension is sniffed too."""
    assert _one(list(read_bytes(PAGE.encode(), "article.php"))).kind == "html"


@pytest.mark.parametrize(
    "url",
    [
        "file:///etc/passwd",
        "/etc/passwd",
        "../secret.txt",
        "javascript:alert(1)",
        "--help",
        "https://x.org/\x1b[2J",
        "",
    ],
)
def test_a_record_url_that_is_not_a_web_address_is_dropped(url: str) -> None:
    """Only http(s) URLs a record states are kept: nothing can point the reader at a local file or a script."""
    line = json.dumps({"title": "Talks", "body": "The envoys met.", "url": url})
    (doc,) = read_bytes(line.encode(), "feed.jsonl")
    assert isinstance(doc, Document) and doc.url is None


def test_record_metadata_loses_its_control_characters() -> None:
    """Escape sequences and newlines in stated metadata become spaces: printing a title cannot drive the terminal."""
    record = {
        "title": "Evil \x1b]0;pwned\x07 title\x1b[2J",
        "body": "The envoys met.",
        "source": "Wire\x9b1m\nService",
        "author": ["Ann \x1b[5mLee"],
        "url": "https://news.example.org/a",
    }
    (doc,) = read_bytes(json.dumps(record).encode(), "story.json")
    assert isinstance(doc, Document)
    assert (doc.title, doc.source, doc.authors) == ("Evil  ]0;pwned  title [2J", "Wire 1m Service", ("Ann  [5mLee",))
    assert doc.url == "https://news.example.org/a"


def test_the_readme_lists_every_format_of_the_registry() -> None:
    """The README's table of formats is the registry's (one entry per format feeds both)."""
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    assert registry.format_table() in readme
    assert len(registry.format_table().splitlines()) == len(registry.FORMATS) + 3


def test_a_format_is_found_by_extension_and_by_sniffing() -> None:
    """Each format's extensions name it (gzipped too), and unnamed bytes are recognised in the registry's order."""
    for fmt in registry.FORMATS:
        for extension in fmt.extensions:
            assert registry.format_of(f"a{extension.upper()}") == (fmt, False)
            assert registry.format_of(f"a{extension}.gz") == (fmt, True)
    assert registry.format_of("notes.docx") is None
    assert registry.sniff(b"WARC/1.0\r\n").name == "warc"
    assert registry.sniff(b'{"title": "a"}\n{"title": "b"}\n').name == "jsonl"
    assert registry.sniff(b'{"title": "a"}').name == "json"
    assert registry.sniff(b"[Updated] Talks resume").name == "text"
    assert registry.sniff(b"<p>Talks resume</p>").name == "html"
