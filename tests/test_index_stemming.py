"""Word forms: stems by language, names as written, quoted words as written, highlights, partial matches."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from index_helpers import build_index, record

from newsbrowse.index.analysis import article_names, exact_forms, index_words
from newsbrowse.index.query import NameCondition, parse_query
from newsbrowse.index.search import IndexSearcher, Page
from newsbrowse.index.snippets import SnippetMaker
from newsbrowse.index.stemming import names_in, query_terms, stem

ARTICLES = [
    ("cut.txt", "Bank acts", "The bank cut interest rates on Monday.", "en"),
    ("cuts.txt", "Rate cuts", "Analysts expect interest rate cuts soon.", "en"),
    ("rate.txt", "Loans", "The interest rate stayed where it was.", "en"),
    ("both.txt", "Loans again", "One rate for savers, other rates for loans.", "en"),
    ("sugar.txt", "Trade", "The country exported sugar to its neighbours.", "en"),
    ("davis.txt", "Talks", "The talks were led by Davis and his team.", "en"),
    ("william.txt", "Visit", "The visit was planned by William himself.", "en"),
    ("haus.txt", "Wohnen", "Die neuen Häuser stehen am Fluss.", "de"),
    ("cattle.txt", "Farm prices", "Cattle prices rose at the market.", "en"),
    ("hog.txt", "Farm prices", "Hog prices fell at the market.", "en"),
    ("all.txt", "Farm prices", "Cattle and hog prices both moved.", "en"),
    ("corn.txt", "Farm news", "Corn was harvested early.", "en"),
]


class NoNames(IndexSearcher):
    """The searcher with no name conditions in use."""

    def names(self, condition: NameCondition) -> list[int]:
        """No article names anything here."""
        return []


@pytest.fixture(scope="module")
def searcher(tmp_path_factory: pytest.TempPathFactory) -> Iterator[NoNames]:
    """An index of the articles above."""
    records = [record(i, title, body, language=lang) for i, title, body, lang in ARTICLES]
    store, index = build_index(tmp_path_factory.mktemp("stems"), records)
    opened = NoNames(index)
    yield opened
    opened.close()
    store.close()


def run(searcher: NoNames, text: str, limit: int = 20) -> Page:
    """Parse and search."""
    return searcher.search(parse_query(text), searcher.names, limit)


def found(searcher: NoNames, text: str) -> set[str]:
    """The ids of the articles holding every word of a query (partial matches left out)."""
    page = run(searcher, text)
    return {article_id for article_id, _ in page.hits if article_id not in page.partial}


def test_a_query_finds_the_other_forms_of_its_words(searcher: NoNames) -> None:
    """ "interest rate cuts" finds "cut interest rates"; "sugar exports" finds "exported sugar"."""
    assert found(searcher, "interest rate cuts") == {"cut.txt", "cuts.txt"}
    assert found(searcher, "sugar exports") == {"sugar.txt"}
    assert found(searcher, "rates") == {"cut.txt", "cuts.txt", "rate.txt", "both.txt"}


def test_words_are_stemmed_in_the_article_language(searcher: NoNames) -> None:
    """A German article's "Häuser" is found by "haus" (stemmed in German), and the stem is German's."""
    assert stem("hauser", "de") == stem("haus", "de")
    assert found(searcher, "haus") == {"haus.txt"}


def test_names_are_indexed_as_written(searcher: NoNames) -> None:
    """ "Davis" is not "Davi", and "williams" does not find the name William."""
    assert stem("davis", "en") == "davi"  # what a stemmer alone would do to the name
    assert found(searcher, "davis") == {"davis.txt"}
    assert found(searcher, "davi") == set()
    assert found(searcher, "williams") == set()
    assert found(searcher, "william") == {"william.txt"}


def test_names_are_words_capitalised_inside_a_sentence() -> None:
    """Names are capitalised words after another word; a title in title case gives none; compounds join."""
    assert names_in("Later Davis met Kilroy-Silk in Rome.") == {"Davis", "Kilroy", "Silk", "KilroySilk", "Rome"}
    assert names_in("Oil Prices Fall Again", title=True) == set()
    assert names_in("Talks resumed. Mr. Ulyanov spoke. Dr. Hartmann agreed.") == {"Ulyanov", "Hartmann"}
    assert article_names("Talks", "It was Davis.") == {"davis"}
    assert query_terms("davis", ["en"]) == ["davi", "davis="]


def test_a_quoted_word_matches_the_form_written(searcher: NoNames) -> None:
    """ "rates" in quotes finds articles that write "rates"; "rate" in quotes those that write "rate"."""
    assert found(searcher, '"rates"') == {"cut.txt", "both.txt"}
    assert found(searcher, '"rate"') == {"cuts.txt", "rate.txt", "both.txt"}
    assert found(searcher, '"interest rates"') == {"cut.txt"}
    assert found(searcher, '"interest rate"') == {"cuts.txt", "rate.txt"}
    assert found(searcher, '"davis"') == {"davis.txt"}  # a name, by its marked term
    assert found(searcher, '"led by davis"') == {"davis.txt"}


def test_a_quoted_word_that_is_another_languages_stem_needs_its_own_term(tmp_path: Path) -> None:
    """ "election" in quotes, its own stem in German, does not find English articles writing only "elected" ("elect")."""
    records = [
        record("elected.txt", "Council", "The council elected a mayor.", language="en"),
        record("wahl.txt", "Wahl", "Die Election war gestern.", language="de"),
    ]
    store, index = build_index(tmp_path, records)
    opened = NoNames(index)
    try:
        assert found(opened, "election") == {"elected.txt", "wahl.txt"}
        assert found(opened, '"election"') == {"wahl.txt"}
        assert found(opened, '"elected"') == {"elected.txt"}
    finally:
        opened.close()
        store.close()


def test_exact_forms_hold_what_a_quoted_word_needs() -> None:
    """The written forms kept: those indexed as something else, and own-stem forms beside other forms."""
    words, _, forms = index_words("Rates and a rate; Davis spoke", "en", frozenset({"davis"}))
    assert words == ["rate", "rate", "davis=", "spoke"]
    assert exact_forms(forms, "en") == {"rates", "rate"}  # a name's term is its written form
    _, _, alone = index_words("A rate", "en", frozenset())
    assert exact_forms(alone, "en") == set()  # "rate" alone: its term proves the form


def test_highlights_mark_every_form_that_matched(searcher: NoNames) -> None:
    """Searching "rate" marks "rates" and "rate"; a quoted "rates" marks only "rates"."""
    text = "One rate for savers, other rates for loans."
    snippet = SnippetMaker(run(searcher, "rate").matched).make(text)
    assert [snippet.text[a:b] for a, b in snippet.highlights] == ["rate", "rates"]
    quoted = SnippetMaker(run(searcher, '"rates"').matched).make(text)
    assert [quoted.text[a:b] for a, b in quoted.highlights] == ["rates"]


def test_partial_matches_follow_the_complete_ones(searcher: NoNames) -> None:
    """Fewer than a page hold every word: those holding the most words follow, marked with their count."""
    page = run(searcher, "cattle hog prices")
    order = [article_id for article_id, _ in page.hits]
    assert order[0] == "all.txt" and page.total == 1
    assert set(order[1:3]) == {"cattle.txt", "hog.txt"}
    assert page.partial["cattle.txt"] == page.partial["hog.txt"] == (2, 3)
    assert "all.txt" not in page.partial
    assert all(page.partial[article_id][0] < 3 for article_id in order[1:])
    assert "corn.txt" not in order  # no word of the query


def test_partial_matches_only_for_plain_words_and_within_the_limit(searcher: NoNames) -> None:
    """Queries that say how words combine get no partial matches; a full page needs none."""
    assert run(searcher, "cattle AND hog AND prices").partial == {}
    assert run(searcher, "cattle hog NOT corn").partial == {}
    assert run(searcher, "cattle").partial == {}
    page = run(searcher, "cattle hog prices", limit=1)
    assert [article_id for article_id, _ in page.hits] == ["all.txt"] and page.partial == {}


def test_names_and_other_forms_are_suggested_as_written(searcher: NoNames) -> None:
    """A misspelt name is corrected to the name as written, a misspelt form to the form (not its stem)."""
    assert searcher.suggest("davix") == "davis"
    assert searcher.suggest("sugar exprted") == "sugar exported"
