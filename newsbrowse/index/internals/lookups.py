"""Searchers and segment readers that remember what queries ask them about terms, and term matchers that read
nothing until they are stepped through."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from whoosh.codec.whoosh3 import W3LeafMatcher
from whoosh.searching import Searcher

# Term lookups each segment reader remembers, of each kind (where a term's entry is, the entry, its document
# count): a query asks about tens of terms; a few thousand of each kind take a few MB a segment at most.
TERM_LOOKUPS = 1 << 12


class LazyLeafMatcher(W3LeafMatcher):  # type: ignore[misc]
    """A term's on-disk postings matcher, as whoosh's, that reads its postings' header and first block only when a
    caller first steps through it.

    whoosh reads them when it makes the matcher, for every term of a query in every segment,
    where ranking.py reads a term's blocks itself from the header walk it keeps (reading.py),
    or skips the term. Until then the matcher holds what its constructor is given; any other
    attribute asked for reads the header first, as the constructor would have.
    """

    def __init__(self, postfile: Any, startoffset: int, length: int, format_: Any, term: Any, scorer: Any) -> None:
        self._postfile = postfile
        self._startoffset = startoffset
        self._length = length
        self.format = format_
        self._term = term
        self._byteids = None
        self.scorer = scorer
        self._fixedsize = format_.fixed_value_size()

    def __getattr__(self, name: str) -> Any:
        """Read the header and the first block's header (once), then the attribute."""
        if name.startswith("__") or "_baseoffset" in self.__dict__:
            raise AttributeError(name)
        self._read_header()
        self.reset()
        return getattr(self, name)


def remember_lookups(searcher: Searcher) -> None:
    """Make each segment of the searcher remember its answers about terms, and make lazy term matchers; the
    searcher remembers its fields' average lengths (a sum over the segments, asked for every term's scorer).

    A query asks a segment about one term many times (is it there, how many documents,
    its entry for the postings and the scorer, each estimate that orders the matcher tree),
    and each time whoosh hashes the term and probes its terms file in Python; with a dozen
    segments that was a third of a search. The answers come from bounded caches now (a
    segment's files never change once written; unknown terms are not remembered by
    `term_info` and `doc_frequency`, which raise for them, but are by the hash lookup).
    """
    searcher.avg_field_length = lru_cache(maxsize=None)(searcher.avg_field_length)
    for leaf, _ in searcher.reader().leaf_readers():
        terms = getattr(leaf, "_terms", None)
        table = getattr(terms, "_tindex", None)
        if terms is None or table is None or "ranges_for_key" in vars(table):
            continue
        find = type(table).ranges_for_key
        table.ranges_for_key = lru_cache(maxsize=TERM_LOOKUPS)(
            lambda key, table=table, find=find: tuple(find(table, key))
        )
        terms.term_info = lru_cache(maxsize=TERM_LOOKUPS)(terms.term_info)
        terms.doc_frequency = lru_cache(maxsize=TERM_LOOKUPS)(terms.doc_frequency)
        terms.matcher = _lazy_matchers(terms)


def _lazy_matchers(terms: Any) -> Any:
    """`W3TermsReader.matcher` (and its codec's `postings_reader`) making a LazyLeafMatcher for on-disk postings."""
    made_by_codec = type(terms).matcher.__get__(terms)

    def matcher(fieldname: str, tbytes: bytes, format_: Any, scorer: Any = None) -> Any:
        """The term's matcher: postings kept in its entry as whoosh makes them, on-disk ones lazily."""
        info = terms.term_info(fieldname, tbytes)
        if info.is_inlined():
            return made_by_codec(fieldname, tbytes, format_, scorer=scorer)
        offset, length = info.extent()
        return LazyLeafMatcher(terms._postfile, offset, length, format_, (fieldname, tbytes), scorer)

    return matcher
