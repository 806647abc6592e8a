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

    def transaction(self) -> AbstractContextManager[None]:
        """A write transaction (the Store's; see writing.py)."""
        raise NotImplementedError
