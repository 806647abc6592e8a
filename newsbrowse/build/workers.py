"""The build's worker processes: each reads, cleans and extracts files and indexes their articles into whoosh
segments of its own; the build (one writer) stores the rows they send and adds their finished segments to the index.

Every article crosses between processes once, as the store's rows: whoosh work happens
where the article was extracted. A worker writes its segment in a private folder
(`.work-N` inside the whoosh folder, skipped by whoosh's clean-up because of the dot) and
finishes it after FIRST_SEGMENT_S, then after twice as long each time (so that a reader
sees the first articles within seconds, and a long build ends with few, large
segments), or when its postings fill LIMIT_MB. The build moves the files into the index
and commits them there, after the store holds their rows (see pipeline.py).
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import pickle
import queue
import shutil
import sqlite3
import sys
import threading
import time
import traceback
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from multiprocessing.queues import Queue
from pathlib import Path
from typing import Any

from newsbrowse.build.process import FileResult, process_file
from newsbrowse.errors import IndexStoreError
from newsbrowse.index.internals import Segment, SegmentBatch, merge_segments, segment_id
from newsbrowse.index.schema import build_schema, document
from newsbrowse.model import Article
from newsbrowse.store import Store

# A worker's first segment is finished after this long, each later one after twice as long as the last.
FIRST_SEGMENT_S = 1.0
MAX_SEGMENT_S = 120.0
# Memory for a worker's postings; when full, the segment is finished whatever its age.
LIMIT_MB = 160
# How often an idle worker checks that the build that started it is still alive.
POLL_S = 0.5
WORK_PREFIX = ".work-"
# While a build runs, the cyclic garbage collector runs after this many new container objects
# instead of Python's 700: an article allocates thousands of tuples, lists and dicts that die
# acyclic, and the collections (each walking every young object) took 5-8% of the build's CPU.
GC_YOUNG = 20000
_collections_lock = threading.Lock()
_collections_users = 0
_collections_before = (700, 10, 10)


@contextmanager
def fewer_collections() -> Iterator[None]:
    """Within the block, collect cyclic garbage every GC_YOUNG new containers and leave out what exists now
    (modules, lexicons, tables: never garbage); the process's settings come back when the last block ends."""
    global _collections_users, _collections_before
    with _collections_lock:
        _collections_users += 1
        if _collections_users == 1:
            _collections_before = gc.get_threshold()
            gc.freeze()
            gc.set_threshold(GC_YOUNG, *_collections_before[1:])
    try:
        yield
    finally:
        with _collections_lock:
            _collections_users -= 1
            if _collections_users == 0:
                gc.set_threshold(*_collections_before)
                gc.unfreeze()


@dataclass(frozen=True, slots=True)
class FilesRead:
    """The results of one chunk of files from worker `worker`."""

    worker: int
    results: list[FileResult]


@dataclass(frozen=True, slots=True)
class StoredIndexed:
    """Stored articles a worker has indexed (rebuilding the index from the store)."""

    worker: int
    count: int


@dataclass(frozen=True, slots=True)
class SegmentWritten:
    """A finished segment: its files in the worker's folder and the ids of the articles in it."""

    worker: int
    segment: Segment
    files: tuple[str, ...]
    ids: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class SegmentsMerged:
    """A new segment in the index folder (not yet committed) made of the segments with ids `replaces`."""

    worker: int
    segment: Segment
    replaces: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class WorkerDone:
    """A worker has sent everything and is exiting."""

    worker: int


@dataclass(frozen=True, slots=True)
class WorkerFailed:
    """A worker stopped on an error its files do not explain (a full disk, a bug): files that cannot be read
    are Skipped, not errors. `error` is the exception itself when it pickles, `trace` its traceback."""

    worker: int
    error: BaseException | None
    trace: str


Message = FilesRead | StoredIndexed | SegmentWritten | SegmentsMerged | WorkerDone | WorkerFailed


def start_context() -> multiprocessing.context.SpawnContext | multiprocessing.context.ForkServerContext:
    """The start method for helper processes: never fork (unsafe in threaded programs such as the TUI)."""
    if sys.platform == "win32":
        return multiprocessing.get_context("spawn")
    return multiprocessing.get_context("forkserver")


class _Segments:
    """A worker's segment writer, and when to finish the current segment.

    New articles get store rows `first_row`, `first_row + step`, ...: each worker its own
    sequence, so that their documents can carry the row (the `key` column) before the
    build has stored them.
    """

    def __init__(self, folder: Path, first_row: int, step: int) -> None:
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir(parents=True)
        self.batch = SegmentBatch(folder, build_schema(), LIMIT_MB)
        self.ids: list[str] = []
        self.started = 0.0
        self.age_limit = FIRST_SEGMENT_S
        self.next_row = first_row
        self.step = step

    def add(self, article: Article, row: int | None = None) -> int:
        """Index one article (a new one gets the next row of this worker's sequence); returns its row."""
        if row is None:
            row = self.next_row
            self.next_row += self.step
        if not self.batch.pending:
            self.started = time.monotonic()
        self.batch.add(document(article, row))
        self.ids.append(article.id)
        return row

    def due(self) -> bool:
        """Whether the segment should be finished now (old enough, or its pool filled)."""
        if not self.batch.pending:
            return False
        return self.batch.full or time.monotonic() - self.started >= self.age_limit

    def finish(self, number: int) -> SegmentWritten | None:
        """Finish what was written (possibly several segments, merged into one) as one message."""
        taken = self.batch.take()
        if taken is None:
            return None
        segment, files = taken
        ids, self.ids = tuple(self.ids), []
        self.age_limit = min(MAX_SEGMENT_S, self.age_limit * 2)
        return SegmentWritten(number, segment, files, ids)


def _perform(number: int, kind: str, payload: Any, segments: _Segments, whoosh_dir: Path) -> Message:
    """Do a task that needs no store: read files ("files"), or merge segments of the index ("merge")."""
    if kind == "files":
        return FilesRead(number, [process_file(item, segments.add) for item in payload])
    merged = merge_segments(whoosh_dir, payload)
    return SegmentsMerged(number, merged, tuple(segment_id(segment) for segment in payload))


def work(
    number: int,
    jobs: int,
    first_row: int,
    paths: tuple[str, str],
    tasks: Queue[Any],
    results: Queue[Message],
    lifeline: Connection,
) -> None:
    """A worker's life: take tasks until told to stop (None) or the build is gone, send what it made.

    `lifeline` is the reading end of a pipe only the build holds open: when it reads as
    ready (end of file), the build has died and nobody will read what the worker sends.
    (The parent process id cannot tell: workers are children of the forkserver, which
    stays alive as long as they do.)
    """
    whoosh_dir, store_path = paths
    store: Store | None = None
    with fewer_collections():
        try:
            segments = _Segments(Path(whoosh_dir) / f"{WORK_PREFIX}{number}", first_row + number, jobs)
            while True:
                if lifeline.poll():
                    results.cancel_join_thread()
                    return
                try:
                    task = tasks.get(timeout=POLL_S)
                except queue.Empty:
                    continue
                if task is None:
                    break
                kind, payload = task
                if kind == "stored":  # articles to index again from the store
                    store = store or Store.open(Path(store_path))
                    for row, article in store.for_index(payload):
                        segments.add(article, row)
                    results.put(StoredIndexed(number, len(payload)))
                else:
                    results.put(_perform(number, kind, payload, segments, Path(whoosh_dir)))
                if segments.due():
                    results.put(segments.finish(number))  # type: ignore[arg-type]
            last = segments.finish(number)
            if last is not None:
                results.put(last)
            results.put(WorkerDone(number))
        except BaseException as err:  # noqa: BLE001 - reported to the build, which stops with it
            sent: BaseException | None = err
            try:
                pickle.dumps(err)
            except Exception:  # noqa: BLE001 - an exception that cannot travel: its traceback still does
                sent = None
            results.put(WorkerFailed(number, sent, traceback.format_exc()))
        finally:
            if store is not None:
                store.close()
            results.close()
            results.join_thread()


class Workers:
    """The worker processes of one build, their task queue and their messages."""

    def __init__(self, count: int, whoosh_dir: Path, store_path: Path, first_row: int) -> None:
        context = start_context()
        if context.get_start_method() == "forkserver":
            # Workers start from a server that has the cleaner, the extractor and whoosh loaded once.
            context.set_forkserver_preload(["newsbrowse.build.process", "newsbrowse.build.workers"])
        self.whoosh_dir = whoosh_dir
        self.tasks: Queue[Any] = context.Queue()
        self.results: Queue[Message] = context.Queue()
        # The build keeps the sending end open for its lifetime and never sends on it.
        lifeline, self._lifeline = context.Pipe(duplex=False)
        self.processes: list[BaseProcess] = [
            context.Process(
                target=work,
                args=(number, count, first_row, (str(whoosh_dir), str(store_path)), self.tasks, self.results, lifeline),
                name=f"newsbrowse-worker-{number}",
                daemon=True,
            )
            for number in range(count)
        ]
        self.running: set[int] = set()

    def start(self) -> None:
        """Start the processes."""
        for number, process in enumerate(self.processes):
            process.start()
            self.running.add(number)

    def submit(self, kind: str, payload: Sequence[Any]) -> None:
        """Queue a task: ("files", [process.Task]), ("stored", [article id]) or ("merge", [Segment])."""
        self.tasks.put((kind, list(payload)))

    def take_back(self) -> int:
        """Take queued tasks no worker has started; returns how many."""
        taken = 0
        while True:
            try:
                self.tasks.get_nowait()
            except queue.Empty:
                return taken
            taken += 1

    def stop(self) -> None:
        """Ask every worker to finish: each sends its last segment, then WorkerDone."""
        for _ in self.running:
            self.tasks.put(None)

    def receive(self, timeout: float) -> Message | None:
        """The next message, or None after `timeout`; IndexStoreError if a worker died or failed."""
        try:
            message = self.results.get(timeout=timeout)
        except queue.Empty:
            for number in self.running:
                if not self.processes[number].is_alive():
                    raise IndexStoreError(
                        "a worker process died (out of memory?); what was committed is kept: run again, or use --jobs 1"
                    ) from None
            return None
        if isinstance(message, WorkerFailed):
            error = message.error
            if isinstance(error, OSError | sqlite3.Error):  # the disk, not the worker: said in one line upstream
                error.add_note(message.trace)
                raise error
            failure = IndexStoreError(
                f"a worker process failed ({type(error).__name__ if error else 'error'}: {error}); "
                "what was committed is kept: run again, or use --jobs 1"
            )
            failure.add_note(message.trace)
            raise failure
        if isinstance(message, WorkerDone):
            self.running.discard(message.worker)
        return message

    def close(self) -> None:
        """Stop the processes (at once if they are still busy) and remove their folders."""
        self.take_back()
        for number, process in enumerate(self.processes):
            if process.pid is None:
                continue  # never started: Ctrl-C came while the workers were starting
            if number in self.running and process.is_alive():
                process.terminate()
            process.join(timeout=5)
            if process.is_alive():
                process.kill()
                process.join()
        for number in range(len(self.processes)):
            shutil.rmtree(self.whoosh_dir / f"{WORK_PREFIX}{number}", ignore_errors=True)
        self.tasks.close()
        self.results.close()
        self.tasks.cancel_join_thread()
        self._lifeline.close()


def clear_work_folders(whoosh_dir: Path) -> None:
    """Remove what workers of an interrupted build left (their segments never reached the index)."""
    if whoosh_dir.is_dir():
        for folder in whoosh_dir.glob(f"{WORK_PREFIX}*"):
            shutil.rmtree(folder, ignore_errors=True)


def adopt(whoosh_dir: Path, message: SegmentWritten) -> Segment:
    """Move a worker's finished segment into the index folder (same file system: a rename per file)."""
    folder = whoosh_dir / f"{WORK_PREFIX}{message.worker}"
    for name in message.files:
        os.replace(folder / name, whoosh_dir / name)
    return message.segment
