"""The article store (SQLite): articles, the manifest of indexed files, entities, mentions, quotes."""

from newsbrowse.store.damage import is_damage
from newsbrowse.store.records import ArticleRecord, ArticleRows
from newsbrowse.store.store import AmbiguousNameError, FileState, Store, StoreVersionError, article_rows

__all__ = [
    "AmbiguousNameError",
    "ArticleRecord",
    "ArticleRows",
    "FileState",
    "Store",
    "StoreVersionError",
    "article_rows",
    "is_damage",
]
