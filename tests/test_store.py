"""The SQLite article store: articles, manifest, entities merged across articles, mentions, quotes."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from index_helpers import entity, quote, record

from newsbrowse.model import Skipped
from newsbrowse.store import ArticleRecord
from newsbrowse.store.store import AmbiguousNameError, FileState, Store, StoreVersionError

STATE = FileState(size=10, mtime_ns=1, hash="h")

VIENNA = (
    "Mikhail Ulyanov met the delegations in Vienna. "
    "Ulyanov said that significant progress had been made. "
    "The talks continue next week."
)
MOSCOW = "Ulyanov spoke to reporters in Moscow. He called the meeting useful."
OTHER_ULYANOV = "Pyotr Ulyanov opened a bakery in Kazan. The bread sold out."
AGENCY = "The International Atomic Energy Agency (IAEA) sent inspectors. The IAEA report is due."
AGENCY_SHORT = "The IAEA said its inspectors were denied access."


def vienna() -> ArticleRecord:
    """The article naming Mikhail Ulyanov in full, with a quote."""
    return record(
        "vienna.txt",
        "Talks in Vienna",
        VIENNA,
        (entity(VIENNA, "Mikhail Ulyanov", "person", "Mikhail Ulyanov", "Ulyanov"), entity(VIENNA, "Vienna", "place")),
        (quote(VIENNA, "significant progress", "Mikhail Ulyanov"),),
        published=datetime(2021, 5, 21, 18, 31),
    )


def moscow() -> ArticleRecord:
    """An article naming only "Ulyanov", quoting him under that name."""
    return record(
        "moscow.txt",
        "Envoy in Moscow",
        MOSCOW,
        (entity(MOSCOW, "Ulyanov", "person"), entity(MOSCOW, "Moscow", "place")),
        (quote(MOSCOW, "called the meeting useful", "Ulyanov"),),
        published=datetime(2021, 6, 2, tzinfo=timezone(timedelta(hours=3))),
    )


def bakery() -> ArticleRecord:
    """An article about a different Ulyanov."""
    return record(
        "kazan.txt",
        "Bakery",
        OTHER_ULYANOV,
        (entity(OTHER_ULYANOV, "Pyotr Ulyanov", "person"),),
        published=datetime(2020, 1, 5),
    )


@pytest.fixture()
def store(tmp_path: Path) -> Iterator[Store]:
    """An empty store."""
    opened = Store.open(tmp_path / "store.sqlite3")
    yield opened
    opened.close()


def lookup(store: Store, name: str) -> int:
    """The entity a name means, which the test expects to exist."""
    found = store.find_entity(name)
    assert found is not None, name
    return found


def fill(store: Store, *records: ArticleRecord, resolve: bool = True) -> None:
    """Write each record as a file of its own."""
    with store.transaction():
        for rec in records:
            store.put_file(rec.article.path, STATE, [rec])
    if resolve:
        store.resolve_entities()


def test_an_article_comes_back_as_written(store: Store) -> None:
    """A stored article comes back with its title, body and zoned date; a missing id gives None."""
    fill(store, moscow())
    article = store.article("moscow.txt")
    assert article is not None
    assert article.title == "Envoy in Moscow"
    assert article.body == MOSCOW
    assert article.published == datetime(2021, 6, 2, tzinfo=timezone(timedelta(hours=3)))
    assert store.article("missing.txt") is None
    assert store.article_count() == 1


def test_the_manifest_remembers_files_and_skipped_records(store: Store) -> None:
    """The manifest keeps each file's state and skips; touch_file and remove_file update both."""
    with store.transaction():
        store.put_file("feed.jsonl", FileState(5, 7, "abc"), [moscow()], [Skipped("feed.jsonl#2", "bad JSON")])
        store.put_file("junk.html", FileState(1, 2, "def"), [], [Skipped("junk.html", "binary junk")])
    assert store.manifest() == {"feed.jsonl": FileState(5, 7, "abc"), "junk.html": FileState(1, 2, "def")}
    assert store.file_skips() == [Skipped("feed.jsonl#2", "bad JSON"), Skipped("junk.html", "binary junk")]
    with store.transaction():
        store.touch_file("feed.jsonl", FileState(5, 9, "abc"))
        store.remove_file("junk.html")
    assert store.manifest() == {"feed.jsonl": FileState(5, 9, "abc")}
    assert store.file_skips() == [Skipped("feed.jsonl#2", "bad JSON")]


def test_a_surname_in_one_article_joins_the_full_name_in_another(store: Store) -> None:
    """ "Ulyanov" alone in one article joins Mikhail Ulyanov from another: two articles, three mentions."""
    fill(store, vienna(), moscow())
    [person] = store.entities(type_="person")
    assert person.name == "Mikhail Ulyanov"
    assert (person.articles, person.mentions) == (2, 3)
    assert set(person.aliases) == {"Mikhail Ulyanov", "Ulyanov"}
    assert [e.name for e in store.article_entities("moscow.txt")] == ["Mikhail Ulyanov", "Moscow"]


def test_two_people_with_one_surname_are_not_merged(store: Store) -> None:
    """With two Ulyanovs and nothing in the article to tell which, the bare surname stays an entity
    of its own, and a lookup of it lists both people rather than that fragment."""
    fill(store, vienna(), moscow(), bakery())
    names = {e.name: e.articles for e in store.entities(type_="person")}
    assert names == {"Mikhail Ulyanov": 1, "Ulyanov": 1, "Pyotr Ulyanov": 1}
    with pytest.raises(AmbiguousNameError) as found:
        store.find_entity("ulyanov")
    assert set(found.value.candidates) == {"Mikhail Ulyanov", "Pyotr Ulyanov"}


def test_merging_does_not_depend_on_indexing_order(tmp_path: Path) -> None:
    """Articles written in either order, merged after each, give the same entities."""
    results = []
    for order, records in enumerate([(vienna(), moscow(), bakery()), (bakery(), moscow(), vienna())]):
        store = Store.open(tmp_path / f"s{order}.sqlite3")
        for rec in records:  # one batch per article, merged after each, as a build does
            fill(store, rec)
        results.append(sorted((e.name, e.type, e.articles, e.mentions) for e in store.entities()))
        store.close()
    assert results[0] == results[1]


def test_removing_the_other_person_merges_the_surname_again(store: Store) -> None:
    """Once the other Ulyanov's article is removed, the bare surname joins Mikhail Ulyanov again."""
    fill(store, vienna(), moscow(), bakery())
    with store.transaction():
        store.remove_file("kazan.txt")
    store.resolve_entities()
    assert [(e.name, e.articles) for e in store.entities(type_="person")] == [("Mikhail Ulyanov", 2)]


def test_find_entity_takes_any_form_and_case(store: Store) -> None:
    """find_entity takes the full name or surname in any case or with a possessive; None for an unknown."""
    fill(store, vienna(), moscow())
    target = store.find_entity("Mikhail Ulyanov")
    assert target is not None
    for form in ("mikhail ulyanov", "ULYANOV", "Ulyanov's", "ulyanov"):
        assert store.find_entity(form) == target
    assert store.find_entity("nobody") is None


def test_a_surname_of_two_people_is_ambiguous_when_never_written_alone(store: Store) -> None:
    """A surname of two people never written alone raises AmbiguousNameError naming both."""
    full_only = record("vienna.txt", "Talks", VIENNA, (entity(VIENNA, "Mikhail Ulyanov", "person"),))
    fill(store, full_only, bakery())
    with pytest.raises(AmbiguousNameError, match=r"Mikhail Ulyanov.*Pyotr Ulyanov|Pyotr Ulyanov.*Mikhail Ulyanov"):
        store.find_entity("Ulyanov")


def test_an_acronym_used_alone_joins_its_long_form(store: Store) -> None:
    """ "IAEA" alone in one article joins the long form from another, whichever is written first."""
    long_form = record(
        "iaea.txt",
        "Inspectors",
        AGENCY,
        (entity(AGENCY, "International Atomic Energy Agency", "org", "International Atomic Energy Agency", "IAEA"),),
    )
    short = record("short.txt", "Access", AGENCY_SHORT, (entity(AGENCY_SHORT, "IAEA", "org"),))
    fill(store, short, long_form)
    [org] = store.entities(type_="org")
    assert (org.name, org.articles) == ("International Atomic Energy Agency", 2)


def test_mentions_carry_their_sentence_and_are_newest_first(store: Store) -> None:
    """Mentions come newest first with their sentence and offsets; limit and per-month counts work."""
    fill(store, vienna(), moscow())
    hits = list(store.mentions(lookup(store, "ulyanov")))
    assert [(h.article_id, h.sentence[h.start : h.end]) for h in hits] == [
        ("moscow.txt", "Ulyanov"),
        ("vienna.txt", "Mikhail Ulyanov"),
        ("vienna.txt", "Ulyanov"),
    ]
    assert hits[0].sentence == "Ulyanov spoke to reporters in Moscow."
    assert hits[2].sentence == "Ulyanov said that significant progress had been made."
    assert VIENNA[hits[2].offset : hits[2].offset + 7] == "Ulyanov"
    assert len(list(store.mentions(lookup(store, "ulyanov"), limit=2))) == 2
    months = store.mention_months(lookup(store, "ulyanov"))
    assert months == [("2021-05", 2), ("2021-06", 1)]


def test_quotes_by_speaker_in_any_form(store: Store) -> None:
    """Quotes by a speaker, under any of its names, get the canonical name, newest first."""
    fill(store, vienna(), moscow())
    quotes = list(store.quotes(lookup(store, "ulyanov")))
    assert [(q.article_id, q.text, q.speaker) for q in quotes] == [
        ("moscow.txt", "called the meeting useful", "Mikhail Ulyanov"),
        ("vienna.txt", "significant progress", "Mikhail Ulyanov"),
    ]
    assert [q.speaker for q in store.article_quotes("moscow.txt")] == ["Mikhail Ulyanov"]
    assert len(list(store.quotes())) == 2


def test_entities_filter_by_type_and_prefix_sorted_by_articles(store: Store) -> None:
    """entities() lists by article count, filters by type and prefix (a % matches nothing) and limits."""
    fill(store, vienna(), moscow())
    assert [e.name for e in store.entities()] == ["Mikhail Ulyanov", "Moscow", "Vienna"]
    assert [e.name for e in store.entities(type_="place")] == ["Moscow", "Vienna"]
    assert [e.name for e in store.entities(prefix="VIE")] == ["Vienna"]
    assert [e.name for e in store.entities(prefix="%")] == []
    assert len(store.entities(limit=1)) == 1


def test_rename_moves_ids_and_queues_both_for_the_index(store: Store) -> None:
    """Renaming a file moves its articles' ids, entities and manifest entry; both ids are pending."""
    with store.transaction():
        store.put_file("old.jsonl", STATE, [record("old.jsonl#1", "One", MOSCOW, (entity(MOSCOW, "Moscow", "place"),))])
    store.clear_pending(store.pending())
    with store.transaction():
        store.rename_file("old.jsonl", "new/feed.jsonl", FileState(10, 5, "h"))
    assert store.article("old.jsonl#1") is None
    moved = store.article("new/feed.jsonl#1")
    assert moved is not None and moved.path == "new/feed.jsonl"
    assert store.pending() == ["new/feed.jsonl#1", "old.jsonl#1"]
    assert set(store.manifest()) == {"new/feed.jsonl"}
    assert [e.name for e in store.article_entities("new/feed.jsonl#1")] == ["Moscow"]


def test_a_failed_transaction_leaves_nothing_behind(store: Store) -> None:
    """An exception inside a transaction leaves no article or manifest entry; the store still works after."""
    with pytest.raises(RuntimeError), store.transaction():
        store.put_file("moscow.txt", STATE, [moscow()])
        raise RuntimeError("crash")
    assert store.article_count() == 0 and store.manifest() == {}
    fill(store, moscow())
    assert [e.name for e in store.entities()] == ["Moscow", "Ulyanov"]


def test_articles_for_the_index_come_with_their_rows(store: Store) -> None:
    """for_index gives each stored article with its row id and skips missing ids."""
    original = vienna()
    fill(store, original)
    [(row, again)] = store.for_index(["vienna.txt", "gone.txt"])
    assert again == original.article
    assert row == store.next_rowid() - 1


def test_a_store_of_another_version_is_refused(tmp_path: Path) -> None:
    """Opening a store of another version raises StoreVersionError naming it."""
    path = tmp_path / "store.sqlite3"
    Store.open(path).close()
    with sqlite3.connect(path) as db:
        db.execute("UPDATE meta SET value = '0' WHERE key = 'version'")
    with pytest.raises(StoreVersionError, match="version 0"):
        Store.open(path)


def test_a_stray_non_person_does_not_hide_a_well_known_person(store: Store) -> None:
    """An organisation named like the surname does not hide the person from a lookup, and is still listed."""
    typo = "Araghchi Group issued a statement."
    person = "Seyed Abbas Araghchi spoke. Araghchi left."
    fill(
        store,
        record("a.txt", "One", typo, (entity(typo, "Araghchi", "org"),)),
        record(
            "b.txt",
            "Two",
            person,
            (entity(person, "Seyed Abbas Araghchi", "person", "Seyed Abbas Araghchi", "Araghchi"),),
        ),
        record(
            "c.txt",
            "Three",
            person,
            (entity(person, "Seyed Abbas Araghchi", "person", "Seyed Abbas Araghchi", "Araghchi"),),
        ),
    )
    found = store.find_entity("araghchi")
    assert found is not None and store.entity_summary(found).name == "Seyed Abbas Araghchi"
    # The organisation keeps its own entry and can still be listed.
    assert [e.name for e in store.entities(type_="org")] == ["Araghchi"]


def test_a_quote_given_to_the_surname_counts_for_the_person(store: Store) -> None:
    """A quote whose speaker the article writes as the surname counts for the person, under the full name."""
    text = "Seyed Abbas Araghchi arrived. Araghchi said the talks went well."
    fill(
        store,
        record(
            "a.txt",
            "One",
            text,
            (entity(text, "Seyed Abbas Araghchi", "person", "Seyed Abbas Araghchi", "Araghchi"),),
            (quote(text, "the talks went well", "Araghchi"),),
        ),
    )
    target = lookup(store, "Seyed Abbas Araghchi")
    assert store.entity_speaker_rows(target) == [1]
    assert [q.speaker for q in store.quotes(target)] == ["Seyed Abbas Araghchi"]
