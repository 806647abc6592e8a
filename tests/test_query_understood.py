"""The query as understood: folded words, fields named, names and dates in words, common words dropped."""

from __future__ import annotations

import pytest

from newsbrowse.errors import QueryError
from newsbrowse.index.query import NameCondition, describe, parse_query


@pytest.mark.parametrize(
    ("query", "meaning"),
    [
        ("Ulyanov", "ulyanov"),
        ("ulyanov vienna", "ulyanov AND vienna"),
        ('"nuclear deal"', '"nuclear deal"'),
        ("iran OR russia", "(iran OR russia)"),
        ("iran NOT russia", "iran AND NOT russia"),
        ("person:Ulyanov talks", "talks AND person:ulyanov"),
        ('person:"Mikhail Ulyanov"', 'person:"mikhail ulyanov"'),
        ("person:ulya*", "person:ulya*"),
        ("vienna OR org:iaea", "(vienna OR org:iaea)"),
        ("title:vienna lang:en", "title:vienna AND lang:en"),
        ("date:2021-05", "date 2021-05-01 to 2021-05-31"),
        ("date:2021-05-20", "date 2021-05-20"),
        ("talks OR date:>2021", "(talks OR date 2022-01-01 to …)"),
        ("ulya*", "ulya*"),
        ("São", "sao"),
        ("the", "only words too common to search"),
    ],
)
def test_the_query_as_understood(query: str, meaning: str) -> None:
    """describe() renders words, phrases, operators, fields, dates and stop-word-only queries as expected."""
    assert describe(parse_query(query)) == meaning


def test_names_are_shown_as_the_archive_reads_them() -> None:
    """describe() shows name conditions with the label the caller gives."""

    def label(condition: NameCondition) -> str:
        """The name as the archive would show it, with an alias."""
        return f"{condition.field}:Mikhail Ulyanov (also Ulyanov)"

    assert describe(parse_query("talks person:ulyanov"), label) == "talks AND person:Mikhail Ulyanov (also Ulyanov)"


def test_a_bad_query_is_a_query_error() -> None:
    """An unknown field raises QueryError."""
    with pytest.raises(QueryError):
        describe(parse_query("nosuchfield:x"))


@pytest.mark.parametrize(
    ("query", "meaning"),
    [
        ("date:>9999", "date after 9999-12-31 (no date can match)"),
        ("date:>9999-12", "date after 9999-12-31 (no date can match)"),
        ("date:<0001", "date before 0001-01-01 (no date can match)"),
        ("date:[0001 to 9999]", "date 0001-01-01 to 9999-12-31"),
    ],
)
def test_dates_at_the_ends_of_the_calendar(query: str, meaning: str) -> None:
    """Dates past the year 9999 or before the year 1 are described, not an OverflowError."""
    assert describe(parse_query(query)) == meaning


@pytest.mark.parametrize(("query", "shown"), [("a~100", "'a~100'"), ("vienna~12 talks", "'vienna~12'")])
def test_a_fuzzy_word_is_refused_as_it_was_typed(query: str, shown: str) -> None:
    """`word~100` is refused naming what was typed (whoosh reads one digit: it would mean `word~1 00`)."""
    with pytest.raises(QueryError, match=f"^{shown}: words can be at most 2 edits away"):
        parse_query(query)
