"""Text analysis for the index: words folded to lower case without accents, common words left out.

One analyser serves indexing, query parsing and highlighting, so a word is found in
exactly the form it was indexed in. Indexing skips whoosh's token objects altogether
(`index_terms`): the text is folded once, the words found with one regular expression
and grouped with their positions in a dict; whoosh's chain of token filters costs
twice as much per article.

Compounds: a hyphenated word ("counter-terrorism") is indexed as its parts, at
consecutive positions, and also written as one word ("counterterrorism", at the first
part's position), so the closed form finds it; a query's hyphenated word is searched as
the one word. The spaced form ("counter terrorism") is matched at query time
(`compound_splits`, used by the searcher, which knows the indexed words).

Each word passes through `_kept`, which decides which words are indexed at all; title and
body words are then indexed as their stems in the article's language, names as written
(`index_words`, stemming.py). The written forms that differ from what is indexed go to a
field of their own, without positions (`exact_forms`), so that a quoted word matches the
form it is written in.
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from collections.abc import Callable, Iterator
from itertools import pairwise
from pickle import dumps
from typing import Any

from whoosh.analysis import STOP_WORDS, Token, Tokenizer
from whoosh.fields import TEXT, FieldType
from whoosh.formats import Existence
from whoosh.support.charset import accent_map
from whoosh.system import pack_uint

from newsbrowse.index.stemming import capitalised_names, is_name_term, name_term, names_in, stems_for

# A word: letters and digits, with inner dots kept ("u.s", "3.5"), as whoosh's RegexTokenizer has it;
# words joined by single hyphens are one match, a compound ("counter-terrorism"), split in `_analyse`.
WORD = re.compile(r"\w+(?:\.?\w+)*(?:-\w+(?:\.?\w+)*)*")
HYPHEN = "-"
STOPS = frozenset(STOP_WORDS)
MIN_CHARS = 2
# The shortest half of a word split in two at query time: two-letter halves are particles and
# initials ("de bt" for "debt", "mark et"), each one more phrase search that finds nothing meant.
MIN_HALF = 3
# (term bytes, frequency, weight, encoded positions): what whoosh's Positions format gives per word.
Posting = tuple[bytes, int, float, bytes]


# Letters with no decomposition that readers spell with plain letters; the rest take whoosh's accent map.
# The Unicode hyphen (and the non-breaking one, which decomposes to it) is the ASCII one.
_LETTERS = {"ß": "ss", "æ": "ae", "œ": "oe", "þ": "th", "\u2010": HYPHEN}


def _hangul(char: str) -> bool:
    """Whether a character is a Hangul syllable (it decomposes into letters, not marks: it stays whole)."""
    return "\uac00" <= char <= "\ud7a3"


class _Folding(dict[int, str | None]):
    """A str.translate table that folds each character the first time it is met.

    Combining marks are dropped; a character is replaced by its compatibility
    decomposition without marks ("é" -> "e", "ﬁ" -> "fi", "²" -> "2"); letters that do not
    decompose take `_LETTERS` or whoosh's accent map ("ß" -> "ss", "ø" -> "o"). Filled
    lazily: building it for every code point up front takes most of a second.
    """

    def __missing__(self, code: int) -> str | None:
        """The folded form of one (lower-case) character; None deletes it."""
        char = chr(code)
        if unicodedata.combining(char):
            folded: str | None = None
        else:
            if not _hangul(char):
                char = "".join(c for c in unicodedata.normalize("NFKD", char) if not unicodedata.combining(c))
            folded = "".join(_LETTERS.get(c) or accent_map.get(ord(c), c) for c in char).lower()
        self[code] = folded
        return folded


_FOLDING = _Folding()


def fold(text: str) -> str:
    """Lower case without accents: the form words are indexed and searched in."""
    text = text.lower()
    return text if text.isascii() else text.translate(_FOLDING)


def folded_offsets(text: str) -> tuple[str, list[int] | None]:
    """The folded text and, when folding changed its length anywhere, each folded character's offset in `text`."""
    folded = fold(text)
    if text.isascii() or all(len(fold(char)) == 1 for char in set(text) if not char.isascii()):
        return folded, None
    offsets: list[int] = []
    for at, char in enumerate(text):
        offsets.extend([at] * len(fold(char)))
    offsets.append(len(text))
    return folded, offsets


def _kept(word: str) -> str | None:
    """The form a folded word is indexed in, or None for a word left out (common words, single characters)."""
    return word if len(word) >= MIN_CHARS and word not in STOPS else None


def _joined(parts: list[str]) -> str | None:
    """A compound's parts written as one word, if that is a word: numbers ("2021-05-21") are not."""
    whole = "".join(parts)
    return _kept(whole) if any(char.isalpha() for char in whole) else None


def analyse(text: str) -> tuple[list[str], list[tuple[str, int]]]:
    """The indexed words of a text in order (a word's position is its index), and the compounds joined.

    The second list holds (joined word, position): a hyphenated compound written as one
    word, at the position of its first part; it does not count in the text's length.
    """
    folded = fold(text)
    # `_kept`, inlined: a call per word costs a third more. Compounds pass (3+ characters, no stop word).
    kept = [word for word in WORD.findall(folded) if len(word) >= MIN_CHARS and word not in STOPS]
    if HYPHEN not in folded:
        return kept, []
    joined: list[tuple[str, int]] = []
    pieces: list[tuple[int, list[str]]] = []
    shift = 0  # how far the words after a split compound move
    for at in [at for at, word in enumerate(kept) if HYPHEN in word]:
        parts = kept[at].split(HYPHEN)
        whole = _joined(parts)
        if whole is not None:
            joined.append((whole, at + shift))
        own = [word for word in map(_kept, parts) if word is not None]
        pieces.append((at, own))
        shift += len(own) - 1
    for at, own in reversed(pieces):
        kept[at : at + 1] = own
    return kept, joined


def compound_splits(word: str, indexed: Callable[[str], bool]) -> list[tuple[str, str]]:
    """The ways a word may be written as two indexed words ("counterterrorism" -> ("counter", "terrorism")).

    `indexed` says whether a word is in the index; each part must be a word that is kept
    (common words and single letters never are), so "counter terrorism" is found for
    "counterterrorism" only where both halves occur in the archive.
    """
    if not word.isalnum():
        return []
    splits = []
    for cut in range(MIN_HALF, len(word) - MIN_HALF + 1):
        left, right = word[:cut], word[cut:]
        if _kept(left) and _kept(right) and indexed(left) and indexed(right):
            splits.append((left, right))
    return splits


def encode_positions(places: list[int]) -> bytes:
    """Positions as whoosh's Positions format encodes them: the count, then the pickled gaps."""
    count: bytes = pack_uint(len(places))
    return count + dumps([places[0]] + [b - a for a, b in pairwise(places)], 2)


# Most words of an article occur once: their encoded positions are made once, here.
_SINGLE = [encode_positions([at]) for at in range(4096)]


def single_positions(at: int) -> bytes:
    """The encoded positions of a word that occurs once, at `at`."""
    return _SINGLE[at] if at < len(_SINGLE) else encode_positions([at])


class ArticleText(str):
    """A title or body with what its analysis needs: the article's language and the words it uses as names."""

    language: str | None
    names: frozenset[str]

    def __new__(cls, text: str, language: str | None = None, names: frozenset[str] = frozenset()) -> ArticleText:
        made = super().__new__(cls, text)
        made.language = language
        made.names = names
        return made

    def __reduce__(self) -> tuple[Any, ...]:
        """Pickled with its language and names (documents cross to worker processes)."""
        return (ArticleText, (str(self), self.language, self.names))


def article_names(title: str, body: str, language: str | None = None) -> frozenset[str]:
    """The folded words an article uses as names, in its title and body alike (none where nouns are capitalised)."""
    if not capitalised_names(language):
        return frozenset()
    return frozenset(fold(name) for name in names_in(body) | names_in(title, title=True))


# The indexed term of each distinct written form of a text.
Forms = dict[str, str]


def index_words(
    text: str, language: str | None, names: frozenset[str]
) -> tuple[list[str], list[tuple[str, int]], Forms]:
    """`analyse` with each word as it is indexed: names marked as written, other words stemmed in `language`.

    Returns the terms in order, the joined compounds' terms with their positions, and the
    term of each distinct written form (for `exact_forms`).
    """
    words, joined = analyse(text)
    distinct = dict.fromkeys(words)
    distinct.update(dict.fromkeys(word for word, _ in joined))
    stems = stems_for(language)
    # One lookup per distinct word (an article writes each about twice), names marked afterwards.
    terms = distinct if stems is None else map(stems.__getitem__, distinct)
    forms: Forms = dict(zip(distinct, terms, strict=True))
    for word in names.intersection(distinct):
        forms[word] = name_term(word)
    return [forms[word] for word in words], [(forms[word], at) for word, at in joined], forms


def exact_forms(forms: Forms, language: str | None) -> set[str]:
    """The written forms a quoted word must find in the field of exact forms.

    Those indexed as a stem that differs ("rates" as "rate"), and those indexed as
    themselves ("rate") when the article also writes another form of that stem ("rates"):
    a quoted "rate" then knows the article wrote "rate" and not only "rates". Names are
    not: their terms are their written forms, marked (and the index is a quarter smaller).
    In a language without a stemmer every word is indexed as written: there are none.
    """
    if stems_for(language) is None:
        return set()
    exact = {word for word, term in forms.items() if term != word and not is_name_term(term)}
    # The stems of those forms that the article also writes as themselves.
    exact.update(term for term in {forms[word] for word in exact} if forms.get(term) == term)
    return exact


def index_terms(text: str, boost: float = 1.0) -> list[Posting]:
    """The postings of a text for whoosh's Positions format, as `Positions.word_values` would encode them."""
    positions: defaultdict[str, list[int]] = defaultdict(list)
    if isinstance(text, ArticleText):
        kept, joined, _ = index_words(text, text.language, text.names)
    else:
        kept, joined = analyse(text)
    for at, word in enumerate(kept):
        positions[word].append(at)
    for word, at in joined:
        positions[word].append(at)
    for word in {word for word, _ in joined}:
        positions[word].sort()
    postings: list[Posting] = []
    for word, places in positions.items():
        count = len(places)
        value = single_positions(places[0]) if count == 1 else encode_positions(places)
        postings.append((word.encode("utf-8"), count, count * boost, value))
    return postings


class FoldingAnalyzer(Tokenizer):  # type: ignore[misc]
    """whoosh's analyser interface over `analyse`: for query parsing and highlighting.

    Tokens carry positions counted over the kept words (as whoosh's StopFilter renumbers
    them) and character offsets into the original text. A hyphenated compound gives its
    parts and then the joined word (at the first part's position, over the whole
    compound), except in mode "query", where the parser gets the joined word alone: a
    query's "counter-terrorism" is one word, not "counter AND terrorism".
    """

    def __eq__(self, other: object) -> bool:
        """Analysers of one class are the same (whoosh compares schemas field by field)."""
        return self.__class__ is other.__class__

    def __hash__(self) -> int:
        """Hash by class, as equality goes."""
        return hash(self.__class__)

    def __call__(
        self,
        value: str,
        positions: bool = False,
        chars: bool = False,
        keeporiginal: bool = False,
        removestops: bool = True,
        start_pos: int = 0,
        start_char: int = 0,
        tokenize: bool = True,
        mode: str = "",
        **kwargs: Any,
    ) -> Iterator[Token]:
        """Tokens of `value` (the whole value as one folded token when `tokenize` is False)."""
        token = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        if not tokenize:
            token.original = value
            token.text = fold(value)
            token.boost = 1.0
            token.stopped = False
            token.pos = start_pos
            token.startchar, token.endchar = start_char, start_char + len(value)
            yield token
            return
        folded, offsets = folded_offsets(value) if chars else (fold(value), None)
        pos = start_pos

        def emit(text: str, at: int, start: int, end: int, stopped: bool) -> Token:
            """The token filled in for one word at position `at` and folded offsets start-end."""
            token.text = text
            token.boost = 1.0
            token.stopped = stopped
            if keeporiginal:
                token.original = text
            if positions:
                token.pos = at
            if chars:
                if offsets is not None:
                    start, end = offsets[start], offsets[end]
                token.startchar, token.endchar = start_char + start, start_char + end
            return token

        for match in WORD.finditer(folded):
            text = match.group()
            if HYPHEN not in text:
                stopped = _kept(text) is None
                if not (stopped and removestops):
                    yield emit(text, pos, match.start(), match.end(), stopped)
                pos += not stopped
                continue
            parts = text.split(HYPHEN)
            whole = _joined(parts)
            first = pos
            if mode != "query" or whole is None:
                start = match.start()
                for part in parts:
                    stopped = _kept(part) is None
                    if not (stopped and removestops):
                        yield emit(part, pos, start, start + len(part), stopped)
                    pos += not stopped
                    start += len(part) + len(HYPHEN)
            if whole is not None:
                yield emit(whole, first, match.start(), match.end(), False)
                if mode == "query":
                    pos = first + 1  # the joined word stands for the compound


ANALYZER = FoldingAnalyzer()


class FoldedText(TEXT):  # type: ignore[misc]
    """A TEXT field with positions, analysed by `ANALYZER`, indexed through `index_terms` (same postings, faster).

    newsbrowse's segment writer goes faster still: it pools the words itself (internals/segments.py).
    """

    def __init__(self, field_boost: float = 1.0) -> None:
        super().__init__(analyzer=ANALYZER, field_boost=field_boost)

    def index(self, value: str, **kwargs: Any) -> list[Posting]:
        """The postings of one value."""
        return index_terms(value, self.format.field_boost)


class ExactForms(FieldType):  # type: ignore[misc]
    """The field of written forms (`exact_forms`): which articles write a word so, without positions or scores.

    Its value is the article's title and body as one ArticleText; newsbrowse's segment
    writer takes the forms its analysis of the title and body already found.
    """

    def __init__(self) -> None:
        self.format = Existence()
        self.analyzer = ANALYZER
        self.scorable = False
        self.stored = False
        self.unique = False
        self.vector = None

    def __eq__(self, other: object) -> bool:
        """Fields of one class are the same (whoosh compares schemas field by field)."""
        return self.__class__ is other.__class__

    def __hash__(self) -> int:
        """Hash by class, as equality goes."""
        return hash(self.__class__)

    def index(self, value: str, **kwargs: Any) -> list[Posting]:
        """The postings of an article's text: one per exact form."""
        language = value.language if isinstance(value, ArticleText) else None
        names = value.names if isinstance(value, ArticleText) else frozenset()
        _, _, forms = index_words(value, language, names)
        return [(word.encode("utf-8"), 1, 1.0, b"") for word in sorted(exact_forms(forms, language))]
