"""The Python API over an indexed archive: open it, keep it up to date, search it, browse entities and quotes."""

from __future__ import annotations

import functools
import os
import shlex
import sqlite3
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from types import TracebackType
from typing import Concatenate, Literal, ParamSpec, TypeVar

from newsbrowse import corrections as user_corrections
from newsbrowse.build.lock import IndexBusyError, lock_owner
from newsbrowse.build.repair import open_store
from newsbrowse.corrections import Correction, CorrectionsFile, corrections_path
from newsbrowse.errors import ArchiveError, IndexDamagedError, NewsbrowseError, UsageError, storage_error
from newsbrowse.index.internals import open_index
from newsbrowse.index.query import NameCondition, describe, parse_query
from newsbrowse.index.search import IndexSearcher
from newsbrowse.index.snippets import SnippetMaker, highlight_spans
from newsbrowse.ingest.registry import archive_files, format_of
from newsbrowse.location import STORE_NAME, WHOOSH_NAME, can_write, index_dir_for
from newsbrowse.model import (
    ENTITY_TYPES,
    SORTS,
    Article,
    BuildProgress,
    CancelCheck,
    Entity,
    EntitySummary,
    Hit,
    IndexSummary,
    MentionHit,
    ProgressCallback,
    Quote,
    QuoteHit,
    SearchResults,
    Sort,
)
from newsbrowse.store import Store, is_damage

__all__ = ["Archive", "BuildProgress", "IndexBusyError", "check_archive", "open_archive"]


_P = ParamSpec("_P")
_T = TypeVar("_T")


def _reading(method: Callable[Concatenate[Archive, _P], _T]) -> Callable[Concatenate[Archive, _P], _T]:
    """A call that uses the store or the disk, whose failures are newsbrowse's errors: a store SQLite finds damaged
    raises IndexDamagedError naming the remedy, a full, read-only or unreadable disk StorageError."""

    @functools.wraps(method)
    def reading(self: Archive, /, *args: _P.args, **kwargs: _P.kwargs) -> _T:
        try:
            return method(self, *args, **kwargs)
        except (sqlite3.Error, OSError) as err:
            if isinstance(err, sqlite3.Error) and is_damage(err):
                damage = IndexDamagedError(f"the article store {self.index_dir / STORE_NAME} is damaged ({err})")
                raise self._remedy(damage) from err
            said = storage_error(err)
            if said is None:
                raise
            raise said from err

    return reading


def _identity(path: Path) -> tuple[int, int] | None:
    """The device and inode of a file, or None if it is missing."""
    try:
        found = os.stat(path)
    except OSError:
        return None
    return found.st_dev, found.st_ino


def check_archive(path: str | Path) -> Path:
    """The archive path, made absolute; UsageError if it is missing or a file of the wrong kind."""
    archive = Path(path).expanduser().absolute()
    if not archive.exists():
        raise UsageError(f"no such archive: {path} (give a folder of articles, or a WARC or JSONL file)")
    if archive.is_file():
        found = format_of(archive.name)
        if found is None or not found[0].streamed:
            raise UsageError(
                f"{path} is a file but not a WARC or JSONL archive: give a folder of articles, "
                f"or a {archive_files()} file"
            )
    return archive


class Archive:
    """An archive with its index: update it, search it, read articles, browse entities and quotes.

    Safe to use from several threads (calls are serialised). Other processes may build
    the index meanwhile: searches see their commits as they happen.
    """

    def __init__(self, path: Path, index_dir: Path) -> None:
        self.path = path
        self.index_dir = index_dir
        self._lock = threading.RLock()
        self._notes: list[str] = []
        self._store: Store | None = None
        self._store_file: tuple[int, int] | None = None
        # Connections to store files another build replaced: closed with the archive, not at once,
        # since closing a connection deletes its WAL file by name, which is now the new store's.
        self._stale: list[Store] = []
        self._searcher: IndexSearcher | None = None
        # The user's entity corrections: beside the index folder, never in it (see corrections.py).
        self.corrections_file = CorrectionsFile(corrections_path(path))
        try:
            self._use(self._open_store())
        except IndexDamagedError:
            pass  # said by the first read; `update(rebuild=True)` discards the damage and builds anew

    # Opening and closing

    @property
    def store(self) -> Store:
        """The article store, reopened when a build elsewhere replaced its file; IndexDamagedError if damaged."""
        with self._lock:
            current = _identity(self.index_dir / STORE_NAME)
            if self._store is None or (current is not None and current != self._store_file):
                try:
                    self._use(self._open_store())
                except IndexDamagedError as err:
                    raise self._remedy(err) from err
            assert self._store is not None
            return self._store

    def _use(self, store: Store) -> None:
        """Read from `store` from now on (with the user's corrections)."""
        if self._store is not None:
            self._stale.append(self._store)
        store.use_corrections(self.corrections_file)
        self._store = store
        self._store_file = _identity(store.path)

    @contextmanager
    def _searching(self) -> Iterator[None]:
        """Reads of the search index's files: whoosh fails in any way on damaged ones (a truncated column
        reads as garbage), so any failure there but the store's is damage, said with the remedy."""
        try:
            yield
        except (NewsbrowseError, sqlite3.Error, MemoryError):
            raise
        except Exception as err:
            where = self.index_dir / WHOOSH_NAME
            damage = IndexDamagedError(f"the search index in {where} is damaged ({type(err).__name__}: {err})")
            raise self._remedy(damage) from err

    def _remedy(self, err: IndexDamagedError) -> IndexDamagedError:
        """Damage as the user is told of it: what is damaged and the command that repairs it."""
        command = f"newsbrowse index {shlex.quote(str(self.path))} --rebuild"
        return IndexDamagedError(f"{err}; the index is derived data: rebuild it with '{command}'")

    def _open_store(self) -> Store:
        """Open the store, replacing one made by another version of newsbrowse (and saying so)."""
        path = self.index_dir / STORE_NAME
        if not can_write(self.index_dir) and path.exists():
            # Searchable as it is; an update fails on the build lock with the folder's own error.
            return Store.open(path, read_only=True)
        return open_store(self.index_dir, self._notes)

    def close(self) -> None:
        """Close the store and the index."""
        with self._lock:
            if self._searcher is not None:
                self._searcher.close()
                self._searcher = None
            for store in [*self._stale, *([self._store] if self._store is not None else [])]:
                store.close()
            self._stale.clear()

    def __enter__(self) -> Archive:
        """Use as a context manager that closes the archive."""
        return self

    def __exit__(
        self, kind: type[BaseException] | None, value: BaseException | None, traceback: TracebackType | None
    ) -> None:
        """Close on leaving the `with` block."""
        self.close()

    # Building

    def building_pid(self) -> int | None:
        """The pid of a build running on this index right now (-1 if unknown), or None."""
        return lock_owner(self.index_dir)

    @_reading
    def update(
        self,
        jobs: int | None = None,
        progress: ProgressCallback | None = None,
        cancel: CancelCheck | None = None,
        rebuild: bool = False,
        cluster: str | None = None,
    ) -> IndexSummary:
        """Bring the index up to date with the archive's files and say what changed.

        `jobs` worker processes clean and extract (default: one per CPU); `progress` is
        called with BuildProgress as the build goes; `cancel` is polled and, when it
        returns True, the build commits what it has and stops. Raises IndexBusyError if
        another build holds the index. `cluster` (a Dask scheduler's address, or local:N
        for a cluster on this machine) reads, cleans and extracts the files there.
        """
        # The build (worker pools, the cleaner, the extractor) loads only when something is built.
        from newsbrowse.build.update import update_index

        notes = tuple(self._notes)
        self._notes.clear()
        try:
            summary = update_index(
                self.path, self.index_dir, self.corrections_file, jobs, progress, cancel, rebuild, notes, cluster
            )
        except IndexDamagedError as err:
            raise self._remedy(err) from err
        with self._lock:
            if self._searcher is not None:
                self._searcher.close()
                self._searcher = None
        return summary

    # The user's entity corrections

    def _entities_ready(self) -> None:
        """Apply the corrections file (or new rules) if either changed since the entities were last resolved."""
        with self._lock:
            store = self.store
            if store.read_only or store.entities_current() in (None, True):
                return  # nothing resolved yet (the first build applies them), or already applied
            try:
                store.resolve_entities(everything=True)
            except sqlite3.OperationalError:
                pass  # a build holds the store longer than the wait: it applies them itself when it resolves

    @_reading
    def corrections(self) -> tuple[tuple[int, Correction], ...]:
        """The user's entity corrections, numbered from 1 in file order."""
        self._entities_ready()
        return self.corrections_file.loaded.numbered

    @_reading
    def correction_problems(self) -> tuple[str, ...]:
        """What in the corrections could not be used: entries that are no correction, names that find no entity."""
        self._entities_ready()
        error = (self.store.corrections_error,) if self.store.corrections_error else ()
        return error + self.corrections_file.loaded.problems + tuple(self.store.problems)

    @_reading
    def correct(self, correction: Correction) -> None:
        """Add a correction to the file and apply it at once (nothing is extracted again)."""
        user_corrections.add(self.corrections_file.path, correction, self.path)
        self._entities_ready()

    @_reading
    def uncorrect(self, number: int) -> Correction | None:
        """Remove the number-th correction and apply the rest at once; returns the one removed."""
        removed = user_corrections.remove(self.corrections_file.path, number)
        self._entities_ready()
        return removed

    # Searching

    def _index(self) -> IndexSearcher | None:
        """The searcher, opened on first use and refreshed to the newest commit; None before any build."""
        if self._searcher is None:
            index = open_index(self.index_dir / WHOOSH_NAME)
            if index is None:
                return None
            self._searcher = IndexSearcher(index)
        else:
            self._searcher.refresh()
        return self._searcher

    def _name_rows(self, condition: NameCondition) -> list[int]:
        """The store rows of the articles a name condition selects (with the corrections applied)."""
        self._entities_ready()
        return self.store.name_condition_rows(condition.field, condition.text, condition.match)

    def _name_label(self, condition: NameCondition) -> str:
        """A name condition as the store reads it: the entity's name and other forms, or the name as written."""
        return self.store.name_condition_label(condition.field, condition.text, condition.match)

    @_reading
    def search(self, query: str, limit: int = 20, sort: Sort = "relevance", offset: int = 0) -> SearchResults:
        """Search the archive: hits with highlighted snippets, the total, and a suggestion when nothing matches.

        `total` is exact when `SearchResults.exact` is True, otherwise whoosh's estimate
        (exact counts cost a second pass; `count()` gives one).
        """
        if sort not in SORTS:
            raise UsageError(f"unknown sort '{sort}' (use relevance, date (newest first) or oldest)")
        if limit < 1 or offset < 0:
            raise UsageError("limit must be at least 1 and offset at least 0")
        parsed = parse_query(query)
        with self._lock:
            with self._searching():
                searcher = self._index()
            if searcher is None:
                return SearchResults(query, (), 0, understood=describe(parsed, self._name_label))
            with self._searching():
                try:
                    page = searcher.search(parsed, self._name_rows, limit, offset, sort)
                except OSError:
                    # A merge by a running build removed files of the generation we had open.
                    searcher.reopen()
                    page = searcher.search(parsed, self._name_rows, limit, offset, sort)
                suggestion = searcher.suggest(parsed.text) if page.total == 0 and parsed.scored is not None else None
            understood = describe(parsed, self._name_label)
        stored = self.store.bodies([article_id for article_id, _ in page.hits])
        maker = SnippetMaker(page.terms)
        hits = []
        for article_id, score in page.hits:
            if article_id not in stored:  # removed from the store, not yet from the index
                continue
            title, body, published, source, section = stored[article_id]
            snippet = maker.make(body)
            hits.append(Hit(article_id, title, published, source, score, snippet.text, snippet.highlights, section))
        return SearchResults(query, tuple(hits), page.total, suggestion, page.exact, understood)

    @_reading
    def count(self, query: str) -> int:
        """The exact number of articles a query matches."""
        parsed = parse_query(query)
        with self._lock, self._searching():
            searcher = self._index()
            return 0 if searcher is None else searcher.count(parsed, self._name_rows)

    @_reading
    def highlight(self, article_id: str, query: str, field: Literal["body", "title"] = "body") -> list[tuple[int, int]]:
        """Where the words a query matched stand in an article's body (or title), as (start, end) offsets.

        The words are those the search itself matched (prefixes and fuzzy words expanded
        to the indexed words they reached; none under NOT), found in any case or accents.
        Raises QueryError for a bad query, UsageError for an unknown article.
        """
        parsed = parse_query(query)
        with self._lock, self._searching():
            searcher = self._index()
            terms = frozenset() if searcher is None else searcher.terms(parsed)
        article = self.article(article_id)
        return highlight_spans(article.title if field == "title" else article.body, terms)

    # Reading

    @_reading
    def article_count(self) -> int:
        """How many articles the archive's index holds."""
        return self.store.article_count()

    @_reading
    def article(self, article_id: str) -> Article:
        """One article by id; UsageError if the archive has none with that id."""
        article = self.store.article(article_id)
        if article is None:
            raise UsageError(f"no article '{article_id}' in {self.path} (ids are listed by 'newsbrowse search')")
        return article

    @_reading
    def article_entities(self, article_id: str) -> list[Entity]:
        """The entities of one article under their archive-wide names, most mentioned first."""
        self._entities_ready()
        return self.store.article_entities(article_id)

    @_reading
    def article_quotes(self, article_id: str) -> list[Quote]:
        """The quotes of one article in text order."""
        self._entities_ready()
        return self.store.article_quotes(article_id)

    # Entities, mentions, quotes across the archive

    @_reading
    def entities(
        self, type: str | None = None, limit: int | None = 100, prefix: str | None = None, contains: str | None = None
    ) -> list[EntitySummary]:
        """Entities across the archive, named in the most articles first.

        `prefix`: names starting so; `contains`: names with a word starting so, in any of
        the forms the entity goes by ("ulya" and "mikh" find Mikhail Ulyanov, "iaea" the
        agency written so), any case or accents.
        """
        if type is not None and type not in ENTITY_TYPES:
            raise UsageError(f"unknown entity type '{type}' (use {', '.join(ENTITY_TYPES)})")
        self._entities_ready()
        return self.store.entities(type, limit, prefix, contains)

    @_reading
    def entity(self, name: str) -> EntitySummary | None:
        """The entity a name means, given in any form (canonical, alias, surname, any case), or None.

        Raises QueryError when the name fits several entities equally well.
        """
        self._entities_ready()
        entity_id = self.store.find_entity(name)
        return None if entity_id is None else self.store.entity_summary(entity_id)

    @_reading
    def mentions(self, name: str, limit: int | None = None) -> list[MentionHit]:
        """Every sentence mentioning the entity a name means, newest articles first (none if unknown)."""
        self._entities_ready()
        entity_id = self.store.find_entity(name)
        return [] if entity_id is None else self.store.mentions(entity_id, limit)

    @_reading
    def mention_months(self, name: str) -> list[tuple[str, int]]:
        """Mentions of the entity a name means, per month ('YYYY-MM'), oldest first."""
        self._entities_ready()
        entity_id = self.store.find_entity(name)
        return [] if entity_id is None else self.store.mention_months(entity_id)

    @_reading
    def quotes(self, speaker: str | None = None, limit: int | None = None) -> list[QuoteHit]:
        """Quotes across the archive, newest first; only those of `speaker` (any form of the name) if given."""
        self._entities_ready()
        if speaker is None:
            return self.store.quotes(None, limit)
        entity_id = self.store.find_entity(speaker)
        return [] if entity_id is None else self.store.quotes(entity_id, limit)


def open_archive(path: str | Path, index_dir: str | Path | None = None) -> Archive:
    """Open an archive (a folder, or a WARC/JSONL file) with its index; call `.update()` to build it.

    The index lives in ARCHIVE/.newsbrowse, or in the user cache dir when the archive
    cannot be written; `index_dir` puts it elsewhere.
    """
    archive = check_archive(path)
    directory = index_dir_for(archive, Path(index_dir).expanduser().absolute() if index_dir else None)
    try:
        return Archive(archive, directory)
    except OSError as err:
        raise ArchiveError(f"cannot open the index in {directory}: {err.strerror or err}") from err
