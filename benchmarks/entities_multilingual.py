"""Entities in many languages: function words taken for names (target 0), and names still found.

Usage: python benchmarks/entities_multilingual.py [--quiet] [--baseline]

The dev set is benchmarks/multilingual_dev.json (see clean_multilingual.py): every page of
misc/multilingual-html and every WARC record annotated as an article. Each is cleaned as the build
cleans it and its entities are extracted in its detected language (`--baseline`: as English, the
way every article was read before entities knew languages). Figures:

- function words: entities whose name, or whose first word (unless the name lists know it as a
  given name or surname), is a function word of the page's language (stopwordsiso's list less the
  countries and capitals it holds; for English, the project's own list): "Det", "Hvis", "Bene
  Giorgia Meloni ..." (target 0);
- names found: the names the dev set lists for a page ("names"), found as an entity's name or as
  the text of one of its mentions (case and accents folded).

Every page's entities are printed with their type and mention count (`--quiet`: only the figures).
Speed: CPU time of extraction in each page's language against the same pages read as English.
"""

from __future__ import annotations

import argparse
import gzip
import json
import sys
import time
from pathlib import Path
from typing import Any

from clean_extraction import corpora_dir

from newsbrowse.clean import NotAnArticle, clean_html, clean_record
from newsbrowse.extract import extract_entities
from newsbrowse.extract.languages import language_code
from newsbrowse.extract.lexicon import lexicon, local_places
from newsbrowse.extract.names import name_key
from newsbrowse.ingest import SourceFile, discover, read_source
from newsbrowse.model import Article, Document, Entity

DEV_SET = Path(__file__).with_name("multilingual_dev.json")


def function_words(language: str | None) -> frozenset[str]:
    """The function words of a language, as the measure counts them: stopwordsiso's list, less the
    countries and capitals a few lists hold ("москва"); for English the project's own list."""
    import stopwordsiso

    code = language_code(language)
    if code == "en" or not stopwordsiso.has_lang(code):
        return lexicon().function_words
    places = {name_key(name) for name, kind in local_places(code) if kind in ("country", "capital")}
    return frozenset(word.casefold() for word in stopwordsiso.stopwords(code) if name_key(word) not in places)


def junk(entity: Entity, words: frozenset[str]) -> bool:
    """Whether an entity's name, or its first word, is a function word; a first word the name
    lists know as a given name or surname opens a full name ("Cao Thị Hồng", "Hans Jensen")."""
    lex = lexicon()
    first = entity.name.split()[0]
    listed = first in lex.given_names or first in lex.surnames or first in lex.east_asian_surnames
    return entity.name.casefold() in words or (first[:1].isupper() and first.casefold() in words and not listed)


def found(name: str, entities: list[Entity]) -> bool:
    """Whether a listed name is an entity's name or the text of one of its mentions."""
    key = name_key(name)
    return any(name_key(e.name) == key or any(name_key(m.text) == key for m in e.mentions) for e in entities)


class Tally:
    """The figures summed over the dev set."""

    def __init__(self) -> None:
        self.pages = self.entities = self.junk = self.names = self.found = self.chars = 0
        self.seconds = self.english_seconds = self.loading = 0.0

    def add(self, label: str, article: Article, wanted: dict[str, Any], baseline: bool, quiet: bool) -> None:
        """Extract one article's entities, count and print them."""
        language = None if baseline else article.language
        start = time.process_time()
        lexicon(language)
        self.loading += time.process_time() - start
        start = time.process_time()
        entities = extract_entities(article.body, language)
        middle = time.process_time()
        extract_entities(article.body)
        self.seconds += middle - start
        self.english_seconds += time.process_time() - middle
        self.chars += len(article.body)
        words = function_words(article.language)
        bad = [e.name for e in entities if junk(e, words)]
        names = wanted.get("names", [])
        missing = [name for name in names if not found(name, entities)]
        self.pages += 1
        self.entities += len(entities)
        self.junk += len(bad)
        self.names += len(names)
        self.found += len(names) - len(missing)
        print(
            f"{label[:40]:<40} {article.language or '-':<4} entities {len(entities):3}  function words {len(bad):2}  "
            f"names {len(names) - len(missing)}/{len(names)}"
        )
        if bad:
            print(f"    function words: {bad}")
        if missing:
            print(f"    names missed: {missing}")
        if not quiet:
            shown = "; ".join(f"{e.name} ({e.type}, {len(e.mentions)})" for e in entities)
            print(f"    entities: {shown or '-'}")

    def report(self) -> None:
        """Print the totals."""
        print(
            f"pages {self.pages}: entities {self.entities}, entities that are function words {self.junk} "
            f"(target 0), names found {self.found}/{self.names}"
        )
        print(
            f"speed: {self.chars / self.seconds:,.0f} chars/s in each page's language, {self.chars / self.english_seconds:,.0f} "
            f"chars/s read as English in the same run ({self.seconds / self.english_seconds:.2f}x its time); "
            f"loading the languages' lists took {self.loading:.1f} s once"
        )


def main() -> int:
    """Run the benchmark and print its figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quiet", action="store_true", help="print the figures only, not every page's entities")
    parser.add_argument("--baseline", action="store_true", help="extract every page as English")
    args = parser.parse_args()
    dev = json.loads(DEV_SET.read_text(encoding="utf-8"))
    folder = corpora_dir() / "misc" / "multilingual-html"
    truth_file = folder / "ground-truth.json"
    if not truth_file.is_file():
        sys.exit(f"multilingual corpus not found at {folder}: set NEWSBROWSE_CORPORA to the shared corpora folder")
    truth = json.loads(truth_file.read_text(encoding="utf-8"))
    tally = Tally()
    for name in sorted(truth):
        raw = gzip.decompress((folder / "html" / name).read_bytes())
        tally.add(name, clean_html(raw, url=truth[name]["url"]), dev["pages"][name], args.baseline, args.quiet)
    for source in discover(corpora_dir() / "warc"):
        if not isinstance(source, SourceFile) or ".warc" not in source.relpath:
            continue
        for item in read_source(source):
            wanted = dev["warc"].get(item.id) if isinstance(item, Document) else None
            if wanted is None or not wanted["article"]:
                continue
            try:
                article = clean_record(item)
            except NotAnArticle:
                continue
            tally.add(item.id.rsplit("/", 1)[-1], article, wanted, args.baseline, args.quiet)
    tally.report()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
