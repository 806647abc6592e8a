"""Sentence spans of an article text: regex-driven, offline, deterministic."""

from __future__ import annotations

import re
from collections.abc import Iterator

# Abbreviations that precede a name and so never end a sentence ("Mr. Ulyanov").
_NEVER_FINAL = frozenset(
    """mr mrs ms messrs mme mlle dr prof sen sens rep reps gov gen lt col maj capt cpt sgt cpl pvt
    adm cmdr cdr rev fr hon pres supt insp det amb sec atty gens st mt ft cf vs v e.g i.e approx
    ca dept univ assn jan feb mar apr jun jul aug sep sept oct nov dec ave blvd""".split()
)
# Abbreviations of numbered things ("No. 5", "pp. 12"): they end nothing before a number.
_BEFORE_NUMBER = frozenset("no nos vol vols fig figs pp p art".split())
# Abbreviations that may also close a sentence ("... said Acme Inc. The company ..."): they end
# one only before a word that typically opens a sentence.
_MAYBE_FINAL = frozenset("inc ltd co corp bros jr sr plc llc etc al a.m p.m".split())
_SENTENCE_OPENERS = frozenset(
    """the a an he she it they we i you his her its their our this that these those there here
    but and so yet or in on at after before during while when as if for with by from to of
    however meanwhile also then now still earlier later last next some many most all no one
    both each other such what who why how where which mr mrs ms dr""".split()
)

# A blank line (paragraph break); sentence-final punctuation with any closing quotes and
# brackets, followed by whitespace; or a single line break.
_BOUNDARY = re.compile(
    r"\n[ \t\r\f\v]*\n\s*"
    r"|(?P<punct>[.!?\u2026]+)[\"'\u201d\u2019\u00bb)\]]*\s+"
    r"|\n\s*"
)
# The word ending just before a full stop: "Mr", "U.S", "e.g", "J".
_WORD_BEFORE = re.compile(r"(?:[A-Za-z]\.)*[A-Za-z]+$")
_FIRST_WORD = re.compile(r"[\"'\u201c\u2018\u00ab(\[]*(\w+)")
# A line shorter than this that lacks final punctuation is a unit of its own (a headline, a
# dateline, a list item); longer ones are taken as hard-wrapped prose and run on.
_WRAPPED_LINE = 50


def _opens_sentence(text: str, pos: int) -> bool:
    """Whether the text at pos looks like the start of a new sentence."""
    match = _FIRST_WORD.match(text, pos)
    if match is None:
        return pos < len(text) and not text[pos].islower()
    first = match.group(1)
    return not first[0].islower()


def _full_stop_ends(text: str, dot: int, nxt: int) -> bool:
    """Whether the full stop at `dot` (the next sentence would start at `nxt`) ends a sentence."""
    word_match = _WORD_BEFORE.search(text, max(0, dot - 30), dot)
    if word_match is None:
        return True
    word = word_match.group(0)
    key = word.lower()
    if key in _NEVER_FINAL:
        return False
    first = _FIRST_WORD.match(text, nxt)
    next_word = first.group(1).lower() if first else ""
    if key in _BEFORE_NUMBER:
        return not next_word[:1].isdigit()
    # Initials ("J. Smith"), dotted acronyms ("U.S.") and company suffixes end a sentence only
    # when a typical sentence opener follows.
    if key in _MAYBE_FINAL or len(word) == 1 or "." in word:
        return next_word in _SENTENCE_OPENERS
    return True


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Return the (start, end) spans of the sentences in text, trimmed of surrounding whitespace.

    Paragraph breaks always end a sentence; "Mr.", "U.S.", initials and decimals do not.
    """
    return list(iter_sentences(text))


def iter_sentences(text: str) -> Iterator[tuple[int, int]]:
    """The spans of `split_sentences`, one by one: a reader of the first few stops early."""
    start = 0
    line_start = 0
    for match in _BOUNDARY.finditer(text):
        gap = match.group(0)
        nxt = match.end()
        punct = match.group("punct")
        if gap.count("\n") >= 2:
            ends = True  # a paragraph break
        elif punct is not None:
            # A closing quote or bracket after the stop shows a sentence end, not an abbreviation.
            closed = not text[match.end("punct")].isspace()
            ends = _opens_sentence(text, nxt) and (
                punct != "." or closed or _full_stop_ends(text, match.start("punct"), nxt)
            )
        else:
            ends = match.start() - line_start < _WRAPPED_LINE and _opens_sentence(text, nxt)
        if "\n" in gap:
            line_start = match.start() + gap.rfind("\n") + 1
        if ends:
            span = _trimmed(text, start, nxt)
            if span is not None:
                yield span
            start = nxt
    span = _trimmed(text, start, len(text))
    if span is not None:
        yield span


def _trimmed(text: str, start: int, end: int) -> tuple[int, int] | None:
    """The span of text[start:end] trimmed of whitespace, or None if nothing is left."""
    segment = text[start:end]
    stripped = segment.strip()
    if not stripped:
        return None
    lead = len(segment) - len(segment.lstrip())
    return (start + lead, start + lead + len(stripped))
