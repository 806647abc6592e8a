"""Writing the whoosh index: create or open it, commit batches of documents, keep the number of segments down."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any, TypeAlias

from whoosh.codec.whoosh3 import W3Segment
from whoosh.fields import Schema
from whoosh.index import TOC, FileIndex, Index, clean_files, create_in

from newsbrowse.errors import IndexStoreError
from newsbrowse.index.internals.segments import FastSegmentWriter
from newsbrowse.index.internals.storage import MappedStorage
from newsbrowse.index.schema import build_schema

INDEX_NAME = "MAIN"  # whoosh's default name, which its files carry (MAIN_*.toc, MAIN_<segment>.*)
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


# A build that wrote most of the index leaves it in this many segments, merged in parallel:
# each segment costs every query a matcher (at 100k articles the query mix took p50 11.4 ms
# over 13 segments, 7.9 ms over one).
SETTLED_SEGMENTS = 2


# A finished segment of an index (whoosh's W3 codec), written here or in another process.
Segment: TypeAlias = W3Segment


def segments_of(index: Index) -> list[Segment]:
    """The segments of the index's newest commit."""
    return list(index._segments())


def segment_id(segment: Segment) -> str:
    """A segment's id (its files are named after it)."""
    return str(segment.segid)


def index_folder(index: Index) -> Path:
    """The folder an index's files are in."""
    return Path(index.storage.folder)


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
    merged = _merged(writer.index, chosen)
    return [segment for segment in segments if segment not in chosen] + [merged]


def _merged(index: Index, segments: Sequence[W3Segment]) -> W3Segment:
    """Segments of the index merged into a new one, not yet committed (copying blocks)."""
    # The biggest first: its blocks are copied as they are, the others' shifted.
    ordered = sorted(segments, key=lambda segment: -segment.doc_count_all())
    return FastSegmentWriter(index, _lk=False).merge_from(ordered)


def _commit(writer: FastSegmentWriter, expected: int, **options: Any) -> None:
    """Commit (or cancel on any failure); IndexStoreError unless the index then holds `expected` articles."""
    try:
        writer.commit(**options)
    except BaseException:
        writer.cancel()
        raise
    found = writer.index.doc_count()
    if found != expected:
        raise IndexStoreError(
            f"the full-text index holds {found} articles where {expected} were expected; run the command again"
        )


def settle_groups(segments: Sequence[W3Segment]) -> list[list[W3Segment]]:
    """The segments split into SETTLED_SEGMENTS groups of about as many live articles each, to merge one
    group per process; only groups of two or more (nothing to do if there are few segments)."""
    if len(segments) <= SETTLED_SEGMENTS:
        return []
    groups: list[list[W3Segment]] = [[] for _ in range(SETTLED_SEGMENTS)]
    sizes = [0] * SETTLED_SEGMENTS
    for segment in sorted(segments, key=lambda segment: -segment.doc_count()):
        smallest = sizes.index(min(sizes))
        groups[smallest].append(segment)
        sizes[smallest] += segment.doc_count()
    return [group for group in groups if len(group) > 1]


def merge_segments(directory: Path, segments: Sequence[W3Segment]) -> W3Segment:
    """Merge segments of the index in `directory` into a new segment there, not yet part of the index.

    Safe beside other merges of other segments (each writes files of its own new segment
    id); the build commits the result with `replace_segments`.
    """
    return _merged(FileIndex(MappedStorage(str(directory)), indexname=INDEX_NAME), segments)


def replace_segments(index: Index, merged: Sequence[tuple[W3Segment, Sequence[str]]]) -> None:
    """Commit merged segments in place of the segments (by segment id) each was made of."""
    gone = {segid for _, segids in merged for segid in segids}
    _commit(
        FastSegmentWriter(index),
        index.doc_count(),
        mergetype=lambda _, existing: [segment for segment in existing if segment.segid not in gone],
        segments=[segment for segment, _ in merged],
    )


def create_index(directory: Path) -> Index:
    """An empty index in `directory`: a new generation of the index there, if any, else a new index.

    The folder and its files stay in place, so that a reader in another process sees an
    index with a newer generation (and no articles) instead of files vanishing under it.
    """
    directory.mkdir(parents=True, exist_ok=True)
    storage = MappedStorage(str(directory))
    try:
        generation = TOC._latest_generation(storage, INDEX_NAME)
    except OSError:
        generation = -1
    if generation < 0:
        for leftover in directory.iterdir():  # not an index: whatever is there goes
            if leftover.is_dir():
                shutil.rmtree(leftover)
            else:
                leftover.unlink()
        return FileIndex.create(storage, build_schema(), INDEX_NAME)
    TOC(build_schema(), [], generation + 1).write(storage, INDEX_NAME)
    clean_files(storage, INDEX_NAME, generation + 1, [])
    return FileIndex(storage, indexname=INDEX_NAME)


def open_index(directory: Path) -> Index | None:
    """The index in `directory` (its files read through memory maps), or None if there is none or it is unreadable."""
    try:
        storage = MappedStorage(str(directory))
        if not directory.is_dir() or TOC._latest_generation(storage, INDEX_NAME) < 0:
            return None
        index = FileIndex(storage, indexname=INDEX_NAME)
        index.doc_count()  # reads the newest table of contents: a damaged one fails here
        return index
    except Exception:  # noqa: BLE001 - a damaged or foreign index reads as none: it gets rebuilt
        return None


def index_sound(index: Index) -> bool:
    """Whether the index's files read back: each segment's stored fields, columns and lengths at its ends.

    whoosh reads its files through memory maps without checking sizes, so a truncated
    file reads as garbage or fails at the first search; reading the first and last
    document of each segment finds that before a search does.
    """
    try:
        with index.reader() as reader:
            for leaf, _ in reader.leaf_readers():
                last = leaf.doc_count_all() - 1
                for docnum in {0, last} if last >= 0 else set():
                    leaf.stored_fields(docnum)
                    for name in ("key", "date"):
                        if leaf.has_column(name):
                            leaf.column_reader(name)[docnum]
                    for name in ("title", "body", "source"):
                        leaf.doc_field_length(docnum, name)
        return True
    except Exception:  # noqa: BLE001 - damage shows as any error: a bad seek, garbage text, a short read
        return False


def write_batch(
    index: Index,
    delete_ids: Iterable[str],
    documents: Sequence[dict[str, Any]],
    segments: Sequence[W3Segment] = (),
) -> None:
    """Delete documents by id, add new ones and finished `segments` (written elsewhere), and commit: all or nothing."""
    writer = FastSegmentWriter(index, limitmb=LIMIT_MB)
    expected = index.doc_count() + len(documents) + sum(segment.doc_count_all() for segment in segments)
    try:
        for article_id in delete_ids:
            expected -= writer.delete_by_term("id", article_id)
        for document in documents:
            writer.add_document(**document)
    except BaseException:
        writer.cancel()
        raise
    _commit(writer, expected, mergetype=merge_small, segments=segments)


class SegmentBatch:
    """Documents written into new segments of an index of their own, in a private folder, then handed over whole
    to be committed to the real index (their files moved beside it: same file system, a rename each).

    A segment is finished when its postings fill `limit_mb` (`full`), or when taken.
    """

    def __init__(self, folder: Path, schema: Schema, limit_mb: int) -> None:
        self.folder = folder
        self.index = create_in(str(folder), schema)
        self.limit_mb = limit_mb
        self._writer: FastSegmentWriter | None = None

    @property
    def pending(self) -> bool:
        """Whether documents were added since the last take."""
        return self._writer is not None

    @property
    def full(self) -> bool:
        """Whether the memory limit has finished a segment already (take it soon)."""
        return self._writer is not None and bool(self._writer.finished)

    def add(self, document: dict[str, Any]) -> None:
        """Add one document (the index's schema's fields)."""
        if self._writer is None:
            self._writer = FastSegmentWriter(self.index, limitmb=self.limit_mb, _lk=False)
        self._writer.add_document(**document)

    def take(self) -> tuple[W3Segment, tuple[str, ...]] | None:
        """The documents added since the last take as one finished segment, and the names of its files; None if none."""
        if self._writer is None:
            return None
        segments = self._writer.take_segments()
        self._writer = None
        if len(segments) > 1:
            segments = [FastSegmentWriter(self.index, _lk=False).merge_from(segments)]
        segment = segments[0]
        files = tuple(name for name in os.listdir(self.folder) if name.startswith(f"MAIN_{segment.segid}."))
        return segment, files
