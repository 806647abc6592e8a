"""Query speed over an indexed archive: a ~200-query mix, open + first query, memory, mentions, entities.

Run: .venv/bin/python benchmarks/query_latency.py [N] [--all-copies] [--index-dir DIR] [--naive-dir DIR]
     (default 2000; run index_build.py N first, or this builds the index in a separate process)

Prints, in-process, top 20 hits with snippets per query:
  - p50 / p95 / max latency over ~200 queries in six kinds (rare surname, common word, phrase,
    boolean, field, date range), overall and per kind, each query asked once (what one search keeps
    for the next, decoded postings and groups of copies, is shared as in the app's long-running
    reader, never a query's own answer); the same text queries on the naive whoosh
    index of index_build.py (stock schema, top 20 with whoosh's highlights) when it exists;
  - opening the index and answering a first query, in a fresh process (with and without the
    interpreter start and imports): words, and names (the store's lookup of a name);
  - peak memory (RSS) of this process, which only queries;
  - all mentions of an entity with at least 1,000 mentions, and the top 100 entities.
The query mix is drawn from the index itself with a fixed seed.
"""

from __future__ import annotations

import argparse
import random
import re
import resource
import statistics
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Callable
from itertools import pairwise
from pathlib import Path

from make_corpus import corpus

from newsbrowse import open_archive
from newsbrowse.archive import Archive

OUT = Path(__file__).resolve().parent / "out"
KINDS = ("rare surname", "common word", "phrase", "boolean", "field", "date range")


def _words(archive: Archive) -> tuple[list[str], list[str], list[tuple[str, str]]]:
    """Common and mid-frequency body words, and two-word title phrases, as the articles write them.

    Drawn from the stored text, not the index's terms, so that indexes that keep stems or
    written forms are asked the same queries.
    """
    hits = archive.search("date:>1900", limit=2000).hits
    frequencies: Counter[str] = Counter()
    for hit in hits:
        frequencies.update({w.lower() for w in re.findall(r"[^\W\d_]{4,}", archive.article(hit.id).body)})
    total = len(hits)
    common = sorted(w for w, df in frequencies.items() if 0.05 * total <= df <= 0.35 * total)
    middle = sorted(w for w, df in frequencies.items() if 0.005 * total <= df < 0.05 * total)
    phrases: list[tuple[str, str]] = []
    for hit in hits[:400]:
        words = [w.lower() for w in hit.title.split() if w.isalpha() and len(w) > 3]
        phrases.extend(pairwise(words))
    return common, middle, phrases


def query_mix(archive: Archive, seed: int = 7) -> list[tuple[str, str]]:
    """About 200 (kind, query) pairs drawn from the archive."""
    rng = random.Random(seed)
    common, middle, phrases = _words(archive)
    people = [e for e in archive.entities(type="person", limit=5000) if " " in e.name and e.articles >= 2]
    surnames = sorted({e.name.split()[-1] for e in people if e.articles <= max(50, len(people) // 20)})
    orgs = [e.name for e in archive.entities(type="org", limit=200)]
    places = [e.name for e in archive.entities(type="place", limit=200)]
    mix: list[tuple[str, str]] = []
    mix += [("rare surname", name) for name in rng.sample(surnames, min(35, len(surnames)))]
    mix += [("common word", word) for word in rng.sample(common, min(35, len(common)))]
    mix += [("phrase", f'"{a} {b}"') for a, b in rng.sample(phrases, min(35, len(phrases)))]
    for _ in range(35):
        a, b, c = rng.sample(middle, 3)
        mix.append(("boolean", rng.choice([f"({a} OR {b}) AND {c}", f"{a} NOT {b}", f"{a} OR {b}", f"{a} AND {b}"])))
    for _ in range(30):
        mix.append(
            (
                "field",
                rng.choice(
                    [
                        f"title:{rng.choice(middle)}",
                        f'person:"{rng.choice(people).name}"',
                        f'org:"{rng.choice(orgs)}"',
                        f'place:"{rng.choice(places)}" {rng.choice(middle)}',
                    ]
                ),
            )
        )
    for _ in range(30):
        year, month = rng.randint(2019, 2024), rng.randint(1, 12)
        mix.append(
            (
                "date range",
                rng.choice(
                    [
                        f"{rng.choice(middle)} date:{year}-{month:02d}",
                        f"date:[{year}-{month:02d}-01 to {year}-{month:02d}-28] {rng.choice(common)}",
                        f"{rng.choice(middle)} date:>{year}",
                    ]
                ),
            )
        )
    return mix


def percentiles(values: list[float]) -> str:
    """p50, p95 and max of a list of milliseconds."""
    ordered = sorted(values)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return f"p50 {statistics.median(ordered):7.1f} ms  p95 {p95:7.1f} ms  max {ordered[-1]:7.1f} ms  (n={len(ordered)})"


def timed(call: Callable[[], object], cpu: list[float] | None = None) -> float:
    """Milliseconds one call takes; its CPU milliseconds go to `cpu` when given.

    On a shared machine wall time includes waiting for a core; CPU time does not.
    """
    started, started_cpu = time.perf_counter(), time.process_time()
    call()
    if cpu is not None:
        cpu.append(1000 * (time.process_time() - started_cpu))
    return 1000 * (time.perf_counter() - started)


def naive_latency(directory: Path, queries: list[str]) -> list[float] | None:
    """Latencies of the text queries on the naive whoosh index (top 20 with highlights), if it exists."""
    from whoosh import index, qparser

    if not directory.exists():
        return None
    naive = index.open_dir(str(directory))
    parser = qparser.MultifieldParser(["title", "body"], naive.schema, group=qparser.AndGroup)
    with naive.searcher() as searcher:

        def run(text: str) -> None:
            """One naive search with highlights, as a page of hits would show them."""
            results = searcher.search(parser.parse(text), limit=20)
            for hit in results:
                hit.highlights("body")

        return [timed(lambda text=text: run(text)) for text in queries]


# First queries timed in a fresh process: words, then names (make_corpus.py's archives are BBC stories).
FIRST_QUERIES = ("government minister", "person:blair", 'org:"bank of england"')


def first_query(archive_path: Path, index_dir: Path, text: str) -> str:
    """Open the index in a fresh process and answer one query: with and without startup."""
    code = (
        "import time; t0 = time.perf_counter()\n"
        "from newsbrowse import open_archive\n"
        "t1 = time.perf_counter()\n"
        f"a = open_archive({str(archive_path)!r}, index_dir={str(index_dir)!r}); r = a.search({text!r})\n"
        "t2 = time.perf_counter()\n"
        "print(f'{1000*(t2-t1):.0f} ms open + first query ({1000*(t2-t0):.0f} ms with imports)')\n"
    )
    started = time.perf_counter()
    output = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip()
    return f"{output}; {1000 * (time.perf_counter() - started):.0f} ms for the whole process"


def indexed_corpus(size: int, index_dir: Path | None = None) -> tuple[Path, Path]:
    """The benchmark archive of `size` articles and its index (in benchmarks/out unless given), built if missing."""
    archive_path = corpus(size)
    index_dir = index_dir or OUT / f"index-{size}"
    if not (index_dir / "store.sqlite3").exists():
        print(f"building the index in {index_dir} (run index_build.py first for build figures)")
        subprocess.run(
            [sys.executable, "-m", "newsbrowse", "index", str(archive_path), "--index-dir", str(index_dir)], check=True
        )
    return archive_path, index_dir


def main() -> None:
    """Run the query benchmarks on one archive."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("size", nargs="?", type=int, default=2000)
    parser.add_argument(
        "--all-copies",
        action="store_true",
        help="list every copy (make_corpus.py's archives are mostly near-copies: folding them costs re-searches)",
    )
    parser.add_argument("--index-dir", type=Path, help="the index to query (default: benchmarks/out/index-SIZE)")
    parser.add_argument(
        "--naive-dir", type=Path, help="the naive whoosh index of index_build.py (default: benchmarks/out/naive-SIZE)"
    )
    args = parser.parse_args()
    archive_path, index_dir = indexed_corpus(args.size, args.index_dir)
    print(f"== {args.size:,} articles; open + first query, fresh process:")
    for text in FIRST_QUERIES:
        print(f"   {text:22} {first_query(archive_path, index_dir, text)}")
    with open_archive(archive_path, index_dir=index_dir) as archive:
        print(f"   {archive._index().segment_count()} segment(s)")
        mix = query_mix(archive)
        for _, text in mix[:10]:  # warm the caches a long-running reader has
            archive.search(text)
        latencies: dict[str, list[float]] = {kind: [] for kind in KINDS}
        cpu: list[float] = []
        for kind, text in mix:
            latencies[kind].append(
                timed(lambda text=text: archive.search(text, limit=20, all_copies=args.all_copies), cpu)
            )
        everything = [ms for values in latencies.values() for ms in values]
        print(f"query mix, top 20 with snippets:  {percentiles(everything)}")
        print(f"  the same in CPU time:           {percentiles(cpu)}")
        for kind in KINDS:
            print(f"  {kind:14}                  {percentiles(latencies[kind])}")
        # Before the naive index is opened: whoosh copies its compound segments into memory.
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        text_queries = [text for kind, text in mix if kind in KINDS[:4]]
        naive = naive_latency(args.naive_dir or OUT / f"naive-{args.size}", text_queries)
        ours = [ms for kind in KINDS[:4] for ms in latencies[kind]]
        print(f"text queries only, newsbrowse:    {percentiles(ours)}")
        if naive:
            print(f"text queries only, naive whoosh:  {percentiles(naive)}")
        big = [e for e in archive.entities(limit=500) if e.mentions >= 1000]
        if big:
            target = min(big, key=lambda e: e.mentions)
            ms = min(timed(lambda: archive.mentions(target.name)) for _ in range(3))
            print(f"mentions of {target.name!r} ({target.mentions:,} mentions): {ms:.0f} ms")
        else:
            print("no entity has 1,000 mentions at this size")
        ms = min(timed(lambda: archive.entities(limit=100)) for _ in range(3))
        print(f"top 100 entities: {ms:.1f} ms")
        naive_peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        f"peak memory of this querying process: {peak:.0f} MB (after also querying the naive index: {naive_peak:.0f} MB)"
    )


if __name__ == "__main__":
    main()
