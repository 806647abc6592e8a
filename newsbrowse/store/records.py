"""What the build hands to the store: one article with what was found in it, its rows, a file's state."""

from __future__ import annotations

from dataclasses import dataclass

from newsbrowse.model import Article, Entity, Quote


@dataclass(frozen=True, slots=True)
class FileState:
    """What the manifest remembers of a file: enough to tell whether it changed."""

    size: int
    mtime_ns: int
    hash: str


@dataclass(frozen=True, slots=True)
class ArticleRecord:
    """A cleaned article with its entities, quotes and sentence spans (from split_sentences)."""

    article: Article
    entities: tuple[Entity, ...] = ()
    quotes: tuple[Quote, ...] = ()
    sentences: tuple[tuple[int, int], ...] = ()


@dataclass(frozen=True, slots=True)
class EntityRows:
    """One entity of an article as the store keeps it: mentions packed with their sentences, surface forms folded."""

    name: str
    type: str
    role: str | None
    count: int
    spans: bytes
    surfaces: tuple[str, ...]
    evidence: tuple[int, int, int, int] = (0, 0, 0, 0)  # capped: see store.resolve.capped


@dataclass(frozen=True, slots=True)
class ArticleRows:
    """An article as rows for the store, made where it was extracted (a worker) so that the writer only inserts.

    `rowid` is the article's row, chosen by the build (the full-text index keys its
    document by it); `article` holds the articles table's columns after rowid and file;
    `quotes` the quotes table's columns after rowid and article; `signature` the body's
    MinHash signature (store/copies.py).
    """

    rowid: int
    id: str
    article: tuple[object, ...]
    entities: tuple[EntityRows, ...]
    quotes: tuple[tuple[object, ...], ...]
    signature: bytes = b""
