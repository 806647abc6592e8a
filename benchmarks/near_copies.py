"""Near-copy grouping: precision and recall on a corpus with known copies, and what the grouping costs a build.

Run: .venv/bin/python benchmarks/near_copies.py [--sample 400] [--skip-cost]

The corpus (benchmarks/data/near-copies/, git-ignored) holds every BBC article once, and for
a fixed sample of them four near-copies each: an exact copy, one with a changed headline, one
with a paragraph dropped (articles of three paragraphs or more), one with a byline line added.
The other 2,225 BBC articles are the non-copies, hundreds of them on the same topic (the
corpus's five sections). BBC's own stories stored twice count as copies: those with the same
body, and pairs of originals that difflib's character-level matcher (independent of shingles)
finds at least 80% alike, among the pairs that start alike or that the grouping joined.

Truth and prediction are compared as pairs of articles in one group: precision is the share
of grouped pairs that are copies, recall the share of copy pairs grouped. Every wrongly
grouped pair is printed with its exact Jaccard, to be judged by reading.

Cost: the build of the same corpus in one process with and without the grouping (signatures
made and matched), in the same run, and the per-article CPU of the signature and band keys
against reading, cleaning and extracting the article. This corpus has at most five copies of a
story; the grouping's share of a build as copies pile up (the writer's work grows with them) is
measured stage by stage in `benchmarks/build_stages.py` (stage `copies`, with its growth per tenth).
"""

from __future__ import annotations

import argparse
import difflib
import random
import shutil
import tempfile
import time
from itertools import combinations
from unittest import mock

from make_corpus import DATA, _originals

from newsbrowse.archive import Archive, open_archive
from newsbrowse.build.process import process_document
from newsbrowse.ingest import SourceFile, discover, read_source
from newsbrowse.model import Document
from newsbrowse.store.copies import band_keys, jaccard, shingles, signature

TARGET = DATA / "near-copies"
BYLINES = ["By Anna Berg, Reuters", "By Tom Hale, AFP", "From our correspondent in Oslo", "By Lisa Park, NTB"]


def _text(title: str, paragraphs: list[str]) -> str:
    """An article file in the BBC corpus's format: the title, then paragraphs."""
    return f"{title}\n\n" + "\n\n".join(paragraphs) + "\n"


def make(sample: int) -> dict[str, str]:
    """Write the corpus; returns each article's family (the original it copies)."""
    if TARGET.exists():
        shutil.rmtree(TARGET)
    originals = _originals()
    chosen = set(random.Random(15).sample(range(len(originals)), sample))
    family: dict[str, str] = {}
    bodies: dict[str, str] = {}
    for number, (relpath, title, paragraphs) in enumerate(originals):
        name = f"orig/{relpath}"
        # BBC's own stories stored twice (same body) are one family.
        family[name] = bodies.setdefault(" ".join(" ".join(paragraphs).split()), relpath)
        variants: dict[str, tuple[str, list[str]]] = {}
        if number in chosen:
            variants["exact"] = (title, paragraphs)
            variants["headline"] = (f"{' '.join(reversed(title.split()))} (updated)", paragraphs)
            if len(paragraphs) >= 3:
                drop = len(paragraphs) // 2
                variants["dropped"] = (title, paragraphs[:drop] + paragraphs[drop + 1 :])
            variants["byline"] = (title, [BYLINES[number % len(BYLINES)], *paragraphs])
        for kind, (new_title, new_paragraphs) in {"": (title, paragraphs), **variants}.items():
            path = TARGET / (kind or "orig") / relpath
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(_text(new_title, new_paragraphs), encoding="utf-8")
            family[f"{kind or 'orig'}/{relpath}"] = family[name]
    return family


def pairs(groups: dict[str, str]) -> set[tuple[str, str]]:
    """Every pair of articles that share a group (group label per article)."""
    members: dict[str, list[str]] = {}
    for article, group in groups.items():
        members.setdefault(group, []).append(article)
    return {pair for group in members.values() for pair in combinations(sorted(group), 2)}


def with_bbc_copies(family: dict[str, str], predicted: set[tuple[str, str]], archive: Archive) -> dict[str, str]:
    """The families with BBC's own near-identical originals joined (judged by difflib, not by shingles)."""
    originals = sorted(article_id for article_id in family if article_id.startswith("orig/"))
    bodies = {article_id: archive.article(article_id).body for article_id in originals}
    starts: dict[str, list[str]] = {}
    for article_id in originals:
        starts.setdefault(bodies[article_id][:80], []).append(article_id)
    considered = {pair for group in starts.values() for pair in combinations(group, 2)}
    considered |= {(first, second) for first, second in predicted if first in bodies and second in bodies}
    joined = dict(family)
    for first, second in sorted(considered):
        matcher = difflib.SequenceMatcher(None, bodies[first], bodies[second], autojunk=False)
        if joined[first] != joined[second] and matcher.ratio() >= 0.8:
            old, new = joined[second], joined[first]
            joined = {article_id: new if value == old else value for article_id, value in joined.items()}
            print(f"  BBC stores one story twice: {first} ~ {second} (difflib {matcher.ratio():.2f})")
    return joined


def grouping(family: dict[str, str]) -> None:
    """Build the corpus, compare its groups with the truth, print precision, recall and the errors."""
    with tempfile.TemporaryDirectory() as index_dir, open_archive(TARGET, index_dir) as archive:
        started = time.perf_counter()
        summary = archive.update()
        elapsed = time.perf_counter() - started
        ids = list(family)
        found = archive.store.groups_of(ids)
        predicted = pairs({article_id: str(group) for article_id, group in found.items()})
        family = with_bbc_copies(family, predicted, archive)
        truth = pairs(family)
        right = predicted & truth
        print(f"corpus: {summary.total:,} articles, built in {elapsed:.1f} s; {summary.duplicates:,} folded")
        print(f"copy pairs: {len(truth):,} true, {len(predicted):,} grouped, {len(right):,} both")
        print(f"precision {len(right) / max(1, len(predicted)):.4f}   recall {len(right) / max(1, len(truth)):.4f}")
        for first, second in sorted(predicted - truth)[:20]:
            similarity = jaccard(shingles(archive.article(first).body), shingles(archive.article(second).body))
            print(f"  grouped, not a known copy: {first} ~ {second}  J={similarity:.2f}")
        missed = sorted(truth - predicted)
        for first, second in missed[:12]:
            similarity = jaccard(shingles(archive.article(first).body), shingles(archive.article(second).body))
            print(f"  missed: {first} ~ {second}  J={similarity:.2f}")
        kinds: dict[str, int] = {}
        for first, second in missed:
            for kind in {first.split("/")[0], second.split("/")[0]} - {"orig"} or {"orig"}:
                kinds[kind] = kinds.get(kind, 0) + 1
        print(f"missed pairs by kind: {kinds}")


def cost(repeats: int) -> None:
    """The build with and without grouping (one process, same run), and band keys per article against the rest."""
    times: dict[str, float] = {}
    # Alternated and repeated, the best of each kept: other processes on the machine slow some runs.
    for _ in range(repeats):
        for label, keys in (("without grouping", lambda body: b""), ("with grouping", signature)):
            with (
                tempfile.TemporaryDirectory() as index_dir,
                open_archive(TARGET, index_dir) as archive,
                mock.patch("newsbrowse.store.rows.signature", keys),
            ):
                started = time.process_time()  # jobs=1: the whole build runs in this process
                archive.update(jobs=1)
                elapsed = time.process_time() - started
            times[label] = min(times.get(label, elapsed), elapsed)
            print(f"build {label:18} {elapsed:7.1f} s CPU")
    print(
        f"grouping cost (best of {repeats} each): {100 * (times['with grouping'] / times['without grouping'] - 1):+.1f}% of the build"
    )
    sources = [item for item in discover(TARGET) if isinstance(item, SourceFile)][:300]
    documents = [item for source in sources for item in read_source(source) if isinstance(item, Document)]
    started = time.process_time()
    for document in documents:
        process_document(document)
    processing = time.process_time() - started
    started = time.process_time()
    for document in documents:
        band_keys(signature(document.content))
    banding = time.process_time() - started
    print(
        f"per article (CPU): signature and band keys {1000 * banding / len(documents):.2f} ms, read+clean+extract"
        f" {1000 * processing / len(documents):.1f} ms ({100 * banding / processing:.1f}%)"
    )


def main() -> None:
    """Make the corpus, measure the grouping, then (unless skipped) its cost."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sample", type=int, default=400, help="how many originals get four copies each")
    parser.add_argument("--skip-cost", action="store_true", help="measure precision and recall only")
    parser.add_argument("--repeats", type=int, default=2, help="builds with and without grouping, alternated")
    args = parser.parse_args()
    family = make(args.sample)
    grouping(family)
    if not args.skip_cost:
        cost(args.repeats)


if __name__ == "__main__":
    main()
