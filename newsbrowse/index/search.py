"""Running parsed queries on the whoosh index: ranked or dated pages of hits, counts, spelling suggestions."""

from __future__ import annotations

import heapq
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Literal

from whoosh import query
from whoosh.index import Index
from whoosh.searching import Searcher
from whoosh.spelling import MultiCorrector

from newsbrowse.index.query import DateSpan, ParsedQuery, query_parser

Sort = Literal["relevance", "date"]
_TEXT_FIELDS = ("title", "body")


def _positive_leaves(node: query.Query) -> Iterator[query.Query]:
    """The leaf queries of a tree, except those under NOT (their words are not in the hits)."""
    if isinstance(node, query.Not):
        return
    if node.is_leaf():
        yield node
        return
    for child in node.children():
        yield from _positive_leaves(child)


@dataclass(frozen=True, slots=True)
class Page:
    """One page of hits: article ids with scores, the total and whether it is exact."""

    hits: tuple[tuple[str, float], ...]
    total: int
    exact: bool
    terms: frozenset[str]


class _Dates:
    """The published date of every live document, sorted once per searcher generation.

    Date conditions become sets of document numbers by bisection here (~ms), where
    whoosh's range queries expand to thousands of term matchers (~175 ms at 100k).
    It also sorts by date with undated articles last (whoosh's column puts them first).
    """

    def __init__(self, searcher: Searcher) -> None:
        reader = searcher.reader()
        column = reader.column_reader("date", translate=False)
        # Documents without a date hold the column's default (the largest number).
        default = reader.schema["date"].column_type.default_value()
        live = (docnum for docnum in range(reader.doc_count_all()) if not reader.is_deleted(docnum))
        values = list(column)
        self.value: dict[int, int] = {}
        pairs = []
        for docnum in live:
            value = values[docnum]
            if value != default:
                self.value[docnum] = value
                pairs.append((value, docnum))
        pairs.sort()
        self._keys = [value for value, _ in pairs]
        self._docs = [docnum for _, docnum in pairs]

    def within(self, span: DateSpan) -> set[int]:
        """Documents dated inside the span."""
        low = 0 if span.low is None else bisect_left(self._keys, span.low)
        high = len(self._keys) if span.high is None else bisect_right(self._keys, span.high)
        return set(self._docs[low:high])

    def newest(self, docnums: Iterable[int], count: int) -> list[int]:
        """The `count` newest of the documents, undated ones after all dated ones."""
        value = self.value
        return heapq.nsmallest(count, docnums, key=lambda d: (-value[d], d) if d in value else (1, d))


class IndexSearcher:
    """Searches one whoosh index and follows the commits a running build makes."""

    def __init__(self, index: Index) -> None:
        self._index = index
        self._searcher = index.searcher()
        self._dates: _Dates | None = None

    def refresh(self) -> None:
        """Use the newest committed state of the index (cheap when nothing changed)."""
        fresh = self._searcher.refresh()
        if fresh is not self._searcher:
            self._searcher = fresh
            self._dates = None

    def reopen(self) -> None:
        """Open a new searcher from scratch (after a file of an old generation vanished)."""
        self._searcher.close()
        self._searcher = self._index.searcher()
        self._dates = None

    def close(self) -> None:
        """Release the index files."""
        self._searcher.close()

    def doc_count(self) -> int:
        """How many articles the index holds."""
        return int(self._searcher.doc_count())

    def segment_count(self) -> int:
        """How many segments the index has (many segments make queries slower)."""
        readers = self._searcher.reader().leaf_readers()
        return len(readers)

    def _date_index(self) -> _Dates:
        """The date table of the current generation, built on first use."""
        if self._dates is None:
            self._dates = _Dates(self._searcher)
        return self._dates

    def _allowed(self, parsed: ParsedQuery) -> set[int] | None:
        """The documents the query's dates and field conditions allow; None when it has none."""
        allowed: set[int] | None = None
        for span in parsed.dates:
            docs = self._date_index().within(span)
            allowed = docs if allowed is None else allowed & docs
        for condition in parsed.filters:
            docs = set(self._searcher.docs_for_query(condition))
            allowed = docs if allowed is None else allowed & docs
        return allowed

    def _terms(self, parsed: ParsedQuery) -> frozenset[str]:
        """The words of the title and body that the query matched, for highlighting."""
        if parsed.scored is None:
            return frozenset()
        reader = self._searcher.reader()
        found: set[tuple[str, bytes]] = set()
        # Leaf by leaf: Query.existing_terms reuses its `fieldname` argument as a loop
        # variable and so skips every field after the first one it meets.
        for leaf in _positive_leaves(parsed.scored):
            if leaf.field() in _TEXT_FIELDS:
                found |= leaf.existing_terms(reader, phrases=True, expand=True)
        return frozenset(text.decode("utf-8") if isinstance(text, bytes) else str(text) for _, text in found)

    def _ids(self, docnums: Iterable[int]) -> list[str]:
        """The article ids of documents."""
        stored = self._searcher.stored_fields
        return [stored(docnum)["id"] for docnum in docnums]

    def search(self, parsed: ParsedQuery, limit: int, offset: int = 0, sort: Sort = "relevance") -> Page:
        """A page of hits; queries made only of conditions list the newest articles first."""
        if parsed.scored is query.NullQuery:
            return Page((), 0, True, frozenset())
        allowed = self._allowed(parsed)
        wanted = offset + limit
        if parsed.scored is None or sort == "date":
            docs = allowed if parsed.scored is None else set(self._searcher.docs_for_query(parsed.scored))
            if parsed.scored is not None and allowed is not None:
                docs &= allowed
            assert docs is not None
            page = self._date_index().newest(docs, wanted)[offset:]
            return Page(tuple((i, 0.0) for i in self._ids(page)), len(docs), True, self._terms(parsed))
        # Without conditions whoosh may skip low-scoring blocks and estimate the total;
        # with them it must score every match anyway, so its count is exact.
        results = self._searcher.search(parsed.scored, limit=wanted, filter=allowed, optimize=allowed is None)
        scored = [(hit.docnum, hit.score) for hit in results[offset:wanted]]
        ids = self._ids(docnum for docnum, _ in scored)
        hits = tuple((article_id, float(score or 0.0)) for article_id, (_, score) in zip(ids, scored))
        if results.has_exact_length():
            total, exact = len(results), True
        else:
            total, exact = max(results.estimated_length(), offset + len(hits)), False
        return Page(hits, total, exact, self._terms(parsed))

    def count(self, parsed: ParsedQuery) -> int:
        """The exact number of articles the query matches (slower than the estimate)."""
        if parsed.scored is query.NullQuery:
            return 0
        allowed = self._allowed(parsed)
        if parsed.scored is None:
            return len(allowed or ())
        docs = self._searcher.docs_for_query(parsed.scored)
        return sum(1 for docnum in docs if allowed is None or docnum in allowed)

    def suggest(self, text: str) -> str | None:
        """A corrected query ("did you mean ...") from the words of the titles and bodies, or None."""
        try:
            parsed = query_parser().parse(text)
        except Exception:  # a query that does not parse has nothing to correct
            return None
        reader = self._searcher.reader()
        tokens = [(t.fieldname, t.text) for t in parsed.all_tokens() if t.fieldname in _TEXT_FIELDS]
        unknown = [(field, word) for field, word in tokens if not any((f, word) in reader for f in _TEXT_FIELDS)]
        if not unknown:
            return None
        corrector = MultiCorrector([reader.corrector(field) for field in _TEXT_FIELDS], max)
        correctors = {field: corrector for field in _TEXT_FIELDS}
        # whoosh ranks all suggestions within maxdist by frequency alone; asking for one
        # edit first keeps "ulyanof" -> "ulyanov" ahead of a frequent word two edits away.
        for maxdist in (1, 2):
            correction = self._searcher.correct_query(
                parsed, text, correctors=correctors, terms=unknown, maxdist=maxdist, prefix=1
            )
            if correction.string and correction.string != text:
                return str(correction.string)
        return None
