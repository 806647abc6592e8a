"""extract_quotes on the hand-written passages (scored as benchmarks/quotes_eval.py does) and the seed article."""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path
from types import ModuleType

import pytest

from newsbrowse.extract import extract_quotes
from newsbrowse.model import Entity, Mention

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "sample_archive" / "tehrantimes-2021-05-21-iran-russia-counterterrorism.txt"


@pytest.fixture(scope="module")
def quotes_eval() -> ModuleType:
    """The benchmark script, whose scoring the figures below must match."""
    spec = importlib.util.spec_from_file_location("quotes_eval", ROOT / "benchmarks" / "quotes_eval.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up while being built
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize("name", ["quote_passages.json", "quote_passages_heldout.json"])
@pytest.mark.parametrize("mode", ["gold", "auto"])
def test_passages_reach_the_figures(quotes_eval: ModuleType, name: str, mode: str) -> None:
    """On both passage sets, with gold or extracted entities: at least 20 quotes, F1 >= 0.90, speakers >= 0.80."""
    passages = json.loads((ROOT / "tests" / "data" / name).read_text("utf-8"))
    score = quotes_eval.evaluate(passages, mode)
    assert score.expected >= 20
    assert score.f1 >= 0.90, score.problems
    assert score.speaker_accuracy >= 0.80, score.problems


def test_passages_are_well_formed() -> None:
    """The passages hold at least 40 texts and 80 quotes, each quote's first part at its start offset."""
    passages = json.loads((ROOT / "tests" / "data" / "quote_passages.json").read_text("utf-8"))
    assert len(passages) >= 40
    assert sum(len(p["quotes"]) for p in passages) >= 80
    for passage in passages:
        for quote in passage["quotes"]:
            first = quote["text"].split("\n\n")[0]
            assert passage["text"][quote["start"] :].startswith(first), passage["id"]


SEED_QUOTES = [
    ("principled and rational stance in support of the JCPOA", "Kazem Jalali"),
    ("significant progress", "Mikhail Ulyanov"),
    ("I said that significant progress has been achieved", "Mikhail Ulyanov"),
    ("good progress", "Seyed Abbas Araghchi"),
    ("After two weeks of negotiations", "Seyed Abbas Araghchi"),
]


def seed_people(text: str) -> list[Entity]:
    """The seed article's people as an entity extractor should give them."""
    people = {
        "Kazem Jalali": ("Kazem Jalali", "Jalali"),
        "Oleg Syromolotov": ("Syromolotov Oleg", "Syromolotov"),
        "Sergei Ryabkov": ("Sergei Ryabkov",),
        "Seyed Abbas Araghchi": ("Seyed Abbas Araghchi", "Araghchi"),
        "Mikhail Ulyanov": ("Mikhail Ulyanov", "Ulyanov"),
    }
    out = []
    for name, forms in people.items():
        mentions: list[Mention] = []
        for form in forms:
            start = text.find(form)
            while start >= 0:
                if not any(m.start <= start < m.end for m in mentions):
                    mentions.append(Mention(start, start + len(form), form))
                start = text.find(form, start + 1)
        out.append(Entity(name, "person", tuple(sorted(mentions, key=lambda m: m.start))))
    return out


@pytest.mark.parametrize("given", [True, False], ids=["entities-given", "entities-extracted"])
def test_seed_article_quotes_and_speakers(given: bool) -> None:
    """The seed article's five quotes and speakers, with entities given or extracted, offsets on the text."""
    text = SEED.read_text("utf-8")
    found = extract_quotes(text, seed_people(text) if given else None)
    assert [(q.text[: len(start)], q.speaker) for q, (start, _) in zip(found, SEED_QUOTES, strict=True)] == SEED_QUOTES
    for quote in found:
        assert text[quote.start : quote.end] == quote.text
