"""Index build speed: end to end (ingest, clean, extract, store, index) against whoosh alone, in one run.

Run: .venv/bin/python benchmarks/index_build.py [N ...] [--jobs 2] [--skip-baseline]
     (N articles per archive, default 2000; archives made by benchmarks/make_corpus.py)

For each archive it prints, measured in the same run on the same files:
  - a naive whoosh baseline: the files' titles and bodies into a stock schema (id, title, body;
    stored, default analyser), one writer, one process; its index is kept in
    benchmarks/out/naive-N for benchmarks/query_latency.py;
  - the newsbrowse build with --jobs workers: wall time, articles/s, the ratio to the baseline,
    and the CPU seconds of every process (this one, its workers), by role; the number of segments;
  - an unchanged re-run; index and store size on disk;
  - where the time goes: per-article cost of each stage, measured on 500 articles in one process;
  - index writing alone, the build's stored articles into a new index four ways: newsbrowse's segment
    writer in one process and in --jobs worker processes (its build path: segments written apart,
    then settled by merges), and stock whoosh in one process and with procs=--jobs, multisegment=True
    (whoosh's own parallel writing, no merge at the end); each from the store to a committed index.
The machine is shared: compare the ratios, not the absolute rates, between runs.
"""

from __future__ import annotations

import argparse
import os
import shutil
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from make_corpus import corpus
from whoosh import index as whoosh_index

from newsbrowse import open_archive
from newsbrowse.build.pipeline import Build, default_jobs
from newsbrowse.build.process import process_document
from newsbrowse.index.internals import create_index, open_index, segments_of, write_batch
from newsbrowse.index.internals.writer import LIMIT_MB
from newsbrowse.index.schema import build_schema, document
from newsbrowse.ingest import SourceFile, discover, read_source
from newsbrowse.location import STORE_NAME
from newsbrowse.model import Document
from newsbrowse.store import FileState, Store

OUT = Path(__file__).resolve().parent / "out"
_TICK = os.sysconf("SC_CLK_TCK")


class ProcessCpu:
    """CPU seconds of this process and all its descendants, sampled from /proc while they live.

    Worker processes are children of the forkserver, not of this process, so getrusage
    cannot see them; sampling /proc can (the last sample before a process exits counts).
    """

    def __init__(self) -> None:
        self.root = os.getpid()
        self.seen: dict[int, tuple[float, int]] = {}  # pid -> (cpu seconds, parent pid)
        self._scan()
        # Processes alive now (this one, a forkserver from an earlier build) count from here on.
        self.before = {pid: cpu for pid, (cpu, _) in self.seen.items()}
        self.seen = {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    @staticmethod
    def _read(pid: int) -> tuple[int, float] | None:
        """(parent pid, cpu seconds) of a process, or None if it is gone."""
        try:
            stat = Path(f"/proc/{pid}/stat").read_text()
        except OSError:
            return None
        fields = stat[stat.rindex(")") + 2 :].split()
        return int(fields[1]), (int(fields[11]) + int(fields[12])) / _TICK

    def _scan(self) -> None:
        """Record the CPU time of every descendant."""
        table = {}
        for entry in os.listdir("/proc"):
            if entry.isdigit() and (info := self._read(int(entry))) is not None:
                table[int(entry)] = info
        for pid, (parent, cpu) in table.items():
            ancestor, hops = pid, 0
            while ancestor in table and ancestor != self.root and hops < 20:
                ancestor, hops = table[ancestor][0], hops + 1
            if ancestor == self.root:
                self.seen[pid] = (cpu, parent)

    def _run(self) -> None:
        """Sample until stopped."""
        while not self._stop.is_set():
            self._scan()
            self._stop.wait(0.2)

    def stop(self) -> None:
        """Stop sampling, after a last sample."""
        self._stop.set()
        self._thread.join()
        self._scan()
        self.seen = {pid: (cpu - self.before.get(pid, 0.0), parent) for pid, (cpu, parent) in self.seen.items()}


def split_roles(seen: dict[int, tuple[float, int]], root: int) -> dict[str, float]:
    """CPU seconds by role: the writer (this process), its direct children (the forkserver, the
    resource tracker), and the processes started by the forkserver (the workers)."""
    helpers = sum(cpu for pid, (cpu, parent) in seen.items() if parent == root)
    workers = sum(cpu for pid, (cpu, parent) in seen.items() if pid != root and parent != root)
    return {
        "writer (store, index commits, merges)": seen[root][0] if root in seen else 0.0,
        "forkserver, resource tracker": helpers,
        "workers (read, clean, extract, whoosh)": workers,
    }


def naive_whoosh(files: list[SourceFile], directory: Path) -> tuple[float, float]:
    """Wall and CPU seconds for stock whoosh to index the files' titles and bodies (one writer, one process)."""
    from whoosh import fields, index

    shutil.rmtree(directory, ignore_errors=True)
    directory.mkdir(parents=True)
    schema = fields.Schema(
        id=fields.ID(stored=True, unique=True), title=fields.TEXT(stored=True), body=fields.TEXT(stored=True)
    )
    started, cpu = time.perf_counter(), time.process_time()
    naive = index.create_in(str(directory), schema)
    writer = naive.writer()
    for source in files:
        text = source.path.read_bytes().decode("utf-8", "replace")
        title, _, body = text.partition("\n")
        writer.add_document(id=source.relpath, title=title, body=body)
    writer.commit()
    return time.perf_counter() - started, time.process_time() - cpu


def size_of(path: Path) -> int:
    """Bytes on disk under a folder."""
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file())


def stage_costs(files: list[SourceFile], directory: Path, count: int = 500) -> dict[str, float]:
    """Milliseconds per article of each stage, on `count` articles in this process."""
    from newsbrowse.clean import clean_document
    from newsbrowse.extract import extract_entities, extract_quotes
    from newsbrowse.extract.sentences import split_sentences

    docs: list[Document] = []
    started = time.perf_counter()
    for source in files[:count]:
        docs.extend(d for d in read_source(source) if isinstance(d, Document))
    timings = {"read (ingest)": time.perf_counter() - started}
    started = time.perf_counter()
    articles = [clean_document(doc) for doc in docs]
    timings["clean"] = time.perf_counter() - started
    started = time.perf_counter()
    entities = [extract_entities(a.body) for a in articles]
    timings["extract entities"] = time.perf_counter() - started
    started = time.perf_counter()
    for article, found in zip(articles, entities, strict=True):
        extract_quotes(article.body, found)
    timings["extract quotes"] = time.perf_counter() - started
    started = time.perf_counter()
    for article in articles:
        split_sentences(article.body)
    timings["split sentences"] = time.perf_counter() - started
    records = [process_document(doc) for doc in docs]
    shutil.rmtree(directory, ignore_errors=True)
    directory.mkdir(parents=True)
    store = Store.open(directory / "store.sqlite3")
    started = time.perf_counter()
    with store.transaction():
        for record in records:
            store.put_file(record.article.id, FileState(1, 1, "h"), [record])
    store.resolve_entities()
    timings["store (SQLite)"] = time.perf_counter() - started
    store.close()
    started = time.perf_counter()
    write_batch(create_index(directory / "whoosh"), (), [document(r.article, n) for n, r in enumerate(records)])
    timings["index (whoosh, one segment)"] = time.perf_counter() - started
    return {stage: 1000 * seconds / len(docs) for stage, seconds in timings.items()}


def _timed(label: str, directory: Path, write: Callable[[Path], None], count: int) -> None:
    """Time one way of writing the index into a fresh `directory` and print it."""
    shutil.rmtree(directory, ignore_errors=True)
    directory.mkdir(parents=True)
    started = time.perf_counter()
    write(directory)
    elapsed = time.perf_counter() - started
    made = open_index(directory)
    assert made is not None and made.doc_count() == count, label
    segments = len(segments_of(made))
    print(f"    {label:52} {elapsed:7.2f} s  {count / elapsed:7.0f} articles/s  {segments} segment(s)")


def writers(archive: Path, index_dir: Path, jobs: int) -> None:
    """Index writing alone, newsbrowse's segment writer against stock whoosh, on the build's stored articles."""
    store = Store.open(index_dir / STORE_NAME)
    ids = store.article_ids()

    def documents() -> list[dict[str, Any]]:
        """The index documents, read from the store (part of each way's time)."""
        return [document(article, row) for row, article in store.for_index(ids)]

    def fast_here(directory: Path) -> None:
        write_batch(create_index(directory), (), documents())

    def fast_workers(directory: Path) -> None:
        build = Build(archive, store, create_index(directory), jobs)
        build.reindex_from_store(ids)
        build._settle()  # as a build that wrote most of the index ends

    def stock(directory: Path, procs: int) -> None:
        made = whoosh_index.create_in(str(directory), build_schema())
        writer = made.writer(procs=procs, multisegment=procs > 1, limitmb=LIMIT_MB)
        for doc in documents():
            writer.add_document(**doc)
        writer.commit()

    print(f"index writing alone ({len(ids):,} stored articles, from the store to a committed index):")
    _timed("newsbrowse's segment writer, this process", OUT / "writer-fast-1", fast_here, len(ids))
    _timed(f"newsbrowse's segment writer, {jobs} workers + settle", OUT / "writer-fast-n", fast_workers, len(ids))
    _timed("stock whoosh, this process", OUT / "writer-stock-1", lambda d: stock(d, 1), len(ids))
    _timed(f"stock whoosh, procs={jobs}, multisegment", OUT / "writer-stock-n", lambda d: stock(d, jobs), len(ids))
    store.close()


def bench(count: int, jobs: int, baseline: bool, writer_comparison: bool) -> None:
    """Build an archive of `count` articles and print the figures."""
    archive = corpus(count)
    files = [f for f in discover(archive) if isinstance(f, SourceFile)]
    print(f"== {count:,} articles ({archive}), --jobs {jobs}, {os.cpu_count()} CPUs, load {os.getloadavg()[0]:.1f}")
    if baseline:
        naive, naive_cpu = naive_whoosh(files, OUT / f"naive-{count}")
        print(
            f"naive whoosh (one process, stock schema): {naive:8.1f} s  {count / naive:7.0f} docs/s"
            f"  (CPU {1000 * naive_cpu / count:.2f} ms/doc)"
        )
    index_dir = OUT / f"index-{count}"
    shutil.rmtree(index_dir, ignore_errors=True)
    cpu = ProcessCpu()
    started = time.perf_counter()
    with open_archive(archive, index_dir=index_dir) as opened:
        summary = opened.update(jobs=jobs)
        elapsed = time.perf_counter() - started
        cpu.stop()
        rate = summary.total / elapsed
        ratio = f"  = {rate / (count / naive):.2f} x naive whoosh" if baseline else ""
        print(f"newsbrowse build, end to end:            {elapsed:8.1f} s  {rate:7.0f} articles/s{ratio}")
        built = open_index(index_dir / "whoosh")
        segments = len(segments_of(built)) if built is not None else 0
        print(f"  {segments} segment(s) in the index")
        roles = split_roles(cpu.seen, cpu.root)
        total_cpu = sum(roles.values())
        print(f"  CPU {total_cpu:.0f} s = {1000 * total_cpu / summary.total:.2f} ms/article:")
        for role, seconds in roles.items():
            print(f"    {role:40} {seconds:8.1f} s  {1000 * seconds / summary.total:6.2f} ms/article")
        started = time.perf_counter()
        again = opened.update(jobs=jobs)
        print(
            f"unchanged re-run:                        {time.perf_counter() - started:8.2f} s"
            f"  ({again.unchanged:,} unchanged)"
        )
    store_bytes = size_of(index_dir) - size_of(index_dir / "whoosh")
    print(
        f"on disk: index {size_of(index_dir / 'whoosh') / 1e6:.0f} MB + store {store_bytes / 1e6:.0f} MB "
        f"(the articles' files: {size_of(archive) / 1e6:.0f} MB)"
    )
    print("where the time goes (ms per article, one process, 500 articles):")
    for stage, ms in stage_costs(files, OUT / "stages").items():
        print(f"    {stage:40} {ms:6.2f}")
    if writer_comparison:
        writers(archive, index_dir, jobs)


def main() -> None:
    """Parse the arguments and run the benchmarks."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sizes", nargs="*", type=int, default=[2000])
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--skip-baseline", action="store_true", help="do not build the naive whoosh index")
    parser.add_argument(
        "--skip-writers", action="store_true", help="do not compare newsbrowse's segment writer with stock whoosh"
    )
    args = parser.parse_args()
    print(f"(default --jobs would be {default_jobs()})")
    for count in args.sizes:
        bench(count, args.jobs, not args.skip_baseline, not args.skip_writers)


if __name__ == "__main__":
    main()
