"""Writing the store: files' articles in and out in batched transactions, the pending list kept with the index."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager

from newsbrowse.extract.names import name_key
from newsbrowse.model import Skipped
from newsbrowse.store.copies import CopyGroups
from newsbrowse.store.records import ArticleRecord, ArticleRows, FileState
from newsbrowse.store.rows import article_rows, unpack_spans

# Adds to a name's counts and evidence (negative values subtract).
_NAME_COUNTS = (
    "UPDATE names SET articles = articles + ?, mentions = mentions + ?, ev_person = ev_person + ?,"
    " ev_org = ev_org + ?, ev_place = ev_place + ?, ev_other = ev_other + ? WHERE rowid = ?"
)


class StoreWriter(CopyGroups):
    """The store's writes (a part of Store). The build is the only writer; everything happens inside transaction().

    Rows are queued per table and written together by `_flush` (one executemany per table
    per batch instead of several statements per article).
    """

    _name_ids: dict[tuple[str, str], int] | None
    _dirty_names: set[int]
    _queued: defaultdict[str, list[tuple[object, ...]]]
    _name_deltas: defaultdict[int, list[int]]
    _alias_deltas: Counter[tuple[str, int]]
    _next_rowid: int | None
    _queued_files: set[str]

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
                self._queued_copies.clear()
                self._name_deltas.clear()
                self._alias_deltas.clear()
                raise
            finally:
                self._next_rowid = None
            self._db.execute("COMMIT")

    def set_meta(self, key: str, value: str) -> None:
        """Store a value in the meta table (inside a transaction)."""
        self._db.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", (key, value))

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
        self._queue_copy(rowid, str(rows.article[2]), rows.signature)

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
        self._write_copies()
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
        self._drop_copies([rowid for rowid, _, _ in rows])
        rowids = [(rowid,) for rowid, _, _ in rows]
        self._db.executemany("DELETE FROM article_entities WHERE article = ?", rowids)
        self._db.executemany("DELETE FROM choices WHERE article = ?", rowids)
        self._db.executemany("DELETE FROM quotes WHERE article = ?", rowids)
        self._db.execute("DELETE FROM articles WHERE file = ?", (path,))
        return [article_id for _, article_id, _ in rows]

    def clear_pending(self, ids: Iterable[str]) -> None:
        """Forget pending ids once the full-text index has committed them."""
        with self.transaction():
            self._db.executemany("DELETE FROM pending WHERE id = ?", [(i,) for i in ids])
