"""The same archive written by newsbrowse's segment writer and by stock whoosh searches alike: the same hits,
scores, totals and highlighted words, whether its segments were written in one go, by workers, or merged."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from whoosh import index as whoosh_index
from whoosh.index import Index

from newsbrowse.archive import Archive, open_archive
from newsbrowse.build import pipeline
from newsbrowse.index.internals import (
    create_index,
    index_folder,
    merge_segments,
    replace_segments,
    segment_id,
    segments_of,
    write_batch,
)
from newsbrowse.index.query import parse_query
from newsbrowse.index.schema import build_schema, document
from newsbrowse.index.search import IndexSearcher
from newsbrowse.model import Sort

pytestmark = pytest.mark.slow  # builds the sample archive four ways

SAMPLE = Path(__file__).resolve().parents[1] / "sample_archive"
QUERIES = [
    "iran",
    "talks russia",
    '"security council"',
    "negotiat*",
    "ulyanof~",
    "iran OR turkey",
    "iran NOT russia",
    "title:talks",
    "person:ulyanov",
    "source:tehrantimes OR vienna",
    "lang:en harbour",
    "date:2021",
    "date:>2021-06 minister",
    "counterterrorism",
]


@pytest.fixture(scope="module")
def archive(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Archive]:
    """The sample archive, built by the build (its segment writer, in this process)."""
    root = tmp_path_factory.mktemp("writers")
    shutil.copytree(SAMPLE, root / "archive")
    opened = open_archive(root / "archive", index_dir=root / "index")
    opened.update(jobs=1)
    yield opened
    opened.close()


def _documents(archive: Archive) -> list[dict[str, object]]:
    """The index documents of every stored article, in store order."""
    store = archive.store
    return [document(article, row) for row, article in store.for_index(store.article_ids())]


@pytest.fixture(scope="module")
def stock(archive: Archive, tmp_path_factory: pytest.TempPathFactory) -> Index:
    """The same articles written by stock whoosh (its own SegmentWriter, one commit)."""
    made = whoosh_index.create_in(str(tmp_path_factory.mktemp("stock")), build_schema())
    writer = made.writer()
    for doc in _documents(archive):
        writer.add_document(**doc)
    writer.commit()
    return made


@pytest.fixture(scope="module")
def merged(archive: Archive, tmp_path_factory: pytest.TempPathFactory) -> Index:
    """The same articles in many small segments (with deletions), then merged into one by block copy."""
    made = create_index(tmp_path_factory.mktemp("merged"))
    docs = _documents(archive)
    for start in range(0, len(docs), 3):
        write_batch(made, (), docs[start : start + 3])
    write_batch(made, [str(docs[0]["id"])], [docs[0]])  # one deleted and added again: a renumbering merge
    parts = segments_of(made)
    replace_segments(made, [(merge_segments(index_folder(made), parts), [segment_id(part) for part in parts])])
    assert len(segments_of(made)) == 1
    return made


def _answers(searcher: IndexSearcher, archive: Archive, query: str, sort: Sort) -> tuple[object, ...]:
    """What a search shows: the hits (in any order among equal ranks: ties fall to document numbers, which differ
    between the ways of writing), the total, whether it is exact, the words to highlight."""
    page = searcher.search(parse_query(query), archive._name_rows, 50, 0, sort)
    return sorted(article_id for article_id, _ in page.hits), page.total, page.exact, page.matched


def _scores(searcher: IndexSearcher, archive: Archive, query: str) -> dict[str, float]:
    """The relevance score of each hit."""
    return dict(searcher.search(parse_query(query), archive._name_rows, 50).hits)


def _close(ours: dict[str, float], theirs: dict[str, float]) -> bool:
    """The same hits with scores within 5%. newsbrowse's writer counts a field's length in words, while stock
    whoosh also counts the one-word form it indexes for each hyphenated compound ("counter-terrorism" is
    three postings in two words), so an article full of compounds is a little longer to it; and a merge
    (whoosh's or ours) adds up lengths from the one-byte approximations whoosh stores per document."""
    return ours.keys() == theirs.keys() and all(abs(ours[k] - theirs[k]) <= 0.05 * abs(theirs[k]) for k in ours)


@pytest.mark.parametrize("sort", ["relevance", "date"])
@pytest.mark.parametrize("query", QUERIES)
def test_stock_whoosh_and_newsbrowse_s_writer_answer_alike(
    archive: Archive, stock: Index, merged: Index, query: str, sort: Sort
) -> None:
    """Every query gives the same hits on the build's index, stock whoosh's and a merged one, scores alike."""
    built = archive._index()
    assert built is not None
    expected = _answers(built, archive, query, sort)
    for other in (stock, merged):
        searcher = IndexSearcher(other)
        try:
            assert _answers(searcher, archive, query, sort) == expected, query
            assert _close(_scores(built, archive, query), _scores(searcher, archive, query)), query
        finally:
            searcher.close()


def test_the_queries_find_articles(archive: Archive) -> None:
    """The comparison above is not vacuous: most queries find something in the sample archive."""
    found = [query for query in QUERIES if archive.search(query).total]
    assert len(found) >= len(QUERIES) - 2, set(QUERIES) - set(found)


def test_workers_segments_answer_as_one_process(
    archive: Archive, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Built by two worker processes (segments written apart, moved in, settled by a merge), the same answers."""
    monkeypatch.setattr(pipeline, "POOL_MIN_FILES", 1)
    shutil.copytree(archive.path, tmp_path / "archive", ignore=shutil.ignore_patterns(".newsbrowse"))
    with open_archive(tmp_path / "archive", index_dir=tmp_path / "index") as parallel:
        parallel.update(jobs=2)
        built, other = archive._index(), parallel._index()
        assert built is not None and other is not None
        for query in QUERIES:
            assert _answers(other, parallel, query, "relevance") == _answers(built, archive, query, "relevance"), query
            assert _close(_scores(other, parallel, query), _scores(built, archive, query)), query
