"""Where the build's time goes: every stage timed apart, in one process, over a whole archive.

Run: .venv/bin/python benchmarks/build_stages.py [N ...] [--archive PATH] [--repeat R] [--cpu] [--profile K]
     N: articles of a generated text archive (benchmarks/make_corpus.py; default 2000);
     --archive: any archive instead, e.g. ../shared/corpora/extraction-dev/html (real scraped HTML, gzipped),
                read --repeat times (the same pages again: for timing only, the store keeps one copy);
     --cpu: time this process's CPU instead of wall time (other processes on the machine do not count);
     --profile K: also run cProfile over the same work and list the K functions with the most own time.

The stages are the build's, called one by one in the order the build calls them, in this
process (the build runs read..whoosh documents in workers and SQLite in the writer):
  read       open the file, read its bytes, hash them (the manifest's content hash)
  decode     bytes to text and the format's Documents (gunzip, charset, JSON/WARC records)
  clean      Document to Article (HTML cleaning or the text dump's lines; language, dates, bylines)
  sentences  sentence spans of the body
  entities   names, typed, with their mentions
  quotes     quotes and their speakers
  rows       the store's rows of an article (mentions packed with their sentences)
  SQLite     rows into the store, committed in the build's batches (200 articles, doubling to 16,000)
  whoosh     index documents into segments, committed with each batch (newsbrowse's segment writer)
  copies     near-copy grouping, taken out of the stages it runs in: the MinHash signature (in rows),
             the band keys, the signature and band rows and the grouping of each article (in SQLite)
  merge      the archive-wide entity merge (store/resolve.py), at the end as the build does
For each stage: ms per article and its share; then the same per tenth of the archive (growth
as the store and the index fill), peak memory, and index and store sizes. Stages that do not
depend on the archive's size (read..rows) cost the same per article at 20k as at 300k.
"""

from __future__ import annotations

import argparse
import cProfile
import hashlib
import io
import pstats
import resource
import shutil
import sys
import time
from collections import defaultdict
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, TypeVar
from unittest import mock

from make_corpus import corpus

from newsbrowse.build.pipeline import FIRST_BATCH, MAX_BATCH
from newsbrowse.clean import NotAnArticle, clean_record
from newsbrowse.extract import extract_entities, extract_quotes
from newsbrowse.extract.sentences import split_sentences
from newsbrowse.index.internals import create_index, open_index, segments_of, write_batch
from newsbrowse.index.schema import document
from newsbrowse.ingest import SourceFile, discover, open_source, read_bytes
from newsbrowse.model import Document
from newsbrowse.store import ArticleRecord, FileState, Store, article_rows
from newsbrowse.store.copies import signature

OUT = Path(__file__).resolve().parent / "out"
STAGES = ("read", "decode", "clean", "sentences", "entities", "quotes", "rows", "SQLite", "whoosh", "copies", "merge")
T = TypeVar("T")


class Clock:
    """Seconds per stage, in total and per tenth of the archive; a stage timed inside another is taken out of it."""

    def __init__(self, tenth: int) -> None:
        self.total: dict[str, float] = defaultdict(float)
        self.tenths: list[dict[str, float]] = [defaultdict(float) for _ in range(10)]
        self.tenth_size = max(1, tenth)
        self.articles = 0
        self._open: list[str] = []
        self.now = time.perf_counter

    def time(self, stage: str, call: Callable[..., T], *args: Any) -> T:
        """Run `call(*args)`, adding its time to `stage` (and taking it from the stage it runs inside)."""
        self._open.append(stage)
        started = self.now()
        try:
            result = call(*args)
        finally:
            elapsed = self.now() - started
            self._open.pop()
        tenth = self.tenths[min(9, self.articles // self.tenth_size)]
        self.total[stage] += elapsed
        tenth[stage] += elapsed
        if self._open:
            self.total[self._open[-1]] -= elapsed
            tenth[self._open[-1]] -= elapsed
        return result

    def around(self, stage: str, call: Callable[..., T]) -> Callable[..., T]:
        """`call`, timed as `stage` wherever the build calls it."""
        return lambda *args: self.time(stage, call, *args)


def _read(source: SourceFile) -> tuple[bytes, str]:
    """The file's bytes and their content hash, as the build reads them."""
    with open_source(source) as handle:
        data = handle.read()
    return data, hashlib.blake2b(data, digest_size=16).hexdigest()


def _decode(data: bytes, relpath: str) -> list[Any]:
    """The Documents (and Skipped records) of a file's bytes."""
    return list(read_bytes(data, relpath, relpath))


def _all(call: Callable[..., Any], *args: Any) -> tuple[Any, ...]:
    """Everything an extractor yields, as a tuple."""
    return tuple(call(*args))


def _warm_up(files: list[SourceFile]) -> None:
    """Load the word lists and models once before the clock starts (a build pays this once, not per article)."""
    for source in files[:1]:
        for item in _decode(_read(source)[0], source.relpath):
            if isinstance(item, Document):
                try:
                    article = clean_record(item)
                except NotAnArticle:
                    continue
                extract_quotes(article.body, extract_entities(article.body, article.language), article.language)


def run(files: list[SourceFile], folder: Path, repeat: int, cpu: bool = False) -> tuple[Clock, int]:
    """Every stage over every file (`repeat` times), into a new store and index in `folder`; (clock, articles)."""
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    store = Store.open(folder / "store.sqlite3")
    index = create_index(folder / "whoosh")
    expected = len(files) * repeat
    clock = Clock(expected // 10)
    if cpu:
        clock.now = time.process_time
    _warm_up(files)
    with (
        mock.patch("newsbrowse.store.rows.signature", clock.around("copies", signature)),
        mock.patch.object(Store, "_queue_copy", clock.around("copies", Store._queue_copy)),
        mock.patch.object(Store, "_write_copies", clock.around("copies", Store._write_copies)),
    ):
        _fill(files, repeat, clock, store, index)
    clock.time("merge", store.resolve_entities)
    store.close()
    return clock, clock.articles


def _fill(files: list[SourceFile], repeat: int, clock: Clock, store: Store, index: Any) -> None:
    """Every stage but the merge over every file, committed in the build's batches."""
    batch: list[tuple[SourceFile, list[Any]]] = []
    docs: list[dict[str, Any]] = []
    in_batch = 0
    target = FIRST_BATCH
    row = store.next_rowid()

    def commit() -> None:
        """The batch into the store, then into the index, as the build commits them."""
        nonlocal batch, docs, in_batch

        def put() -> None:
            with store.transaction():
                for source, rows in batch:
                    store.put_file(source.relpath, FileState(source.size, source.mtime_ns, "-"), rows)

        clock.time("SQLite", put)
        clock.time("whoosh", lambda: write_batch(index, (), docs))
        batch, docs, in_batch = [], [], 0

    for round_ in range(repeat):
        for source in files:
            data, _ = clock.time("read", _read, source)
            items = clock.time("decode", _decode, data, source.relpath)
            rows = []
            for item in items:
                if not isinstance(item, Document):
                    continue
                try:
                    article = clock.time("clean", clean_record, item)
                except NotAnArticle:
                    continue
                body, language = article.body, article.language
                sentences = clock.time("sentences", _all, split_sentences, body)
                entities = clock.time("entities", _all, extract_entities, body, language)
                quotes = clock.time("quotes", _all, extract_quotes, body, list(entities), language, sentences)
                record = ArticleRecord(article, entities, quotes, sentences)
                rows.append(clock.time("rows", article_rows, record, row))
                docs.append(clock.time("whoosh", document, article, row))
                row += 1
                clock.articles += 1
                in_batch += 1
            if round_ == 0:  # the store keeps one copy of a repeated file
                batch.append((source, rows))
            if in_batch >= target:
                commit()
                target = min(MAX_BATCH, target * 2)
    commit()


def size_of(path: Path) -> int:
    """Bytes on disk under a folder (or of a file)."""
    if path.is_file():
        return path.stat().st_size
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file())


def report(clock: Clock, articles: int, folder: Path) -> None:
    """Print the stages' costs, their growth, memory and sizes."""
    total = sum(clock.total.values())
    print(f"  {'stage':10} {'ms/article':>10} {'share':>6}")
    for stage in STAGES:
        seconds = clock.total.get(stage, 0.0)
        print(f"  {stage:10} {1000 * seconds / articles:10.3f} {100 * seconds / total:5.1f}%")
    print(f"  {'all':10} {1000 * total / articles:10.3f}   = {articles / total:.0f} articles/s on one core")
    late = clock.tenths[5:]
    print(
        f"  near-copy grouping: {100 * clock.total.get('copies', 0.0) / total:.1f}% of the build;"
        f" in its last half {100 * sum(t.get('copies', 0.0) for t in late) / sum(sum(t.values()) for t in late):.1f}%"
    )
    print("  growth: ms/article per tenth of the archive (SQLite and whoosh include their commits and merges)")
    print("  " + " ".join(f"{stage:>9}" for stage in STAGES[:-1]))
    for tenth in clock.tenths:
        if tenth:
            per = clock.tenth_size
            print("  " + " ".join(f"{1000 * tenth.get(stage, 0.0) / per:9.3f}" for stage in STAGES[:-1]))
    built = open_index(folder / "whoosh")
    segments = len(segments_of(built)) if built is not None else 0
    print(
        f"  peak memory {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB;"
        f" index {size_of(folder / 'whoosh') / 1e6:.0f} MB in {segments} segment(s),"
        f" store {size_of(folder / 'store.sqlite3') / 1e6:.0f} MB"
    )


def profile(files: list[SourceFile], folder: Path, repeat: int, top: int) -> None:
    """cProfile over the same work: the functions with the most own time."""
    profiler = cProfile.Profile()
    profiler.enable()
    run(files, folder, repeat)
    profiler.disable()
    out = io.StringIO()
    pstats.Stats(profiler, stream=out).sort_stats("tottime").print_stats(top)
    lines = out.getvalue().splitlines()
    start = next((i for i, line in enumerate(lines) if line.lstrip().startswith("ncalls")), 0)
    print(f"  cProfile, the {top} functions with the most own time (profiling slows pure-Python code most):")
    for line in lines[start:]:
        if line.strip():
            print("  " + line.replace(str(Path.cwd()) + "/", ""))


def archives(sizes: list[int], archive: Path | None) -> Iterator[tuple[str, list[SourceFile]]]:
    """(label, files) of each archive to measure."""
    if archive is not None:
        yield str(archive), [f for f in discover(archive) if isinstance(f, SourceFile)]
        return
    for size in sizes:
        path = corpus(size)
        yield f"{size:,} generated text articles ({path})", [f for f in discover(path) if isinstance(f, SourceFile)]


def main() -> None:
    """Parse the arguments, time the stages, print them."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sizes", nargs="*", type=int, default=[2000])
    parser.add_argument("--archive", type=Path, help="an archive to read instead of a generated one")
    parser.add_argument("--repeat", type=int, default=1, help="read the archive's files this many times")
    parser.add_argument("--cpu", action="store_true", help="time CPU of this process instead of wall time")
    parser.add_argument("--profile", type=int, default=0, metavar="K", help="list the K costliest functions")
    args = parser.parse_args()
    print(f"command: {' '.join([Path(sys.executable).name, *sys.argv])}")
    for label, files in archives(args.sizes, args.archive):
        folder = OUT / f"stages-{len(files)}"  # runs on archives of other sizes do not collide
        print(f"== {label}: {len(files):,} files x {args.repeat}")
        started = time.perf_counter()
        clock, articles = run(files, folder, args.repeat, args.cpu)
        print(f"  {articles:,} articles in {time.perf_counter() - started:.1f} s (wall, with the timers)")
        report(clock, articles, folder)
        if args.profile:
            profile(files, folder, args.repeat, args.profile)


if __name__ == "__main__":
    main()
