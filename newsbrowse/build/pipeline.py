"""The index build: find what changed, read, clean, extract and index it, write store and index.

One writer (this process) owns the SQLite store and commits to the whoosh index. With
several jobs, worker processes read, clean and extract files and index the articles into
whoosh segments of their own (workers.py); this process stores the rows they send and
adds their finished segments to the index. Articles are committed to the store first,
with their ids recorded as pending, then to the index, then the pending ids are cleared;
a build killed at any point leaves either nothing of a batch or a pending list that the
next run replays. The first articles reach the index within seconds.
"""

from __future__ import annotations

import os
import time
from collections import defaultdict
from collections.abc import Callable, Generator, Iterator, Sequence
from contextlib import closing
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any

from newsbrowse.build.cluster import ClusterReader
from newsbrowse.build.process import FileResult, FileUnnumbered, Task, file_hash, read_file
from newsbrowse.build.workers import (
    FilesRead,
    SegmentsMerged,
    SegmentWritten,
    StoredIndexed,
    Workers,
    adopt,
    clear_work_folders,
    fewer_collections,
)
from newsbrowse.index.internals import (
    Index,
    Segment,
    index_folder,
    merge_segments,
    replace_segments,
    segment_id,
    segments_of,
    settle_groups,
    write_batch,
)
from newsbrowse.index.schema import document
from newsbrowse.ingest import SourceFile, discover
from newsbrowse.ingest.formats import Unreadable
from newsbrowse.model import BuildProgress, CancelCheck, IndexSummary, Phase, ProgressCallback, Skipped
from newsbrowse.store import FileState, Store

# Working in this process, the first commit comes after this many articles; each later
# one after twice as many as the one before, up to the maximum (fewer commits mean fewer
# segments to merge).
FIRST_BATCH = 200
MAX_BATCH = 16000
# With workers, what they send is committed to the store at least this often (the
# articles' count shows it; their segments reach the index when the workers finish them).
STORE_COMMIT_S = 2.0
# During a long build, archive-wide entities are merged once this many articles are
# committed, then each time that number has doubled (and at the end): all merges together
# cost about twice the last one, and they come at the same points in every build of the
# same files, so that the entities' numbering never depends on the machine's speed.
RESOLVE_FIRST = 2000
# Below this many files to read (stored articles to index), work in this process: starting workers costs more.
POOL_MIN_FILES = 48
POOL_MIN_STORED = 2000
# Files (stored articles) handed to a worker at once; big files go alone.
CHUNK_FILES = 16
CHUNK_BYTES = 4 * 1024 * 1024
CHUNK_STORED = 200
# Chunks queued per worker: enough to keep it busy while this process commits (a cancelled
# build takes back the chunks no worker has started).
QUEUED_CHUNKS = 8


def _chunks(tasks: Sequence[Task]) -> Iterator[list[Task]]:
    """Tasks grouped for workers: up to CHUNK_FILES files or CHUNK_BYTES bytes together."""
    chunk: list[Task] = []
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
    """Changes waiting to be committed to the store together (with, working in this process, their documents)."""

    puts: list[FileResult] = field(default_factory=list)
    touches: list[FileResult] = field(default_factory=list)
    removes: list[str] = field(default_factory=list)
    renames: list[tuple[str, SourceFile, str]] = field(default_factory=list)
    docs: list[dict[str, Any]] = field(default_factory=list)  # the index documents of `puts`, made here
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


@dataclass
class _IndexDue:
    """What the store holds and the full-text index does not yet: applied at the next index commit.

    `outstanding` are articles stored whose documents are in worker segments still being
    written: their ids stay pending until those segments are committed.
    """

    deletes: list[str] = field(default_factory=list)
    docs: list[dict[str, Any]] = field(default_factory=list)
    touched: set[str] = field(default_factory=set)
    outstanding: set[str] = field(default_factory=set)


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
        cluster: str | None = None,
    ) -> None:
        self.archive = archive
        self.cluster = cluster
        self.store = store
        self.index = index
        self.jobs = jobs or default_jobs()
        self._progress = progress
        self._cancel = cancel
        self._started = time.monotonic()
        self._last_report = 0.0
        self._next_resolve = RESOLVE_FIRST
        self._batch_target = FIRST_BATCH
        self._done = self._total = 0
        self._due = _IndexDue()
        self._next_row = 0
        self.counts = _Counts()
        self.notes: list[str] = []

    @property
    def whoosh_dir(self) -> Path:
        """The folder of the full-text index."""
        return index_folder(self.index)

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
        clear_work_folders(self.whoosh_dir)
        pending = self.store.pending()
        if not pending:
            return 0
        for start in range(0, len(pending), MAX_BATCH):
            ids = pending[start : start + MAX_BATCH]
            write_batch(self.index, ids, [document(article, row) for row, article in self.store.for_index(ids)])
            self.store.clear_pending(ids)
        return len(pending)

    def reindex_from_store(self, ids: Sequence[str]) -> None:
        """Add every stored article to an empty index (no file is read again): in workers when there are many."""
        clear_work_folders(self.whoosh_dir)
        if self.jobs > 1 and len(ids) >= POOL_MIN_STORED:
            chunks = [ids[start : start + CHUNK_STORED] for start in range(0, len(ids), CHUNK_STORED)]
            self._in_workers("stored", chunks, len(ids), lambda message: None)
            return
        for start in range(0, len(ids), MAX_BATCH):
            chunk = ids[start : start + MAX_BATCH]
            write_batch(self.index, (), [document(article, row) for row, article in self.store.for_index(chunk)])
            self._report("index", start + len(chunk), len(ids), force=True)

    # The run

    def run(self) -> IndexSummary:
        """Bring store and index up to date with the archive and say what changed."""
        with fewer_collections():
            return self._run()

    def _run(self) -> IndexSummary:
        """The body of run."""
        self._report("scan", 0, 0, force=True)
        sources: list[SourceFile] = []
        skipped_now: list[Skipped] = []
        for item in discover(self.archive):
            if isinstance(item, Skipped):
                skipped_now.append(item)
            else:
                sources.append(item)
        manifest = self.store.manifest()
        tasks: list[Task] = []
        for source in sources:
            known = manifest.get(source.relpath)
            if known is None:
                tasks.append(Task(source, None))
            elif (known.size, known.mtime_ns) != (source.size, source.mtime_ns):
                tasks.append(Task(source, known.hash))
        # A file that is there but cannot be read just now keeps what it held.
        present = {source.relpath for source in sources} | {skip.path for skip in skipped_now}
        vanished = sorted(path for path in manifest if path not in present)
        batch = _Batch()
        tasks = self._find_renames(tasks, vanished, manifest, batch)
        renamed = {old for old, _, _ in batch.renames}
        batch.removes = [path for path in vanished if path not in renamed]
        self._next_row = self.store.next_rowid()
        if self.cluster is not None and tasks:
            with ClusterReader(self.cluster, self.archive) as reader:
                self._process_here(tasks, batch, skipped_now, reader.read(_chunks(tasks)))
        elif self.jobs > 1 and len(tasks) >= POOL_MIN_FILES:
            self._process_in_workers(tasks, batch, skipped_now)
        else:
            self._process_here(tasks, batch, skipped_now, (read_file(task).unnumbered() for task in tasks))
        self._report("finish", len(tasks), len(tasks), force=True)
        self._settle()
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
            duplicates=self.store.duplicate_count(),
        )

    def _settle(self) -> None:
        """After a build that wrote most of the index, merge its segments into a few (in parallel workers
        when the build has them, else here).

        Queries then open a few segments instead of a dozen: each costs every query its term
        lookups and matchers, whatever --jobs built the index. An update that wrote little
        leaves the merging to the writer's policy (merge_small), which costs it little.
        """
        if self._cancelled() or 2 * self.counts.committed < self.index.doc_count():
            return
        groups = settle_groups(segments_of(self.index))
        if not groups:
            return
        merged: list[tuple[Segment, tuple[str, ...]]] = []
        if self.jobs < 2:
            for group in groups:
                if self._cancelled():
                    break
                merged.append((merge_segments(index_folder(self.index), group), tuple(map(segment_id, group))))
        else:
            self._in_workers(
                "merge", groups, len(groups), lambda message: merged.append((message.segment, message.replaces))
            )
        if merged:  # a cancelled build commits the merges that finished
            replace_segments(self.index, merged)

    def _find_renames(
        self, tasks: list[Task], vanished: list[str], manifest: dict[str, FileState], batch: _Batch
    ) -> list[Task]:
        """Match new files to vanished ones by content hash: those move without being read again."""
        if not vanished:
            return tasks
        by_hash: dict[str, list[str]] = defaultdict(list)
        for path in vanished:
            by_hash[manifest[path].hash].append(path)
        remaining: list[Task] = []
        for task in tasks:
            if task.old_hash is None:
                try:
                    digest = file_hash(task.source)
                except (OSError, Unreadable):
                    digest = ""
                if by_hash.get(digest):
                    batch.renames.append((by_hash[digest].pop(0), task.source, digest))
                    continue
            remaining.append(task)
        if batch.renames:
            self.notes.append(f"{len(batch.renames)} renamed or moved file(s) kept without reading them again")
        return remaining

    def _take(self, result: FileResult, batch: _Batch, skipped_now: list[Skipped]) -> None:
        """File one file's result into the batch."""
        if result.same_content:
            batch.touches.append(result)
        elif result.unreadable:
            skipped_now.extend(result.skipped)
        else:
            batch.puts.append(result)
            batch.articles += len(result.rows)
            self.counts.read += len(result.rows)
            self.notes.extend(result.notes)

    def _stop_note(self, left: int) -> None:
        """Say the build stopped on request."""
        self.notes.append(f"stopped on request: {left} file(s) left for the next run")

    def _process_here(
        self, tasks: Sequence[Task], batch: _Batch, skipped_now: list[Skipped], read: Generator[FileUnnumbered]
    ) -> None:
        """Index and store what `read` gives, file by file in the order of `tasks` (read in this process or on a
        cluster), committing store and index in growing batches, watching for cancellation."""
        with closing(read):
            for done, unnumbered in enumerate(read, start=1):
                self._take(unnumbered.result(partial(self._number_here, batch=batch)), batch, skipped_now)
                self._report("index", done, len(tasks))
                if batch.articles >= self._batch_target:
                    self._commit(batch)
                    batch = _Batch()
                    self._batch_target = min(MAX_BATCH, self._batch_target * 2)
                if self._cancelled():
                    self._stop_note(len(tasks) - done)
                    break
        self._commit(batch)

    def _number_here(self, doc: dict[str, Any], batch: _Batch) -> int:
        """Give an article read in this process (or on a cluster) its store row, in its index document too."""
        row = self._next_row
        self._next_row += 1
        doc["key"] = row
        batch.docs.append(doc)
        return row

    def _process_in_workers(self, tasks: Sequence[Task], batch: _Batch, skipped_now: list[Skipped]) -> None:
        """Read the files in worker processes; store what they send, commit their segments as they come."""
        done = 0
        last_commit = time.monotonic()

        def take(message: FilesRead) -> None:
            """File a chunk's results; commit the store now and then."""
            nonlocal done, batch, last_commit
            for result in message.results:
                self._take(result, batch, skipped_now)
                done += 1
            self._report("index", done, len(tasks))
            if time.monotonic() - last_commit >= STORE_COMMIT_S:
                self._commit_store(batch, in_workers=True)
                batch, last_commit = _Batch(), time.monotonic()

        def segment(message: SegmentWritten) -> None:
            """A worker finished a segment: the store first, then the index."""
            nonlocal batch, last_commit
            self._commit_store(batch, in_workers=True)
            batch, last_commit = _Batch(), time.monotonic()
            self._commit_index([message])

        stopped = self._in_workers("files", list(_chunks(tasks)), len(tasks), take, segment)
        if stopped:
            self._stop_note(len(tasks) - done)
        self._commit_store(batch, in_workers=True)
        self._commit_index([])

    def _in_workers(
        self,
        kind: str,
        chunks: Sequence[Sequence[Any]],
        total: int,
        take: Callable[[Any], None],
        segment: Callable[[SegmentWritten], None] | None = None,
    ) -> bool:
        """Run tasks of one kind in worker processes until all are done (or cancelled); True if cancelled."""
        workers = Workers(self.jobs, self.whoosh_dir, self.store.path, self._next_row)
        pending = iter(chunks)
        queued = 0
        cancelled = stopping = False
        indexed = 0

        def feed() -> None:
            """Keep a few chunks queued per worker; once none is left to run, ask the workers to stop."""
            nonlocal queued, stopping
            while not cancelled and queued < self.jobs * QUEUED_CHUNKS:
                chunk = next(pending, None)
                if chunk is None:
                    break
                workers.submit(kind, chunk)
                queued += 1
            if queued == 0 and not stopping:
                workers.stop()
                stopping = True

        try:
            workers.start()
            feed()
            while workers.running:
                message = workers.receive(timeout=STORE_COMMIT_S)
                if isinstance(message, FilesRead | StoredIndexed | SegmentsMerged):
                    queued -= 1
                    if isinstance(message, StoredIndexed):
                        indexed += message.count
                        self._report("index", indexed, total)
                    take(message)
                    feed()
                elif isinstance(message, SegmentWritten):
                    if segment is not None:
                        segment(message)
                    else:
                        self._commit_index([message])
                if not cancelled and self._cancelled():
                    cancelled = True
                    queued -= workers.take_back()
                    feed()
        finally:
            workers.close()
        return cancelled

    # Committing

    def _commit(self, batch: _Batch) -> None:
        """Commit a batch made in this process: the store, then the index."""
        self._commit_store(batch, in_workers=False)
        self._commit_index([])

    def _commit_store(self, batch: _Batch, in_workers: bool) -> None:
        """Write one batch to the store (its articles marked pending) and note what the index must do."""
        if not batch:
            return
        due = self._due
        with self.store.transaction():
            for old, source, digest in batch.renames:
                moved = self.store.rename_file(old, source.relpath, FileState(source.size, source.mtime_ns, digest))
                due.deletes.extend(old_id for old_id, _ in moved)
                due.touched.update(old_id for old_id, _ in moved)
                due.touched.update(new_id for _, new_id in moved)
                fresh = self.store.for_index([new_id for _, new_id in moved])
                due.docs.extend(document(article, row) for row, article in fresh)
            for path in batch.removes:
                gone = self.store.remove_file(path)
                due.deletes.extend(gone)
                due.touched.update(gone)
                self.counts.removed += len(gone)
            for result in batch.touches:
                self.store.touch_file(result.relpath, result.state)
            for result in batch.puts:
                old_ids = set(self.store.put_file(result.relpath, result.state, result.rows, result.skipped))
                new_ids = {rows.id for rows in result.rows}
                due.deletes.extend(old_ids)
                due.touched.update(old_ids | new_ids)
                if in_workers:
                    due.outstanding.update(new_ids)
                self.counts.added += len(new_ids - old_ids)
                self.counts.updated += len(new_ids & old_ids)
                self.counts.removed += len(old_ids - new_ids)
        due.docs.extend(batch.docs)

    def _commit_index(self, written: Sequence[SegmentWritten]) -> None:
        """Commit to the index what the store holds: deletions, documents made here, segments from workers.

        Then the articles now in step leave the pending list.
        """
        due = self._due
        if not (due.deletes or due.docs or written):
            if due.touched - due.outstanding:
                self._clear_pending()
            return
        segments = [adopt(self.whoosh_dir, message) for message in written]
        write_batch(self.index, due.deletes, due.docs, segments)
        self.counts.committed += len(due.docs) + sum(len(message.ids) for message in written)
        for message in written:
            due.outstanding.difference_update(message.ids)
            due.touched.update(message.ids)
        due.deletes, due.docs = [], []
        self._clear_pending()
        self._report("index", self._done, self._total, force=True)
        if self.counts.committed >= self._next_resolve:
            self.store.resolve_entities()
            self._next_resolve = 2 * self.counts.committed

    def _clear_pending(self) -> None:
        """Clear the pending ids the index is now in step with (not those still in unfinished worker segments)."""
        due = self._due
        ready = due.touched - due.outstanding
        self.store.clear_pending(ready)
        due.touched &= due.outstanding
