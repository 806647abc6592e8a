"""Entity extraction against CoNLL-2003 dev (exact character spans), speed, and the seed article.

Spans are exact character spans in the rebuilt text (tokens joined by spaces, sentences by
newlines); "untyped" ignores the type; person/org/place/other map to PER/ORG/LOC/MISC.
"Distinct names" compares, per document, the set of distinct surface strings of the gold
PER/ORG/LOC entities with those of our person/org/place mentions (micro-averaged).
Speed is CPU time on one core, with a naive capitalised-run regex timed in the same run.

Run: .venv/bin/python benchmarks/ner_conll.py [--quick]
Corpora: $NEWSBROWSE_CORPORA or <repo>/../shared/corpora (ner-dev/conllpp_dev.txt, IOB2),
seed article: <repo>/sample_archive/tehrantimes-2021-05-21-iran-russia-counterterrorism.txt.
"""

from __future__ import annotations

import gc
import os
import re
import sys
import time
from collections.abc import Callable, Hashable
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

from newsbrowse.extract import extract_entities

REPO = Path(__file__).resolve().parent.parent
CORPORA = Path(os.environ.get("NEWSBROWSE_CORPORA", REPO.parent / "shared" / "corpora"))
SEED = REPO / "sample_archive" / "tehrantimes-2021-05-21-iran-russia-counterterrorism.txt"
TYPE_TO_TAG = {"person": "PER", "org": "ORG", "place": "LOC", "other": "MISC"}
MAIN_TAGS = {"PER", "ORG", "LOC"}
# A document whose headline opens with one of these ("SOCCER - ...") is a sports report.
SPORTS = re.compile(
    r"^(?:SOCCER|CRICKET|TENNIS|GOLF|BASEBALL|BASKETBALL|ATHLETICS|RUGBY|CYCLING|BOXING|"
    r"MOTOR|MOTORCYCLING|MOTOR RACING|HORSE RACING|ICE HOCKEY|NHL|NFL|NBA|SKIING|SWIMMING|"
    r"SQUASH|BADMINTON|VOLLEYBALL|HOCKEY|ROWING|SAILING|YACHTING|JUDO|WRESTLING|FORMULA|"
    r"OLYMPICS|TABLE TENNIS|HANDBALL|CHESS|TRIATHLON|SPEEDWAY|EQUESTRIANISM|SPORT|COLLEGE)\b"
)
NAIVE_RUN = re.compile(r"\b[A-Z][\w'.-]*(?: [A-Z][\w'.-]*)*")


@dataclass
class Doc:
    """One CoNLL document rebuilt as text, with its gold entity spans."""

    text: str
    gold: set[tuple[int, int, str]]
    tokens: int
    sports: bool


@dataclass
class Score:
    """True positives, false positives and false negatives, and the figures from them."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    def add(self, gold: AbstractSet[Hashable], predicted: AbstractSet[Hashable]) -> None:
        """Count one document's sets."""
        self.tp += len(gold & predicted)
        self.fp += len(predicted - gold)
        self.fn += len(gold - predicted)

    def prf(self) -> tuple[float, float, float]:
        """Precision, recall and F1 in percent."""
        p = 100 * self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0
        r = 100 * self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0
        return p, r, (2 * p * r / (p + r) if p + r else 0.0)


@dataclass
class Report:
    """Every score for a set of documents."""

    untyped: Score = field(default_factory=Score)
    typed: Score = field(default_factory=Score)
    typed_misc: Score = field(default_factory=Score)
    names: Score = field(default_factory=Score)
    names_typed: Score = field(default_factory=Score)
    per_type: dict[str, Score] = field(default_factory=lambda: {t: Score() for t in ("PER", "ORG", "LOC", "MISC")})


def load_conll(path: Path) -> list[Doc]:
    """Read an IOB2 CoNLL file into documents: tokens joined by spaces, sentences by newlines."""
    docs: list[Doc] = []
    sentences: list[list[tuple[str, str]]] = []
    sentence: list[tuple[str, str]] = []

    def flush_doc() -> None:
        if sentence:
            sentences.append(list(sentence))
            sentence.clear()
        if sentences:
            docs.append(build_doc(sentences))
            sentences.clear()

    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("-DOCSTART-"):
            flush_doc()
            continue
        if not line.strip():
            if sentence:
                sentences.append(list(sentence))
                sentence.clear()
            continue
        parts = line.split(" ")
        sentence.append((parts[0], parts[-1]))
    flush_doc()
    return docs


def build_doc(sentences: list[list[tuple[str, str]]]) -> Doc:
    """Rebuild one document's text and its gold spans."""
    lines: list[str] = []
    gold: set[tuple[int, int, str]] = set()
    offset = 0
    count = 0
    for sentence in sentences:
        pieces = []
        current: list[int] | None = None  # [start, end] of the open entity
        current_type = ""
        position = offset
        for token, tag in sentence:
            start, end = position, position + len(token)
            if tag.startswith("B-") or (tag.startswith("I-") and (current is None or tag[2:] != current_type)):
                if current is not None:
                    gold.add((current[0], current[1], current_type))
                current, current_type = [start, end], tag[2:]
            elif tag.startswith("I-") and current is not None:
                current[1] = end
            else:
                if current is not None:
                    gold.add((current[0], current[1], current_type))
                current = None
            pieces.append(token)
            position = end + 1
            count += 1
        if current is not None:
            gold.add((current[0], current[1], current_type))
        line = " ".join(pieces)
        lines.append(line)
        offset += len(line) + 1
    text = "\n".join(lines)
    return Doc(text, gold, count, bool(SPORTS.match(lines[0])))


def predicted_spans(text: str) -> set[tuple[int, int, str]]:
    """Our entity mentions as (start, end, CoNLL tag)."""
    spans = set()
    for entity in extract_entities(text):
        for mention in entity.mentions:
            assert text[mention.start : mention.end] == mention.text
            spans.add((mention.start, mention.end, TYPE_TO_TAG[entity.type]))
    return spans


def naive_spans(text: str) -> set[tuple[int, int, str]]:
    """The naive baseline: every run of capitalised words, untyped."""
    return {(m.start(), m.end(), "") for m in NAIVE_RUN.finditer(text)}


def score(docs: list[Doc], predictions: list[set[tuple[int, int, str]]]) -> Report:
    """Score predictions against the gold spans of the same documents."""
    report = Report()
    for doc, predicted in zip(docs, predictions, strict=True):
        gold_main = {g for g in doc.gold if g[2] in MAIN_TAGS}
        pred_main = {p for p in predicted if p[2] in MAIN_TAGS}
        report.untyped.add({g[:2] for g in gold_main}, {p[:2] for p in pred_main})
        report.typed.add(gold_main, pred_main)
        report.typed_misc.add(doc.gold, predicted)
        for tag, sc in report.per_type.items():
            sc.add({g for g in doc.gold if g[2] == tag}, {p for p in predicted if p[2] == tag})
        report.names.add({doc.text[s:e] for s, e, _ in gold_main}, {doc.text[s:e] for s, e, _ in pred_main})
        report.names_typed.add(
            {(doc.text[s:e], t) for s, e, t in gold_main}, {(doc.text[s:e], t) for s, e, t in pred_main}
        )
    return report


def print_report(title: str, report: Report, docs: list[Doc]) -> None:
    """Print one block of the figure table."""
    print(f"\n{title}: {len(docs)} documents, {sum(d.tokens for d in docs)} tokens")
    print(f"  {'measure':44} {'P':>6} {'R':>6} {'F1':>6}")
    rows = [
        ("PER/ORG/LOC untyped spans (target F1 >= 87)", report.untyped),
        ("PER/ORG/LOC typed spans (target F1 >= 72)", report.typed),
        ("PER/ORG/LOC/MISC typed spans", report.typed_misc),
        ("distinct names per document (target >= 85)", report.names),
        ("distinct names per document, typed", report.names_typed),
    ] + [(f"  {tag}", sc) for tag, sc in report.per_type.items()]
    for label, sc in rows:
        p, r, f = sc.prf()
        print(f"  {label:44} {p:6.1f} {r:6.1f} {f:6.1f}")


def best_time(function: Callable[[], object], repeat: int = 3) -> float:
    """The best CPU time of several runs of a function, in seconds (CPU time, not wall time:
    the machine's cores are shared, and this measures one core's work)."""
    times = []
    for _ in range(repeat):
        start = time.process_time()
        function()
        times.append(time.process_time() - start)
    return min(times)


def speed(docs: list[Doc], seed_text: str, quick: bool) -> None:
    """Tokens per second on the dev set, against the naive regex in the same run, and growth
    with text length."""
    texts = [d.text for d in docs]
    tokens = sum(d.tokens for d in docs)
    ours = best_time(lambda: [extract_entities(t) for t in texts], 1 if quick else 3)
    naive = best_time(lambda: [naive_spans(t) for t in texts], 3)
    print(f"\nSpeed on the dev set ({tokens} tokens, one core):")
    print(f"  extract_entities: {tokens / ours:,.0f} tokens/s ({ours * 1000:.0f} ms); target >= 200,000")
    print(f"  naive capitalised-run regex: {tokens / naive:,.0f} tokens/s; ours takes {ours / naive:.1f}x its time")
    prose = "\n\n".join(d.text for d in docs if not d.sports) + "\n\n" + seed_text
    print("  growth with text length (non-sports prose, repeated to size); the second rate runs with")
    print("  Python's cyclic garbage collector paused, which shows the algorithm alone:")
    sizes = (10_000, 100_000, 1_000_000) if not quick else (10_000, 100_000)
    base = base_no_gc = 0.0
    for size in sizes:
        text = (prose * (size // len(prose) + 1))[:size]
        repeat = 1 if size >= 1_000_000 else 3
        seconds = best_time(partial(extract_entities, text), repeat)
        gc.disable()
        try:
            seconds_no_gc = best_time(partial(extract_entities, text), repeat)
        finally:
            gc.enable()
        per_kb, per_kb_no_gc = seconds * 1e6 / (size / 1000), seconds_no_gc * 1e6 / (size / 1000)
        base, base_no_gc = base or per_kb, base_no_gc or per_kb_no_gc
        print(
            f"    {size / 1000:7.0f} KB: {seconds * 1000:8.1f} ms  {per_kb:6.1f} us/KB ({per_kb / base:.2f}x the 10 KB rate);"
            f"  GC paused {per_kb_no_gc:6.1f} us/KB ({per_kb_no_gc / base_no_gc:.2f}x)"
        )


def seed_check(text: str) -> None:
    """Print the seed article's entities and check the names it must have."""
    entities = extract_entities(text)
    print("\nSeed article entities:")
    for entity in entities:
        role = f"  role={entity.role!r}" if entity.role else ""
        print(f"  {entity.type:6} {entity.name!r}{role}  x{len(entity.mentions)}  {list(entity.aliases)}")
    found = {(e.name, e.type) for e in entities}
    expected = [
        (n, "person")
        for n in ("Kazem Jalali", "Oleg Syromolotov", "Sergei Ryabkov", "Seyed Abbas Araghchi", "Mikhail Ulyanov")
    ]
    expected += [(n, "org") for n in ("IRNA", "Daesh", "JCPOA Joint Commission", "United Nations Security Council")]
    expected += [
        (n, "place") for n in ("Tehran", "Moscow", "Baghdad", "Syria", "Afghanistan", "Vienna", "Iran", "Russia")
    ]
    failures = [f"{n} ({t})" for n, t in expected if (n, t) not in found]
    araghchi = next((e for e in entities if e.name == "Seyed Abbas Araghchi"), None)
    if araghchi is None or "Araghchi" not in araghchi.aliases:
        failures.append("bare 'Araghchi' joins Seyed Abbas Araghchi")
    junk = [
        e.name
        for e in entities
        if e.name.split()[0].lower() in {"on", "during", "the", "leave", "in", "iran-russia"}
        or "-based" in e.name
        or e.name in {"Leave a Comment", "May", "Friday", "Wednesday", "Tuesday"}
    ]
    failures += [f"junk name {n!r}" for n in junk]
    print(
        f"  seed checks: {len(expected) + 1 - len(failures) + len(junk)}/{len(expected) + 1} expected names found, "
        f"{len(junk)} junk names" + ("" if not failures else "; FAILED: " + ", ".join(failures))
    )


def main() -> int:
    """Print every figure."""
    quick = "--quick" in sys.argv
    conll = CORPORA / "ner-dev" / "conllpp_dev.txt"
    if not conll.is_file():
        print(f"CoNLL dev set not found at {conll}; set NEWSBROWSE_CORPORA to the corpora folder.", file=sys.stderr)
        return 1
    docs = load_conll(conll)
    predictions = [predicted_spans(d.text) for d in docs]
    print_report("CoNLL-2003 dev, all documents", score(docs, predictions), docs)
    non_sports = [i for i, d in enumerate(docs) if not d.sports]
    print_report(
        "CoNLL-2003 dev, non-sports documents",
        score([docs[i] for i in non_sports], [predictions[i] for i in non_sports]),
        [docs[i] for i in non_sports],
    )
    naive = Score()
    for doc in docs:
        naive.add({g[:2] for g in doc.gold if g[2] in MAIN_TAGS}, {p[:2] for p in naive_spans(doc.text)})
    print(f"\nNaive capitalised-run baseline, untyped PER/ORG/LOC F1: {naive.prf()[2]:.1f}")
    seed_text = SEED.read_text(encoding="utf-8") if SEED.is_file() else ""
    speed(docs, seed_text, quick)
    if seed_text:
        seed_check(seed_text)
    else:
        print(f"\nSeed article not found at {SEED}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
