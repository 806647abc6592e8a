"""Who is named with whom: the entities most associated with one entity, in the same articles and sentences.

Ranked by local mutual information (LMI): the number of articles naming both, times the log of
their lift (how much more often they are named together than chance would have it):

    LMI = together * log(together * N / (articles_x * articles_y))

Raw counts put the archive's own country first (it is named beside everyone); lift or PMI alone
put first a name seen once, in an article that happened to name X. Their product ranks the
names both often beside X and more often there than elsewhere, as Evert's collocation studies
found for co-occurrence counts; names named with X no more than chance (lift <= 1) are left out.

An entity named in more than SAMPLE articles (a country, the archive's own city) is read in a
fixed spread sample of SAMPLE of them, and the counts scaled up: its neighbours' ranking barely
moves, and reading every article would take seconds in a large archive.
"""

from __future__ import annotations

import math
from array import array
from collections import defaultdict
from collections.abc import Sequence

from newsbrowse.model import Related
from newsbrowse.store.base import StoreBase, in_chunks
from newsbrowse.store.rows import SPAN_WIDTH

# The most articles of one entity read for its neighbours (more are sampled down to this many).
SAMPLE = 500
# The articles of the sample: those whose scrambled row number is smallest (fixed, spread over the archive).
_MINE = (
    "mine AS (SELECT article FROM (SELECT DISTINCT article FROM article_entities WHERE entity = ?1)"
    " ORDER BY (article * 2654435761) % 4294967296 LIMIT ?2)"
)


def _sentence_starts(blob: bytes) -> set[int]:
    """Where the sentences holding an entity's mentions start (from its packed spans)."""
    values = array("i")
    values.frombytes(blob)
    return set(values[2::SPAN_WIDTH])


def lmi(together: int, total: int, first: int, second: int) -> float:
    """Local mutual information of two entities named together in `together` of `total` articles."""
    if together <= 0 or first <= 0 or second <= 0:
        return 0.0
    return together * math.log(together * total / (first * second))


class RelatedReader(StoreBase):
    """The entities named with an entity, and the dates an entity or a set of articles spans (a part of Store)."""

    def entity_span(self, entity_id: int) -> tuple[int, str | None, str | None]:
        """The number of articles naming an entity, and the first and last day among them ('YYYY-MM-DD...')."""
        with self._lock:
            found = self._db.execute(
                "SELECT count(DISTINCT ae.article), min(a.day), max(a.day) FROM article_entities ae"
                " JOIN articles a ON a.rowid = ae.article WHERE ae.entity = ?",
                (entity_id,),
            ).fetchone()
        return int(found[0]), found[1], found[2]

    def day_span(self, rows: Sequence[int]) -> tuple[str | None, str | None]:
        """The first and last day of the articles in these store rows."""
        days: list[str] = []
        for chunk, marks in in_chunks(rows):
            with self._lock:
                low, high = self._db.execute(
                    f"SELECT min(day), max(day) FROM articles WHERE rowid IN ({marks})", chunk
                ).fetchone()
            days += [day for day in (low, high) if day]
        return (min(days), max(days)) if days else (None, None)

    def related(self, entity_id: int, limit: int | None = 20) -> list[Related]:
        """The visible entities most associated with an entity (see the module), with the articles and the
        sentences naming both."""
        with self._lock:
            db = self._db
            total = int(db.execute("SELECT count(*) FROM articles").fetchone()[0])
            own = int(db.execute("SELECT articles FROM entities WHERE rowid = ?", (entity_id,)).fetchone()[0])
            rows = db.execute(
                f"WITH {_MINE} SELECT e.rowid, e.name, e.type, e.articles, count(DISTINCT ae.article) FROM mine"
                " JOIN article_entities ae ON ae.article = mine.article JOIN entities e ON e.rowid = ae.entity"
                " WHERE ae.entity != ?1 AND NOT e.hidden GROUP BY e.rowid",
                (entity_id, SAMPLE),
            ).fetchall()
            scale = own / SAMPLE if own > SAMPLE else 1.0
            scored = [
                (lmi(together, total, own, articles), rowid, name, type_, articles, together)
                for rowid, name, type_, articles, sampled in rows
                if (together := min(articles, round(sampled * scale))) * total > own * articles
            ]
            scored.sort(key=lambda item: (-item[0], item[2]))
            chosen = scored if limit is None else scored[:limit]
            sentences = self._sentences_together(entity_id, [item[1] for item in chosen])
        sampled = SAMPLE if own > SAMPLE else None
        return [
            Related(name, type_, together, round(sentences.get(rowid, 0) * scale), articles, round(score, 3), sampled)
            for score, rowid, name, type_, articles, together in chosen
        ]

    def _sentences_together(self, entity_id: int, others: Sequence[int]) -> dict[int, int]:
        """For each of `others`, the sentences naming it and the entity (in the articles naming both)."""
        if not others:
            return {}
        db = self._db
        mine: dict[int, set[int]] = defaultdict(set)
        for article, spans in db.execute(
            f"WITH {_MINE} SELECT ae.article, ae.spans FROM mine JOIN article_entities ae"
            " ON ae.entity = ?1 AND ae.article = mine.article",
            (entity_id, SAMPLE),
        ):
            mine[article] |= _sentence_starts(spans)
        theirs: dict[tuple[int, int], set[int]] = defaultdict(set)
        for chunk, marks in in_chunks(others):
            # The others' rows in the entity's own articles only (a country is named in thousands of others).
            for other, article, spans in db.execute(
                f"WITH {_MINE} SELECT ae.entity, ae.article, ae.spans FROM mine"
                f" JOIN article_entities ae ON ae.article = mine.article WHERE ae.entity IN ({marks})",
                [entity_id, SAMPLE, *chunk],
            ):
                theirs[(other, article)] |= _sentence_starts(spans)
        counts: dict[int, int] = defaultdict(int)
        for (other, article), sentences in theirs.items():
            counts[other] += len(sentences & mine[article])
        return dict(counts)
