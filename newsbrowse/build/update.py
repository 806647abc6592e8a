"""Bring an archive's index up to date: take the build lock, repair what an interrupted or older build left, build."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from newsbrowse.build.pipeline import Build
from newsbrowse.build.repair import build_store, clear_aside, take_lock, usable_index
from newsbrowse.corrections import CorrectionsFile
from newsbrowse.index.internals import create_index
from newsbrowse.index.schema import INDEX_VERSION
from newsbrowse.location import WHOOSH_NAME
from newsbrowse.model import CancelCheck, IndexSummary, ProgressCallback


def update_index(
    archive: Path,
    index_dir: Path,
    corrections: CorrectionsFile,
    jobs: int | None = None,
    progress: ProgressCallback | None = None,
    cancel: CancelCheck | None = None,
    rebuild: bool = False,
    notes: tuple[str, ...] = (),
    cluster: str | None = None,
) -> IndexSummary:
    """Bring the index in `index_dir` up to date with the archive's files and say what changed.

    `notes` (what the caller repaired already) lead the summary's notes; `cluster` (a Dask
    scheduler's address, or local:N) reads, cleans and extracts the files there. Raises
    IndexBusyError if another build holds the index, IndexDamagedError for damage a
    rebuild repairs.
    """
    said = list(notes)
    if not index_dir.is_dir():
        said.append(f"the index folder {index_dir} was missing; built the index anew")
    index_dir.mkdir(parents=True, exist_ok=True)
    lock = take_lock(index_dir, repair=rebuild)
    try:
        if lock.interrupted_pid:
            said.append(f"a previous build (pid {lock.interrupted_pid}) stopped before finishing; resumed it")
        clear_aside(index_dir)
        store = build_store(index_dir, rebuild, said)
        store.use_corrections(corrections)
        try:
            index, fresh = usable_index(index_dir, store, rebuild, said)
            summary = _run(Build(archive, store, index, jobs, progress, cancel, cluster), index_dir, fresh, said)
        finally:
            store.close()
    finally:
        lock.release()
    if not said:
        return summary
    return replace(summary, notes=tuple(said) + summary.notes)


def _run(build: Build, index_dir: Path, fresh: bool, notes: list[str]) -> IndexSummary:
    """Fill a `fresh` index from the store, finish what an interrupted build left, then bring the index up to date."""
    store, index = build.store, build.index
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
        build.index = create_index(index_dir / WHOOSH_NAME)
        build.reindex_from_store(store.article_ids())
    return build.run()
