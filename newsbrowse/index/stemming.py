"""Words reduced to their stems by language (Snowball, through PyStemmer), and the forms names keep.

An article's words are indexed as the stems of its language ("rates", "rating" -> "rate"),
so that a query finds the other forms of its words; a query is stemmed for each language the
archive holds. Words an article uses as names (capitalised inside a sentence) are not stemmed
but indexed as written with a mark (`name_term`), so "Davis" and "Davi" never meet in one
stem and a query for "Williams" does not find "William" (in German, which capitalises every
noun, no word is taken for a name). Words of languages without a Snowball stemmer are
indexed as written.

Stems are cached per language and distinct word: an article's words are mostly words seen
before, and a dictionary lookup costs a tenth of a call into the stemmer.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

import Stemmer

# The mark a name's written form carries in the index: no word the analyser finds holds it.
NAME_MARK = "="
# ISO 639-1 codes (as newsbrowse stores languages) of the Snowball algorithms PyStemmer ships.
ALGORITHMS = {
    "ar": "arabic",
    "ca": "catalan",
    "cs": "czech",
    "da": "danish",
    "de": "german",
    "el": "greek",
    "en": "english",
    "eo": "esperanto",
    "es": "spanish",
    "et": "estonian",
    "eu": "basque",
    "fa": "persian",
    "fi": "finnish",
    "fr": "french",
    "ga": "irish",
    "hi": "hindi",
    "hu": "hungarian",
    "hy": "armenian",
    "id": "indonesian",
    "it": "italian",
    "lt": "lithuanian",
    "nb": "norwegian",
    "ne": "nepali",
    "nl": "dutch",
    "nn": "norwegian",
    "no": "norwegian",
    "pl": "polish",
    "pt": "portuguese",
    "ro": "romanian",
    "ru": "russian",
    "sr": "serbian",
    "st": "sesotho",
    "sv": "swedish",
    "ta": "tamil",
    "tr": "turkish",
    "yi": "yiddish",
}
# Languages that capitalise every noun: a capital there says nothing about names.
NOUNS_CAPITALISED = frozenset({"de", "lb"})
# A cache that grows past this many words (a long build over many languages) starts again.
MAX_CACHED = 500_000
# A word inside a sentence that does not begin in lower-case ASCII: after a letter, digit, comma or
# closing mark and one space, or after a title written with a full stop ("Mr. Ulyanov"). The first
# letter comes before the look-behinds so that the search skips ahead to candidate letters instead of
# trying the look-behinds at every character; other lower-case letters are dropped by `names_in`.
_INSIDE = re.compile(
    r"[^\W\d_a-z](?:(?<=[\w,)\]%'’] .)|(?<=\bMr\. .)|(?<=\bMs\. .)|(?<=\bDr\. .)|(?<=\bMrs\. .))\w*(?:-\w+)*"
)
# In a title this share of capitalised words or more is title case ("Oil Prices Fall"): no names.
_TITLE_CASE_SHARE = 0.6


class _Stems(dict[str, str]):
    """One language's stems by word, filled on first use."""

    def __init__(self, algorithm: str) -> None:
        super().__init__()
        self.stemmer = Stemmer.Stemmer(algorithm)

    def __missing__(self, word: str) -> str:
        """The stem of a word not seen yet."""
        if len(self) >= MAX_CACHED:
            self.clear()
        stem: str = self.stemmer.stemWord(word)
        self[word] = stem
        return stem


_CACHES: dict[str, _Stems] = {}


def stems_for(language: str | None) -> dict[str, str] | None:
    """The stem cache of a language (a dict: `stems[word]`), None when its words are indexed as written."""
    if not language:
        return None
    code = language.split("-", 1)[0].lower()
    algorithm = ALGORITHMS.get(code)
    if algorithm is None:
        return None
    cache = _CACHES.get(algorithm)
    if cache is None:
        cache = _CACHES[algorithm] = _Stems(algorithm)
    return cache


def stem(word: str, language: str | None) -> str:
    """A (folded) word's stem in a language; the word itself when the language has no stemmer."""
    stems = stems_for(language)
    return word if stems is None else stems[word]


def capitalised_names(language: str | None) -> bool:
    """Whether a capital inside a sentence marks a name in a language (German capitalises every noun)."""
    return not language or language.split("-", 1)[0].lower() not in NOUNS_CAPITALISED


def name_term(word: str) -> str:
    """The indexed term of a (folded) word used as a name: the word as written, marked."""
    return word + NAME_MARK


def is_name_term(term: str) -> bool:
    """Whether an indexed term is a name's written form."""
    return term.endswith(NAME_MARK)


def written(term: str) -> str:
    """The word an indexed term stands for: a name without its mark, a stem as it is."""
    return term[: -len(NAME_MARK)] if term.endswith(NAME_MARK) else term


def query_terms(word: str, languages: Iterable[str | None]) -> list[str]:
    """The terms a query word may be indexed as: its stem in each language, then its form as a name."""
    terms: list[str] = []
    for language in languages:
        term = stem(word, language)
        if term not in terms:
            terms.append(term)
    if not terms:
        terms.append(word)
    terms.append(name_term(word))
    return terms


def names_in(text: str, title: bool = False) -> set[str]:
    """The words a text uses as names, as written: capitalised inside a sentence ("said Davis", "Bill Gates").

    A hyphenated name gives its parts and the parts joined ("Kilroy-Silk": Kilroy, Silk,
    KilroySilk), as the analyser indexes compounds. A title in title case ("Oil Prices
    Fall") says nothing about names and gives none.
    """
    if title:
        words = text.split()
        if len(words) >= 2 and sum(1 for word in words if word[:1].isupper()) >= _TITLE_CASE_SHARE * len(words):
            return set()
    names: set[str] = set()
    for word in _INSIDE.findall(text):
        if not word[0].isupper():
            continue
        if "-" in word:
            parts = word.split("-")
            names.update(parts)
            names.add("".join(parts))
        else:
            names.add(word)
    return names
