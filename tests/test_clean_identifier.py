"""The numpy tokenizer gives py3langid's own scores bit for bit, and the model has the property it relies on."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from py3langid.langid import LanguageIdentifier
from test_clean_language import TEXTS

from newsbrowse.clean.identifier import TOKENIZER_CONTEXT, FastIdentifier
from newsbrowse.clean.language import _identifier

# Written for this test: scripts and shapes of text the sample paragraphs do not cover.
MORE = [
    "Правительство объявило о новых мерах поддержки фермеров после засухи.",
    "政府宣布了新的农业支持措施，以帮助受干旱影响的农民。",
    "الحكومة أعلنت عن إجراءات جديدة لدعم المزارعين بعد الجفاف.",
    "सरकार ने सूखे के बाद किसानों के लिए नई सहायता की घोषणा की।",
    "THE MINISTER SAID THE BRIDGE WOULD OPEN IN MAY.",
    "a",
    "ab",
    "12345",
    "",
]


def _identifier_under_test() -> FastIdentifier:
    """The cleaning's identifier (restricted to two-letter languages, row-major table)."""
    identifier = _identifier()
    assert isinstance(identifier, FastIdentifier)
    return identifier


def _same_scores(text: str) -> None:
    """py3langid's byte-by-byte scores and ours agree in every bit, and so does classify."""
    identifier = _identifier_under_test()
    encoded = identifier._encode(text)
    stock = LanguageIdentifier._raw_score(identifier, encoded)
    ours = identifier._raw_score(encoded)
    assert ours.dtype == stock.dtype and ours.tobytes() == stock.tobytes()


@pytest.mark.parametrize("text", [*TEXTS.values(), *MORE])
def test_scores_equal_py3langids_own(text: str) -> None:
    """Every sample language and script, whole and cut short at every length up to the context."""
    for end in (len(text), *range(TOKENIZER_CONTEXT + 2)):
        _same_scores(text[:end])


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=120))
def test_scores_equal_py3langids_own_for_any_text(text: str) -> None:
    """Any text at all (every code point hypothesis draws, so every byte value)."""
    _same_scores(text)


@pytest.mark.slow
def test_tokenizer_state_depends_only_on_the_last_bytes() -> None:
    """From every state of the model's DFA, every word of TOKENIZER_CONTEXT bytes leads to one state.

    Words are extended a byte at a time only while they still lead to more than one state: a
    word leading to one state leads every longer word to one state too.
    """
    identifier = _identifier_under_test()
    nextmove, rows = identifier._nextmove, identifier._rows
    every_byte = np.arange(256)
    pending = [np.arange(len(rows))]
    for _ in range(TOKENIZER_CONTEXT):
        longer = []
        for states in pending:
            after = nextmove[rows[states][:, None] + every_byte]
            for byte in range(256):
                reached = np.unique(after[:, byte])
                if len(reached) > 1:
                    longer.append(reached)
        pending = longer
    assert pending == []
