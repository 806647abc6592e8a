"""Languages: declared tags normalised ("en-US" -> "en"), text identified by py3langid, the two combined.

Codes are ISO 639-1 where the language has one. Norwegian keeps its written standard when it is
known (nb, nn, or no when it is not); `lang:no` finds all three (newsbrowse.index.query).
"""

from __future__ import annotations

import io
import re
from functools import cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from py3langid.langid import LanguageIdentifier

_PRIMARY = re.compile(r"[a-z]{2,3}")
# Tags that are no language at all.
_NOT_LANGUAGES = frozenset({"und", "mul", "zxx", "mis", "xx"})
# Charset names that pages put in their Content-Language by mistake ("utf-8").
_CHARSET = re.compile(r"utf|iso|windows|cp\d|ascii|us-ascii|gb\d|gbk|big5|koi8|euc|shift|latin", re.IGNORECASE)
# Withdrawn ISO 639-1 codes that old pages still declare, and the three-letter codes of
# Norwegian (the written standards are told apart, so nb and nn must not be lost).
_RENAMED = {"iw": "he", "in": "id", "ji": "yi", "nob": "nb", "nno": "nn", "nor": "no"}
# The identifier's labels that are varieties of a language with an ISO 639-1 code.
_MACRO = {"ary": "ar", "arz": "ar", "yue": "zh", "wuu": "zh", "uzs": "uz"}
# How much text is read to identify the language: more adds time, not accuracy.
_SAMPLE_CHARS = 400
# Text identified with less certainty, or shorter, is no evidence against a declaration.
_SURE = 0.9
_ENOUGH_LETTERS = 80
# ... and text shorter than this tells nothing at all.
_MIN_LETTERS = 12
# Languages so close that a page's own declaration is trusted over the identifier's choice.
_CLOSE = (
    frozenset({"da", "no", "nb", "nn"}),
    frozenset({"hr", "sr", "bs"}),
    frozenset({"ms", "id"}),
    frozenset({"cs", "sk"}),
    frozenset({"gl", "pt"}),
    frozenset({"ca", "oc"}),
)


def normalize_language(tag: str | None) -> str | None:
    """The lowercase primary subtag of a language tag or locale ("en-US", "pt_BR" -> "pt"), or None."""
    if not tag or _CHARSET.match(tag.strip()):
        return None
    primary = re.split(r"[-_\s.]", tag.strip().lower(), maxsplit=1)[0]
    if not _PRIMARY.fullmatch(primary) or primary in _NOT_LANGUAGES:
        return None
    return _RENAMED.get(primary, primary)


@cache
def _identifier() -> LanguageIdentifier:
    """py3langid's identifier with probabilities, limited to languages with a two-letter code.

    Loaded on first use (about a second): cleaning a page or two should not wait for it at import.
    The model is unpacked in memory: py3langid's own loader writes it to a temporary file, and
    nothing but the index is ever written.
    """
    import lzma

    import numpy as np
    from py3langid.langid import MODEL_DIR, MODEL_FILE
    from py3langid.modelio import _to_array

    from newsbrowse.clean.identifier import FastIdentifier

    with lzma.open(MODEL_DIR / MODEL_FILE) as packed, np.load(io.BytesIO(packed.read()), allow_pickle=False) as data:
        identifier = FastIdentifier(
            np.asarray(data["ptc"]),
            np.asarray(data["pc"]),
            data["classes"].tolist(),
            _to_array(data["nextmove"]),
            data["out_feat"].tolist(),
            norm_probs=True,
            tk_row=_to_array(data["nextmove_row"]),
        )
    identifier.set_languages([label for label in identifier.labels if len(label) == 2 or label in _MACRO])
    # The restricted table comes out column-major float16: each text's rows are then gathered from
    # scattered memory and multiplied by numpy's slow mixed-type loop. Row-major float32 takes the
    # BLAS path at a quarter of the time (about 24 MB more per process); float16 values are exact in
    # float32, so only the order of the sums may differ, in the last bit of a score at most.
    identifier.nb_ptc = np.ascontiguousarray(identifier.nb_ptc, dtype=np.float32)
    return identifier


def _identify(sample: str) -> tuple[str | None, float, int]:
    """The identifier's language and certainty for a sample, and how many letters it holds."""
    letters = sum(map(str.isalpha, sample))
    if letters < _MIN_LETTERS:
        return None, 0.0, letters
    label, certainty = _identifier().classify(sample)
    return _MACRO.get(label, label), certainty, letters


def identify_language(text: str) -> tuple[str | None, float]:
    """The language the text is written in and how sure the identifier is (0..1); (None, 0) if it cannot tell."""
    found, certainty, _ = _identify(text[:_SAMPLE_CHARS])
    return found, certainty


def _close(first: str, second: str) -> bool:
    """True for the same language, or two so close that text alone may confuse them."""
    return first == second or any(first in group and second in group for group in _CLOSE)


def choose_language(declared: str | None, text: str) -> str | None:
    """The article's language: what the page declares, unless its text clearly says otherwise.

    Pages declare their site's language, not always the article's (an English story on a
    German site template), and text alone confuses close languages (Danish and Norwegian):
    so a declaration stands unless the identifier is sure of another, not close, language.
    """
    found, certainty, letters = _identify(text[:_SAMPLE_CHARS])
    if found is None:
        return declared
    if declared is None:
        return found if certainty >= 0.5 else None
    if _close(declared, found):
        return declared
    return found if certainty >= _SURE and letters >= _ENOUGH_LETTERS else declared
