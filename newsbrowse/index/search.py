"""Running parsed queries on the whoosh index: ranked or dated pages of hits, counts, spelling suggestions."""

from __future__ import annotations

import heapq
from array import array
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal, TypeVar

import numpy as np
from whoosh import query, scoring
from whoosh.index import Index
from whoosh.matching import ListMatcher, NullMatcher
from whoosh.reading import IndexReader
from whoosh.searching import Searcher
from whoosh.util.numeric import byte_to_length

from newsbrowse.errors import QueryError
from newsbrowse.index.compounds import with_compounds
from newsbrowse.index.forms import EXACT, IndexTerms, Matched, archive_languages
from newsbrowse.index.internals import MergedCorrector, column_values, field_lengths, remember_lookups
from newsbrowse.index.query import (
    TEXT_FIELDS,
    DateSpan,
    NameCondition,
    ParsedQuery,
    bind,
    leaves,
    partial_clauses,
    positive_leaves,
    query_parser,
    word_tokens,
)
from newsbrowse.index.ranking import Unsupported, rank
from newsbrowse.index.stemming import NAME_MARK

# "date" is newest first.
Sort = Literal["relevance", "date", "oldest"]
# The most words times articles that prefixes, patterns and fuzzy terms may stand for
# together: about a second of searching at 100k articles on the machine we measured.
MAX_EXPANSION_COST = 3_000_000
# Partial matches are ranked among this many times as many candidates as are wanted, at least the minimum.
PARTIAL_POOL = 5
PARTIAL_MIN_POOL = 100
# The article store's answer to a name condition: the rows of the articles it holds.
NameRows = Callable[[NameCondition], Iterable[int]]
# Which of the ranked articles to list, given their rows in the store in rank order: their positions.
Keep = Callable[[list[int]], list[int]]
_H = TypeVar("_H")


# From this many documents on, `_Dates.by_date` walks the date order instead of sorting them.
_SCAN_FROM = 2000
# What whoosh's date column holds for documents without a date (the largest 64-bit number).
_NO_DATE = 2**64 - 1
# Field lengths are stored as one byte each; 0 never occurs for a document that has the field.
_LENGTHS = [1] + [byte_to_length(code) for code in range(1, 256)]
_LENGTH_ARRAY = np.array(_LENGTHS, dtype=np.int64)


def kept(keep: Keep | None, hits: Sequence[_H], rows: Sequence[int]) -> tuple[list[_H], list[int]]:
    """The hits (and their rows, in the same order) that `keep` lists; all of them without it."""
    if keep is None:
        return list(hits), list(rows)
    positions = keep(list(rows))
    return [hits[at] for at in positions], [rows[at] for at in positions]


def _segment_id(reader: IndexReader) -> str | None:
    """The id of the segment a leaf reader reads (None for readers of no segment)."""
    segment = reader.segment() if hasattr(reader, "segment") else None
    return segment.segment_id() if segment is not None else None


class FastBM25F(scoring.BM25F):  # type: ignore[misc]
    """whoosh's BM25F, with the same scores, that reads each segment's field lengths once.

    The stock scorer seeks and reads the lengths file for every matching document, a
    third of the time of a search for a common word. Lengths are kept per segment id:
    a segment's lengths never change once written.
    """

    def __init__(self) -> None:
        super().__init__()
        self.lengths: dict[tuple[str, str], tuple[bytes, np.ndarray] | None] = {}

    def scorer(self, searcher: Searcher, fieldname: str, text: bytes, qf: int = 1) -> scoring.BaseScorer:
        """The stock scorer with its length lookup replaced by an index into the preloaded bytes (and the
        lengths as an array, `doc_lengths`, for ranking.py)."""
        scorer = super().scorer(searcher, fieldname, text, qf=qf)
        reader = searcher.reader()
        segment = _segment_id(reader)
        if isinstance(scorer, scoring.BM25FScorer) and segment is not None:
            key = (segment, fieldname)
            if key not in self.lengths:
                raw = field_lengths(reader, fieldname)
                self.lengths[key] = None if raw is None else (raw, _LENGTH_ARRAY[np.frombuffer(raw, dtype=np.uint8)])
            lengths = self.lengths[key]
            if lengths is not None:
                scorer.dfl = lambda docnum, raw=lengths[0], table=_LENGTHS: table[raw[docnum]]
                scorer.doc_lengths = lengths[1]
        return scorer

    def keep_only(self, segments: set[str]) -> None:
        """Forget the lengths of segments that are gone (merged away)."""
        self.lengths = {key: value for key, value in self.lengths.items() if key[0] in segments}


@dataclass(frozen=True, slots=True)
class Page:
    """One page of hits: article ids with scores, the total (of hits with every word) and whether it is exact."""

    hits: tuple[tuple[str, float], ...]
    total: int
    exact: bool
    matched: Matched = field(default_factory=Matched)
    # The hits holding only some of the query's words: id -> (how many clauses, of how many).
    partial: dict[str, tuple[int, int]] = field(default_factory=dict)
    # The hits' keys (their rows in the store), in the same order.
    keys: tuple[int, ...] = ()


class _SegmentDates:
    """One segment's dates, read and sorted once: segments never change once written."""

    def __init__(self, reader: IndexReader) -> None:
        values = column_values(reader, "date", _NO_DATE)
        self.values = values
        dates = np.frombuffer(values, dtype=np.uint64)
        dated = np.flatnonzero(dates != _NO_DATE)
        # Stable: documents of one date stay in document order.
        order = dated[np.argsort(dates[dated], kind="stable")].astype(np.int64)
        self.order = array("q", order.tobytes())
        self.keys = array("Q", dates[order].tobytes())


class _Keys:
    """Live documents by their key (the article's row in the store), for conditions the store answers.

    Sorted (key << 32 | document number) values: a key is found by bisection, and one
    list serves all segments (an updated article's old document is deleted, so a key
    has one live document).
    """

    def __init__(self, searcher: Searcher, cache: dict[str, array[int]]) -> None:
        packed: list[int] = []
        for reader, base in searcher.reader().leaf_readers():
            segment = _segment_id(reader) or ""
            if segment not in cache:
                cache[segment] = column_values(reader, "key", 0)
            # Leaf readers have no public list of deleted documents, only is_deleted.
            deleted = (
                {d for d in range(reader.doc_count_all()) if reader.is_deleted(d)} if reader.has_deletions() else set()
            )
            packed.extend(
                key << 32 | (base + docnum) for docnum, key in enumerate(cache[segment]) if docnum not in deleted
            )
        packed.sort()
        self._packed = packed

    def docnums(self, keys: Iterable[int]) -> set[int]:
        """The live documents with these keys."""
        packed = self._packed
        found: set[int] = set()
        for key in keys:
            at = bisect_left(packed, key << 32)
            if at < len(packed) and packed[at] >> 32 == key:
                found.add(packed[at] & 0xFFFFFFFF)
        return found


class _DocSet(query.Query):  # type: ignore[misc]
    """A bound Condition: a fixed set of documents, matched with a constant weight."""

    def __init__(self, docnums: set[int], bases: dict[str, int]) -> None:
        self.docnums = docnums
        self.bases = bases

    def __eq__(self, other: object) -> bool:
        """Equal when the documents are."""
        return isinstance(other, _DocSet) and other.docnums == self.docnums

    def __hash__(self) -> int:
        """Hash by size (sets do not hash)."""
        return len(self.docnums)

    def __repr__(self) -> str:
        """A short description, for debugging."""
        return f"_DocSet({len(self.docnums)} documents)"

    def field(self) -> None:
        """No whoosh field."""
        return None

    def estimate_size(self, reader: IndexReader) -> int:
        """As many as there are."""
        return len(self.docnums)

    def estimate_min_size(self, reader: IndexReader) -> int:
        """As many as there are."""
        return len(self.docnums)

    def matcher(self, searcher: Searcher, context: Any = None) -> Any:
        """The documents of the segment `searcher` reads, as a list matcher."""
        reader = searcher.reader()
        base = self.bases.get(_segment_id(reader) or "", 0)
        count = reader.doc_count_all()
        local = sorted(docnum - base for docnum in self.docnums if base <= docnum < base + count)
        return ListMatcher(local, [1.0] * len(local)) if local else NullMatcher()


class _Dates:
    """The published date of every live document, for date conditions and sorting by date.

    Date conditions become sets of document numbers by bisection here (~ms), where
    whoosh's range queries expand to thousands of term matchers (~175 ms at 100k).
    Sorting puts undated articles last (whoosh's column would put them first).
    """

    def __init__(self, searcher: Searcher, cache: dict[str, _SegmentDates]) -> None:
        self._segments = []
        for reader, base in searcher.reader().leaf_readers():
            segment = _segment_id(reader) or ""
            if segment not in cache:
                cache[segment] = _SegmentDates(reader)
            self._segments.append((cache[segment], base, reader))
        self._bases = [base for _, base, _ in self._segments]

    def within(self, span: DateSpan) -> set[int]:
        """Live documents dated inside the span."""
        found: set[int] = set()
        for dates, base, reader in self._segments:
            low = 0 if span.low is None else bisect_left(dates.keys, span.low)
            high = len(dates.keys) if span.high is None else bisect_right(dates.keys, span.high)
            docs = np.frombuffer(dates.order, dtype=np.int64)[low:high]  # a view, no copy
            if reader.has_deletions():
                found.update(base + d for d in docs.tolist() if not reader.is_deleted(d))
            else:
                found.update((docs + base).tolist())
        return found

    def by_date(self, docnums: set[int], count: int, newest: bool = True) -> list[int]:
        """The `count` newest (or oldest) of the documents, undated ones after all dated ones."""
        segments, bases = self._segments, self._bases
        sign = -1 if newest else 1

        def key(docnum: int) -> tuple[int, int, int]:
            """By date, then by document number; undated after all dated."""
            dates, base, _ = segments[bisect_right(bases, docnum) - 1]
            value = dates.values[docnum - base]
            return (1, 0, docnum) if value == _NO_DATE else (0, sign * value, docnum)

        if len(docnums) < _SCAN_FROM:
            return heapq.nsmallest(count, docnums, key=key)
        # Many documents: walk each segment from its newest (oldest) date on until it has
        # given `count` of them, instead of sorting them all.
        found: list[int] = []
        for dates, base, _ in segments:
            taken = 0
            for local in reversed(dates.order) if newest else dates.order:
                if base + local in docnums:
                    found.append(base + local)
                    taken += 1
                    if taken == count:
                        break
        best = heapq.nsmallest(count, found, key=key)
        if len(best) < count:  # too few dated ones: the undated follow
            dated = set(found)
            best += sorted(d for d in docnums if d not in dated)[: count - len(best)]
        return best


def _tree_unions(node: query.Query) -> query.Query:
    """The query with each OR matched as a tree of unions. Left to choose, whoosh reads every posting of an OR
    of three or more terms into arrays in segments of up to 5,000 articles, which a word as its stem and its
    name form in title and body (four terms) makes the common case: about 2.5x slower there, and equal in
    larger segments, where whoosh picks the tree itself."""
    if isinstance(node, query.Or):
        node.matcher_type = query.Or.DEFAULT_MATCHER
    for child in node.children():
        _tree_unions(child)
    return node


class IndexSearcher:
    """Searches one whoosh index and follows the commits a running build makes."""

    def __init__(self, index: Index) -> None:
        self._index = index
        self._weighting = FastBM25F()
        self._searcher = self._open_searcher()
        self._dates: _Dates | None = None
        self._segment_dates: dict[str, _SegmentDates] = {}
        self._keys: _Keys | None = None
        self._segment_keys: dict[str, array[int]] = {}
        self._languages: tuple[str | None, ...] | None = None

    def refresh(self) -> None:
        """Use the newest committed state of the index (cheap when nothing changed).

        A new searcher is opened rather than whoosh's `Searcher.refresh()`, which reuses
        the old segment readers: they miss new deletions and keep segments merged away.
        Per-segment tables survive, keyed by segment id. An index built anew by another process
        may have reached the generation number we hold: a segment of ours gone from the folder
        says so.
        """
        try:
            reader = self._searcher.reader()
            changed = self._index.latest_generation() != reader.generation()
            files = " ".join(self._index.storage.list())
            held = (_segment_id(leaf) for leaf, _ in reader.leaf_readers())
            if changed or any(segment is not None and segment not in files for segment in held):
                self.reopen()
        except Exception:  # noqa: BLE001 - a build is replacing the index this very moment: keep what is open
            return

    def reopen(self) -> None:
        """Open a new searcher on the newest generation (also after a file of an old one vanished)."""
        fresh = self._open_searcher()
        self._searcher.close()
        self._searcher = fresh
        self._dates = None
        self._keys = None
        self._languages = None
        live = {_segment_id(reader) or "" for reader, _ in self._searcher.reader().leaf_readers()}
        self._weighting.keep_only(live)
        self._segment_dates = {key: value for key, value in self._segment_dates.items() if key in live}
        self._segment_keys = {key: value for key, value in self._segment_keys.items() if key in live}

    def _open_searcher(self) -> Searcher:
        """A whoosh searcher on the newest generation, remembering its answers about terms."""
        searcher = self._index.searcher(weighting=self._weighting)
        remember_lookups(searcher)
        return searcher

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
            self._dates = _Dates(self._searcher, self._segment_dates)
        return self._dates

    def _condition_docs(self, about: NameCondition | DateSpan, names: NameRows) -> set[int]:
        """The live documents a condition stands for."""
        if isinstance(about, DateSpan):
            return self._date_index().within(about)
        if self._keys is None:
            self._keys = _Keys(self._searcher, self._segment_keys)
        return self._keys.docnums(names(about))

    def _index_terms(self) -> IndexTerms:
        """The terms of the current generation that query words stand for, in the archive's languages."""
        reader = self._searcher.reader()
        if self._languages is None:
            self._languages = archive_languages(reader)
        return IndexTerms(reader, self._languages)

    def _prepared(self, node: query.Query, terms: IndexTerms) -> query.Query:
        """The query over what the index holds: its words' compound forms, then their stems and written forms."""
        return _tree_unions(terms.rewrite(with_compounds(node, terms.known)))

    def _bind(self, node: query.Query, names: NameRows) -> query.Query:
        """The query with each Condition replaced by the documents it stands for."""
        bases = {_segment_id(reader) or "": base for reader, base in self._searcher.reader().leaf_readers()}
        return bind(node, lambda about: _DocSet(self._condition_docs(about, names), bases))

    def _allowed(self, parsed: ParsedQuery, names: NameRows) -> set[int] | None:
        """The documents the query's conditions and filters allow; None when it has none."""
        allowed: set[int] | None = None
        for about in parsed.conditions:
            docs = self._condition_docs(about, names)
            allowed = docs if allowed is None else allowed & docs
        for condition in parsed.filters:
            prepared = self._prepared(condition, self._index_terms())
            docs = set(self._searcher.docs_for_query(self._bind(prepared, names)))
            allowed = docs if allowed is None else allowed & docs
        return allowed

    def matched(self, parsed: ParsedQuery) -> Matched:
        """What the query matched in titles and bodies, for highlighting."""
        if parsed.scored is None:
            return Matched()
        terms = self._index_terms()
        self._prepared(parsed.scored, terms)
        return terms.matched()

    def _ids(self, docnums: Iterable[int]) -> list[str]:
        """The article ids of documents."""
        stored = self._searcher.stored_fields
        return [stored(docnum)["id"] for docnum in docnums]

    def _check_expansion(self, node: query.Query) -> None:
        """QueryError if prefixes, patterns and fuzzy terms stand for too many words in too many articles.

        Each such word is searched like any other, and whoosh's time grows with the number of
        words times the articles they are in: at 100k articles `co*` (1,022 words) took two
        minutes, `mon*` (64 words in 64k articles) 2.2 s, `elec*` (27 in 24k) 0.3 s.
        """
        reader = self._searcher.reader()
        words = postings = 0
        for leaf in leaves(node):
            if not isinstance(leaf, query.MultiTerm):
                continue
            for fieldname, text in leaf.expanded_terms(reader):
                words += 1
                postings += reader.doc_frequency(fieldname, text)
                if words * postings > MAX_EXPANSION_COST:
                    written = f"{leaf.text}{'*' if isinstance(leaf, query.Prefix) else ''}"
                    raise QueryError(f"'{written}' stands for too many words: give more letters (negotiat*, not ne*)")

    def search(
        self,
        parsed: ParsedQuery,
        names: NameRows,
        limit: int,
        offset: int = 0,
        sort: Sort = "relevance",
        keep: Keep | None = None,
    ) -> Page:
        """A page of hits by relevance, newest ("date") or oldest first; queries without words: by date.

        `names` answers name conditions with the rows of the articles the store holds. By
        relevance, when fewer articles than `offset + limit` hold every word of a query of
        plain words, the best partial matches follow them (`Page.partial`). `keep` chooses
        among the first `offset + limit` hits before the page is taken (folding near-copies by
        their rows: only the hits listed have their ids read).
        """
        if parsed.scored is query.NullQuery:
            return Page((), 0, True, Matched())
        if parsed.scored is not None:
            self._check_expansion(parsed.scored)
        allowed = self._allowed(parsed, names)
        terms = self._index_terms()
        scored = None if parsed.scored is None else self._bind(self._prepared(parsed.scored, terms), names)
        wanted = offset + limit
        if scored is None or sort != "relevance":
            if scored is None:
                docs = allowed or set()  # a query without words has conditions: `allowed` is a set
            else:
                docs = set(self._searcher.docs_for_query(scored))
                if allowed is not None:
                    docs &= allowed
            dated = self._date_index().by_date(docs, wanted, newest=sort != "oldest")
            rows = self._rows(dated)
            dated, rows = kept(keep, dated, rows)
            page = tuple((i, 0.0) for i in self._ids(dated[offset:]))
            return Page(page, len(docs), True, terms.matched(), keys=tuple(rows[offset:]))
        ranked, total, exact = self._top(scored, wanted, allowed)
        partial: dict[str, tuple[int, int]] = {}
        clauses = partial_clauses(parsed)
        if len(ranked) < wanted and clauses:  # every article with all the words is in `ranked`
            more = self._partial(clauses, names, allowed, {docnum for docnum, _ in ranked}, wanted - len(ranked))
            for docnum, article_id, score, held in more:
                ranked.append((docnum, score))
                partial[article_id] = (held, len(clauses))
        if not exact:  # at least as many as were ranked
            total = max(total, offset + len(ranked[offset:wanted]))
        rows = self._rows([docnum for docnum, _ in ranked])
        ranked, rows = kept(keep, ranked, rows)
        ranked, rows = ranked[offset:wanted], rows[offset:wanted]
        ids = self._ids(docnum for docnum, _ in ranked)
        hits = tuple((article_id, score) for article_id, (_, score) in zip(ids, ranked, strict=True))
        return Page(hits, total, exact, terms.matched(), partial, tuple(rows))

    def _top(
        self, node: query.Query, limit: int, allowed: set[int] | None
    ) -> tuple[list[tuple[int, float]], int, bool]:
        """The best `limit` documents with their scores, how many match and whether that count is exact.

        ranking.py scores every match with numpy (exact count); queries it does not evaluate
        (phrases) go to whoosh, which may skip low-scoring blocks and estimate the total when
        no condition restricts the documents.
        """
        if allowed is not None and not allowed:
            return [], 0, True  # whoosh would take an empty filter for no filter
        among = None if allowed is None else np.sort(np.fromiter(allowed, dtype=np.int64, count=len(allowed)))
        try:
            ranked = rank(self._searcher, node, limit, among)
            return ranked.hits, ranked.total, True
        except Unsupported:
            pass
        results = self._searcher.search(node, limit=limit, filter=allowed, optimize=allowed is None)
        hits = [(hit.docnum, float(hit.score or 0.0)) for hit in results]
        if results.has_exact_length():
            return hits, len(results), True
        return hits, results.estimated_length(), False

    def _partial(
        self, clauses: tuple[query.Query, ...], names: NameRows, allowed: set[int] | None, full: set[int], count: int
    ) -> list[tuple[int, str, float, int]]:
        """The best `count` articles holding some of the clauses but not all: (docnum, id, score, clauses held).

        Those holding more clauses come first, by score among equals; the candidates are the
        best-scoring of any clause (whoosh's scores add up over the clauses matched).
        """
        terms = self._index_terms()
        prepared = [self._bind(self._prepared(clause, terms), names) for clause in clauses]
        pool = max(count * PARTIAL_POOL, PARTIAL_MIN_POOL)
        found = self._searcher.search(query.Or(prepared), limit=pool, filter=allowed, mask=full or None)
        candidates = {hit.docnum: float(hit.score or 0.0) for hit in found}
        held = dict.fromkeys(candidates, 0)
        for sub, base in self._searcher.leaf_searchers():
            local = sorted(docnum - base for docnum in candidates if base <= docnum < base + sub.doc_count_all())
            if not local:
                continue
            for clause in prepared:
                matcher = clause.matcher(sub)
                for docnum in local:
                    if not matcher.is_active():
                        break
                    if matcher.id() < docnum:
                        matcher.skip_to(docnum)
                    if matcher.is_active() and matcher.id() == docnum:
                        held[base + docnum] += 1
        best = sorted(candidates, key=lambda docnum: (-held[docnum], -candidates[docnum]))[:count]
        ids = self._ids(best)
        return [
            (docnum, article_id, candidates[docnum], held[docnum]) for docnum, article_id in zip(best, ids, strict=True)
        ]

    def _matching(self, parsed: ParsedQuery, names: NameRows) -> set[int]:
        """Every document the query matches."""
        if parsed.scored is query.NullQuery:
            return set()
        allowed = self._allowed(parsed, names)
        if parsed.scored is None:
            return allowed or set()
        self._check_expansion(parsed.scored)
        docs = self._searcher.docs_for_query(self._bind(self._prepared(parsed.scored, self._index_terms()), names))
        return {docnum for docnum in docs if allowed is None or docnum in allowed}

    def count(self, parsed: ParsedQuery, names: NameRows) -> int:
        """The exact number of articles the query matches (slower than the estimate)."""
        return len(self._matching(parsed, names))

    def keys(self, parsed: ParsedQuery, names: NameRows) -> list[int]:
        """The keys (the articles' rows in the store) of every article the query matches."""
        return self._rows(sorted(self._matching(parsed, names)))

    def _rows(self, docnums: Sequence[int]) -> list[int]:
        """The keys (the articles' rows in the store) of documents, from each segment's key column."""
        if not docnums:  # an empty index's reader has no columns
            return []
        bases: list[int] = []
        columns: list[array[int]] = []
        for reader, base in self._searcher.reader().leaf_readers():
            segment = _segment_id(reader) or ""
            if segment not in self._segment_keys:
                self._segment_keys[segment] = column_values(reader, "key", 0)
            bases.append(base)
            columns.append(self._segment_keys[segment])
        if len(bases) == 1:
            return [columns[0][docnum] for docnum in docnums]
        at = [bisect_right(bases, docnum) - 1 for docnum in docnums]
        return [columns[i][docnum - bases[i]] for i, docnum in zip(at, docnums, strict=True)]

    def suggest(self, text: str) -> str | None:
        """A corrected query ("did you mean ...") from the words of the titles and bodies, or None."""
        try:
            parsed = query_parser().parse(text)
        except Exception:  # noqa: BLE001 - a query that does not parse has nothing to correct
            return None
        terms = self._index_terms()
        reader = terms.reader
        # Words the analyser split ("covid-19" -> a phrase) carry no place in the query
        # text, and whoosh's correction, which rewrites every token of a corrected word,
        # needs one: a word written so anywhere in the query is not corrected.
        unplaced = {
            (t.fieldname, t.text) for t in word_tokens(leaves(parsed)) if t.startchar is None or t.endchar is None
        }
        # Patterns and fuzzy words stand for several words: only plain words and phrases are corrected.
        words = (leaf for leaf in positive_leaves(parsed) if not isinstance(leaf, query.MultiTerm))
        unknown = [
            (t.fieldname, t.text)
            for t in word_tokens(words)
            if (t.fieldname, t.text) not in unplaced and not any(terms.known(f, t.text) for f in TEXT_FIELDS)
        ]
        if not unknown:
            return None
        # Suggestions come from the written forms as well as the indexed terms (those of words
        # that are their own stem), and from names (their marked terms, without the mark).
        corrector = MergedCorrector([reader.corrector(name) for name in (*TEXT_FIELDS, EXACT)], mark=NAME_MARK)
        correctors = dict.fromkeys(TEXT_FIELDS, corrector)
        # whoosh ranks all suggestions within maxdist by frequency alone; asking for one
        # edit first keeps "ulyanof" -> "ulyanov" ahead of a frequent word two edits away.
        for maxdist in (1, 2):
            correction = self._searcher.correct_query(
                parsed, text, correctors=correctors, terms=unknown, maxdist=maxdist, prefix=1
            )
            if correction.string and correction.string != text:
                return str(correction.string)
        return None
