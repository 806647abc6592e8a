"""WARC files: HTML responses and HTML/text resource records, read with warcio."""

from __future__ import annotations

import dataclasses
import io
import re
import zlib
from collections.abc import Generator, Iterator
from dataclasses import dataclass
from typing import IO

from warcio.archiveiterator import WARCIterator
from warcio.bufferedreaders import DecompressingBufferedReader
from warcio.recordloader import ArcWarcRecord
from warcio.utils import BUFF_SIZE

from newsbrowse.ingest import formats
from newsbrowse.ingest.formats import GZIP_MAGIC, Unreadable, decode_text, size_label, too_large, web_url
from newsbrowse.model import Document, DocumentKind, Skipped

_HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})

# Where a record may start again after damage: a gzip member, or a version line (not always
# after a newline: a record cut short runs straight into the next one).
_RECORD_START = re.compile(rb"\x1f\x8b\x08|WARC/1\.[01]\r?\n")
_WARC_TYPE = re.compile(rb"\nWARC-Type:", re.IGNORECASE)
# A record header: the version line, then field lines (or continuations) up to a WARC-Type field.
# Matched in place, it costs the length of the header it reads, never a copy.
_HEADER = re.compile(rb"WARC/1\.[01]\r?\n(?:(?:[^\r\n:]+:|[ \t])[^\r\n]*\r?\n)*?WARC-Type:", re.IGNORECASE)
_PROBE_BYTES = 64 * 1024  # enough to hold any record header
_SCAN_BYTES = 1 << 20
# The longest line a record header may have: past it the bytes are no WARC (a run of zeros, say),
# and warcio, which joins a line's blocks one by one, would take quadratic time to read it.
_MAX_LINE = 1 << 20
_ZEROS = "a run of zero bytes, as an interrupted or pre-allocated download leaves"
# The start of warcio's message for a WARC gzipped whole rather than member by member.
_NOT_PER_RECORD = "non-chunked gzip file detected"


class _LineTooLong(Exception):
    """A line longer than any record header has: no WARC data. `offset`: where it starts in a plain file."""

    def __init__(self, message: str, offset: int | None) -> None:
        super().__init__(message)
        self.offset = offset


class _OverBudget(Exception):
    """The file decompressed past its budget; the message is the reason."""


class _Budget:
    """The bytes a gzipped WARC may decompress to, shared by every reader over the file."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.spent = 0

    def spend(self, count: int) -> None:
        """Count decompressed bytes; _OverBudget past the limit."""
        self.spent += count
        if self.spent > self.limit:
            raise _OverBudget(formats.too_expanded(self.limit))


class _StrictReader(DecompressingBufferedReader):  # type: ignore[misc]  # warcio is untyped
    """warcio's reader, raising on gzip data damaged past its first block, on lines no header has, past its budget.

    warcio prints the zlib error on stderr and returns nothing, which cuts the record
    short without a word; raising lets read_warc skip the damage and read on.
    """

    def __init__(self, stream: IO[bytes], budget: _Budget) -> None:
        super().__init__(stream, block_size=BUFF_SIZE)
        self.budget = budget

    def _decompress(self, data: bytes) -> bytes:
        """Decompress a block; a zlib error after the first block propagates."""
        if self.decompressor is not None and data and self.num_block_read:
            out = bytes(self.decompressor.decompress(data))
        else:
            compressed = self.decompressor is not None
            out = bytes(super()._decompress(data))
            if not compressed or self.decompressor is None:  # plain data (or found to be plain): nothing expanded
                return out
        self.budget.spend(len(out))
        return out

    def readline(self, length: int | None = None) -> bytes:
        """A line (at most `length` bytes), read in linear time; _LineTooLong past _MAX_LINE without a limit."""
        if length == 0:
            return b""
        self._fillbuff()
        if self.empty():
            return b""
        cap = min(length, _MAX_LINE + 1) if length else _MAX_LINE + 1
        parts: list[bytes] = []
        size = 0
        while True:
            part = self.buff.readline(cap - size)
            parts.append(part)
            size += len(part)
            if part.endswith(b"\n") or size >= cap:
                break
            self._fillbuff()
            if self.empty():
                break
        if size > _MAX_LINE and not (length and length <= _MAX_LINE):
            # In a plain file the line began `size` bytes before what has been taken from the stream so far.
            offset = None if self.decompressor is not None else self.stream.tell() - self.rem_length() - size
            raise _LineTooLong(f"a line of more than {size_label(_MAX_LINE)}, which no record header has", offset)
        return b"".join(parts)


class _QuietIterator(WARCIterator):  # type: ignore[misc]  # warcio is untyped
    """warcio's WARC-only record iterator (no guessing at ARC), quiet and strict about damage.

    read_warc reports the damage instead of warcio's warnings on stderr.
    """

    INC_RECORD = ""  # warcio formats and prints this when a record's Content-Length is wrong

    def __init__(self, stream: IO[bytes], budget: _Budget) -> None:
        super().__init__(stream)
        self.reader = _StrictReader(self.fh, budget)


def _brief(err: BaseException) -> str:
    """An exception as a short, printable phrase for a one-line reason."""
    if isinstance(err, _LineTooLong):
        return str(err)
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
        url=web_url(record.rec_headers.get_header("WARC-Target-URI")),
    )


def _missing(record: ArcWarcRecord | None) -> int:
    """How many bytes of a record's stated length the file did not hold (after reading it)."""
    if record is None:
        return 0
    return max(0, int(getattr(record.raw_stream, "limit", 0) or 0))


def _clipped(missing: int) -> str:
    """The note on a record the file ends inside of."""
    return f"the file ends {missing:,} byte(s) before this record does (it was cut short); read as far as it goes"


def _starts_record(data: bytes, at: int) -> bool:
    """Whether a WARC record header (plain, or in a gzip member) starts at `at` in `data`."""
    if data.startswith(GZIP_MAGIC, at):
        # A few bytes first: a gzip header with no end (junk that looks like one) costs no more than them.
        try:
            if not zlib.decompressobj(wbits=31).decompress(memoryview(data)[at : at + 512], 8).startswith(b"WARC/1."):
                return False
            head = zlib.decompressobj(wbits=31).decompress(memoryview(data)[at : at + _PROBE_BYTES], _PROBE_BYTES)
        except zlib.error:
            return False
        return _HEADER.match(head) is not None
    return _HEADER.match(data, at, at + _PROBE_BYTES) is not None


def _next_record_start(stream: IO[bytes], begin: int, end: int) -> int | None:
    """The first offset in [begin, end) where a readable record starts, or None.

    Linear in the bytes scanned: blocks overlap by a header's length, so a candidate is
    checked in the block that holds it. The stream is left where it was: warcio may go
    on reading from it.
    """
    here = stream.tell()
    position = begin
    try:
        while position < end:
            stream.seek(position)
            block = stream.read(min(_SCAN_BYTES, end - position) + _PROBE_BYTES)
            ends = min(_SCAN_BYTES, end - position)
            for match in _RECORD_START.finditer(block):
                if match.start() >= ends:
                    break  # the next block starts there
                if _starts_record(block, match.start()):
                    return position + match.start()
            position += _SCAN_BYTES
        return None
    finally:
        stream.seek(here)


def _zeros_before(stream: IO[bytes], end: int) -> bool:
    """Whether the bytes just before `end` are zeros (line ends aside): a hole left by an interrupted download."""
    start = max(0, end - _PROBE_BYTES)
    stream.seek(start)
    tail = stream.read(end - start).rstrip(b"\r\n")
    return len(tail) > 0 and not tail.strip(b"\x00")


def _held_a_record(stream: IO[bytes], start: int, end: int) -> bool:
    """Whether damaged bytes look like a record (a gzip member, a WARC-Type field), not junk between records."""
    stream.seek(start)
    head = stream.read(min(end - start, _PROBE_BYTES))
    return head.startswith(GZIP_MAGIC) or _WARC_TYPE.search(head) is not None


@dataclass(frozen=True, slots=True)
class _Held:
    """A record read but not yet passed on: the next boundary may show that its length was wrong."""

    number: int
    offset: int
    errors: int  # warcio's count of wrong lengths before this record's end was checked
    item: Document | Skipped | None  # None: a record that is no article


class _WarcReader:
    """The records of one WARC stream; after damage, reading resumes at the next record that can be found."""

    def __init__(self, stream: IO[bytes], relpath: str) -> None:
        self.stream = stream
        self.relpath = relpath
        self.size = stream.seek(0, io.SEEK_END)
        stream.seek(0)
        self.gzipped = stream.read(2) == GZIP_MAGIC
        self.number = 0
        self.wrong_lengths = 0
        self.budget = _Budget(formats.expanded_limit(self.size))

    def read(self) -> Iterator[Document | Skipped]:
        """Every article and skipped record, run after run until the end of the stream."""
        start: int | None = 0
        resumed = 0
        while start is not None:
            if resumed > formats.MAX_DAMAGE_PER_FILE:
                yield Skipped(
                    self.relpath,
                    f"damaged in more than {formats.MAX_DAMAGE_PER_FILE:,} places (the limit per file): "
                    "badly damaged, or no WARC; the records before were read",
                )
                return
            resumed += start > 0
            resume = yield from self._run(start)
            if resume is not None and resume <= start:  # whatever the offsets said, never read a place twice
                resume = _next_record_start(self.stream, start + 1, self.size)
            start = resume

    def _item(self, record: ArcWarcRecord) -> Document | Skipped | None:
        """The Document of the record just numbered, a Skipped if it cannot be read, None if it is no article."""
        wanted = _wanted(record)
        if wanted is None:
            return None
        doc_id = f"{self.relpath}#{self.number}"
        try:
            return _document(record, doc_id, self.relpath, *wanted)
        except Unreadable as err:
            return Skipped(doc_id, str(err))

    def _run(self, start: int) -> Generator[Document | Skipped, None, int | None]:
        """Read records from `start` to the end or to damage; return where to resume, or None at the end."""
        self.stream.seek(start)
        iterator = _QuietIterator(self.stream, self.budget)
        held: _Held | None = None
        record: ArcWarcRecord | None = None
        try:
            for record in iterator:
                if held is not None:
                    if iterator.err_count > held.errors:
                        resume = yield from self._overran(held, iterator.offset)
                        if resume is not None:
                            return resume
                    if held.item is not None:
                        yield held.item
                    held = None
                self.number += 1
                resume = yield from self._past_the_end(record, iterator)
                if resume is not None:
                    return resume
                held = _Held(self.number, iterator.offset, iterator.err_count, self._item(record))
        except _OverBudget as spent:
            if held is not None and held.item is not None:
                yield held.item
            yield Skipped(self.relpath, str(spent))
            return None
        except Exception as err:  # noqa: BLE001 - warcio raises many types on damaged data
            return (yield from self._damaged(iterator, held, err))
        missing = _missing(record)
        # warcio stops quietly at a record header cut short: bytes left over mean the file was.
        cut = bool(missing or self.size - iterator.offset > 0)
        # Or a gzip member cut short decoded on to the end without an error: the members
        # after it are still there (the first run from it finds no record, so it is the damaged one).
        after = held.offset if held is not None else start
        resume = _next_record_start(self.stream, after + 1, self.size) if cut and self.gzipped else None
        item = held.item if held is not None else None
        # The file ends inside the last record, which was read as far as it goes: read, with a note.
        clipped = cut and resume is None and missing > 0 and isinstance(item, Document)
        if isinstance(item, Document) and clipped:
            yield dataclasses.replace(item, note=_clipped(missing))
        elif item is not None:
            yield item
        self.wrong_lengths += iterator.err_count
        if cut:
            if resume is not None:
                if held is None and _held_a_record(self.stream, start, resume):
                    self.number += 1
                    yield self._damaged_record(self.number, "a gzip member cut short")
                return resume
            if clipped:
                return None
            if self.number:
                yield Skipped(
                    self.relpath,
                    f"truncated WARC data after record {self.number} (the file was cut short); "
                    "the records it holds were read",
                )
            else:
                yield Skipped(self.relpath, "no WARC record could be read: the file is cut short, damaged or no WARC")
        elif self.wrong_lengths:
            count = self.wrong_lengths
            yield Skipped(self.relpath, f"{count} WARC record(s) with a wrong Content-Length; they may be incomplete")
        elif self.number == 0 and start == 0:
            yield Skipped(self.relpath, "empty file")
        return None

    def _past_the_end(self, record: ArcWarcRecord, iterator: _QuietIterator) -> Generator[Skipped, None, int | None]:
        """If a plain record's Content-Length runs past the end of the file, skip it; return where the next starts.

        Reading its body would swallow every record after it (a gzipped record ends with
        its member instead). The last record of a file cut short is read as far as it goes.
        """
        remaining = getattr(record.raw_stream, "limit", 0) or 0
        if self.gzipped or not remaining:
            return None
        here = self.stream.tell() - iterator.reader.rem_length()
        if here + remaining <= self.size:
            return None
        resume = _next_record_start(self.stream, iterator.offset + 1, self.size)
        if resume is None:
            return None
        declared = size_label(int(record.length or 0))
        yield Skipped(
            f"{self.relpath}#{self.number}",
            f"damaged WARC record: its Content-Length ({declared}) runs past the end of the file; "
            "the records after it were read",
        )
        return resume

    def _damaged_record(self, number: int, why: str) -> Skipped:
        """Record `number` skipped as damaged, reading having gone on after it."""
        return Skipped(f"{self.relpath}#{number}", f"damaged WARC record ({why}); the records after it were read")

    def _overran(self, held: _Held, until: int) -> Generator[Skipped, None, int | None]:
        """If the held record's stated length ran over a record after it, skip it and return where that one starts.

        Only in plain WARCs: in a gzipped one each record is a gzip member of its own.
        """
        if self.gzipped:
            return None
        resume = _next_record_start(self.stream, held.offset + 1, until)
        if resume is None:
            return None
        if held.item is not None:
            yield Skipped(
                f"{self.relpath}#{held.number}",
                "damaged WARC record: its Content-Length runs into the next record; the records after it were read",
            )
        self.number = held.number
        self.wrong_lengths += held.errors
        return resume

    def _damaged(
        self, iterator: _QuietIterator, held: _Held | None, err: Exception
    ) -> Generator[Document | Skipped, None, int | None]:
        """Report damage found at the iterator's offset; return where the next readable record starts, or None."""
        damage = iterator.offset
        if isinstance(err, _LineTooLong) and err.offset is not None:
            damage = max(damage, err.offset)  # after the record read last, which was whole
        if (
            held is not None
            and _NOT_PER_RECORD not in str(err)
            and (held.offset > damage or (self.gzipped and iterator.err_count > held.errors))
        ):
            # A cut gzip member whose deflate data went on decoding into the members after it:
            # warcio made a record of them (of the wrong length, or placed after the damage it
            # then reports). That record is the damaged one; reading resumes after it.
            self.wrong_lengths += held.errors
            yield self._damaged_record(held.number, _brief(err))
            return _next_record_start(self.stream, held.offset + 1, self.size)
        if held is not None:
            resume = yield from self._overran(held, damage)
            if resume is not None:
                return resume
            if held.item is not None:
                yield held.item
        self.wrong_lengths += iterator.err_count
        if _NOT_PER_RECORD in str(err):
            yield Skipped(
                self.relpath,
                f"gzipped as one stream, not record by record, so only {self.number} record(s) could be read; "
                "recompress it with 'warcio recompress FILE NEW_FILE'",
            )
            return None
        resume = _next_record_start(self.stream, damage + 1, self.size)
        why = _ZEROS if _zeros_before(self.stream, resume if resume is not None else self.size) else _brief(err)
        if resume is None:
            where = f"after record {self.number}" if self.number else "at the start"
            yield Skipped(
                self.relpath, f"damaged or truncated WARC data {where} ({why}); the records before it were read"
            )
            return None
        # Damage inside the held record belongs to it; damage after it may be a whole record lost.
        if (held is None or damage != held.offset) and _held_a_record(self.stream, damage, resume):
            self.number += 1
            yield self._damaged_record(self.number, why)
        else:
            yield Skipped(
                self.relpath,
                f"damaged WARC data after record {self.number} ({why}); "
                f"skipped {resume - damage:,} byte(s), the records after them were read",
            )
        return resume


def read_warc(stream: IO[bytes], relpath: str) -> Iterator[Document | Skipped]:
    """The articles in a WARC (plain or gzipped) stream; records are numbered from 1 among all records.

    A damaged record or damaged bytes between records are skipped with a reason and
    reading resumes at the next record found (the next gzip member or `WARC/1.x` header);
    a damaged record counts as one, so the records after it keep their numbers. A
    truncated file yields the records it holds, then a Skipped saying so.
    """
    return _WarcReader(stream, relpath).read()
