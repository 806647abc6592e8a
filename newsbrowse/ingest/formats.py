"""Size limits, capped gunzip and the checks that turn bytes into text (the formats themselves: registry.py)."""

from __future__ import annotations

import io
import re
import zlib
from typing import IO
from urllib.parse import urlsplit

from newsbrowse.ingest.encoding import decode

# Budgets, read at call time (formats.MAX_FILE_BYTES), so tests can lower them with monkeypatch.
# Bytes of one document or record, after decompression.
MAX_FILE_BYTES = 20 * 1024 * 1024
# Bytes a compressed container (.jsonl.gz, .warc.gz) may decompress to: this many times its own
# size (zip-bomb guards such as Apache POI's use the same ratio; text rarely compresses 20:1),
# and never less than MIN_EXPANDED_BYTES, so that a small file is never cut for its ratio alone.
MAX_EXPANSION = 100
MIN_EXPANDED_BYTES = 64 * 1024 * 1024
# Lines of one JSON-lines file, blank ones included (each costs time to read).
MAX_LINES = 10_000_000
# Paragraphs of one article (blank-line separated blocks of text, block elements of HTML):
# cleaning and extraction cost grows with them, and no article has this many.
MAX_PARAGRAPHS = 20_000
# Reasons for bad records listed per file; the rest are counted in one last reason.
MAX_REASONS_PER_FILE = 100
# Places where reading a WARC resumes after damage: past them the file is given up.
MAX_DAMAGE_PER_FILE = 1_000
GZIP_MAGIC = b"\x1f\x8b"

_HTML_TAG = re.compile(
    r"<(?:!doctype\s+html|html|head|body|article|section|main|div|p|br|span|a|h[1-6]|ul|ol|li"
    r"|em|strong|b|i|blockquote|figure|img|table|meta|title|script)\b[^>]*>",
    re.IGNORECASE,
)
_SNIFF_CHARS = 4096
# C0 controls other than tab, newline, vertical tab, form feed and carriage return.
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\ufffd]")
_CONTROL_BYTES = bytes(range(0x09)) + bytes(range(0x0E, 0x20))
_BINARY_SHARE = 0.05


# C0 and C1 control characters and DEL: a terminal obeys them (ESC opens its escape sequences);
# bidirectional embeddings, overrides and isolates reorder what it shows ("gnp.txt" shown as "txt.png").
_CONTROLS = re.compile(r"[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def has_controls(text: str) -> bool:
    """Whether text holds control characters."""
    return _CONTROLS.search(text) is not None


def one_line(text: str | None) -> str | None:
    """Metadata a record states, each control character made a space (safe to print); None if nothing is left."""
    if text is None:
        return None
    return _CONTROLS.sub(" ", text).strip() or None


def web_url(text: str | None) -> str | None:
    """A URL a record states if it is an absolute http(s) URL; None for a path, file:, javascript: and the like."""
    if not text or has_controls(text) or any(char.isspace() for char in text.strip()):
        return None
    text = text.strip()
    try:
        parts = urlsplit(text)
    except ValueError:
        return None
    return text if parts.scheme.lower() in ("http", "https") and parts.netloc else None


class Unreadable(Exception):
    """A file or record that cannot be read; the message is the reason shown to the user."""


def size_label(limit: int) -> str:
    """A byte limit as a person would say it ("20 MB")."""
    mb = limit / (1024 * 1024)
    if mb >= 1024:
        return f"{mb / 1024:.1f} GB"
    return f"{mb:.0f} MB" if mb >= 1 else f"{limit} bytes"


def too_large(limit: int) -> str:
    """The reason given for content over `limit` bytes."""
    return f"larger than {size_label(limit)} (the size limit per document)"


def expanded_limit(compressed_size: int | None) -> int:
    """How many bytes a compressed container of `compressed_size` bytes may decompress to."""
    return max(MIN_EXPANDED_BYTES, MAX_EXPANSION * (compressed_size or 0))


def too_expanded(limit: int) -> str:
    """The reason given for a compressed container that decompresses past its budget."""
    return (
        f"decompresses to more than {size_label(limit)} ({MAX_EXPANSION} times its compressed size, "
        "the limit for compressed files: a compression bomb?); what came before was read"
    )


def stream_size(stream: IO[bytes]) -> int | None:
    """The size of a seekable stream (its position kept), or None."""
    try:
        here = stream.tell()
        size = stream.seek(0, io.SEEK_END)
        stream.seek(here)
    except (OSError, ValueError):
        return None
    return size


def gunzip(data: bytes, limit: int) -> bytes:
    """Decompress gzip data (all members) to at most `limit` bytes; raise Unreadable if it cannot."""
    if data and not data.startswith(GZIP_MAGIC):
        raise Unreadable("not gzip data, though the name ends in .gz; rename or re-compress the file")
    out = bytearray()
    rest = data
    while rest:
        inflater = zlib.decompressobj(wbits=31)
        try:
            out += inflater.decompress(rest, limit + 1 - len(out))
        except zlib.error as err:
            raise Unreadable(f"damaged gzip data ({err}); re-download or re-compress the file") from None
        if len(out) > limit:
            raise Unreadable(f"decompresses to {too_large(limit)}")
        if not inflater.eof:
            raise Unreadable("truncated gzip data (the file ends early); re-download it")
        # Several gzip members concatenated form one stream; anything else after the end is junk.
        rest = inflater.unused_data
        if rest and not rest.startswith(GZIP_MAGIC):
            break
    return bytes(out)


def gunzip_head(data: bytes, size: int = 4096) -> bytes:
    """The first `size` bytes of gzip data, for sniffing; empty if they cannot be had."""
    try:
        return zlib.decompressobj(wbits=31).decompress(data, size)
    except zlib.error:
        return b""


# What starts a paragraph: a blank line in text; a block element in HTML.
_BLANK_LINE = re.compile(r"\n[ \t\r\f\v]*\n")
_BLOCK_TAG = re.compile(
    r"<(?:p|div|li|br|tr|td|th|h[1-6]|blockquote|pre|dd|dt|section|article|figure|table|ul|ol|hr)\b", re.IGNORECASE
)


def paragraph_count_over(content: str, html: bool, limit: int) -> bool:
    """Whether a document has more than `limit` paragraphs (blank-line separated blocks, or HTML block elements)."""
    # One C-speed count settles nearly every document: a paragraph needs a line break or a tag.
    if content.count("<" if html else "\n") <= limit:
        return False
    pattern = _BLOCK_TAG if html else _BLANK_LINE
    return any(count > limit for count, _ in enumerate(pattern.finditer(content), start=1))


def looks_like_html(text: str) -> bool:
    """True when the start of `text` holds HTML markup."""
    return _HTML_TAG.search(text, 0, _SNIFF_CHARS) is not None


def decode_text(data: bytes, declared: str | None = None, what: str = "file") -> str:
    """Decode a document's bytes; raise Unreadable if empty or binary rather than text."""
    if not data or data.isspace():
        raise Unreadable(f"empty {what}")
    text = decode(data, declared)
    head = data[:_SNIFF_CHARS]
    # Counting control bytes is cheap; only when there are many (binary, or UTF-16) look at the text.
    if len(head) - len(head.translate(None, _CONTROL_BYTES)) > _BINARY_SHARE * len(head):
        sample = text[:_SNIFF_CHARS]
        if len(_CONTROL.findall(sample)) > _BINARY_SHARE * len(sample):
            raise Unreadable("binary data, not text (is the file name's extension wrong?)")
    if not text or text.isspace():
        raise Unreadable(f"empty {what}" if not text else f"empty {what} (only blank characters)")
    return text
