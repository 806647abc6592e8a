"""From the words a query names to the terms the index holds: stems, names, written forms.

The parser leaves words folded as typed ("rates"); the index holds title and body words as
stems in each article's language ("rate") and names as written, marked ("davis=",
stemming.py). `IndexTerms.rewrite` turns each word into the terms it may be indexed as, in
the languages the archive holds, keeping only those the index has:

- a word matches its stem and its form as a name ("rates": rate, rates=);
- a quoted word or phrase (`"rates"`) matches the form written: the same terms, and the
  article must hold the written form in the field of exact forms (analysis.exact_forms),
  or, for a name, its marked term;
- prefixes, patterns and fuzzy words are expanded over the written forms and the indexed
  terms, each form found then searched as the terms it is indexed as.

It also collects what the search matched, for highlighting (`Matched`).
"""

from __future__ import annotations

from copy import copy
from dataclasses import dataclass, field
from itertools import product
from typing import Any

from whoosh import query
from whoosh.reading import IndexReader

from newsbrowse.index.stemming import ALGORITHMS, name_term, query_terms, stem, written

# The fields whose words are stemmed (the source is a name: indexed as written).
STEMMED = ("title", "body")
# The field of written forms (schema.py).
EXACT = "exact"
# The shortest prefix that the other forms of a quoted word are looked up by.
MIN_PREFIX = 3
# A phrase whose words have several indexed forms is searched as each combination, up to this many.
MAX_PHRASE_COMBINATIONS = 8


class Quoted(query.Phrase):  # type: ignore[misc]
    """A phrase in quotes: its words match as written ("interest rates" does not find "interest rate")."""

    def normalize(self) -> query.Query:
        """A quoted single word is a QuotedWord; otherwise the phrase, still quoted."""
        words = [word for word in self.words if word is not None]
        if not words:
            return query.NullQuery
        if len(words) == 1:
            return QuotedWord(self.fieldname, words[0], boost=self.boost)
        return Quoted(self.fieldname, words, slop=self.slop, boost=self.boost, char_ranges=self.char_ranges)


class QuotedWord(query.Term):  # type: ignore[misc]
    """A word in quotes: it matches as written (`"rates"` does not find "rate")."""


@dataclass(frozen=True)
class Matched:
    """What a search matched in titles and bodies, for highlighting.

    `terms`: indexed terms (stems, marked names) of the unquoted words; `exact`: written
    forms of quoted words; `languages`: the languages the query was stemmed in.
    """

    terms: frozenset[str] = frozenset()
    exact: frozenset[str] = frozenset()
    languages: tuple[str | None, ...] = ()

    def __bool__(self) -> bool:
        """Whether anything matched at all."""
        return bool(self.terms or self.exact)

    def matches(self, word: str) -> bool:
        """Whether a folded word of a text is one the search matched: as written, as a name or by its stem."""
        if word in self.exact or name_term(word) in self.terms:
            return True
        return any(stem(word, language) in self.terms for language in self.languages)

    def words(self) -> set[str]:
        """The matched terms and written forms as words (names without their mark)."""
        return {written(term) for term in self.terms} | set(self.exact)


def archive_languages(reader: IndexReader) -> tuple[str | None, ...]:
    """The stemming languages of the indexed articles, one code per algorithm; None when some have no stemmer."""
    seen: dict[str, str] = {}
    stemmed = 0
    for code in reader.lexicon("lang") if "lang" in reader.indexed_field_names() else ():
        text = _text(code)
        algorithm = ALGORITHMS.get(text.split("-", 1)[0])
        if algorithm is not None:
            seen.setdefault(algorithm, text)
            stemmed += reader.doc_frequency("lang", code)
    languages: list[str | None] = list(seen.values())
    if stemmed < reader.doc_count_all():
        languages.append(None)
    return tuple(languages)


@dataclass
class IndexTerms:
    """The terms of one index generation that a query's words stand for (see the module's docstring)."""

    reader: IndexReader
    languages: tuple[str | None, ...]
    terms: set[str] = field(default_factory=set)
    exact: set[str] = field(default_factory=set)

    def has(self, fieldname: str, term: str) -> bool:
        """Whether the index holds a term in a field."""
        return (fieldname, term) in self.reader

    def of(self, fieldname: str, word: str) -> list[str]:
        """The terms the index holds for a folded word in a field (its stems, its form as a name)."""
        if fieldname not in STEMMED:
            return [word] if self.has(fieldname, word) else []
        return [term for term in query_terms(word, self.languages) if self.has(fieldname, term)]

    def known(self, fieldname: str, word: str) -> bool:
        """Whether articles write a folded word so (compounds.py asks: its halves and joined words are written words).

        As its own term (a word that is its own stem, or unstemmed), a name, or a written
        form of another stem; not as the stem of other words ("execut" is no word).
        """
        if fieldname not in STEMMED:
            return self.has(fieldname, word)
        return self.has(fieldname, word) or self.has(fieldname, name_term(word)) or self.has(EXACT, word)

    def matched(self) -> Matched:
        """What the rewritten queries matched so far."""
        return Matched(frozenset(self.terms), frozenset(self.exact), self.languages)

    def rewrite(self, node: query.Query, negated: bool = False) -> query.Query:
        """The query over indexed terms; words outside NOT are collected for highlighting."""
        if isinstance(node, query.Not):
            return query.Not(self.rewrite(node.query, True), boost=node.boost)
        fieldname = node.field() if node.is_leaf() else None
        if fieldname not in STEMMED:
            if node.is_leaf():
                return node
            return node.apply(lambda child: self.rewrite(child, negated))
        if isinstance(node, QuotedWord):
            return self._quoted_word(fieldname, str(node.text), node.boost, negated)
        if isinstance(node, query.Phrase):
            words = [str(word) for word in node.words]
            return self._phrase(fieldname, words, node.slop, node.boost, isinstance(node, Quoted), negated)
        if isinstance(node, query.MultiTerm):
            return self._expanded(node, fieldname, negated)
        if isinstance(node, query.Term):
            return self._word(fieldname, str(node.text), node.boost, negated)
        return node

    def _any(self, fieldname: str, terms: list[str], boost: float) -> query.Query:
        """One term, or any of several."""
        if len(terms) == 1:
            return query.Term(fieldname, terms[0], boost=boost)
        return query.Or([query.Term(fieldname, term) for term in terms], boost=boost)

    def _word(self, fieldname: str, word: str, boost: float, negated: bool) -> query.Query:
        """An unquoted word: any of its indexed terms."""
        terms = self.of(fieldname, word)
        if not negated:
            self.terms.update(terms)
        return self._any(fieldname, terms, boost) if terms else query.Term(fieldname, word, boost=boost)

    def _fixed(self, word: str) -> bool:
        """Whether a word is its own stem in one of the archive's languages (then its term may stand for others)."""
        return any(stem(word, language) == word for language in self.languages)

    def _quoted_word(self, fieldname: str, word: str, boost: float, negated: bool) -> query.Query:
        """A quoted word: its terms, in articles that write it so."""
        terms = self.of(fieldname, word)
        if not negated:
            self.exact.add(word)
        if not terms:
            return query.Term(fieldname, word, boost=boost)
        return self._checked(self._any(fieldname, terms, boost), [self._writes(fieldname, word, terms)])

    def _checked(self, held: query.Query, checks: list[query.Query | None]) -> query.Query:
        """`held` (terms of the words, or their phrase) in articles that write each word as quoted."""
        required = [check for check in checks if check is not None]
        return query.And([held, *required]) if required else held

    def _writes(self, fieldname: str, word: str, terms: list[str]) -> query.Query | None:
        """What tells that an article holding one of a word's terms writes the word so.

        A word indexed as another stem ("rates" as "rate") must be in the field of exact
        forms, or be a name: its marked term is its written form. A word that is its own stem
        ("rate") is in that field only when the article also writes another form of it: an
        article holding its own term and no other form written writes it too. Held only as a
        name, a word needs no check.
        """
        name = name_term(word)
        if terms == [name]:
            return None
        names = [query.Term(fieldname, name)] if name in terms else []
        exact = query.Term(EXACT, word)
        if not (self._fixed(word) and word in terms):
            return query.Or([*names, exact]) if names else exact
        # Forms of a stem may end otherwise ("rate", "rating"): look one letter shorter.
        prefix = word[:-1] if len(word) > MIN_PREFIX else word
        forms = [form for form in self._forms(prefix) if form != word and self._fixed_to(form, word)]
        if not forms and set(terms) <= {word, name}:
            return None  # every term it is held by is its written form
        alone = query.Term(fieldname, word)
        if forms:
            alone = query.AndNot(alone, query.Or([query.Term(EXACT, form) for form in forms]))
        return query.Or([*names, exact, alone])

    def _forms(self, prefix: str) -> list[str]:
        """The written forms in the field of exact forms that begin so."""
        return [_text(text) for text in self.reader.expand_prefix(EXACT, prefix)]

    def _fixed_to(self, form: str, word: str) -> bool:
        """Whether a written form is indexed as `word` (its stem) in one of the archive's languages."""
        return any(stem(form, language) == word for language in self.languages)

    def _phrase(
        self, fieldname: str, words: list[str], slop: int, boost: float, quoted: bool, negated: bool
    ) -> query.Query:
        """A phrase over the words' indexed terms; quoted, the articles must also write its words so."""
        choices = [self.of(fieldname, word) for word in words]
        if not negated:
            if quoted:
                self.exact.update(words)
            else:
                self.terms.update(term for terms in choices for term in terms)
        if not all(choices):
            return query.Phrase(fieldname, words, slop=slop, boost=boost)
        combinations = [list(terms) for terms in product(*choices)]
        positional: query.Query
        if len(combinations) == 1:
            positional = query.Phrase(fieldname, combinations[0], slop=slop, boost=boost)
        elif len(combinations) <= MAX_PHRASE_COMBINATIONS:
            positional = query.Or([query.Phrase(fieldname, terms, slop=slop) for terms in combinations], boost=boost)
        else:
            steps = [self._any(fieldname, terms, 1.0) for terms in choices]
            positional = query.Sequence(steps, slop=slop, boost=boost)
        if not quoted:
            return positional
        return self._checked(positional, [self._writes(fieldname, *pair) for pair in zip(words, choices, strict=True)])

    def _expanded(self, node: Any, fieldname: str, negated: bool) -> query.Query:
        """A prefix, pattern or fuzzy word as the terms of the written forms and indexed terms it reaches."""
        found = {_text(text) for _, text in node.expanded_terms(self.reader)}
        # The same pattern over the written forms: "negotiat*" reaches "negotiations", indexed as "negoti".
        over_forms = copy(node)
        over_forms.fieldname = EXACT
        for _, text in over_forms.expanded_terms(self.reader):
            found.update(self.of(fieldname, _text(text)))
        terms = sorted(term for term in found if self.has(fieldname, term))
        if not negated:
            self.terms.update(terms)
        if not terms:
            return query.NullQuery
        return query.Or([query.Term(fieldname, term) for term in terms], boost=node.boost)


def _text(text: bytes | str) -> str:
    """A term as whoosh gives it (bytes from a reader) as text."""
    return text.decode("utf-8") if isinstance(text, bytes) else str(text)
