"""Author names from bylines and metadata: no "By", no roles, dates, emails, handles or read times."""

from __future__ import annotations

import re
from collections.abc import Iterable

from newsbrowse.extract.lexicon import lexicon

_MAX_AUTHORS = 10
_MAX_NAME_CHARS = 60
_MAX_NAME_WORDS = 6

# "By", "Written by", "Reporting by", "Von", "Par", "Por", "Di"... at the start of a byline.
_LEAD = re.compile(
    r"^\s*(?:(?:written|reported|reporting|words|story|text|posted|published|compiled|edited|photos?)"
    r"\s+(?:and\s+\w+\s+)?)?(?:by|von|par|por|di|door|av|af|от|автор)\b\s*[:\-–—]?\s*",
    re.IGNORECASE,
)
# Where a name list ends and the furniture begins: a date, a time, a read time, "Updated"...
_TAIL = re.compile(
    r"\s*(?:\b(?:updated|published|posted|last\s+updated|on\s+(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)"
    r"|\d+\s*(?:-\s*)?(?:min(?:ute)?s?|mins?)\.?\s*read|read\s+time|follow\b|email\b|twitter\b)"
    r"|\d{1,2}[:/.]\d{2}|\b(?:19|20)\d\d\b|\|).*$",
    re.IGNORECASE,
)
# Separators between several authors; the short conjunctions only in lower case ("John E. Smith").
_SPLIT = re.compile(r"\s*(?:,|;|&|\b(?:and|And|AND|und|et|y|e|и)\b|\s/\s|\||·|•)\s*")
# Nouns that make a byline part a job title, not a name ("Staff Writer", "Senior Correspondent").
_ROLES = frozenset(
    """staff writer writers reporter reporters correspondent correspondents editor editors contributor
    contributors columnist columnists journalist journalists producer photographer photographers
    analyst intern freelancer""".split()
)
# Words that qualify a job title; stripped only next to one.
_ROLE_MODIFIERS = frozenset(
    """senior chief deputy associate assistant managing executive contributing special staff political
    economics business foreign diplomatic national international science health tech technology sports
    sport news desk bureau guest opinion freelance investigative digital""".split()
)
# Parts that are never a name.
_JUNK = re.compile(
    r"@|https?:|www\.|\.com\b|\d|minute|\bread\b|\bshare\b|\bcomments?\b|\bview\b|\bprofile\b"
    r"|\b(?:admin|administrator|user|guest|none|null|unknown|anonymous|webmaster|editorial)\b"
    r"|\bmore\b|\bposts?\b|\barticles?\b|\bsubscribe\b|\bsign\b|\bfacebook\b|\blinkedin\b|\bhours?\b|\bago\b",
    re.IGNORECASE,
)
# News agencies that sign in lower case; any other name needs a capital.
_AGENCY_SIGNATURES = frozenset({"dpa", "afp", "apa", "ansa", "efe", "sda", "ats", "kna", "epd", "ddp", "dts"})
# Scripts with letter case, where a name must have a capital.
_CASED = re.compile(r"[A-Za-zÀ-ɏͰ-ϿЀ-ӿ]")


def _strip_roles(words: list[str]) -> list[str]:
    """The words without a job title at either end ("John Smith, Senior Correspondent" -> name)."""
    def bare(word: str) -> str:
        """A word without dots and commas, lower-cased, as the roles list has it."""
        return word.strip(".,").lower()

    if words and bare(words[-1]) in _ROLES:
        kept = words[:-1]
        while kept and bare(kept[-1]) in _ROLE_MODIFIERS:
            kept = kept[:-1]
        # A role word after a lone given name is a surname ("Ann Writer"), not a job ("Reuters Staff").
        if not (len(words) == 2 and len(kept) == 1 and kept[0] in lexicon().given_names):
            words = kept
    while words and bare(words[0]) in _ROLES | _ROLE_MODIFIERS and len(words) > 1 and bare(words[1]) in _ROLES:
        words = words[1:]
    if words and bare(words[0]) in _ROLES:
        words = words[1:]
    return words


def _clean_name(part: str) -> str | None:
    """One author name, tidied, or None if the part is not a name."""
    part = _LEAD.sub("", part)
    part = part.strip(" \t\r\n.:;,-–—()[]\"'“”‘’*•|/")
    if not part or _JUNK.search(part):
        return None
    words = _strip_roles(part.split())
    if not words or len(words) > _MAX_NAME_WORDS:
        return None
    name = " ".join(words).strip(" .,")
    if len(name) < 2 or len(name) > _MAX_NAME_CHARS:
        return None
    if _CASED.search(name) and not any(word[0].isupper() for word in words) and name not in _AGENCY_SIGNATURES:
        return None
    if name.isupper() and len(name) > 5:
        # Shouted bylines ("JOHN SMITH") read better in title case; short acronyms stay.
        name = name.title()
    return name


def clean_authors(raw: Iterable[str]) -> tuple[str, ...]:
    """Distinct author names, in order, from raw bylines or metadata values."""
    names: dict[str, str] = {}
    for value in raw:
        if not value:
            continue
        text = " ".join(str(value).split())
        text = _LEAD.sub("", text)
        text = _TAIL.sub("", text)
        for part in _SPLIT.split(text):
            name = _clean_name(part)
            if name is not None:
                names.setdefault(name.casefold(), name)
            if len(names) >= _MAX_AUTHORS:
                return tuple(names.values())
    return tuple(names.values())
