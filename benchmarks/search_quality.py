"""Search relevance on the BBC stories: hand-judged reporter queries, newsbrowse against stemming engines.

Run: .venv/bin/python benchmarks/search_quality.py [--per-query] [--pool SYSTEM]
     (corpus from $NEWSBROWSE_CORPORA or ../shared/corpora; newsbrowse's index goes to
     benchmarks/data/bbc-index and is brought up to date first: about 30 s the first time)

Systems, each run over the same 2,225 stories (title = first line, body = the rest):
  - newsbrowse: the project as it is, `open_archive(...).search(query, limit=100)`;
  - whoosh-stem: stock whoosh, StemmingAnalyzer on title and body, MultifieldParser over both
    (its default: every word required), BM25F, in memory (its Porter stemmer is an old one:
    "cutting" stays "cutt", so it misses "cut");
  - fts5: SQLite FTS5, `tokenize='porter unicode61'`, title and body columns, ranked by bm25();
    each word is passed as a quoted string, so the query is FTS5's default implicit AND:
    a story must hold every word, and FTS5 never returns a partial match;
  - fts5-or: the same index and ranking with the words joined by OR, so stories holding only
    some of the words come back too, ranked by BM25 (the partial matches a reader expects
    when no story holds every word).
All four are pooled: the top 20 of each for every query were judged by hand (grades in
benchmarks/search_judgments.tsv: 2 about the query's subject, 1 partly or in passing,
0 not about it), judged from each story's headline and opening paragraphs.

Byte-identical stories (98 redundant copies in the corpus) count as one story: every ranking
is mapped to the first copy's id and a repeated copy is dropped, so a system that folds
copies is neither helped nor hurt. Judgments are keyed by that first copy.

Figures, means over the queries with at least one relevant story (all of them today), then
newsbrowse's over the best of whoosh-stem and fts5, and nDCG@10 per query group:
  - nDCG@10 with gain = grade (TREC's linear gains), ideal ranking from all judged stories;
  - P@10: stories graded >= 1 among the first 10, over 10;
  - R@100: stories graded >= 1 in the first 100, over all stories graded >= 1 for the query;
  - unjudged@10: stories in a system's first 10s, summed over the queries, that nobody judged
    (they count as not relevant; a new system with many has pool holes: `--pool SYSTEM` lists
    its unjudged top-20 stories with headline and opening, to be graded and appended to the
    judgments file).
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import math
import os
import sqlite3
import sys
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from whoosh import fields
from whoosh.analysis import StemmingAnalyzer
from whoosh.filedb.filestore import RamStorage
from whoosh.qparser import MultifieldParser

from newsbrowse import open_archive

HERE = Path(__file__).resolve().parent
CORPORA = Path(os.environ.get("NEWSBROWSE_CORPORA", HERE.parent.parent / "shared" / "corpora"))
JUDGMENTS = HERE / "search_judgments.tsv"
INDEX_DIR = HERE / "data" / "bbc-index"
SYSTEMS = ("newsbrowse", "whoosh-stem", "fts5", "fts5-or")
POOL_DEPTH = 20
CUTOFF = 10
RECALL_DEPTH = 100

# Queries as a reporter types them, in three groups. Comments say how the stories put it:
# word forms the query does not use (a stemmer's job), names, and queries that no story (or
# hardly one) matches in full, where only partial matches can answer.
QUERY_GROUPS: dict[str, tuple[str, ...]] = {
    "word forms": (
        "interest rate cuts",  # "cut interest rates", "rate cut"
        "raising interest rates",  # "raised rates", "rate rise"
        "oil price",  # "oil prices"
        "cutting jobs",  # "job cuts", "to cut 1,000 jobs"
        "house prices falling",  # "house prices fell", "price falls"
        "takeover bids",  # "takeover bid", "bid for"
        "Oscar nominations",  # "nominated for an Oscar"
        "downloading music",  # "music downloads"
        "record labels suing",  # "sued", "lawsuits against"
        "spam emails",  # "spam e-mails", "junk e-mail"
        "Blunkett resigns",  # "resigned", "resignation"
        "hamstring injuries",  # "hamstring injury"
        "strikers injured",  # "striker", "injury"
        "unemployment rate falls",  # "unemployment fell", "jobless rate"
        "car makers sales",  # "carmakers", "car maker", "sold"
        "share prices fell",  # "shares fell", "share price falls"
        "athletes failing drugs tests",  # "failed a drugs test", "athlete"
        "mobile phone sales",  # "mobile phones sold"
        "immigration controls",  # "control immigration"
        "Tory tax cuts",  # "Tories", "cut taxes"
        "box office takings",  # "took", "box office"
        "games consoles",  # "game console"
        "broadband users",  # "broadband use", "using broadband"
        "council tax rises",  # "council tax rise", "raised council tax"
        "pension reforms",  # "pensions reform"
        "weak dollar",  # "weakness of the dollar", "weakening dollar"
    ),
    "names": (
        "Mourinho",
        "Kenteris Thanou",
        "Henman",
        "Glazer takeover",
        "Kilroy-Silk party",
        "Michael Howard",
        "Yukos auction",
    ),
    "partial": (
        "football transfer fees",
        "oil prices airline profits",
        "Beckham ankle injury Madrid",
        "China textile exports",
        "Wenger Ferguson feud",
        "stock market flotation",
        "Cole tapping up Chelsea",
    ),
}
QUERIES: tuple[str, ...] = tuple(q for group in QUERY_GROUPS.values() for q in group)


@dataclass(frozen=True, slots=True)
class Story:
    """One BBC story: its id (path under bbc/, as newsbrowse names it), headline and body."""

    id: str
    title: str
    body: str


def load_stories(root: Path) -> list[Story]:
    """Every story under root/<category>/NNN.txt, in path order (one file is Latin-1)."""
    stories = []
    for path in sorted(root.glob("*/*.txt")):
        raw = path.read_bytes()
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError:
            text = raw.decode("latin-1")
        title, _, body = text.partition("\n")
        stories.append(Story(path.relative_to(root).as_posix(), title.strip(), body.strip()))
    return stories


def first_copies(stories: list[Story]) -> dict[str, str]:
    """Each story id -> the id of the first story with the same bytes of headline and body."""
    first: dict[str, str] = {}
    canonical = {}
    for story in stories:
        digest = hashlib.sha1(f"{story.title}\n{story.body}".encode()).hexdigest()
        canonical[story.id] = first.setdefault(digest, story.id)
    return canonical


# The systems: each takes a query and returns story ids, best first, at most RECALL_DEPTH.
Ranker = Callable[[str], list[str]]


def newsbrowse_ranker(root: Path, index_dir: Path) -> Ranker:
    """newsbrowse as it is, its index brought up to date first."""
    archive = open_archive(root, index_dir=index_dir)
    summary = archive.update()
    if summary.added or summary.updated or summary.removed:
        print(f"newsbrowse index updated: {summary.added} added, {summary.updated} updated, {summary.removed} removed")
    return lambda query: [hit.id for hit in archive.search(query, limit=RECALL_DEPTH).hits]


def whoosh_ranker(stories: list[Story]) -> Ranker:
    """Stock whoosh with stemming on title and body, every word required (its parser's default)."""
    schema = fields.Schema(
        id=fields.ID(stored=True, unique=True),
        title=fields.TEXT(analyzer=StemmingAnalyzer()),
        body=fields.TEXT(analyzer=StemmingAnalyzer()),
    )
    index = RamStorage().create_index(schema)
    with index.writer() as writer:
        for story in stories:
            writer.add_document(id=story.id, title=story.title, body=story.body)
    searcher = index.searcher()
    parser = MultifieldParser(["title", "body"], schema)

    def rank(query: str) -> list[str]:
        return [hit["id"] for hit in searcher.search(parser.parse(query), limit=RECALL_DEPTH)]

    return rank


def fts5_rankers(stories: list[Story]) -> tuple[Ranker, Ranker]:
    """SQLite FTS5 with the porter stemmer and bm25(): all words (its default), and any word (OR)."""
    db = sqlite3.connect(":memory:")
    db.execute("CREATE VIRTUAL TABLE stories USING fts5(id UNINDEXED, title, body, tokenize='porter unicode61')")
    db.executemany("INSERT INTO stories VALUES (?, ?, ?)", [(s.id, s.title, s.body) for s in stories])

    def rank(query: str, joiner: str) -> list[str]:
        # A quoted string is matched as written (a phrase if it holds several tokens), never as syntax.
        words = ['"' + word.replace('"', '""') + '"' for word in query.split()]
        rows = db.execute(
            "SELECT id FROM stories WHERE stories MATCH ? ORDER BY rank, id LIMIT ?",
            (joiner.join(words), RECALL_DEPTH),
        )
        return [row[0] for row in rows]

    return (lambda query: rank(query, " ")), (lambda query: rank(query, " OR "))


# Judgments and metrics


def load_judgments(path: Path) -> dict[str, dict[str, int]]:
    """query -> {story id: grade} from the judgments file (query, doc, grade; a header line)."""
    judged: dict[str, dict[str, int]] = {}
    with path.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle, delimiter="\t"):
            grade = int(row["grade"])
            if grade not in (0, 1, 2):
                sys.exit(f"{path}: grade {grade} for {row['query']!r} / {row['doc']} is not 0, 1 or 2")
            judged.setdefault(row["query"], {})[row["doc"]] = grade
    return judged


def folded(ranking: Iterable[str], canonical: dict[str, str]) -> list[str]:
    """A ranking with every story mapped to its first copy and repeated copies dropped."""
    seen: dict[str, None] = {}
    for story_id in ranking:
        seen.setdefault(canonical.get(story_id, story_id), None)
    return list(seen)


def ndcg(ranking: list[str], grades: dict[str, int], cutoff: int) -> float:
    """nDCG at a cutoff, linear gains, against the best ordering of every judged story."""
    dcg = sum(grades.get(doc, 0) / math.log2(rank + 2) for rank, doc in enumerate(ranking[:cutoff]))
    ideal = sorted(grades.values(), reverse=True)[:cutoff]
    best = sum(grade / math.log2(rank + 2) for rank, grade in enumerate(ideal))
    return dcg / best if best else 0.0


@dataclass(frozen=True, slots=True)
class Scores:
    """One system's figures for one query."""

    ndcg: float
    precision: float
    recall: float
    unjudged: int


def score(ranking: list[str], grades: dict[str, int]) -> Scores:
    """nDCG@10, P@10, recall@100 and the unjudged count in the top 10 of one ranking."""
    relevant = {doc for doc, grade in grades.items() if grade >= 1}
    top = ranking[:CUTOFF]
    return Scores(
        ndcg(ranking, grades, CUTOFF),
        sum(doc in relevant for doc in top) / CUTOFF,
        len(relevant.intersection(ranking[:RECALL_DEPTH])) / len(relevant),
        sum(doc not in grades for doc in top),
    )


def mean_scores(per_query: list[Scores]) -> tuple[float, float, float, float]:
    """Mean nDCG@10, P@10 and recall@100 over queries, and the total of unjudged stories in their top 10s."""
    n = len(per_query) or 1
    return (
        sum(s.ndcg for s in per_query) / n,
        sum(s.precision for s in per_query) / n,
        sum(s.recall for s in per_query) / n,
        float(sum(s.unjudged for s in per_query)),
    )


def print_pool(
    system: str, runs: dict[str, list[str]], judged: dict[str, dict[str, int]], stories: dict[str, Story]
) -> None:
    """The stories in a system's top 20 that nobody judged, as judgment rows to grade, with their openings."""
    missing = 0
    for query, ranking in runs.items():
        for doc in ranking[:POOL_DEPTH]:
            if doc in judged.get(query, {}):
                continue
            missing += 1
            story = stories[doc]
            opening = " ".join(story.body.split())[:400]
            print(f"{query}\t{doc}\t?\n    {story.title}\n    {opening}")
    print(f"{missing} unjudged stories in the top {POOL_DEPTH} of {system}", file=sys.stderr)


def main() -> None:
    """Run every system on every query and print the figures (or one system's unjudged pool)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=CORPORA / "bbc-fulltext" / "bbc", help="the bbc/ folder")
    parser.add_argument("--index-dir", type=Path, default=INDEX_DIR, help="newsbrowse's index of the corpus")
    parser.add_argument("--judgments", type=Path, default=JUDGMENTS)
    parser.add_argument(
        "--pool",
        choices=SYSTEMS,
        help="print the system's unjudged top-20 stories as judgment rows (grade the '?') instead of figures",
    )
    parser.add_argument("--per-query", action="store_true", help="also print nDCG@10 of every system per query")
    args = parser.parse_args()
    if not args.corpus.is_dir():
        sys.exit(f"no BBC corpus at {args.corpus}: pass --corpus or set NEWSBROWSE_CORPORA")

    started = time.perf_counter()
    stories = load_stories(args.corpus)
    canonical = first_copies(stories)
    fts5, fts5_or = fts5_rankers(stories)
    rankers = (newsbrowse_ranker(args.corpus, args.index_dir), whoosh_ranker(stories), fts5, fts5_or)
    systems: dict[str, Ranker] = dict(zip(SYSTEMS, rankers, strict=True))
    runs = {name: {q: folded(rank(q), canonical) for q in QUERIES} for name, rank in systems.items()}
    judged = load_judgments(args.judgments) if args.judgments.exists() else {}
    if args.pool is not None:
        print_pool(args.pool, runs[args.pool], judged, {s.id: s for s in stories})
        return

    unknown = sorted(set(judged) - set(QUERIES))
    if unknown:
        print(f"judged queries not in QUERIES (ignored): {unknown}")
    scored = [q for q in QUERIES if any(grade >= 1 for grade in judged.get(q, {}).values())]
    print(
        f"{len(stories)} stories ({len(set(canonical.values()))} distinct), {len(QUERIES)} queries, "
        f"{len(scored)} with a relevant story, {sum(len(judged.get(q, {})) for q in QUERIES)} judgments"
    )
    scores = {name: {q: score(run[q], judged[q]) for q in scored} for name, run in runs.items()}
    means = {name: mean_scores(list(per_query.values())) for name, per_query in scores.items()}
    print(f"\n{'system':<12} {'nDCG@10':>8} {'P@10':>6} {'R@100':>6} {'unjudged@10':>12}")
    for name, (ndcg_mean, precision, recall, unjudged) in means.items():
        print(f"{name:<12} {ndcg_mean:8.3f} {precision:6.3f} {recall:6.3f} {unjudged:12.0f}")
    best = {name: means[name] for name in ("whoosh-stem", "fts5")}
    ratios = [means["newsbrowse"][i] / max(m[i] for m in best.values()) for i in range(3)]
    print("newsbrowse / best of whoosh-stem and fts5: " + "  ".join(f"{r:.2f}" for r in ratios))

    print(f"\nnDCG@10 by query group ({', '.join(systems)})")
    for group, queries in QUERY_GROUPS.items():
        members = [q for q in queries if q in scores["newsbrowse"]]
        cells = "  ".join(f"{mean_scores([scores[n][q] for q in members])[0]:.3f}" for n in systems)
        print(f"  {group:<11} ({len(members):2d})  {cells}")
    if args.per_query:
        print(f"\nnDCG@10 / hits returned (at most {RECALL_DEPTH}) per query ({', '.join(systems)})")
        for q in scored:
            cells = "  ".join(f"{scores[name][q].ndcg:.2f}/{len(runs[name][q]):3d}" for name in systems)
            print(f"  {cells}  {q}")
    print(f"({time.perf_counter() - started:.0f} s)")


if __name__ == "__main__":
    main()
