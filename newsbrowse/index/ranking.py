"""Ranking a query's matches with numpy: every match scored at once, with whoosh's own scores, order and count.

whoosh scores a match at a time in Python, a few microseconds each: a common word's tens of
thousands of matches at 100k articles took 100-200 ms, and its block-quality skipping skips
nothing on archives of near-copies (the best scores are shared by many). Here each term's
postings are read a block at a time into arrays and the matcher tree whoosh builds is
evaluated on them, node by node as its matchers add scores (BM25F as `scoring.bm25` computes
it, sums in the tree's order), so scores are the same floats; a phrase's positions are read
only for the documents holding all its words. Matchers of other kinds (phrases with slop,
spans, coordination) are left to whoosh: `Unsupported`.
"""

from __future__ import annotations

import copy
import functools
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np
from whoosh import matching, query, scoring
from whoosh.query.compound import BinaryQuery, CompoundQuery
from whoosh.searching import Searcher

from newsbrowse.index.internals import Postings, array_union_of, filter_of, inverse_of, leaf_postings, postings_size

Scored = tuple[np.ndarray, np.ndarray]


class Unsupported(Exception):
    """The query has a matcher this module does not evaluate: whoosh must search it."""


@dataclass(frozen=True, slots=True)
class Ranked:
    """The best matches, by score then document number, and how many documents match in all."""

    hits: list[tuple[int, float]]
    total: int


def _bm25(scorer: Any, weights: np.ndarray, ids: np.ndarray) -> np.ndarray:
    """`scoring.bm25` of every posting, operation for operation (so the floats are whoosh's)."""
    lengths = getattr(scorer, "doc_lengths", None)
    if lengths is None:
        raise Unsupported("a scorer without preloaded field lengths")
    idf, avgfl, b, k1 = scorer.idf, scorer.avgfl, scorer.B, scorer.K1
    fl = lengths[ids]
    scores: np.ndarray = idf * ((weights * (k1 + 1)) / (weights + k1 * ((1 - b) + b * fl / avgfl)))
    return scores


def _scores(postings: Postings) -> np.ndarray:
    """Each posting's score, as its scorer gives it."""
    scorer = postings.scorer
    if scorer is None or type(scorer) is scoring.WeightScorer:
        return postings.weights
    if type(scorer) is scoring.BM25FScorer:
        return _bm25(scorer, postings.weights, postings.ids)
    raise Unsupported(type(scorer).__name__)


def _leaf(matcher: Any, within: np.ndarray | None) -> Scored:
    """A term's postings scored as its scorer scores them."""
    postings = leaf_postings(matcher, within=within)
    if postings is None:
        raise Unsupported(type(matcher).__name__)
    return postings.ids, _scores(postings)


def _term(matcher: Any, within: np.ndarray | None) -> tuple[Scored, list[bytes], Callable[[bytes], list[int]]]:
    """A phrase's term: its scored postings with each one's value and the decoder of its positions."""
    filtered = filter_of(matcher)
    if filtered is not None:
        child, ids, exclude = filtered
        (found, scores), values, positions = _term(child, within)
        keep = _member(found, ids) != exclude
        return (
            (found[keep], scores[keep] * matcher.boost),
            [v for v, k in zip(values, keep, strict=True) if k],
            positions,
        )
    if type(matcher) is matching.WrappingMatcher:
        (found, scores), values, positions = _term(matcher.child, within)
        return (found, scores * matcher.boost), values, positions
    postings = leaf_postings(matcher, values=True, within=within)
    if postings is None or postings.values is None or postings.positions is None:
        raise Unsupported(type(matcher).__name__)
    return (postings.ids, _scores(postings)), postings.values, postings.positions


def _all_of(items: list[Scored]) -> Scored:
    """Intersections in the tree `make_binary_tree` builds (the order whoosh adds their scores in)."""
    if len(items) == 1:
        return items[0]
    half = len(items) // 2
    return _intersection(_all_of(items[:half]), _all_of(items[half:]))


class _PhraseMatcher(matching.Matcher):  # type: ignore[misc]
    """Stands where whoosh would build SpanNear2's matcher for a phrase, which searches for its first match when
    made (reading the positions of every document holding all the words until one has them in order). It is
    inactive, so the matchers above it are made without searching either; `evaluate` reads `ms`."""

    def __init__(self, ms: list[Any]) -> None:
        self.ms = ms

    def is_active(self) -> bool:
        """Never: see the class."""
        return False


class _Phrase(query.Query):  # type: ignore[misc]
    """A phrase query whose matcher is a `_PhraseMatcher` (made as `Phrase.matcher` makes SpanNear2's)."""

    def __init__(self, phrase: query.Phrase) -> None:
        self.phrase = phrase

    def __eq__(self, other: object) -> bool:
        """Equal when the phrases are."""
        return isinstance(other, _Phrase) and other.phrase == self.phrase

    def __hash__(self) -> int:
        """The phrase's hash."""
        return hash(self.phrase)

    def estimate_size(self, reader: Any) -> int:
        """The phrase's estimate (whoosh orders the matcher tree by it)."""
        return int(self.phrase.estimate_size(reader))

    def estimate_min_size(self, reader: Any) -> int:
        """The phrase's estimate."""
        return int(self.phrase.estimate_min_size(reader))

    def matcher(self, searcher: Searcher, context: Any = None) -> Any:
        """As `Phrase.matcher`: no match when a word is not in the segment; the words' term matchers otherwise."""
        phrase = self.phrase
        if phrase.fieldname not in searcher.schema:
            return matching.NullMatcher()
        field = searcher.schema[phrase.fieldname]
        if phrase.slop != 1 or not field.format or not field.format.supports("positions"):
            raise Unsupported("a phrase with slop, or on a field without positions")
        reader = searcher.reader()
        terms = []
        for word in phrase.words:
            try:
                text = field.to_bytes(word)
            except ValueError:
                return matching.NullMatcher()
            if (phrase.fieldname, text) not in reader:
                return matching.NullMatcher()
            terms.append(query.Term(phrase.fieldname, text))
        found = _PhraseMatcher([term.matcher(searcher, context) for term in terms])
        return found if phrase.boost == 1.0 else matching.WrappingMatcher(found, boost=phrase.boost)


class _Intersection(matching.IntersectionMatcher):  # type: ignore[misc]
    """Stands where whoosh builds an IntersectionMatcher, which walks both sides to their first common document
    when made (decoding blocks of postings in Python). Inactive as `_PhraseMatcher` is, so that the matchers
    above it do not search either; `evaluate` reads `a` and `b`."""

    def __init__(self, a: Any, b: Any) -> None:
        matching.AdditiveBiMatcher.__init__(self, a, b)

    def is_active(self) -> bool:
        """Never: see the class."""
        return False


class _And(query.And):  # type: ignore[misc]
    """An And whose matcher is the tree `And` builds, of `_Intersection`s."""

    def _matcher(self, subs: list[query.Query], searcher: Searcher, context: Any) -> Any:
        """As `And._matcher`: a tree weighted by the subqueries' estimated sizes."""
        reader = searcher.reader()
        return self._tree_matcher(subs, _Intersection, searcher, context, lambda q: 0 - q.estimate_size(reader))


def lazy_matchers(node: query.Query) -> query.Query:
    """A copy of the query with each phrase a `_Phrase` and each And an `_And` (the rest shared; compound nodes
    keep their settings): its matchers search nothing when made."""
    if isinstance(node, query.Phrase):
        return _Phrase(node)
    if type(node) is query.And:
        return _And([lazy_matchers(child) for child in node.subqueries], boost=node.boost)
    if isinstance(node, query.Not):
        copied = copy.copy(node)
        copied.query = lazy_matchers(node.query)
        return copied
    if isinstance(node, BinaryQuery):
        copied = copy.copy(node)
        copied.a, copied.b = lazy_matchers(node.a), lazy_matchers(node.b)
        copied.subqueries = (copied.a, copied.b)
        return copied
    if isinstance(node, CompoundQuery):
        copied = copy.copy(node)
        copied.subqueries = [lazy_matchers(child) for child in node.subqueries]
        return copied
    return node


def _phrase(matcher: _PhraseMatcher, within: np.ndarray | None) -> Scored:
    """SpanNear2 for a phrase (ordered, slop 1): the documents holding every word with their scores summed as
    its intersection adds them, where the words' positions follow each other. The rarest word is read first,
    the others only where it is."""
    read: dict[int, tuple[Scored, list[bytes], Callable[[bytes], list[int]]]] = {}
    for word in sorted(range(len(matcher.ms)), key=lambda word: _size(matcher.ms[word])):
        read[word] = term = _term(matcher.ms[word], within)
        within = term[0][0] if within is None else within[_member(within, term[0][0])]
    terms = [read[word] for word in range(len(matcher.ms))]
    ids, scores = _all_of([scored for scored, _, _ in terms])
    if within is not None:  # documents outside `within` need no reading of positions
        keep = _member(ids, within)
        ids, scores = ids[keep], scores[keep]
    if not len(ids):
        return ids, scores
    located = [(np.searchsorted(found, ids), values, positions) for (found, _), values, positions in terms]
    keep = np.zeros(len(ids), dtype=bool)
    for row in range(len(ids)):
        first_at, first_values, first_decode = located[0]
        starts = set(first_decode(first_values[first_at[row]]))
        for offset, (at, values, decode) in enumerate(located[1:], 1):
            starts &= {position - offset for position in decode(values[at[row]])}
            if not starts:
                break
        keep[row] = bool(starts)
    return ids[keep], scores[keep]


def _array_union(parts: list[Any], boost: float, scored: bool, within: np.ndarray | None) -> Scored:
    """ArrayUnionMatcher: each part's score times the boost added in turn from 0.0; documents scoring 0 left out
    (as it leaves them)."""
    evaluated = [evaluate(part, within) for part in parts]
    ids = functools.reduce(_merged, [found for found, _ in evaluated], _EMPTY[0])
    scores = np.zeros(len(ids), dtype=np.float64)
    for found, part_scores in evaluated:
        at = np.searchsorted(ids, found)
        if scored:
            scores[at] += part_scores * boost
        else:
            scores[at] = 1.0
    keep = scores > 0
    return ids[keep], scores[keep]


def _member(ids: np.ndarray, among: np.ndarray) -> np.ndarray:
    """Which of `ids` are in `among` (both sorted, without repeats), by bisection: numpy's set functions sort
    again, and its unique() imports numpy.ma (0.1 s) on first use."""
    if not len(among):
        return np.zeros(len(ids), dtype=bool)
    at = np.minimum(np.searchsorted(among, ids), len(among) - 1)
    found: np.ndarray = among[at] == ids
    return found


def _merged(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """The sorted union of two sorted arrays without repeats."""
    ids = np.sort(np.concatenate((a, b)), kind="stable")
    if len(ids) < 2:
        return ids
    keep = np.empty(len(ids), dtype=bool)
    keep[0] = True
    np.not_equal(ids[1:], ids[:-1], out=keep[1:])
    merged: np.ndarray = ids[keep]
    return merged


def _both(a: np.ndarray, b: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The documents in both sorted arrays, and where they are in each."""
    in_b = _member(a, b)
    ids = a[in_b]
    return ids, np.flatnonzero(in_b), np.searchsorted(b, ids)


def _union(a: Scored, b: Scored) -> Scored:
    """UnionMatcher: a's score plus b's where both match (0.0 + x is x exactly)."""
    ids = _merged(a[0], b[0])
    scores = np.zeros(len(ids), dtype=np.float64)
    scores[np.searchsorted(ids, a[0])] = a[1]
    scores[np.searchsorted(ids, b[0])] += b[1]
    return ids, scores


def _intersection(a: Scored, b: Scored) -> Scored:
    """IntersectionMatcher: both match, a's score plus b's."""
    ids, at_a, at_b = _both(a[0], b[0])
    return ids, a[1][at_a] + b[1][at_b]


def _and_not(a: Scored, b: Scored) -> Scored:
    """AndNotMatcher: a where b does not match, a's score."""
    keep = ~_member(a[0], b[0])
    return a[0][keep], a[1][keep]


def _and_maybe(a: Scored, b: Scored) -> Scored:
    """AndMaybeMatcher: a, plus b's score where b matches too."""
    _, at_a, at_b = _both(a[0], b[0])
    scores = a[1].copy()
    scores[at_a] = a[1][at_a] + b[1][at_b]
    return a[0], scores


_EMPTY: Scored = (np.empty(0, dtype=np.int64), np.empty(0, dtype=np.float64))
_INTERSECTIONS = (matching.IntersectionMatcher, _Intersection)


def _size(matcher: Any) -> int:
    """About how many postings a matcher tree reads: to read the smaller side of an intersection first."""
    kind = type(matcher)
    if kind is matching.NullMatcherClass:
        return 0
    if kind is matching.UnionMatcher:
        return _size(matcher.a) + _size(matcher.b)
    if kind in _INTERSECTIONS:
        return min(_size(matcher.a), _size(matcher.b))
    if kind in (matching.AndNotMatcher, matching.AndMaybeMatcher):
        return _size(matcher.a)
    if kind is _PhraseMatcher:
        return min(_size(m) for m in matcher.ms)
    if kind is matching.WrappingMatcher or filter_of(matcher) is not None:
        return _size(matcher.child)
    return postings_size(matcher)


def evaluate(matcher: Any, within: np.ndarray | None = None) -> Scored:
    """Every document a matcher tree matches, sorted, with the score whoosh gives it; with `within` (sorted
    document numbers) at least every match among those, and perhaps others (with their right scores)."""
    kind = type(matcher)
    if kind is matching.NullMatcherClass:
        return _EMPTY
    if kind is matching.UnionMatcher:
        return _union(evaluate(matcher.a, within), evaluate(matcher.b, within))
    if kind in _INTERSECTIONS:
        if _size(matcher.b) < _size(matcher.a):
            second = evaluate(matcher.b, within)
            return _intersection(evaluate(matcher.a, second[0]), second)
        first = evaluate(matcher.a, within)
        return _intersection(first, evaluate(matcher.b, first[0]))
    if kind in (matching.AndNotMatcher, matching.AndMaybeMatcher):
        first = evaluate(matcher.a, within)
        combine = _and_not if kind is matching.AndNotMatcher else _and_maybe
        return combine(first, evaluate(matcher.b, first[0]))
    filtered = filter_of(matcher)
    if filtered is not None:
        child, ids, exclude = filtered
        found, scores = evaluate(child, within)
        keep = _member(found, ids) != exclude
        return found[keep], scores[keep] * matcher.boost
    if kind is matching.WrappingMatcher:
        found, scores = evaluate(matcher.child, within)
        return found, scores * matcher.boost
    if kind is _PhraseMatcher:
        return _phrase(matcher, within)
    union = array_union_of(matcher)
    if union is not None:
        return _array_union(*union, within)
    inverse = inverse_of(matcher)
    if inverse is not None:
        child, limit, weight, deleted = inverse
        among = np.arange(limit, dtype=np.int64) if within is None else within
        ids = among[~_member(among, _merged(evaluate(child, among)[0], deleted))]
        return ids, np.full(len(ids), weight, dtype=np.float64)
    return _leaf(matcher, within)


def rank(searcher: Searcher, node: query.Query, limit: int, allowed: np.ndarray | None) -> Ranked:
    """The `limit` best documents `node` matches among `allowed` (sorted document numbers; None: any), as
    whoosh's top collector orders them (score descending, then document number), and how many match."""
    found: list[np.ndarray] = []
    scored: list[np.ndarray] = []
    context = searcher.context()
    node = lazy_matchers(node)
    for sub, base in searcher.leaf_searchers():
        local = None
        if allowed is not None:
            local = allowed[(allowed >= base) & (allowed < base + sub.doc_count_all())] - base
        ids, scores = evaluate(node.matcher(sub, context), local)
        if local is not None:
            keep = _member(ids, local)
            ids, scores = ids[keep], scores[keep]
        found.append(ids + base)
        scored.append(scores)
    ids = np.concatenate(found) if found else np.empty(0, dtype=np.int64)
    scores = np.concatenate(scored) if scored else np.empty(0, dtype=np.float64)
    total = len(ids)
    if total > limit > 0:
        # Only the scores at or above the limit-th best can make the page; ties there are kept for the order.
        floor = -np.partition(-scores, limit - 1)[limit - 1]
        near = scores >= floor
        ids, scores = ids[near], scores[near]
    order = np.lexsort((ids, -scores))[:limit]
    return Ranked(list(zip(ids[order].tolist(), scores[order].tolist(), strict=True)), total)
