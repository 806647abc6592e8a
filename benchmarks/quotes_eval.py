"""Score extract_quotes on the hand-written quote passages and time it on a large text.

Usage: python benchmarks/quotes_eval.py [PASSAGES.json ...] [--entities gold|auto|both] [--no-speed]

Default passages: tests/data/quote_passages.json (dev) and tests/data/quote_passages_heldout.json
(kept back from tuning). Each passage is {"id", "text", "entities": [{"name", "type", "aliases"}],
"quotes": [{"text", "speaker", "start", "end"}]}. "gold" entities are built from each passage's
entity list (every occurrence of a name or alias); "auto" calls extract_entities.

Detection: a predicted quote matches an expected one when their offsets overlap and their texts
are equal up to whitespace and outer punctuation. Speaker accuracy: matched quotes whose speaker
is right (None where None is expected counts as right). Speed: chars/s of extract_quotes with
entities given, against extract_entities on the same text, on BBC articles from the corpora
(NEWSBROWSE_CORPORA) or, without them, the passages repeated to 1 MB.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from newsbrowse.extract import extract_entities, extract_quotes
from newsbrowse.model import Entity, Mention, Quote

REPO = Path(__file__).resolve().parent.parent
DATA = REPO / "tests" / "data"
DEFAULT_PASSAGES = (DATA / "quote_passages.json", DATA / "quote_passages_heldout.json")
Passage = dict[str, Any]  # one entry of a passages file, as described above


def gold_entities(passage: Passage) -> list[Entity]:
    """Entities with a mention at every whole-word occurrence of each name or alias."""
    taken: list[tuple[int, int]] = []
    found: dict[str, list[Mention]] = {}
    forms = [(alias, spec) for spec in passage["entities"] for alias in [spec["name"], *spec["aliases"]]]
    for alias, spec in sorted(forms, key=lambda f: -len(f[0])):
        for match in re.finditer(rf"(?<!\w){re.escape(alias)}(?!\w)", passage["text"]):
            if any(a < match.end() and match.start() < b for a, b in taken):
                continue
            taken.append(match.span())
            found.setdefault(spec["name"], []).append(Mention(match.start(), match.end(), alias))
    return [
        Entity(spec["name"], spec["type"], tuple(sorted(found.get(spec["name"], []), key=lambda m: m.start)))
        for spec in passage["entities"]
    ]


def normalise(text: str) -> str:
    """Whitespace collapsed and outer punctuation dropped, for comparing quote texts."""
    return " ".join(text.split()).strip(" ,.;:!?")


@dataclass
class Score:
    """Counts over a set of passages, and what went wrong."""

    expected: int = 0
    predicted: int = 0
    matched: int = 0
    right_speaker: int = 0
    problems: list[str] = field(default_factory=list)

    @property
    def precision(self) -> float:
        """Share of predicted quotes that are expected."""
        return self.matched / self.predicted if self.predicted else 1.0

    @property
    def recall(self) -> float:
        """Share of expected quotes that were found."""
        return self.matched / self.expected if self.expected else 1.0

    @property
    def f1(self) -> float:
        """Harmonic mean of precision and recall."""
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    @property
    def speaker_accuracy(self) -> float:
        """Share of matched quotes with the right speaker."""
        return self.right_speaker / self.matched if self.matched else 0.0


def score_passage(passage: Passage, quotes: list[Quote], score: Score) -> None:
    """Add one passage's comparison to score."""
    expected = passage["quotes"]
    score.expected += len(expected)
    score.predicted += len(quotes)
    used: set[int] = set()
    for gold in expected:
        for k, quote in enumerate(quotes):
            overlap = quote.start < gold["end"] and gold["start"] < quote.end
            if k not in used and overlap and normalise(quote.text) == normalise(gold["text"]):
                used.add(k)
                score.matched += 1
                if quote.speaker == gold["speaker"]:
                    score.right_speaker += 1
                else:
                    score.problems.append(
                        f"{passage['id']}: speaker {quote.speaker!r}, expected {gold['speaker']!r}: "
                        f"{gold['text'][:50]!r}"
                    )
                break
        else:
            score.problems.append(f"{passage['id']}: missed {gold['text'][:60]!r} ({gold['speaker']})")
    for k, quote in enumerate(quotes):
        if k not in used:
            score.problems.append(f"{passage['id']}: extra {quote.text[:60]!r} ({quote.speaker})")


def evaluate(passages: list[Passage], mode: str) -> Score:
    """Score extract_quotes on passages with gold ("gold") or extracted ("auto") entities."""
    score = Score()
    for passage in passages:
        entities = gold_entities(passage) if mode == "gold" else None
        score_passage(passage, extract_quotes(passage["text"], entities), score)
    return score


def report(name: str, score: Score) -> None:
    """Print one score and its problems."""
    print(
        f"{name}: {score.expected} expected, {score.predicted} predicted, {score.matched} matched | "
        f"P {score.precision:.1%}  R {score.recall:.1%}  F1 {score.f1:.1%} | "
        f"speaker {score.speaker_accuracy:.1%} ({score.right_speaker}/{score.matched})"
    )
    for problem in score.problems:
        print("   ", problem)


def speed_text() -> tuple[str, str]:
    """About 1 MB of news text: BBC articles from the corpora, or the passages repeated."""
    corpora = Path(os.environ.get("NEWSBROWSE_CORPORA", REPO.parent / "shared" / "corpora"))
    bbc = corpora / "bbc-fulltext" / "bbc"
    if bbc.is_dir():
        parts, size = [], 0
        for path in sorted(bbc.glob("*/*.txt")):
            part = path.read_bytes().decode("utf-8", errors="replace")
            parts.append(part)
            size += len(part)
            if size > 1_000_000:
                break
        return "\n\n".join(parts), f"{len(parts)} BBC articles"
    print(f"(corpora not found at {corpora}: set NEWSBROWSE_CORPORA; timing the passages instead)")
    texts = [p["text"] for path in DEFAULT_PASSAGES for p in json.loads(path.read_text("utf-8"))]
    joined = "\n\n".join(texts)
    return "\n\n".join([joined] * (1_000_000 // len(joined) + 1)), "the passages repeated"


def speed() -> None:
    """Print extract_quotes' speed with entities given, against extract_entities' on the same text."""
    text, what = speed_text()
    articles = text.split("\n\n\n") if "\n\n\n" in text else [text]
    t0 = time.perf_counter()
    entities = [extract_entities(article) for article in articles]
    t1 = time.perf_counter()
    count = sum(len(extract_quotes(a, e)) for a, e in zip(articles, entities, strict=True))
    t2 = time.perf_counter()
    chars = sum(len(a) for a in articles)
    print(
        f"speed on {chars:,} chars ({what}): extract_quotes {chars / (t2 - t1):,.0f} chars/s "
        f"({count} quotes), extract_entities {chars / (t1 - t0):,.0f} chars/s; "
        f"quotes cost {(t2 - t1) / (t1 - t0):.2f}x entities"
    )
    doubled = text + "\n\n" + text
    t3 = time.perf_counter()
    extract_quotes(doubled, [])
    t4 = time.perf_counter()
    extract_quotes(text, [])
    t5 = time.perf_counter()
    ratio = (t4 - t3) / (t5 - t4)
    print(f"one text of {len(text):,} then {len(doubled):,} chars: time ratio {ratio:.2f} (2.0 = linear)")


def main(argv: list[str] | None = None) -> int:
    """Parse arguments, print the scores and the speed."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("passages", nargs="*", type=Path, default=list(DEFAULT_PASSAGES))
    parser.add_argument("--entities", choices=("gold", "auto", "both"), default="both")
    parser.add_argument("--no-speed", action="store_true")
    args = parser.parse_args(argv)
    modes = ("gold", "auto") if args.entities == "both" else (args.entities,)
    for path in args.passages:
        if not path.is_file():
            print(f"quotes_eval: no passages file {path}", file=sys.stderr)
            return 2
        passages = json.loads(path.read_text("utf-8"))
        for mode in modes:
            report(f"{path.name} [{mode} entities]", evaluate(passages, mode))
    if not args.no_speed:
        speed()
    return 0


if __name__ == "__main__":
    sys.exit(main())
