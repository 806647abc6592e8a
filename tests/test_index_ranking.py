"""Ranking with numpy (index/ranking.py): the same hits, scores and order as whoosh's own search, exact totals."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from index_helpers import build_index, record
from test_index_search import StoreSearcher, ids, run, town_news
from whoosh import formats, query

from newsbrowse.index import ranking
from newsbrowse.index.internals import reading
from newsbrowse.index.query import parse_query
from newsbrowse.index.schema import document
from newsbrowse.index.search import FastBM25F, IndexSearcher, Page
from newsbrowse.store import FileState

QUERIES = [
    "council",
    "budget residents",
    "harbour OR railway",
    "harbour OR railway OR orchard OR lighthouse",
    "(harbour OR railway) AND decision",
    "council NOT orchard",
    "council AND NOT railway",
    "NOT harbour",
    '"river crossing"',
    '"the river"',
    '"promised a decision on the harbour"',
    "harbour^3 council",
    "title:council budget",
    "lighthouse",
    "brandvold",
    "budget date:2021",
    "council date:[2020-03-01 to 2021-08-31]",
    'residents person:"Ilse Brandvold"',
    "railw* budget",
    "exports sharply",
    "sao tome",
]


class WhooshOnly(StoreSearcher):
    """The searcher as before ranking.py: every ranked search run by whoosh."""

    def search(self, *args: Any, **kwargs: Any) -> Page:
        """whoosh's search, ranking.py switched off."""
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr("newsbrowse.index.search.rank", _unsupported)
            return super().search(*args, **kwargs)


def _unsupported(*args: object, **kwargs: object) -> ranking.Ranked:
    """Stands for a query ranking.py cannot evaluate."""
    raise ranking.Unsupported("switched off for the test")


@pytest.fixture(scope="module")
def searchers(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[StoreSearcher, WhooshOnly]]:
    """The town news in two segments, with two articles deleted: searched by ranking.py and by whoosh."""
    records = town_news()
    store, index = build_index(tmp_path_factory.mktemp("ranking"), records[:20])
    with store.transaction():
        for rec in records[20:]:
            store.put_file(rec.article.id, FileState(1, 1, "h"), [rec])
    store.resolve_entities()
    stored = store.for_index([rec.article.id for rec in records[20:]])
    writer = index.writer()  # whoosh's own writer, told not to merge: a second segment
    for article_id in ("news/03.txt", "news/10.txt"):
        writer.delete_by_term("id", article_id)
    for row, article in stored:
        writer.add_document(**document(article, row))
    writer.commit(merge=False)
    ours, theirs = StoreSearcher(index, store), WhooshOnly(index, store)
    yield ours, theirs
    ours.close()
    theirs.close()
    store.close()


@pytest.mark.parametrize("text", QUERIES)
def test_hits_scores_and_order_are_whooshs(
    searchers: tuple[StoreSearcher, WhooshOnly], text: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every hit, its score (the same float) and the order (ties by document number) as whoosh gives them; the
    total is the exact count, which whoosh's may only estimate."""
    ours, theirs = searchers
    ranked: list[ranking.Ranked] = []

    def counted(*args: Any) -> ranking.Ranked:
        """ranking.rank, remembering that it answered."""
        ranked.append(ranking.rank(*args))
        return ranked[-1]

    monkeypatch.setattr("newsbrowse.index.search.rank", counted)
    for limit in (3, 50):
        mine = run(ours, text, limit=limit)
        reference = run(theirs, text, limit=limit)
        assert mine.hits == reference.hits
        assert mine.partial == reference.partial
        assert mine.exact
        assert mine.total == ours.count(parse_query(text), ours.names)
    assert len(ranked) == 2  # ranking.py answered, not whoosh


def test_the_town_news_index_has_what_the_comparison_needs(searchers: tuple[StoreSearcher, WhooshOnly]) -> None:
    """Two segments, deletions, and hits for every query but the negative one (the comparison is not vacuous)."""
    ours, _ = searchers
    assert ours.segment_count() == 2
    assert "news/03.txt" not in ids(run(ours, "council", limit=100))
    assert [text for text in QUERIES if not run(ours, text).hits] == []


def test_and_not_excludes_a_segments_first_match_too(tmp_path: Path) -> None:
    """a ANDNOT b (what a word becomes when its other written forms are excluded) leaves out every article with b:
    whoosh's AndNotMatcher kept the first article with a when an article with b alone came before it."""
    store, index = build_index(
        tmp_path,
        [
            record("a.txt", "First", "Beta only here."),
            record("b.txt", "Second", "Alpha and beta together."),
            record("c.txt", "Third", "Alpha alone."),
        ],
    )
    node = query.AndNot(query.Term("body", "alpha"), query.Term("body", "beta"))
    with index.searcher(weighting=FastBM25F()) as searcher:
        assert [docnum for docnum, _ in ranking.rank(searcher, node, 10, None).hits] == [2]
        assert sorted(hit.docnum for hit in searcher.search(node, limit=10)) == [1, 2]  # the whoosh bug
    store.close()


def test_a_condition_matching_nothing_leaves_no_hits(searchers: tuple[StoreSearcher, WhooshOnly]) -> None:
    """A date no article has, with words: no hits (whoosh took the empty set of allowed articles for no filter)."""
    ours, theirs = searchers
    assert run(ours, "council date:1990").hits == () and run(ours, "council date:1990").total == 0
    assert run(theirs, "council date:1990").hits == ()


def test_phrases_are_found_by_positions_in_every_order(searchers: tuple[StoreSearcher, WhooshOnly]) -> None:
    """A phrase matches its words next to each other, in order, not merely together."""
    ours, _ = searchers
    assert ids(run(ours, '"river crossing"')) == ["special/phrase.txt"]
    assert ids(run(ours, '"crossing the river"')) == ["special/reversed.txt"]


def test_a_searcher_without_ranking_support_falls_back_to_whoosh(tmp_path: Path) -> None:
    """A phrase with slop is left to whoosh: still answered."""
    store, index = build_index(tmp_path, town_news()[:6])
    searcher = IndexSearcher(index)
    page = searcher.search(parse_query('"council again"~3'), lambda condition: [], 10)
    assert page.total == 6
    searcher.close()
    store.close()


def test_an_and_is_matched_without_searching_and_ranked_as_whoosh_ranks_it(tmp_path: Path) -> None:
    """Making an And's matcher walks no postings (whoosh's IntersectionMatcher moves both sides to their first
    common document when made); the hits and scores are whoosh's."""
    store, index = build_index(
        tmp_path,
        [
            record("a.txt", "First", "Alpha first."),
            record("b.txt", "Second", "Beta second."),
            record("c.txt", "Third", "Alpha and beta together, alpha again."),
        ],
    )
    node = query.And([query.Term("body", "alpha"), query.Term("body", "beta")])
    with index.searcher(weighting=FastBM25F()) as searcher:
        matcher = ranking.lazy_matchers(node).matcher(searcher, searcher.context())
        assert not matcher.is_active() and (matcher.a.id(), matcher.b.id()) in {(0, 1), (1, 0)}  # not moved to 2
        ours = ranking.rank(searcher, node, 10, None).hits
        theirs = [(hit.docnum, hit.score) for hit in searcher.search(node, limit=10)]
        assert ours == theirs and [docnum for docnum, _ in ours] == [2]
    store.close()


def test_postings_read_whole_are_read_once_and_shared_read_only(
    searchers: tuple[StoreSearcher, WhooshOnly], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A term's postings read whole are kept: searching again decodes none of its blocks and gives the same page;
    the arrays kept cannot be changed by a caller."""
    ours, _ = searchers
    first = run(ours, "council budget", limit=1)
    reads: list[object] = []
    original = reading._read_blocks

    def counted(matcher: Any, *args: Any) -> Any:
        """Decode blocks, counting the terms decoded."""
        reads.append(matcher)
        return original(matcher, *args)

    monkeypatch.setattr(reading, "_read_blocks", counted)
    assert run(ours, "council budget", limit=1) == first and reads == []
    segment, _ = ours._searcher.leaf_searchers()[-1]  # the segment without deletions: no filter around it
    postings = reading.leaf_postings(segment.postings("body", "council"))
    assert postings is not None and len(postings.ids) and reads == []
    with pytest.raises(ValueError):
        postings.ids[0] = 7


def test_kept_postings_keep_to_their_budget_dropping_the_least_recently_used() -> None:
    """Past the budget the entries used longest ago go; entries bigger than a tenth of it are not kept."""
    kept: reading._Kept[str] = reading._Kept(budget=16 * 100)
    for offset in range(3):
        kept.put(("a.pst", offset), f"postings {offset}", 80)
    assert kept.get(("a.pst", 0)) == "postings 0"  # now the most recently used
    for offset in range(3, 22):
        kept.put(("a.pst", offset), f"postings {offset}", 80)
    assert kept.used <= kept.budget and kept.get(("a.pst", 1)) is None and kept.get(("a.pst", 0)) is not None
    kept.put(("a.pst", 99), "too big", 176)  # > a tenth
    assert kept.get(("a.pst", 99)) is None


@pytest.mark.parametrize("positions", [[], [0], [3], [0, 1, 2], [5, 300, 70_000, 70_001]])
def test_positions_decode_as_whooshs_positions_format_decodes_them(positions: list[int]) -> None:
    """The positions of a posting's value, as whoosh's own decoder gives them (value with or without its end)."""
    form = formats.Positions()
    value = form.encode(positions)
    assert reading._positions(value) == form.decode_positions(value) == positions
    assert reading._positions(value.removesuffix(b".")) == positions


def test_postings_read_in_part_hold_every_wanted_document_with_its_weight_and_positions(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A term over many blocks read only where wanted documents are: every wanted document it holds is there,
    with the weight and value (positions) reading it whole gives, and the blocks' headers are read once."""
    from whoosh import fields, index

    schema = fields.Schema(body=fields.TEXT(phrase=True))
    made = index.create_in(str(tmp_path), schema)
    with made.writer() as writer:  # whoosh's blocks hold 128 postings: "river" spans eight
        for number in range(1000):
            writer.add_document(body=" ".join(["river"] * (1 + number % 3) + ["bank"] * (number % 5 == 0)))
    rng = np.random.default_rng(5)
    headers: list[object] = []
    original = reading._block_headers

    def counted(matcher: Any) -> Any:
        """Read a term's block headers, counting the reads."""
        headers.append(matcher)
        return original(matcher)

    monkeypatch.setattr(reading, "_block_headers", counted)
    with made.searcher() as searcher:
        for wanted in ([3], [0, 999], [127, 128, 129], sorted(rng.choice(1000, 40, replace=False)), []):
            monkeypatch.setattr(reading, "DECODED", reading._Kept(1 << 20))
            monkeypatch.setattr(reading, "BLOCKS", reading._Kept(1 << 20))
            within = np.array(wanted, dtype=np.int64)
            part = reading.leaf_postings(searcher.postings("body", "river"), values=True, within=within)
            monkeypatch.setattr(reading, "DECODED", reading._Kept(1 << 20))
            whole = reading.leaf_postings(searcher.postings("body", "river"), values=True)
            assert len(headers) == 1
            headers.clear()
            assert part is not None and whole is not None and whole.values is not None and part.values is not None
            assert len(whole.ids) == 1000 and set(within.tolist()) <= set(part.ids.tolist())
            at = np.searchsorted(whole.ids, part.ids)
            assert (whole.ids[at] == part.ids).all() and (whole.weights[at] == part.weights).all()
            assert [whole.values[i] for i in at.tolist()] == part.values
            if len(wanted) < 8:
                assert len(part.ids) < 1000
