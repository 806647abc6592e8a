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
from typing import TYPE_CHECKING, Concatenate, Literal, ParamSpec, TypeVar

from newsbrowse import corrections as user_corrections
from newsbrowse.corrections import Correction, CorrectionsFile, corrections_path
from newsbrowse.errors import ArchiveError, IndexDamagedError, NewsbrowseError, QueryError, UsageError
from newsbrowse.extract.names import name_key
from newsbrowse.index.location import can_write, index_dir_for
from newsbrowse.index.lock import LOCK_NAME, BuildLock, IndexBusyError, lock_owner
from newsbrowse.index.progress import BuildProgress, CancelCheck, ProgressCallback
from newsbrowse.index.query import NameCondition, parse_query
from newsbrowse.index.repair import clear_aside, discard, take_lock
from newsbrowse.index.schema import ENTITY_FIELDS, INDEX_VERSION
from newsbrowse.index.search import IndexSearcher, Sort
from newsbrowse.index.snippets import SnippetMaker, highlight_spans
from newsbrowse.index.understood import describe
from newsbrowse.index.writer import create_index, index_sound, open_index
from newsbrowse.ingest.formats import format_of
from newsbrowse.model import (
    ENTITY_TYPES,
    Article,
    Entity,
    EntitySummary,
    Hit,
    IndexSummary,
    MentionHit,
    Quote,
    QuoteHit,
    SearchResults,
)
from newsbrowse.store import Store, StoreVersionError, is_damage

if TYPE_CHECKING:
    from newsbrowse.index.pipeline import Build

__all__ = ["Archive", "BuildProgress", "IndexBusyError", "check_archive", "open_archive"]

STORE_NAME = "store.sqlite3"
# The store's own file and the journal files SQLite keeps beside it.
_STORE_FILES = ("", "-wal", "-shm", "-journal")
WHOOSH_NAME = "whoosh"
_SORTS = ("relevance", "date", "oldest")


_P = ParamSpec("_P")
_T = TypeVar("_T")


def _reading(method: Callable[Concatenate[Archive, _P], _T]) -> Callable[Concatenate[Archive, _P], _T]:
    """A read of the archive whose store, if SQLite finds it damaged, raises IndexDamagedError naming the remedy."""

    @functools.wraps(method)
    def reading(self: Archive, *args: _P.args, **kwargs: _P.kwargs) -> _T:
        try:
            return method(self, *args, **kwargs)
        except sqlite3.Error as err:
            if not is_damage(err):
                raise
            damage = IndexDamagedError(f"the article store {self.index_dir / STORE_NAME} is damaged ({err})")
            raise self._remedy(damage) from err

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
        if found is None or found[0] not in ("warc", "jsonl"):
            raise UsageError(
                f"{path} is a file but not a WARC or JSONL archive: give a folder of articles, "
                "or a .warc, .warc.gz, .jsonl or .ndjson file"
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
        try:
            return Store.open(path)
        except StoreVersionError as old:
            with BuildLock(self.index_dir):
                Store.recreate(path).close()
                create_index(self.index_dir / WHOOSH_NAME)
            self._notes.append(
                f"the index was made by another version of newsbrowse (store version {old.found}); rebuilt it"
            )
            return Store.open(path)

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
    ) -> IndexSummary:
        """Bring the index up to date with the archive's files and say what changed.

        `jobs` worker processes clean and extract (default: one per CPU); `progress` is
        called with BuildProgress as the build goes; `cancel` is polled and, when it
        returns True, the build commits what it has and stops. Raises IndexBusyError if
        another build holds the index.
        """
        # The build (worker pools, the cleaner, the extractor) loads only when something is built.
        from newsbrowse.index.pipeline import Build

        notes = list(self._notes)
        self._notes.clear()
        if not self.index_dir.is_dir():
            notes.append(f"the index folder {self.index_dir} was missing; built the index anew")
        try:
            self.index_dir.mkdir(parents=True, exist_ok=True)
            lock = take_lock(self.index_dir, repair=rebuild)
        except IndexDamagedError as err:
            raise self._remedy(err) from err
        try:
            if lock.interrupted_pid:
                notes.append(f"a previous build (pid {lock.interrupted_pid}) stopped before finishing; resumed it")
            clear_aside(self.index_dir)
            store = self._build_store(rebuild, notes)
            store.use_corrections(self.corrections_file)
            try:
                summary = self._build(Build, store, jobs, progress, cancel, rebuild, notes)
            finally:
                store.close()
        except IndexDamagedError as err:
            raise self._remedy(err) from err
        finally:
            lock.release()
        with self._lock:
            if self._searcher is not None:
                self._searcher.close()
                self._searcher = None
        if not notes:
            return summary
        return IndexSummary(
            summary.added,
            summary.updated,
            summary.removed,
            summary.unchanged,
            summary.skipped,
            summary.total,
            tuple(notes) + summary.notes,
        )

    def _build_store(self, rebuild: bool, notes: list[str]) -> Store:
        """The store the build writes through (a connection of its own), emptied for a rebuild.

        The build's own connection lets searches from other threads read (WAL) without
        waiting for its transactions. A rebuild empties the store and the index in place:
        readers (the browser, other processes) see them empty, then fill up again. A store
        too damaged for that is discarded with the index (derived data, all of it) and
        made anew.
        """
        path = self.index_dir / STORE_NAME
        if not rebuild:
            return Store.open(path)
        try:
            store = Store.recreate(path)
            if store.sound():
                notes.append("rebuilt the index from scratch")
                return store
            store.close()
            why = "its free pages are damaged"
        except IndexDamagedError as err:
            why = str(err)
        discard(self.index_dir, [*(STORE_NAME + suffix for suffix in _STORE_FILES), WHOOSH_NAME])
        notes.append(f"discarded the damaged index ({why}) and rebuilt it from scratch")
        return Store.recreate(path)

    def _build(
        self,
        build_class: type[Build],
        store: Store,
        jobs: int | None,
        progress: ProgressCallback | None,
        cancel: CancelCheck | None,
        rebuild: bool,
        notes: list[str],
    ) -> IndexSummary:
        """Repair what an interrupted or older build left, then bring the index up to date."""
        index_dir = self.index_dir / WHOOSH_NAME
        if index_dir.is_symlink() or (index_dir.exists() and not index_dir.is_dir()):
            discard(self.index_dir, [WHOOSH_NAME])  # derived from the store: rebuilt below
        index = None if rebuild else open_index(index_dir)
        if index is not None and not index_sound(index):
            notes.append("the search index was damaged; rebuilt it from the store")
            index = None
        fresh = index is None or store.get_meta("index_version") != str(INDEX_VERSION)
        if fresh:
            index = create_index(index_dir)
        assert index is not None
        build = build_class(self.path, store, index, jobs, progress, cancel)
        if fresh:
            ids = store.article_ids()
            build.reindex_from_store(ids)
            store.clear_pending(store.pending())
            with store.transaction():
                store.set_meta("index_version", str(INDEX_VERSION))
            if ids:
                notes.append(f"the search index was out of date or missing; rebuilt it from {len(ids)} stored articles")
        replayed = build.replay_pending()
        if replayed:
            notes.append(f"finished {replayed} article(s) an interrupted build had left half-written")
        if index.doc_count() != store.article_count():
            notes.append(
                f"the search index ({index.doc_count()} articles) disagreed with the store "
                f"({store.article_count()}); rebuilt it from the store"
            )
            build.index = create_index(index_dir)
            build.reindex_from_store(store.article_ids())
        return build.run()

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

    def corrections(self) -> tuple[tuple[int, Correction], ...]:
        """The user's entity corrections, numbered from 1 in file order."""
        self._entities_ready()
        return self.corrections_file.loaded.numbered

    def correction_problems(self) -> tuple[str, ...]:
        """What in the corrections could not be used: entries that are no correction, names that find no entity."""
        self._entities_ready()
        error = (self.store.corrections_error,) if self.store.corrections_error else ()
        return error + self.corrections_file.loaded.problems + tuple(self.store.problems)

    def correct(self, correction: Correction) -> None:
        """Add a correction to the file and apply it at once (nothing is extracted again)."""
        user_corrections.add(self.corrections_file.path, correction, self.path)
        self._entities_ready()

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
        """The rows of the articles a name condition selects, from the store.

        A name the store resolves to an entity of the field's type (any type for
        `entity:`) selects every article naming that entity under any of its names;
        `speaker:` every article quoting it. Otherwise the name is taken as written:
        articles naming something of that type so (or, for speakers, quoting it).
        """
        field, text, match = condition.field, condition.text, condition.match
        self._entities_ready()
        if match == "name":
            try:
                entity_id = self.store.find_entity(text)
            except QueryError:  # ambiguous: take the name as written
                entity_id = None
            if entity_id is not None:
                if field == "speaker":
                    return self.store.entity_speaker_rows(entity_id)
                if field == "entity" or self.store.entity_summary(entity_id).type == field:
                    return self.store.entity_rows(entity_id)
            text = name_key(text)
        if field == "speaker":
            return self.store.speaker_rows([text], match)
        return self.store.name_rows(text, ENTITY_FIELDS if field == "entity" else (field,), match)

    def _name_label(self, condition: NameCondition) -> str:
        """A name condition as the store reads it: the entity's name and other forms, or the name as written."""
        field, text, match = condition.field, condition.text, condition.match
        if match == "prefix":
            return f"{field}:{text}*"
        if match == "glob":
            return f"{field}:{text}"
        try:
            entity_id = self.store.find_entity(text)
        except QueryError:
            return f"{field}:{text} (as written: it may mean several)"
        if entity_id is not None:
            summary = self.store.entity_summary(entity_id)
            if field in ("entity", "speaker") or summary.type == field:
                others = [alias for alias in summary.aliases if name_key(alias) != name_key(summary.name)]
                also = f" (also {', '.join(others[:3])}{', …' if len(others) > 3 else ''})" if others else ""
                return f"{field}:{summary.name}{also}"
        return f"{field}:{text} (as written)"

    @_reading
    def search(self, query: str, limit: int = 20, sort: Sort = "relevance", offset: int = 0) -> SearchResults:
        """Search the archive: hits with highlighted snippets, the total, and a suggestion when nothing matches.

        `total` is exact when `SearchResults.exact` is True, otherwise whoosh's estimate
        (exact counts cost a second pass; `count()` gives one).
        """
        if sort not in _SORTS:
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


def remove_unused_index(index_dir: Path) -> None:
    """Remove an index folder that holds no article and nothing but newsbrowse's own files (one a failed command made).

    Left alone if a build holds it, if its store has articles or cannot be read, or if
    anything else lies in it.
    """
    ours = {STORE_NAME + suffix for suffix in _STORE_FILES} | {WHOOSH_NAME, LOCK_NAME}
    try:
        if not index_dir.is_dir() or lock_owner(index_dir) is not None:
            return
        if any(entry.name not in ours for entry in index_dir.iterdir()):
            return
        if (index_dir / STORE_NAME).exists():
            store = Store.open(index_dir / STORE_NAME)
            try:
                if store.article_count():
                    return
            finally:
                store.close()
        discard(index_dir, sorted(ours))
        index_dir.rmdir()
    except (OSError, NewsbrowseError, sqlite3.Error):
        return  # kept: nothing is removed that cannot be shown to be empty


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
