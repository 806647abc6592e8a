"""Facets latency for a query of ~10,000 hits, and the export of every mention of the commonest entity.

Run: .venv/bin/python benchmarks/facets_export.py 20000 [--target 10000] [--runs 20] [--index-dir DIR]

The archive is benchmarks/data/bbc-N (make_corpus.py), built first if needed (in the archive,
or in DIR, such as the benchmarks/out/index-N that index_build.py leaves). Facets: the
query among a few common words whose hit count is nearest the target; the first call (which
reads the facet columns) and the p50/p95 of the next runs. Export: `newsbrowse mentions
ARCHIVE NAME --limit 0 --format F` in a child process writing to /dev/null, its wall time and
peak memory (ru_maxrss), beside the same command limited to 100 mentions (the baseline: what
the process costs before any export).
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time
from pathlib import Path

from make_corpus import corpus

from newsbrowse.archive import open_archive

WORDS = ["year", "people", "time", "new", "government", "last", "first", "world", "market", "game", "told"]


# Runs the command line, then writes its own peak memory (KB) as the last line of stderr.
_MEASURED = (
    "import resource, sys\n"
    "from newsbrowse.cli import main\n"
    "code = main(sys.argv[1:])\n"
    "sys.stderr.write(f'\\n{resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}\\n')\n"
    "sys.exit(code)\n"
)


def child(argv: list[str]) -> tuple[float, float]:
    """Run newsbrowse in a child process (output to /dev/null): wall seconds and its peak memory in MB."""
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-c", _MEASURED, *argv], check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    elapsed = time.perf_counter() - started
    return elapsed, int(done.stderr.split()[-1]) / 1024


def main() -> None:
    """Build if needed, then measure facets and the export."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("size", type=int)
    parser.add_argument("--target", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--index-dir", type=Path, help="the index to use (default: the archive's own)")
    args = parser.parse_args()
    root: Path = corpus(args.size)
    where = ["--index-dir", str(args.index_dir)] if args.index_dir else []
    with open_archive(root, index_dir=args.index_dir) as archive:
        started = time.perf_counter()
        summary = archive.update()
        print(
            f"archive: {summary.total:,} articles ({summary.duplicates:,} near-copies), update {time.perf_counter() - started:.1f} s"
        )
        counts = {word: archive.count(word) for word in WORDS}
        query = min(counts, key=lambda word: abs(counts[word] - args.target))
        started = time.perf_counter()
        facets = archive.facets(query)
        first = time.perf_counter() - started
        times = []
        for _ in range(args.runs):
            started = time.perf_counter()
            archive.facets(query)
            times.append(time.perf_counter() - started)
        times.sort()
        p50, p95 = times[len(times) // 2], times[min(len(times) - 1, int(0.95 * len(times)))]
        print(f"facets of {query!r} ({counts[query]:,} hits): first {1000 * first:.0f} ms (reads the columns),")
        print(f"  then p50 {1000 * p50:.0f} ms, p95 {1000 * p95:.0f} ms over {args.runs} runs")
        print(f"  months {len(facets.month)}, top person {facets.person[:1]}, top place {facets.place[:1]}")
        entity = archive.entities(limit=1)[0]
    print(f"export: every mention of {entity.name!r} ({entity.mentions:,} mentions in {entity.articles:,} articles)")
    for fmt in ("jsonl", "csv", "md"):
        for limit in ("100", "0"):
            elapsed, peak = child(["mentions", str(root), *where, entity.name, "--limit", limit, "--format", fmt])
            print(f"  --format {fmt:5} --limit {limit:>3}: {elapsed:6.1f} s, peak memory {peak:6.0f} MB")


if __name__ == "__main__":
    main()
