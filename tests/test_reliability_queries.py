"""Hostile queries and names: a result or one clear message, never a crash (including random strings)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from reliability_helpers import write_articles
from textual.pilot import Pilot
from textual.widgets import Static
from tui_helpers import run

from newsbrowse import open_archive
from newsbrowse.archive import Archive
from newsbrowse.clean import clean_document
from newsbrowse.cli import main
from newsbrowse.errors import NewsbrowseError, QueryError, UsageError
from newsbrowse.index import search as search_module
from newsbrowse.ingest import read_bytes
from newsbrowse.model import Document, SearchResults
from newsbrowse.tui.app import NewsbrowseApp
from newsbrowse.tui.driving import until
from newsbrowse.tui.widgets.search import SearchBar

pytestmark = pytest.mark.slow  # starts processes, kills builds, fills disks: the reliability runs

FIELDS = ("title", "body", "person", "org", "place", "entity", "speaker", "source", "lang", "date")
GARBAGE = (
    "", '"', '""', "(", ")", "()", "[", "]", "{", "}", "*", "?", "~", "^", ":", "-", "\\", "'", "%", "_",
    "\x00", "\x1b[2J", "\r\n", "\u202e", "\U0001f600", "' OR 1=1 --", "[a TO b]", "[2021 to", ">", "<", "<=2021",
    "AND", "OR", "NOT", "ü" * 50, "x" * 500, "vass*", "v~", "2021-13-45", "99999", "0000",
)  # fmt: skip
SYNTAX = ('"', "(", ")", "AND", "OR", "NOT", "*", "?", "~", "^2", ":", "[", "]", "{", "}", " TO ", "to", "-", "+")
# Queries that once crashed the query path, by what each must give now.
ONCE_CRASHED = {
    # "did you mean" for words the analyser splits: whoosh's correction had no place to rewrite them
    "results": [
        "covid-19", "12:00pm", "12-00", "12/00", "talks at 12:60", "2021-13-01", "title:2021-13-45", "entity:v~",
        '12<Þ"12', 'vas "12 x" 12', 'vas NOT "vas x"',  # a word both split and whole
    ],
    "ranges work on dates only": [
        "[a TO b]", "{a TO b}", "vass [2020 TO 2021]", "title:[a TO b]", "body:<=2021", "entity:[a TO b]",
        "entity:<=2021", "lang:[a TO b]", "source:>b",
    ],
    "entity: takes a name": ["entity:*"],
    "lang: takes one language code": ['lang:"( TO "', 'lang:"en fr"'],
    "at most 2 edits away": ["harbour~7", "title:harbour~3", "person:vass~9"],
    "letters or more": ["ab~2", "vass~2", "ab~", "title:a~"],
    "'*' alone stands for every word": ["*", "title:*", "vass body:*"],
    "is not a date": ['date:""', 'vass date:""'],
}  # fmt: skip


@pytest.fixture(scope="module")
def archive(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Archive]:
    """An indexed archive of twelve articles, opened once for the module (the tests only read it)."""
    root = tmp_path_factory.mktemp("queries") / "archive"
    write_articles(root, range(12))
    with open_archive(root) as opened:
        opened.update(jobs=1)
        yield opened


def searched(archive: Archive, query: str) -> SearchResults | QueryError:
    """The results of a query, or the QueryError it gave; anything else fails the test."""
    try:
        return archive.search(query, limit=5)
    except QueryError as err:
        message = str(err)
        assert message and "\n" not in message and "Traceback" not in message
        return err


@pytest.mark.parametrize(
    "query",
    ['"vass', 'vass"', '"harbour council', "(vass", "vass)", "((((vass", "vass))))", "(vass OR", "vass AND (", ")("],
)
def test_unbalanced_quotes_and_parentheses(archive: Archive, query: str) -> None:
    """Unbalanced quotes and parentheses: results or the parser's message."""
    searched(archive, query)


@pytest.mark.parametrize("query", ["AND", "OR", "NOT", "AND OR NOT", "vass AND", "OR vass", "NOT", "NOT NOT NOT"])
def test_lone_operators(archive: Archive, query: str) -> None:
    """Operators with nothing to join: results (perhaps none) or a message."""
    searched(archive, query)


@pytest.mark.parametrize("field", FIELDS)
def test_empty_fields(archive: Archive, field: str) -> None:
    """`title:` and friends with nothing after them."""
    searched(archive, f"{field}:")
    searched(archive, f"vass {field}:")
    searched(archive, f'{field}:""')


def test_a_ten_kilobyte_query_is_refused_with_the_limit(archive: Archive) -> None:
    """Very long queries are refused (whoosh's parser is quadratic on long runs of words)."""
    for query in ("vass " * 2048, "x" * 10_240, '"' + "harbour " * 1300 + '"'):
        with pytest.raises(QueryError, match=r"query too long \(10,\d{3} characters; the limit is"):
            archive.search(query)


@pytest.mark.parametrize(
    "query",
    ["\x00", "vass\x00", "\x1b[31mvass", "vass\r\nharbour", "\t", "\x7f", "\u200b", "person:\udcff", "v\udcff*"],
)
def test_control_characters(archive: Archive, query: str) -> None:
    """Control characters in a query are searched around or refused, never a crash."""
    searched(archive, query)


@pytest.mark.parametrize("field", FIELDS)
def test_every_field_with_garbage(archive: Archive, field: str) -> None:
    """Every field with every kind of garbage after it, alone and beside a word (but the known crashes)."""
    for value in GARBAGE:
        searched(archive, f"{field}:{value}")
        searched(archive, f"vass {field}:{value} harbour")


@pytest.mark.parametrize(
    ("expected", "query"), [(expected, query) for expected, queries in ONCE_CRASHED.items() for query in queries]
)
def test_queries_that_once_crashed(archive: Archive, expected: str, query: str) -> None:
    """Queries that crashed the query path: results, or the message that says what to write instead."""
    found = searched(archive, query)
    if expected == "results":
        assert isinstance(found, SearchResults)
    else:
        assert isinstance(found, QueryError) and expected in str(found)


@pytest.mark.parametrize("query", ["harb*", "h?rbour", "harbovr~", "vass AND (harb* OR council)"])
def test_a_prefix_pattern_or_fuzzy_term_standing_for_too_much_is_refused(
    archive: Archive, query: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With the cost limit lowered to what twelve articles reach, the query is refused with how to fix it."""
    assert archive.search(query).total > 0
    monkeypatch.setattr(search_module, "MAX_EXPANSION_COST", 1)
    with pytest.raises(QueryError, match="stands for too many words: give more letters"):
        archive.search(query)
    with pytest.raises(QueryError, match="stands for too many words"):
        archive.count(query)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(max_size=60))
def test_random_strings_never_crash_the_search(archive: Archive, query: str) -> None:
    """Any string at all: results or a QueryError."""
    searched(archive, query)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    st.lists(
        st.one_of(st.sampled_from(SYNTAX), st.sampled_from(FIELDS).map(lambda f: f + ":"), st.text(max_size=4)),
        max_size=12,
    ).map("".join)
)
def test_random_query_syntax_never_crashes_the_search(archive: Archive, query: str) -> None:
    """Strings built of query syntax (quotes, brackets, operators, fields), where the parser is most likely to trip."""
    searched(archive, query)


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=300), st.sampled_from(["-", "a.html", "a.txt", "a.json", "a.jsonl", "a.warc", "a.html.gz"]))
def test_random_bytes_never_crash_reading_and_cleaning(data: bytes, name: str) -> None:
    """Random bytes under any name: Documents that clean, or Skipped with a reason."""
    for item in read_bytes(data, name):
        if isinstance(item, Document):
            assert clean_document(item).id == item.id
        else:
            assert item.reason and "\n" not in item.reason


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=200))
def test_random_text_never_crashes_reading_and_cleaning(text: str) -> None:
    """Random text as a page and as a dump (surrogates become bytes the decoder must cope with)."""
    data = text.encode("utf-8", "surrogatepass")
    for name in ("page.html", "dump.txt"):
        for item in read_bytes(data, name):
            if isinstance(item, Document):
                clean_document(item)


def looked_up(archive: Archive, name: str) -> None:
    """Every lookup by name; only NewsbrowseError may come out."""
    try:
        archive.entity(name)
        archive.mentions(name)
        archive.mention_months(name)
        archive.quotes(speaker=name)
        archive.entities(prefix=name)
    except NewsbrowseError as err:
        assert str(err) and "\n" not in str(err)


@pytest.mark.parametrize("name", ["", " ", "'", "' OR 1=1 --", '"', "\x00", "\\", "*", "(", "Vass\x00", "VASS"])
def test_garbage_names(archive: Archive, name: str) -> None:
    """Entity lookups with odd names answer (perhaps with nothing) or raise a clear error."""
    looked_up(archive, name)


@pytest.mark.parametrize("name", ["%", "%ss", "V_ss"])
def test_like_wildcards_in_a_name_match_nothing(archive: Archive, name: str) -> None:
    """A name made of SQL wildcards is no name."""
    assert archive.entity(name) is None and archive.mentions(name) == []


def test_a_very_long_name(archive: Archive) -> None:
    """A name far longer than any name: nothing found, or a clear error."""
    looked_up(archive, "x" * 100_000)


def test_a_name_with_a_lone_surrogate(archive: Archive) -> None:
    """Text that cannot be encoded: nothing found, or a clear error."""
    looked_up(archive, "\udcff")
    with pytest.raises(UsageError):
        archive.article("\udcff")


@pytest.fixture(scope="module")
def archive_path(archive: Archive) -> Path:
    """The folder of the module's archive."""
    return archive.path


@pytest.mark.parametrize("query", ['"vass', "AND", "date:notadate", "x" * 10_240, "nosuchfield:x"])
def test_the_command_line_gives_one_line_for_a_bad_query(
    archive_path: Path, query: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """`newsbrowse search` with a hostile query: results, or exit 2 (bad usage) with one line; --json alike in JSON."""
    code = main(["search", str(archive_path), query])
    out, err = capsys.readouterr()
    if code:
        assert code == 2 and out == "" and len(err.strip().splitlines()) == 1 and "internal error" not in err
    code = main(["search", str(archive_path), query, "--json"])
    out, err = capsys.readouterr()
    if code == 0:
        assert "hits" in json.loads(out)
    else:
        error = json.loads(err)
        assert out == "" and error["error"] and (error["kind"], error["exit_code"]) == ("error", 2)


@pytest.mark.parametrize("args", [["mentions", "\udcff"], ["search", "\udcff"], ["quotes", "--speaker", "\udcff"]])
def test_arguments_that_are_not_utf8(archive_path: Path, args: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    """Bytes that are not UTF-8 on the command line (surrogate escapes in argv): a usage error naming the argument."""
    code = main([args[0], str(archive_path), *args[1:]])
    err = capsys.readouterr().err
    assert code == 2 and "is not valid UTF-8" in err and len(err.strip().splitlines()) == 1


@pytest.mark.tui
def test_the_browser_survives_hostile_queries(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Typed into the app: each query shows results or the reason under the bar; no internal error; ctrl+q exits 0."""
    notices: list[str] = []
    monkeypatch.setattr(NewsbrowseApp, "notify", lambda app, message, **_: notices.append(message))
    root = tmp_path / "archive"
    write_articles(root, range(5))
    with open_archive(root) as opened:
        opened.update(jobs=1)
    queries = ['"vass', "(harbour", "AND", "title:", "date:notadate", "\x1b[2J vass", "nosuchfield:x", "x" * 5000]

    async def scenario(app: NewsbrowseApp, pilot: Pilot[None]) -> None:
        """Enter each query: something is shown under the bar and nothing notified; then ctrl+q."""
        bar = app.main.query_one(SearchBar)
        understood = app.main.query_one("#understood", Static)
        for query in queries:
            bar.set_query(query)
            await pilot.press("enter")
            await until(pilot, lambda: not app.workers)
            assert str(understood.content), query
        assert notices == []
        await pilot.press("ctrl+q")

    assert run(root, scenario).return_code == 0


@pytest.mark.parametrize("query", ["date:>9999", "date:<0001", "date:>9999-12", "talks date:<0001-01"])
def test_dates_past_the_calendar_find_nothing_without_a_crash(query: str, tmp_path: Path) -> None:
    """The API's search() and count() agree: no article, no OverflowError."""
    root = tmp_path / "archive"
    write_articles(root, range(3))
    with open_archive(root) as opened:
        opened.update(jobs=1)
        assert opened.search(query).total == 0 and opened.count(query) == 0
