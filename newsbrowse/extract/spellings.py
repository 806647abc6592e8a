"""Names across spellings and scripts: the keys by which "Ulyanov", "Ulianov", "Uljanow", "Oulianov" and
"Ульянов", or "Araghchi", "Araqchi" and "عراقچی", are found to be one name.

Two keys, both over a name key (names.name_key: no case, accents or dots):

- `variant_key`: the name transliterated to Latin letters (anyascii) with the usual romanisation
  variants folded: y/j/i before a vowel and after one (Ulyanov, Ulianov, Uljanow; Sergei,
  Sergey, Sergej), kh/ch/h and Russian г for h (Mikhail, Michail; Heydar, Гейдар), q/gh
  (Araqchi, Araghchi), ou/u (Oulianov), w/v and a closing -ff (Lawrow, Rachmaninoff), doubled
  letters (Hassan, Hasan). Two spellings with one variant key are one name.
- `skeleton_keys`: the consonants alone, in classes, for names written in a script without
  short vowels (Arabic, Persian, Hebrew): "عراقچی" and "Araghchi" share "rgc". A skeleton says
  far less than a variant key (Hassan and Hussein share one), so it only proposes a join that
  other evidence must confirm.
"""

from __future__ import annotations

import functools
import re
import unicodedata

from anyascii import anyascii

from newsbrowse.extract.names import name_key

# Romanisation variants, in order, over lowercase Latin letters and spaces.
_VARIANTS: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern), replacement)
    for pattern, replacement in (
        (r"[^a-z ]+", ""),  # apostrophes of soft signs (Ul'yanov), ayn (`Abbas)
        (r"tsch|tch", "ch"),  # Tschaikowski, Tchaikovski: Chaikovsky
        (r"dsch", "j"),  # Dschawad: Javad
        (r"gu(?=[ei])", "g"),  # Serguei: Sergei
        (r"sch", "sh"),
        (r"dzh|dj", "j"),
        (r"zh", "j"),
        (r"kh|ch|gh|h|q", "g"),  # Khamenei Hamenei; Michail Mikhail; Araghchi Araqchi; Heydar Geydar
        (r"ph", "f"),
        (r"th", "t"),
        (r"ck|c", "k"),
        (r"x", "ks"),  # Alexei Aleksei
        (r"w", "v"),
        (r"ff\b", "v"),  # -off, -eff: -ov, -ev
        (r"ou|oo", "u"),
        (r"[yji]+(?=[aeou])", ""),  # ya ja ia; yu ju iu; ye je ie: Ulyanov Uljanow Ulianov, Aliyev Aliev
        (r"[yj]", "i"),  # Sergey Sergej Sergei; Yuriy
        (r"ei", "ai"),  # Heydar Haidar
        (r"([a-z])\1+", r"\1"),  # Hassan Hasan; Yurii Yuri
    )
)

# Consonant classes of the skeleton, for letters of the variant key.
_SKELETON = str.maketrans({"z": "s", "b": "p", "d": "t", "v": "f"})
_VOWELS = re.compile(r"[aeiou]+")

# Arabic-script letters as consonant classes of the variant key's alphabet. Alef, ayn and hamza
# carry no consonant of a romanised name; vav, yeh and heh are consonants or vowels (Rouhani,
# Javad; Heydar, Araghchi; Khamenei), so they stand for both.
_ARABIC: dict[str, str] = {
    "ب": "b", "پ": "p", "ت": "t", "ث": "s", "ج": "j", "چ": "ch", "ح": "h", "خ": "kh", "د": "d", "ذ": "z",
    "ر": "r", "ز": "z", "ژ": "j", "س": "s", "ش": "sh", "ص": "s", "ض": "z", "ط": "t", "ظ": "z", "غ": "gh",
    "ف": "f", "ق": "q", "ک": "k", "ك": "k", "گ": "g", "ل": "l", "م": "m", "ن": "n", "ة": "",
    "ا": "", "آ": "", "أ": "", "إ": "", "ٱ": "", "ع": "", "ء": "", "ئ": "", "ؤ": "v",
}  # fmt: skip
_EITHER = {"و": "v", "ی": "y", "ي": "y", "ى": "y", "ه": "h"}
# Characters of a name besides letters and their marks: spaces, hyphens, apostrophes, the Persian zero-width non-joiner.
_NAME_MARKS = frozenset(" -'’`\u200c")
# A name of more ambiguous letters than this gives up on skeletons (2**n of them).
_MOST_AMBIGUOUS = 6


def _is_abjad(text: str) -> bool:
    """Whether a name is written in a script without short vowels (Arabic, Persian, Hebrew, Syriac)."""
    return any("\u0590" <= ch <= "\u08ff" for ch in text)


def _variant(latin: str) -> str:
    """The variant key of lowercase Latin letters and spaces."""
    for pattern, replacement in _VARIANTS:
        latin = pattern.sub(replacement, latin)
    return " ".join(latin.split())


@functools.lru_cache(maxsize=262_144)
def variant_key(name: str) -> str:
    """The key shared by the spellings of one name in scripts with vowels ("mikhail ulyanov", "Михаил Ульянов",
    "Michail Uljanow" -> "migail ulanov"); empty for a name of no letters it can read, and for one with digits
    (A320 and A380, MI5 and MI6 are other things, not other spellings) or other signs."""
    key = name_key(name)
    if not all(unicodedata.category(ch)[0] in "LM" or ch in _NAME_MARKS for ch in key):
        return ""  # digits (A320, MI5), wildcards, symbols: no name of a person or a place
    latin = anyascii(key).lower() if not key.isascii() else key
    return _variant(latin.replace("-", " "))


def _skeleton(variant: str) -> str:
    """The consonant classes of a variant key, word by word ("migail ulanov" -> "mgl lnf")."""
    words = (_VOWELS.sub("", word).translate(_SKELETON) for word in variant.split())
    return " ".join(word for word in words if word)


@functools.lru_cache(maxsize=262_144)
def skeleton_keys(name: str) -> frozenset[str]:
    """The consonant skeletons a name may have: one for a name written with vowels, several for one in an
    Arabic-script alphabet (each of its vav, yeh and closing heh as a consonant or as a vowel)."""
    if not _is_abjad(name):
        skeleton = _skeleton(variant_key(name))
        return frozenset((skeleton,)) if skeleton else frozenset()
    words = unicodedata.normalize("NFKC", name).replace("\u200c", "").split()
    spelled = [""]
    ambiguous = 0
    for word in words:
        options = [""]
        for ch in word:
            if ch in _EITHER:
                ambiguous += 1
                options = [o + letter for o in options for letter in ("", _EITHER[ch])]
            else:
                options = [o + _ARABIC.get(ch, anyascii(ch).lower()) for o in options]
        if ambiguous > _MOST_AMBIGUOUS:
            return frozenset()
        spelled = [f"{before} {option}".strip() for before in spelled for option in options]
    return frozenset(filter(None, (_skeleton(_variant(text)) for text in spelled)))


def spelling_keys(name: str) -> frozenset[str]:
    """The keys a name is looked up by in other spellings: its variant key, and its skeletons after a '~'."""
    variant = variant_key(name) if not _is_abjad(name) else ""
    return frozenset([variant] if variant else []) | {f"~{skeleton}" for skeleton in skeleton_keys(name)}


def near_spellings(first: str, second: str) -> bool:
    """Whether two variant keys differ by a vowel or two in each word (Mohammad, Muhammad, Mohammed), the
    words having the same consonants; Hassan and Hussein are further apart."""
    words, others = first.split(), second.split()
    if len(words) != len(others):
        return False
    for word, other in zip(words, others, strict=True):
        if _skeleton(word) != _skeleton(other) or _distance(word, other) > max(1, len(word) // 4):
            return False
    return True


def _distance(first: str, second: str) -> int:
    """The edit distance between two short words."""
    previous = list(range(len(second) + 1))
    for i, ch in enumerate(first, 1):
        current = [i]
        for j, other in enumerate(second, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ch != other)))
        previous = current
    return previous[-1]
