"""The whoosh schema: which parts of an article are searchable and how, and the document of one article."""

from __future__ import annotations

from datetime import datetime, time
from typing import Any

from whoosh import columns, fields

from newsbrowse.index.analysis import ArticleText, ExactForms, FoldedText, article_names
from newsbrowse.model import Article

# Bump when the schema or the documents change; an index of another version is rebuilt
# from the article store (no file is read again), and the rebuild is announced.
# 2: words folded by newsbrowse.index.analysis (once per text, not per token).
# 3: names and dates answered by the store and the date column, not indexed; a key column.
# 4: hyphenated compounds also indexed as one word ("counterterrorism").
# 5: title and body words stemmed by the article's language, names marked, written forms in `exact`.
INDEX_VERSION = 5


class DateColumn(fields.DATETIME):  # type: ignore[misc]
    """The published date as a sortable column only: date conditions bisect the column (search.py).

    Indexed, a date is eight terms per article that the build writes and no search reads
    (whoosh's range queries over them took ~175 ms at 100k articles).
    """

    indexed = False

    def __init__(self) -> None:
        super().__init__(sortable=True)


def build_schema() -> fields.Schema:
    """The schema of the full-text index.

    Positions (for "phrases") only on title, body and source, whose words are folded to
    lower case without accents, common English words left out (newsbrowse.index.analysis);
    title and body words are stemmed in the article's language (names are not), and `exact`
    holds, per article, the written forms a quoted word needs (newsbrowse.index.stemming);
    no term vectors; only the id is stored: everything else shown comes from the article
    store. Names (person:, org:, ...) are looked up in the store, which knows every
    article naming an entity; the `key` column (the article's row in the store) leads from
    the store's answer to the documents.
    """
    return fields.Schema(
        id=fields.ID(stored=True, unique=True),
        key=fields.COLUMN(columns.NumericColumn("Q")),
        title=FoldedText(field_boost=2.0),
        body=FoldedText(),
        source=FoldedText(),
        exact=ExactForms(),
        lang=fields.KEYWORD(lowercase=True),
        date=DateColumn(),
    )


def document(article: Article, key: int) -> dict[str, Any]:
    """The index document of one article; `key` is its row in the article store."""
    language, names = article.language, article_names(article.title, article.body, article.language)
    doc: dict[str, Any] = {
        "id": article.id,
        "key": key,
        "title": ArticleText(article.title, language, names),
        "body": ArticleText(article.body, language, names),
        "exact": ArticleText(f"{article.title}\n\n{article.body}", language, names),
    }
    if article.source:
        doc["source"] = article.source
    if article.language:
        doc["lang"] = article.language
    if article.published is not None:
        # DATETIME wants a naive datetime; the article's wall-clock time, as in the store
        # (a date alone as its midnight).
        published = article.published
        if not isinstance(published, datetime):
            published = datetime.combine(published, time())
        doc["date"] = published.replace(tzinfo=None)
    return doc
