"""Language codes: normalise declared tags ("en-US" -> "en") and guess from script and stopwords."""

from __future__ import annotations

import re
from collections import Counter

_PRIMARY = re.compile(r"[a-z]{2,3}")
# Tags that are no language at all.
_NOT_LANGUAGES = frozenset({"und", "mul", "zxx", "mis", "xx"})
# Charset names that pages put in their Content-Language by mistake ("utf-8").
_CHARSET = re.compile(r"utf|iso|windows|cp\d|ascii|us-ascii|gb\d|gbk|big5|koi8|euc|shift|latin", re.IGNORECASE)
_SAMPLE_CHARS = 3000
_WORD = re.compile(r"[^\W\d_]+")

# Scripts that (nearly) identify a language: (first code point, last code point, language).
_SCRIPTS: tuple[tuple[int, int, str], ...] = (
    (0x3040, 0x30FF, "ja"),  # hiragana, katakana
    (0xAC00, 0xD7AF, "ko"),  # hangul syllables
    (0x1100, 0x11FF, "ko"),
    (0x0E00, 0x0E7F, "th"),
    (0x0590, 0x05FF, "he"),
    (0x0370, 0x03FF, "el"),
    (0x0900, 0x097F, "hi"),  # devanagari
    (0x0980, 0x09FF, "bn"),
    (0x0B80, 0x0BFF, "ta"),
    (0x10A0, 0x10FF, "ka"),
    (0x0530, 0x058F, "hy"),
)
_HAN = (0x4E00, 0x9FFF)
_ARABIC = (0x0600, 0x06FF)
_CYRILLIC = (0x0400, 0x04FF)
# Letters only Persian / Ukrainian use within their scripts.
_PERSIAN_LETTERS = frozenset("پچژگی")
_UKRAINIAN_LETTERS = frozenset("іїєґ")

# The most frequent function words of languages written in Latin script.
_STOPWORDS: dict[str, frozenset[str]] = {
    lang: frozenset(words.split())
    for lang, words in {
        "en": "the and of to in is that for it was on with as by he said his at from are be has have",
        "de": "der die und das ist nicht zu den mit sich des auf für ein eine dem im von wird sie auch",
        "fr": "le la les et des est une du que dans un pour qui pas sur au par avec il sont ce",
        "es": "el la de que y en los del las un por con una para se es al lo como más pero",
        "it": "il di che è la per un una non del della con sono gli le si dei nel anche",
        "pt": "de que não da em um uma para com os do no na por mais as dos ao ele foi",
        "nl": "de het een en van is dat op te niet zijn voor met die aan er ook als bij",
        "tr": "ve bir bu da de için ile olarak çok daha gibi en olan ama sonra kadar",
        "id": "yang dan di ini itu dengan untuk dari dalam tidak akan pada juga ada oleh",
        "vi": "của và là các có những được trong cho không một người đã với này",
        "pl": "i w nie na się jest że do to z jak po co ale tak od przez",
        "sv": "och att det som en på är av för med till den har inte om ett",
    }.items()
}


def normalize_language(tag: str | None) -> str | None:
    """The lowercase primary subtag of a language tag or locale ("en-US", "pt_BR" -> "pt"), or None."""
    if not tag or _CHARSET.match(tag.strip()):
        return None
    primary = re.split(r"[-_\s.]", tag.strip().lower(), maxsplit=1)[0]
    if not _PRIMARY.fullmatch(primary) or primary in _NOT_LANGUAGES:
        return None
    return primary


def _script_language(sample: str) -> str | None:
    """The language a non-Latin script points to, when letters of one script dominate."""
    counts: Counter[str] = Counter()
    letters = 0
    for char in sample:
        if not char.isalpha():
            continue
        letters += 1
        code = ord(char)
        if code < 0x0370:
            counts["latin"] += 1
        elif _CYRILLIC[0] <= code <= _CYRILLIC[1]:
            counts["uk" if char.lower() in _UKRAINIAN_LETTERS else "cyrillic"] += 1
        elif _ARABIC[0] <= code <= _ARABIC[1]:
            counts["fa" if char in _PERSIAN_LETTERS else "arabic"] += 1
        elif _HAN[0] <= code <= _HAN[1]:
            counts["han"] += 1
        else:
            for first, last, lang in _SCRIPTS:
                if first <= code <= last:
                    counts[lang] += 1
                    break
    if not letters:
        return None
    if counts["ja"] > 0.05 * letters:
        return "ja"
    cyrillic = counts["cyrillic"] + counts["uk"]
    arabic = counts["arabic"] + counts["fa"]
    groups = {"cyrillic": cyrillic, "arabic": arabic, "han": counts["han"]}
    groups.update({lang: counts[lang] for _, _, lang in _SCRIPTS})
    script, count = max(groups.items(), key=lambda item: item[1])
    if count < 0.5 * letters:
        return None
    if script == "cyrillic":
        return "uk" if counts["uk"] > 0.01 * cyrillic else "ru"
    if script == "arabic":
        return "fa" if counts["fa"] > 0.02 * arabic else "ar"
    if script == "han":
        return "zh"
    return script


def guess_language(text: str) -> str | None:
    """A best guess at the language of `text` from its script, else its commonest function words."""
    sample = text[:_SAMPLE_CHARS]
    by_script = _script_language(sample)
    if by_script is not None:
        return by_script
    words = Counter(word.lower() for word in _WORD.findall(sample))
    if sum(words.values()) < 5:
        return None
    scores = {lang: sum(words[w] for w in stop) for lang, stop in _STOPWORDS.items()}
    lang, score = max(scores.items(), key=lambda item: item[1])
    return lang if score >= 3 else None
