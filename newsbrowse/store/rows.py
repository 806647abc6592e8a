"""The store's rows for an article, made in the build's workers, and the small helpers that read them back."""

from __future__ import annotations

import json
from array import array
from bisect import bisect_right
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from typing import Any

from newsbrowse.extract.names import name_key
from newsbrowse.model import Article, Entity, NameMatch
from newsbrowse.store.copies import signature
from newsbrowse.store.records import ArticleRecord, ArticleRows, EntityRows
from newsbrowse.store.resolve import capped

SPAN_WIDTH = 4  # start, end, sentence start, sentence end


def wall_clock(published: date | datetime | None) -> str | None:
    """The article's local date and time as a sortable string, its UTC offset dropped (a date alone
    sorts as its midnight).

    Articles state their own local time ("May 21, 2021 - 18:31" in Tehran); sorting and
    date filters use that wall-clock time, which is what a reader means by the date.
    """
    if published is None:
        return None
    if not isinstance(published, datetime):
        published = datetime(published.year, published.month, published.day)
    return published.replace(tzinfo=None).isoformat(timespec="seconds")


def _pack_spans(entity: Entity, starts: Sequence[int], sentences: Sequence[tuple[int, int]]) -> bytes:
    """The mentions of an entity with the sentence each sits in, packed as int32 quadruples."""
    values = array("i")
    for mention in sorted(entity.mentions, key=lambda m: m.start):
        at = bisect_right(starts, mention.start) - 1
        if at >= 0 and sentences[at][1] >= mention.end:
            sentence = sentences[at]
        else:
            sentence = (mention.start, mention.end)
        values.extend((mention.start, mention.end, sentence[0], sentence[1]))
    return values.tobytes()


def unpack_spans(blob: bytes) -> list[tuple[int, int, int, int]]:
    """The (start, end, sentence start, sentence end) quadruples of a packed blob."""
    values = array("i")
    values.frombytes(blob)
    return [tuple(values[i : i + SPAN_WIDTH]) for i in range(0, len(values), SPAN_WIDTH)]  # type: ignore[misc]


def _merged_entities(entities: Iterable[Entity]) -> list[Entity]:
    """The entities with duplicates of one (name, type) combined, so each is stored once per article."""
    merged: dict[tuple[str, str], Entity] = {}
    for entity in entities:
        key = (entity.name, entity.type)
        if key in merged:
            old = merged[key]
            a, b = old.evidence, entity.evidence
            evidence = (a[0] + b[0], a[1] + b[1], a[2] + b[2], a[3] + b[3])
            merged[key] = Entity(old.name, old.type, old.mentions + entity.mentions, old.role or entity.role, evidence)
        else:
            merged[key] = entity
    return list(merged.values())


def article_rows(record: ArticleRecord, rowid: int) -> ArticleRows:
    """The store's rows for one extracted article, to be row `rowid` (pure: runs in the build's workers)."""
    article = record.article
    sentences = sorted(record.sentences)
    starts = [start for start, _ in sentences]
    entities = tuple(
        EntityRows(
            entity.name,
            entity.type,
            entity.role,
            len(entity.mentions),
            _pack_spans(entity, starts, sentences),
            tuple(sorted({name_key(text) for text in {mention.text for mention in entity.mentions} | {entity.name}})),
            capped(entity.evidence),
        )
        for entity in _merged_entities(record.entities)
    )
    return ArticleRows(
        rowid,
        article.id,
        (
            article.id,
            article.title,
            article.body,
            article.url,
            article.published.isoformat() if article.published else None,
            wall_clock(article.published),
            json.dumps(list(article.authors), ensure_ascii=False),
            article.source,
            article.dateline,
            article.language,
            article.section,
        ),
        entities,
        tuple((q.start, q.end, q.text, q.speaker, name_key(q.speaker) if q.speaker else None) for q in record.quotes),
        signature(article.body),
    )


# No name is this long; longer lookups (and SQLite's 50,000-byte LIKE limit) are cut short.
_LONGEST_NAME = 1000


def storable(text: str) -> bool:
    """Whether SQLite can be given the text (a lone surrogate, from undecodable bytes, cannot)."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def searchable(key: str) -> bool:
    """Whether a folded key could start or be a stored name's key (not longer than any, and text SQLite takes)."""
    return len(key) <= _LONGEST_NAME and storable(key)


def key_condition(pattern: str, match: NameMatch) -> tuple[str, str]:
    """The SQL condition and value matching folded names: equal, starting with, or a * and ? pattern."""
    if match == "prefix":
        return "LIKE ? ESCAPE '\\'", pattern.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
    if match == "glob":
        return "GLOB ?", pattern.replace("[", "[[]")
    return "= ?", pattern


def stored_datetime(text: str | None) -> date | datetime | None:
    """A stored ISO date back as a date (the day alone, as stored) or a datetime."""
    if not text:
        return None
    return date.fromisoformat(text) if len(text) == len("2021-05-21") else datetime.fromisoformat(text)


def article_of(row: Sequence[Any]) -> Article:
    """An Article from the articles table's columns id, file, title, body, url, published, authors, source,
    dateline, language, section."""
    id_, file, title, body, url, published, authors, source, dateline, language, section = row
    return Article(
        id=id_,
        path=file,
        title=title,
        body=body,
        url=url,
        published=stored_datetime(published),
        authors=tuple(json.loads(authors)),
        source=source,
        dateline=dateline,
        language=language,
        section=section,
    )
