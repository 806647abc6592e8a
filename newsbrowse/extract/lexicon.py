"""The word lists behind entity extraction, loaded once, lazily, from the package's data folder.

The titles and the canonical names load on their own as well: looking a name up in the
store needs only them, not every list."""

from __future__ import annotations

import dataclasses
import functools
from dataclasses import dataclass
from importlib import resources

from newsbrowse.extract.languages import ENGLISH, Language, language_code, language_rules
from newsbrowse.extract.names import base_forms, folded_endings, name_key, stem_key
from newsbrowse.model import EntityType


@dataclass(frozen=True, slots=True)
class Known:
    """A name found in a list: how to write it and what it is."""

    name: str
    type: EntityType
    kind: str  # country, capital, city, region, state, continent, demonym, known, canonical


@dataclass(frozen=True, slots=True)
class Lexicon:
    """Every word list, keyed for fast lookups (lowercase words; `name_key` for names)."""

    function_words: frozenset[str]
    titles: dict[str, str]
    given_names: frozenset[str]
    given_gender: dict[str, str]  # "m" or "f" for the given names whose gender is clear
    surnames: frozenset[str]
    east_asian_surnames: frozenset[str]
    org_words: frozenset[str]
    org_heads: frozenset[str]
    other_words: frozenset[str]
    common_rank: dict[str, int]
    known: dict[str, Known]
    boilerplate: frozenset[str]
    longest_known: int
    known_openers: frozenset[str]  # the first word of every listed name's key
    # Across an archive: each name of a well-known entity ("uk", "britain") -> its canonical entry.
    canonical: dict[str, Known]
    # The language whose words were added to the English lists (English itself: none).
    language: Language = ENGLISH
    # In a language with case endings, countries and capitals by their stems ("малаизи" -> Малайзия).
    known_stems: dict[str, Known] = dataclasses.field(default_factory=dict)


def _lines(name: str) -> list[str]:
    """The non-comment, non-empty lines of a data file."""
    text = resources.files("newsbrowse.extract").joinpath("data", name).read_text(encoding="utf-8")
    return [line for line in text.splitlines() if line and not line.startswith("#")]


# A place is found by its stem ("малайзи" for "Малайзией") only when the stem is this long.
_MIN_STEM = 5


def lexicon(language: str | None = None) -> Lexicon:
    """The word lists for a language (an ISO 639-1 tag; English for None), loaded once per process."""
    code = language_code(language)
    return _base() if code == "en" else _with_language(code)


@functools.cache
def _with_language(code: str) -> Lexicon:
    """The English lists with a language's own words added: its function words, titles,
    organisation words and the places its countries name in it."""
    base = _base()
    rules = language_rules(code)
    known = dict(base.known)
    major: set[str] = set()
    stems: dict[str, Known] = {}
    for name, kind in local_places(code):
        key = name_key(name)
        entry = known.setdefault(key, Known(name, "place", kind))
        if kind in ("country", "capital"):
            major.add(key)
            if entry.kind == "demonym":
                entry = known[key] = Known(name, "place", kind)  # "Roma" is Rome in Italian
            # Only countries and capitals by their stems, and long ones: "Марией" is no "Мари".
            for stem in {stem_key(key, rules.endings), *base_forms(key, folded_endings(rules.endings))} - {key}:
                if len(stem) >= _MIN_STEM:
                    stems.setdefault(stem, entry)
    return dataclasses.replace(
        base,
        # Stop-word lists hold a few names ("москва"): a country or capital stays a place.
        function_words=base.function_words | (rules.function_words - major),
        titles={**base.titles, **rules.titles},
        org_words=base.org_words | rules.org_words,
        org_heads=base.org_heads | rules.org_heads,
        known=known,
        longest_known=max(key.count(" ") + 1 for key in known),
        known_openers=frozenset(key.split(" ", 1)[0] for key in known),
        language=rules,
        known_stems=stems,
    )


def local_places(code: str) -> list[tuple[str, str]]:
    """The places named in a language beyond the English gazetteer ("Norge", "København",
    "Snåsa"): (name, kind) from places_local.tsv, whose last column lists the languages."""
    return [(name, kind) for name, kind, codes in _local_places() if code in codes or "*" in codes]


@functools.cache
def _local_places() -> tuple[tuple[str, str, frozenset[str]], ...]:
    """Every row of places_local.tsv: name, kind and the language codes it serves ("*": all but English)."""
    rows = []
    for line in _lines("places_local.tsv"):
        name, kind, codes = line.split("\t")
        rows.append((name, kind, frozenset(codes.split(","))))
    return tuple(rows)


@functools.cache
def titles() -> dict[str, str]:
    """The English titles by lowercase word, with their kind ("role", "honorific", ...), loaded once per process
    (shared with the Lexicon: not to be changed)."""
    return dict(line.split("\t") for line in _lines("titles.txt"))


@functools.cache
def canonical() -> dict[str, Known]:
    """Each name of a well-known entity ("uk", "britain", by `name_key`) -> its canonical entry, loaded once per
    process (shared with the Lexicon: not to be changed)."""
    found: dict[str, Known] = {}
    for line in _lines("canonical.tsv"):
        name, type_, *others = line.split("\t")
        entry = Known(name, type_, "canonical")  # type: ignore[arg-type]
        for form in [name, *(others[0].split("|") if others else [])]:
            found[name_key(form)] = entry
    return found


@functools.cache
def _base() -> Lexicon:
    """Load every data file (once per process): the English lists."""
    known: dict[str, Known] = {}
    for word in _lines("demonyms.txt"):
        known[name_key(word)] = Known(word, "other", "demonym")
    for line in _lines("places.tsv"):
        name, kind = line.split("\t")
        known[name_key(name)] = Known(name, "place", kind)
    for line in _lines("known_names.txt"):
        name, type_ = line.split("\t")
        known[name_key(name)] = Known(name, type_, "known")  # type: ignore[arg-type]
    given = [line.split("\t") for line in _lines("given_names.txt")]
    east_asian = frozenset(" ".join(_lines("east_asian_surnames.txt")).split())
    return Lexicon(
        function_words=frozenset(_lines("function_words.txt")),
        titles=titles(),
        given_names=frozenset(name for name, _ in given),
        given_gender={name: gender for name, gender in given if gender != "u"},
        surnames=frozenset(_lines("surnames.txt")),
        east_asian_surnames=east_asian,
        org_words=frozenset(_lines("org_words.txt")),
        org_heads=frozenset(_lines("org_heads.txt")),
        other_words=frozenset(_lines("other_words.txt")),
        common_rank={word: rank for rank, word in enumerate(_lines("common_words.txt"))},
        known=known,
        boilerplate=frozenset(name_key(line) for line in _lines("boilerplate.txt")),
        longest_known=max(key.count(" ") + 1 for key in known),
        known_openers=frozenset(key.split(" ", 1)[0] for key in known),
        canonical=canonical(),
    )
