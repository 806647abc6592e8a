"""The user's own marks and saved searches: stars, tags and notes on articles, and named queries, in a small
SQLite file beside the index folder (ARCHIVE/.newsbrowse-marks.sqlite3) that no build touches.

Marks are keyed by the article's id and by its content (the hash of its file, plus the record's
place inside a WARC or JSONL file), so that a mark follows an article whose file moved within
the archive. The file is in WAL mode with full syncs: a killed process leaves every committed
change. Nothing here reads the index: the archive maps ids and contents to its articles.
"""

from __future__ import annotations

import hashlib
import re
import sqlite3
import threading
import unicodedata
from array import array
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from fnmatch import fnmatchcase
from pathlib import Path

from newsbrowse.errors import NewsbrowseError, UsageError
from newsbrowse.location import user_file
from newsbrowse.model import SORTS, NameMatch, Sort

SUFFIX = "marks.sqlite3"
# A tag is a short label and a note a paragraph or a page: anything longer is no mark a person typed.
MAX_TAG = 100
MAX_NOTE = 100_000
MAX_NAME = 200
# Bump when the tables change; a file of a newer version is refused rather than damaged.
VERSION = 1

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
-- One row per marked article: its id when last seen and its content key (file hash + '#N').
CREATE TABLE IF NOT EXISTS marks (
    article TEXT PRIMARY KEY,
    content TEXT,
    starred INTEGER NOT NULL DEFAULT 0,
    note TEXT NOT NULL DEFAULT '',
    changed TEXT NOT NULL
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS marks_content ON marks(content);
CREATE TABLE IF NOT EXISTS tags (
    article TEXT NOT NULL,
    tag TEXT NOT NULL,
    PRIMARY KEY (article, tag)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS tags_tag ON tags(tag);
-- Saved searches: `seen` holds 8-byte digests of the ids and contents of the articles the query
-- matched when it was last opened, sorted, so that new matches can be counted.
CREATE TABLE IF NOT EXISTS saved (
    name TEXT PRIMARY KEY,
    query TEXT NOT NULL,
    sort TEXT NOT NULL,
    created TEXT NOT NULL,
    opened TEXT,
    seen BLOB NOT NULL DEFAULT x''
) WITHOUT ROWID;
"""

_WORD = re.compile(r"\w+")


class MarksError(NewsbrowseError):
    """The marks file cannot be read or written."""


@dataclass(frozen=True, slots=True)
class Marks:
    """What the user marked on one article: a star, tags, a note."""

    article_id: str
    starred: bool = False
    tags: tuple[str, ...] = ()
    note: str = ""
    changed: str = ""  # when last changed (ISO 8601, UTC)
    content: str | None = None  # the content key when marked

    @property
    def empty(self) -> bool:
        """Whether nothing is marked."""
        return not (self.starred or self.tags or self.note)


@dataclass(frozen=True, slots=True)
class SavedSearch:
    """A query saved under a name, with when it was last opened."""

    name: str
    query: str
    sort: Sort
    created: str
    opened: str | None


@dataclass(frozen=True, slots=True)
class Marked:
    """A marked article as listings show it; `present` is False when the archive no longer holds it
    (its marks are kept: the file may come back)."""

    marks: Marks
    title: str = ""
    published: date | None = None
    source: str | None = None
    present: bool = True


def newest_first(listed: list[Marked]) -> list[Marked]:
    """Marked articles in the order listings show them: dated ones newest first, undated ones, then gone ones."""
    dated = sorted((m for m in listed if m.present and m.published), key=lambda m: str(m.published), reverse=True)
    undated = sorted((m for m in listed if m.present and not m.published), key=lambda m: m.marks.article_id)
    gone = sorted((m for m in listed if not m.present), key=lambda m: m.marks.article_id)
    return dated + undated + gone


def mark_matches(marks: Marks, field: str, text: str, match: NameMatch) -> bool:
    """Whether an article's marks meet a query condition: `starred:yes`, `tag:NAME` (a prefix or pattern too),
    `note:WORDS` (every word in the note, in any case or accents; `*` any note)."""
    if field == "starred":
        return marks.starred
    if field == "tag":
        wanted = " ".join(text.split()).casefold()
        if match == "prefix":
            return any(tag.startswith(wanted) for tag in marks.tags)
        if match == "glob":
            return any(fnmatchcase(tag, wanted) for tag in marks.tags)
        return wanted in marks.tags
    words = folded_words(marks.note)
    if match == "glob" and text == "*":
        return bool(words)
    if match == "prefix":
        start = "".join(folded_words(text))
        return any(word.startswith(start) for word in words)
    if match == "glob":
        pattern = folded(text)
        return any(fnmatchcase(word, pattern) for word in words)
    present = set(words)
    wanted_words = folded_words(text)
    return bool(wanted_words) and all(word in present for word in wanted_words)


def mark_label(field: str, text: str, match: NameMatch) -> str:
    """A condition on marks (or on a column such as `section`) as the query header shows it."""
    if field == "starred":
        return "starred"
    written = f"{text}*" if match == "prefix" else text
    return f'{field}:"{written}"' if " " in written else f"{field}:{written}"


@dataclass(frozen=True, slots=True)
class SavedStatus:
    """A saved search as listings show it: how many articles it matches, and how many of them are new since
    it was last opened (or saved); `error` when the query no longer parses."""

    search: SavedSearch
    matches: int = 0
    new: int = 0
    error: str | None = None


def _sort(value: object) -> Sort:
    """A stored order, relevance when the file holds something else (it may be edited by hand)."""
    return next((sort for sort in SORTS if sort == value), "relevance")


def _now() -> str:
    """The time now, as stored."""
    return datetime.now(UTC).isoformat(timespec="seconds")


def clean_tag(tag: str) -> str:
    """A tag as stored: one line, spaces collapsed, lower case; UsageError when empty or too long."""
    cleaned = " ".join(tag.split()).casefold()
    if not cleaned or len(cleaned) > MAX_TAG:
        raise UsageError(f"bad tag {tag!r}: give a word or a few, at most {MAX_TAG} characters")
    return cleaned


def clean_name(name: str) -> str:
    """A saved search's name: one line, stripped; UsageError when empty or too long."""
    cleaned = " ".join(name.split())
    if not cleaned or len(cleaned) > MAX_NAME:
        raise UsageError(f"bad name {name!r} for a saved search: give one line of at most {MAX_NAME} characters")
    return cleaned


def folded(text: str) -> str:
    """A text without case or accents."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def folded_words(text: str) -> list[str]:
    """The words of a text without case or accents (how notes are searched)."""
    return _WORD.findall(folded(text))


def digest(text: str) -> int:
    """An 8-byte digest of an id or content key, for the sets of articles a saved search has seen."""
    return int.from_bytes(hashlib.blake2b(text.encode("utf-8", "surrogateescape"), digest_size=8).digest(), "big")


def pack(digests: Iterable[int]) -> bytes:
    """A set of digests as a sorted array of 64-bit numbers."""
    return array("Q", sorted(set(digests))).tobytes()


def unpack(blob: bytes) -> frozenset[int]:
    """The digests of a packed set."""
    values: array[int] = array("Q")
    values.frombytes(blob[: len(blob) - len(blob) % 8])
    return frozenset(values)


class MarksFile:
    """An archive's marks file, opened on first use; every call is one transaction, safe from several threads."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._db: sqlite3.Connection | None = None
        self._lock = threading.RLock()

    @classmethod
    def of_archive(cls, archive: Path) -> MarksFile:
        """The marks file of an archive, where the user's own files live (see location.user_file)."""
        return cls(user_file(archive, SUFFIX))

    def _connect(self, create: bool) -> sqlite3.Connection | None:
        """The connection (None when the file does not exist and `create` is False)."""
        if self._db is not None:
            return self._db
        if not create and not self.path.exists():
            return None
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            db = sqlite3.connect(self.path, timeout=30, isolation_level=None, check_same_thread=False)
            db.execute("PRAGMA journal_mode=WAL")
            # FULL: a mark the person saw saved must survive a killed process or a power cut.
            db.execute("PRAGMA synchronous=FULL")
            db.executescript(_SCHEMA)
            row = db.execute("SELECT value FROM meta WHERE key = 'version'").fetchone()
            if row is None:
                db.execute("INSERT OR IGNORE INTO meta VALUES ('version', ?)", (str(VERSION),))
            elif int(row[0]) > VERSION:
                db.close()
                raise MarksError(
                    f"the marks file {self.path} is from a newer newsbrowse (version {row[0]}): upgrade newsbrowse"
                )
        except (sqlite3.Error, OSError, ValueError) as err:
            raise MarksError(f"cannot open the marks file {self.path}: {err} (is it a newsbrowse marks file?)") from err
        self._db = db
        return db

    def _read(self, sql: str, params: Sequence[object] = ()) -> list[tuple[object, ...]]:
        """Rows of a query (none while the file does not exist)."""
        with self._lock:
            db = self._connect(create=False)
            if db is None:
                return []
            try:
                return db.execute(sql, params).fetchall()
            except sqlite3.Error as err:
                raise MarksError(f"cannot read the marks file {self.path}: {err}") from err

    def _write(self, statements: Sequence[tuple[str, Sequence[object]]]) -> None:
        """Run statements in one transaction (creating the file if need be)."""
        with self._lock:
            db = self._connect(create=True)
            assert db is not None
            try:
                db.execute("BEGIN IMMEDIATE")
                try:
                    for sql, params in statements:
                        db.execute(sql, params)
                except BaseException:
                    db.execute("ROLLBACK")
                    raise
                db.execute("COMMIT")
            except sqlite3.Error as err:
                raise MarksError(f"cannot write the marks file {self.path}: {err}") from err

    def close(self) -> None:
        """Close the file (a WAL checkpoint folds the changes into it)."""
        with self._lock:
            if self._db is not None:
                self._db.close()
                self._db = None

    # Marks on articles

    def _touch(self, article_id: str, content: str | None) -> list[tuple[str, Sequence[object]]]:
        """The statements making sure an article has a row (its content key refreshed)."""
        return [
            (
                "INSERT INTO marks (article, content, changed) VALUES (?1, ?2, ?3) ON CONFLICT (article)"
                " DO UPDATE SET content = coalesce(?2, content), changed = ?3",
                (article_id, content, _now()),
            )
        ]

    _TIDY = (
        "DELETE FROM marks WHERE article = ?1 AND NOT starred AND note = ''"
        " AND NOT EXISTS (SELECT 1 FROM tags WHERE article = ?1)"
    )

    def star(self, article_id: str, content: str | None, starred: bool = True) -> None:
        """Star (or unstar) an article."""
        self._write(
            [
                *self._touch(article_id, content),
                ("UPDATE marks SET starred = ? WHERE article = ?", (int(starred), article_id)),
                (self._TIDY, (article_id,)),
            ]
        )

    def tag(self, article_id: str, content: str | None, tag: str, present: bool = True) -> None:
        """Give an article a tag (or take it away)."""
        tag = clean_tag(tag)
        change = (
            ("INSERT OR IGNORE INTO tags VALUES (?, ?)", (article_id, tag))
            if present
            else ("DELETE FROM tags WHERE article = ? AND tag = ?", (article_id, tag))
        )
        self._write([*self._touch(article_id, content), change, (self._TIDY, (article_id,))])

    def note(self, article_id: str, content: str | None, text: str) -> None:
        """Set an article's note (an empty text removes it)."""
        text = text.strip()
        if len(text) > MAX_NOTE:
            raise UsageError(f"the note is {len(text):,} characters long; the limit is {MAX_NOTE:,}")
        self._write(
            [
                *self._touch(article_id, content),
                ("UPDATE marks SET note = ? WHERE article = ?", (text, article_id)),
                (self._TIDY, (article_id,)),
            ]
        )

    def move(self, old_id: str, new_id: str) -> None:
        """An article's marks follow it to a new id (its file moved)."""
        self._write(
            [
                ("UPDATE OR IGNORE marks SET article = ? WHERE article = ?", (new_id, old_id)),
                ("UPDATE OR IGNORE tags SET article = ? WHERE article = ?", (new_id, old_id)),
            ]
        )

    def marks(self, article_ids: Sequence[str] | None = None) -> dict[str, Marks]:
        """The marks of these articles (all marks when None), by article id."""
        if article_ids is None:
            return self._marks_where("", [])
        found: dict[str, Marks] = {}
        ids = list(dict.fromkeys(article_ids))
        for start in range(0, len(ids), 900):  # SQLite takes at most 999 values in one statement
            chunk = ids[start : start + 900]
            found.update(self._marks_where(f" WHERE article IN ({','.join('?' * len(chunk))})", chunk))
        return found

    def _marks_where(self, where: str, params: Sequence[object]) -> dict[str, Marks]:
        """The marks of the articles a WHERE clause on `article` selects."""
        tags: dict[str, list[str]] = {}
        for article, tag in self._read(f"SELECT article, tag FROM tags{where} ORDER BY tag", params):
            tags.setdefault(str(article), []).append(str(tag))
        found: dict[str, Marks] = {}
        for article, content, starred, note, changed in self._read(
            f"SELECT article, content, starred, note, changed FROM marks{where}", params
        ):
            key = str(article)
            own = None if content is None else str(content)
            found[key] = Marks(key, bool(starred), tuple(tags.get(key, ())), str(note), str(changed), own)
        return found

    def tag_counts(self) -> list[tuple[str, int]]:
        """Every tag with the number of articles carrying it, most used first."""
        return [
            (str(tag), int(str(n)))
            for tag, n in self._read("SELECT tag, count(*) AS n FROM tags GROUP BY tag ORDER BY n DESC, tag")
        ]

    # Saved searches

    def save_search(self, name: str, query: str, sort: Sort = "relevance") -> SavedSearch:
        """Save a query under a name (replacing one of that name; what it had seen is kept if the query is the same)."""
        name = clean_name(name)
        if sort not in SORTS:
            raise UsageError(f"unknown sort '{sort}' (use relevance, date or oldest)")
        if not query.strip():
            raise UsageError("an empty query cannot be saved: type a search first")
        now = _now()
        self._write(
            [
                (
                    "INSERT INTO saved (name, query, sort, created) VALUES (?1, ?2, ?3, ?4) ON CONFLICT (name) DO UPDATE"
                    " SET seen = CASE WHEN query = ?2 THEN seen ELSE x'' END,"
                    " opened = CASE WHEN query = ?2 THEN opened ELSE NULL END, query = ?2, sort = ?3",
                    (name, query.strip(), sort, now),
                )
            ]
        )
        found = self.saved_search(name)
        assert found is not None
        return found

    def drop_search(self, name: str) -> bool:
        """Forget a saved search; whether there was one of that name."""
        existed = self.saved_search(name) is not None
        self._write([("DELETE FROM saved WHERE name = ?", (" ".join(name.split()),))])
        return existed

    def saved_searches(self) -> list[SavedSearch]:
        """Every saved search, by name."""
        return [
            SavedSearch(str(name), str(query), _sort(sort), str(created), None if opened is None else str(opened))
            for name, query, sort, created, opened in self._read(
                "SELECT name, query, sort, created, opened FROM saved ORDER BY name COLLATE NOCASE"
            )
        ]

    def saved_search(self, name: str) -> SavedSearch | None:
        """One saved search by name (any case), or None."""
        wanted = " ".join(name.split()).casefold()
        return next((found for found in self.saved_searches() if found.name.casefold() == wanted), None)

    def seen(self, name: str) -> frozenset[int]:
        """The digests of the articles a saved search matched when last opened."""
        rows = self._read("SELECT seen FROM saved WHERE name = ?", (name,))
        blob = rows[0][0] if rows else None
        return unpack(blob) if isinstance(blob, bytes) else frozenset()

    def opened(self, name: str, seen: Iterable[int]) -> None:
        """Remember that a saved search was opened now, matching these articles (digests)."""
        self._write([("UPDATE saved SET opened = ?, seen = ? WHERE name = ?", (_now(), pack(seen), name))])
