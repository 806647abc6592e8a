"""Searching the whoosh index: ranking, phrases, dates, filters, sorting, counts, snippets, suggestions."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from index_helpers import build_index, entity, record
from whoosh.index import Index

from newsbrowse.index import search
from newsbrowse.index.analysis import WORD
from newsbrowse.index.forms import Matched
from newsbrowse.index.internals import write_batch
from newsbrowse.index.query import NameCondition, parse_query
from newsbrowse.index.schema import document
from newsbrowse.index.search import IndexSearcher, Page
from newsbrowse.index.snippets import SnippetMaker, candidates, matched_spans
from newsbrowse.model import ENTITY_TYPES, Sort
from newsbrowse.store import ArticleRecord, Store

TOPICS = ("harbour", "railway", "orchard")
SOURCES = ("Valley Gazette", "Coastal Herald")


def town_news() -> list[ArticleRecord]:
    """Thirty-six short articles about three topics over three years, plus a few special ones."""
    records = []
    for i in range(36):
        topic = TOPICS[i % 3]
        body = (
            f"The council discussed the {topic} again on day {i}. "
            + ("Residents asked about the budget. " * (1 + i % 4))
            + f"Mayor Ilse Brandvold promised a decision on the {topic}."
        )
        records.append(
            record(
                f"news/{i:02d}.txt",
                f"Council meeting {i} on the {topic}",
                body,
                (entity(body, "Ilse Brandvold", "person"),),
                published=datetime(2020 + i % 3, 1 + i % 12, 1 + i % 28, 9, 30),
                source=SOURCES[i % 2],
                language="en" if i % 6 else "fr",
            )
        )
    records += [
        record("special/title.txt", "Lighthouse keeper retires", "A long career ends quietly."),
        record("special/body.txt", "Coastal notes", "Among many things, a lighthouse was repainted white."),
        record("special/phrase.txt", "Ferry", "The river crossing reopened after the floods."),
        record("special/reversed.txt", "Ferry again", "Crossing the river took an hour."),
        record("special/accent.txt", "Island trade", "Exports from São Tomé rose sharply this year."),
    ]
    return records


class StoreSearcher(IndexSearcher):
    """The searcher with name conditions answered by the store, taken as written."""

    def __init__(self, index: Index, store: Store) -> None:
        super().__init__(index)
        self.store = store

    def names(self, condition: NameCondition) -> list[int]:
        """The rows of the articles naming something so."""
        types = ENTITY_TYPES if condition.field == "entity" else (condition.field,)
        return self.store.name_rows(condition.text, types, condition.match)


@pytest.fixture(scope="module")
def searcher(tmp_path_factory: pytest.TempPathFactory) -> Iterator[StoreSearcher]:
    """An index of the town news."""
    store, index = build_index(tmp_path_factory.mktemp("index"), town_news())
    opened = StoreSearcher(index, store)
    yield opened
    opened.close()
    store.close()


def ids(page: Page) -> list[str]:
    """The article ids of a page, in order."""
    return [article_id for article_id, _ in page.hits]


def run(searcher: StoreSearcher, text: str, limit: int = 50, sort: Sort = "relevance") -> Page:
    """Parse and search."""
    return searcher.search(parse_query(text), searcher.names, limit, sort=sort)


def test_a_word_in_the_title_ranks_above_one_in_the_body(searcher: StoreSearcher) -> None:
    """An article with the word in its title ranks above one with it only in the body."""
    assert ids(run(searcher, "lighthouse")) == ["special/title.txt", "special/body.txt"]


def test_a_phrase_matches_the_words_in_order_only(searcher: StoreSearcher) -> None:
    """A quoted phrase finds the words in that order only; unquoted, both articles match."""
    assert ids(run(searcher, '"river crossing"')) == ["special/phrase.txt"]
    assert set(ids(run(searcher, "river crossing"))) == {"special/phrase.txt", "special/reversed.txt"}


def test_accents_and_case_fold(searcher: StoreSearcher) -> None:
    """ "SAO tome" and "São" both find the article about São Tomé."""
    assert ids(run(searcher, "SAO tome")) == ["special/accent.txt"]
    assert ids(run(searcher, "São")) == ["special/accent.txt"]


def test_boolean_queries(searcher: StoreSearcher) -> None:
    """OR, NOT, AND and brackets give the right counts."""
    assert run(searcher, "harbour OR railway").total == 24
    assert run(searcher, "council NOT orchard").total == 24
    assert run(searcher, "(harbour OR railway) AND budget").total == 24


def test_date_conditions_select_by_the_published_date(searcher: StoreSearcher) -> None:
    """date: with a year, a lower bound and a range selects by the published date, with an exact total."""
    page = run(searcher, "date:2021")
    assert page.total == 12 and page.exact
    assert all(int(i[5:7]) % 3 == 1 for i in ids(page))  # articles 1, 4, 7 ... are dated 2021
    assert run(searcher, "railway date:>=2021-06").total == len([i for i in range(1, 36, 3) if 1 + i % 12 >= 6])
    assert run(searcher, "date:[2020-01-01 to 2020-03-31]").total == 3


def test_conditions_alone_list_the_newest_first_and_undated_never(searcher: StoreSearcher) -> None:
    """A date condition alone lists the 36 dated articles newest first and none of the undated ones."""
    page = run(searcher, "date:>2019")
    assert page.total == 36
    dates = [(2020 + int(i[5:7]) % 3, 1 + int(i[5:7]) % 12) for i in ids(page)]
    assert dates == sorted(dates, reverse=True)


def test_sorting_by_date_puts_undated_articles_last(searcher: StoreSearcher) -> None:
    """Sorting by date, newest or oldest first, puts the two undated matches last."""
    sorts: tuple[Sort, ...] = ("date", "oldest")
    for sort in sorts:
        page = run(searcher, "council OR lighthouse", limit=38, sort=sort)
        assert page.total == 38
        assert set(ids(page)[-2:]) == {"special/body.txt", "special/title.txt"}
        assert "special" not in "".join(ids(page)[:-2])


def test_oldest_first_lists_the_same_articles_from_the_oldest(searcher: StoreSearcher) -> None:
    """sort="oldest" lists the dated matches from the oldest: the newest-first list's articles, dates ascending."""
    newest = ids(run(searcher, "council", limit=36, sort="date"))
    oldest = ids(run(searcher, "council", limit=36, sort="oldest"))
    dates = [(2020 + int(i[5:7]) % 3, 1 + int(i[5:7]) % 12, 1 + int(i[5:7]) % 28) for i in oldest]
    assert set(oldest) == set(newest) and len(oldest) == 36
    assert dates == sorted(dates) and dates[0] < dates[-1]


def test_field_filters(searcher: StoreSearcher) -> None:
    """lang:, source: (a phrase) and person: with a wildcard filter as expected."""
    assert run(searcher, "lang:fr").total == 6
    assert run(searcher, 'source:"coastal herald" harbour').total == 6
    assert run(searcher, "person:ilse*").total == 36


@pytest.mark.parametrize(
    "text",
    ["budget date:2021", "budget lang:en", "council source:valley", "budget date:[2020-03-01 to 2021-08-31] lang:en"],
)
def test_filtered_search_with_a_limit_agrees_with_the_full_list(searcher: StoreSearcher, text: str) -> None:
    """whoosh bug #413: a filtered search with a limit could return a wrong top N and count."""
    everything = run(searcher, text, limit=1000)
    top = run(searcher, text, limit=10)
    assert ids(top) == ids(everything)[:10]
    assert top.total == everything.total == len(ids(everything))


def test_count_is_exact_when_the_total_is_an_estimate(searcher: StoreSearcher) -> None:
    """count() is exact, with and without a date filter, and zero for a stop word."""
    parsed = parse_query("budget residents")
    assert searcher.count(parsed, searcher.names) == 36
    assert searcher.count(parse_query("harbour date:2020"), searcher.names) == 12
    assert searcher.count(parse_query("harbour date:2021"), searcher.names) == 0
    assert searcher.count(parse_query("the"), searcher.names) == 0


def test_paging_with_an_offset(searcher: StoreSearcher) -> None:
    """Two pages of five with an offset equal the first ten hits."""
    first = searcher.search(parse_query("council"), searcher.names, 5)
    second = searcher.search(parse_query("council"), searcher.names, 5, offset=5)
    everything = searcher.search(parse_query("council"), searcher.names, 10)
    assert ids(first) + ids(second) == ids(everything)


def test_terms_for_highlighting_cover_both_fields_and_skip_negated_words(searcher: StoreSearcher) -> None:
    """The words to highlight leave out negated words, take every form of a word and expand a prefix."""
    lighthouse = run(searcher, "lighthouse").matched
    assert lighthouse.matches("lighthouse") and not lighthouse.matches("light")
    council = run(searcher, "council NOT orchard").matched
    assert council.matches("councils") and not council.matches("orchard")
    assert run(searcher, "light*").matched.matches("lighthouse")


def test_suggestions_for_misspelled_words(searcher: StoreSearcher) -> None:
    """suggest() corrects misspelt words, keeping the right ones, and gives None when all are right."""
    assert searcher.suggest("lighthuose") == "lighthouse"
    assert searcher.suggest("harbour budgit") == "harbour budget"
    assert searcher.suggest("harbour") is None
    # Patterns stand for several words: not corrected (a pattern's text was once pasted onto its correction).
    assert searcher.suggest("lighth?se") is None
    assert searcher.suggest("harbour budgit lighth*") == "harbour budget lighth*"


def test_new_commits_are_seen_after_refresh(tmp_path: Path) -> None:
    """After refresh() a searcher sees an added and then a deleted article, its date order included."""
    store, index = build_index(tmp_path, town_news()[:3])
    searcher = StoreSearcher(index, store)
    assert run(searcher, "zeppelin").total == 0
    write_batch(index, (), [document(record("late.txt", "Zeppelin", "A zeppelin landed.").article, 99)])
    searcher.refresh()
    assert ids(run(searcher, "zeppelin")) == ["late.txt"]
    write_batch(index, ["late.txt"], [])
    searcher.refresh()
    assert run(searcher, "zeppelin").total == 0
    assert run(searcher, "date:>2019").total == 3  # the date table follows deletions
    searcher.close()
    store.close()


def test_snippets_mark_the_matched_words() -> None:
    """A snippet from the middle of a text has ellipses at both ends and marks each case of the word."""
    text = "Opening words. " * 30 + "The Lighthouse keeper and the LIGHTHOUSE cat. " + "Closing words. " * 30
    snippet = SnippetMaker(Matched(exact=frozenset({"lighthouse"}))).make(text)
    assert snippet.text.startswith("\u2026") and snippet.text.endswith("\u2026")
    assert [snippet.text[s:e] for s, e in snippet.highlights] == ["Lighthouse", "LIGHTHOUSE"]


def test_snippets_find_accented_words() -> None:
    """A snippet marks "São" for the folded word "sao" and has no newlines."""
    snippet = SnippetMaker(Matched(exact=frozenset({"sao"}))).make("Exports from São Tomé rose.\n\nMore text.")
    assert [snippet.text[s:e] for s, e in snippet.highlights] == ["São"]
    assert "\n" not in snippet.text


def test_a_snippet_without_matches_is_the_opening() -> None:
    """With no match, the snippet is the text's opening without highlights."""
    snippet = SnippetMaker(Matched(exact=frozenset({"absent"}))).make("First sentence here. Second one.")
    assert snippet == type(snippet)("First sentence here. Second one.", ())


def test_newest_first_by_walking_the_date_order_agrees_with_sorting(
    searcher: StoreSearcher, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Walking the date order (forced by a low _SCAN_FROM) gives the same newest-first order as sorting."""
    sorted_page = run(searcher, "council OR lighthouse", limit=38, sort="date")
    monkeypatch.setattr(search, "_SCAN_FROM", 1)
    assert ids(run(searcher, "council OR lighthouse", limit=38, sort="date")) == ids(sorted_page)
    assert ids(run(searcher, "date:>2019", limit=5)) == ids(sorted_page)[:5]
    monkeypatch.setattr(search, "_SCAN_FROM", 2000)
    oldest_sorted = ids(run(searcher, "council OR lighthouse", limit=38, sort="oldest"))
    monkeypatch.setattr(search, "_SCAN_FROM", 1)
    assert ids(run(searcher, "council OR lighthouse", limit=38, sort="oldest")) == oldest_sorted


def test_closed_hyphenated_and_spaced_compounds_find_each_other(tmp_path: Path) -> None:
    """ "counterterrorism", "counter-terrorism" and "counter terrorism" find the same three articles, as phrases too."""
    records = [
        record("closed.txt", "Talks", "The counterterrorism office opened."),
        record("hyphen.txt", "Talks", "A counter-terrorism office opened."),
        record("spaced.txt", "Talks", "Their counter terrorism office opened."),
        record("apart.txt", "Talks", "A counter was set up to fight terrorism."),
        record("other.txt", "Talks", "The tax office opened."),
    ]
    store, index = build_index(tmp_path, records)
    searcher = StoreSearcher(index, store)
    three = {"closed.txt", "hyphen.txt", "spaced.txt"}
    for text in ("counterterrorism", "counter-terrorism", "Counter\u2011Terrorism", '"counter terrorism"'):
        assert set(ids(run(searcher, text))) == three, text
    assert set(ids(run(searcher, "counter terrorism"))) == three | {"apart.txt"}  # both words, anywhere
    for text in ('"counterterrorism office"', '"counter-terrorism office"', '"counter terrorism office"'):
        assert set(ids(run(searcher, text))) == three, text
    assert searcher.count(parse_query("counterterrorism"), searcher.names) == 3
    page = run(searcher, "counterterrorism")
    assert all(page.matched.matches(word) for word in ("counterterrorism", "counter", "terrorism"))
    searcher.close()
    store.close()


def test_a_compound_is_highlighted_once_whatever_form_was_searched() -> None:
    """The joined word and its parts mark "counter-terrorism" as one span; a standalone part on its own."""
    text = "A counter-terrorism office and a counter."
    spans = matched_spans(text, Matched(exact=frozenset({"counterterrorism", "counter", "terrorism"})))
    assert [text[a:b] for a, b in spans] == ["counter-terrorism", "counter"]


@given(
    st.text(alphabet=st.sampled_from("ab.-é ,\n1"), max_size=60),
    st.lists(st.sampled_from(["a", "ab", "b."]), min_size=1),
)
def test_snippet_candidates_are_the_words_a_backtracking_pattern_finds(text: str, starts: list[str]) -> None:
    """The possessive pattern of candidate words finds what the same pattern written with plain quantifiers does."""
    plain = r"(?<!\w)(?=" + "|".join(map(re.escape, starts)) + r"|\w+(?:\.\w+)*-\w)" + WORD.pattern
    assert [m.span() for m in re.finditer(candidates(starts), text)] == [m.span() for m in re.finditer(plain, text)]
