"""The Python API over an indexed archive: open it, keep it up to date, search it, browse entities and quotes."""

from __future__ import annotations

import functools
import math
import os
import shlex
import sqlite3
import threading
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Concatenate, Literal, ParamSpec, TypeVar

from newsbrowse import corrections as user_corrections
from newsbrowse.batch import BatchKind, BatchRow, is_query, phrase
from newsbrowse.build.lock import IndexBusyError, lock_owner
from newsbrowse.build.repair import open_store
from newsbrowse.corrections import Correction, CorrectionsFile, corrections_path
from newsbrowse.errors import (
    ArchiveError,
    IndexDamagedError,
    NewsbrowseError,
    QueryError,
    UsageError,
    storage_error,
)
from newsbrowse.index.internals import open_index
from newsbrowse.index.query import COLUMN_FIELDS, MARK_FIELDS, NameCondition, ParsedQuery, describe, parse_query
from newsbrowse.index.search import IndexSearcher, Page, kept
from newsbrowse.index.snippets import SnippetMaker, matched_spans
from newsbrowse.ingest.registry import archive_files, format_of
from newsbrowse.location import STORE_NAME, WHOOSH_NAME, can_write, index_dir_for
from newsbrowse.marks import (
    Marked,
    Marks,
    MarksFile,
    SavedSearch,
    SavedStatus,
    digest,
    mark_label,
    mark_matches,
    newest_first,
)
from newsbrowse.model import (
    ENTITY_TYPES,
    SORTS,
    Article,
    BuildProgress,
    CancelCheck,
    Entity,
    EntitySummary,
    Facets,
    Hit,
    IndexSummary,
    MentionHit,
    NameMatch,
    ProgressCallback,
    Quote,
    QuoteHit,
    Related,
    SearchResults,
    Sort,
)
from newsbrowse.store import AmbiguousNameError, Store, is_damage
from newsbrowse.store.copies import Folding
from newsbrowse.store.entities import day_bound

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
        # The user's stars, tags, notes and saved searches: beside the index folder too (see marks.py).
        self.marks_file = MarksFile.of_archive(path)
        self._orphans_seen: tuple[frozenset[str], int, tuple[int, int] | None] | None = None
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
            self.marks_file.close()

    def __enter__(self) -> Archive:
        """Use as a context manager that closes the archive."""
        return self

    def __exit__(self, *exc_info: object) -> None:
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
        """The store rows of the articles a name condition selects (with the corrections applied), or a condition
        on the user's marks."""
        if condition.field in COLUMN_FIELDS:
            return self.store.column_rows(condition.field, condition.text, condition.match)
        if condition.field in MARK_FIELDS:
            marked = self.marks()
            chosen = [i for i, m in marked.items() if mark_matches(m, condition.field, condition.text, condition.match)]
            return self.store.rows_of(chosen)
        self._entities_ready()
        return self.store.name_condition_rows(condition.field, condition.text, condition.match)

    def _name_label(self, condition: NameCondition) -> str:
        """A name condition as the store reads it: the entity's name and other forms, or the name as written."""
        if condition.field in MARK_FIELDS | COLUMN_FIELDS:
            return mark_label(condition.field, condition.text, condition.match)
        return self.store.name_condition_label(condition.field, condition.text, condition.match)

    @_reading
    def search(
        self, query: str, limit: int = 20, sort: Sort = "relevance", offset: int = 0, all_copies: bool = False
    ) -> SearchResults:
        """Search the archive: hits with highlighted snippets, the total, and a suggestion when nothing matches.

        Near-copies are folded: a group of them shows as its best-ranked article, the others'
        ids in its `copies` (`all_copies` lists each). `total` counts every matching article,
        copies included; it is exact when `SearchResults.exact` is True, otherwise whoosh's
        estimate (exact counts cost a second pass; `count()` gives one).
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
                    page, copies = self._page(searcher, parsed, limit, offset, sort, all_copies)
                except OSError:
                    # A merge by a running build removed files of the generation we had open.
                    searcher.reopen()
                    page, copies = self._page(searcher, parsed, limit, offset, sort, all_copies)
                suggestion = searcher.suggest(parsed.text) if page.total == 0 and parsed.scored is not None else None
            understood = describe(parsed, self._name_label)
        hits = self._hits(page.hits, SnippetMaker(page.matched), copies, page.partial)
        return SearchResults(query, tuple(hits), page.total, suggestion, page.exact, understood)

    def _page(
        self, searcher: IndexSearcher, parsed: ParsedQuery, limit: int, offset: int, sort: Sort, all_copies: bool
    ) -> tuple[Page, dict[str, tuple[str, ...]]]:
        """A page of ranked hits, near-copies folded unless `all_copies`, with each kept hit's copies.

        Folding needs the hits before the page: it reads more of them until the page is full, as many
        as the share of copies seen says a full page needs (each read scores every match again).
        """
        if all_copies:
            return searcher.search(parsed, self._name_rows, limit, offset, sort), {}
        # Read as many hits as the archive's copies say a page of distinct stories needs, with a margin.
        share = self.store.articles_per_story()
        wanted = math.ceil((offset + limit) * (1.5 * share if share >= 1.05 else 1.0))
        while True:
            folding = Folding(self.store)
            page = searcher.search(parsed, self._name_rows, wanted, 0, sort, folding)
            if len(page.hits) >= offset + limit or folding.ranked < wanted:
                break
            wanted = max(wanted * 4, 2 * (offset + limit) * folding.ranked // max(len(page.hits), 1))
        hits, keys = page.hits[offset : offset + limit], page.keys[offset : offset + limit]
        copies = folding.copies([article_id for article_id, _ in hits], keys)
        return Page(hits, page.total, page.exact, page.matched, page.partial), copies

    def _hits(
        self,
        ranked: Sequence[tuple[str, float]],
        maker: SnippetMaker,
        copies: dict[str, tuple[str, ...]],
        partial: Mapping[str, tuple[int, int]],
    ) -> list[Hit]:
        """Search hits for ranked (id, score) pairs: title, date, source and snippet from the store;
        the ids in `partial` hold only some of the query's words."""
        stored = self.store.bodies([article_id for article_id, _ in ranked])
        hits = []
        for article_id, score in ranked:
            if article_id not in stored:  # removed from the store, not yet from the index
                continue
            title, body, published, source, section = stored[article_id]
            snippet = maker.make(body)
            folded = copies.get(article_id, ())
            hit = Hit(article_id, title, published, source, score, snippet.text, snippet.highlights, section, folded)
            hits.append(replace(hit, partial=True, words=partial[article_id]) if article_id in partial else hit)
        return hits

    def iter_search(self, query: str, sort: Sort = "relevance", all_copies: bool = False) -> Iterator[Hit]:
        """Every hit of a query (all its words) in order, near-copies folded as `search` folds them, made as used:
        the ranked ids are held, snippets made a batch at a time (for exports of any size)."""
        total = self.count(query)
        if total == 0:
            return
        ranked = self._ranked(query, total, sort)
        maker = SnippetMaker(ranked.matched)
        folding = None if all_copies else Folding(self.store)
        for start in range(0, len(ranked.hits), _SNIPPET_BATCH):
            batch = slice(start, start + _SNIPPET_BATCH)
            yield from self._reading_hits(ranked.hits[batch], ranked.keys[batch], maker, folding)

    @_reading
    def _reading_hits(
        self, ranked: Sequence[tuple[str, float]], keys: Sequence[int], maker: SnippetMaker, folding: Folding | None
    ) -> list[Hit]:
        """One batch of `iter_search` (its hits and their rows): folded (unless `folding` is None: every copy), then
        made into hits; failures said as the archive's. Every hit is listed: none is a partial one."""
        if folding is None:
            return self._hits(ranked, maker, {}, {})
        hits, rows = kept(folding, ranked, keys)
        return self._hits(hits, maker, folding.copies([article_id for article_id, _ in hits], rows), {})

    @_reading
    def _ranked(self, query: str, limit: int, sort: Sort) -> Page:
        """The first `limit` ids of a query's hits with their scores (no snippets)."""
        parsed = parse_query(query)
        with self._lock, self._searching():
            searcher = self._index()
            if searcher is None:
                return Page((), 0, True)
            return searcher.search(parsed, self._name_rows, limit, 0, sort)

    @_reading
    def copy_groups(self, ids: Sequence[str]) -> dict[str, int]:
        """The group of near-copies of each of these articles that has copies (articles of one group share it)."""
        return self.store.groups_of(ids)

    @_reading
    def facets(self, query: str) -> Facets:
        """How the articles a query matches spread over months, sources and sections, and the persons,
        organisations and places they name most (copies counted each)."""
        return self.store.facets(self._matching_rows(query))

    @_reading
    def count(self, query: str) -> int:
        """The exact number of articles a query matches."""
        parsed = parse_query(query)
        with self._lock, self._searching():
            searcher = self._index()
            return 0 if searcher is None else searcher.count(parsed, self._name_rows)

    def _matching_rows(self, query: str) -> list[int]:
        """The store rows of every article a query matches."""
        parsed = parse_query(query)
        with self._lock, self._searching():
            searcher = self._index()
            return [] if searcher is None else searcher.keys(parsed, self._name_rows)

    @_reading
    def batch_row(self, line: int, text: str) -> BatchRow:
        """What the archive holds for one line of a batch (see batch.py): a name's entity, else the name as a
        phrase, or a query; with the number of articles and their first and last dates."""
        candidates: tuple[str, ...] = ()
        if not is_query(text):
            self._entities_ready()
            try:
                entity_id = self.store.find_entity(text)
            except AmbiguousNameError as err:
                entity_id, candidates = None, err.candidates
            if entity_id is not None:
                summary = self.store.entity_summary(entity_id)
                articles, first, last = self.store.entity_span(entity_id)
                found = f'entity:"{summary.name}"'
                return BatchRow(
                    line, text, "entity", articles, _day(first), _day(last), summary.name, summary.type, found
                )
        kind: BatchKind = "query" if is_query(text) else "words"
        query = text if kind == "query" else phrase(text)
        try:
            rows = self._matching_rows(query)
        except QueryError as err:
            return BatchRow(line, text, kind, query=query, candidates=candidates, error=str(err))
        first, last = self.store.day_span(rows)
        return BatchRow(line, text, kind, len(rows), _day(first), _day(last), query=query, candidates=candidates)

    def batch(self, lines: Iterable[tuple[int, str]]) -> Iterator[BatchRow]:
        """Each (line number, text) of a list of names or queries answered by `batch_row`, one at a time."""
        for line, text in lines:
            yield self.batch_row(line, text)

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
            matched = None if searcher is None else searcher.matched(parsed)
        article = self.article(article_id)
        return matched_spans(article.title if field == "title" else article.body, matched) if matched else []

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
    def mentions(
        self, name: str, limit: int | None = None, since: str | None = None, until: str | None = None
    ) -> list[MentionHit]:
        """Every sentence mentioning the entity a name means, newest articles first (none if unknown).

        `since` and `until` keep articles of those dates ('2021', '2021-05' or '2021-05-21', both included).
        """
        return list(self.iter_mentions(name, limit, since, until))

    def iter_mentions(
        self, name: str, limit: int | None = None, since: str | None = None, until: str | None = None
    ) -> Iterator[MentionHit]:
        """`mentions` read as they are used (constant memory for any number of them)."""
        since, until = day_bound(since, "since"), day_bound(until, "until")
        entity_id = self._find(name)
        return iter(()) if entity_id is None else self._streamed(self.store.mentions(entity_id, limit, since, until))

    @_reading
    def mention_months(self, name: str) -> list[tuple[str, int]]:
        """Mentions of the entity a name means, per month ('YYYY-MM'), oldest first."""
        self._entities_ready()
        entity_id = self.store.find_entity(name)
        return [] if entity_id is None else self.store.mention_months(entity_id)

    @_reading
    def related(self, name: str, limit: int | None = 20) -> list[Related]:
        """The entities most often named with the entity a name means, in the same articles (and how many of
        the same sentences), ranked by local mutual information (store/related.py); none if unknown."""
        self._entities_ready()
        entity_id = self.store.find_entity(name)
        return [] if entity_id is None else self.store.related(entity_id, limit)

    @_reading
    def quotes(
        self, speaker: str | None = None, limit: int | None = None, since: str | None = None, until: str | None = None
    ) -> list[QuoteHit]:
        """Quotes across the archive, newest first; only those of `speaker` (any form of the name) if given,
        only of articles dated `since` to `until` if given."""
        return list(self.iter_quotes(speaker, limit, since, until))

    def iter_quotes(
        self, speaker: str | None = None, limit: int | None = None, since: str | None = None, until: str | None = None
    ) -> Iterator[QuoteHit]:
        """`quotes` read as they are used (constant memory for any number of them)."""
        since, until = day_bound(since, "since"), day_bound(until, "until")
        if speaker is None:
            entity_id = None
        else:
            entity_id = self._find(speaker)
            if entity_id is None:
                return iter(())
        return self._streamed(self.store.quotes(entity_id, limit, since, until))

    @_reading
    def _find(self, name: str) -> int | None:
        """The store's id of the entity a name means (corrections applied), or None."""
        self._entities_ready()
        return self.store.find_entity(name)

    def _streamed(self, items: Iterator[_T]) -> Iterator[_T]:
        """Rows read from the store as they are used, their failures said as `_reading` says them."""
        reading = _reading(lambda archive: next(items, _END))
        while (item := reading(self)) is not _END:
            yield item  # type: ignore[misc]

    # The user's marks on articles (stars, tags, notes): user data beside the index, see marks.py

    def _all_marks(self) -> tuple[dict[str, Marks], dict[str, Marks]]:
        """Every mark: those of articles the archive holds, by id, and those of articles it does not hold.

        A mark whose article is gone from its place follows the unmarked article with the same
        content (a moved file) and is kept under its new id from then on. A person marks
        hundreds of articles, not millions: all of them are read each time.
        """
        found = self.marks_file.marks(None)
        if not found:
            return {}, {}
        present = self.store.content_keys(list(found))
        orphans = {i: m for i, m in found.items() if i not in present}
        looked = (frozenset(orphans), self.store.article_count(), self._store_file)
        if orphans and looked != self._orphans_seen:
            targets = self.store.by_content([m.content for m in orphans.values() if m.content])
            for old_id, mark in list(orphans.items()):
                unmarked = [i for i in targets.get(mark.content or "", ()) if i not in found]
                if unmarked:
                    self.marks_file.move(old_id, unmarked[0])
                    found[unmarked[0]] = replace(mark, article_id=unmarked[0])
                    del found[old_id], orphans[old_id]
            self._orphans_seen = (frozenset(orphans), *looked[1:])
        return {i: m for i, m in found.items() if i not in orphans}, orphans

    @_reading
    def marks(self, article_ids: Sequence[str] | None = None) -> dict[str, Marks]:
        """The marks of these articles (of every marked article the archive holds when None), by id."""
        current, _ = self._all_marks()
        if article_ids is None:
            return current
        return {i: current[i] for i in article_ids if i in current}

    def _content(self, article_id: str) -> str:
        """An article's content key; UsageError if the archive holds no such article."""
        key = self.store.content_keys([article_id]).get(article_id)
        if key is None:
            raise UsageError(f"no article '{article_id}' in {self.path} (ids are listed by 'newsbrowse search')")
        return key

    @_reading
    def star(self, article_id: str, starred: bool = True) -> Marks:
        """Star an article (or take its star away); returns its marks."""
        self.marks_file.star(article_id, self._content(article_id), starred)
        return self.marks([article_id]).get(article_id, Marks(article_id))

    @_reading
    def tag(self, article_id: str, tag: str, present: bool = True) -> Marks:
        """Give an article a tag (or take it away); returns its marks."""
        self.marks_file.tag(article_id, self._content(article_id), tag, present)
        return self.marks([article_id]).get(article_id, Marks(article_id))

    @_reading
    def note(self, article_id: str, text: str) -> Marks:
        """Write an article's note (an empty text removes it); returns its marks."""
        self.marks_file.note(article_id, self._content(article_id), text)
        return self.marks([article_id]).get(article_id, Marks(article_id))

    @_reading
    def marked(self, field: str = "starred", text: str = "yes", match: NameMatch = "name") -> list[Marked]:
        """The marked articles meeting a condition of the query language on marks (`starred`, `tag`, `note`),
        newest first; marks of articles the archive no longer holds come last, with `present` False."""
        current, orphans = self._all_marks()
        chosen = [m for m in [*current.values(), *orphans.values()] if mark_matches(m, field, text, match)]
        stored = self.store.bodies([m.article_id for m in chosen if m.article_id in current])
        listed = []
        for mark in chosen:
            if mark.article_id in stored:
                title, _, published, source, _ = stored[mark.article_id]
                listed.append(Marked(mark, title, published, source))
            else:
                listed.append(Marked(mark, present=False))
        return newest_first(listed)

    # Saved searches (user data too)

    def _seen_now(self, query: str) -> tuple[int, set[int], list[tuple[str, str]]]:
        """The articles a query matches now: their number, the digests a saved search keeps of them, and
        their (id, content key)."""
        found = [(article_id, content) for article_id, content, _ in self.store.identities(self._matching_rows(query))]
        return len(found), {digest(text) for pair in found for text in pair}, found

    @_reading
    def save_search(self, name: str, query: str, sort: Sort = "relevance") -> SavedSearch:
        """Save a query under a name (QueryError if it does not parse); what it matches now counts as seen."""
        parse_query(query)
        saved = self.marks_file.save_search(name, query, sort)
        _, seen, _ = self._seen_now(saved.query)
        self.marks_file.opened(saved.name, seen)
        return self.marks_file.saved_search(saved.name) or saved

    def _saved(self, name: str) -> SavedSearch:
        """The saved search of this name (any case); UsageError if there is none."""
        found = self.marks_file.saved_search(name)
        if found is None:
            raise UsageError(f"no saved search named '{name}' (list them with 'newsbrowse saved {self.path}')")
        return found

    @_reading
    def drop_search(self, name: str) -> None:
        """Forget a saved search; UsageError if there is none of that name."""
        self.marks_file.drop_search(self._saved(name).name)

    @_reading
    def saved_searches(self) -> list[SavedStatus]:
        """Every saved search with the number of articles it matches and how many are new since it was last opened."""
        listed = []
        for saved in self.marks_file.saved_searches():
            try:
                matches, _, found = self._seen_now(saved.query)
            except QueryError as err:
                listed.append(SavedStatus(saved, error=str(err)))
                continue
            seen = self.marks_file.seen(saved.name)
            new = sum(1 for pair in found if not any(digest(text) in seen for text in pair))
            listed.append(SavedStatus(saved, matches, new))
        return listed

    @_reading
    def open_search(self, name: str) -> SavedSearch:
        """A saved search (any case of its name) about to be run: what it matches now counts as seen from now on."""
        found = self._saved(name)
        _, seen, _ = self._seen_now(found.query)
        self.marks_file.opened(found.name, seen)
        return found

    @_reading
    def tags(self) -> list[tuple[str, int]]:
        """Every tag with the number of articles carrying it, most used first."""
        return self.marks_file.tag_counts()


# Hits made (snippets) at a time by a search read as it is used.
_SNIPPET_BATCH = 200
# The end of a stream read through `_reading`.
_END = object()


def _day(stored: str | None) -> date | None:
    """The date of a stored day ('YYYY-MM-DDTHH:MM:SS')."""
    return date.fromisoformat(stored[:10]) if stored else None


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
