"""Titles, roles and nationalities before a person's name, and how they are cut off it.

"Russian Deputy Foreign Minister Sergei Ryabkov" is the nationality "Russian", the role
"Deputy Foreign Minister" and the person "Sergei Ryabkov".
"""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping
from dataclasses import dataclass

from newsbrowse.extract.context import COMMON_RANK, MINOR_PLACES, TextFacts
from newsbrowse.extract.languages import language_rules
from newsbrowse.extract.lexicon import Known, Lexicon, lexicon
from newsbrowse.extract.names import name_key
from newsbrowse.extract.runs import ABBREVIATIONS, Token

# A title this rare as an English word may be a given name ("Amir"); "King" never is.
_TITLE_AS_WORD_RANK = 10_000
# Endings of words that describe a person rather than name one: "Blairite", "Sprinters",
# "Zealander", "Marxist", "Parisian".
_DESCRIPTOR_ENDINGS = re.compile(r"(?:ites?|ists?|ers?|ians?)$")
# Connectors that join the words of one name, and never stand inside or just before a person's.
_JOINING = frozenset("of for and & the in on".split())
# Words that qualify a role in time and never open a name ("Former Worldcom boss").
_TEMPORAL = frozenset("former ex late outgoing incoming acting interim".split())
# Misspelt titles ("Secertary", "Minsiter") are found among title words this long.
_FUZZY_TITLE_LENGTH = 5
# A compound this long may end in a role title ("Premierminister"), whose own length is at least two less.
_COMPOUND_LENGTH = 7


@dataclass(slots=True)
class TitleCut:
    """A segment with its leading titles cut off.

    `known`: listed names before the titles (nationality, country), to record first;
    `before`: words before the titles that may be a name of their own; `role`: the titles
    ("" for an honorific alone, None for none); `place`: a place right before a given name
    ("Russia Kazem Jalali"); `name`: what is left; `pending`: titles with no name after them
    yet ("Iranian Ambassador" ... "to Russia Kazem Jalali"), with where they end.
    """

    name: list[Token]
    role: str | None = None
    place: list[Token] | None = None
    known: tuple[tuple[list[Token], Known], ...] = ()
    before: list[Token] | None = None
    pending: tuple[str, int] | None = None


def title_kind(lex: Lexicon, token: Token) -> str | None:
    """The kind of title a word is ("role", "honorific", "modifier", "portfolio"), or None;
    "Major-General" is a role."""
    if token.connector:
        return None
    return word_title_kind(lex, token.lower.rstrip("."))


def word_title_kind(lex: Lexicon, word: str) -> str | None:
    """`title_kind` of a lowercase word; in a compounding language a word ending in a role
    title is one ("premierminister", "regierungssprecher")."""
    kind = lex.titles.get(word)
    if kind is None and "-" in word:
        kinds = [lex.titles.get(part) for part in word.split("-")]
        if all(kinds):
            kind = "role" if "role" in kinds else kinds[-1]
    compound = kind is None and lex.language.compounds and len(word) > _COMPOUND_LENGTH
    if compound and word.endswith(_role_suffixes(lex.language.code)):
        kind = "role"
    return kind


@functools.cache
def _role_suffixes(code: str) -> tuple[str, ...]:
    """The role titles of a language long enough to end a compound ("minister", "sprecher")."""
    rules = language_rules(code)
    return tuple(
        sorted(word for word, kind in rules.titles.items() if kind == "role" and len(word) >= _COMPOUND_LENGTH - 2)
    )


def _is_generic(lex: Lexicon, token: Token) -> bool:
    """Whether a capitalised word is an ordinary word that may qualify a title
    ("Financial Secretary", "Privatisation Minister")."""
    word = token.lower.rstrip(".")
    return (
        lex.common_rank.get(word, COMMON_RANK) < COMMON_RANK
        and name_key(token.text) not in lex.known
        and word not in lex.org_words
    )


def org_inside(lex: Lexicon, tokens: list[Token]) -> bool:
    """Whether a word of an organisation's name ("Ministry", "Party") is among tokens."""
    return any(not t.connector and t.lower.rstrip(".") in lex.org_words for t in tokens)


def _given_not_title(lex: Lexicon, tokens: list[Token]) -> bool:
    """Whether a title that is also an uncommon English word and a given name ("Amir",
    "Emir", "Sultan") is the given name, before a lone surname: "Amir Hosseini" is a
    person's full name, "Emir Tamim" (two given names) a title and a name."""
    title, name = tokens
    return (
        title.text in lex.given_names
        and title.text.rstrip(".") not in ABBREVIATIONS  # "Maj Smith", "Gen. Lee"
        and lex.common_rank.get(title.lower, COMMON_RANK) >= _TITLE_AS_WORD_RANK
        and name.text not in lex.given_names
        and not name.text.isupper()
    )


def bare_name(name: str, titles: Mapping[str, str]) -> str:
    """A typed name without the titles before it (`titles`: a Lexicon's): "Lena Hartmann" for "Dr. Lena
    Hartmann", "Tony Blair" for "Prime Minister Tony Blair"; "General Motors" has no title (a modifier
    alone is none), and a name that is only titles stays as it is."""
    words = name.split()
    cut = 0
    for index, word in enumerate(words[:-1]):
        kind = titles.get(word.lower().rstrip("."))
        if kind is None:
            break
        if kind in ("role", "honorific"):
            cut = index + 1
    return " ".join(words[cut:])


@functools.cache
def _title_deletions() -> frozenset[str]:
    """Every title word of roles and honorifics, long enough to misspell, with each of its letters
    deleted in turn (a word one deletion, transposition or substitution away shares one)."""
    titles = lexicon().titles.items()
    words = [
        word for word, kind in titles if kind in ("role", "honorific", "modifier") and len(word) >= _FUZZY_TITLE_LENGTH
    ]
    return frozenset(word[:i] + word[i + 1 :] for word in words for i in range(len(word))) | frozenset(words)


def misspelt_title(lex: Lexicon, word: str) -> bool:
    """Whether a word no list knows is a title word misspelt ("Secertary", "Minsiter", "Presidnet")."""
    return _misspelt(word.lower())


@functools.lru_cache(maxsize=16384)
def _misspelt(lower: str) -> bool:
    """misspelt_title for a lowercase word, remembered."""
    lex = lexicon()
    if len(lower) < _FUZZY_TITLE_LENGTH or lower in lex.common_rank or not lower.isalpha():
        return False
    deletions = _title_deletions()
    return lower in deletions or any(lower[:i] + lower[i + 1 :] in deletions for i in range(len(lower)))


def _describes(facts: TextFacts, token: Token) -> bool:
    """Whether a capitalised word before a full name describes the person rather than names them:
    a common English word, a title (even misspelt), a nationality or place, a descriptor
    ("Blairite", "Sprinters"), an abbreviation ("MEP"), a pair of capitalised words one of them
    common ("Euro-Sceptic"); never a given name or an initial."""
    lex = facts.lex
    text = token.text.rstrip(".")
    if token.connector:
        return True
    if text in lex.given_names or (len(text) == 1 and text.isupper()):
        return False
    lower = text.lower()
    if lex.common_rank.get(lower, COMMON_RANK) < COMMON_RANK or lower in lex.titles or name_key(text) in lex.known:
        return True
    if text.isupper() and len(text) > 1:
        return True
    if "-" in text:
        parts = text.split("-")
        return all(part[:1].isupper() for part in parts) and any(
            lex.common_rank.get(part.lower(), COMMON_RANK) < COMMON_RANK for part in parts
        )
    return misspelt_title(lex, text) or _descriptor(token, lex)


def title_like(lex: Lexicon, token: Token) -> bool:
    """Whether a word is a title word, in the singular or plural, or one misspelt."""
    word = token.lower.rstrip(".")
    return word in lex.titles or word.rstrip("s") in lex.titles or misspelt_title(lex, token.text)


def _descriptor(token: Token, lex: Lexicon) -> bool:
    """Whether a word only describes a person: "Blairite", "Sprinters", "Euro-Sceptic"."""
    lower = token.lower.rstrip(".")
    if "-" in lower:
        return any(part in lex.common_rank for part in lower.split("-"))
    return (
        len(lower) > 5
        and token.text not in lex.given_names
        and token.text not in lex.surnames
        and lex.common_rank.get(lower, COMMON_RANK) >= COMMON_RANK  # "White", "Power" are no descriptors
        and _DESCRIPTOR_ENDINGS.search(lower) is not None
    )


def described_kind(facts: TextFacts, tokens: list[Token]) -> str:
    """What words cut before a full name are: "name" (an organisation or place of their own:
    "Office of Management and Budget", "Manchester United"), "title" ("Treasury Secertary"), or
    "descriptor" ("Blairite", "Sprinters", "Fullback") to drop."""
    lex = facts.lex
    words = [t for t in tokens if not t.connector]
    if not words or org_inside(lex, words):
        return "name"
    if title_like(lex, words[-1]) or (facts.longest_known(words, 0) is None and any(title_like(lex, t) for t in words)):
        return "title"  # a role ends with its head: "White House Budget Chief", "Treasury Secertary"
    if facts.longest_known(words, 0) is not None:
        return "name"
    if all(_descriptor(t, lex) for t in words):
        return "descriptor"
    if len(words) == 1 and lex.common_rank.get(words[0].lower, COMMON_RANK) < COMMON_RANK:
        return "descriptor"  # one ordinary word: "Fullback", "Underwriter"
    return "name"


def _person_rest(facts: TextFacts, tokens: list[Token], index: int) -> bool:
    """Whether tokens[index:] can be a person's full name on its own: a given name and at most
    three more words, none of an organisation, and no listed name running across the cut
    ("New York Stock Exchange", "Los Angeles Dodgers")."""
    lex = facts.lex
    rest = tokens[index:]
    if len(rest) < 2 or len(rest) > 4 or rest[-1].connector or org_inside(lex, rest):
        return False
    if tokens[index - 1].lower in _JOINING or any(t.lower in _JOINING for t in rest):
        return False  # "Academy of Marine Arts and Sciences": one name, no person in it
    if name_key(facts.span(rest)) in lex.known or not facts.given_not_place(rest[0].text, rest[-1].text):
        return False
    for start in range(index):
        known = facts.longest_known(tokens, start)
        if known is not None and known[0] > index:
            return False
    return True


def cut_descriptors(facts: TextFacts, tokens: list[Token]) -> tuple[list[Token], list[Token]]:
    """Cut the words glued before a person's full name that describe rather than name them
    ("Liberal Democrat Charles Kennedy", "Treasury Secertary James Baker", "Office of Management
    and Budget James Miller"): returns (the words cut, the name). Only when a given name opens
    what is left and a surname follows it, or when what is left is one word the text writes
    after a given name elsewhere ("Euro-Sceptic Kilroy-Silk" beside "Robert Kilroy-Silk")."""
    lex = facts.lex
    given = lex.given_names
    if len(tokens) < 2 or (tokens[0].text in given and tokens[0].lower not in lex.titles):
        return [], tokens  # a full name opening with a given name, the common case: nothing to cut
    index = next((i for i in range(1, len(tokens)) if tokens[i].text in given and not tokens[i].connector), 0)
    if index:
        if _person_rest(facts, tokens, index) and all(_describes(facts, t) for t in tokens[:index]):
            return tokens[:index], tokens[index:]
        return [], tokens
    first, last = tokens[0], tokens[-1]
    if (
        len(tokens) == 2
        and (_descriptor(first, lex) or title_like(lex, first))
        and facts.follows_given_name(last.text, first.text)
    ):
        return tokens[:1], tokens[1:]
    return [], tokens


def cut_titles(facts: TextFacts, tokens: list[Token]) -> TitleCut:
    """Cut leading nationalities, places and titles off a person's name.

    "Russian Deputy Foreign Minister Sergei Ryabkov" gives known [Russian], role "Deputy
    Foreign Minister" and name [Sergei, Ryabkov]; "Russia Kazem Jalali" gives known and
    place [Russia] and name [Kazem, Jalali].
    """
    lex = facts.lex
    cut = TitleCut(tokens)
    # Leading known names (nationality, country, city) before a title or a given name.
    index = 0
    while index < len(tokens) - 1:
        match = facts.longest_known(tokens, index)
        if match is None or match[0] >= len(tokens):
            break
        end, known = match
        following = tokens[end]
        follows_title = title_kind(lex, following) is not None
        follows_name = following.text in lex.given_names and name_key(following.text) not in lex.known
        # A place in a case ending is no part of the name after it ("России Владимир Путин").
        inflected = (
            end == index + 1 and known.kind not in MINOR_PLACES and name_key(tokens[index].text) != name_key(known.name)
        )
        if not (follows_title or follows_name or inflected or known.kind == "demonym"):
            break
        rest = tokens[end:]
        if org_inside(lex, rest) and not any(title_kind(lex, t) in ("role", "honorific") for t in rest):
            break  # "U.S. Agriculture Department", "Iranian Foreign Ministry"
        cut.known += ((tokens[index:end], known),)
        if (follows_name or inflected) and known.type == "place":
            cut.place = tokens[index:end]
        index = end
    tokens = tokens[index:]
    kinds = [title_kind(lex, token) for token in tokens]
    if len(tokens) > 1 and tokens[0].lower in _TEMPORAL and not any(k in ("role", "honorific") for k in kinds):
        # "Former Worldcom boss ...": the word qualifies a role the text gives in lowercase.
        tokens, kinds = tokens[1:], kinds[1:]
        cut.name = tokens
    if len(tokens) == 2 and kinds[0] == "role" and kinds[1] is None and _given_not_title(lex, tokens):
        kinds[0] = None
    if all(kind is not None or token.connector for kind, token in zip(kinds, tokens, strict=True)) and any(
        kind in ("role", "honorific") for kind in kinds
    ):
        # Only titles ("Iranian Ambassador"): the name may follow ("... to Russia Kazem Jalali").
        cut.pending = (facts.span(tokens), tokens[-1].end)
        cut.name = []
        return cut
    if kinds[0] == "role" and len(tokens) > 2 and tokens[1].lower == "of":
        if len(tokens) > 3 and kinds[2] in ("portfolio", "modifier") and tokens[3].text in lex.given_names:
            cut.role, cut.name = facts.span(tokens[:3]), tokens[3:]  # "Secretary of State Mike Pompeo"
            return cut
        described, name = cut_descriptors(facts, tokens[2:])
        if described:  # "Chancellor of the Exchequer Gordon Brown"
            cut.role, cut.name = facts.span(tokens[: 2 + len(described)]), name
        else:
            cut.name = tokens[2:]  # "Archbishop of Cape Town": the see, not a person
        return cut
    # The last role or honorific that a name follows: "Cofinec CEO Stephen Frater".
    last = None
    for position in range(len(tokens) - 1):
        if kinds[position] in ("role", "honorific") and not tokens[position + 1].connector:
            last = position
    if last is None or org_inside(lex, tokens[last + 1 :]):
        cut.name = tokens  # "Major League Baseball"
        return cut
    first = last
    while first > 0 and (
        tokens[first - 1].connector or kinds[first - 1] is not None or _is_generic(lex, tokens[first - 1])
    ):
        first -= 1
    while first < last and tokens[first].connector:
        first += 1
    cut.before = tokens[:first]
    titles = tokens[first : last + 1]
    honorific_only = all(kinds[first + i] in ("honorific", None) for i in range(len(titles)))
    cut.role = "" if honorific_only else facts.span(titles)
    cut.name = tokens[last + 1 :]
    if len(cut.name) > 1 and lex.language.endings:
        # "Президент России Владимир Путин": the country the role is of, in a case ending.
        country = facts.inflected_known(cut.name[:1])
        if country is not None and country.kind not in MINOR_PLACES:
            cut.known += ((cut.name[:1], country),)
            cut.name = cut.name[1:]
    return cut
