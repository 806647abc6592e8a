"""Author names from bylines and metadata: no "By", labels, roles, credentials, outlets, weekdays, dates,
emails, handles or read times; several names split on "and" in the main European languages."""

from __future__ import annotations

import re
from collections.abc import Iterable

from newsbrowse.clean.localdates import weekday_names
from newsbrowse.extract.lexicon import lexicon
from newsbrowse.extract.names import name_key

_MAX_AUTHORS = 10
_MAX_NAME_CHARS = 60
_MAX_NAME_WORDS = 6

# "By", "Written by", "Reporting by", "Von", "Par", "Por", "Skrevet av"... at the start of a byline,
# or a one-word label and a colon ("Text:", "Текст:", "Tekst:", "Autor:").
_LEAD = re.compile(
    r"^\s*(?:(?:(?:written|reported|reporting|words|story|text|posted|published|compiled|edited|photos?"
    r"|skrevet|geschrieben|escrito|écrit|scritto|publicado|publié|veröffentlicht|pubblicato|publisert)"
    r"\s+(?:and\s+\w+\s+)?)?(?:by|von|par|por|(?-i:di)|door|av|af|от|автор)\b\s*[:\-–—]?"
    r"|[^\W\d_]{2,15}\s*:)\s*",
    re.IGNORECASE,
)
# Where a name list ends and the furniture begins: a date, a time, a read time, "Updated"...
_TAIL = re.compile(
    r"\s*(?:\b(?:updated|published|posted|last\s+updated|on\s+(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)"
    r"|\d+\s*(?:-\s*)?(?:min(?:ute)?s?|mins?)\.?\s*read|read\s+time|follow\b|email\b|twitter\b)"
    r"|\d{1,2}[:/.]\d{2}|\b(?:19|20)\d\d\b|\|).*$",
    re.IGNORECASE,
)
# Separators between several authors; "and" of the main European languages only in lower case
# ("John E. Smith", "Ana Y. Ruiz").
_SPLIT = re.compile(r"\s*(?:,|;|&|\b(?:and|And|AND|und|et|y|e|og|och|en|ja|и|та)\b|\s/\s|\||·|•)\s*")
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
# Wire agencies whose name follows a writer's in a byline ("Tom Davies Associated Press"); alone, they
# are the author.
_AGENCIES = frozenset(
    name_key(name)
    for name in (
        "Associated Press",
        "AP",
        "Reuters",
        "Agence France-Presse",
        "AFP",
        "Bloomberg",
        "Bloomberg News",
        "Press Association",
        "PA",
        "PA Media",
        "Deutsche Presse-Agentur",
        "dpa",
        "ANSA",
        "EFE",
        "Europa Press",
        "Xinhua",
        "TASS",
        "RIA Novosti",
        "Interfax",
        "Kyodo",
        "Kyodo News",
        "Yonhap",
        "NTB",
        "Ritzau",
        "TT",
        "ANP",
        "Belga",
        "APA",
        "Keystone-SDA",
        "SDA",
        "Lusa",
        "PAP",
        "ČTK",
        "MTI",
        "AAP",
        "Canadian Press",
        "The Canadian Press",
        "UPI",
        "United Press International",
        "CNN",
        "BBC",
        "KNA",
        "epd",
    )
)
# Credentials written after a name ("Rachael Link, MS, RD"; "Jane Doe MD").
_CREDENTIALS = frozenset(
    """ms ma ba bs bsc msc rd rdn ld ldn md do phd mph rn np pa pac cpt cscs dvm jd mba cfa cpa esq facs dds
    pharmd lcsw cns cde cdces ibclc acsm nasm ceo""".split()
)
# Words that name the newsroom, not a writer.
_NEWSROOM = re.compile(
    r"^(?:reports?|reporting|staff|team|desk|newsroom|newsdesk|redaktion(?:en)?|redaksjonen|redaktionen"
    r"|redacción|rédaction|redazione|redactie|redação|редакция)$",
    re.IGNORECASE,
)
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


def _bare(word: str) -> str:
    """A word without dots, commas and hyphens, lower-cased, for comparing with word lists."""
    return word.strip(".,").replace(".", "").replace("-", "").casefold()


def _is_credential(word: str) -> bool:
    """True for a credential after a name, written as one ("MD", "PhD", "RDN"): "Ma" and "Do" are surnames."""
    return _bare(word) in _CREDENTIALS and (sum(char.isupper() for char in word) >= 2 or _bare(word) == "esq")


def _strip_tail(words: list[str], outlets: frozenset[str]) -> list[str]:
    """The name without what bylines add after it: credentials, weekdays, the outlet or agency, a
    place in capitals ("Jeff Foust Monday", "Kevin McCoy USA TODAY", "Selin Kaya ISTANBUL")."""
    changed = True
    while changed and len(words) > 1:
        changed = False
        if _is_credential(words[-1]) or words[-1].casefold() in weekday_names():
            words = words[:-1]
            changed = True
            continue
        for size in range(min(4, len(words) - 1), 0, -1):
            tail = words[-size:]
            key = name_key(" ".join(tail))
            # In capitals after a name in ordinary case ("Kevin McCoy USA TODAY"; not "JOHN SMITH").
            shouted = not words[-size - 1].isupper() and all(
                word.isupper() and sum(char.isalpha() for char in word) >= 2 for word in tail
            )
            if key in _AGENCIES or key in outlets or (shouted and (size > 1 or is_place(" ".join(tail)))):
                words = words[:-size]
                changed = True
                break
    return words


def is_place(name: str) -> bool:
    """True if the name is a country, region or city of the entity lexicon ("U.S.", "ISTANBUL")."""
    known = lexicon().known.get(name_key(name))
    return known is not None and known.type == "place"


def _clean_name(part: str, outlets: frozenset[str]) -> str | None:
    """One author name, tidied, or None if the part is not a name."""
    part = _LEAD.sub("", part)
    part = part.strip(" \t\r\n.:;,-–—()[]\"'“”‘’*•|/")
    if not part or _JUNK.search(part) or _NEWSROOM.match(part):
        return None
    words = part.split()
    if all(_is_credential(word) for word in words):
        return None
    words = _strip_roles(_strip_tail(words, outlets))
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


def clean_authors(raw: Iterable[str], outlets: Iterable[str] = ()) -> tuple[str, ...]:
    """Distinct author names, in order, from raw bylines or metadata values; `outlets` are the names
    of the site or outlet, dropped where a byline adds them to a writer's name."""
    outlet_keys = frozenset(name_key(outlet) for outlet in outlets if outlet)
    names: dict[str, str] = {}
    for value in raw:
        if not value:
            continue
        text = " ".join(str(value).split())
        text = _LEAD.sub("", text)
        text = _TAIL.sub("", text)
        parts = [name for name in (_clean_name(part, outlet_keys) for part in _SPLIT.split(text)) if name]
        # An agency beside writers is where they work ("Jane Doe, Reuters"); alone, it is the author.
        people = [name for name in parts if name_key(name) not in _AGENCIES and name_key(name) not in outlet_keys]
        for name in people or parts:
            names.setdefault(name.casefold(), name)
            if len(names) >= _MAX_AUTHORS:
                return tuple(names.values())
    return tuple(names.values())
