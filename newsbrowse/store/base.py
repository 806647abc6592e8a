"""What every part of the Store shares: one SQLite connection, its lock, and write transactions."""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterator, Sequence
from contextlib import AbstractContextManager
from pathlib import Path
from typing import TypeVar

_T = TypeVar("_T")
# SQLite takes at most this many values in one statement; longer lists go in chunks.
IN_CHUNK = 900


def in_chunks(values: Sequence[_T]) -> Iterator[tuple[Sequence[_T], str]]:
    """Slices of at most IN_CHUNK values, each with its "?,?,…" for an IN list."""
    for start in range(0, len(values), IN_CHUNK):
        chunk = values[start : start + IN_CHUNK]
        yield chunk, ",".join("?" * len(chunk))


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
