"""Near-copies: articles whose bodies are near-duplicates (wire copies, rewritten headlines) form a group.

A body is read as its set of word 5-grams ("shingles"). Two bodies are near-copies when the
Jaccard similarity of those sets is at least `THRESHOLD`. Candidates are found without
comparing every pair: a MinHash signature of `PERMUTATIONS` values (Broder's min-wise hashing,
one multiply-shift hash per permutation) is cut into `BANDS` bands, each stored as one key
(locality-sensitive hashing); articles sharing a key are candidates, and their exact Jaccard
decides. The keys live in the store, so a new article joins an existing group without a rebuild.

Why these numbers: a copy with a paragraph dropped from a ten-paragraph story keeps ~0.9 of
its shingles, one with a new byline or headline ~0.95-1.0, while two different stories on the
same topic share well under 0.1 (5-grams are rarely shared by chance). 0.5 sits far from both.
With 16 bands of 4 values, a pair at Jaccard 0.7 becomes a candidate with probability
1-(1-0.7^4)^16 = 0.988, at 0.8 0.9998, at 0.2 only 0.025 (little wasted verification).

The signature is computed with numpy, not datasketch: datasketch's package import pulls in scipy
(~0.7 s per process, paid by every incremental update and by each build worker) for what is a
dozen lines of array arithmetic here.
"""

from __future__ import annotations

import hashlib
import re
import zlib
from collections.abc import Sequence

import numpy as np

from newsbrowse.store.base import StoreBase

SHINGLE = 5
PERMUTATIONS = 64
BANDS = 16
THRESHOLD = 0.5
# Bodies with fewer shingles are stubs ("Page not found", a caption): never grouped.
MIN_SHINGLES = 8
# A new article is compared with at most this many candidates (the budget of a template-heavy archive).
MAX_CANDIDATES = 64

_WORD = re.compile(r"\w+")
_ROWS = PERMUTATIONS // BANDS
_RANDOM = np.random.default_rng(20151)
# Odd multipliers and offsets of the multiply-shift hash family, fixed so that signatures stay comparable.
_A = _RANDOM.integers(1, 2**63, size=PERMUTATIONS, dtype=np.uint64) * np.uint64(2) + np.uint64(1)
_B = _RANDOM.integers(0, 2**63, size=PERMUTATIONS, dtype=np.uint64)
# Multipliers combining the hashes of a shingle's words (position matters).
_MIX = _RANDOM.integers(1, 2**63, size=SHINGLE, dtype=np.uint64) * np.uint64(2) + np.uint64(1)


def shingles(body: str) -> np.ndarray:
    """The distinct word 5-grams of a body as 32-bit hashes (case folded)."""
    words = np.fromiter(
        (zlib.crc32(word.encode("utf-8", "surrogatepass")) for word in _WORD.findall(body.casefold())),
        dtype=np.uint64,
    )
    count = len(words) - SHINGLE + 1
    if count <= 0:
        return np.empty(0, dtype=np.uint64)
    mixed = np.zeros(count, dtype=np.uint64)
    for position in range(SHINGLE):
        mixed += words[position : position + count] * _MIX[position]  # wraps modulo 2**64, as intended
    return np.unique(mixed >> np.uint64(32))


def band_keys(body: str) -> tuple[int, ...]:
    """The LSH keys of a body's MinHash signature, one per band (none for a stub)."""
    found = shingles(body)
    if len(found) < MIN_SHINGLES:
        return ()
    signature = ((found[:, None] * _A[None, :] + _B[None, :]) >> np.uint64(32)).min(axis=0).astype(np.uint32)
    keys = []
    for band in range(BANDS):
        digest = hashlib.blake2b(signature[band * _ROWS : (band + 1) * _ROWS].tobytes(), digest_size=8)
        digest.update(band.to_bytes(1, "little"))
        keys.append(int.from_bytes(digest.digest(), "little", signed=True))
    return tuple(keys)


def jaccard(first: np.ndarray, second: np.ndarray) -> float:
    """The Jaccard similarity of two sets of shingles (sorted, distinct)."""
    if not len(first) or not len(second):
        return 0.0
    shared = len(np.intersect1d(first, second, assume_unique=True))
    return shared / (len(first) + len(second) - shared)


class CopyGroups(StoreBase):
    """The store's groups of near-copies (a part of Store): joined as articles are written, left as they go."""

    def _group_new(self, rowid: int, body: str, keys: Sequence[int]) -> None:
        """Put a just-written article (its band keys written too) in the group of its near-copies, if any."""
        if not keys:
            return
        marks = ",".join("?" * len(keys))
        candidates = [
            row[0]
            for row in self._db.execute(
                f"SELECT DISTINCT article FROM bands WHERE key IN ({marks}) AND article != ? LIMIT ?",
                (*keys, rowid, MAX_CANDIDATES),
            )
        ]
        if not candidates:
            return
        mine = shingles(body)
        matched = []
        for candidate in candidates:
            row = self._db.execute("SELECT body FROM articles WHERE rowid = ?", (candidate,)).fetchone()
            if row is not None and jaccard(mine, shingles(row[0])) >= THRESHOLD:
                matched.append(candidate)
        if not matched:
            return
        marks = ",".join("?" * len(matched))
        groups = {row[0] for row in self._db.execute(f"SELECT grp FROM copies WHERE article IN ({marks})", matched)}
        if groups:
            label = min(groups)
            others = sorted(groups - {label})
            if others:  # the article bridges groups: they become one
                self._db.execute(
                    f"UPDATE copies SET grp = ? WHERE grp IN ({','.join('?' * len(others))})", (label, *others)
                )
        else:
            label = int(self._db.execute("SELECT coalesce(max(grp), 0) + 1 FROM copies").fetchone()[0])
        self._db.executemany("INSERT OR REPLACE INTO copies VALUES (?, ?)", [(r, label) for r in [rowid, *matched]])

    def _drop_copies(self, articles: Sequence[tuple[int, str]]) -> None:
        """Forget the band keys and group places of articles (rowid, body) about to be deleted."""
        self._db.executemany(
            "DELETE FROM bands WHERE key = ? AND article = ?",
            [(key, rowid) for rowid, body in articles for key in band_keys(body)],
        )
        rowids = [(rowid,) for rowid, _ in articles]
        groups = {
            row[0]
            for rowid in rowids
            for row in self._db.execute("SELECT grp FROM copies WHERE article = ?", rowid).fetchall()
        }
        self._db.executemany("DELETE FROM copies WHERE article = ?", rowids)
        # A group left with one article is no group.
        self._db.executemany(
            "DELETE FROM copies WHERE grp = ? AND (SELECT count(*) FROM copies WHERE grp = ?) < 2",
            [(group, group) for group in groups],
        )

    def copies_of(self, ids: Sequence[str]) -> dict[str, tuple[int, tuple[str, ...]]]:
        """For each of these articles that has near-copies: its group and the ids of the others, oldest first."""
        found: dict[str, tuple[int, tuple[str, ...]]] = {}
        with self._lock:
            groups: dict[str, int] = {}
            for start in range(0, len(ids), 500):
                chunk = ids[start : start + 500]
                groups.update(
                    self._db.execute(
                        "SELECT a.id, c.grp FROM copies c JOIN articles a ON a.rowid = c.article"
                        f" WHERE a.id IN ({','.join('?' * len(chunk))})",
                        chunk,
                    ).fetchall()
                )
            members: dict[int, list[str]] = {}
            distinct = sorted(set(groups.values()))
            for start in range(0, len(distinct), 500):
                labels = distinct[start : start + 500]
                for group, article_id in self._db.execute(
                    "SELECT c.grp, a.id FROM copies c JOIN articles a ON a.rowid = c.article"
                    f" WHERE c.grp IN ({','.join('?' * len(labels))}) ORDER BY a.day NULLS LAST, a.id",
                    labels,
                ):
                    members.setdefault(group, []).append(article_id)
        for article_id, group in groups.items():
            found[article_id] = (group, tuple(other for other in members.get(group, ()) if other != article_id))
        return found

    def duplicate_count(self) -> int:
        """How many articles are near-copies of another (each group's articles but one)."""
        with self._lock:
            row = self._db.execute("SELECT count(*) - count(DISTINCT grp) FROM copies").fetchone()
        return int(row[0])
