"""Reading one file of the archive into what the store keeps: read, clean, extract (in a worker or in the build).

`process_document` is the one sequence of cleaning and extraction, used by the build and by
the `clean` command alike.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any

from newsbrowse.clean import NotAnArticle, clean_document, clean_record
from newsbrowse.extract import extract_entities, extract_quotes
from newsbrowse.extract.sentences import split_sentences
from newsbrowse.index.schema import document
from newsbrowse.ingest import SourceFile, open_source, read_source
from newsbrowse.ingest.formats import Unreadable
from newsbrowse.model import Article, Document, Skipped
from newsbrowse.store import ArticleRecord, ArticleRows, FileState, article_rows
from newsbrowse.store.records import EntityRows


@dataclass(frozen=True, slots=True)
class Task:
    """A file to read; `old_hash` is the content hash the store has for it, if any."""

    source: SourceFile
    old_hash: str | None


@dataclass(frozen=True, slots=True)
class FileResult:
    """What reading one file gave: its articles (as the store's rows) and skipped records, or "same content"."""

    relpath: str
    state: FileState
    rows: tuple[ArticleRows, ...] = ()
    skipped: tuple[Skipped, ...] = ()
    same_content: bool = False
    unreadable: bool = False
    notes: tuple[str, ...] = ()

    def __reduce__(self) -> tuple[Callable[..., FileResult], tuple[Any, ...]]:
        """Pickled as plain tuples: slotted dataclasses pickle field by field through `dataclasses.fields`, which
        took about half of the CPU that moving an article's rows from a worker to the build costs."""
        rows = tuple(
            (
                row.rowid,
                row.id,
                row.article,
                tuple(
                    (
                        entity.name,
                        entity.type,
                        entity.role,
                        entity.count,
                        entity.spans,
                        entity.surfaces,
                        entity.evidence,
                    )
                    for entity in row.entities
                ),
                row.quotes,
                row.signature,
            )
            for row in self.rows
        )
        state = (self.state.size, self.state.mtime_ns, self.state.hash)
        return _unpack_result, (self.relpath, state, rows, self.skipped, self.same_content, self.unreadable, self.notes)


def _unpack_result(
    relpath: str,
    state: tuple[int, int, str],
    rows: tuple[tuple[Any, ...], ...],
    skipped: tuple[Skipped, ...],
    same_content: bool,
    unreadable: bool,
    notes: tuple[str, ...],
) -> FileResult:
    """A FileResult from what its `__reduce__` made."""
    return FileResult(
        relpath,
        FileState(*state),
        tuple(
            ArticleRows(
                rowid, article_id, article, tuple(EntityRows(*entity) for entity in entities), quotes, signature
            )
            for rowid, article_id, article, entities, quotes, signature in rows
        ),
        skipped,
        same_content,
        unreadable,
        notes,
    )


def file_hash(source: SourceFile) -> str:
    """The content hash of a discovered file (blake2b, 128 bits); Unreadable if it is no regular file in the archive."""
    with open_source(source) as handle:
        return hashlib.file_digest(handle, lambda: hashlib.blake2b(digest_size=16)).hexdigest()


def process_document(doc: Document, url: str | None = None, every_record: bool = False) -> ArticleRecord:
    """Clean one document and find its entities, quotes and sentences: what the store keeps of an article.

    A page crawled into a WARC file that holds no article raises NotAnArticle (the build
    skips it), unless `every_record` (the `clean` command cleans whatever it is given).
    `url`, given by the caller, wins over the one the document states.
    """
    article = clean_document(doc, url) if every_record else clean_record(doc, url)
    sentences = split_sentences(article.body)
    entities = extract_entities(article.body, article.language)
    quotes = extract_quotes(article.body, entities, article.language, sentences)
    return ArticleRecord(article, tuple(entities), tuple(quotes), tuple(sentences))


@dataclass(frozen=True, slots=True)
class FileRecords:
    """What reading one file gave: its articles extracted, not yet numbered (the build numbers them as it stores)."""

    relpath: str
    state: FileState
    records: tuple[ArticleRecord, ...] = ()
    skipped: tuple[Skipped, ...] = ()
    same_content: bool = False
    unreadable: bool = False
    notes: tuple[str, ...] = ()

    def result(self, index: Callable[[Article], int]) -> FileResult:
        """The file's result as the store takes it: `index` adds each article to whoosh and gives its store row."""
        rows = tuple(article_rows(record, index(record.article)) for record in self.records)
        return FileResult(self.relpath, self.state, rows, self.skipped, self.same_content, self.unreadable, self.notes)

    def unnumbered(self) -> FileUnnumbered:
        """The articles as store rows and index documents, made here (in a worker): the build only numbers them."""
        articles = tuple((article_rows(record, 0), document(record.article, 0)) for record in self.records)
        return FileUnnumbered(
            self.relpath, self.state, articles, self.skipped, self.same_content, self.unreadable, self.notes
        )


@dataclass(frozen=True, slots=True)
class FileUnnumbered:
    """A file's articles as store rows and index documents whose row (the documents' key) is still to be given.

    What a cluster worker sends back: cheaper for the one writer to unpack and store than
    the extracted articles, and the writer gives the rows in the order it stores the files.
    """

    relpath: str
    state: FileState
    articles: tuple[tuple[ArticleRows, dict[str, Any]], ...] = ()
    skipped: tuple[Skipped, ...] = ()
    same_content: bool = False
    unreadable: bool = False
    notes: tuple[str, ...] = ()

    def result(self, number: Callable[[dict[str, Any]], int]) -> FileResult:
        """The file's result as the store takes it: `number` gives each document its row (and takes it to index)."""
        rows = tuple(replace(rows, rowid=number(doc)) for rows, doc in self.articles)
        return FileResult(self.relpath, self.state, rows, self.skipped, self.same_content, self.unreadable, self.notes)


def read_file(task: Task) -> FileRecords:
    """Read, clean and extract every article of one file (no store, no index: runs anywhere)."""
    source = task.source
    try:
        digest = file_hash(source)
    except (OSError, Unreadable) as err:
        reason = str(err) if isinstance(err, Unreadable) else f"cannot read: {err.strerror or err}"
        return FileRecords(
            source.relpath,
            FileState(source.size, source.mtime_ns, ""),
            (),
            (Skipped(source.relpath, reason),),
            unreadable=True,
        )
    state = FileState(source.size, source.mtime_ns, digest)
    if digest == task.old_hash:
        return FileRecords(source.relpath, state, same_content=True)
    records: list[ArticleRecord] = []
    skipped: list[Skipped] = []
    notes: list[str] = []
    try:
        for item in read_source(source):
            if isinstance(item, Skipped):
                skipped.append(item)
                continue
            if item.note:
                notes.append(f"{item.id}: {item.note}")
            try:
                records.append(process_document(item))
            except NotAnArticle as err:
                skipped.append(Skipped(item.id, str(err)))
            except Exception as err:  # noqa: BLE001 - one article that breaks the cleaner must not stop the build
                skipped.append(Skipped(item.id, f"could not be processed ({type(err).__name__}: {err})"))
    except Exception as err:  # noqa: BLE001 - nor one file that breaks the reader
        skipped.append(Skipped(source.relpath, f"could not be read ({type(err).__name__}: {err})"))
    return FileRecords(source.relpath, state, tuple(records), tuple(skipped), notes=tuple(notes))


def process_file(task: Task, index: Callable[[Article], int]) -> FileResult:
    """Read, clean and extract every article of one file; `index` adds each to whoosh and gives its store row."""
    return read_file(task).result(index)
