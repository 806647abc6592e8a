"""Writing the whoosh index: create or open it, commit batches of documents, keep the number of segments down."""

from __future__ import annotations

import multiprocessing
import shutil
import sys
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from whoosh import index as whoosh_index
from whoosh.codec.whoosh3 import W3Segment
from whoosh.index import Index

from newsbrowse.errors import IndexStoreError
from newsbrowse.index.schema import build_schema
from newsbrowse.index.segments import FastSegmentWriter

# Memory for the postings of the segment being written; a full pool finishes the segment.
LIMIT_MB = 96
# Segments holding less than this share of the index are merged at the next commit, once
# there are a few: whoosh's own policy (MERGE_SMALL) merges ever larger runs of segments as
# their number grows, which at 100k articles made the writer merge tens of thousands of
# documents per commit.
TINY_SHARE = 0.02
TINY_MIN_SEGMENTS = 4
# Beyond this many segments the smallest are merged too (each segment costs every query a
# term lookup per word).
MAX_SEGMENTS = 12


def start_context() -> multiprocessing.context.BaseContext:
    """The start method for helper processes: never fork (unsafe in threaded programs such as the TUI)."""
    return multiprocessing.get_context("spawn" if sys.platform == "win32" else "forkserver")


def _to_merge(segments: Sequence[W3Segment]) -> list[W3Segment]:
    """The segments the policy merges: the tiny ones once there are a few, and the smallest beyond MAX_SEGMENTS."""
    total = sum(segment.doc_count_all() for segment in segments)
    tiny = [segment for segment in segments if segment.doc_count_all() < TINY_SHARE * total]
    chosen = tiny if len(tiny) >= TINY_MIN_SEGMENTS else []
    rest = sorted((s for s in segments if s not in chosen), key=lambda s: s.doc_count_all())
    while len(segments) - len(chosen) + (1 if chosen else 0) > MAX_SEGMENTS and rest:
        chosen.append(rest.pop(0))
    return chosen if len(chosen) > 1 else []


def merge_small(writer: FastSegmentWriter, segments: list[W3Segment]) -> list[W3Segment]:
    """A whoosh merge policy: drop emptied segments, merge those `_to_merge` picks into one (copying blocks)."""
    segments = [segment for segment in segments if segment.deleted_count() < segment.doc_count_all()]
    chosen = _to_merge(segments)
    if not chosen:
        return segments
    # The biggest first: its blocks are copied as they are, the others' shifted.
    chosen.sort(key=lambda segment: -segment.doc_count_all())
    merged = FastSegmentWriter(writer.index, _lk=False).merge_from(chosen)
    return [segment for segment in segments if segment not in chosen] + [merged]


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
    segments: Sequence[W3Segment] = (),
) -> None:
    """Delete documents by id, add new ones and finished `segments` (written elsewhere), and commit: all or nothing."""
    writer = FastSegmentWriter(index, limitmb=LIMIT_MB)
    expected = index.doc_count()
    try:
        for article_id in delete_ids:
            expected -= writer.delete_by_term("id", article_id)
        for document in documents:
            writer.add_document(**document)
        writer.commit(mergetype=merge_small, segments=segments)
    except BaseException:
        writer.cancel()
        raise
    expected += len(documents) + sum(segment.doc_count_all() for segment in segments)
    found = index.doc_count()
    if found != expected:
        raise IndexStoreError(
            f"the full-text index holds {found} articles where {expected} were expected; run the command again"
        )
