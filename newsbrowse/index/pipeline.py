"""The index build: find what changed, clean and extract it in worker processes, write store and index.

One writer (this process) owns the SQLite store and the whoosh index. Each batch is
committed to the store first, with its article ids recorded as pending, then to the
index, then the pending ids are cleared; a build killed at any point leaves either
nothing of a batch or a pending list that the next run replays. Batches start small,
so that a reader (the TUI) sees the first articles within seconds, and grow.
"""

from __future__ import annotations

import hashlib
import os
import time
from collections import defaultdict
from collections.abc import Generator, Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from whoosh.index import Index

from newsbrowse.clean import clean_document
from newsbrowse.errors import IndexStoreError
from newsbrowse.extract import extract_entities, extract_quotes
from newsbrowse.extract.sentences import split_sentences
from newsbrowse.index.progress import BuildProgress, CancelCheck, Phase, ProgressCallback
from newsbrowse.index.schema import document
from newsbrowse.index.writer import start_context, write_batch
from newsbrowse.ingest import SourceFile, discover, read_source
from newsbrowse.model import Document, IndexSummary, Skipped
from newsbrowse.store import ArticleRecord, FileState, Store

# The first commit comes after this many articles; each later one after twice as many
# as the one before, up to the maximum (fewer commits mean fewer segments to merge).
FIRST_BATCH = 200
MAX_BATCH = 16000
# Merge archive-wide entities at most this often during a long build (and at the end).
RESOLVE_EVERY_S = 30.0
# Below this many files to read, work in this process: starting workers costs more.
POOL_MIN_FILES = 48
# Files handed to a worker at once (fewer round trips); big files go alone.
CHUNK_FILES = 16
CHUNK_BYTES = 4 * 1024 * 1024
# Chunks queued per worker; a commit can take seconds, during which workers go on.
IN_FLIGHT_CHUNKS = 64


@dataclass(frozen=True, slots=True)
class _Task:
    """A file to read; `old_hash` is the content hash the store has for it, if any."""

    source: SourceFile
    old_hash: str | None


@dataclass(frozen=True, slots=True)
class _Result:
    """What reading one file gave: its articles and skipped records, or "same content"."""

    relpath: str
    state: FileState
    records: tuple[ArticleRecord, ...] = ()
    skipped: tuple[Skipped, ...] = ()
    same_content: bool = False
    unreadable: bool = False


def file_hash(path: Path) -> str:
    """The content hash of a file (blake2b, 128 bits)."""
    with open(path, "rb") as handle:
        return hashlib.file_digest(handle, lambda: hashlib.blake2b(digest_size=16)).hexdigest()


def process_document(doc: Document) -> ArticleRecord:
    """Clean one document and find its entities, quotes and sentences."""
    article = clean_document(doc)
    entities = extract_entities(article.body)
    quotes = extract_quotes(article.body, entities)
    return ArticleRecord(article, tuple(entities), tuple(quotes), tuple(split_sentences(article.body)))


def process_file(task: _Task) -> _Result:
    """Read, clean and extract every article of one file (run in a worker process)."""
    source = task.source
    try:
        digest = file_hash(source.path)
    except OSError as err:
        reason = f"cannot read: {err.strerror or err}"
        return _Result(
            source.relpath,
            FileState(source.size, source.mtime_ns, ""),
            (),
            (Skipped(source.relpath, reason),),
            unreadable=True,
        )
    state = FileState(source.size, source.mtime_ns, digest)
    if digest == task.old_hash:
        return _Result(source.relpath, state, same_content=True)
    records: list[ArticleRecord] = []
    skipped: list[Skipped] = []
    try:
        for item in read_source(source):
            if isinstance(item, Skipped):
                skipped.append(item)
                continue
            try:
                records.append(process_document(item))
            except Exception as err:  # one article that breaks the cleaner must not stop the build
                skipped.append(Skipped(item.id, f"could not be processed ({type(err).__name__}: {err})"))
    except Exception as err:  # nor one file that breaks the reader
        skipped.append(Skipped(source.relpath, f"could not be read ({type(err).__name__}: {err})"))
    return _Result(source.relpath, state, tuple(records), tuple(skipped))


def process_files(tasks: Sequence[_Task]) -> list[_Result]:
    """Process a chunk of files (one round trip to a worker)."""
    return [process_file(task) for task in tasks]


def _chunks(tasks: Sequence[_Task]) -> Iterator[list[_Task]]:
    """Tasks grouped for workers: up to CHUNK_FILES files or CHUNK_BYTES bytes together."""
    chunk: list[_Task] = []
    size = 0
    for task in tasks:
        if chunk and (len(chunk) >= CHUNK_FILES or size + task.source.size > CHUNK_BYTES):
            yield chunk
            chunk, size = [], 0
        chunk.append(task)
        size += task.source.size
    if chunk:
        yield chunk


def default_jobs() -> int:
    """The number of CPUs this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


@dataclass
class _Batch:
    """Changes waiting to be committed together."""

    puts: list[_Result] = field(default_factory=list)
    touches: list[_Result] = field(default_factory=list)
    removes: list[str] = field(default_factory=list)
    renames: list[tuple[str, SourceFile, str]] = field(default_factory=list)
    articles: int = 0  # articles in `puts`

    def __bool__(self) -> bool:
        """Whether there is anything to commit."""
        return bool(self.puts or self.touches or self.removes or self.renames)


@dataclass
class _Counts:
    """What the build did, in articles."""

    added: int = 0
    updated: int = 0
    removed: int = 0
    committed: int = 0
    read: int = 0


class Build:
    """One run of the index build over an archive (the caller holds the build lock)."""

    def __init__(
        self,
        archive: Path,
        store: Store,
        index: Index,
        jobs: int | None = None,
        progress: ProgressCallback | None = None,
        cancel: CancelCheck | None = None,
    ) -> None:
        self.archive = archive
        self.store = store
        self.index = index
        self.jobs = jobs or default_jobs()
        self._progress = progress
        self._cancel = cancel
        self._started = time.monotonic()
        self._last_report = 0.0
        self._last_resolve = time.monotonic()
        self._batch_target = FIRST_BATCH
        self._done = self._total = 0
        self.counts = _Counts()
        self.notes: list[str] = []

    # Reporting

    def _report(self, phase: Phase, done: int, total: int, force: bool = False) -> None:
        """Tell the caller where the build is (at most ten times a second unless forced)."""
        self._done, self._total = done, total
        now = time.monotonic()
        if self._progress is None or (not force and now - self._last_report < 0.1):
            return
        self._last_report = now
        self._progress(BuildProgress(phase, done, total, self.counts.read, self.counts.committed, now - self._started))

    def _cancelled(self) -> bool:
        """Whether the caller asked the build to stop."""
        return self._cancel is not None and self._cancel()

    # Keeping store and index in step

    def replay_pending(self) -> int:
        """Bring the index in line with the store for articles a killed build left pending."""
        pending = self.store.pending()
        if not pending:
            return 0
        for start in range(0, len(pending), MAX_BATCH):
            ids = pending[start : start + MAX_BATCH]
            records = [self.store.record(article_id) for article_id in ids]
            write_batch(self.index, ids, [document(r) for r in records if r is not None])
            self.store.clear_pending(ids)
        return len(pending)

    def reindex_from_store(self, ids: Sequence[str]) -> None:
        """Add every stored article to an empty index (no file is read again)."""
        for start in range(0, len(ids), MAX_BATCH):
            chunk = ids[start : start + MAX_BATCH]
            records = [self.store.record(article_id) for article_id in chunk]
            write_batch(self.index, (), [document(r) for r in records if r is not None])
            self._report("index", start + len(chunk), len(ids), force=True)

    # The run

    def run(self) -> IndexSummary:
        """Bring store and index up to date with the archive and say what changed."""
        self._report("scan", 0, 0, force=True)
        sources: list[SourceFile] = []
        skipped_now: list[Skipped] = []
        for item in discover(self.archive):
            if isinstance(item, Skipped):
                skipped_now.append(item)
            else:
                sources.append(item)
        manifest = self.store.manifest()
        tasks: list[_Task] = []
        for source in sources:
            known = manifest.get(source.relpath)
            if known is None:
                tasks.append(_Task(source, None))
            elif (known.size, known.mtime_ns) != (source.size, source.mtime_ns):
                tasks.append(_Task(source, known.hash))
        # A file that is there but cannot be read just now keeps what it held.
        present = {source.relpath for source in sources} | {skip.path for skip in skipped_now}
        vanished = sorted(path for path in manifest if path not in present)
        batch = _Batch()
        tasks = self._find_renames(tasks, vanished, manifest, batch)
        renamed = {old for old, _, _ in batch.renames}
        batch.removes = [path for path in vanished if path not in renamed]
        self._process(tasks, batch, skipped_now)
        self._report("finish", len(tasks), len(tasks), force=True)
        self.store.resolve_entities()
        total = self.store.article_count()
        return IndexSummary(
            added=self.counts.added,
            updated=self.counts.updated,
            removed=self.counts.removed,
            unchanged=total - self.counts.added - self.counts.updated,
            skipped=tuple(skipped_now) + tuple(self.store.file_skips()),
            total=total,
            notes=tuple(self.notes),
        )

    def _find_renames(
        self, tasks: list[_Task], vanished: list[str], manifest: dict[str, FileState], batch: _Batch
    ) -> list[_Task]:
        """Match new files to vanished ones by content hash: those move without being read again."""
        if not vanished:
            return tasks
        by_hash: dict[str, list[str]] = defaultdict(list)
        for path in vanished:
            by_hash[manifest[path].hash].append(path)
        remaining: list[_Task] = []
        for task in tasks:
            if task.old_hash is None:
                try:
                    digest = file_hash(task.source.path)
                except OSError:
                    digest = ""
                if by_hash.get(digest):
                    batch.renames.append((by_hash[digest].pop(0), task.source, digest))
                    continue
            remaining.append(task)
        if batch.renames:
            self.notes.append(f"{len(batch.renames)} renamed or moved file(s) kept without reading them again")
        return remaining

    def _results(self, tasks: Sequence[_Task]) -> Generator[_Result, None, None]:
        """The results of processing the files, as they come: here for a few, in worker processes for many."""
        if self.jobs == 1 or len(tasks) < POOL_MIN_FILES:
            for task in tasks:
                yield process_file(task)
            return
        context = start_context()
        if context.get_start_method() == "forkserver":
            # Workers start from a server that has the cleaner and extractor loaded once.
            context.set_forkserver_preload([__name__])
        pool = ProcessPoolExecutor(max_workers=self.jobs, mp_context=context)
        chunks = _chunks(tasks)
        running: set[Future[list[_Result]]] = set()
        try:
            while True:
                # Enough work queued that workers stay busy while this process commits.
                while len(running) < self.jobs * IN_FLIGHT_CHUNKS:
                    chunk = next(chunks, None)
                    if chunk is None:
                        break
                    running.add(pool.submit(process_files, chunk))
                if not running:
                    return
                finished, running = wait(running, return_when=FIRST_COMPLETED)
                for future in finished:
                    try:
                        yield from future.result()
                    except BrokenProcessPool as err:
                        raise IndexStoreError(
                            "a worker process died (out of memory?); what was committed is kept: "
                            "run again, or use --jobs 1"
                        ) from err
        finally:
            pool.shutdown(wait=False, cancel_futures=True)

    def _process(self, tasks: Sequence[_Task], batch: _Batch, skipped_now: list[Skipped]) -> None:
        """Read the files and commit what they hold in growing batches, watching for cancellation."""
        results = self._results(tasks)
        done = 0
        try:
            for result in results:
                done += 1
                if result.same_content:
                    batch.touches.append(result)
                elif result.unreadable:
                    skipped_now.extend(result.skipped)
                else:
                    batch.puts.append(result)
                    batch.articles += len(result.records)
                    self.counts.read += len(result.records)
                self._report("index", done, len(tasks))
                if batch.articles >= self._batch_target:
                    self._commit(batch)
                    batch = _Batch()
                    self._batch_target = min(MAX_BATCH, self._batch_target * 2)
                if self._cancelled():
                    self.notes.append(f"stopped on request: {len(tasks) - done} file(s) left for the next run")
                    break
        finally:
            results.close()
        if batch:
            self._commit(batch)

    def _commit(self, batch: _Batch) -> None:
        """Write one batch to the store, then to the index, then clear its pending ids."""
        deletes: list[str] = []
        touched: list[str] = []
        docs: list[dict[str, Any]] = []
        with self.store.transaction():
            for old, source, digest in batch.renames:
                moved = self.store.rename_file(old, source.relpath, FileState(source.size, source.mtime_ns, digest))
                deletes.extend(old_id for old_id, _ in moved)
                touched.extend(old_id for old_id, _ in moved)
                touched.extend(new_id for _, new_id in moved)
                records = [self.store.record(new_id) for _, new_id in moved]
                docs.extend(document(record) for record in records if record is not None)
            for path in batch.removes:
                gone = self.store.remove_file(path)
                deletes.extend(gone)
                touched.extend(gone)
                self.counts.removed += len(gone)
            for result in batch.touches:
                self.store.touch_file(result.relpath, result.state)
            for result in batch.puts:
                old_ids = set(self.store.put_file(result.relpath, result.state, result.records, result.skipped))
                new_ids = {record.article.id for record in result.records}
                deletes.extend(old_ids)
                touched.extend(old_ids | new_ids)
                self.counts.added += len(new_ids - old_ids)
                self.counts.updated += len(new_ids & old_ids)
                self.counts.removed += len(old_ids - new_ids)
                docs.extend(document(record) for record in result.records)
        write_batch(self.index, deletes, docs)
        self.store.clear_pending(touched)
        self.counts.committed += len(docs)
        self._report("index", self._done, self._total, force=True)
        if time.monotonic() - self._last_resolve > RESOLVE_EVERY_S:
            self.store.resolve_entities()
            self._last_resolve = time.monotonic()
