"""The archive formats newsbrowse reads: one entry per format, with its extensions, how unnamed bytes are
recognised as it, and its reader.

Adding a format is one entry in FORMATS (and its reader): finding files, reading them, the
messages that name the formats and the README's table of formats all read this list.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import IO, Literal

from newsbrowse.ingest.formats import looks_like_html
from newsbrowse.ingest.jsondocs import read_json, read_jsonl
from newsbrowse.ingest.warc import read_warc
from newsbrowse.model import Document, Skipped

Format = Literal["html", "text", "json", "jsonl", "warc"]
Items = Iterator[Document | Skipped]
# A whole-file format's reader: (decoded text, the file's id) -> its articles.
TextReader = Callable[[str, str], Items]
# A container's reader, record by record: (the open file, its id, whether the name says gzip) -> its articles.
StreamReader = Callable[[IO[bytes], str, bool], Items]
# Whether the start of unnamed bytes (`head`, a byte-order mark and blank space stripped) is in a format;
# `data` is all there is, `partial` says it is only the start of the content.
Sniffer = Callable[[bytes, bytes, bool], bool]


@dataclass(frozen=True, slots=True)
class FileFormat:
    """One format: its name, file extensions (before any .gz), what is read (the README says it), how it is read.

    Exactly one of `read_text` (whole files, up to the size limit per document) and
    `read_stream` (containers read record by record, of any size; one can be an archive
    on its own) is set.
    """

    name: Format
    extensions: tuple[str, ...]
    what: str
    sniff: Sniffer
    read_text: TextReader | None = None
    read_stream: StreamReader | None = None

    @property
    def streamed(self) -> bool:
        """Whether files of this format are containers read record by record."""
        return self.read_stream is not None


def _parses_as_json(data: bytes) -> bool:
    """True if the bytes are one valid JSON document."""
    try:
        json.loads(data)
    except (ValueError, RecursionError):  # JSONDecodeError and UnicodeDecodeError are ValueErrors
        return False
    return True


def _json_lines(head: bytes, data: bytes, partial: bool) -> bool:
    """A first line that closes its own object, followed by more."""
    first_line = head.split(b"\n", 1)[0].rstrip()
    return head[:1] == b"{" and first_line.endswith(b"}") and len(head) > len(first_line) + 1


def _json(head: bytes, data: bytes, partial: bool) -> bool:
    """An object or an array (text can open with a bracket, "[Updated] Talks resume", hardly with a brace)."""
    return head[:1] == b"{" or (head[:1] == b"[" and (partial or _parses_as_json(data)))


def _page(text: str, relpath: str) -> Items:
    """A web page, cleaned later."""
    yield Document(id=relpath, path=relpath, kind="html", content=text)


def _dump(text: str, relpath: str) -> Items:
    """A text dump, cleaned later."""
    yield Document(id=relpath, path=relpath, kind="text", content=text)


# In the order unnamed bytes are tried (the first whose sniffer says yes), which is the README's order too.
FORMATS: tuple[FileFormat, ...] = (
    FileFormat(
        "warc",
        (".warc",),
        "`response` records (status 200, HTML) and `resource` records",
        lambda head, data, partial: head.startswith(b"WARC/"),
        read_stream=lambda stream, relpath, gzipped: read_warc(stream, relpath),  # warcio unpacks gzip itself
    ),
    FileFormat(
        "jsonl",
        (".jsonl", ".ndjson"),
        "one article object per line",
        _json_lines,
        read_stream=lambda stream, relpath, gzipped: read_jsonl(stream, relpath, gzipped=gzipped),
    ),
    FileFormat("json", (".json",), "one article object", _json, read_text=read_json),
    FileFormat(
        "html",
        (".html", ".htm", ".xhtml"),
        "a web page; the article text and metadata are extracted",
        lambda head, data, partial: looks_like_html(head.decode("latin-1")),
        read_text=_page,
    ),
    FileFormat(
        "text",
        (".txt", ".md"),
        "an article dump: first line the title, an optional date line (`May 21, 2021 - 18:31`), then paragraphs",
        lambda head, data, partial: True,
        read_text=_dump,
    ),
)
BY_NAME: dict[str, FileFormat] = {fmt.name: fmt for fmt in FORMATS}
_BY_EXTENSION: dict[str, FileFormat] = {ext: fmt for fmt in FORMATS for ext in fmt.extensions}
_SNIFF_CHARS = 4096


def format_of(name: str) -> tuple[FileFormat, bool] | None:
    """The format a file name's extensions name and whether it is gzipped, or None."""
    lower = name.lower()
    gzipped = lower.endswith(".gz")
    if gzipped:
        lower = lower[:-3]
    dot = lower.rfind(".")
    if dot < 0:
        return None
    fmt = _BY_EXTENSION.get(lower[dot:])
    return None if fmt is None else (fmt, gzipped)


def sniff(data: bytes, partial: bool = False) -> FileFormat:
    """The format of unnamed bytes: the first in FORMATS whose sniffer recognises their start.

    `partial` says `data` is only the start of the content, too short to parse as JSON.
    """
    head = data[:_SNIFF_CHARS].lstrip(b"\xef\xbb\xbf \t\r\n")
    return next(fmt for fmt in FORMATS if fmt.sniff(head, data, partial))


def _listed(extensions: list[str]) -> str:
    """Extensions as a sentence lists them: ".a, .b or .c"."""
    return ", ".join(extensions[:-1]) + f" or {extensions[-1]}" if len(extensions) > 1 else extensions[0]


def readable_files() -> str:
    """Every extension read, for messages: ".warc, .jsonl, ... or .md"."""
    return _listed([ext for fmt in FORMATS for ext in fmt.extensions])


def archive_files() -> str:
    """The extensions of files that can be an archive on their own (containers), for messages."""
    return _listed([ext for fmt in FORMATS if fmt.streamed for ext in fmt.extensions]) + " (gzipped or not)"


def format_table() -> str:
    """The README's table of formats, in Markdown."""
    rows = ["| files | what is read |", "|---|---|"]
    rows += [f"| {' '.join(f'`{ext}`' for ext in fmt.extensions)} | {fmt.what} |" for fmt in FORMATS]
    rows.append("| any of these + `.gz` | gzip-compressed |")
    return "\n".join(rows)
