"""Regression test of the whoosh (whoosh-reloaded 2.7.5) features newsbrowse relies on, and of its known bugs.

If a "bug" test here starts failing, whoosh fixed it: the workaround named in it can go.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest
from whoosh import fields, highlight, query, scoring
from whoosh.index import Index
from whoosh.qparser import QueryParser
from whoosh.spelling import MultiCorrector
from whoosh.util.times import datetime_to_long

from newsbrowse.index.analysis import ANALYZER
from newsbrowse.index.internals import create_index, write_batch
from newsbrowse.index.schema import build_schema
from newsbrowse.index.search import _NO_DATE, FastBM25F

WORDS = "harbour railway orchard budget council ferry lighthouse river bridge market".split()


def docs(count: int) -> list[dict[str, object]]:
    """Documents with varied words, lengths and dates (every fifth undated)."""
    made = []
    for i in range(count):
        words = [WORDS[(i * 7 + j * 3) % len(WORDS)] for j in range(3 + i % 9)]
        doc: dict[str, object] = {"id": f"d{i}", "title": f"Note {i}", "body": " ".join(words) + " the plan of action"}
        if i % 5:
            doc["date"] = datetime(2020 + i % 3, 1 + i % 12, 1 + i % 28)
        made.append(doc)
    return made


@pytest.fixture()
def index(tmp_path: Path) -> Index:
    """An index of 60 documents written in one commit."""
    created = create_index(tmp_path / "ix")
    write_batch(created, (), docs(60))
    return created


def test_phrases_match_across_a_removed_stop_word(index: Index) -> None:
    """ "plan of action" matches every document with its stop word removed; the words reversed match none."""
    parser = QueryParser("body", index.schema)
    with index.searcher() as searcher:
        assert len(searcher.search(parser.parse('"plan of action"'), limit=None)) == 60
        assert len(searcher.search(parser.parse('"action plan"'), limit=None)) == 0


def test_the_date_column_and_its_value_for_undated_documents(index: Index) -> None:
    """Dates are a column only, not indexed terms; an undated document holds _NO_DATE."""
    with index.searcher() as searcher:
        assert not list(searcher.reader().field_terms("date"))  # a column only: dates are not indexed
        column = searcher.reader().column_reader("date", translate=False)
        assert column[0] == _NO_DATE  # search._Dates relies on this value meaning "no date"
        assert column[1] == datetime_to_long(datetime(2021, 2, 2))


def test_spelling_correction_suggests_indexed_words(index: Index) -> None:
    """correct_query turns "lighthuose" into the indexed "lighthouse"."""
    parser = QueryParser("body", index.schema)
    with index.searcher() as searcher:
        correction = searcher.correct_query(parser.parse("lighthuose"), "lighthuose")
        assert correction.string == "lighthouse"


def test_highlighting_marks_matched_tokens_with_character_offsets() -> None:
    """set_matched_filter marks each case of the word, with character offsets into the text."""
    text = "The Lighthouse keeper; the lighthouse."
    tokens = highlight.set_matched_filter(ANALYZER(text, chars=True, mode="query", removestops=False), {"lighthouse"})
    assert [(t.startchar, t.endchar) for t in tokens if t.matched] == [(4, 14), (27, 37)]


def test_fast_bm25f_scores_like_bm25f(tmp_path: Path) -> None:
    """FastBM25F gives the same hits and scores as whoosh's BM25F over two segments."""
    created = create_index(tmp_path / "ix")
    write_batch(created, (), docs(40))
    write_batch(created, (), docs(80)[40:])  # two segments
    wanted = query.Or([query.Term("body", "harbour"), query.Term("title", "note")])
    with created.searcher(weighting=scoring.BM25F()) as stock, created.searcher(weighting=FastBM25F()) as fast:
        expected = [(hit["id"], round(hit.score, 9)) for hit in stock.search(wanted, limit=None)]
        assert [(hit["id"], round(hit.score, 9)) for hit in fast.search(wanted, limit=None)] == expected


def test_filtered_search_with_a_limit_matches_the_unlimited_one(index: Index) -> None:
    """whoosh#413: check the form newsbrowse uses, a docnum set as filter."""
    with index.searcher() as searcher:
        allowed = {n for n in range(60) if n % 2}
        wanted = query.Or([query.Term("body", word) for word in ("harbour", "budget", "ferry")])
        full = searcher.search(wanted, limit=None, filter=allowed)
        top = searcher.search(wanted, limit=10, filter=allowed, optimize=False)
        assert [hit.docnum for hit in top] == [hit.docnum for hit in full][:10]
        assert len(top) == len(full)


def test_delete_by_term_and_a_new_searcher_sees_it(index: Index) -> None:
    """delete_by_term removes one document, and a new searcher no longer finds it."""
    writer = index.writer()
    assert writer.delete_by_term("id", "d3") == 1
    writer.commit()
    with index.searcher() as searcher:
        assert searcher.document_number(id="d3") is None


def test_bug_refresh_reuses_readers_that_miss_new_deletions(index: Index) -> None:
    """Workaround: IndexSearcher.refresh opens a new searcher instead of Searcher.refresh()."""
    searcher = index.searcher()
    writer = index.writer()
    writer.delete_by_term("id", "d3")
    writer.commit()
    refreshed = searcher.refresh()
    assert refreshed.document_number(id="d3") is not None  # still visible: the bug
    refreshed.close()


def test_bug_existing_terms_skips_fields_after_the_first(index: Index) -> None:
    """Workaround: search._terms asks each leaf of the query separately."""
    both = query.Or([query.Term("title", "note"), query.Term("body", "harbour")])
    with index.searcher() as searcher:
        found = both.existing_terms(searcher.reader(), phrases=True, expand=True)
        assert {field for field, _ in found} == {"title"}  # body:harbour exists but is skipped


def test_bug_multicorrector_yields_word_and_score_reversed(index: Index) -> None:
    """Workaround: search._TextCorrector."""
    with index.searcher() as searcher:
        reader = searcher.reader()
        merged = MultiCorrector([reader.corrector("title"), reader.corrector("body")], max)
        with pytest.raises(TypeError):
            merged.suggest("lighthuose")


def test_the_schema_pickles_and_reopens(tmp_path: Path) -> None:
    """A created index's schema has build_schema's fields, with date a DATETIME."""
    created = create_index(tmp_path / "ix")
    assert created.schema.names() == build_schema().names()
    assert isinstance(created.schema["date"], fields.DATETIME)
