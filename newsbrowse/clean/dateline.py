"""Datelines: the place that opens a wire story ("TEHRAN –", "VIENNA (Reuters) -", "MOSCOW, May 3 —")."""

from __future__ import annotations

import re

from newsbrowse.clean.blocks import PARAGRAPH_BREAK

# Only the start of a paragraph can hold a dateline, and only of the first few (a standfirst
# or a kicker may come before it).
_HEAD_CHARS = 160
_FIRST_PARAGRAPHS = 3
# A capitalised word (Latin, Greek or Cyrillic capitals), with an abbreviation's full stop.
_CAPITALISED = r"[A-ZÀ-ÖØ-ÞΑ-ΩА-Я][^\W\d_]*\.?"
_HEAD = (
    r"^\s*(?P<place>[^\W\d_][^\W\d_'’.\-]*\.?(?:[ \-][^\W\d_][^\W\d_'’.\-]*\.?){0,3})"
    # ", May 3" / ", Calif." / ", United Arab Emirates" / ", Nov 18, 2019" / ", 21 May": capitalised
    # words, unlike a sentence's ", consumer prices -".
    r"(?P<date>,\s*(?:" + _CAPITALISED + r"(?:\s+" + _CAPITALISED + r"){0,2}(?:\s+\d{1,2}(?:st|nd|rd|th)?)?"
    r"|\d{1,2}\s+" + _CAPITALISED + r")(?:,\s*\d{4})?)?"
)
_DATELINE = re.compile(
    _HEAD + r"\s*(?P<agency>\([^()\n]{1,40}\))?"
    # A dash (WSJ sets "JERUSALEM—The" without spaces) or a colon ("NEW DELHI:").
    r"(?:\s*[–—]{1,2}\s*|\s*-{1,2}\s+|\s*(?P<colon>:)\s+)(?=\S)"
)
# Broadcasters and agencies that sign a dateline without a dash: "Hong Kong (CNN Business) A ...".
_AGENCY_DATELINE = re.compile(
    _HEAD + r"\s*(?P<agency>\((?:CNN|Reuters|AP|AFP|UPI|PTI|IANS|Xinhua|TASS|IRNA)(?: [A-Z][a-z]+)?\))\s*(?=[A-Z])"
)
# A dateline set as a line of its own, in capitals, with its country or state: "BAAR, SWITZERLAND".
_ALONE = re.compile(
    r"(?P<place>[^\W\d_][^\W\d_ .'\-]*(?:[ .'\-]+[^\W\d_]+){0,3}),\s*[^\W\d_][^\W\d_ .'\-]*(?:[ .'\-]+[^\W\d_]+){0,3}\.?"
)
# All-caps words that open a paragraph but are labels, not places.
_LABELS = frozenset(
    """UPDATE UPDATED BREAKING EXCLUSIVE ANALYSIS OPINION EDITORIAL COMMENT LIVE VIDEO WATCH PHOTOS
    PHOTO LISTEN READ MORE CORRECTION CLARIFICATION NOTE EDITOR'S EDITORS NEWS ALERT URGENT
    FLASH REVIEW INTERVIEW Q A FAQ TL;DR SPOILER WARNING ADVERTISEMENT SPONSORED""".split()
)


def find_dateline(body: str) -> str | None:
    """The dateline place opening one of the body's first paragraphs ("TEHRAN – ..." -> "TEHRAN"), or None."""
    for paragraph in body.split(PARAGRAPH_BREAK, _FIRST_PARAGRAPHS)[:_FIRST_PARAGRAPHS]:
        place = paragraph_dateline(paragraph)
        if place is not None:
            return place
    return None


def paragraph_dateline(paragraph: str) -> str | None:
    """The dateline place at the start of a paragraph ("TEHRAN – ..." -> "TEHRAN"), or of a paragraph
    that is only the dateline ("BAAR, SWITZERLAND" -> "BAAR"), or None.

    The place must be in capitals, or in title case when a date or an agency follows it
    ("Tehran, May 21 (IRNA) –"), so ordinary sentences that start with a name do not match.
    """
    alone = _ALONE.fullmatch(paragraph.strip())
    if alone is not None and paragraph.isupper():
        labelled = any(word.strip(".,") in _LABELS for word in paragraph.split())
        return None if labelled else alone.group("place")
    head = paragraph[:_HEAD_CHARS]
    match = _DATELINE.match(head) or _AGENCY_DATELINE.match(head)
    if match is None:
        return None
    place = match.group("place").strip(" .")
    words = place.replace("-", " ").split()
    if not words or any(word.upper() in _LABELS for word in words):
        return None
    # Two-letter capitals are country codes or initials ("US - China talks"), not datelines.
    shouted = place.upper() == place and any(len(word) > 2 for word in words)
    titled = all(word[0].isupper() for word in words)
    if not shouted and not (titled and (match.group("date") or match.group("agency"))):
        return None
    if match.groupdict().get("colon") and not shouted:
        return None
    return place
