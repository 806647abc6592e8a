"""Read one source file (or bytes in memory) into Documents, with a Skipped for what cannot be read."""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path

from newsbrowse.ingest import formats
from newsbrowse.ingest.discover import SourceFile, discover
from newsbrowse.ingest.formats import (
    GZIP_MAGIC,
    Unreadable,
    decode_text,
    gunzip,
    gunzip_head,
    paragraph_count_over,
    too_large,
)
from newsbrowse.ingest.opening import open_regular
from newsbrowse.ingest.registry import FileFormat, format_of, sniff
from newsbrowse.model import Document, Skipped


def _open_failure(err: OSError) -> str:
    """The reason a file could not be opened or read."""
    if isinstance(err, PermissionError):
        return "permission denied (make the file readable, e.g. chmod +r)"
    if isinstance(err, FileNotFoundError):
        return "file vanished during the walk"
    if isinstance(err, IsADirectoryError):
        return "a folder, not a file"
    return f"cannot read: {err.strerror or err}"


def _single(data: bytes, fmt: FileFormat, gzipped: bool, relpath: str) -> Iterator[Document | Skipped]:
    """The article(s) of a whole-file format (HTML, text, JSON), gunzipped first if need be."""
    limit = formats.MAX_FILE_BYTES
    try:
        if gzipped:
            data = gunzip(data, limit)
        elif len(data) > limit:
            raise Unreadable(too_large(limit))
        text = decode_text(data)
    except Unreadable as err:
        yield Skipped(relpath, str(err))
        return
    assert fmt.read_text is not None  # a format is either read whole or streamed
    yield from fmt.read_text(text, relpath)


def open_source(source: SourceFile) -> io.BufferedReader:
    """The discovered file opened for reading; Unreadable if it is no regular file inside the archive now."""
    return open_regular(source.location, source.root)


def _budgeted(items: Iterator[Document | Skipped], relpath: str) -> Iterator[Document | Skipped]:
    """The items of one file within the per-article and per-file budgets.

    An article with more than formats.MAX_PARAGRAPHS paragraphs is skipped (cleaning and
    extraction cost grows with them); past formats.MAX_REASONS_PER_FILE bad records the
    rest are counted in one reason, not listed one by one.
    """
    reasons = 0
    unlisted = 0
    for item in items:
        if isinstance(item, Document):
            limit = formats.MAX_PARAGRAPHS
            if not paragraph_count_over(item.content, item.kind == "html", limit):
                yield item
                continue
            item = Skipped(item.id, f"more than {limit:,} paragraphs (the limit per article); split the file")
        if item.path != relpath:  # a record or a line, not the file itself
            reasons += 1
            if reasons > formats.MAX_REASONS_PER_FILE:
                unlisted += 1
                continue
        yield item
    if unlisted:
        yield Skipped(relpath, f"{unlisted:,} more bad record(s) or line(s), not listed one by one")


def read_source(source: SourceFile) -> Iterator[Document | Skipped]:
    """Every Document in one discovered file; a Skipped for the file or for each bad record."""
    return _budgeted(_read_source(source), source.relpath)


def _read_source(source: SourceFile) -> Iterator[Document | Skipped]:
    """read_source() before the budgets."""
    found = format_of(source.relpath)
    if found is None:
        yield Skipped(source.relpath, "not a supported file type")
        return
    fmt, gzipped = found
    try:
        handle = open_source(source)  # closed below; the generator may stop early
    except Unreadable as err:
        yield Skipped(source.relpath, str(err))
        return
    except OSError as err:
        yield Skipped(source.relpath, _open_failure(err))
        return
    with handle:
        if fmt.read_stream is not None:
            yield from fmt.read_stream(handle, source.relpath, gzipped)
            return
        try:
            data = handle.read(min(source.size, formats.MAX_FILE_BYTES) + 1)
            if len(data) > source.size:
                # The file grew since the walk: read on, one byte past the limit to notice it.
                data += handle.read(max(0, formats.MAX_FILE_BYTES + 1 - len(data)))
        except OSError as err:
            yield Skipped(source.relpath, _open_failure(err))
            return
    yield from _single(data, fmt, gzipped, source.relpath)


def read_bytes(data: bytes, name: str, relpath: str | None = None) -> Iterator[Document | Skipped]:
    """Every Document in bytes held in memory; the format from `name`'s extensions.

    `name` "-" (stdin) or a name without a supported extension means sniff the content:
    gzip is unpacked, then a WARC, a JSON object/array or JSON lines, HTML, or else text.
    """
    relpath = relpath if relpath is not None else name
    return _budgeted(_read_bytes(data, name, relpath), relpath)


def _read_bytes(data: bytes, name: str, relpath: str) -> Iterator[Document | Skipped]:
    """read_bytes() before the budgets."""
    found = format_of(name) if name != "-" else None
    if found is None:
        gzipped = data.startswith(GZIP_MAGIC)
        fmt = sniff(gunzip_head(data), partial=True) if gzipped else sniff(data)
    else:
        fmt, gzipped = found
    if fmt.read_stream is not None:
        yield from fmt.read_stream(io.BytesIO(data), relpath, gzipped)
    else:
        yield from _single(data, fmt, gzipped, relpath)


def iter_documents(archive: Path) -> Iterator[Document | Skipped]:
    """Every Document in an archive (folder or single file), with a Skipped for each unreadable part."""
    for item in discover(archive):
        if isinstance(item, Skipped):
            yield item
        else:
            yield from read_source(item)
