"""The article store: cleaned articles, the manifest of indexed files, entities, mentions and quotes in SQLite."""

from __future__ import annotations

import json
import sqlite3
import threading
import time
from array import array
from bisect import bisect_right
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any, Literal

from newsbrowse.errors import IndexStoreError, QueryError
from newsbrowse.extract.names import name_key
from newsbrowse.model import (
    Article,
    Entity,
    EntitySummary,
    EntityType,
    Mention,
    MentionHit,
    Quote,
    QuoteHit,
    Skipped,
)
from newsbrowse.store.damage import check_is_file, failure
from newsbrowse.store.names import NameRow, entity_label, resolve_names
from newsbrowse.store.records import ArticleRecord, ArticleRows, EntityRows
from newsbrowse.store.schema import SCHEMA, STORE_VERSION

_SPAN_WIDTH = 4  # start, end, sentence start, sentence end
# How a name condition matches folded names: the name (or a form it was written in), a prefix, a * ? pattern.
NameMatch = Literal["name", "prefix", "glob"]


class StoreVersionError(IndexStoreError):
    """The store was written by another version of newsbrowse and must be rebuilt."""

    def __init__(self, found: str | None) -> None:
        super().__init__(f"the article store has version {found}, this newsbrowse uses {STORE_VERSION}")
        self.found = found


class AmbiguousNameError(QueryError):
    """A name that stands for several entities; the message lists them."""

    def __init__(self, name: str, candidates: Sequence[str]) -> None:
        listed = ", ".join(candidates[:5]) + (" ..." if len(candidates) > 5 else "")
        super().__init__(f"'{name}' may mean {listed}: give the full name")
        self.candidates = tuple(candidates)


@dataclass(frozen=True, slots=True)
class FileState:
    """What the manifest remembers of a file: enough to tell whether it changed."""

    size: int
    mtime_ns: int
    hash: str


def wall_clock(published: date | datetime | None) -> str | None:
    """The article's local date and time as a sortable string, its UTC offset dropped (a date alone
    sorts as its midnight).

    Articles state their own local time ("May 21, 2021 - 18:31" in Tehran); sorting and
    date filters use that wall-clock time, which is what a reader means by the date.
    """
    if published is None:
        return None
    if not isinstance(published, datetime):
        published = datetime(published.year, published.month, published.day)
    return published.replace(tzinfo=None).isoformat(timespec="seconds")


def _pack_spans(entity: Entity, starts: Sequence[int], sentences: Sequence[tuple[int, int]]) -> bytes:
    """The mentions of an entity with the sentence each sits in, packed as int32 quadruples."""
    values = array("i")
    for mention in sorted(entity.mentions, key=lambda m: m.start):
        at = bisect_right(starts, mention.start) - 1
        if at >= 0 and sentences[at][1] >= mention.end:
            sentence = sentences[at]
        else:
            sentence = (mention.start, mention.end)
        values.extend((mention.start, mention.end, sentence[0], sentence[1]))
    return values.tobytes()


def _unpack_spans(blob: bytes) -> list[tuple[int, int, int, int]]:
    """The (start, end, sentence start, sentence end) quadruples of a packed blob."""
    values = array("i")
    values.frombytes(blob)
    return [tuple(values[i : i + _SPAN_WIDTH]) for i in range(0, len(values), _SPAN_WIDTH)]  # type: ignore[misc]


def _merged_entities(entities: Iterable[Entity]) -> list[Entity]:
    """The entities with duplicates of one (name, type) combined, so each is stored once per article."""
    merged: dict[tuple[str, str], Entity] = {}
    for entity in entities:
        key = (entity.name, entity.type)
        if key in merged:
            old = merged[key]
            merged[key] = Entity(old.name, old.type, old.mentions + entity.mentions, old.role or entity.role)
        else:
            merged[key] = entity
    return list(merged.values())


def article_rows(record: ArticleRecord, rowid: int) -> ArticleRows:
    """The store's rows for one extracted article, to be row `rowid` (pure: runs in the build's workers)."""
    article = record.article
    sentences = sorted(record.sentences)
    starts = [start for start, _ in sentences]
    entities = tuple(
        EntityRows(
            entity.name,
            entity.type,
            entity.role,
            len(entity.mentions),
            _pack_spans(entity, starts, sentences),
            tuple(sorted({name_key(text) for text in {mention.text for mention in entity.mentions} | {entity.name}})),
        )
        for entity in _merged_entities(record.entities)
    )
    return ArticleRows(
        rowid,
        article.id,
        (
            article.id,
            article.title,
            article.body,
            article.url,
            article.published.isoformat() if article.published else None,
            wall_clock(article.published),
            json.dumps(list(article.authors), ensure_ascii=False),
            article.source,
            article.dateline,
            article.language,
            article.section,
        ),
        entities,
        tuple(
            (q.start, q.end, q.text, q.speaker, name_key(q.speaker) if q.speaker else None) for q in record.quotes
        ),
    )


# No name is this long; longer lookups (and SQLite's 50,000-byte LIKE limit) are cut short.
_LONGEST_NAME = 1000


def _storable(text: str) -> bool:
    """Whether SQLite can be given the text (a lone surrogate, from undecodable bytes, cannot)."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _searchable(key: str) -> bool:
    """Whether a folded key could start or be a stored name's key (not longer than any, and text SQLite takes)."""
    return len(key) <= _LONGEST_NAME and _storable(key)


def _key_condition(pattern: str, match: NameMatch) -> tuple[str, str]:
    """The SQL condition and value matching folded names: equal, starting with, or a * and ? pattern."""
    if match == "prefix":
        return "LIKE ? ESCAPE '\\'", pattern.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
    if match == "glob":
        return "GLOB ?", pattern.replace("[", "[[]")
    return "= ?", pattern


def _datetime(text: str | None) -> date | datetime | None:
    """A stored ISO date back as a date (the day alone, as stored) or a datetime."""
    if not text:
        return None
    return date.fromisoformat(text) if len(text) == len("2021-05-21") else datetime.fromisoformat(text)


def _article(row: Sequence[Any]) -> Article:
    """An Article from the articles table's columns id, file, title, body, url, published, authors, source,
    dateline, language, section."""
    id_, file, title, body, url, published, authors, source, dateline, language, section = row
    return Article(
        id=id_,
        path=file,
        title=title,
        body=body,
        url=url,
        published=_datetime(published),
        authors=tuple(json.loads(authors)),
        source=source,
        dateline=dateline,
        language=language,
        section=section,
    )


class Store:
    """One SQLite database (WAL mode) holding everything but the full-text index.

    A single writer (the build) changes it inside `transaction()`; any number of readers,
    in this or other processes, query it at the same time. Methods are thread-safe.
    """

    def __init__(self, connection: sqlite3.Connection, path: Path) -> None:
        self.path = path
        self._db = connection
        self._lock = threading.RLock()
        self._name_ids: dict[tuple[str, str], int] | None = None
        self._dirty_names: set[int] = set()
        # Rows queued by the writer inside a transaction, written together by _flush.
        self._queued: defaultdict[str, list[tuple[object, ...]]] = defaultdict(list)
        self._name_deltas: defaultdict[int, tuple[int, int]] = defaultdict(lambda: (0, 0))
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
            queued["article_entities"].append((rowid, name_id, entity.role, entity.count, entity.spans))
            articles, mentions = self._name_deltas[name_id]
            self._name_deltas[name_id] = (articles + 1, mentions + entity.count)
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
                "INSERT INTO article_entities (article, name, role, count, spans) VALUES (?, ?, ?, ?, ?)",
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
        self._db.executemany(
            "UPDATE names SET articles = articles + ?, mentions = mentions + ? WHERE rowid = ?",
            [(articles, mentions, name_id) for name_id, (articles, mentions) in self._name_deltas.items()],
        )
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
        name_counts: list[tuple[int, int]] = []
        alias_rows: list[tuple[str, int]] = []
        for rowid, _, body in rows:
            for name_id, name, count, spans in self._db.execute(
                "SELECT ae.name, n.name, ae.count, ae.spans FROM article_entities ae"
                " JOIN names n ON n.rowid = ae.name WHERE ae.article = ?",
                (rowid,),
            ):
                self._dirty_names.add(name_id)
                name_counts.append((count, name_id))
                surfaces = {name_key(body[start:end]) for start, end, _, _ in _unpack_spans(spans)}
                surfaces.add(name_key(name))
                alias_rows.extend((surface, name_id) for surface in surfaces)
        self._db.executemany(
            "UPDATE names SET articles = articles - 1, mentions = mentions - ? WHERE rowid = ?", name_counts
        )
        self._db.executemany("UPDATE aliases SET articles = articles - 1 WHERE key = ? AND name = ?", alias_rows)
        self._db.executemany("DELETE FROM aliases WHERE key = ? AND name = ? AND articles <= 0", alias_rows)
        rowids = [(rowid,) for rowid, _, _ in rows]
        self._db.executemany("DELETE FROM article_entities WHERE article = ?", rowids)
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

    # Archive-wide entities

    def resolve_entities(self, everything: bool = False) -> None:
        """Merge names into archive-wide entities again and refresh the counts that changed.

        Cheap when few names changed: the merge itself is computed over all names (it
        must not depend on indexing order), but only entities whose members or counts
        changed are written.
        """
        with self.transaction():
            self._resolve(everything)

    def _resolve(self, everything: bool) -> None:
        """The body of resolve_entities, inside its transaction."""
        dirty = self._dirty_names
        if not dirty and not everything:
            return
        # Entities losing a name that no article uses any more must be recounted too.
        changed_keys = {
            row[0]
            for row in self._db.execute(
                "SELECT e.key FROM names n JOIN entities e ON e.rowid = n.entity WHERE n.articles <= 0"
            )
        }
        self._db.execute("DELETE FROM names WHERE articles <= 0")
        rows = [
            NameRow(rowid, name, type_, key, articles)
            for rowid, name, type_, key, articles in self._db.execute(
                "SELECT rowid, name, type, key, articles FROM names"
            )
        ]
        if self._name_ids is not None:
            live = {row.id for row in rows}
            self._name_ids = {k: v for k, v in self._name_ids.items() if v in live}
        aliases: dict[str, list[int]] = defaultdict(list)
        for key, name_id in self._db.execute(
            "SELECT a.key, a.name FROM aliases a WHERE a.key IN (SELECT key FROM names WHERE type != 'person')"
        ):
            aliases[key].append(name_id)
        target = resolve_names(rows, aliases)
        current: dict[int, str | None] = dict(
            self._db.execute("SELECT n.rowid, e.key FROM names n LEFT JOIN entities e ON e.rowid = n.entity")
        )
        members: dict[str, list[NameRow]] = defaultdict(list)
        moved: list[NameRow] = []
        for row in rows:
            key = target[row.id]
            members[key].append(row)
            before = current.get(row.id)
            if before != key:
                moved.append(row)
                if before is not None:
                    changed_keys.add(before)
            if everything or row.id in dirty or before != key:
                changed_keys.add(key)
        entity_ids: dict[str, int] = dict(self._db.execute("SELECT key, rowid FROM entities"))
        for key in changed_keys & members.keys():
            name, type_ = entity_label(members[key], key)
            if key in entity_ids:
                self._db.execute(
                    "UPDATE entities SET name = ?, type = ? WHERE rowid = ?", (name, type_, entity_ids[key])
                )
            else:
                cursor = self._db.execute("INSERT INTO entities (key, name, type) VALUES (?, ?, ?)", (key, name, type_))
                entity_ids[key] = int(cursor.lastrowid or 0)
        self._db.executemany(
            "UPDATE names SET entity = ? WHERE rowid = ?", [(entity_ids[target[row.id]], row.id) for row in moved]
        )
        if changed_keys - members.keys():
            self._db.execute(
                "DELETE FROM entities WHERE rowid NOT IN (SELECT entity FROM names WHERE entity IS NOT NULL)"
            )
        for key in changed_keys & members.keys():
            self._count(entity_ids[key], members[key])
        self._dirty_names = set()

    def _count(self, entity_id: int, members: Sequence[NameRow]) -> None:
        """Refresh one entity's article and mention counts from its member names."""
        ids = [row.id for row in members]
        marks = ",".join("?" * len(ids))
        mentions = self._db.execute(
            f"SELECT coalesce(sum(mentions), 0) FROM names WHERE rowid IN ({marks})", ids
        ).fetchone()[0]
        if len(ids) == 1:
            articles = members[0].articles
        else:
            # One article may name an entity under two of its names: count it once.
            articles = self._db.execute(
                f"SELECT count(DISTINCT article) FROM article_entities WHERE name IN ({marks})", ids
            ).fetchone()[0]
        self._db.execute(
            "UPDATE entities SET articles = ?, mentions = ? WHERE rowid = ?", (articles, mentions, entity_id)
        )

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
        if not _storable(article_id):
            return None
        with self._lock:
            row = self._db.execute(
                "SELECT id, file, title, body, url, published, authors, source, dateline, language, section"
                " FROM articles WHERE id = ?",
                (article_id,),
            ).fetchone()
        return None if row is None else _article(row)

    def article_entities(self, article_id: str) -> list[Entity]:
        """An article's entities under their archive-wide names, most mentioned first.

        Two names of one article that belong to one entity ("Ulyanov" and "Mikhail
        Ulyanov") come out as one Entity with the mentions of both.
        """
        with self._lock:
            rows = self._db.execute(
                "SELECT coalesce(e.name, n.name), n.type, ae.role, ae.spans, a.body FROM articles a"
                " JOIN article_entities ae ON ae.article = a.rowid JOIN names n ON n.rowid = ae.name"
                " LEFT JOIN entities e ON e.rowid = n.entity WHERE a.id = ?",
                (article_id,),
            ).fetchall()
        grouped: dict[str, tuple[EntityType, str | None, list[Mention]]] = {}
        for name, type_, role, spans, body in rows:
            mentions = [Mention(start, end, body[start:end]) for start, end, _, _ in _unpack_spans(spans)]
            if name in grouped:
                old_type, old_role, old_mentions = grouped[name]
                grouped[name] = (old_type, old_role or role, old_mentions + mentions)
            else:
                grouped[name] = (type_, role, mentions)
        entities = [
            Entity(name, type_, tuple(sorted(mentions, key=lambda m: m.start)), role)
            for name, (type_, role, mentions) in grouped.items()
        ]
        entities.sort(key=lambda e: (-len(e.mentions), e.mentions[0].start if e.mentions else 0, e.name))
        return entities

    def _quotes_of(self, article_id: str) -> list[Quote]:
        """An article's quotes in text order, speakers as the extractor named them."""
        with self._lock:
            rows = self._db.execute(
                "SELECT q.text, q.speaker, q.start, q.end FROM quotes q JOIN articles a ON a.rowid = q.article"
                " WHERE a.id = ? ORDER BY q.start",
                (article_id,),
            ).fetchall()
        return [Quote(text, speaker, start, end) for text, speaker, start, end in rows]

    def article_quotes(self, article_id: str) -> list[Quote]:
        """An article's quotes in text order, speakers under their archive-wide names."""
        with self._lock:
            return [Quote(q.text, self._speaker_name(q.speaker), q.start, q.end) for q in self._quotes_of(article_id)]

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
        return {row[0]: (row[1], row[2], _datetime(row[3]), row[4], row[5]) for row in rows}

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
            found.extend((row[0], _article(row[1:])) for row in rows)
        return found

    def _speaker_name(self, speaker: str | None) -> str | None:
        """The archive-wide name of a quote's speaker (the speaker as written if unknown or ambiguous)."""
        if speaker is None:
            return None
        try:
            entity_id = self.find_entity(speaker)
        except AmbiguousNameError:
            return speaker
        if entity_id is None:
            return speaker
        return str(self._db.execute("SELECT name FROM entities WHERE rowid = ?", (entity_id,)).fetchone()[0])

    def _candidates(self, key: str) -> tuple[int | None, list[int]]:
        """The entity whose key is `key`, and the other entities that name stands for.

        The others: entities of names with that key, entities written that way somewhere
        (aliases), and people whose name ends with it (surnames).
        """
        row = self._db.execute("SELECT rowid FROM entities WHERE key = ?", (key,)).fetchone()
        exact = int(row[0]) if row else None
        others: list[int] = []
        for sql in (
            "SELECT DISTINCT entity FROM names WHERE key = ?",
            "SELECT DISTINCT n.entity FROM aliases a JOIN names n ON n.rowid = a.name WHERE a.key = ?",
            # names ending with the key as a word (LIKE would read % and _ in the key as wildcards)
            "SELECT DISTINCT entity FROM names WHERE type = 'person' AND substr(key, -length(?1) - 1) = ' ' || ?1",
        ):
            for (entity_id,) in self._db.execute(sql, (key,)):
                if entity_id is not None and entity_id != exact and entity_id not in others:
                    others.append(int(entity_id))
            if others and exact is None:
                break
        return exact, others

    def find_entity(self, name: str) -> int | None:
        """The entity a name stands for, given in any form: canonical, alias, surname, any case.

        An entity with exactly that name wins, unless it is not a person and one person
        whose name ends with it (or who was written that way) is named in more articles:
        "araghchi" finds Seyed Abbas Araghchi even if one article took "Araghchi" for an
        organisation. Returns None if nothing has that name; raises AmbiguousNameError
        when it fits several entities and none has it exactly.
        """
        key = name_key(name)
        if not key or not _searchable(key):
            return None
        with self._lock:
            exact, others = self._candidates(key)
            if exact is None and len(others) <= 1:
                return others[0] if others else None
            counts = {
                rowid: (type_, articles, label)
                for rowid, type_, articles, label in self._db.execute(
                    "SELECT rowid, type, articles, name FROM entities"
                    f" WHERE rowid IN ({','.join('?' * (len(others) + 1))})",
                    [exact or 0, *others],
                )
            }
        if exact is None:
            labels = [counts[i][2] for i in sorted(others, key=lambda i: (-counts[i][1], counts[i][2]))]
            raise AmbiguousNameError(name, labels)
        people = [i for i in others if counts[i][0] == "person"]
        if counts[exact][0] != "person" and len(people) == 1 and counts[people[0]][1] > counts[exact][1]:
            return people[0]
        return exact

    def entity_summary(self, entity_id: int) -> EntitySummary:
        """An entity with its counts and the forms it is written in."""
        with self._lock:
            name, type_, articles, mentions = self._db.execute(
                "SELECT name, type, articles, mentions FROM entities WHERE rowid = ?", (entity_id,)
            ).fetchone()
            aliases = self._aliases([entity_id]).get(entity_id, ())
        return EntitySummary(name, type_, articles, mentions, aliases)

    def _aliases(self, entity_ids: Sequence[int]) -> dict[int, tuple[str, ...]]:
        """The distinct names (as extracted) of each entity, most used first."""
        marks = ",".join("?" * len(entity_ids))
        result: dict[int, list[str]] = defaultdict(list)
        for entity_id, name in self._db.execute(
            f"SELECT entity, name FROM names WHERE entity IN ({marks}) ORDER BY articles DESC, name", list(entity_ids)
        ):
            if name not in result[entity_id]:
                result[entity_id].append(name)
        return {key: tuple(names) for key, names in result.items()}

    def entities(
        self, type_: str | None = None, limit: int | None = 100, prefix: str | None = None, contains: str | None = None
    ) -> list[EntitySummary]:
        """Archive-wide entities, most articles first, optionally of one type, starting with a prefix, or with
        a word (of any of the names it goes by) starting with `contains` ("ulya" finds Mikhail Ulyanov)."""
        where: list[str] = []
        params: list[object] = []
        if type_:
            where.append("type = ?")
            params.append(type_)
        prefix_key = name_key(prefix) if prefix else ""
        contains_key = name_key(contains) if contains else ""
        if not (_searchable(prefix_key) and _searchable(contains_key)):
            return []
        if prefix:
            # Keys are folded, so the prefix matches any case and accents.
            condition, value = _key_condition(prefix_key, "prefix")
            where.append(f"key {condition}")
            params.append(value)
        if contains_key:
            condition, value = _key_condition(contains_key, "prefix")
            where.append(f"rowid IN (SELECT entity FROM names WHERE key {condition} OR key {condition})")
            params += [value, "% " + value]
        sql = "SELECT rowid, name, type, articles, mentions FROM entities"
        if where:
            sql += " WHERE " + " AND ".join(where)
        sql += " ORDER BY articles DESC, mentions DESC, name"
        if limit is not None:
            sql += " LIMIT ?"
            params.append(limit)
        with self._lock:
            rows = self._db.execute(sql, params).fetchall()
            aliases = self._aliases([row[0] for row in rows]) if rows else {}
        return [
            EntitySummary(name, type_, articles, mentions, aliases.get(rowid, ()))
            for rowid, name, type_, articles, mentions in rows
        ]

    def mentions(self, entity_id: int, limit: int | None = None) -> list[MentionHit]:
        """Every mention of an entity with its sentence, newest articles first (undated last)."""
        hits: list[MentionHit] = []
        with self._lock:
            cursor = self._db.execute(
                "SELECT a.id, a.title, a.published, a.body, ae.spans FROM names n"
                " JOIN article_entities ae ON ae.name = n.rowid JOIN articles a ON a.rowid = ae.article"
                " WHERE n.entity = ? ORDER BY a.day DESC NULLS LAST, a.id",
                (entity_id,),
            )
            rows: list[tuple[str, str, str | None, str, bytes]] = []
            seen = 0
            for row in cursor:
                rows.append(row)
                seen += len(row[4]) // (4 * _SPAN_WIDTH)
                if limit is not None and seen >= limit:
                    break
            cursor.close()
        # An article naming the entity under two names has two rows: merge them in text order.
        by_article: dict[str, tuple[str, date | datetime | None, str, list[tuple[int, int, int, int]]]] = {}
        for article_id, title, published, body, spans in rows:
            if article_id in by_article:
                by_article[article_id][3].extend(_unpack_spans(spans))
            else:
                by_article[article_id] = (title, _datetime(published), body, _unpack_spans(spans))
        for article_id, (title, when, text, found) in by_article.items():
            for start, end, sent_start, sent_end in sorted(found):
                hits.append(
                    MentionHit(
                        article_id=article_id,
                        title=title,
                        published=when,
                        sentence=text[sent_start:sent_end],
                        start=start - sent_start,
                        end=end - sent_start,
                        offset=start,
                    )
                )
        return hits if limit is None else hits[:limit]

    def entity_rows(self, entity_id: int) -> list[int]:
        """The rows of the articles naming an entity, under any of its names."""
        with self._lock:
            return [
                row[0]
                for row in self._db.execute(
                    "SELECT DISTINCT ae.article FROM names n JOIN article_entities ae ON ae.name = n.rowid"
                    " WHERE n.entity = ?",
                    (entity_id,),
                )
            ]

    def name_rows(self, pattern: str, types: Sequence[str], match: NameMatch = "name") -> list[int]:
        """The rows of the articles naming something of one of `types` written as `pattern` (a folded name).

        A name matches by itself or by a form it was written in somewhere ("solberg" for
        Henrik Solberg); `match` "prefix" takes names starting so, "glob" a * ? pattern.
        """
        condition, value = _key_condition(pattern, match)
        marks = ",".join("?" * len(types))
        names = (
            f"SELECT rowid FROM names WHERE key {condition} AND type IN ({marks})"
            " UNION SELECT a.name FROM aliases a JOIN names n ON n.rowid = a.name"
            f" WHERE a.key {condition} AND n.type IN ({marks})"
        )
        with self._lock:
            return [
                row[0]
                for row in self._db.execute(
                    f"SELECT DISTINCT article FROM article_entities WHERE name IN ({names})",
                    [value, *types, value, *types],
                )
            ]

    def speaker_rows(self, keys: Sequence[str], match: NameMatch = "name") -> list[int]:
        """The rows of the articles quoting a speaker named one of `keys` (folded; a prefix or glob: one key)."""
        if match == "name":
            where, params = f"speaker_key IN ({','.join('?' * len(keys))})", list(keys)
        else:
            condition, value = _key_condition(keys[0], match)
            where, params = f"speaker_key {condition}", [value]
        with self._lock:
            return [row[0] for row in self._db.execute(f"SELECT DISTINCT article FROM quotes WHERE {where}", params)]

    def mention_months(self, entity_id: int) -> list[tuple[str, int]]:
        """Mentions of an entity per month ('YYYY-MM'), oldest first; undated articles left out."""
        with self._lock:
            return [
                (month, int(count))
                for month, count in self._db.execute(
                    "SELECT substr(a.day, 1, 7) AS month, sum(ae.count) FROM names n"
                    " JOIN article_entities ae ON ae.name = n.rowid JOIN articles a ON a.rowid = ae.article"
                    " WHERE n.entity = ? AND a.day IS NOT NULL GROUP BY month ORDER BY month",
                    (entity_id,),
                )
            ]

    def speaker_keys(self, entity_id: int) -> list[str]:
        """The speaker names (folded, as quotes store them) that stand for an entity.

        Besides the entity's own names, a quote may be attributed to a shorter form
        ("Araghchi") that the name lookup resolves to this entity.
        """
        with self._lock:
            keys = {row[0] for row in self._db.execute("SELECT key FROM names WHERE entity = ?", (entity_id,))}
            shorter = {" ".join(k.split()[cut:]) for k in keys for cut in range(1, len(k.split()))} - keys
            marks = ",".join("?" * len(keys | shorter))
            used = [
                row[0]
                for row in self._db.execute(
                    f"SELECT DISTINCT speaker_key FROM quotes WHERE speaker_key IN ({marks})", [*keys, *shorter]
                )
            ]
            return sorted(key for key in used if key in keys or self._resolves_to(key, entity_id))

    def _resolves_to(self, key: str, entity_id: int) -> bool:
        """Whether a name, looked up, means the given entity."""
        try:
            return self.find_entity(key) == entity_id
        except AmbiguousNameError:
            return False

    def quotes(self, entity_id: int | None = None, limit: int | None = None) -> list[QuoteHit]:
        """Quotes across the archive, newest first; only one speaker's when an entity is given."""
        sql = (
            "SELECT a.id, a.title, a.published, q.text, q.speaker, q.start, q.end FROM quotes q"
            " JOIN articles a ON a.rowid = q.article"
        )
        params: list[object] = []
        if entity_id is not None:
            keys = self.speaker_keys(entity_id)
            sql += f" WHERE q.speaker_key IN ({','.join('?' * len(keys))})"
            params.extend(keys)
        sql += " ORDER BY a.day DESC NULLS LAST, a.id, q.start"
        if limit is not None:
            sql += " LIMIT ?"
            params.append(limit)
        with self._lock:
            rows = self._db.execute(sql, params).fetchall()
            speakers = {speaker: self._speaker_name(speaker) for speaker in {row[4] for row in rows}}
        return [
            QuoteHit(article_id, title, _datetime(published), text, speakers[speaker], start, end)
            for article_id, title, published, text, speaker, start, end in rows
        ]
