"""Canonical names: comparison keys and alias tests, shared by extraction and the index."""

from __future__ import annotations

import functools
import re
import unicodedata

# Dots vanish ("U.S." ~ "US"), hyphens and curly apostrophes become plain separators
# ("AL-AIN" ~ "Al Ain").
_KEY_TABLE = str.maketrans({".": "", "\u2019": "'", "\u2018": "'", "-": " ", "\u2010": " ", "\u2011": " "})
_SPACES = re.compile(r"\s+")
_POSSESSIVE = re.compile(r"['\u2019]s?$")
_GENERATIONAL_SUFFIXES = frozenset({"jr", "sr", "ii", "iii", "iv"})


@functools.lru_cache(maxsize=65536)
def name_key(name: str) -> str:
    """The comparison key of a name: case, accents, dots, hyphens and a possessive ignored.

    `name_key("Russia's") == name_key("RUSSIA") == "russia"`; `name_key("Al-Ain") == "al ain"`.
    """
    key = name.translate(_KEY_TABLE)
    if not key.isascii():
        decomposed = unicodedata.normalize("NFKD", key)
        key = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    key = _POSSESSIVE.sub("", key.strip())
    return _SPACES.sub(" ", key).strip().casefold()


def person_key(name: str) -> str:
    """The comparison key of a person's name with middle initials left out: "carl icahn" for
    "Carl C. Icahn", "george bush" for "George W Bush"."""
    words = name_key(name).split()
    if len(words) > 2:
        words = [words[0], *(word for word in words[1:-1] if len(word) > 1), words[-1]]
    return " ".join(words)


def key_tokens(name: str) -> tuple[str, ...]:
    """The words of a name's key: `("mikhail", "ulyanov")`."""
    return tuple(name_key(name).split())


def _without_suffix(tokens: tuple[str, ...]) -> tuple[str, ...]:
    """A full name's key words without a generational suffix ("patrick w carlineo jr")."""
    if len(tokens) > 2 and tokens[-1] in _GENERATIONAL_SUFFIXES:
        return tokens[:-1]
    return tokens


def surname_key(key: str) -> str:
    """The last word of a name key, a generational suffix aside: "carlineo" for "patrick carlineo jr"."""
    return _without_suffix(tuple(key.split()))[-1]


def is_short_form(short: str, full: str) -> bool:
    """Whether `short` names the same person as `full` by its last words ("Ulyanov",
    "Abbas Araghchi" for "Seyed Abbas Araghchi"; "Carlineo" for "Patrick W. Carlineo Jr.")."""
    short_tokens = key_tokens(short)
    full_tokens = key_tokens(full)
    if 0 < len(short_tokens) < len(full_tokens) and full_tokens[-len(short_tokens) :] == short_tokens:
        return True
    full_tokens = _without_suffix(full_tokens)
    return 0 < len(short_tokens) < len(full_tokens) and full_tokens[-len(short_tokens) :] == short_tokens


def matches_acronym(acronym: str, words: list[str]) -> bool:
    """Whether an acronym spells the initials of a name's words, the initials of small
    lowercase words being optional: "JCPOA" and "JCPA" both fit "Joint Comprehensive Plan of
    Action"; every capitalised word must be used."""
    letters = acronym.replace(".", "").upper()
    words = [part for word in words for part in word.split("-") if part]  # "Inter-American"
    if len(letters) < 2 or len(words) < 2:
        return False

    @functools.cache
    def fits(i: int, j: int) -> bool:
        """Whether letters[i:] spell the initials of words[j:], lowercase words optional."""
        if j == len(words):
            return i == len(letters)
        word = words[j]
        if i < len(letters) and word[:1].upper() == letters[i] and fits(i + 1, j + 1):
            return True
        return word[:1].islower() and fits(i, j + 1)

    return fits(0, 0)


def base_forms(word: str, endings: tuple[str, ...]) -> list[str]:
    """A word without each case ending it may carry, longest ending first ("Путина" -> "Путин"),
    leaving at least three letters."""
    lower = word.lower()
    return [word[: -len(ending)] for ending in endings if lower.endswith(ending) and len(word) - len(ending) >= 3]


def stem_key(key: str, endings: tuple[str, ...]) -> str:
    """A name key with each word's longest case ending cut off ("марии захаровой" -> "мари захаров")."""
    if not endings:
        return key
    folded = folded_endings(endings)
    return " ".join((base_forms(word, folded) or [word])[0] for word in key.split())


@functools.cache
def folded_endings(endings: tuple[str, ...]) -> tuple[str, ...]:
    """Case endings folded as name keys fold letters ("ей" -> "еи"), longest first."""
    return tuple(sorted({name_key(ending) for ending in endings}, key=len, reverse=True))
