"""Near-copies: articles whose bodies are near-duplicates (wire copies, trimmed or re-headlined) form a group.

A body is read as its set of word 5-grams ("shingles"). Two bodies are near-copies when at least
`CONTAINED` of the shorter one's shingles are in the longer one and their Jaccard similarity is
at least `THRESHOLD`. Candidates are found without comparing every pair: a MinHash signature of
`PERMUTATIONS` values (one-permutation MinHash: the shingle hashes' range cut into
`PERMUTATIONS` bins, each giving its least hash, an empty bin its next bin's) is cut into
`BANDS` bands, each stored as one key (locality-sensitive hashing); articles sharing a key are
candidates, the stored signatures screen them, and the bodies' exact shingles decide. Keys and
signatures live in the store, so a new article joins an existing group without a rebuild. A
group holds each key once (a copy writes only the keys its group lacks; they come back to the
members when their holder goes), so the rows a key lookup reads grow with the stories, not with
the copies of each.

Why these numbers: a copy with a new byline or headline keeps ~0.95-1.0 of its shingles; one
with paragraphs cut keeps nearly all of its own shingles in the original (containment ~0.9-1.0)
even when the cut is large (Jaccard down to ~0.3 when a third goes); two different stories on
the same topic share under 0.05 (5-grams are rarely shared by chance). Containment 0.8 sits far
from both; Jaccard 0.2 keeps a short passage that many articles quote whole (a boilerplate
paragraph) from joining them all into one group. With 24 bands of 2 values a pair at Jaccard
0.3 becomes a candidate with probability 1-(1-0.3^2)^24 = 0.90, at 0.5 0.999.

One permutation, not one hash per value: the shingles are already sorted hashes, so the 48
values are one binary search, not 48 hashes of every shingle; two bodies' values agree, bin by
bin, with probability their Jaccard similarity, as with 48 hashes (the benchmark's precision and
recall held when the scheme changed). The signature is computed with numpy, not datasketch:
datasketch's package import pulls in scipy (~0.7 s per process, paid by every incremental update
and by each build worker) for what is a dozen lines of array arithmetic here.
"""

from __future__ import annotations

import re
import sqlite3
from collections import Counter
from collections.abc import Iterable, Sequence

import numpy as np

from newsbrowse.store.base import StoreBase, in_chunks

SHINGLE = 5
PERMUTATIONS = 48
BANDS = 24
CONTAINED = 0.8
THRESHOLD = 0.2
# Candidates whose signatures agree on fewer values than this share are not read (far below THRESHOLD);
# those agreeing on this share or more are copies without reading them (Jaccard ~0.9: containment and
# Jaccard both far above the thresholds; a pair that is no near-copy, containment under 0.8, agrees so with
# probability under 1% (simulated for bodies of 8 to 300 shingles; the shortest, whose empty bins borrow values, come
# nearest).
_SCREEN = 0.1
_SURE = 0.9
# Bodies with fewer shingles are stubs ("Page not found", a caption): never grouped.
MIN_SHINGLES = 8
# A new article is compared with at most this many candidates (the budget of a template-heavy archive).
MAX_CANDIDATES = 64
# Shingles kept while a batch is grouped (8 bytes each).
_KEPT_SHINGLES = 1 << 20

_NOT_WORD = re.compile(r"\W")
# The polynomial hashes: of a word's code points, and of a shingle's word hashes (position matters). Odd bases have
# inverses modulo 2**64.
_BASE = 0x100000001B3
_WORD_BASE = 0x9E3779B97F4A7C15
# Powers of each base kept for bodies up to this many characters (longer ones compute their own).
_KEPT = 1 << 20
_POWERS: dict[int, tuple[np.ndarray, np.ndarray]] = {}
# Whether each code point of the Basic Multilingual Plane is a word character (regex \w), made at first use.
_WORD_CHARS = np.zeros(0, dtype=bool)
# ASCII bytes as bytes.translate keeps them: word characters as they are, the others zero.
_ASCII_WORDS = b""
_RANDOM = np.random.default_rng(20151)
# Where each of the signature's bins of the 32-bit shingle hashes starts.
_BIN_STARTS = ((np.arange(PERMUTATIONS, dtype=np.uint64) << np.uint64(32)) + np.uint64(PERMUTATIONS - 1)) // np.uint64(
    PERMUTATIONS
)
# A band is two signature values, read as one 64-bit number; each band's odd multiplier and offset.
assert PERMUTATIONS == 2 * BANDS
_BAND_A = _RANDOM.integers(1, 2**63, size=BANDS, dtype=np.uint64) * np.uint64(2) + np.uint64(1)
_BAND_B = _RANDOM.integers(0, 2**63, size=BANDS, dtype=np.uint64)


def _word_chars(points: np.ndarray) -> np.ndarray:
    r"""Whether each code point is a word character (regex \w): a table for the BMP, the regex beyond it."""
    global _WORD_CHARS, _ASCII_WORDS
    if not len(_WORD_CHARS):
        # The regex marks the BMP's non-word characters in one pass: a table made in ~20 ms, not 65,536 calls.
        marked = _NOT_WORD.sub("\0", "".join(map(chr, range(0x10000))))
        _WORD_CHARS = np.frombuffer(marked.encode("utf-32-le", "surrogatepass"), dtype="<u4") != 0
        _ASCII_WORDS = bytes(byte if _WORD_CHARS[byte] and byte < 0x80 else 0 for byte in range(256))
    if not len(points) or int(points.max()) < 0x10000:
        return np.asarray(_WORD_CHARS[points], dtype=bool)
    beyond = points >= 0x10000
    found = _WORD_CHARS[np.where(beyond, 0, points)]
    found[beyond] = [_NOT_WORD.match(chr(point)) is None for point in points[beyond].tolist()]
    return found


def _word_hashes(text: str) -> np.ndarray:
    """A 64-bit hash of each word (run of regex word characters) of a text, all computed at once: a polynomial
    hash of its code points, summed over each word's with the other characters zeroed, then divided by the
    base's power at the word's start (modulo 2**64, where the odd base has an inverse)."""
    if not _ASCII_WORDS:
        _word_chars(np.zeros(0, dtype="<u4"))
    if text.isascii():  # a byte is its code point, kept or zeroed by one translation
        padded = np.frombuffer(b"\0" + text.encode("ascii").translate(_ASCII_WORDS) + b"\0", dtype=np.uint8)
    else:
        points = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype="<u4")
        padded = np.zeros(len(points) + 2, dtype=np.uint32)
        np.multiply(points, _word_chars(points), out=padded[1:-1])
    word = padded != 0
    # Words and gaps alternate: the changes of class are a word's start, its end, the next start...
    starts = np.flatnonzero(word[1:] != word[:-1])[0::2]
    if not len(starts):
        return np.empty(0, dtype=np.uint64)
    data = padded[1:-1]
    powers, inverses = _powers(_BASE, len(data))
    # The gaps are zero: the sum from a word's start to the next one's is the word's alone.
    return np.asarray(np.add.reduceat(data * powers, starts) * inverses[starts], dtype=np.uint64)


def _powers(base: int, size: int) -> tuple[np.ndarray, np.ndarray]:
    """An odd base's powers 0..size-1 and their inverses modulo 2**64 (kept for sizes up to `_KEPT`)."""
    kept = _POWERS.get(base, (np.ones(0, dtype=np.uint64),) * 2)
    if size > len(kept[0]):
        length = max(size, 2 * len(kept[0])) if size <= _KEPT else size
        one = np.ones(1, dtype=np.uint64)
        powers = np.concatenate((one, np.cumprod(np.full(length - 1, base, dtype=np.uint64))))
        inverse = pow(base, -1, 2**64)
        inverses = np.concatenate((one, np.cumprod(np.full(length - 1, inverse, dtype=np.uint64))))
        if size > _KEPT:
            return powers, inverses
        kept = _POWERS[base] = (powers, inverses)
    return kept[0][:size], kept[1][:size]


def shingles(body: str) -> np.ndarray:
    """The distinct word 5-grams of a body as 32-bit hashes (case folded)."""
    words = _word_hashes(body.casefold())
    count = len(words) - SHINGLE + 1
    if count <= 0:
        return np.empty(0, dtype=np.uint64)
    # A shingle's hash is the polynomial hash of its words' hashes, read off prefix sums as a word's is.
    powers, inverses = _powers(_WORD_BASE, len(words))
    prefix = np.zeros(len(words) + 1, dtype=np.uint64)
    np.cumsum(words * powers, out=prefix[1:])  # wraps modulo 2**64, as intended
    mixed = (prefix[SHINGLE:] - prefix[:count]) * inverses[:count]
    return _distinct(mixed >> np.uint64(32))


def _distinct(values: np.ndarray) -> np.ndarray:
    """The distinct values, sorted: np.unique's result, which for a few hundred 64-bit ints costs it several
    times a sort (numpy 2's hash-based unique)."""
    ordered = np.sort(values)
    first = np.ones(len(ordered), dtype=bool)
    np.not_equal(ordered[1:], ordered[:-1], out=first[1:])
    return ordered[first]


def signature(body: str) -> bytes:
    """A body's MinHash signature (`PERMUTATIONS` 32-bit values), or b"" for a stub never grouped."""
    found = shingles(body)
    if len(found) < MIN_SHINGLES:
        return b""
    # One-permutation MinHash: each value is the least shingle hash from its bin's start on, circularly (an
    # empty bin takes the next bin's least, as densification by rotation does), read off the sorted shingles.
    return bytes(found[np.searchsorted(found, _BIN_STARTS) % len(found)].astype("<u4").tobytes())


def band_keys(signature: bytes) -> list[int]:
    """The LSH keys of a signature, one per band: each band's two values as one 64-bit number, mapped one-to-one
    by its band's own odd multiplier and offset (one-to-one: a band's distinct values never share a key)."""
    if not signature:
        return []
    values = np.frombuffer(signature, dtype="<u8")
    return list((values * _BAND_A + _BAND_B).view(np.int64).tolist())


def agreement(first: bytes, second: bytes) -> float:
    """The share of two signatures' values that are equal: an estimate of their bodies' Jaccard similarity."""
    if len(first) != len(second) or not first:
        return 0.0
    return int(np.count_nonzero(np.frombuffer(first, "<u4") == np.frombuffer(second, "<u4"))) / (len(first) // 4)


def near_copies(first: np.ndarray, second: np.ndarray) -> bool:
    """Whether two bodies' shingles (sorted, distinct) make them near-copies."""
    if not len(first) or not len(second):
        return False
    shared = len(np.intersect1d(first, second, assume_unique=True))
    return shared >= CONTAINED * min(len(first), len(second)) and jaccard(first, second) >= THRESHOLD


def jaccard(first: np.ndarray, second: np.ndarray) -> float:
    """The Jaccard similarity of two sets of shingles (sorted, distinct)."""
    if not len(first) or not len(second):
        return 0.0
    shared = len(np.intersect1d(first, second, assume_unique=True))
    return shared / (len(first) + len(second) - shared)


class _Shingled:
    """The shingles of the articles one batch's grouping verifies, each body read and shingled once.

    A batch's copies of one story verify each other (each against the next, then as its turn
    comes): without this every check read and shingled both bodies again.
    """

    def __init__(self, db: sqlite3.Connection, bodies: dict[int, str]) -> None:
        self._db = db
        self._bodies = bodies  # the batch's own articles, at hand
        self._made: dict[int, np.ndarray] = {}
        self._kept = 0

    def __call__(self, rowid: int) -> np.ndarray | None:
        """An article's shingles, or None when it is gone."""
        found = self._made.get(rowid)
        if found is None:
            body = self._bodies.get(rowid)
            if body is None:
                row = self._db.execute("SELECT body FROM articles WHERE rowid = ?", (rowid,)).fetchone()
                if row is None:
                    return None
                body = row[0]
            found = shingles(body)
            if self._kept + len(found) > _KEPT_SHINGLES:  # the memory budget: start again
                self._made.clear()
                self._kept = 0
            self._made[rowid] = found
            self._kept += len(found)
        return found


# The most groups whose members are kept between searches (a story's copies come back search after search).
_MEMBERS_KEPT = 20_000


class CopyGroups(StoreBase):
    """The store's groups of near-copies (a part of Store): joined as articles are written, left as they go."""

    _queued_copies: list[tuple[int, str, bytes, list[int]]]
    # (the store's version, articles per story) as last counted.
    _per_story: tuple[tuple[int, int], float] | None = None
    _members: tuple[tuple[int, int], dict[int, tuple[str, ...]]] | None = None

    def _queue_copy(self, rowid: int, body: str, signature: bytes) -> None:
        """Queue a just-queued article's signature (b"" for a stub: nothing) for `_write_copies`."""
        if signature:
            self._queued_copies.append((rowid, body, signature, band_keys(signature)))

    def _write_copies(self) -> None:
        """Write the queued signatures, then put each article in its group and write the band keys it adds."""
        queued = self._queued_copies
        if not queued:
            return
        self._db.executemany("INSERT INTO signatures VALUES (?, ?)", [(rowid, made) for rowid, _, made, _ in queued])
        # In the batch's order: each article meets every one before it, of this batch or an earlier one.
        shingled = _Shingled(self._db, {rowid: body for rowid, body, _, _ in queued})
        for rowid, _, made, keys in queued:
            self._group_new(rowid, made, keys, shingled)
        queued.clear()

    def _group_new(self, rowid: int, signature: bytes, keys: list[int], shingled: _Shingled) -> None:
        """Put a just-written article (its signature written too) in the group of its near-copies; write its keys."""
        if not keys:
            return
        found = self._db.execute(
            "SELECT b.key, b.article, c.grp FROM bands b LEFT JOIN copies c ON c.article = b.article"
            f" WHERE b.key IN ({','.join('?' * len(keys))})",
            keys,
        ).fetchall()
        shared = Counter(article for _, article, _ in found)
        groups = {article: group for _, article, group in found}
        matched: list[tuple[int, int | None]] = []
        joined: set[int] = set()
        # Candidates sharing most bands first: the likeliest copies are verified first.
        for candidate in sorted(shared, key=lambda article: (-shared[article], article))[:MAX_CANDIDATES]:
            group = groups[candidate]
            if group is not None and group in joined:
                continue  # one verified member is enough to join a group
            theirs = self._db.execute("SELECT signature FROM signatures WHERE article = ?", (candidate,)).fetchone()
            agreed = agreement(signature, theirs[0]) if theirs else 0.0
            if agreed < _SCREEN:
                continue
            if agreed < _SURE:
                mine, other = shingled(rowid), shingled(candidate)
                if mine is None or other is None or not near_copies(mine, other):
                    continue
            matched.append((candidate, group))
            if group is not None:
                joined.add(group)
        held: set[int] = set()
        if matched:
            self._join(rowid, matched, joined)
            # A key another member of the group holds finds the group already: each is kept once per group, so
            # a key's rows stay about one per story, not one per copy (a wire story in 50 outlets: 50 times fewer).
            members = {article for article, group in groups.items() if group in joined}
            members.update(candidate for candidate, group in matched if group is None)
            held = {key for key, article, _ in found if article in members}
        self._db.executemany(
            "INSERT OR IGNORE INTO bands VALUES (?, ?)", [(key, rowid) for key in keys if key not in held]
        )

    def _join(self, rowid: int, matched: list[tuple[int, int | None]], joined: set[int]) -> None:
        """Make an article and its verified copies (`matched`: article, group or None) one group."""
        if joined:
            label = min(joined)
            others = sorted(joined - {label})
            if others:  # the article bridges groups: they become one
                self._db.execute(
                    f"UPDATE copies SET grp = ? WHERE grp IN ({','.join('?' * len(others))})", (label, *others)
                )
        else:
            label = int(self._db.execute("SELECT coalesce(max(grp), 0) + 1 FROM copies").fetchone()[0])
        members = [rowid, *(candidate for candidate, group in matched if group is None)]
        self._db.executemany("INSERT OR REPLACE INTO copies VALUES (?, ?)", [(member, label) for member in members])

    def _drop_copies(self, rowids: Sequence[int]) -> None:
        """Forget the signatures, band keys and group places of articles about to be deleted."""
        groups: set[int] = set()
        for rowid in rowids:
            row = self._db.execute("SELECT signature FROM signatures WHERE article = ?", (rowid,)).fetchone()
            if row is not None:
                self._db.executemany(
                    "DELETE FROM bands WHERE key = ? AND article = ?", [(key, rowid) for key in band_keys(row[0])]
                )
            groups.update(found[0] for found in self._db.execute("SELECT grp FROM copies WHERE article = ?", (rowid,)))
        self._db.executemany("DELETE FROM signatures WHERE article = ?", [(rowid,) for rowid in rowids])
        self._db.executemany("DELETE FROM copies WHERE article = ?", [(rowid,) for rowid in rowids])
        # The keys the group kept once may have gone with these articles: its members hold all theirs again.
        for group in groups:
            self._db.executemany(
                "INSERT OR IGNORE INTO bands VALUES (?, ?)",
                [
                    (key, member)
                    for member, made in self._db.execute(
                        "SELECT s.article, s.signature FROM copies c JOIN signatures s ON s.article = c.article"
                        " WHERE c.grp = ?",
                        (group,),
                    ).fetchall()
                    for key in band_keys(made)
                ],
            )
        # A group left with one article is no group.
        self._db.executemany(
            "DELETE FROM copies WHERE grp = ? AND (SELECT count(*) FROM copies WHERE grp = ?) < 2",
            [(group, group) for group in groups],
        )

    def other_copies(self, groups: dict[str, int]) -> dict[str, tuple[str, ...]]:
        """For articles with their groups of near-copies: the ids of the other articles of each one's, oldest first."""
        members = self.group_members(groups.values())
        return {
            article_id: tuple(other for other in members.get(group, ()) if other != article_id)
            for article_id, group in groups.items()
        }

    def groups_of(self, ids: Sequence[str]) -> dict[str, int]:
        """The group of near-copies of each of these articles that has copies."""
        groups: dict[str, int] = {}
        with self._lock:
            for chunk, marks in in_chunks(ids):
                groups.update(
                    self._db.execute(
                        f"SELECT a.id, c.grp FROM copies c JOIN articles a ON a.rowid = c.article WHERE a.id IN ({marks})",
                        chunk,
                    ).fetchall()
                )
        return groups

    def groups_of_rows(self, rows: Sequence[int]) -> dict[int, int]:
        """The group of near-copies of each of these articles (rows) that has copies."""
        groups: dict[int, int] = {}
        with self._lock:
            for chunk, marks in in_chunks(rows):
                groups.update(self._db.execute(f"SELECT article, grp FROM copies WHERE article IN ({marks})", chunk))
        return groups

    def group_members(self, groups: Iterable[int]) -> dict[int, tuple[str, ...]]:
        """The ids of the articles of each of these groups of near-copies, oldest first.

        Kept until the store changes: reading a group's members reads each member's row (its
        body's pages), and the same stories come back search after search.
        """
        wanted = set(groups)
        with self._lock:
            version = self._version()
            if self._members is None or self._members[0] != version or len(self._members[1]) > _MEMBERS_KEPT:
                self._members = (version, {})
            known = self._members[1]
            missing = sorted(wanted - known.keys())
            read: dict[int, list[str]] = {group: [] for group in missing}
            for labels, marks in in_chunks(missing):
                for group, article_id in self._db.execute(
                    "SELECT c.grp, a.id FROM copies c JOIN articles a ON a.rowid = c.article"
                    f" WHERE c.grp IN ({marks}) ORDER BY a.day NULLS LAST, a.id",
                    labels,
                ):
                    read[group].append(article_id)
            known.update((group, tuple(ids)) for group, ids in read.items() if ids)
            return {group: known[group] for group in wanted if group in known}

    def articles_per_story(self) -> float:
        """Articles per distinct story (1.0 without near-copies), counted again when the store changes."""
        version = self._version()
        if self._per_story is None or self._per_story[0] != version:
            articles = self.article_count()
            self._per_story = (version, articles / max(articles - self.duplicate_count(), 1))
        return self._per_story[1]

    def duplicate_count(self) -> int:
        """How many articles are near-copies of another (each group's articles but one)."""
        with self._lock:
            row = self._db.execute("SELECT count(*) - count(DISTINCT grp) FROM copies").fetchone()
        return int(row[0])


class Folding:
    """Near-copies folded in a listing of ranked articles: each group shows as its first article listed.

    Called with the rows of the articles in rank order (a batch at a time: groups listed in an
    earlier batch stay listed), it gives the positions of those to list.
    """

    def __init__(self, store: CopyGroups) -> None:
        self.store = store
        self.ranked = 0  # how many rows the last call was given
        self._groups: dict[int, int] = {}  # the group of each listed row that has copies
        self._seen: set[int] = set()

    def __call__(self, rows: list[int]) -> list[int]:
        """The positions of the rows to list: those in no group listed before."""
        self.ranked = len(rows)
        groups = self.store.groups_of_rows(rows)
        kept: list[int] = []
        for at, row in enumerate(rows):
            group = groups.get(row)
            if group is not None:
                if group in self._seen:
                    continue
                self._seen.add(group)
                self._groups[row] = group
            kept.append(at)
        return kept

    def copies(self, ids: Sequence[str], rows: Sequence[int]) -> dict[str, tuple[str, ...]]:
        """The ids of the other articles of the group of each of these listed articles (ids and rows), oldest
        first: only the groups of those shown are read."""
        groups = {
            article_id: self._groups[row] for article_id, row in zip(ids, rows, strict=True) if row in self._groups
        }
        return self.store.other_copies(groups)
