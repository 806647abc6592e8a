"""What every part of the Store shares: one SQLite connection, its lock, and write transactions."""

from __future__ import annotations

import sqlite3
import threading
from contextlib import AbstractContextManager
from pathlib import Path


class StoreBase:
    """The connection and lock the Store's parts (reading, writing, entities, merging) work through."""

    path: Path
    read_only: bool
    _db: sqlite3.Connection
    _lock: threading.RLock

    def _version(self) -> tuple[int, int]:
        """What changes whenever the store's data does, by another connection or by this one: for caches of it."""
        with self._lock:
            return int(self._db.execute("PRAGMA data_version").fetchone()[0]), self._db.total_changes

    def article_count(self) -> int:
        """How many articles the store holds (the Store's; see reading.py)."""
        raise NotImplementedError

    def transaction(self) -> AbstractContextManager[None]:
        """A write transaction (the Store's; see writing.py)."""
        raise NotImplementedError
