"""Entity and quote extraction alone: CPU time per article, and every result written out to compare two versions.

Run: .venv/bin/python benchmarks/extract_speed.py [--generated N] [--rounds R] [--dump FILE] [--compare A B]

The articles are cleaned as the build cleans them, from bbc-fulltext, extraction-dev/html,
misc/multilingual-html, the WARC samples and the generated archive of N articles
(benchmarks/make_corpus.py; its first 2,225 are bbc-fulltext itself, so its copies after those are
taken); the cleaned articles are kept in benchmarks/out so that two versions of extract/ read the
same input. Extraction is called as the build calls it: entities in the article's language, then
quotes with those entities and the article's sentences.

--rounds R: CPU time of entities and of quotes over every article, R times (ms per article, each round);
--dump FILE: every entity (name, type, role, evidence, each mention's offsets and text) and every
             quote (text, speaker, offsets) of every article, one line per article;
--compare A B: the articles whose lines differ between two dumps, and how many (exit 1 if any).
To compare another checkout, run this file with that checkout first on PYTHONPATH, from its folder.
"""

from __future__ import annotations

import argparse
import pickle
import sys
import time
from pathlib import Path

from make_corpus import corpus

from newsbrowse.clean import NotAnArticle, clean_record
from newsbrowse.extract import extract_entities, extract_quotes
from newsbrowse.extract.sentences import split_sentences
from newsbrowse.ingest import SourceFile, discover, open_source, read_bytes
from newsbrowse.model import Document

CORPORA = Path(__file__).resolve().parents[2] / "shared" / "corpora"
OUT = Path(__file__).resolve().parent / "out"
Input = tuple[str, str, str | None]  # (name, body, language)


def _articles(archive: Path, skip: int = 0) -> list[Input]:
    """Every article of an archive folder, cleaned as the build cleans it (the first `skip` files left out)."""
    found: list[Input] = []
    files = [item for item in discover(archive) if isinstance(item, SourceFile)]
    for source in files[skip:]:
        with open_source(source) as handle:
            data = handle.read()
        for item in read_bytes(data, source.relpath, source.relpath):
            if not isinstance(item, Document):
                continue
            try:
                article = clean_record(item)
            except NotAnArticle:
                continue
            found.append((f"{archive.name}/{item.id}", article.body, article.language))
    return found


def inputs(generated: int) -> list[Input]:
    """The cleaned articles of every corpus (made once, then read from benchmarks/out)."""
    cache = OUT / f"extract-inputs-{generated}.pickle"
    if cache.exists():
        with cache.open("rb") as handle:
            loaded: list[Input] = pickle.load(handle)
        return loaded
    found = []
    for folder in ("bbc-fulltext", "extraction-dev/html", "misc/multilingual-html", "warc"):
        found += _articles(CORPORA / folder)
    if generated:
        found += _articles(corpus(generated), skip=2225)
    OUT.mkdir(exist_ok=True)
    with cache.open("wb") as handle:
        pickle.dump(found, handle)
    return found


def dump(articles: list[Input], target: Path) -> None:
    """Every entity and quote of every article, one line per article, into `target`."""
    with target.open("w", encoding="utf-8") as out:
        for name, body, language in articles:
            entities = extract_entities(body, language)
            quotes = extract_quotes(body, list(entities), language, list(split_sentences(body)))
            fields = [
                (e.name, e.type, e.role, e.evidence, [(m.start, m.end, m.text) for m in e.mentions]) for e in entities
            ]
            said = [(q.text, q.speaker, q.start, q.end) for q in quotes]
            out.write(repr((name, fields, said)) + "\n")


def compare(first: Path, second: Path) -> int:
    """How many articles' lines differ between two dumps (each named)."""
    one = first.read_text(encoding="utf-8").splitlines()
    two = second.read_text(encoding="utf-8").splitlines()
    if len(one) != len(two):
        print(f"{len(one)} lines against {len(two)}")
        return max(len(one), len(two))
    differ = [a for a, b in zip(one, two, strict=True) if a != b]
    for line in differ[:10]:
        print("differs:", line[:200])
    print(f"{len(differ)} of {len(one)} articles differ")
    return len(differ)


def timed(articles: list[Input], rounds: int) -> None:
    """CPU ms per article of entities and of quotes, each round."""
    prepared = [(body, language, list(split_sentences(body))) for _, body, language in articles]
    for body, language, sentences in prepared[:1]:  # load the word lists before the clock starts
        extract_quotes(body, extract_entities(body, language), language, sentences)
    for round_ in range(rounds):
        spent = {"entities": 0.0, "quotes": 0.0}
        for body, language, sentences in prepared:
            started = time.process_time()
            entities = extract_entities(body, language)
            middle = time.process_time()
            extract_quotes(body, entities, language, sentences)
            spent["entities"] += middle - started
            spent["quotes"] += time.process_time() - middle
        per = {stage: 1000 * seconds / len(prepared) for stage, seconds in spent.items()}
        print(
            f"round {round_ + 1}: entities {per['entities']:.3f}  quotes {per['quotes']:.3f} ms/article"
            f"  ({len(prepared)} articles)"
        )


def main() -> None:
    """Parse the arguments and run."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--generated", type=int, default=5000)
    parser.add_argument("--rounds", type=int, default=0)
    parser.add_argument("--dump", type=Path)
    parser.add_argument("--compare", type=Path, nargs=2)
    args = parser.parse_args()
    if args.compare:
        sys.exit(1 if compare(*args.compare) else 0)
    articles = inputs(args.generated)
    if args.dump:
        dump(articles, args.dump)
    if args.rounds:
        timed(articles, args.rounds)


if __name__ == "__main__":
    main()
