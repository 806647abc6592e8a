"""The article store: cleaned articles, the manifest of indexed files, entities, mentions and quotes in SQLite.

Store is one connection with a part per job: writing.py (the build's batched writes and the
pending list), reading.py (articles and the manifest), entities.py (entity lookups, mentions,
quotes, names in queries), merging.py (archive-wide entity resolution). This module opens,
creates and checks the database.
"""

from __future__ import annotations

import sqlite3
import threading
import time
from collections import Counter, defaultdict
from pathlib import Path

from newsbrowse.errors import IndexStoreError
from newsbrowse.store.damage import check_is_file, failure
from newsbrowse.store.entities import AmbiguousNameError, EntityReader
from newsbrowse.store.facets import FacetReader
from newsbrowse.store.merging import EntityMerging
from newsbrowse.store.reading import ArticleReader
from newsbrowse.store.records import FileState
from newsbrowse.store.related import RelatedReader
from newsbrowse.store.rows import article_rows
from newsbrowse.store.schema import SCHEMA, STORE_VERSION
from newsbrowse.store.writing import StoreWriter

__all__ = ["AmbiguousNameError", "FileState", "Store", "StoreVersionError", "article_rows"]


class StoreVersionError(IndexStoreError):
    """The store was written by another version of newsbrowse and must be rebuilt."""

    def __init__(self, found: str | None) -> None:
        super().__init__(f"the article store has version {found}, this newsbrowse uses {STORE_VERSION}")
        self.found = found


class Store(StoreWriter, EntityMerging, EntityReader, RelatedReader, ArticleReader, FacetReader):
    """One SQLite database (WAL mode) holding everything but the full-text index.

    A single writer (the build) changes it inside `transaction()`; any number of readers,
    in this or other processes, query it at the same time. Methods are thread-safe.
    """

    def __init__(self, connection: sqlite3.Connection, path: Path) -> None:
        self.path = path
        self.read_only = False
        self._db = connection
        self._lock = threading.RLock()
        self._name_ids: dict[tuple[str, str], int] | None = None
        self._dirty_names: set[int] = set()
        # Rows queued by the writer inside a transaction, written together by _flush.
        self._queued: defaultdict[str, list[tuple[object, ...]]] = defaultdict(list)
        self._name_deltas: defaultdict[int, list[int]] = defaultdict(lambda: [0, 0, 0, 0, 0, 0])
        self._alias_deltas: Counter[tuple[str, int]] = Counter()
        self._next_rowid: int | None = None
        self._queued_files: set[str] = set()
        self._queued_copies: list[tuple[int, str, bytes, list[int]]] = []

    # Opening

    @classmethod
    def _connect(cls, path: Path) -> Store:
        """A connection to the database at `path` in WAL mode, its tables not looked at."""
        connection = sqlite3.connect(path, timeout=60, isolation_level=None, check_same_thread=False)
        # Switching to WAL needs a moment alone with the file and does not wait for the busy
        # timeout: a store another process is creating this very moment answers "locked".
        deadline = time.monotonic() + 60
        while True:
            try:
                connection.execute("PRAGMA journal_mode=WAL")
                break
            except sqlite3.OperationalError as err:
                if "locked" not in str(err) or time.monotonic() > deadline:
                    connection.close()
                    raise
                time.sleep(0.05)
        # FULL: the commit that records pending index work must survive a power cut,
        # or the full-text index could hold articles the store has forgotten.
        connection.execute("PRAGMA synchronous=FULL")
        connection.execute("PRAGMA cache_size=-32000")
        return cls(connection, path)

    @classmethod
    def open(cls, path: Path, read_only: bool = False) -> Store:
        """Open the store at `path`, creating it if missing; StoreVersionError if it is from another version.

        `read_only` reads a store in a folder that cannot be written (a read-only mount),
        where SQLite cannot make the files WAL mode needs: taken as immutable, never locked.
        IndexDamagedError if the file is no sound SQLite database.
        """
        check_is_file(path)
        store: Store | None = None
        try:
            if read_only:
                uri = f"{path.absolute().as_uri()}?mode=ro&immutable=1"
                store = cls(sqlite3.connect(uri, uri=True, isolation_level=None, check_same_thread=False), path)
                store.read_only = True
            else:
                store = cls._connect(path)
            store._prepare()
        except sqlite3.Error as err:
            if store is not None:
                store.close()
            raise failure("cannot open", path, err) from err
        return store

    @classmethod
    def recreate(cls, path: Path) -> Store:
        """The store at `path` made empty in place: every table dropped and created anew, in one transaction.

        The file stays (never unlinked): SQLite processes with the old store open could
        otherwise delete the new one's WAL file by its name. IndexDamagedError if the file
        is too damaged to be emptied so.
        """
        check_is_file(path)
        store: Store | None = None
        try:
            store = cls._connect(path)
            with store.transaction():
                tables = [row[0] for row in store._db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
                for table in tables:
                    store._db.execute(f'DROP TABLE IF EXISTS "{table}"')
                store._create()
        except sqlite3.Error as err:
            if store is not None:
                store.close()
            raise failure("cannot empty", path, err) from err
        return store

    def _create(self) -> None:
        """Create the tables and record the version (inside a transaction)."""
        for statement in SCHEMA.split(";"):
            if statement.strip():
                self._db.execute(statement)
        self._db.execute("INSERT INTO meta VALUES ('version', ?)", (str(STORE_VERSION),))

    def _prepare(self) -> None:
        """Create the tables in an empty database, or check the version of an existing one.

        An existing store is checked with a plain read, so that opening one never waits
        for a build's write transaction.
        """
        try:
            row = self._db.execute("SELECT value FROM meta WHERE key = 'version'").fetchone()
        except sqlite3.OperationalError:  # no meta table: a new database
            with self.transaction():
                exists = self._db.execute("SELECT 1 FROM sqlite_master WHERE name = 'meta'").fetchone()
                if not exists:
                    self._create()
                    return
                row = self._db.execute("SELECT value FROM meta WHERE key = 'version'").fetchone()
        found = row[0] if row else None
        if found != str(STORE_VERSION):
            self.close()
            raise StoreVersionError(found)

    def sound(self) -> bool:
        """Whether SQLite finds the file's structure sound (a quick check of every page, the free ones too)."""
        with self._lock:
            try:
                rows = self._db.execute("PRAGMA quick_check").fetchall()
            except sqlite3.DatabaseError:
                return False
        return rows == [("ok",)]

    def close(self) -> None:
        """Close the database connection."""
        with self._lock:
            self._db.close()
