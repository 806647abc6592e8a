"""Batch search of 1,000 names and related-entity latency on a benchmark archive of N articles.

Run: .venv/bin/python benchmarks/batch_related.py [SIZE]   (default 20000; make_corpus.py makes the archive,
the index is built into benchmarks/out/index-SIZE when missing)

- batch: 1,000 lines (600 entities of the archive from the most named down, 200 rarely named
  ones, 100 names no entity has, 100 queries), read from a file and answered by Archive.batch
  (articles, first and last date, entity); the whole run's wall time. Baseline in the same run:
  the same 1,000 lines as plain phrase searches counting their hits (what a script would do
  with `newsbrowse search` and no entities).
- related: Archive.related for 200 entities (the 100 most named and 100 others named in at
  least two articles); p50, p95 and max. Baseline in the same run: Archive.mentions of the
  same entity, newest 20. Then, for the entities read in a sample (store/related.py), how
  many of their top ten the sample shares with a reading of all their articles.
"""

from __future__ import annotations

import argparse
import random
import tempfile
import time
from pathlib import Path

from query_latency import indexed_corpus, percentiles, timed

from newsbrowse.archive import open_archive
from newsbrowse.batch import phrase, read_list
from newsbrowse.errors import QueryError
from newsbrowse.store import related as related_store


def main() -> None:
    """Measure batch search and related entities on one archive."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("size", nargs="?", type=int, default=20000)
    args = parser.parse_args()
    archive_path, index_dir = indexed_corpus(args.size)
    rng = random.Random(16)
    with open_archive(archive_path, index_dir=index_dir) as archive:
        started = time.perf_counter()
        entities = archive.entities(limit=None)
        print(
            f"{archive.article_count():,} articles, {len(entities):,} entities ({time.perf_counter() - started:.1f} s to list)"
        )
        top = entities[:600]
        rare = rng.sample(entities[600:], min(200, max(0, len(entities) - 600)))
        unknown = [f"{rng.choice(['Anna', 'Pavel', 'Ines', 'Tomas'])} Q{n:03d}x" for n in range(100)]
        queries = [f"{e.name.split()[-1]} AND date:2021" for e in rng.sample(top, 100)]
        lines_text = [e.name for e in top + rare] + unknown + queries
        with tempfile.TemporaryDirectory() as folder:
            listing = Path(folder) / "names.txt"
            listing.write_text("\n".join(lines_text) + "\n", encoding="utf-8")
            started = time.perf_counter()
            lines = read_list(listing)
            rows = list(archive.batch(lines))
            batch_s = time.perf_counter() - started
        found = sum(1 for row in rows if row.articles)
        entity_rows = sum(1 for row in rows if row.kind == "entity")
        started = time.perf_counter()
        for text in lines_text:
            try:
                archive.count(text if ("AND" in text) else phrase(text))
            except QueryError:
                pass
        baseline_s = time.perf_counter() - started
        print(
            f"batch of {len(rows):,} lines: {batch_s:.2f} s ({found:,} found, {entity_rows:,} as entities);"
            f" plain phrase counts of the same lines: {baseline_s:.2f} s (ratio {batch_s / baseline_s:.2f})"
        )

        def unique(name: str) -> bool:
            """Whether a name finds one entity (a surname several people share asks which)."""
            try:
                return archive.entity(name) is not None
            except QueryError:
                return False

        several = [e for e in entities[100:] if e.articles >= 2 and unique(e.name)]
        chosen = [e for e in entities[:100] if unique(e.name)] + rng.sample(several, min(100, len(several)))
        archive.related(chosen[0].name)  # the entities resolved once, as the browser has them
        related_ms = [timed(lambda name=e.name: archive.related(name)) for e in chosen]
        mentions_ms = [timed(lambda name=e.name: archive.mentions(name, limit=20)) for e in chosen]
        print(f"related   {percentiles(related_ms)}")
        print(f"mentions  {percentiles(mentions_ms)}  (baseline)")
        p95 = sorted(related_ms)[round(0.95 * (len(related_ms) - 1))]
        p95_base = sorted(mentions_ms)[round(0.95 * (len(mentions_ms) - 1))]
        print(f"related p95 / mentions p95: {p95 / p95_base:.2f}")
        person = next(e for e in entities if e.type == "person" and unique(e.name))
        commonest = [timed(lambda: archive.related(person.name)) for _ in range(20)]
        print(
            f"related of the commonest person ({person.name}, {person.articles:,} articles)  {percentiles(commonest)}"
        )
        # What sampling costs: the top ten of the most named entities from their sample against all their articles.
        sampled = [e for e in chosen if e.articles > related_store.SAMPLE][:20]
        quick = {e.name: [r.name for r in archive.related(e.name, 10)] for e in sampled}
        default = related_store.SAMPLE
        related_store.SAMPLE = 10**9
        try:
            started = time.perf_counter()
            exact = {e.name: [r.name for r in archive.related(e.name, 10)] for e in sampled}
            exact_s = time.perf_counter() - started
        finally:
            related_store.SAMPLE = default
        if sampled:
            overlap = sum(len(set(quick[n]) & set(exact[n])) for n in quick) / (10 * len(quick))
            print(
                f"{len(sampled)} entities in more than {default:,} articles: top-10 overlap of the sample with all"
                f" articles {overlap:.2f}; all articles take {1000 * exact_s / len(sampled):.0f} ms each"
            )


if __name__ == "__main__":
    main()
