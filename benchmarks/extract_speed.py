"""Entity and quote extraction alone: CPU time per article, and every result written out to compare two versions.

Run: .venv/bin/python benchmarks/extract_speed.py [--generated N] [--rounds R] [--dump FILE] [--compare A B]
     [--against PATH [--python PY]]

The articles are cleaned as the build cleans them, from bbc-fulltext, extraction-dev/html,
misc/multilingual-html, the WARC samples and the generated archive of N articles
(benchmarks/make_corpus.py; its first 2,225 are bbc-fulltext itself, so its copies after those are
taken); the cleaned articles are kept in benchmarks/out so that two versions of extract/ read the
same input. Extraction is called as the build calls it: entities in the article's language, then
quotes with those entities and the article's sentences.

--rounds R: CPU time of entities and of quotes over every article, R times (ms per article, each round);
--dump FILE: every entity (name, type, role, evidence, each mention's offsets and text) and every
             quote (text, speaker, offsets) of every article, one line per article;
--compare A B: the articles whose lines differ between two dumps, and how many (exit 1 if any);
--against PATH [--python PY]: this checkout and the one at PATH (run with PY) timed in turns, 200
             articles at a time, each in a worker process of its own; ms/article and the ratios.
To dump another checkout, run this file with that checkout first on PYTHONPATH, from its folder.
"""

from __future__ import annotations

import argparse
import os
import pickle
import subprocess
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


def _prepared(articles: list[Input]) -> list[tuple[str, str | None, list[tuple[int, int]]]]:
    """Each article's body, language and sentences, with the word lists loaded before any clock starts."""
    prepared = [(body, language, list(split_sentences(body))) for _, body, language in articles]
    for body, language, sentences in prepared[:50]:
        extract_quotes(body, extract_entities(body, language), language, sentences)
    return prepared


def _spend(prepared: list[tuple[str, str | None, list[tuple[int, int]]]], first: int, stop: int) -> tuple[float, float]:
    """CPU seconds of entities and of quotes over prepared[first:stop]."""
    entities_time = quotes_time = 0.0
    for body, language, sentences in prepared[first:stop]:
        started = time.process_time()
        entities = extract_entities(body, language)
        middle = time.process_time()
        extract_quotes(body, entities, language, sentences)
        entities_time += middle - started
        quotes_time += time.process_time() - middle
    return entities_time, quotes_time


def serve(articles: list[Input]) -> None:
    """Time the slices asked for on stdin ("first stop" lines), one answer line each (for --against)."""
    prepared = _prepared(articles)
    print("ready", flush=True)
    for line in sys.stdin:
        first, stop = map(int, line.split())
        print(*_spend(prepared, first, stop), flush=True)


def timed(articles: list[Input], rounds: int) -> None:
    """CPU ms per article of entities and of quotes, each round."""
    prepared = _prepared(articles)
    for round_ in range(rounds):
        entities_time, quotes_time = _spend(prepared, 0, len(prepared))
        print(
            f"round {round_ + 1}: entities {1000 * entities_time / len(prepared):.3f}"
            f"  quotes {1000 * quotes_time / len(prepared):.3f} ms/article  ({len(prepared)} articles)"
        )


def against(articles: list[Input], rounds: int, other: Path, python: str, generated: int) -> None:
    """This checkout and another timed in turns, 200 articles at a time (ABBA), each in a process of
    its own: load on a shared machine then falls on both alike. Prints ms/article and the ratios."""
    here = Path(__file__).resolve()
    workers = {}
    for name, root, interpreter in (("this", here.parents[1], sys.executable), ("other", other.resolve(), python)):
        command = [interpreter, str(here), "--serve", "--generated", str(generated)]
        env = dict(os.environ, PYTHONPATH=str(root))
        worker = subprocess.Popen(command, cwd=root, env=env, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
        assert worker.stdin is not None and worker.stdout is not None
        if worker.stdout.readline().strip() != "ready":
            sys.exit(f"extract_speed: the worker for {root} did not start")
        workers[name] = worker
    spent = {name: [0.0, 0.0] for name in workers}
    turn = 0
    for _ in range(rounds):
        for first in range(0, len(articles), 200):
            for name in ("this", "other") if turn % 2 == 0 else ("other", "this"):
                pipe_in, pipe_out = workers[name].stdin, workers[name].stdout
                assert pipe_in is not None and pipe_out is not None
                pipe_in.write(f"{first} {min(len(articles), first + 200)}\n")
                pipe_in.flush()
                answer = [float(value) for value in pipe_out.readline().split()]
                spent[name][0] += answer[0]
                spent[name][1] += answer[1]
            turn += 1
    count = len(articles) * rounds
    for name, (entities_time, quotes_time) in spent.items():
        label = "this checkout" if name == "this" else str(other)
        print(
            f"{label}: entities {1000 * entities_time / count:.3f}  quotes {1000 * quotes_time / count:.3f} ms/article"
        )
    print(
        f"this / other: entities {spent['this'][0] / spent['other'][0]:.3f}"
        f"  quotes {spent['this'][1] / spent['other'][1]:.3f}  ({len(articles)} articles x {rounds})"
    )
    for worker in workers.values():
        assert worker.stdin is not None
        worker.stdin.close()
        worker.wait()


def main() -> None:
    """Parse the arguments and run."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--generated", type=int, default=5000)
    parser.add_argument("--rounds", type=int, default=0)
    parser.add_argument("--dump", type=Path)
    parser.add_argument("--compare", type=Path, nargs=2)
    parser.add_argument("--against", type=Path, help="another checkout, timed in turns with this one")
    parser.add_argument("--python", default=sys.executable, help="the interpreter for --against")
    parser.add_argument("--serve", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.compare:
        sys.exit(1 if compare(*args.compare) else 0)
    articles = inputs(args.generated)
    if args.dump:
        dump(articles, args.dump)
    if args.serve:
        serve(articles)
    elif args.against:
        against(articles, max(1, args.rounds), args.against, args.python, args.generated)
    elif args.rounds:
        timed(articles, args.rounds)


if __name__ == "__main__":
    main()
