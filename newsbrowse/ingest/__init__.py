"""Ingest: find an archive's files, read each format (HTML, text, JSON, JSON lines, WARC, gzip), decode bytes."""

from newsbrowse.ingest.discover import SourceFile, discover
from newsbrowse.ingest.formats import MAX_FILE_BYTES
from newsbrowse.ingest.read import iter_documents, open_source, read_bytes, read_source

__all__ = ["MAX_FILE_BYTES", "SourceFile", "discover", "iter_documents", "open_source", "read_bytes", "read_source"]
