"""Cleaning non-English pages (misc/multilingual-html): title, date, language and body per language.

Usage: python benchmarks/clean_multilingual.py [--show FILE_PREFIX]

For each page: whether our title equals the reference title (after folding case and spaces;
"core" also accepts the reference with a trailing " - Site"/"--Section" part we removed),
whether the publication date (and its minute) matches, our language against the page's
<html lang> or its country, body token recall and F1 (lowercased \\w+ tokens, as in
clean_extraction.py), and signs of mojibake (U+FFFD, "Ã", "â€") in our text that the page
itself does not contain.
"""

from __future__ import annotations

import argparse
import gzip
import json
import sys
from datetime import date, datetime

from clean_extraction import corpora_dir, score

from newsbrowse.clean import clean_html

MOJIBAKE = ("\ufffd", "Ã", "â€", "Ð°", "å\u0085")
# The language each page is written in (the README's table), for pages without <html lang>.
CONTENT_LANGUAGE = {
    "ru": "ru", "ua": "ru", "lb": "ar", "de": "de", "fr": "fr", "es": "es", "jp": "ja", "cn": "zh",
    "kr": "ko", "tr": "tr", "vn": "vi", "ind": "hi",
}


def fold(text: str) -> str:
    """Case and whitespace folded, for comparing titles."""
    return " ".join(text.casefold().split())


def title_match(ours: str, reference: str) -> tuple[bool, bool]:
    """(exact, core): equal after folding; or equal once a trailing site/section part is cut off."""
    ours_folded, reference_folded = fold(ours), fold(reference)
    exact = ours_folded == reference_folded
    rest = reference_folded[len(ours_folded) :]
    core = exact or (reference_folded.startswith(ours_folded) and rest[:3].strip(" ") in ("-", "--", "|", "–", "—"))
    return exact, core


def date_match(ours: date | datetime | None, reference: str) -> tuple[bool, bool]:
    """(day, minute): our date equals the reference's day; and its time to the minute (in its own offset).

    A date alone matches a reference at midnight to the minute (the reference writes 00:00 for a day).
    """
    if ours is None or not reference:
        return False, False
    wanted = datetime.fromisoformat(reference)
    if not isinstance(ours, datetime):
        day = ours == wanted.date()
        return day, day and (wanted.hour, wanted.minute) == (0, 0)
    if ours.tzinfo is not None and wanted.tzinfo is not None:
        ours = ours.astimezone(wanted.tzinfo)
    day = ours.date() == wanted.date()
    return day, day and (ours.hour, ours.minute) == (wanted.hour, wanted.minute)


def main() -> int:
    """Run the benchmark and print its figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--show", help="print our article and the reference for the file whose name starts so")
    args = parser.parse_args()
    folder = corpora_dir() / "misc" / "multilingual-html"
    truth_file = folder / "ground-truth.json"
    if not truth_file.is_file():
        sys.exit(f"multilingual corpus not found at {folder}: set NEWSBROWSE_CORPORA to the shared corpora folder")
    truth = json.loads(truth_file.read_text(encoding="utf-8"))

    totals = {"title": 0, "core": 0, "day": 0, "minute": 0, "language": 0, "mojibake": 0}
    f1_sum = recall_sum = 0.0
    print(f"{'file':<28} {'lang':<5} {'title':<6} {'date':<7} {'recall':>6} {'F1':>6}  notes")
    for name in sorted(truth):
        reference = truth[name]
        raw = gzip.decompress((folder / "html" / name).read_bytes())
        try:
            article = clean_html(raw, url=reference["url"])
        except Exception as err:  # noqa: BLE001 - a crash is a result to report, not to hide
            print(f"{name:<28} CRASH {type(err).__name__}: {err}")
            continue
        if args.show and name.startswith(args.show):
            print(f"== {article}\n== reference title: {reference['title']}\n== reference date: "
                  f"{reference['publishing_date']}\n== reference body:\n{reference['articleBody']}")
            return 0
        exact, core = title_match(article.title, reference["title"])
        day, minute = date_match(article.published, reference["publishing_date"])
        _, recall, f1 = score(article.body, reference["articleBody"])
        wanted_language = reference["html_lang"] or CONTENT_LANGUAGE[reference["country"]]
        language_ok = article.language == wanted_language.split("-")[0].lower()
        source_text = raw.decode("utf-8", errors="replace")  # every page is stored as UTF-8
        garbled = any(mark in article.body + article.title and mark not in source_text for mark in MOJIBAKE)
        totals["title"] += exact
        totals["core"] += core
        totals["day"] += day
        totals["minute"] += minute
        totals["language"] += language_ok
        totals["mojibake"] += garbled
        f1_sum += f1
        recall_sum += recall
        notes = []
        if not core:
            notes.append(f"title {article.title[:40]!r}")
        if not day:
            notes.append(f"date {article.published} vs {reference['publishing_date']}")
        if not language_ok:
            notes.append(f"language {article.language} vs {wanted_language}")
        if garbled:
            notes.append("MOJIBAKE")
        title_mark = "yes" if exact else "core" if core else "no"
        date_mark = "minute" if minute else "day" if day else "no"
        print(f"{name[:28]:<28} {article.language or '-':<5} {title_mark:<6} {date_mark:<7} {recall:6.3f} {f1:6.3f}  "
              + "; ".join(notes))
    count = len(truth)
    print(f"pages {count}: title exact {totals['title']}, title core {totals['core']}, date day {totals['day']}, "
          f"date minute {totals['minute']}, language {totals['language']}, mojibake {totals['mojibake']}")
    print(f"mean body recall {recall_sum / count:.3f}, mean body F1 {f1_sum / count:.3f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
