"""The walk of an unchanged re-run: ingest's discover() against a bare scandir+stat walk of the same tree.

Run: .venv/bin/python benchmarks/discover_walk.py [N]   (N articles, default 100000; archive made by make_corpus.py)

discover() does what the bare walk does (one scandir per folder, one stat per file) plus
sorting, format checks and a SourceFile per file; the ratio says what that costs. Also
printed: what making a pathlib.Path per file would add (discover keeps the scandir string
and makes the Path only for files that are read). Best of three runs each, page cache warm.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable
from pathlib import Path

from make_corpus import corpus

from newsbrowse.ingest import SourceFile, discover

RUNS = 3


def bare_walk(directory: str) -> list[tuple[str, os.stat_result]]:
    """Every file under a folder with its stat, the least any walk must do."""
    found: list[tuple[str, os.stat_result]] = []
    with os.scandir(directory) as scan:
        for entry in scan:
            if entry.is_dir():
                found.extend(bare_walk(entry.path))
            else:
                found.append((entry.path, entry.stat()))
    return found


def best(action: Callable[[], object]) -> float:
    """The shortest of RUNS timings of an action, in seconds."""
    times = []
    for _ in range(RUNS):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> int:
    """Time the walks and print the figures."""
    size = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    root = corpus(size)
    sources = [item for item in discover(root) if isinstance(item, SourceFile)]
    bare = best(lambda: bare_walk(str(root)))
    walk = best(lambda: list(discover(root)))
    paths = best(lambda: [Path(source.location) for source in sources])
    count = len(sources)
    print(f"archive: {root} ({count:,} files)")
    print(f"  bare scandir+stat walk: {bare:.3f} s ({bare / count * 1e6:.1f} µs/file)")
    ratio = walk / bare
    print(f"  discover():             {walk:.3f} s ({walk / count * 1e6:.1f} µs/file), {ratio:.2f}x the bare walk")
    print(f"  a Path per file would add {paths:.3f} s ({paths / count * 1e6:.1f} µs/file)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
