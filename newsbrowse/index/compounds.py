"""Compound words at query time: "counterterrorism", "counter-terrorism" and "counter terrorism" find each other.

The index holds a hyphenated compound as its parts and as one word (analysis.py), and a
query's hyphenated word is searched as the one word. What the index cannot know is that
two words written apart ("counter terrorism") are the closed word: the query adds it,
from the words the index holds. Each word of the title and body also matches as the
phrase of two indexed words it splits into; two words side by side in a query (or a
phrase) also match as the one word they make, when the index holds it.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from whoosh import query

from newsbrowse.index.analysis import compound_splits
from newsbrowse.index.forms import Quoted, QuotedWord

# Whether the index holds a word in a field: (field, word) -> bool.
Indexed = Callable[[str, str], bool]
# The fields whose words are matched in their compound forms ("tehran times" is the source tehrantimes).
TEXT_FIELDS = ("title", "body", "source")
# Other forms tried for one phrase, at most (each is a phrase search).
MAX_PHRASE_FORMS = 8


def with_compounds(node: query.Query, indexed: Indexed) -> query.Query:
    """The query with every word of the title and body also matched in its other compound forms."""
    if isinstance(node, query.Term) and node.fieldname in TEXT_FIELDS:
        splits = compound_splits(str(node.text), lambda word: indexed(node.fieldname, word))
        if not splits:
            return node
        phrase = Quoted if isinstance(node, QuotedWord) else query.Phrase
        return query.Or([node, *(phrase(node.fieldname, list(pair), boost=node.boost) for pair in splits)])
    if isinstance(node, query.Phrase) and node.fieldname in TEXT_FIELDS:
        forms = _phrase_forms([str(word) for word in node.words], lambda word: indexed(node.fieldname, word))
        if not forms:
            return node
        field, boost = node.fieldname, node.boost
        quoted = isinstance(node, Quoted)  # its other forms are quoted too: written as they are
        phrase, term = (Quoted, QuotedWord) if quoted else (query.Phrase, query.Term)
        others = [phrase(field, words, boost=boost) if len(words) > 1 else term(field, words[0]) for words in forms]
        return query.Or([node, *others])
    if isinstance(node, query.And):
        return _joined_neighbours(node, indexed)
    if node.is_leaf():
        return node
    return node.apply(lambda child: with_compounds(child, indexed))


def _phrase_forms(words: Sequence[str], indexed: Callable[[str], bool]) -> list[list[str]]:
    """Other ways to write a phrase: one of its words split in two, or two neighbours joined."""
    forms: list[list[str]] = []
    for at, word in enumerate(words):
        for left, right in compound_splits(word, indexed)[:1]:
            forms.append([*words[:at], left, right, *words[at + 1 :]])
        if at + 1 < len(words) and indexed(word + words[at + 1]):
            forms.append([*words[:at], word + words[at + 1], *words[at + 2 :]])
    return forms[:MAX_PHRASE_FORMS]


def _word(node: query.Query) -> tuple[str, list[str]] | None:
    """A plain word searched in the title and/or body ("ulyanov" over both), as (word, fields); else None."""
    terms = [node] if isinstance(node, query.Term) else list(node.subqueries) if isinstance(node, query.Or) else []
    if not terms or not all(isinstance(term, query.Term) and term.fieldname in TEXT_FIELDS for term in terms):
        return None
    texts = {str(term.text) for term in terms}
    return (texts.pop(), [term.fieldname for term in terms]) if len(texts) == 1 else None


def _joined_neighbours(node: query.And, indexed: Indexed) -> query.Query:
    """An AND whose neighbouring words also match as the one word they make ("counter terrorism")."""
    children = list(node.subqueries)
    result: list[query.Query] = []
    at = 0
    while at < len(children):
        first = _word(children[at])
        second = _word(children[at + 1]) if at + 1 < len(children) else None
        if first is not None and second is not None:
            joined = first[0] + second[0]
            fields = [field for field in first[1] if indexed(field, joined)]
            if fields:
                both = query.And([with_compounds(children[at], indexed), with_compounds(children[at + 1], indexed)])
                one = query.Or([query.Term(field, joined) for field in fields])
                result.append(query.Or([both, one]))
                at += 2
                continue
        result.append(with_compounds(children[at], indexed))
        at += 1
    return result[0] if len(result) == 1 else query.And(result, boost=node.boost)
