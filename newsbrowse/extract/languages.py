"""What entity and quote rules know of each language: function words, titles, verbs of saying.

Function words come from stopwordsiso (with the day and month names of dateparser's locale
data); everything else from the language's file in data/languages/ (see its README). English
is the base that every language adds to: its words and rules live in the files and modules
they always did, and `language_rules("en")` adds nothing.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from importlib import resources
from typing import Any

# Language tags folded to the code of the file and word lists that serve them.
_ALIASES = {"nb": "no", "nn": "no"}
# dateparser names Norwegian by its written standards only.
_DATEPARSER_LOCALES = {"no": "nb"}
MONTH_KEYS = (
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
)
WEEKDAY_KEYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_FLAGS = frozenset({"capitalises_nouns", "compounds", "dash_quotes", "apostrophe_suffixes"})
_TITLE_KINDS = ("role", "honorific", "modifier", "portfolio")


@dataclass(frozen=True, slots=True, eq=False)
class Language:
    """One language's words and switches for the entity and quote rules (empty for English);
    one instance per language, compared and hashed by identity."""

    code: str
    function_words: frozenset[str] = frozenset()
    capitalises_nouns: bool = False  # German: a lone capitalised word needs evidence to be a name
    compounds: bool = False  # "Premierminister": a word ending in a role title is a role
    dash_quotes: bool = False  # "– Det er godt, siger hun.": a paragraph opening with a dash is a quote
    apostrophe_suffixes: bool = False  # "İzmir'in": what follows the apostrophe is a case ending
    titles: dict[str, str] = field(default_factory=dict)
    org_words: frozenset[str] = frozenset()
    org_heads: frozenset[str] = frozenset()
    place_words: frozenset[str] = frozenset()  # words that end a place's name ("Beşyol Mahallesi")
    of_words: frozenset[str] = frozenset()
    and_words: frozenset[str] = frozenset()
    particles: frozenset[str] = frozenset()
    articles: frozenset[str] = frozenset()
    endings: tuple[str, ...] = ()  # longest first
    place_before: frozenset[str] = frozenset()
    say: frozenset[str] = frozenset()
    he: frozenset[str] = frozenset()
    she: frozenset[str] = frozenset()
    him: frozenset[str] = frozenset()
    her: frozenset[str] = frozenset()
    nobody: frozenset[str] = frozenset()
    the: frozenset[str] = frozenset()
    a: frozenset[str] = frozenset()
    according: tuple[tuple[str, ...], ...] = ()  # "laut", ("по", "словам")
    it: frozenset[str] = frozenset()
    aux: frozenset[str] = frozenset()  # "ha" of "ha detto", "a" of "a déclaré"
    surname_endings: tuple[str, ...] = ()  # "Януковича", "Kowalski": a lone word so ending is a surname
    adjective_endings: tuple[str, ...] = ()  # "Высший" of "Высший совет": an adjective opening a name

    @property
    def english(self) -> bool:
        """Whether this is English (or no language known): the rules as they always were."""
        return self.code == "en"


ENGLISH = Language("en")


def language_code(language: str | None) -> str:
    """The code whose rules serve a language tag: "de" for "de-AT", "no" for "nb", "en" for None."""
    if not language:
        return "en"
    code = language.replace("_", "-").split("-", 1)[0].strip().casefold()
    return _ALIASES.get(code, code) or "en"


def _data_lines(code: str) -> list[tuple[str, list[str]]]:
    """The (kind, words) lines of a language's data file; none if it has no file."""
    folder = resources.files("newsbrowse.extract").joinpath("data", "languages")
    path = folder.joinpath(f"{code}.tsv")
    if not path.is_file():
        return []
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line or line.startswith("#"):
            continue
        kind, _, words = line.partition("\t")
        rows.append((kind, words.split()))
    return rows


def _stopwords(codes: list[str]) -> set[str]:
    """The stopwordsiso words of these languages, casefolded."""
    import stopwordsiso

    words: set[str] = set()
    for code in codes:
        if stopwordsiso.has_lang(code):
            words.update(word.casefold() for word in stopwordsiso.stopwords(code))
    return words


def locale_info(code: str) -> dict[str, Any] | None:
    """dateparser's locale data for a language (month and day names, am/pm), or None if it has none."""
    from dateparser.languages.loader import default_loader

    try:
        info: dict[str, Any] = default_loader.get_locale(_DATEPARSER_LOCALES.get(code, code)).info
    except ValueError:
        return None
    return info


def _date_words(code: str) -> set[str]:
    """The language's month and day names (dateparser's locale data), casefolded."""
    info = locale_info(code)
    if info is None:
        return set()
    return {
        name.casefold().rstrip(".")
        for key in (*MONTH_KEYS, *WEEKDAY_KEYS)
        for name in info.get(key, ())
        if len(name) >= 3 and not any(char.isdigit() for char in name)
    }


def language_rules(language: str | None) -> Language:
    """The rules of a language (an ISO 639-1 tag), loaded once per process; English for None."""
    return _rules(language_code(language))


@functools.cache
def _rules(code: str) -> Language:
    """The rules behind one code of `language_code`."""
    if code == "en":
        return ENGLISH
    rows = _data_lines(code)
    words: dict[str, set[str]] = {}
    for kind, values in rows:
        words.setdefault(kind, set()).update(values)
    stop_codes = sorted(words.get("stopwords", {code}))
    function_words = _stopwords(stop_codes) | _date_words(code)
    titles = {word: kind for kind in _TITLE_KINDS for word in words.get(kind, ())}
    flags = words.get("flags", set())
    unknown = flags - _FLAGS
    if unknown:
        raise ValueError(f"data/languages/{code}.tsv: unknown flags {sorted(unknown)}")

    def get(kind: str) -> frozenset[str]:
        """The words of one kind."""
        return frozenset(words.get(kind, ()))

    return Language(
        code,
        function_words=frozenset(function_words),
        capitalises_nouns="capitalises_nouns" in flags,
        compounds="compounds" in flags,
        dash_quotes="dash_quotes" in flags,
        apostrophe_suffixes="apostrophe_suffixes" in flags,
        titles=titles,
        org_words=get("org"),
        org_heads=get("org_head"),
        place_words=get("place"),
        of_words=get("of"),
        and_words=get("and"),
        particles=get("particles"),
        articles=get("article"),
        endings=tuple(sorted(get("endings"), key=len, reverse=True)),
        place_before=get("place_before"),
        say=get("say"),
        he=get("he"),
        she=get("she"),
        him=get("him"),
        her=get("her"),
        nobody=get("nobody"),
        the=get("the"),
        a=get("a"),
        according=tuple(tuple(phrase.split("_")) for phrase in sorted(get("according"))),
        it=get("it"),
        aux=get("aux"),
        surname_endings=tuple(sorted(get("surname_endings"))),
        adjective_endings=tuple(sorted(get("adjective_endings"))),
    )
