"""Helpers for the store/index/archive tests: articles, entities and quotes built by hand."""

from __future__ import annotations

import re
from datetime import datetime
from pathlib import Path

from whoosh.index import Index

from newsbrowse.index.internals import create_index, write_batch
from newsbrowse.index.schema import document
from newsbrowse.model import Article, Entity, EntityType, Mention, Quote
from newsbrowse.store import ArticleRecord, FileState, Store


def entity(text: str, name: str, type_: EntityType, *surfaces: str) -> Entity:
    """An entity whose mentions are every whole-word occurrence of its surface forms in `text`."""
    mentions: list[Mention] = []
    taken: set[int] = set()
    for surface in sorted(surfaces or (name,), key=len, reverse=True):
        for match in re.finditer(rf"\b{re.escape(surface)}\b", text):
            if taken.isdisjoint(range(match.start(), match.end())):
                taken.update(range(match.start(), match.end()))
                mentions.append(Mention(match.start(), match.end(), surface))
    assert mentions, f"{surfaces or name!r} not in the text"
    return Entity(name, type_, tuple(sorted(mentions, key=lambda m: m.start)))


def quote(text: str, quoted: str, speaker: str | None) -> Quote:
    """A quote of `quoted`, found in `text`."""
    start = text.index(quoted)
    return Quote(quoted, speaker, start, start + len(quoted))


def sentences(text: str) -> tuple[tuple[int, int], ...]:
    """Sentence spans: runs of text ending with a full stop (enough for hand-written tests)."""
    return tuple((m.start(), m.end()) for m in re.finditer(r"[^.\s][^.]*\.", text))


def record(
    article_id: str,
    title: str,
    body: str,
    entities: tuple[Entity, ...] = (),
    quotes: tuple[Quote, ...] = (),
    published: datetime | None = None,
    source: str | None = None,
    language: str | None = None,
) -> ArticleRecord:
    """An ArticleRecord for an article written in the test."""
    article = Article(
        id=article_id,
        path=article_id.split("#")[0],
        title=title,
        body=body,
        published=published,
        source=source,
        language=language,
    )
    return ArticleRecord(article, entities, quotes, sentences(body))


def build_index(directory: Path, records: list[ArticleRecord]) -> tuple[Store, Index]:
    """A store and a whoosh index holding the records, as a build would leave them."""
    store = Store.open(directory / "store.sqlite3")
    with store.transaction():
        for rec in records:
            store.put_file(rec.article.id, FileState(1, 1, "h"), [rec])
    store.resolve_entities()
    index = create_index(directory / "whoosh")
    stored = store.for_index([rec.article.id for rec in records])
    write_batch(index, (), [document(article, row) for row, article in stored])
    store.clear_pending(store.pending())
    return store, index
