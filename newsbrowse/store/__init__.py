"""The article store (SQLite): articles, the manifest of indexed files, entities, mentions, quotes."""

from newsbrowse.store.records import ArticleRecord
from newsbrowse.store.store import AmbiguousNameError, FileState, Store, StoreVersionError

__all__ = ["AmbiguousNameError", "ArticleRecord", "FileState", "Store", "StoreVersionError"]
