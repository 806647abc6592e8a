"""The cluster build (`index --cluster`) against the local build, in one run, with the equality of results checked.

Run: .venv/bin/python benchmarks/cluster_build.py [N ...] [--workers 2]
     (N articles per generated text archive, default 2000; benchmarks/make_corpus.py)

For each archive, measured in the same run on the same files:
  - the local build in one process (--jobs 1) and with worker processes (--jobs = CPUs);
  - the build on a Dask LocalCluster of --workers single-threaded worker processes (started
    before the clock, its start-up time printed apart), and the CPU seconds this process (the
    one writer: store rows, SQLite, whoosh, the entity merge, Dask's client) spent per article;
  - equality: every row of every table of the cluster build's store, rowids included, and the
    hits (ids, scores, snippets) of a set of queries, against the --jobs 1 build.

What a 16-node cluster would do. The workers' share (read, decode, clean, sentences, entities,
quotes) spreads over the cluster; the writer's (rows, SQLite, whoosh, the merge, unpacking what
the workers send) stays in this one process. The writer's CPU per article, measured here, is
therefore the bound: with enough workers the build runs at 1000 / (writer ms per article)
articles/s, whatever the cluster's size. The script prints that bound, and how many worker
cores it takes to reach it (the workers' ms per article over the writer's). On text archives
the writer's share (whoosh's analysis and postings above all, then unpacking what the workers
send, SQLite and the merge) is larger than the workers', so one or two worker cores saturate it:
a 16-node cluster builds a text archive no faster than two local cores, and only archives whose
cleaning is costly (scraped HTML, several times a text article's cost) gain from more nodes,
up to the same bound. Past it, the workers must write whoosh segments that the writer adopts
(as --jobs workers do here), sending the segment files back with the rows; that needs the
store rows (the documents' keys) assigned before extraction, which a build here does not do
(it numbers articles in the order it stores them, which is what makes the two builds equal).
"""

from __future__ import annotations

import argparse
import logging
import os
import shutil
import sqlite3
import time
from pathlib import Path

from distributed import Client, LocalCluster
from make_corpus import corpus

from newsbrowse import open_archive
from newsbrowse.build.pipeline import default_jobs
from newsbrowse.location import STORE_NAME

OUT = Path(__file__).resolve().parent / "out" / "cluster"
QUERIES = ["government", "minister said", '"prime minister"', "economy OR growth", "person:blair", "date:2005"]


def store_rows(index_dir: Path) -> dict[str, list[tuple[object, ...]]]:
    """Every row of every table of the store, the rowid included, in rowid order."""
    with sqlite3.connect(index_dir / STORE_NAME) as db:
        tables = [name for (name,) in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
        rows: dict[str, list[tuple[object, ...]]] = {}
        for table in tables:
            try:
                rows[table] = db.execute(f'SELECT rowid, * FROM "{table}" ORDER BY rowid').fetchall()
            except sqlite3.OperationalError:  # a table without rowid
                rows[table] = sorted(db.execute(f'SELECT * FROM "{table}"').fetchall(), key=repr)
    return rows


def results(archive: Path, index_dir: Path) -> list[list[tuple[str, float, str]]]:
    """Each query's hits: id, score and snippet."""
    with open_archive(archive, index_dir=index_dir) as opened:
        return [[(hit.id, hit.score, hit.snippet) for hit in opened.search(query).hits] for query in QUERIES]


def build(archive: Path, index_dir: Path, jobs: int, cluster: str | None = None) -> tuple[float, float, int]:
    """A build from nothing: (wall seconds, this process's CPU seconds, articles)."""
    shutil.rmtree(index_dir, ignore_errors=True)
    wall, cpu = time.perf_counter(), time.process_time()
    with open_archive(archive, index_dir=index_dir) as opened:
        summary = opened.update(jobs=jobs, cluster=cluster)
    return time.perf_counter() - wall, time.process_time() - cpu, summary.total


def bench(count: int, workers: int) -> None:
    """Build one archive three ways and print the figures."""
    archive = corpus(count)
    print(f"== {count:,} articles ({archive}), {os.cpu_count()} CPUs, load {os.getloadavg()[0]:.1f}")
    one, one_cpu, total = build(archive, OUT / "jobs1", 1)
    print(
        f"local, --jobs 1:            {one:7.1f} s  {total / one:6.0f} articles/s  (CPU {1000 * one_cpu / total:.2f} ms/article)"
    )
    jobs = default_jobs()
    many, _, _ = build(archive, OUT / "jobsN", jobs)
    print(
        f"local, --jobs {jobs}:            {many:7.1f} s  {total / many:6.0f} articles/s  = {one / many:.2f}x --jobs 1"
    )
    started = time.perf_counter()
    with (
        LocalCluster(
            n_workers=workers,
            threads_per_worker=1,
            processes=True,
            host="127.0.0.1",
            dashboard_address=":0",
            silence_logs=logging.ERROR,
        ) as local,
        Client(local) as client,
    ):
        print(f"LocalCluster({workers}) started in {time.perf_counter() - started:.1f} s (not counted below)")
        before: dict[str, float] = client.run(time.process_time)
        wall, writer_cpu, _ = build(archive, OUT / "cluster", 1, client.scheduler.address)
        after: dict[str, float] = client.run(time.process_time)
        workers_cpu = sum(after[worker] - before.get(worker, 0.0) for worker in after)
    print(
        f"Dask LocalCluster({workers}):     {wall:7.1f} s  {total / wall:6.0f} articles/s  = {one / wall:.2f}x --jobs 1,"
        f" {many / wall:.2f}x --jobs {jobs}"
    )
    writer_ms = 1000 * writer_cpu / total
    worker_ms = 1000 * workers_cpu / total
    print(
        f"  CPU per article: the writer (this process) {writer_ms:.2f} ms, the workers {worker_ms:.2f} ms"
        f" (--jobs 1 in one process: {1000 * one_cpu / total:.2f} ms)"
    )
    print(
        f"  bound with any number of workers: {1000 / writer_ms:.0f} articles/s, reached with about"
        f" {worker_ms / writer_ms:.1f} worker cores"
    )
    same_rows = store_rows(OUT / "cluster") == store_rows(OUT / "jobs1")
    same_hits = results(archive, OUT / "cluster") == results(archive, OUT / "jobs1")
    print(
        f"  equal to --jobs 1: store rows {'yes' if same_rows else 'NO'}, search results {'yes' if same_hits else 'NO'}"
    )


def main() -> None:
    """Parse the arguments and run the benchmark."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sizes", nargs="*", type=int, default=[2000])
    parser.add_argument("--workers", type=int, default=2, help="worker processes of the LocalCluster")
    args = parser.parse_args()
    for count in args.sizes:
        bench(count, args.workers)


if __name__ == "__main__":
    main()
