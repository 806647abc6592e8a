"""The query language: what each form parses to, which parts become filters, and the errors."""

from __future__ import annotations

from datetime import datetime

import pytest
from whoosh import query
from whoosh.util.times import datetime_to_long

from newsbrowse.errors import QueryError
from newsbrowse.index.forms import Quoted
from newsbrowse.index.query import MAX_QUERY_CHARS, Condition, DateSpan, NameCondition, bind, parse_query


def day(year: int, month: int, day_: int, end: bool = False) -> int:
    """A date as whoosh stores it: the first (or last) microsecond of the day."""
    moment = datetime(year, month, day_, 23, 59, 59, 999999) if end else datetime(year, month, day_)
    return datetime_to_long(moment)


def both(word: str) -> query.Query:
    """A word searched in the title and the body."""
    return query.Or([query.Term("title", word), query.Term("body", word)])


def test_words_are_and_ed_over_title_and_body_without_case_or_accents() -> None:
    """Plain words are ANDed, each searched in title and body, folded; no conditions or filters."""
    parsed = parse_query("Ulyanov São")
    assert parsed.scored == query.And([both("ulyanov"), both("sao")])
    assert (parsed.conditions, parsed.filters) == ((), ())


def test_phrases_boolean_operators_and_parentheses() -> None:
    """Phrases, OR, AND with brackets and NOT parse to the matching whoosh queries over both fields."""
    assert parse_query('"prime minister"').scored == query.Or(
        [Quoted("title", ["prime", "minister"]), Quoted("body", ["prime", "minister"])]
    )
    assert parse_query("iran OR russia").scored == query.Or(
        [
            query.Term("title", "iran"),
            query.Term("body", "iran"),
            query.Term("title", "russia"),
            query.Term("body", "russia"),
        ]
    )
    assert parse_query("(iran OR russia) AND talks").scored == query.And(
        [
            query.Or([query.Term(f, w) for w in ("iran", "russia") for f in ("title", "body")]),
            both("talks"),
        ]
    )
    negated = parse_query("talks NOT iran").scored
    assert negated == query.And([both("talks"), query.Not(both("iran"))])


def test_prefix_and_fuzzy_words() -> None:
    """ "word*" becomes a Prefix and "word~" a FuzzyTerm, in both fields."""
    assert parse_query("negotiat*").scored == query.Or(
        [query.Prefix("title", "negotiat"), query.Prefix("body", "negotiat")]
    )
    fuzzy = parse_query("ulyanof~").scored
    assert fuzzy is not None
    assert [type(q) for q in fuzzy.subqueries] == [query.FuzzyTerm, query.FuzzyTerm]
    assert fuzzy.subqueries[1].text == "ulyanof"


def test_a_question_mark_ending_a_word_is_the_question_s_inside_a_word_a_wildcard() -> None:
    """ "who is ulyanov?" asks for ulyanov; "n?me" is still one letter of any kind."""
    assert parse_query("who is ulyanov?").scored == query.And([both("who"), both("ulyanov")])
    assert parse_query("Ulyanov??").text == "Ulyanov"
    assert parse_query("(iran? OR russia?)").scored == parse_query("(iran OR russia)").scored
    pattern = parse_query("ulyan?v").scored
    assert pattern is not None and [type(q) for q in pattern.subqueries] == [query.Wildcard, query.Wildcard]


def test_title_field_is_ranked_not_filtered() -> None:
    """title: is a scored term in the title only, not a filter."""
    parsed = parse_query("title:election")
    assert parsed.scored == query.Term("title", "election")
    assert parsed.filters == ()


def test_field_conditions_become_filters() -> None:
    """source: (a phrase) and lang: (folded) become filters beside the scored words."""
    parsed = parse_query('talks source:"tehran times" lang:EN')
    assert parsed.scored == both("talks")
    assert parsed.filters == (Quoted("source", ["tehran", "times"]), query.Term("lang", "en"))


def name(field: str, text: str, match: str = "name") -> NameCondition:
    """A name condition (the store answers it)."""
    return NameCondition(field, text, match)  # type: ignore[arg-type]


def test_name_fields_become_conditions_for_the_store() -> None:
    """person:, org:, place:, speaker: and entity: become name conditions: exact, prefix or glob."""
    assert parse_query('person:"Mikhail Ulyanov"').conditions == (name("person", "mikhail ulyanov"),)
    assert parse_query("org:IAEA").conditions == (name("org", "iaea"),)
    assert parse_query("place:Tehran").conditions == (name("place", "tehran"),)
    assert parse_query("speaker:Ulyanov").conditions == (name("speaker", "ulyanov"),)
    assert parse_query("entity:Vienna").conditions == (name("entity", "vienna"),)
    assert parse_query("person:Ulya*").conditions == (name("person", "ulya", "prefix"),)
    assert parse_query("person:ul?anov").conditions == (name("person", "ul?anov", "glob"),)
    assert parse_query("person:ulyanof~").conditions == (name("person", "ulyanof"),)


def test_a_name_range_is_refused() -> None:
    """A range on a name field is a QueryError: ranges work on dates only."""
    with pytest.raises(QueryError, match="ranges work on dates only"):
        parse_query("person:[a to c]")


def test_names_under_or_and_not_stay_in_the_query_tree() -> None:
    """A name condition under OR or NOT stays in the query tree as a Condition."""
    parsed = parse_query("vienna OR person:ulyanov")
    assert parsed.conditions == () and parsed.scored is not None
    assert Condition(name("person", "ulyanov")) in parsed.scored.subqueries
    negated = parse_query("talks NOT org:iaea").scored
    assert negated is not None and query.Not(Condition(name("org", "iaea"))) in negated.subqueries


@pytest.mark.parametrize(
    ("text", "span"),
    [
        ("date:2021-05", DateSpan(day(2021, 5, 1), day(2021, 5, 31, end=True))),
        ("date:2021-05-21", DateSpan(day(2021, 5, 21), day(2021, 5, 21, end=True))),
        ("date:[2021-05-01 to 2021-06-30]", DateSpan(day(2021, 5, 1), day(2021, 6, 30, end=True))),
        ("date:>2021", DateSpan(day(2021, 12, 31, end=True) + 1, None)),
        ("date:>=2021", DateSpan(day(2021, 1, 1), None)),
        ("date:<2021-05", DateSpan(None, day(2021, 5, 1) - 1)),
        ("date:<=2021-05", DateSpan(None, day(2021, 5, 31, end=True))),
    ],
)
def test_dates_become_spans(text: str, span: DateSpan) -> None:
    """Months, days, ranges and open comparisons become date spans, with nothing scored."""
    parsed = parse_query(text)
    assert parsed.conditions == (span,)
    assert parsed.scored is None


def test_a_date_inside_or_stays_in_the_query_tree() -> None:
    """A date under OR stays in the query tree as a Condition."""
    parsed = parse_query("iran OR date:2021")
    assert parsed.conditions == () and parsed.scored is not None
    assert any(isinstance(q, Condition) and isinstance(q.about, DateSpan) for q in parsed.scored.subqueries)


def test_words_dates_and_fields_together() -> None:
    """Words are scored, the date and place become conditions and lang a filter."""
    parsed = parse_query("ulyanov date:2021-05 place:vienna lang:en")
    assert parsed.scored == both("ulyanov")
    assert [type(c) for c in parsed.conditions] == [DateSpan, NameCondition]
    assert parsed.filters == (query.Term("lang", "en"),)


def test_only_common_words_match_nothing() -> None:
    """A query of stop words only is the NullQuery."""
    assert parse_query("the of and").scored is query.NullQuery


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "empty query"),
        ("   ", "empty query"),
        ("foo:bar", "unknown field 'foo:'"),
        ("date:2021-13", "'2021-13' is not a date"),
        ("date:[someday to 2022]", "'someday' is not a date"),
        ("date:>soon", "'soon' is not a date"),
        ("word " * (MAX_QUERY_CHARS // 5 + 1), "query too long"),
    ],
)
def test_bad_queries_raise_query_error_with_the_reason(text: str, message: str) -> None:
    """Empty, unknown-field, bad-date and too-long queries raise QueryError with the reason."""
    with pytest.raises(QueryError, match=message):
        parse_query(text)


def test_a_colon_inside_quotes_is_not_a_field() -> None:
    """A colon inside a quoted phrase is no field: the query parses."""
    assert parse_query('"note: talks"').scored is not None


def test_every_field_of_the_table_is_documented_in_the_readme() -> None:
    """The README's query syntax names each field the query language has (the table in index/query.py)."""
    from pathlib import Path

    from newsbrowse.index.query import FIELDS

    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    assert [field.name for field in FIELDS if f"{field.name}:" not in readme] == []


def test_binding_conditions_keeps_how_each_or_is_matched() -> None:
    """bind() keeps the nodes it has nothing to bind, and an OR it rebuilds keeps its matcher type (search.py's tree
    of unions: whoosh's apply() makes ORs that choose their own, reading every posting into arrays)."""
    words = query.Or([query.Term("body", "a"), query.Term("body", "b"), query.Term("body", "c")])
    words.matcher_type = query.Or.DEFAULT_MATCHER
    assert bind(words, lambda about: query.NullQuery) is words
    condition = Condition(DateSpan(1, 2))
    mixed = query.Or([query.Term("body", "a"), query.Term("body", "b"), condition])
    mixed.matcher_type = query.Or.DEFAULT_MATCHER
    every = query.Every()
    bound = bind(query.And([words, mixed]), lambda about: every if about == DateSpan(1, 2) else query.NullQuery)
    assert isinstance(bound, query.And)
    first, second = bound.subqueries
    assert first is words
    assert isinstance(second, query.Or) and second.subqueries[2] is every
    assert second.matcher_type == query.Or.DEFAULT_MATCHER
