"""Writing the whoosh index: create or open it, and commit batches of documents with several processes."""

from __future__ import annotations

import multiprocessing
import shutil
import sys
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from whoosh import index as whoosh_index
from whoosh.index import Index
from whoosh.multiproc import MpWriter, SubWriterTask
from whoosh.reading import SegmentReader

from newsbrowse.errors import IndexStoreError
from newsbrowse.index.schema import build_schema

# Memory for each writer's posting pool; it changes memory use, not speed (measured).
LIMIT_MB = 96
# Below this many documents a batch is indexed in this process: starting helpers costs more.
PARALLEL_MIN_DOCS = 400
# Segments holding less than this share of the index are merged at the next commit. whoosh's
# default policy (MERGE_SMALL) merges ever larger runs of segments as their number grows,
# which at 100k articles made the writer merge tens of thousands of documents per commit.
TINY_SHARE = 0.02
TINY_MIN_SEGMENTS = 4


def start_context() -> multiprocessing.context.BaseContext:
    """The start method for helper processes: never fork (unsafe in threaded programs such as the TUI)."""
    return multiprocessing.get_context("spawn" if sys.platform == "win32" else "forkserver")


class _SubWriter(SubWriterTask):
    """whoosh's helper process, started without forking."""

    @staticmethod
    def _Popen(process_obj: Any) -> Any:  # noqa: N802 - the multiprocessing hook's name
        """Start through the forkserver/spawn context instead of the global default (fork)."""
        return start_context().Process._Popen(process_obj)  # type: ignore[attr-defined]


class _ParallelWriter(MpWriter):
    """whoosh's multi-process writer with helpers that do not fork.

    Each helper writes its own segment (`multisegment`): the serial merge at commit,
    which made procs=2 alone gain only ~10%, is skipped.
    """

    def __init__(self, index: Index, procs: int, **kwargs: Any) -> None:
        super().__init__(index, procs=procs, multisegment=True, **kwargs)
        context = start_context()
        # Queues must come from the same context as the processes that share them.
        self.jobqueue = context.Queue(self.procs * 4)
        self.resultqueue = context.Queue()

    def _new_task(self) -> _SubWriter:
        """Start one helper process."""
        task = _SubWriter(
            self.storage, self.indexname, self.jobqueue, self.resultqueue, self.subargs, self.multisegment
        )
        self.tasks.append(task)
        task.start()
        return task


def merge_tiny(writer: Any, segments: list[Any]) -> list[Any]:
    """A whoosh merge policy: merge the segments each under TINY_SHARE of the documents, once there are a few."""
    total = sum(segment.doc_count_all() for segment in segments)
    tiny = [segment for segment in segments if segment.doc_count_all() < TINY_SHARE * total]
    if len(tiny) < TINY_MIN_SEGMENTS:
        return segments
    for segment in tiny:
        reader = SegmentReader(writer.storage, writer.schema, segment)
        writer.add_reader(reader)
        reader.close()
    return [segment for segment in segments if segment not in tiny]


def create_index(directory: Path) -> Index:
    """A new, empty index in `directory` (anything there before is removed)."""
    if directory.exists():
        shutil.rmtree(directory)
    directory.mkdir(parents=True)
    return whoosh_index.create_in(str(directory), build_schema())


def open_index(directory: Path) -> Index | None:
    """The index in `directory`, or None if there is none (or it cannot be read)."""
    try:
        if not whoosh_index.exists_in(str(directory)):
            return None
        return whoosh_index.open_dir(str(directory))
    except Exception:  # a damaged or foreign index reads as none: it gets rebuilt
        return None


def write_batch(
    index: Index,
    delete_ids: Iterable[str],
    documents: Sequence[dict[str, Any]],
    procs: int = 1,
) -> None:
    """Delete documents by id, add new ones, and commit: all of it, or nothing.

    Segments stay uncompounded (`compound=False`): a reader then maps only the files
    it needs instead of copying whole segments into memory (925 MB -> 32 MB at 100k).
    """
    options: dict[str, Any] = {"limitmb": LIMIT_MB, "compound": False}
    if procs > 1 and len(documents) >= PARALLEL_MIN_DOCS:
        writer: Any = _ParallelWriter(index, procs=procs, **options)
    else:
        writer = index.writer(**options)
    expected = index.doc_count()
    try:
        for article_id in delete_ids:
            expected -= writer.delete_by_term("id", article_id)
        for document in documents:
            writer.add_document(**document)
        writer.commit(mergetype=merge_tiny)
    except BaseException:
        writer.cancel()
        raise
    expected += len(documents)
    found = index.doc_count()
    if found != expected:
        # whoosh drops a helper's segment silently if the helper dies; say so loudly.
        raise IndexStoreError(
            f"the full-text index holds {found} articles where {expected} were expected; run the command again"
        )
