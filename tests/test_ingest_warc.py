"""WARC files: which records are read, their ids and URLs, content encodings, damage and truncation."""

from __future__ import annotations

import gzip
import io
import itertools
import random
import re
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import TypedDict

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from newsbrowse.ingest import SourceFile, discover, formats, iter_documents, read_bytes
from newsbrowse.model import Document, Skipped

ARTICLE = "<html><body><article><p>The envoys met in Vienna on Monday.</p></article></body></html>"


def _response(
    writer: WARCWriter,
    uri: str,
    body: bytes,
    content_type: str = "text/html; charset=utf-8",
    status: str = "200 OK",
    headers: Sequence[tuple[str, str]] = (),
) -> object:
    """An HTTP response record with the given body, status and headers."""
    http = StatusAndHeaders(status, [("Content-Type", content_type), *headers], protocol="HTTP/1.1")
    return writer.create_warc_record(uri, "response", payload=io.BytesIO(body), http_headers=http)


class Spec(TypedDict, total=False):
    """What a test record holds; anything left out takes the defaults in _warc."""

    uri: str
    body: bytes
    content_type: str
    status: str
    headers: list[tuple[str, str]]


def _warc(records: Sequence[tuple[str, Spec]], gzipped: bool = True) -> bytes:
    """A WARC holding records described as (kind, spec); kind is response/resource/request/metadata."""
    out = io.BytesIO()
    writer = WARCWriter(out, gzip=gzipped)
    for kind, spec in records:
        uri = spec.get("uri", "https://news.example.org/a")
        body = spec.get("body", ARTICLE.encode())
        if kind == "response":
            record = _response(
                writer,
                uri,
                body,
                spec.get("content_type", "text/html; charset=utf-8"),
                spec.get("status", "200 OK"),
                spec.get("headers", []),
            )
        else:
            content_type = spec.get("content_type", "application/warc-fields")
            record = writer.create_warc_record(uri, kind, payload=io.BytesIO(body), warc_content_type=content_type)
        writer.write_record(record)
    return out.getvalue()


def _ids(items: Iterable[Document | Skipped]) -> list[str]:
    """The ids of the items, which must all be Documents."""
    found = list(items)
    assert all(isinstance(item, Document) for item in found), found
    return [item.id for item in found if isinstance(item, Document)]


def _kinds(items: list[Document | Skipped]) -> list[str]:
    """The class names of the items, in order."""
    return [type(item).__name__ for item in items]


def test_html_responses_with_ids_and_urls() -> None:
    """HTML responses become Documents numbered among all records, with their URLs."""
    data = _warc(
        [
            (
                "request",
                {"uri": "https://news.example.org/a", "body": b"GET /a HTTP/1.1\r\nHost: news.example.org\r\n\r\n"},
            ),
            ("response", {"uri": "https://news.example.org/a"}),
            ("metadata", {"body": b"via: test\r\n"}),
            ("response", {"uri": "https://news.example.org/b", "content_type": "application/xhtml+xml"}),
        ]
    )
    items = list(read_bytes(data, "crawl.warc.gz", "crawls/crawl.warc.gz"))
    assert [(d.id, d.path, d.url, d.kind) for d in items if isinstance(d, Document)] == [
        ("crawls/crawl.warc.gz#2", "crawls/crawl.warc.gz", "https://news.example.org/a", "html"),
        ("crawls/crawl.warc.gz#4", "crawls/crawl.warc.gz", "https://news.example.org/b", "html"),
    ]
    assert len(items) == 2
    assert isinstance(items[0], Document) and items[0].content == ARTICLE


def test_uncompressed_warc() -> None:
    """A plain .warc reads like a gzipped one."""
    items = list(read_bytes(_warc([("response", {})], gzipped=False), "crawl.warc"))
    assert _ids(items) == ["crawl.warc#1"]


def test_non_html_and_non_200_responses_are_passed_over_silently() -> None:
    """Images, scripts, redirects and errors yield nothing."""
    data = _warc(
        [
            ("response", {"content_type": "image/png", "body": b"\x89PNG\r\n\x1a\n\x00\x00"}),
            ("response", {"content_type": "application/javascript", "body": b"var x = 1;"}),
            ("response", {"status": "302 Found", "body": b""}),
            ("response", {"status": "404 Not Found"}),
            ("response", {"uri": "https://news.example.org/ok"}),
        ]
    )
    assert _ids(read_bytes(data, "c.warc.gz")) == ["c.warc.gz#5"]


def test_resource_records_html_and_text() -> None:
    """HTML and text/plain resource records are read; others are not; only http(s) URLs are kept."""
    data = _warc(
        [
            ("resource", {"content_type": "text/html", "uri": "https://news.example.org/a.html"}),
            (
                "resource",
                {
                    "content_type": "text/plain; charset=utf-8",
                    "body": b"Talks resume\n\nEnvoys met.",
                    "uri": "file:///b.txt",
                },
            ),
            ("resource", {"content_type": "image/jpeg", "body": b"\xff\xd8\xff"}),
        ]
    )
    items = list(read_bytes(data, "r.warc.gz"))
    assert [(d.id, d.kind, d.url) for d in items if isinstance(d, Document)] == [
        ("r.warc.gz#1", "html", "https://news.example.org/a.html"),
        ("r.warc.gz#2", "text", None),  # a file: URL would point the reader outside the archive
    ]
    assert len(items) == 2


def test_gzip_content_encoding_is_decoded() -> None:
    """A gzip-encoded HTTP body is decoded."""
    data = _warc([("response", {"body": gzip.compress(ARTICLE.encode()), "headers": [("Content-Encoding", "gzip")]})])
    (doc,) = read_bytes(data, "c.warc.gz")
    assert isinstance(doc, Document) and doc.content == ARTICLE


def test_chunked_transfer_encoding_is_decoded() -> None:
    """A chunked HTTP body is joined."""
    raw = ARTICLE.encode()
    chunked = b"%x\r\n%s\r\n%x\r\n%s\r\n0\r\n\r\n" % (20, raw[:20], len(raw) - 20, raw[20:])
    data = _warc([("response", {"body": chunked, "headers": [("Transfer-Encoding", "chunked")]})])
    (doc,) = read_bytes(data, "c.warc.gz")
    assert isinstance(doc, Document) and doc.content == ARTICLE


def test_brotli_html_is_skipped_with_a_reason() -> None:
    """Brotli-encoded HTML is skipped with a reason; the next record is read."""
    data = _warc(
        [
            ("response", {"body": b"\x1b\x2c\x00\xf8compressed", "headers": [("Content-Encoding", "br")]}),
            ("response", {}),
        ]
    )
    items = list(read_bytes(data, "c.warc.gz"))
    assert _kinds(items) == ["Skipped", "Document"]
    assert items[0] == Skipped(
        "c.warc.gz#1", "brotli-compressed HTML (Content-Encoding: br) is not supported; crawl without br"
    )


def test_http_charset_is_the_declared_charset() -> None:
    """The Content-Type charset decodes the body."""
    text = "<p>Министр заявил журналистам, что переговоры продолжатся.</p>"
    data = _warc([("response", {"body": text.encode("koi8-r"), "content_type": "text/html; charset=KOI8-R"})])
    (doc,) = read_bytes(data, "c.warc.gz")
    assert isinstance(doc, Document) and doc.content == text


def test_wrong_http_charset_does_not_cause_mojibake() -> None:
    """A wrong HTTP charset on UTF-8 bytes is ignored."""
    text = "<p>外交部发言人今天表示，谈判将继续。</p>"
    data = _warc([("response", {"body": text.encode("utf-8"), "content_type": "text/html; charset=gb2312"})])
    (doc,) = read_bytes(data, "c.warc.gz")
    assert isinstance(doc, Document) and doc.content == text


def test_bad_record_in_the_middle_loses_only_itself() -> None:
    """Binary and empty HTML records are skipped and later records read."""
    data = _warc(
        [
            ("response", {"uri": "https://news.example.org/1"}),
            ("response", {"uri": "https://news.example.org/2", "body": bytes(range(256)) * 20}),
            ("response", {"uri": "https://news.example.org/3", "body": b""}),
            ("response", {"uri": "https://news.example.org/4"}),
        ]
    )
    items = list(read_bytes(data, "c.warc.gz"))
    assert _kinds(items) == ["Document", "Skipped", "Skipped", "Document"]
    assert isinstance(items[1], Skipped) and items[1].path == "c.warc.gz#2" and "binary data" in items[1].reason
    assert items[2] == Skipped("c.warc.gz#3", "empty response body")


def test_damaged_data_between_records_is_skipped_and_reading_goes_on() -> None:
    """Junk between records is skipped with one reason; the record after it keeps its number."""
    first = _warc([("response", {"uri": "https://news.example.org/1"})], gzipped=False)
    rest = _warc([("response", {"uri": "https://news.example.org/2"})], gzipped=False)
    items = list(read_bytes(first + b"this line is not a WARC header\r\n\r\n" + rest, "c.warc"))
    assert _kinds(items) == ["Document", "Skipped", "Document"]
    assert isinstance(items[1], Skipped) and items[1].path == "c.warc"
    assert items[1].reason.startswith("damaged WARC data after record 1")
    assert "the records after them were read" in items[1].reason and "\n" not in items[1].reason
    assert isinstance(items[2], Document) and items[2].id == "c.warc#2"


def _records(gzipped: bool) -> list[bytes]:
    """Five HTML responses, each written on its own (one gzip member each when gzipped)."""
    return [_warc([("response", {"uri": f"https://news.example.org/{n}"})], gzipped=gzipped) for n in range(1, 6)]


def _flip_middle(record: bytes) -> bytes:
    """The record with twenty bytes in its middle inverted."""
    damaged = bytearray(record)
    for at in range(len(damaged) // 2, len(damaged) // 2 + 20):
        damaged[at] ^= 0xFF
    return bytes(damaged)


def _content_length(record: bytes, change: int) -> bytes:
    """The record with its WARC Content-Length off by `change` bytes."""
    header, _, rest = record.partition(b"\r\n\r\n")
    stated = int(re.search(rb"Content-Length: (\d+)", header).group(1))  # type: ignore[union-attr]
    header = header.replace(b"Content-Length: %d" % stated, b"Content-Length: %d" % (stated + change))
    return header + b"\r\n\r\n" + rest


DAMAGE: dict[str, Callable[[bytes], bytes]] = {
    "bytes flipped": _flip_middle,
    "cut short": lambda record: record[: int(len(record) * 0.85)],
    "header garbled": lambda record: record.replace(b"WARC/1.", b"WXRC/1.", 1),
    "length too long": lambda record: _content_length(record, 40),
}


# Headers and lengths can only be garbled in plain WARCs; in gzipped ones any damage is to compressed bytes.
@pytest.mark.parametrize(
    ("gzipped", "damage"), [(True, "bytes flipped"), (True, "cut short"), *((False, name) for name in DAMAGE)]
)
def test_a_damaged_record_in_the_middle_loses_only_itself(gzipped: bool, damage: str) -> None:
    """Reading resumes at the next gzip member or WARC header: the records after the damage keep their ids."""
    records = _records(gzipped)
    records[2] = DAMAGE[damage](records[2])
    name = "c.warc.gz" if gzipped else "c.warc"
    items = list(read_bytes(b"".join(records), name))
    documents = {item.id: item.url for item in items if isinstance(item, Document)}
    for n in (1, 2, 4, 5):
        assert documents[f"{name}#{n}"] == f"https://news.example.org/{n}"
    if f"{name}#3" in documents:  # flipped bytes in a plain record's HTML leave a readable record
        assert damage == "bytes flipped" and not gzipped
    else:
        (skip,) = [item for item in items if isinstance(item, Skipped)]
        assert skip.path == f"{name}#3" and skip.reason.startswith("damaged WARC record")


@pytest.mark.parametrize("name", ["cut-member-decodes-past-the-damage", "cut-member-of-the-wrong-length"])
def test_a_cut_gzip_member_that_decodes_on_loses_only_its_record(name: str) -> None:
    """Two WARCs made by _records with record 3 cut short (kept as found: about 1 in 40 such cuts), where the
    cut member's deflate data goes on decoding into the members after it. warcio then made a record of them
    and reported the damage at an earlier offset, which once sent reading back to the same place forever."""
    data = (Path(__file__).parent / "data" / "warc" / f"{name}.warc.gz").read_bytes()
    items = list(itertools.islice(read_bytes(data, "c.warc.gz"), 20))
    assert len(items) < 20, "reading went round in circles"
    documents = {item.id: item.url for item in items if isinstance(item, Document)}
    assert documents == {f"c.warc.gz#{n}": f"https://news.example.org/{n}" for n in (1, 2, 4, 5)}
    assert [item.path for item in items if isinstance(item, Skipped)] == ["c.warc.gz#3"]


def test_a_replaced_gzip_member_is_skipped_and_the_rest_read() -> None:
    """Random bytes where a gzip member was: the records after it are still read."""
    records = _records(True)
    records[2] = random.Random(3).randbytes(len(records[2]))
    items = list(read_bytes(b"".join(records), "c.warc.gz"))
    urls = [item.url for item in items if isinstance(item, Document)]
    assert urls == [f"https://news.example.org/{n}" for n in (1, 2, 4, 5)]
    assert sum(isinstance(item, Skipped) for item in items) == 1


def test_a_short_content_length_keeps_every_record() -> None:
    """A stated length a little short leaves the record readable and the next ones where they were."""
    records = _records(False)
    records[2] = _content_length(records[2], -30)
    items = list(read_bytes(b"".join(records), "c.warc"))
    assert [item.id for item in items if isinstance(item, Document)] == [f"c.warc#{n}" for n in range(1, 6)]
    assert items[-1] == Skipped("c.warc", "1 WARC record(s) with a wrong Content-Length; they may be incomplete")


def test_damage_in_several_places_is_survived(tmp_path: Path) -> None:
    """Two damaged records and junk in a file read from disk: every good record comes out."""
    records = _records(True) + _records(True)
    records[1] = _flip_middle(records[1])
    records[6] = records[6][: len(records[6]) // 2]
    records.insert(4, b"\x00" * 300)
    path = tmp_path / "c.warc.gz"
    path.write_bytes(b"".join(records))
    items = list(iter_documents(path))
    assert len([item for item in items if isinstance(item, Document)]) == 8


def test_a_cut_gzip_member_that_decodes_to_the_end_loses_only_its_record() -> None:
    """The file of the test above as it once came out (kept as found): the halved member decodes on, without
    an error, to the end of the file, which once ended reading there and lost the three records after it."""
    data = (Path(__file__).parent / "data" / "warc" / "cut-member-decodes-to-the-end.warc.gz").read_bytes()
    items = list(itertools.islice(read_bytes(data, "c.warc.gz"), 30))
    documents = {item.id: item.url for item in items if isinstance(item, Document)}
    urls = {1: 1, 3: 3, 4: 4, 5: 5, 6: 1, 8: 3, 9: 4, 10: 5}
    assert documents == {f"c.warc.gz#{n}": f"https://news.example.org/{url}" for n, url in urls.items()}
    skipped = [item.path for item in items if isinstance(item, Skipped)]
    assert skipped == ["c.warc.gz#2", "c.warc.gz", "c.warc.gz#7"]  # the flipped record, the junk, the cut one


def test_a_warc_gzipped_whole_says_how_to_fix_it() -> None:
    """A WARC compressed as one gzip stream (not record by record) is refused with the fix."""
    data = gzip.compress(b"".join(_records(False)))
    items = list(read_bytes(data, "c.warc.gz"))
    assert isinstance(items[-1], Skipped) and "warcio recompress" in items[-1].reason
    assert "\n" not in items[-1].reason


@pytest.mark.parametrize("gzipped", [True, False])
@pytest.mark.parametrize("fraction", [0.3, 0.5, 0.7, 0.95])  # the five records end at 0.2, 0.4 ...
def test_truncated_warc_yields_what_it_holds(gzipped: bool, fraction: float) -> None:
    """A WARC cut anywhere inside a record yields the records before and a reason."""
    data = _warc([("response", {"uri": f"https://news.example.org/{n}"}) for n in range(1, 6)], gzipped=gzipped)
    cut = data[: int(len(data) * fraction)]
    items = list(read_bytes(cut, "c.warc.gz" if gzipped else "c.warc"))
    assert isinstance(items[-1], Skipped)
    assert "truncated" in items[-1].reason
    documents = [d for d in items if isinstance(d, Document)]
    assert documents and [d.url for d in documents] == [
        f"https://news.example.org/{n}" for n in range(1, len(documents) + 1)
    ]


def test_record_numbers_are_stable_when_files_are_read_again(tmp_path: Path) -> None:
    """Reading the same WARC again gives the same ids."""
    (tmp_path / "c.warc.gz").write_bytes(
        _warc([("metadata", {}), ("response", {}), ("response", {"uri": "https://x.org/b"})])
    )
    first = _ids(iter_documents(tmp_path))
    assert first == _ids(iter_documents(tmp_path)) == ["c.warc.gz#2", "c.warc.gz#3"]


def test_single_warc_file_as_the_archive(tmp_path: Path) -> None:
    """A single WARC file is an archive."""
    path = tmp_path / "crawl.warc.gz"
    path.write_bytes(_warc([("response", {})]))
    assert list(discover(path)) == [SourceFile(path, "crawl.warc.gz", path.stat().st_size, path.stat().st_mtime_ns)]
    assert _ids(iter_documents(path)) == ["crawl.warc.gz#1"]


def test_empty_warc_file() -> None:
    """An empty .warc is skipped as empty."""
    assert list(read_bytes(b"", "c.warc")) == [Skipped("c.warc", "empty file")]


def test_not_a_warc_at_all() -> None:
    """HTML saved under a .warc name is reported, not guessed at."""
    (item,) = read_bytes(b"<html>a page saved with the wrong name</html>", "c.warc")
    assert isinstance(item, Skipped) and item.reason.startswith("damaged or truncated WARC data at the start")


def test_stdin_warc_is_sniffed() -> None:
    """A WARC on stdin, plain or gzipped, is recognised."""
    assert _ids(read_bytes(_warc([("response", {})], gzipped=False), "-")) == ["-#1"]
    assert _ids(read_bytes(_warc([("response", {})]), "-")) == ["-#1"]


# Hostile lengths and holes: zeros, a Content-Length past the end, a gzip that expands too far.

ZEROS_REASON = "a run of zero bytes, as an interrupted or pre-allocated download leaves"


@pytest.mark.parametrize("name", ["zeros.warc", "zeros.warc.gz"])
def test_a_file_of_zeros_is_one_reason(name: str) -> None:
    """A pre-allocated download that never came (megabytes of zeros, no newline) gets one clear reason."""
    items = list(read_bytes(b"\0" * (3 << 20), name))
    assert items == [
        Skipped(name, f"damaged or truncated WARC data at the start ({ZEROS_REASON}); the records before it were read")
    ]


@pytest.mark.parametrize("gzipped", [False, True])
def test_a_hole_of_zeros_between_records_loses_nothing(gzipped: bool) -> None:
    """Zeros between two records (an interrupted download resumed) are skipped by their count; both records read."""
    first, second = _records(gzipped)[:2]
    name = "hole.warc.gz" if gzipped else "hole.warc"
    items = list(read_bytes(first + b"\0" * (3 << 20) + second, name))
    assert _kinds(items) == ["Document", "Skipped", "Document"]
    assert items[1] == Skipped(
        name,
        f"damaged WARC data after record 1 ({ZEROS_REASON}); skipped {3 << 20:,} byte(s), the records after them were read",
    )
    assert items[2].id == f"{name}#2"  # type: ignore[union-attr]


def test_a_content_length_past_the_end_loses_only_its_record() -> None:
    """A plain record claiming 10 GB is skipped as damaged; the records after it are read, nothing is 'cut short'."""
    records = _records(gzipped=False)[:4]
    records[1] = re.sub(rb"Content-Length: \d+", b"Content-Length: 10737418240", records[1], count=1)
    items = list(read_bytes(b"".join(records), "claims.warc"))
    assert _kinds(items) == ["Document", "Skipped", "Document", "Document"]
    assert items[1] == Skipped(
        "claims.warc#2",
        "damaged WARC record: its Content-Length (10.0 GB) runs past the end of the file; the records after it were read",
    )
    assert [item.id for item in items[2:]] == ["claims.warc#3", "claims.warc#4"]  # type: ignore[union-attr]


def test_a_gzipped_warc_stops_at_its_decompression_budget(monkeypatch: pytest.MonkeyPatch) -> None:
    """Records that decompress past the file's budget stop the file with that reason; the records before are kept."""
    monkeypatch.setattr(formats, "MIN_EXPANDED_BYTES", 1 << 20)
    bomb = _warc([("resource", {"body": b" " * (4 << 20), "content_type": "text/plain"})])
    first, last = _records(gzipped=True)[:2]
    items = list(read_bytes(first + bomb + last, "bomb.warc.gz"))
    assert _kinds(items) == ["Document", "Skipped"]
    assert items[1].path == "bomb.warc.gz"  # type: ignore[union-attr]
    assert items[1].reason.startswith("decompresses to more than 1 MB")  # type: ignore[union-attr]


def test_a_warc_damaged_everywhere_is_given_up(monkeypatch: pytest.MonkeyPatch) -> None:
    """Headers that lead nowhere, over and over: past the budget of damaged places the file stops with a reason."""
    monkeypatch.setattr(formats, "MAX_DAMAGE_PER_FILE", 5)
    (first,) = _records(gzipped=False)[:1]
    items = list(read_bytes(first + b"WARC/1.0\r\nWARC-Type: response\r\n\r\n" * 50, "junk.warc"))
    assert isinstance(items[0], Document) and len(items) < 10  # not one reason per place: 50 of them
    assert items[-1] == Skipped(
        "junk.warc",
        "damaged in more than 5 places (the limit per file): badly damaged, or no WARC; the records before were read",
    )


@pytest.mark.parametrize("gzipped", [True, False])
def test_a_record_cut_short_inside_its_page_is_read_with_a_note(gzipped: bool) -> None:
    """The file ends inside the last page: it is read as far as it goes, counted as read with a note."""
    long_page = (
        "<html><body><article>" + "<p>The envoys met in Vienna on Monday.</p>" * 400 + "</article></body></html>"
    ).encode()
    data = _warc(
        [
            ("response", {"uri": "https://news.example.org/1"}),
            ("response", {"uri": "https://news.example.org/2", "body": long_page}),
        ],
        gzipped=gzipped,
    )
    items = list(read_bytes(data[: len(data) * 97 // 100], "c.warc.gz" if gzipped else "c.warc"))
    assert _kinds(items) == ["Document", "Document"]
    first, last = items
    assert isinstance(first, Document) and first.note is None
    assert isinstance(last, Document) and last.note is not None and "cut short" in last.note
    assert last.content.count("Vienna") > 300
