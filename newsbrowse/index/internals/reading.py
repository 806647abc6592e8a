"""Reading what whoosh keeps in its private file structures, in one go: field lengths, numeric columns, a term's
postings, spelling suggestions over several fields, partial dates."""

from __future__ import annotations

import io
import pickle
import sys
import threading
import zlib
from array import array
from collections import OrderedDict
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from itertools import accumulate
from typing import Any, Generic, TypeVar

import numpy as np
from whoosh.codec.whoosh3 import LENGTHS_COLUMN, WHOOSH3_HEADER_MAGIC, W3LeafMatcher, _lenfield
from whoosh.fields import DATETIME
from whoosh.formats import Format, Positions
from whoosh.matching import ListMatcher, Matcher
from whoosh.matching.combo import ArrayUnionMatcher
from whoosh.matching.wrappers import FilterMatcher, InverseMatcher
from whoosh.reading import IndexReader
from whoosh.spelling import Corrector
from whoosh.system import _INT_SIZE

_V = TypeVar("_V")


def field_lengths(reader: IndexReader, fieldname: str) -> bytes | None:
    """A segment's length bytes for one field (one per document, as whoosh stores them), read in one go;
    trailing documents without the field padded with 0. None when the reader keeps no lengths of it."""
    perdoc = getattr(reader, "_perdoc", None)
    column = perdoc._cached_reader(_lenfield(fieldname), LENGTHS_COLUMN) if perdoc is not None else None
    if column is None:
        return None
    raw: bytes = column._dbfile.get(column._basepos, column._count)
    return raw + bytes(reader.doc_count_all() - len(raw))


def column_values(reader: IndexReader, fieldname: str, default: int) -> array[int]:
    """A segment's 64-bit numeric column of one field, read in one go (documents past its end get `default`)."""
    column = reader.column_reader(fieldname, translate=False)
    values: array[int] = array("Q", [default]) * reader.doc_count_all()
    if hasattr(column, "_dbfile"):  # a segment where no document has a value has no column file
        stored = array("Q", column._dbfile.get(column._basepos, column._count * 8))
        if sys.byteorder == "little":
            stored.byteswap()  # whoosh writes big-endian
        values[: len(stored)] = stored
    return values


@dataclass(frozen=True, slots=True)
class Postings:
    """A term's postings in one segment: document numbers (sorted), weights as `weight()` gives them (float64),
    the matcher's scorer and, when asked for, each posting's encoded value and the decoder of its positions."""

    ids: np.ndarray
    weights: np.ndarray
    scorer: Any
    values: list[bytes] | None = None
    positions: Callable[[bytes], list[int]] | None = None


def _positions(value: bytes) -> list[int]:
    """`Positions.decode_positions` (a count, then the pickled gaps between positions) with the sum in C."""
    gaps = pickle.loads(value[_INT_SIZE:] if value.endswith(b".") else value[_INT_SIZE:] + b".")
    return list(accumulate(gaps))


def _positions_decoder(format_: Format) -> Callable[[bytes], list[int]]:
    """How a posting's value gives its positions: `_positions` for whoosh's Positions format, else its decoder."""
    decoder: Callable[[bytes], list[int]] = _positions if type(format_) is Positions else format_.decoder("positions")
    return decoder


def _list_postings(matcher: ListMatcher, values: bool) -> Postings | None:
    """`leaf_postings` of postings whoosh keeps in the term's entry (a ListMatcher)."""
    count = len(matcher._ids)
    ids = np.fromiter(matcher._ids, dtype=np.int64, count=count)
    if matcher._all_weights:
        weights = np.full(count, matcher._all_weights, dtype=np.float64)
    elif matcher._weights:
        weights = np.fromiter(matcher._weights, dtype=np.float64, count=count)
    else:
        weights = np.ones(count, dtype=np.float64)
    if not values:
        return Postings(ids, weights, matcher._scorer)
    if matcher._values is None or matcher._format is None:
        return None
    return Postings(ids, weights, matcher._scorer, list(matcher._values), _positions_decoder(matcher._format))


def _block_weights(weights: Any, count: int) -> Any:
    """A block's weights as `W3LeafMatcher.weight()` reads them."""
    if weights is None:
        return [1.0] * count
    if isinstance(weights, float):  # one weight for the block, read back as float32
        return [float(np.float32(weights))] * count
    return weights


class _Kept(Generic[_V]):
    """Values kept across searches up to a budget of bytes, the least recently used dropped.

    Keyed by a postings file's name (a segment's files are never rewritten) and where a term's postings start in
    it: a query's forms read the same terms again (a phrase in title and body, a word's exact and stemmed forms),
    and so do the searches a reader makes one after another.
    """

    def __init__(self, budget: int) -> None:
        self.budget = budget
        self.used = 0
        self._entries: OrderedDict[tuple[str, int], tuple[_V, int]] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: tuple[str, int]) -> _V | None:
        """The value kept under the key, or None."""
        with self._lock:
            entry = self._entries.get(key)
            if entry is None:
                return None
            self._entries.move_to_end(key)
            return entry[0]

    def put(self, key: tuple[str, int], value: _V, size: int) -> None:
        """Keep a value of `size` bytes (one bigger than a tenth of the budget is not kept)."""
        if size > self.budget // 10:
            return
        with self._lock:
            replaced = self._entries.pop(key, None)
            self.used += size - (replaced[1] if replaced is not None else 0)
            self._entries[key] = (value, size)
            while self.used > self.budget:
                self.used -= self._entries.popitem(last=False)[1][1]


# A term's postings read whole: ids, weights and (when read with them) values. The arrays are read-only: every
# caller shares them.
_Whole = tuple[np.ndarray, np.ndarray, list[bytes] | None]


@dataclass(frozen=True, slots=True)
class _Blocks:
    """Where a term's posting blocks are in the postings file: each block's last document, count of postings,
    data's start and end, and whether its data is compressed."""

    last: np.ndarray
    counts: list[int]
    starts: list[int]
    ends: list[int]
    compressed: list[bool]


# Decoded postings kept by every searcher of the process: 64 MB; terms' block headers: 8 MB.
DECODED: _Kept[_Whole] = _Kept(64 << 20)
BLOCKS: _Kept[_Blocks] = _Kept(8 << 20)


def _whole_size(ids: np.ndarray, values: list[bytes] | None) -> int:
    """About how many bytes a term's postings read whole take."""
    return 16 * len(ids) + (sum(len(value) + 41 for value in values) if values is not None else 0)


def _postings(matcher: W3LeafMatcher, ids: np.ndarray, weights: np.ndarray, values: list[bytes] | None) -> Postings:
    """A term's Postings, with the decoder of its values' positions when they are given."""
    if values is None:
        return Postings(ids, weights, matcher.scorer)
    return Postings(ids, weights, matcher.scorer, values, _positions_decoder(matcher.format))


def leaf_postings(matcher: Matcher, values: bool = False, within: np.ndarray | None = None) -> Postings | None:
    """A term's postings from its start, in one go (None for a matcher that is no term's postings); `values`
    keeps each posting's value (its positions) too. With `within` (sorted document numbers) only the blocks
    that may hold one of them are read: the postings then hold every one of those the term has, and others
    (all of them when they were read whole before, see `_Kept`)."""
    if type(matcher) is ListMatcher:
        return _list_postings(matcher, values)
    if not isinstance(matcher, W3LeafMatcher) or matcher._byteids:
        return None
    name = getattr(matcher._postfile, "_name", None)
    key = (name, int(matcher._startoffset)) if name else None
    kept = DECODED.get(key) if key is not None else None
    if kept is not None and (not values or kept[2] is not None):
        return _postings(matcher, kept[0], kept[1], kept[2] if values else None)
    blocks = BLOCKS.get(key) if key is not None else None
    if blocks is None:
        blocks = _block_headers(matcher)
        if key is not None:
            BLOCKS.put(key, blocks, 48 * len(blocks.counts) + 200)
    ids, weights, values_read, whole = _read_blocks(matcher, blocks, values, within)
    if key is not None and whole:
        ids.flags.writeable = weights.flags.writeable = False
        DECODED.put(key, (ids, weights, values_read), _whole_size(ids, values_read))
    return _postings(matcher, ids, weights, values_read)


def _block_headers(matcher: W3LeafMatcher) -> _Blocks:
    """A term's block headers, read as `W3LeafMatcher._goto` reads them walking its blocks (the matcher untouched:
    it need not have read anything yet)."""
    postfile = matcher._postfile
    if postfile.get(matcher._startoffset, len(WHOOSH3_HEADER_MAGIC)) != WHOOSH3_HEADER_MAGIC:
        raise ValueError(f"no postings at {matcher._startoffset} of {getattr(postfile, '_name', 'a postings file')}")
    last: list[int] = []
    counts: list[int] = []
    starts: list[int] = []
    ends: list[int] = []
    compressed: list[bool] = []
    position = matcher._startoffset + len(WHOOSH3_HEADER_MAGIC)
    while True:
        length = postfile.get_int(position)  # negative for the last block
        header = io.BytesIO(postfile.get(position + _INT_SIZE, abs(length)))
        count, maxid, _, compression, _, _ = pickle.load(header)
        last.append(maxid)
        counts.append(count)
        starts.append(position + _INT_SIZE + header.tell())
        position += _INT_SIZE + abs(length)
        ends.append(position)
        compressed.append(bool(compression))
        if length < 0:
            break
    return _Blocks(np.array(last, dtype=np.int64), counts, starts, ends, compressed)


def _read_blocks(
    matcher: W3LeafMatcher, blocks: _Blocks, values: bool, within: np.ndarray | None
) -> tuple[np.ndarray, np.ndarray, list[bytes] | None, bool]:
    """`leaf_postings` of on-disk postings, read block by block (only those that may hold a document `within`):
    ids, weights, values (if asked for) and whether every block was read."""
    chosen: list[int]
    if within is None:
        chosen = list(range(len(blocks.counts)))
    else:  # the block holding a document is the first whose last document is not before it
        at = np.searchsorted(blocks.last, within)
        at = at[at < len(blocks.counts)]
        first = np.ones(len(at), dtype=bool)
        np.not_equal(at[1:], at[:-1], out=first[1:])
        chosen = at[first].tolist()
    postfile = matcher._postfile
    fixed = matcher._fixedsize
    deltas: list[int] = []
    weights_read: list[float] = []
    values_read: list[bytes] = []
    firsts: list[int] = []
    for block in chosen:
        raw = postfile.get(blocks.starts[block], blocks.ends[block] - blocks.starts[block])
        data = pickle.loads(zlib.decompress(raw) if blocks.compressed[block] else raw)
        count = blocks.counts[block]
        firsts.append(len(deltas))
        deltas.extend(data[0])
        weights_read.extend(_block_weights(data[1], count))
        if values:
            values_read.extend(_block_values(data[2], count, fixed))
    steps = np.array(deltas, dtype=np.int64)
    if firsts:  # each block's first delta is its first document: not relative to the block read before
        steps[firsts[1:]] -= blocks.last[chosen[:-1]]
    whole = len(chosen) == len(blocks.counts)
    return np.cumsum(steps), np.array(weights_read, dtype=np.float64), values_read if values else None, whole


def _block_values(stored: Any, count: int, fixed: int | None) -> Any:
    """A block's values as `W3LeafMatcher._read_values` reads them."""
    if fixed is None or fixed < 0:
        return stored
    if fixed == 0:
        return (None,) * count
    return [stored[at : at + fixed] for at in range(0, len(stored), fixed)]


def postings_size(matcher: Matcher) -> int:
    """How big a term's postings are (bytes on disk, or postings kept in the term's entry): to read the
    smallest first."""
    if type(matcher) is ListMatcher:
        return len(matcher._ids)
    if isinstance(matcher, W3LeafMatcher):
        length = matcher._length  # W3TermInfo unpacks it as a 1-tuple
        return int(length[0] if isinstance(length, tuple) else length)
    return 1 << 40


def inverse_of(matcher: Matcher) -> tuple[Matcher, int, float, np.ndarray] | None:
    """A NOT's matcher (InverseMatcher): its child, how many documents it ranges over, the score it gives and
    the deleted documents it skips (sorted); None for other matchers, or one skipping documents otherwise."""
    if type(matcher) is not InverseMatcher:
        return None
    missing = matcher.missing
    reader = getattr(missing, "__self__", None)
    if reader is None or getattr(missing, "__name__", "") != "is_deleted":
        return None
    limit = int(matcher.limit)
    deleted = [docnum for docnum in range(limit) if reader.is_deleted(docnum)] if reader.has_deletions() else []
    return matcher.child, limit, float(matcher._weight), np.array(deleted, dtype=np.int64)


def filter_of(matcher: Matcher) -> tuple[Matcher, np.ndarray, bool] | None:
    """A FilterMatcher's child, the document numbers it filters by (sorted) and whether it excludes them."""
    if type(matcher) is not FilterMatcher:
        return None
    ids = np.array(sorted(matcher._ids), dtype=np.int64)
    return matcher.child, ids, bool(matcher._exclude)


def array_union_of(matcher: Matcher) -> tuple[list[Matcher], float, bool] | None:
    """An ArrayUnionMatcher's (whoosh's OR of many clauses in small segments) sub-matchers, boost and whether it
    scores; None for other matchers."""
    if type(matcher) is not ArrayUnionMatcher:
        return None
    return list(matcher._submatchers), float(matcher._boost), bool(matcher._scored)


class MergedCorrector(Corrector):  # type: ignore[misc]
    """Spelling suggestions from the words of several fields together, each word with its best score.

    Terms ending in `mark` (names, marked) are suggested without it, found at the distance
    of the word as written. whoosh's MultiCorrector yields (word, score) where its callers
    expect (score, word).
    """

    def __init__(self, correctors: list[Corrector], mark: str = "") -> None:
        self.correctors = correctors
        self.mark = mark

    def _suggestions(self, text: str, maxdist: int, prefix: int) -> Iterator[tuple[float, str]]:
        """The best score of each suggestion over all fields (whoosh's Corrector calls this)."""
        best: dict[str, float] = {}
        mark = self.mark
        for corrector in self.correctors:
            for score, word in corrector._suggestions(text, maxdist, prefix):
                if not mark or not word.endswith(mark):
                    best[word] = max(score, best.get(word, score))
            for score, word in corrector._suggestions(text + mark, maxdist, prefix) if mark else ():
                if word.endswith(mark):
                    word = word[: -len(mark)]
                    best[word] = max(score, best.get(word, score))
        return ((score, word) for word, score in best.items())


def partial_date(field: DATETIME, text: str) -> Any:
    """The (possibly partial) date a query names ("2021", "2021-05"), as whoosh's adatetime, with its floor()
    and ceil(); whoosh raises bare Exception (and TimeError) for text that is no date."""
    return field._parse_datestring(text)
