"""Article-body extraction on extraction-dev: token F1 against the reference bodies, and cleaning speed.

Usage: python benchmarks/clean_extraction.py [--worst N] [--show PAGE_ID_PREFIX] [--rounds N] [--against TREE]
                                           [--trafilatura PYTHON]

Per page, the score is the bag-of-words overlap of lowercased \\w+ tokens between our body
and the reference articleBody (precision, recall, F1), averaged over pages. Speed is
clean_html pages per second on one core (pages given as decoded text), against beautifulsoup4+lxml
parsing alone of the same text measured in the same run: best of --rounds timings each, taking
turns, so other load on the machine matters less. `--against TREE` (a checkout of another
version, e.g. `git archive main | tar -x -C /tmp/main`) compares cleaning speed with that
version's: both run in child processes taking turns, each as a ratio to the parse alone; and
counts the pages whose cleaned article differs from that version's, with the F1 of each.
`--trafilatura PYTHON` (optional; a Python with trafilatura installed, e.g. a throwaway venv:
trafilatura is no dependency of newsbrowse) times trafilatura.extract with its default settings
on the same decoded pages in a child process, taking turns with clean_html in CPU time.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import re
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Sequence
from pathlib import Path

from bs4 import BeautifulSoup
from lxml import html as lxml_html

from newsbrowse.clean import clean_html
from newsbrowse.ingest.encoding import decode
from newsbrowse.model import Article

TOKEN = re.compile(r"\w+")
# Class/id words of comment sections, for checking that none of their text leaks into a body.
COMMENT_XPATH = (
    "//*[contains(translate(concat(@class, ' ', @id), 'COMENT', 'coment'), 'comment')"
    " and not(contains(translate(concat(@class, ' ', @id), 'COMENTARY', 'comentary'), 'commentary'))]"
)
MIN_COMMENT_CHARS = 60
# Run by the other Python: CPU seconds of one pass of trafilatura.extract over the pages (after a warm-up page).
TRAFILATURA_PASS = """
import json, sys, time
import trafilatura
pages = json.load(open(sys.argv[1], encoding="utf-8"))
trafilatura.extract(pages[0])
start = time.process_time()
for page in pages:
    trafilatura.extract(page)
print(time.process_time() - start)
"""


def corpora_dir() -> Path:
    """The shared corpora folder (NEWSBROWSE_CORPORA, else ../shared/corpora beside the repo)."""
    default = Path(__file__).resolve().parents[1] / ".." / "shared" / "corpora"
    return Path(os.environ.get("NEWSBROWSE_CORPORA", default)).resolve()


def tokens(text: str) -> Counter[str]:
    """The bag of lowercased \\w+ tokens."""
    return Counter(TOKEN.findall(text.lower()))


def score(ours: str, reference: str) -> tuple[float, float, float]:
    """Token precision, recall and F1 of our text against the reference."""
    got, want = tokens(ours), tokens(reference)
    overlap = sum((got & want).values())
    precision = overlap / sum(got.values()) if got else 0.0
    recall = overlap / sum(want.values()) if want else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def comment_texts(page: str) -> list[str]:
    """Paragraph-sized texts of the page's comment sections."""
    root = lxml_html.document_fromstring(page)
    texts: list[str] = []
    for element in root.xpath(COMMENT_XPATH):
        for piece in element.itertext():
            piece = " ".join(piece.split())
            if len(piece) >= MIN_COMMENT_CHARS:
                texts.append(piece)
    return texts


def best_times(functions: Sequence[Callable[[str], object]], pages: Sequence[str], rounds: int) -> list[float]:
    """For each function, the sum over pages of each page's fastest of `rounds` timings, in seconds.

    The functions take turns on each page, so load from others on the machine falls on all of
    them alike and their ratio stays fair; taking each page's best leaves out the bursts of load
    that a whole round would catch.
    """
    best = [[float("inf")] * len(pages) for _ in functions]
    for _ in range(rounds):
        for number, page in enumerate(pages):
            for index, function in enumerate(functions):
                start = time.perf_counter()
                function(page)
                best[index][number] = min(best[index][number], time.perf_counter() - start)
    return [sum(times) for times in best]


def _child_speed(tree: Path | None, rounds: int) -> float:
    """Cleaning speed as a ratio to the parse alone, measured in a child process on `tree`'s code (None: this one)."""
    env = dict(os.environ)
    if tree is not None:
        env["PYTHONPATH"] = f"{tree}{os.pathsep}{env.get('PYTHONPATH', '')}"
    command = [sys.executable, __file__, "--speed-only", "--rounds", str(rounds)]
    result = subprocess.run(command, env=env, capture_output=True, text=True, check=True)
    return float(json.loads(result.stdout)["ratio"])


def compare(tree: Path, rounds: int) -> None:
    """Speed against another version of the code, in child processes taking turns (best of `rounds` each),
    and the pages whose article differs from that version's."""
    ours: list[float] = []
    theirs: list[float] = []
    for _ in range(rounds):
        theirs.append(_child_speed(tree, 3))
        ours.append(_child_speed(None, 3))
    print(f"speed against {tree} (clean_html pages/s as a ratio to the bs4+lxml parse, best of {rounds} turns):")
    print(f"  theirs {max(theirs):.3f}x   ours {max(ours):.3f}x   ours/theirs {max(ours) / max(theirs):.3f}")
    env = dict(os.environ, PYTHONPATH=f"{tree}{os.pathsep}{os.environ.get('PYTHONPATH', '')}")
    command = [sys.executable, __file__, "--articles-only"]
    their_articles = json.loads(subprocess.run(command, env=env, capture_output=True, text=True, check=True).stdout)
    our_articles = json.loads(subprocess.run(command, capture_output=True, text=True, check=True).stdout)
    truth = json.loads((corpora_dir() / "extraction-dev" / "ground-truth.json").read_text(encoding="utf-8"))
    differ = [page_id for page_id in sorted(our_articles) if our_articles[page_id] != their_articles[page_id]]
    print(f"articles differing from {tree}'s (every field): {len(differ)} of {len(our_articles)} pages")
    for page_id in differ:
        reference = truth[page_id]["articleBody"]
        before = score(their_articles[page_id]["body"], reference)[2]
        after = score(our_articles[page_id]["body"], reference)[2]
        print(f"  {page_id[:8]} F1 theirs {before:.3f} ours {after:.3f}")


def _fields(article: Article) -> dict[str, str]:
    """Every field of the article as text, for comparing two versions' output."""
    return {name: str(getattr(article, name)) for name in article.__dataclass_fields__}


def against_trafilatura(python: Path, pages: Sequence[str], rounds: int) -> None:
    """Pages/s of clean_html and of trafilatura.extract (run by `python`), taking turns, CPU time, best of `rounds`."""
    with tempfile.TemporaryDirectory() as folder:
        pages_file = Path(folder) / "pages.json"
        pages_file.write_text(json.dumps(list(pages)), encoding="utf-8")
        clean_html(pages[0])
        theirs: list[float] = []
        ours: list[float] = []
        for _ in range(rounds):
            command = [str(python), "-c", TRAFILATURA_PASS, str(pages_file)]
            theirs.append(float(subprocess.run(command, capture_output=True, text=True, check=True).stdout))
            start = time.process_time()
            for page in pages:
                clean_html(page)
            ours.append(time.process_time() - start)
    count = len(pages)
    print(f"speed against trafilatura (CPU time, same decoded pages, best of {rounds} turns):")
    print(f"  trafilatura.extract  {count / min(theirs):6.1f} pages/s")
    print(f"  clean_html           {count / min(ours):6.1f} pages/s  = {min(theirs) / min(ours):.2f}x trafilatura")


def main() -> int:
    """Run the benchmark and print its figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--worst", type=int, default=8, help="how many of the worst pages to list")
    parser.add_argument("--show", help="print our body and the reference for the page whose id starts so")
    parser.add_argument("--rounds", type=int, default=5, help="timing rounds (the best one counts)")
    parser.add_argument("--against", type=Path, help="compare cleaning speed with the code in this source tree")
    parser.add_argument("--trafilatura", type=Path, help="a Python with trafilatura installed, to time it too")
    parser.add_argument("--speed-only", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--articles-only", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.against:
        compare(args.against, args.rounds)
        return 0

    folder = corpora_dir() / "extraction-dev"
    truth_file = folder / "ground-truth.json"
    if not truth_file.is_file():
        sys.exit(f"extraction-dev corpus not found at {folder}: set NEWSBROWSE_CORPORA to the shared corpora folder")
    truth = json.loads(truth_file.read_text(encoding="utf-8"))
    ids = sorted(truth)
    raw = {page_id: gzip.decompress((folder / "html" / f"{page_id}.html.gz").read_bytes()) for page_id in ids}

    if args.articles_only:
        articles = {page_id: _fields(clean_html(raw[page_id], url=truth[page_id]["url"])) for page_id in ids}
        print(json.dumps(articles))
        return 0

    if args.speed_only:
        pages = [decode(raw[page_id]) for page_id in ids]
        parse_seconds, clean_seconds = best_times(
            [lambda page: BeautifulSoup(page, "lxml"), clean_html], pages, args.rounds
        )
        print(json.dumps({"ratio": parse_seconds / clean_seconds}))
        return 0

    if args.show:
        page_id = next(page_id for page_id in ids if page_id.startswith(args.show))
        article = clean_html(raw[page_id], url=truth[page_id]["url"])
        print(f"== {page_id} {truth[page_id]['url']}\n== title: {article.title}\n== ours:\n{article.body}")
        print(f"== reference:\n{truth[page_id]['articleBody']}")
        precision, recall, f1 = score(article.body, truth[page_id]["articleBody"])
        print(f"== P/R/F1: {precision:.3f} {recall:.3f} {f1:.3f}")
        return 0

    rows: list[tuple[float, float, float, str]] = []
    baseline: list[float] = []
    empty = 0
    leaked: list[str] = []
    for page_id in ids:
        reference = truth[page_id]["articleBody"]
        article = clean_html(raw[page_id], url=truth[page_id]["url"])
        precision, recall, f1 = score(article.body, reference)
        rows.append((f1, precision, recall, page_id))
        empty += not article.body.strip()
        page = decode(raw[page_id])
        baseline.append(score(BeautifulSoup(page, "lxml").get_text(), reference)[2])
        if any(text in article.body and text not in reference for text in comment_texts(page)):
            leaked.append(page_id)

    count = len(rows)
    print(f"extraction-dev: {count} pages")
    print(f"  body token F1   {sum(row[0] for row in rows) / count:.3f}")
    print(f"  precision       {sum(row[1] for row in rows) / count:.3f}")
    print(f"  recall          {sum(row[2] for row in rows) / count:.3f}")
    print(f"  empty bodies    {empty}")
    print(f"  comment leaks   {len(leaked)} {' '.join(page_id[:8] for page_id in leaked)}")
    print(f"  baseline F1     {sum(baseline) / count:.3f}  (bare BeautifulSoup(page, 'lxml').get_text())")
    print(f"worst {args.worst} pages (F1 P R id url):")
    for f1, precision, recall, page_id in sorted(rows)[: args.worst]:
        print(f"  {f1:.3f} {precision:.3f} {recall:.3f} {page_id[:8]} {truth[page_id]['url'][:90]}")

    pages = [decode(raw[page_id]) for page_id in ids]
    parse_seconds, clean_seconds = best_times(
        [lambda page: BeautifulSoup(page, "lxml"), clean_html], pages, args.rounds
    )
    print("speed (one core, best of rounds, the two taking turns):")
    print(f"  bs4+lxml parse  {count / parse_seconds:6.1f} pages/s")
    print(
        f"  clean_html      {count / clean_seconds:6.1f} pages/s  = {parse_seconds / clean_seconds:.2f}x the parse alone"
    )
    if args.trafilatura:
        against_trafilatura(args.trafilatura, pages, args.rounds)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
