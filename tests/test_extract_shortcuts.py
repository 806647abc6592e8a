"""The shortcuts extraction takes for speed give what the plain way gives, on any text."""

from __future__ import annotations

import bisect
import re
from unittest import mock

from hypothesis import given, settings
from hypothesis import strategies as st

from newsbrowse.extract import context
from newsbrowse.extract.attribution import Clauses
from newsbrowse.extract.cues import _last_word
from newsbrowse.extract.lexicon import lexicon
from newsbrowse.extract.quote_words import TOKEN, Tok
from newsbrowse.model import Entity, Mention

# Texts made of the characters the shortcuts look at: letters (ASCII, accented, capitals),
# digits, "_", "-", commas, quotes, spaces, tabs and newlines.
_TEXT = st.text(alphabet="abcxyzAJé_-1, \t\n.'\u2019s", max_size=60)


@settings(max_examples=400, deadline=None)
@given(_TEXT, st.integers(min_value=0, max_value=60))
def test_last_word_is_the_regex_search_it_replaces(text: str, position: int) -> None:
    position = min(position, len(text))
    match = re.search(r"([\w-]+)[ \t]*,?[ \t]*$", text[max(0, position - 20) : position])
    expected = None if match is None else (match.group(1), match.group(0).rstrip().endswith(","))
    assert _last_word(text, position) == expected


@settings(max_examples=400, deadline=None)
@given(_TEXT, st.lists(st.text(alphabet="abcxyzAé_-1", min_size=1, max_size=4), max_size=6), st.booleans())
def test_lowercase_word_lookup_is_the_set_of_every_lowercase_word(text: str, words: list[str], spent: bool) -> None:
    """Word by word, and (spent: the looking already past its budget) from the set of them all."""
    expected = set(re.findall(r"\b[a-z]{2,}\b", text))
    with mock.patch.object(context, "_FIND_BUDGET", -(10**9) if spent else context._FIND_BUDGET):
        facts = context.TextFacts(text, lexicon())
        for word in [*words, *words]:  # the second time from what the first found
            assert facts._writes_lowercase(word) == (word in expected)
        assert (facts._lower_words is not None) == (spent and any(re.fullmatch("[a-z]{2,}", w) for w in words))


def _walked_tokens(clauses: Clauses, start: int, end: int) -> list[Tok]:
    """Clause tokens the plain way: every token walked against the mentions (no shortcut)."""
    toks: list[Tok] = []
    k = max(bisect.bisect_right(clauses.starts, start) - 1, 0)
    mentions = clauses.mentions
    for match in TOKEN.finditer(clauses.text, start, end):
        a, b = match.span()
        while k < len(mentions) and mentions[k][1] <= a:
            k += 1
        entity = mentions[k][2] if k < len(mentions) and mentions[k][0] <= a < mentions[k][1] else None
        if entity is not None and toks and toks[-1].entity is entity and toks[-1].start >= mentions[k][0]:
            toks[-1] = Tok(
                toks[-1].start, b, clauses.text[toks[-1].start : b], clauses.text[toks[-1].start : b].lower(), entity
            )
            continue
        toks.append(Tok(a, b, match.group(), match.group().lower(), entity))
    return clauses.name_untagged(toks)


@settings(max_examples=400, deadline=None)
@given(
    st.lists(
        st.sampled_from(["Ann Lee", "Ann", "Lee", "said", ",", "the", "Acme Corp", "Acme", "'s", "\u201c", "x"]),
        max_size=20,
    ),
    st.data(),
)
def test_clause_tokens_with_and_without_mentions_nearby(words: list[str], data: st.DataObject) -> None:
    text = " ".join(words)
    entities = []
    for name, kind in (("Ann Lee", "person"), ("Acme Corp", "org")):
        found = [m.span() for m in re.finditer(re.escape(name), text)]
        if found:
            entities.append(Entity(name, kind, tuple(Mention(a, b, text[a:b]) for a, b in found)))
    clauses = Clauses(text, entities, [])
    start = data.draw(st.integers(min_value=0, max_value=len(text)))
    end = data.draw(st.integers(min_value=start, max_value=len(text)))
    assert clauses.tokens(start, end) == _walked_tokens(clauses, start, end)
