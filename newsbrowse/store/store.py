"""The article store: cleaned articles, the manifest of indexed files, entities, mentions and quotes in SQLite."""

from __future__ import annotations

import sqlite3
import threading
import time
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from newsbrowse.errors import IndexStoreError
from newsbrowse.extract.names import name_key
from newsbrowse.model import Article, Skipped
from newsbrowse.store.damage import check_is_file, failure
from newsbrowse.store.entities import AmbiguousNameError, EntityStore
from newsbrowse.store.records import ArticleRecord, ArticleRows
from newsbrowse.store.rows import NameMatch, article_of, article_rows, storable, stored_datetime, unpack_spans
from newsbrowse.store.schema import SCHEMA, STORE_VERSION

__all__ = ["AmbiguousNameError", "FileState", "NameMatch", "Store", "StoreVersionError", "article_rows"]


class StoreVersionError(IndexStoreError):
    """The store was written by another version of newsbrowse and must be rebuilt."""

    def __init__(self, found: str | None) -> None:
        super().__init__(f"the article store has version {found}, this newsbrowse uses {STORE_VERSION}")
        self.found = found


@dataclass(frozen=True, slots=True)
class FileState:
    """What the manifest remembers of a file: enough to tell whether it changed."""

    size: int
    mtime_ns: int
    hash: str


# Adds to a name's counts and evidence (negative values subtract).
_NAME_COUNTS = (
    "UPDATE names SET articles = articles + ?, mentions = mentions + ?, ev_person = ev_person + ?,"
    " ev_org = ev_org + ?, ev_place = ev_place + ?, ev_other = ev_other + ? WHERE rowid = ?"
)


class Store(EntityStore):
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

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """Run the block as one atomic write transaction."""
        with self._lock:
            self._db.execute("BEGIN IMMEDIATE")
            try:
                yield
                self._flush()
            except BaseException:
                self._db.execute("ROLLBACK")
                self._name_ids = None  # it may hold ids of names the rollback removed
                self._queued.clear()
                self._queued_files.clear()
                self._name_deltas.clear()
                self._alias_deltas.clear()
                raise
            finally:
                self._next_rowid = None
            self._db.execute("COMMIT")

    def get_meta(self, key: str) -> str | None:
        """A value stored in the meta table."""
        with self._lock:
            row = self._db.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return row[0] if row else None

    def set_meta(self, key: str, value: str) -> None:
        """Store a value in the meta table (inside a transaction)."""
        self._db.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", (key, value))

    # The manifest

    def manifest(self) -> dict[str, FileState]:
        """Every file read so far, by relpath."""
        with self._lock:
            rows = self._db.execute("SELECT path, size, mtime_ns, hash FROM files").fetchall()
        return {path: FileState(size, mtime, digest) for path, size, mtime, digest in rows}

    def file_skips(self) -> list[Skipped]:
        """The files and records that could not be read, as remembered from the runs that read them."""
        with self._lock:
            rows = self._db.execute("SELECT item, reason FROM skips ORDER BY file, rowid").fetchall()
        return [Skipped(item, reason) for item, reason in rows]

    # Writing (inside transaction(); the build is the only writer)

    def put_file(
        self,
        path: str,
        state: FileState,
        records: Sequence[ArticleRecord | ArticleRows],
        skipped: Sequence[Skipped] = (),
    ) -> list[str]:
        """Replace whatever a file held with its freshly read articles; returns the ids it held before."""
        old_ids = self._drop_articles(path)
        self._db.execute("DELETE FROM skips WHERE file = ?", (path,))
        for record in records:
            self._insert(path, record if isinstance(record, ArticleRows) else article_rows(record, self._new_rowid()))
        self._db.executemany(
            "INSERT INTO skips (file, item, reason) VALUES (?, ?, ?)", [(path, s.path, s.reason) for s in skipped]
        )
        status, reason = (
            ("indexed", None) if records else ("skipped", skipped[0].reason if skipped else "no article found")
        )
        self._db.execute(
            "INSERT OR REPLACE INTO files VALUES (?, ?, ?, ?, ?, ?, ?)",
            (path, state.size, state.mtime_ns, state.hash, status, reason, len(records)),
        )
        return old_ids

    def touch_file(self, path: str, state: FileState) -> None:
        """Remember a file's new size and mtime when its content did not change."""
        self._db.execute("UPDATE files SET size = ?, mtime_ns = ? WHERE path = ?", (state.size, state.mtime_ns, path))

    def remove_file(self, path: str) -> list[str]:
        """Forget a file that left the archive, with its articles; returns their ids."""
        old_ids = self._drop_articles(path)
        self._db.execute("DELETE FROM skips WHERE file = ?", (path,))
        self._db.execute("DELETE FROM files WHERE path = ?", (path,))
        return old_ids

    def rename_file(self, old: str, new: str, state: FileState) -> list[tuple[str, str]]:
        """Move a file's articles to its new path (and so new ids) without reading it again.

        Returns the (old id, new id) pairs.
        """
        self._flush()
        rows = self._db.execute("SELECT rowid, id FROM articles WHERE file = ?", (old,)).fetchall()
        self._db.executemany("INSERT OR IGNORE INTO pending VALUES (?)", [(article_id,) for _, article_id in rows])
        moved = [(new + article_id[len(old) :], new, rowid) for rowid, article_id in rows]
        self._db.executemany("UPDATE articles SET id = ?, file = ? WHERE rowid = ?", moved)
        self._db.executemany("INSERT OR IGNORE INTO pending VALUES (?)", [(article_id,) for article_id, _, _ in moved])
        self._db.execute(
            "UPDATE skips SET file = ?, item = ? || substr(item, ?) WHERE file = ?", (new, new, len(old) + 1, old)
        )
        self._db.execute(
            "UPDATE files SET path = ?, size = ?, mtime_ns = ? WHERE path = ?", (new, state.size, state.mtime_ns, old)
        )
        return [(old_id, new_id) for (_, old_id), (new_id, _, _) in zip(rows, moved, strict=True)]

    def _names(self) -> dict[tuple[str, str], int]:
        """The id of every known (name, type), loaded once and kept by the writer."""
        if self._name_ids is None:
            rows = self._db.execute("SELECT rowid, name, type FROM names").fetchall()
            self._name_ids = {(name, type_): rowid for rowid, name, type_ in rows}
        return self._name_ids

    def _name_id(self, name: str, type_: str) -> int:
        """The id of a (name, type), added if new."""
        names = self._names()
        found = names.get((name, type_))
        if found is None:
            cursor = self._db.execute(
                "INSERT INTO names (name, type, key) VALUES (?, ?, ?)", (name, type_, name_key(name))
            )
            found = names[(name, type_)] = int(cursor.lastrowid or 0)
        return found

    def next_rowid(self) -> int:
        """The first row number no article has used: new articles are numbered from here."""
        with self._lock:
            return int(self._db.execute("SELECT coalesce(max(rowid), 0) + 1 FROM articles").fetchone()[0])

    def _new_rowid(self) -> int:
        """A row number for an article given without one (inside a transaction)."""
        if self._next_rowid is None:
            self._flush()
            self._next_rowid = self.next_rowid()
        rowid = self._next_rowid
        self._next_rowid += 1
        return rowid

    def _insert(self, path: str, rows: ArticleRows) -> None:
        """Queue one article with its entities and quotes (written by `_flush`), and mark it pending."""
        rowid = rows.rowid
        queued = self._queued
        queued["articles"].append((rowid, rows.id, path, *rows.article[1:]))
        queued["pending"].append((rows.id,))
        self._queued_files.add(path)
        for entity in rows.entities:
            name_id = self._name_id(entity.name, entity.type)
            self._dirty_names.add(name_id)
            queued["article_entities"].append(
                (rowid, name_id, entity.role, entity.count, entity.spans, *entity.evidence)
            )
            deltas = self._name_deltas[name_id]
            for index, value in enumerate((1, entity.count, *entity.evidence)):
                deltas[index] += value
            for surface in entity.surfaces:
                self._alias_deltas[(surface, name_id)] += 1
        queued["quotes"].extend((rowid, *quote) for quote in rows.quotes)

    def _flush(self) -> None:
        """Write the queued rows: one executemany per table per batch instead of several per article."""
        queued = self._queued
        statements = (
            ("articles", "INSERT INTO articles VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"),
            ("pending", "INSERT OR IGNORE INTO pending VALUES (?)"),
            (
                "article_entities",
                "INSERT INTO article_entities (article, name, role, count, spans, ev_person, ev_org, ev_place, ev_other)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            ),
            (
                "quotes",
                "INSERT INTO quotes (article, start, end, text, speaker, speaker_key) VALUES (?, ?, ?, ?, ?, ?)",
            ),
        )
        for table, sql in statements:
            if queued[table]:
                self._db.executemany(sql, queued[table])
        queued.clear()
        self._queued_files.clear()
        self._db.executemany(_NAME_COUNTS, [(*deltas, name_id) for name_id, deltas in self._name_deltas.items()])
        self._db.executemany(
            "INSERT INTO aliases VALUES (?, ?, ?)"
            " ON CONFLICT (key, name) DO UPDATE SET articles = articles + excluded.articles",
            [(key, name_id, count) for (key, name_id), count in self._alias_deltas.items()],
        )
        self._name_deltas.clear()
        self._alias_deltas.clear()

    def _drop_articles(self, path: str) -> list[str]:
        """Delete a file's articles with their entities and quotes, keeping name counts exact; returns their ids."""
        if path in self._queued_files:  # written earlier in this transaction: write out before reading
            self._flush()
        rows = self._db.execute("SELECT rowid, id, body FROM articles WHERE file = ?", (path,)).fetchall()
        if not rows:
            return []
        self._db.executemany("INSERT OR IGNORE INTO pending VALUES (?)", [(article_id,) for _, article_id, _ in rows])
        name_counts: list[tuple[int, ...]] = []
        alias_rows: list[tuple[str, int]] = []
        for rowid, _, body in rows:
            for name_id, name, count, spans, *evidence in self._db.execute(
                "SELECT ae.name, n.name, ae.count, ae.spans, ae.ev_person, ae.ev_org, ae.ev_place, ae.ev_other"
                " FROM article_entities ae JOIN names n ON n.rowid = ae.name WHERE ae.article = ?",
                (rowid,),
            ):
                self._dirty_names.add(name_id)
                name_counts.append((-1, -count, *(-value for value in evidence), name_id))
                surfaces = {name_key(body[start:end]) for start, end, _, _ in unpack_spans(spans)}
                surfaces.add(name_key(name))
                alias_rows.extend((surface, name_id) for surface in surfaces)
        self._db.executemany(_NAME_COUNTS, name_counts)
        self._db.executemany("UPDATE aliases SET articles = articles - 1 WHERE key = ? AND name = ?", alias_rows)
        self._db.executemany("DELETE FROM aliases WHERE key = ? AND name = ? AND articles <= 0", alias_rows)
        rowids = [(rowid,) for rowid, _, _ in rows]
        self._db.executemany("DELETE FROM article_entities WHERE article = ?", rowids)
        self._db.executemany("DELETE FROM choices WHERE article = ?", rowids)
        self._db.executemany("DELETE FROM quotes WHERE article = ?", rowids)
        self._db.execute("DELETE FROM articles WHERE file = ?", (path,))
        return [article_id for _, article_id, _ in rows]

    # The index journal

    def pending(self) -> list[str]:
        """Ids of articles whose full-text index entry may be out of date."""
        with self._lock:
            return [row[0] for row in self._db.execute("SELECT id FROM pending ORDER BY id")]

    def clear_pending(self, ids: Iterable[str]) -> None:
        """Forget pending ids once the full-text index has committed them."""
        with self.transaction():
            self._db.executemany("DELETE FROM pending WHERE id = ?", [(i,) for i in ids])

    # Reading

    def article_count(self) -> int:
        """How many articles the store holds."""
        with self._lock:
            return int(self._db.execute("SELECT count(*) FROM articles").fetchone()[0])

    def article_ids(self) -> list[str]:
        """The ids of every stored article."""
        with self._lock:
            return [row[0] for row in self._db.execute("SELECT id FROM articles ORDER BY rowid")]

    def article(self, article_id: str) -> Article | None:
        """One article by its id."""
        if not storable(article_id):
            return None
        with self._lock:
            row = self._db.execute(
                "SELECT id, file, title, body, url, published, authors, source, dateline, language, section"
                " FROM articles WHERE id = ?",
                (article_id,),
            ).fetchone()
        return None if row is None else article_of(row)

    def bodies(
        self, article_ids: Sequence[str]
    ) -> dict[str, tuple[str, str, date | datetime | None, str | None, str | None]]:
        """Title, body, date, source and section of several articles, by id (missing ids left out)."""
        if not article_ids:
            return {}
        marks = ",".join("?" * len(article_ids))
        with self._lock:
            rows = self._db.execute(
                f"SELECT id, title, body, published, source, section FROM articles WHERE id IN ({marks})",
                list(article_ids),
            ).fetchall()
        return {row[0]: (row[1], row[2], stored_datetime(row[3]), row[4], row[5]) for row in rows}

    def for_index(self, article_ids: Sequence[str]) -> list[tuple[int, Article]]:
        """(row, article) of each id still stored, for the full-text index."""
        found: list[tuple[int, Article]] = []
        for start in range(0, len(article_ids), 500):
            chunk = list(article_ids[start : start + 500])
            with self._lock:
                rows = self._db.execute(
                    "SELECT rowid, id, file, title, body, url, published, authors, source, dateline, language, section"
                    f" FROM articles WHERE id IN ({','.join('?' * len(chunk))})",
                    chunk,
                ).fetchall()
            found.extend((row[0], article_of(row[1:])) for row in rows)
        return found
