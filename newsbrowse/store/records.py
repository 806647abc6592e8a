"""What the build pipeline hands to the store and the index for one article."""

from __future__ import annotations

from dataclasses import dataclass

from newsbrowse.model import Article, Entity, Quote


@dataclass(frozen=True, slots=True)
class ArticleRecord:
    """A cleaned article with its entities, quotes and sentence spans (from split_sentences)."""

    article: Article
    entities: tuple[Entity, ...] = ()
    quotes: tuple[Quote, ...] = ()
    sentences: tuple[tuple[int, int], ...] = ()
