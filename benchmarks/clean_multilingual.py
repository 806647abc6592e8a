"""Cleaning pages in many languages, and crawled WARC records: language, dates, authors, body, "not an article".

Usage: python benchmarks/clean_multilingual.py [--show FILE_PREFIX]

The dev set is benchmarks/multilingual_dev.json, annotated by hand: every page of
misc/multilingual-html (body reference: the paragraphs of its ground-truth.json, less those the
annotation marks as no article text) and every HTML record of the WARC files (an article, with
its paragraphs given by their first and last words, or not an article). Per article: our
language against the annotated one; our date against the annotated one (the day must match, a
time we give must match to the minute, a time the page shows and we miss is counted apart);
our authors as a set; body token recall and F1 (lowercased \\w+ tokens, as in
clean_extraction.py); the title and signs of mojibake as before. Per WARC record: whether
the build keeps it as an article or skips it as "not an article".
"""

from __future__ import annotations

import argparse
import gzip
import json
import sys
from datetime import date, datetime
from pathlib import Path
from typing import Any

from bs4 import BeautifulSoup
from clean_extraction import corpora_dir, score

from newsbrowse.clean import NotAnArticle, clean_html, clean_record
from newsbrowse.ingest import SourceFile, discover, read_source
from newsbrowse.model import Article, Document

MOJIBAKE = ("\ufffd", "Ã", "â€", "Ð°", "å\u0085")
DEV_SET = Path(__file__).with_name("multilingual_dev.json")


def fold(text: str) -> str:
    """Case and whitespace folded, for comparing titles and names."""
    return " ".join(text.casefold().split())


def title_match(ours: str, reference: str) -> tuple[bool, bool]:
    """(exact, core): equal after folding; or equal once a trailing site/section part is cut off."""
    ours_folded, reference_folded = fold(ours), fold(reference)
    exact = ours_folded == reference_folded
    rest = reference_folded[len(ours_folded) :]
    core = exact or (reference_folded.startswith(ours_folded) and rest[:3].strip(" ") in ("-", "--", "|", "–", "—"))
    return exact, core


def date_match(ours: date | datetime | None, wanted_text: str) -> tuple[bool, bool]:
    """(right, time_missing): the day matches and any time we give matches to the minute; and whether
    the annotation has a time we do not give."""
    wanted = datetime.fromisoformat(wanted_text)
    has_time = "T" in wanted_text or " " in wanted_text
    if ours is None:
        return False, False
    if not isinstance(ours, datetime):
        return ours == wanted.date(), has_time
    if ours.tzinfo is not None and wanted.tzinfo is not None:
        ours = ours.astimezone(wanted.tzinfo)
    same_minute = (ours.date(), ours.hour, ours.minute) == (wanted.date(), wanted.hour, wanted.minute)
    return same_minute and has_time, False


def page_text(html: str) -> str:
    """The visible text of a page, whitespace collapsed, for finding annotated paragraphs in it."""
    soup = BeautifulSoup(html, "lxml")
    for tag in soup(["script", "style", "noscript", "template"]):
        tag.decompose()
    return " ".join(soup.get_text(" ").split())


def anchored_body(html: str, anchors: list[list[str]]) -> str:
    """The reference body: each annotated paragraph, from its first words to its last, found in the page."""
    text = page_text(html)
    paragraphs: list[str] = []
    at = 0
    for first, last in anchors:
        start = text.find(first, at)
        end = text.find(last, start) + len(last)
        if start < 0 or end < start:
            sys.exit(f"annotated paragraph {first!r} ... {last!r} not found in the page: the dev set is out of date")
        paragraphs.append(text[start:end])
        at = end
    return "\n\n".join(paragraphs)


def reference_body(truth: dict[str, Any], not_body: list[int]) -> str:
    """The ground truth's summary, headings and paragraphs, less those annotated as no article text."""
    parts = list(truth["body"].get("summary", []))
    for section in truth["body"]["sections"]:
        parts.extend(section["headline"])
        parts.extend(section["paragraphs"])
    return "\n\n".join(part for index, part in enumerate(parts) if index not in set(not_body))


class Tally:
    """The figures summed over the articles of the dev set."""

    def __init__(self) -> None:
        self.articles = self.language = self.dates = self.time_missing = self.authors = 0
        self.f1 = self.recall = 0.0

    def add(self, article: Article, wanted: dict[str, Any], reference: str) -> list[str]:
        """Score one article; the notes on what it got wrong."""
        notes = []
        self.articles += 1
        language_ok = article.language == wanted["language"]
        day_ok, missing = date_match(article.published, wanted["published"])
        authors_ok = {fold(name) for name in article.authors} == {fold(name) for name in wanted["authors"]}
        _, recall, f1 = score(article.body, reference)
        self.language += language_ok
        self.dates += day_ok
        self.time_missing += missing
        self.authors += authors_ok
        self.f1 += f1
        self.recall += recall
        if not language_ok:
            notes.append(f"language {article.language} vs {wanted['language']}")
        if not day_ok:
            notes.append(f"date {article.published} vs {wanted['published']}")
        elif missing:
            notes.append(f"no time (page: {wanted['published']})")
        if not authors_ok:
            notes.append(f"authors {list(article.authors)} vs {wanted['authors']}")
        return [f"{recall:6.3f} {f1:6.3f}", *notes]

    def report(self) -> None:
        """Print the totals."""
        count = self.articles
        print(
            f"articles {count}: language {self.language}/{count} ({self.language / count:.0%}), "
            f"dates {self.dates}/{count} ({self.dates / count:.0%}; {self.time_missing} without the time the page "
            f"shows), authors {self.authors}/{count} ({self.authors / count:.0%})"
        )
        print(f"mean body recall {self.recall / count:.3f}, mean body F1 {self.f1 / count:.3f}")


def bench_pages(dev: dict[str, Any], tally: Tally, show: str | None) -> bool:
    """The multilingual pages; False if one was shown instead."""
    folder = corpora_dir() / "misc" / "multilingual-html"
    truth_file = folder / "ground-truth.json"
    if not truth_file.is_file():
        sys.exit(f"multilingual corpus not found at {folder}: set NEWSBROWSE_CORPORA to the shared corpora folder")
    truth = json.loads(truth_file.read_text(encoding="utf-8"))
    print(f"{'file':<28} {'lang':<5} {'title':<6} {'recall':>6} {'F1':>6}  notes")
    totals = {"title": 0, "core": 0, "mojibake": 0}
    for name in sorted(truth):
        reference, wanted = truth[name], dev["pages"][name]
        raw = gzip.decompress((folder / "html" / name).read_bytes())
        article = clean_html(raw, url=reference["url"])
        body = reference_body(reference, wanted.get("not_body", []))
        if show and name.startswith(show):
            print(f"== {article}\n== wanted: {wanted}\n== reference body:\n{body}")
            return False
        exact, core = title_match(article.title, reference["title"])
        garbled = any(
            mark in article.body + article.title and mark not in raw.decode("utf-8", "replace") for mark in MOJIBAKE
        )
        totals["title"] += exact
        totals["core"] += core
        totals["mojibake"] += garbled
        scores, *notes = tally.add(article, wanted, body)
        if not core:
            notes.append(f"title {article.title[:40]!r}")
        if garbled:
            notes.append("MOJIBAKE")
        mark = "yes" if exact else "core" if core else "no"
        print(f"{name[:28]:<28} {article.language or '-':<5} {mark:<6} {scores}  " + "; ".join(notes))
    print(
        f"pages {len(truth)}: title exact {totals['title']}, title core {totals['core']}, mojibake {totals['mojibake']}"
    )
    return True


def bench_warc(dev: dict[str, Any], tally: Tally) -> None:
    """Every HTML record of the WARC files: kept as an article or skipped as none, as annotated."""
    annotated = dev["warc"]
    right = seen = 0
    for source in discover(corpora_dir() / "warc"):
        if not isinstance(source, SourceFile) or ".warc" not in source.relpath:
            continue
        for item in read_source(source):
            if not isinstance(item, Document):
                continue
            seen += 1
            wanted = annotated.get(item.id)
            if wanted is None:
                print(f"  {item.id}: not in the dev set")
                continue
            try:
                article: Article | None = clean_record(item)
                verdict = "article"
            except NotAnArticle as err:
                article, verdict = None, str(err)
            right += (article is not None) == wanted["article"]
            short = item.id.rsplit("/", 1)[-1]
            if article is not None and wanted["article"]:
                scores, *notes = tally.add(article, wanted, anchored_body(item.content, wanted["body_anchors"]))
                print(f"  {short:<40} article       {scores}  " + "; ".join(notes))
            else:
                expected = "an article" if wanted["article"] else f"not an article ({wanted['what']})"
                print(f"  {short:<40} {verdict:<40} wanted {expected}")
    print(f"WARC HTML records {seen}: {right} kept or skipped as annotated ({len(annotated)} annotated)")


def main() -> int:
    """Run the benchmark and print its figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--show", help="print our article and the reference for the page whose name starts so")
    args = parser.parse_args()
    dev = json.loads(DEV_SET.read_text(encoding="utf-8"))
    tally = Tally()
    if not bench_pages(dev, tally, args.show):
        return 0
    print("== WARC records")
    bench_warc(dev, tally)
    print("== the dev set (multilingual pages and WARC articles)")
    tally.report()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
