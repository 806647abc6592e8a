"""Reading articles back from the store: one by id, bodies for snippets, rows for the index, the manifest."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime

from newsbrowse.model import Article, NameMatch, Skipped
from newsbrowse.store.base import StoreBase, in_chunks
from newsbrowse.store.records import FileState
from newsbrowse.store.rows import article_of, key_condition, storable, stored_datetime


class ArticleReader(StoreBase):
    """The store's reads of articles, files and index work (a part of Store)."""

    def get_meta(self, key: str) -> str | None:
        """A value stored in the meta table."""
        with self._lock:
            row = self._db.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return row[0] if row else None

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

    def pending(self) -> list[str]:
        """Ids of articles whose full-text index entry may be out of date."""
        with self._lock:
            return [row[0] for row in self._db.execute("SELECT id FROM pending ORDER BY id")]

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
        for chunk, marks in in_chunks(article_ids):
            with self._lock:
                rows = self._db.execute(
                    "SELECT rowid, id, file, title, body, url, published, authors, source, dateline, language, section"
                    f" FROM articles WHERE id IN ({marks})",
                    chunk,
                ).fetchall()
            found.extend((row[0], article_of(row[1:])) for row in rows)
        return found

    # Articles by content, for the user's marks (which follow an article whose file moved)

    def content_keys(self, article_ids: Sequence[str]) -> dict[str, str]:
        """The content key of each stored article: its file's hash, plus its place in a WARC or JSONL file ('#N')."""
        found: dict[str, str] = {}
        for chunk, marks in in_chunks(article_ids):
            with self._lock:
                rows = self._db.execute(
                    f"SELECT a.id, a.file, f.hash FROM articles a JOIN files f ON f.path = a.file WHERE a.id IN ({marks})",
                    chunk,
                ).fetchall()
            found.update((article_id, content_key(article_id, file, digest)) for article_id, file, digest in rows)
        return found

    def by_content(self, keys: Sequence[str]) -> dict[str, list[str]]:
        """The ids of the stored articles with each of these content keys (a scan of the files, for the rare
        mark whose article is gone from where it was)."""
        wanted = set(keys)
        hashes = {key.split("#", 1)[0] for key in wanted}
        found: dict[str, list[str]] = {}
        with self._lock:
            files = [path for path, digest in self._db.execute("SELECT path, hash FROM files") if digest in hashes]
            for chunk, marks in in_chunks(files):
                for article_id, file, digest in self._db.execute(
                    "SELECT a.id, a.file, f.hash FROM articles a JOIN files f ON f.path = a.file"
                    f" WHERE a.file IN ({marks}) ORDER BY a.id",
                    chunk,
                ):
                    key = content_key(article_id, file, digest)
                    if key in wanted:
                        found.setdefault(key, []).append(article_id)
        return found

    def column_rows(self, column: str, text: str, match: NameMatch) -> list[int]:
        """The rows of the articles whose column (`section`) is `text` in any case, starts with it, or matches
        its * ? pattern."""
        if column not in _MATCHED_COLUMNS:
            raise ValueError(f"no articles column {column!r} to match")
        condition, value = key_condition(text.lower(), match)
        with self._lock:
            return [
                row[0]
                for row in self._db.execute(f"SELECT rowid FROM articles WHERE lower({column}) {condition}", [value])
            ]

    def rows_of(self, article_ids: Sequence[str]) -> list[int]:
        """The store rows of these articles (those stored)."""
        rows: list[int] = []
        for chunk, marks in in_chunks(article_ids):
            with self._lock:
                rows.extend(
                    row[0] for row in self._db.execute(f"SELECT rowid FROM articles WHERE id IN ({marks})", chunk)
                )
        return rows

    def identities(self, rows: Sequence[int]) -> list[tuple[str, str, str | None]]:
        """(id, content key, day) of the articles in these store rows."""
        found: list[tuple[str, str, str | None]] = []
        for chunk, marks in in_chunks(rows):
            with self._lock:
                found.extend(
                    (article_id, content_key(article_id, file, digest), day)
                    for article_id, file, digest, day in self._db.execute(
                        "SELECT a.id, a.file, f.hash, a.day FROM articles a JOIN files f ON f.path = a.file"
                        f" WHERE a.rowid IN ({marks})",
                        chunk,
                    )
                )
        return found


def content_key(article_id: str, file: str, digest: str) -> str:
    """An article's content key: its file's hash, plus the record's place when the file holds several ('#N')."""
    return digest + article_id[len(file) :] if article_id.startswith(file) else digest


# The articles columns a query condition may match (the names of query fields of kind "column").
_MATCHED_COLUMNS = frozenset({"section"})
