"""Helpers for the store/index/archive tests: articles, entities and quotes built by hand."""

from __future__ import annotations

import re
from datetime import datetime

from newsbrowse.model import Article, Entity, Mention, Quote
from newsbrowse.store.records import ArticleRecord


def entity(text: str, name: str, type_: str, *surfaces: str) -> Entity:
    """An entity whose mentions are every whole-word occurrence of its surface forms in `text`."""
    mentions: list[Mention] = []
    taken: set[int] = set()
    for surface in sorted(surfaces or (name,), key=len, reverse=True):
        for match in re.finditer(rf"\b{re.escape(surface)}\b", text):
            if taken.isdisjoint(range(match.start(), match.end())):
                taken.update(range(match.start(), match.end()))
                mentions.append(Mention(match.start(), match.end(), surface))
    assert mentions, f"{surfaces or name!r} not in the text"
    return Entity(name, type_, tuple(sorted(mentions, key=lambda m: m.start)))  # type: ignore[arg-type]


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
) -> ArticleRecord:
    """An ArticleRecord for an article written in the test."""
    article = Article(
        id=article_id, path=article_id.split("#")[0], title=title, body=body, published=published, source=source
    )
    return ArticleRecord(article, entities, quotes, sentences(body))
