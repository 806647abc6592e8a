"""The whoosh schema: which parts of an article are searchable and how, and the document of one article."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from whoosh import fields

from newsbrowse.extract.names import name_key
from newsbrowse.index.analysis import FoldedText
from newsbrowse.store.records import ArticleRecord

# Bump when the schema or the documents change; an index of another version is rebuilt
# from the article store (no file is read again), and the rebuild is announced.
# 2: words folded by newsbrowse.index.analysis (once per text, not per token).
INDEX_VERSION = 2

# Entity fields hold whole names as single terms ("mikhail ulyanov"), keyed like the store.
ENTITY_FIELDS: tuple[str, ...] = ("person", "org", "place", "other")


def build_schema() -> fields.Schema:
    """The schema of the full-text index.

    Positions (for "phrases") only on title, body and source, whose words are folded to
    lower case without accents, common English words left out (newsbrowse.index.analysis);
    no term vectors; only the id is stored: everything else shown comes from the article store.
    """
    names = fields.KEYWORD(commas=True, lowercase=True)
    return fields.Schema(
        id=fields.ID(stored=True, unique=True),
        title=FoldedText(field_boost=2.0),
        body=FoldedText(),
        source=FoldedText(),
        lang=fields.KEYWORD(lowercase=True),
        date=fields.DATETIME(sortable=True),
        speaker=names,
        **dict.fromkeys(ENTITY_FIELDS, names),
    )


def _names_value(keys: set[str]) -> str:
    """Names as one comma-separated KEYWORD value (commas inside a name become spaces)."""
    return ",".join(sorted(key.replace(",", " ") for key in keys if key))


def document(record: ArticleRecord) -> dict[str, Any]:
    """The index document of one article.

    Entity fields hold each entity's name as the extractor gave it in this article and
    the forms it was written in; cross-article merging happens at query time (the store
    knows which names are one entity), so a later merge never needs a re-index.
    """
    article = record.article
    doc: dict[str, Any] = {"id": article.id, "title": article.title, "body": article.body}
    if article.source:
        doc["source"] = article.source
    if article.language:
        doc["lang"] = article.language
    if article.published is not None:
        # DATETIME wants a naive datetime; the article's wall-clock time, as in the store.
        doc["date"] = article.published.replace(tzinfo=None)
    typed: dict[str, set[str]] = defaultdict(set)
    for entity in record.entities:
        field: str = entity.type if entity.type in ENTITY_FIELDS else "other"
        typed[field].add(name_key(entity.name))
        typed[field].update(name_key(mention.text) for mention in entity.mentions)
    for field, keys in typed.items():
        doc[field] = _names_value(keys)
    speakers = {name_key(quote.speaker) for quote in record.quotes if quote.speaker}
    if speakers:
        doc["speaker"] = _names_value(speakers)
    return doc
