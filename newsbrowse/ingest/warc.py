"""WARC files: HTML responses and HTML/text resource records, read with warcio."""

from __future__ import annotations

import io
from collections.abc import Iterator
from typing import IO

from warcio.archiveiterator import WARCIterator
from warcio.recordloader import ArcWarcRecord

from newsbrowse.ingest import formats
from newsbrowse.ingest.formats import Unreadable, decode_text, too_large
from newsbrowse.model import Document, DocumentKind, Skipped

_HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})


class _QuietIterator(WARCIterator):
    """warcio's WARC-only record iterator (no guessing at ARC) without its warning on stderr.

    read_warc reports the damage instead.
    """

    INC_RECORD = ""  # warcio formats and prints this when a record's Content-Length is wrong


def _brief(err: BaseException) -> str:
    """An exception as a short, printable phrase for a one-line reason."""
    text = "".join(ch if ch.isprintable() else "?" for ch in " ".join(str(err).split()))
    return f"{type(err).__name__}: {text[:80]}{'...' if len(text) > 80 else ''}"


def _content_type(value: str | None) -> tuple[str, str | None]:
    """The MIME type (lowercase) and charset parameter of a Content-Type header."""
    if not value:
        return "", None
    mime, *params = value.split(";")
    charset = None
    for param in params:
        key, _, val = param.partition("=")
        if key.strip().lower() == "charset":
            charset = val.strip().strip("\"'") or None
    return mime.strip().lower(), charset


def _wanted(record: ArcWarcRecord) -> tuple[DocumentKind, str | None] | None:
    """The kind and declared charset of a record worth reading, or None to pass over it."""
    if record.rec_type == "response":
        http = record.http_headers
        if http is None or http.get_statuscode() != "200":
            return None
        mime, charset = _content_type(http.get_header("Content-Type"))
        return ("html", charset) if mime in _HTML_TYPES else None
    if record.rec_type == "resource":
        mime, charset = _content_type(record.rec_headers.get_header("Content-Type"))
        if mime in _HTML_TYPES:
            return "html", charset
        return ("text", charset) if mime == "text/plain" else None
    return None


def _document(record: ArcWarcRecord, doc_id: str, path: str, kind: DocumentKind, charset: str | None) -> Document:
    """The Document in a wanted record; raise Unreadable if its body cannot be had."""
    http = record.http_headers
    encoding = (http.get_header("Content-Encoding") or "").lower() if http is not None else ""
    if "br" in (part.strip() for part in encoding.split(",")):
        # warcio 1.8 cannot decode brotli (it returns the compressed bytes, or crashes when
        # the brotli package is installed); crawls for archiving rarely accept it.
        raise Unreadable("brotli-compressed HTML (Content-Encoding: br) is not supported; crawl without br")
    limit = formats.MAX_FILE_BYTES
    try:
        body = record.content_stream().read(limit + 1)
    except Exception as err:  # noqa: BLE001 - warcio surfaces zlib, chunking and I/O errors untyped
        raise Unreadable(f"cannot decode the HTTP body ({_brief(err)})") from None
    if len(body) > limit:
        raise Unreadable(too_large(limit))
    content = decode_text(body, charset, what="response body" if http is not None else "record")
    return Document(
        id=doc_id,
        path=path,
        kind=kind,
        content=content,
        url=record.rec_headers.get_header("WARC-Target-URI"),
    )


def _missing(record: ArcWarcRecord | None) -> int:
    """How many bytes of a record's stated length the file did not hold (after reading it)."""
    if record is None:
        return 0
    return max(0, int(getattr(record.raw_stream, "limit", 0) or 0))


def read_warc(stream: IO[bytes], relpath: str) -> Iterator[Document | Skipped]:
    """The articles in a WARC (plain or gzipped) stream; records are numbered from 1 among all records.

    A damaged or truncated file yields the records it holds, then a Skipped saying so.
    """
    number = 0
    record: ArcWarcRecord | None = None
    iterator = _QuietIterator(stream)
    try:
        for record in iterator:
            number += 1
            wanted = _wanted(record)
            if wanted is None:
                continue
            doc_id = f"{relpath}#{number}"
            try:
                yield _document(record, doc_id, relpath, *wanted)
            except Unreadable as err:
                yield Skipped(doc_id, str(err))
    except Exception as err:  # noqa: BLE001 - warcio raises many types on damaged data; keep what was read
        where = f"after record {number}" if number else "at the start"
        yield Skipped(
            relpath,
            f"damaged or truncated WARC data {where} ({_brief(err)}); the records before it were read",
        )
        return
    missing = _missing(record)
    # warcio stops quietly at a record header cut short: bytes left over mean the file was.
    leftover = stream.seek(0, io.SEEK_END) - iterator.offset
    if missing or leftover > 0:
        yield Skipped(
            relpath,
            f"truncated WARC data after record {number} (the file was cut short); the records it holds were read",
        )
    elif iterator.err_count:
        count = iterator.err_count
        yield Skipped(relpath, f"{count} WARC record(s) with a wrong Content-Length; they may be incomplete")
    elif number == 0:
        yield Skipped(relpath, "empty file")
