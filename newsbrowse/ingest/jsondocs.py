"""JSON and JSON-lines articles: the common field names mapped onto Documents."""

from __future__ import annotations

import gzip
import html
import io
import json
import re
import zlib
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import IO, Any, Protocol

from newsbrowse.ingest import formats
from newsbrowse.ingest.encoding import decode
from newsbrowse.ingest.formats import Unreadable, looks_like_html, one_line, stream_size, too_large, web_url
from newsbrowse.model import Document, Skipped

# Field names after lowercasing and dropping "_" and "-" ("date_published" -> "datepublished"),
# in order of preference.
_TITLE = ("title", "headline")
_BODY = ("articlebody", "body", "content", "text", "html", "fulltext")
_URL = ("url", "link", "canonicalurl")
_DATE = ("datepublished", "published", "publishedat", "publishdate", "pubdate", "publicationdate", "date")
_AUTHOR = ("author", "authors", "byline", "creator")
_SOURCE = ("source", "site", "publisher", "sitename", "sourcename")
_LANGUAGE = ("language", "lang", "inlanguage")
# Wrappers around a list of articles, as API exports have them ({"articles": [...]}).
_LISTS = ("articles", "items", "results", "posts", "entries", "documents", "data")
# Where a nested value keeps its text: WordPress {"rendered": ...}, JSON-LD {"name": ...}.
_NESTED = ("rendered", "name", "@value", "value", "text")

_BY = re.compile(r"^\s*by\s+", re.IGNORECASE)
_EPOCH_MS = 100_000_000_000  # larger numbers are milliseconds: 1e11 s would be the year 5138


def _fields(obj: dict[str, Any]) -> dict[str, Any]:
    """The object's fields under normalised names; the first spelling of a name wins."""
    out: dict[str, Any] = {}
    for key, value in obj.items():
        out.setdefault(key.lower().replace("_", "").replace("-", ""), value)
    return out


def _text(value: Any) -> str | None:
    """A field's text: a string, a number, or the text inside a nested object; None if empty."""
    if isinstance(value, dict):
        for key in _NESTED:
            if key in value:
                return _text(value[key])
        return None
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, int | float):
        return str(value)
    if isinstance(value, str):
        return value.strip() or None
    return None


def _first(fields: dict[str, Any], names: tuple[str, ...]) -> str | None:
    """The text of the first of `names` that holds any, on one line without control characters."""
    for name in names:
        text = one_line(_text(fields.get(name)))
        if text is not None:
            return text
    return None


def _body(fields: dict[str, Any]) -> str:
    """The article text: the first body field, a list of paragraphs joined by blank lines."""
    present = [name for name in _BODY if name in fields]
    if not present:
        raise Unreadable("no article text (none of the fields articleBody, body, content, text)")
    for name in present:
        value = fields[name]
        if isinstance(value, list):
            text = "\n\n".join(t for t in map(_text, value) if t)
        else:
            text = _text(value) or ""
        if text.strip():
            return text
    raise Unreadable(f"empty article text (field '{present[0]}')")


def _authors(fields: dict[str, Any]) -> tuple[str, ...]:
    """Author names from a string, a {"name": ...} object, or a list of either; "By" dropped."""
    for name in _AUTHOR:
        value = fields.get(name)
        items = value if isinstance(value, list) else [value]
        names = [_BY.sub("", t) for t in map(one_line, map(_text, items)) if t]
        if names:
            return tuple(dict.fromkeys(n for n in names if n))
    return ()


def _published(fields: dict[str, Any]) -> str | None:
    """The raw date string; a Unix timestamp becomes ISO 8601 (UTC) so cleaning can read it."""
    for name in _DATE:
        value = fields.get(name)
        if isinstance(value, int | float) and not isinstance(value, bool):
            seconds = value / 1000 if value > _EPOCH_MS else value
            try:
                return datetime.fromtimestamp(seconds, tz=UTC).isoformat()
            except (OverflowError, OSError, ValueError):
                continue
        text = _text(value)
        if text is not None:
            return text
    return None


def document_from_object(obj: Any, doc_id: str, path: str) -> Document:
    """One article object as a Document; raise Unreadable if it is not one."""
    if not isinstance(obj, dict):
        raise Unreadable(f"not a JSON object but {type(obj).__name__ if obj is not None else 'null'}")
    fields = _fields(obj)
    body = _body(fields)
    title = _first(fields, _TITLE)
    return Document(
        id=doc_id,
        path=path,
        kind="html" if looks_like_html(body) else "text",
        content=body,
        url=web_url(_first(fields, _URL)),
        # Exports from CMS APIs keep entities in titles ("Iran&#8217;s envoy").
        title=html.unescape(title) if title is not None and "&" in title else title,
        published=_published(fields),
        authors=_authors(fields),
        source=_first(fields, _SOURCE),
        language=_first(fields, _LANGUAGE),
    )


def _json_error(err: json.JSONDecodeError, line: int | None = None) -> str:
    """A parser error as a reason naming the line."""
    # Python's messages may end in " at", meant to be followed by a position we give apart.
    message = err.msg.removesuffix(" at")
    return f"invalid JSON at line {line or err.lineno}, column {err.colno}: {message}"


def read_json(text: str, relpath: str) -> Iterator[Document | Skipped]:
    """The article(s) of a .json file: one object, a list of objects, or a wrapper around a list."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as err:
        if err.msg == "Extra data" and text.lstrip().startswith("{"):
            # One object per line saved under a .json name, as many exporters do.
            yield from read_jsonl(io.BytesIO(text.encode("utf-8")), relpath)
        else:
            yield Skipped(relpath, _json_error(err))
        return
    except RecursionError:
        yield Skipped(relpath, "invalid JSON: nested too deeply")
        return
    except ValueError as err:  # a number too long for Python's int conversion
        yield Skipped(relpath, f"invalid JSON: {str(err).split(';')[0]}")
        return
    if isinstance(data, dict):
        fields = _fields(data)
        wrapped = next((fields[k] for k in _LISTS if isinstance(fields.get(k), list)), None)
        if wrapped is None or any(name in fields for name in _BODY):
            try:
                yield document_from_object(data, relpath, relpath)
            except Unreadable as err:
                yield Skipped(relpath, str(err))
            return
        data = wrapped
    if not isinstance(data, list):
        yield Skipped(relpath, f"not an article: the JSON holds a {type(data).__name__}, not an object")
        return
    if not data:
        yield Skipped(relpath, "empty JSON list: no articles")
    for number, item in enumerate(data, start=1):
        doc_id = f"{relpath}#{number}"
        try:
            yield document_from_object(item, doc_id, relpath)
        except Unreadable as err:
            yield Skipped(doc_id, f"item {number}: {err}")


_CHUNK = 1 << 20
_NOT_BLANK = re.compile(rb"[^ \t\r\n\f\v]")


class _TooManyLines(Exception):
    """The file has more lines than the budget allows."""


class _Chunks(Protocol):
    """A binary stream read a chunk at a time: an open file, BytesIO or GzipFile."""

    def read1(self, size: int = -1, /) -> bytes:
        """What is there, up to `size` bytes, without waiting to fill them."""
        ...


class _Counted:
    """A binary stream whose reads are counted against a budget of bytes (Unreadable past it)."""

    def __init__(self, stream: _Chunks, limit: int) -> None:
        self.stream = stream
        self.limit = limit
        self.read_so_far = 0

    def read1(self, size: int = -1, /) -> bytes:
        """Up to `size` bytes; Unreadable once the budget is spent."""
        data = self.stream.read1(size)
        self.read_so_far += len(data)
        if self.read_so_far > self.limit:
            raise Unreadable(formats.too_expanded(self.limit))
        return data


def _lines(stream: _Chunks, limit: int) -> Iterator[tuple[int, bytes | None]]:
    """The (number, line) of each line that is not blank; None in place of a line longer than `limit` bytes.

    Read in large chunks, blank stretches skipped by the regex engine, not line by line:
    a gzip of nothing but newlines must cost what decompressing it costs. Raises
    _TooManyLines past formats.MAX_LINES.
    """
    max_lines = formats.MAX_LINES
    number = 0  # lines ended so far
    parts: list[bytes] = []  # the start of a line that runs on into the next chunk
    size = 0
    overlong = False  # the current line is over the limit: read to its end, keep nothing
    # read1: what is there, at once; a full read() of a gzip cut short would lose what came before the cut.
    while chunk := stream.read1(_CHUNK):
        if not parts and not overlong:
            newlines = chunk.count(b"\n")
            if newlines == len(chunk) or not chunk.strip():  # all blank: C-speed passes, no regex scan
                number += newlines
                continue
        at = 0
        while True:
            if not parts and not overlong:
                found = _NOT_BLANK.search(chunk, at)
                if found is None:  # only blank lines (and the blank start of one) to the chunk's end
                    number += chunk.count(b"\n", at)
                    break
                number += chunk.count(b"\n", at, found.start())
                at = max(at, chunk.rfind(b"\n", at, found.start()) + 1)
            if number >= max_lines:  # the line starting here is one too many
                raise _TooManyLines
            end = chunk.find(b"\n", at)
            if end < 0:  # the line goes on in the next chunk
                if not overlong:
                    parts.append(chunk[at:])
                    size += len(chunk) - at
                    if size > limit:
                        parts, size, overlong = [], 0, True
                break
            number += 1
            if overlong:
                yield number, None
            else:
                line = b"".join([*parts, chunk[at:end]]) if parts else chunk[at:end]
                if len(line) > limit:
                    yield number, None
                elif line.strip():
                    yield number, line
            parts, size, overlong = [], 0, False
            at = end + 1
    if overlong:
        yield number + 1, None
    elif parts:
        line = b"".join(parts)
        if line.strip():
            yield number + 1, line


def _line_text(line: bytes) -> str:
    """One JSON line as text: UTF-8 as JSON requires, or whatever decode() finds."""
    try:
        return line.decode("utf-8-sig")  # a BOM may open the first line
    except UnicodeDecodeError:
        return decode(line)


def _line_item(line: bytes | None, number: int, relpath: str, limit: int) -> Document | Skipped:
    """The article on one line, or the reason it has none."""
    doc_id = f"{relpath}#{number}"
    if line is None:
        return Skipped(doc_id, f"line {number} is {too_large(limit)}")
    try:
        return document_from_object(json.loads(_line_text(line.rstrip(b"\r"))), doc_id, relpath)
    except json.JSONDecodeError as err:
        return Skipped(doc_id, _json_error(err, number))
    except RecursionError:
        return Skipped(doc_id, f"invalid JSON at line {number}: nested too deeply")
    except Unreadable as err:
        return Skipped(doc_id, f"line {number}: {err}")
    except ValueError as err:  # a number too long for Python's int conversion, among others
        return Skipped(doc_id, f"invalid JSON at line {number}: {str(err).split(';')[0]}")
    except Exception as err:  # noqa: BLE001 - one line that breaks the reader must not lose the lines after it
        return Skipped(doc_id, f"line {number} could not be read ({type(err).__name__}: {err})")


def read_jsonl(stream: IO[bytes], relpath: str, gzipped: bool = False) -> Iterator[Document | Skipped]:
    """The articles of a JSON-lines stream, one per line; a bad line loses only itself.

    A gzipped stream may decompress to formats.expanded_limit() of its size, and a file may
    hold formats.MAX_LINES lines: past either, what came before is kept and the file says why.
    """
    limit = formats.MAX_FILE_BYTES
    number = 0
    found = False
    source: _Chunks = stream  # type: ignore[assignment]  # open files and BytesIO have read1
    if gzipped:
        source = _Counted(gzip.GzipFile(fileobj=stream, mode="rb"), formats.expanded_limit(stream_size(stream)))
    try:
        for number, line in _lines(source, limit):
            found = True
            yield _line_item(line, number, relpath, limit)
    except _TooManyLines:
        yield Skipped(
            relpath,
            f"more than {formats.MAX_LINES:,} lines (the limit per file); the lines before were read: split the file",
        )
        return
    except Unreadable as err:
        yield Skipped(relpath, str(err))
        return
    except EOFError:
        where = f" after line {number}" if number else ""
        yield Skipped(relpath, f"truncated gzip data{where} (the file ends early); re-download it")
        return
    except gzip.BadGzipFile:
        where = f"junk after line {number}" if number else "not gzip data, though the name ends in .gz"
        yield Skipped(relpath, f"{where}; rename or re-compress the file")
        return
    except zlib.error as err:
        yield Skipped(relpath, f"damaged gzip data after line {number} ({err}); re-download or re-compress the file")
        return
    except OSError as err:
        yield Skipped(relpath, f"cannot read after line {number}: {err.strerror or err}")
        return
    if not found:
        yield Skipped(relpath, "empty file")
