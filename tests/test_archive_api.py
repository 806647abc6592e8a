"""The archive API the browser uses: rebuild in place, highlights, the query as understood, name conditions,
entities by any word of a name, the article count."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from newsbrowse import open_archive
from newsbrowse.archive import Archive
from newsbrowse.errors import QueryError, UsageError
from newsbrowse.location import INDEX_DIR_NAME

COUNCIL = (
    "Council debates the harbour, part {n}\n\nMay {day}, 2021 - 10:00\n\n"
    "Councillor Henrik Solberg opened the meeting on the harbour in Lindvik.\n\n"
    "Solberg said: \u201cWe will decide on the harbour this month.\u201d\n\n"
    "Residents asked about the budget. The reference is token{n:04d}.\n"
)
AGENCY = (
    "Ferry timetable, part {n}\n\nJune {day}, 2022 - 09:00\n\n"
    "The Nordic Ferry Agency (NFA) published a timetable for the São Tomé route.\n\n"
    "Director Ada Berg said: \u201cThe ferries run daily.\u201d The reference is token{n:04d}.\n"
)


@pytest.fixture()
def archive(tmp_path: Path) -> Archive:
    """Six council articles (Henrik Solberg, Lindvik) and three agency articles (Ada Berg, the NFA)."""
    root = tmp_path / "archive"
    root.mkdir()
    for n in range(6):
        (root / f"council-{n}.txt").write_text(COUNCIL.format(n=n, day=1 + n), encoding="utf-8")
    for n in range(6, 9):
        (root / f"agency-{n}.txt").write_text(AGENCY.format(n=n, day=n), encoding="utf-8")
    opened = open_archive(root)
    opened.update(jobs=1)
    return opened


def test_a_rebuild_empties_the_store_in_place_and_open_readers_follow(archive: Archive) -> None:
    """A rebuild keeps the same store file (same inode), and a reader opened before it sees the rebuilt index."""
    store = archive.index_dir / "store.sqlite3"
    before = os.stat(store).st_ino
    reader = open_archive(archive.path)
    assert reader.count("harbour") == 6
    summary = archive.update(rebuild=True, jobs=1)
    assert summary.total == 9 and any("from scratch" in note for note in summary.notes)
    assert os.stat(store).st_ino == before  # the same file: never unlinked under a reader
    assert reader.count("harbour") == 6 and reader.article_count() == 9
    assert [hit.id for hit in reader.search("token0007").hits] == ["agency-7.txt"]
    reader.close()
    archive.close()


def test_highlight_marks_what_the_query_matched_in_the_body_or_title(archive: Archive) -> None:
    """highlight() spans words, phrases, prefixes, fuzzy and accent-folded terms; not NOT or name conditions."""
    body = archive.article("council-2.txt").body
    spans = archive.highlight("council-2.txt", 'harbour "budget" NOT solberg')
    assert {body[a:b] for a, b in spans} == {"harbour", "budget"}
    assert len(spans) == 3  # harbour twice, budget once
    assert [body[a:b] for a, b in archive.highlight("council-2.txt", "residen*")] == ["Residents"]
    assert [body[a:b] for a, b in archive.highlight("council-2.txt", "budgit~")] == ["budget"]
    title = archive.article("council-2.txt").title
    assert [title[a:b] for a, b in archive.highlight("council-2.txt", "harbour", "title")] == ["harbour"]
    agency = archive.article("agency-6.txt").body
    assert [agency[a:b] for a, b in archive.highlight("agency-6.txt", "sao")] == ["São"]
    assert archive.highlight("council-2.txt", "date:2021 person:solberg") == []
    with pytest.raises(QueryError):
        archive.highlight("council-2.txt", "nosuchfield:x")
    with pytest.raises(UsageError):
        archive.highlight("missing.txt", "harbour")
    archive.close()


def test_the_results_say_how_the_query_was_understood(archive: Archive) -> None:
    """results.understood resolves names to entities, marks unknown ones as written and spells out dates."""
    assert archive.search("harbour person:solberg").understood == "harbour AND person:Henrik Solberg"
    assert archive.search("speaker:berg").understood == "speaker:Ada Berg"
    assert archive.search("person:nobody").understood == "person:nobody (as written)"
    assert archive.search("person:solb* date:2021").understood == "person:solb* AND date 2021-01-01 to 2021-12-31"
    archive.close()


def test_name_conditions_are_answered_by_the_store(archive: Archive) -> None:
    """person:, entity:, place: and speaker: with wildcards, OR, NOT and dates count the right articles."""
    assert archive.count("person:solberg") == 6  # by surname: the entity, under all its names
    assert archive.count('person:"Henrik Solberg" token0003') == 1
    assert archive.count("entity:lindvik") == 6
    assert archive.count("place:lindvik") == 6 and archive.count("person:lindvik") == 0
    assert archive.count("speaker:solberg") == 6 and archive.count("speaker:berg") == 3
    assert archive.count("person:solb*") == 6 and archive.count("person:s?lberg") == 6
    assert archive.count("timetable OR person:solberg") == 9
    assert archive.count("token* NOT person:solberg") == 3
    assert archive.count("harbour date:2022") == 0 and archive.count("ferry OR date:2021") == 9
    assert [hit.id for hit in archive.search("person:solberg", limit=2, all_copies=True).hits] == [
        "council-5.txt",
        "council-4.txt",
    ]
    archive.close()


def test_a_fresh_processs_first_name_query_loads_no_extractor_and_not_every_word_list(archive: Archive) -> None:
    """Looking a name up (titles cut off, canonical names) loads the titles and canonical lists on their own: neither
    the extractors nor the whole lexicon, which only a build needs."""
    code = (
        "import sys\n"
        "from newsbrowse import open_archive\n"
        "from newsbrowse.extract import lexicon\n"
        f"archive = open_archive({str(archive.path)!r}, index_dir={str(archive.index_dir)!r})\n"
        "print(archive.count('person:\"Councillor Henrik Solberg\"'), archive.count('org:nfa'))\n"
        "print(sorted(m for m in ('newsbrowse.extract.entities', 'newsbrowse.extract.quotes') if m in sys.modules))\n"
        "print(lexicon._base.cache_info().currsize, lexicon.titles.cache_info().currsize)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, env=os.environ)
    assert result.stdout.split("\n")[:3] == ["6 3", "[]", "0 1"]


def test_entities_by_any_word_of_any_of_their_names(archive: Archive) -> None:
    """entities(contains=) matches the start of any word of a name, case-insensitive, optionally by type."""
    assert [e.name for e in archive.entities(contains="solb")] == ["Henrik Solberg"]
    assert [e.name for e in archive.entities(contains="HENR")] == ["Henrik Solberg"]
    assert "Nordic Ferry Agency" in {e.name for e in archive.entities(contains="agen")}
    assert {e.name for e in archive.entities(contains="berg")} == {"Ada Berg"}  # word starts only: not Solberg
    assert archive.entities(contains="%") == [] and archive.entities(contains="olberg") == []
    assert [e.name for e in archive.entities(type="place", contains="lind")] == ["Lindvik"]
    archive.close()


def test_the_article_count(archive: Archive) -> None:
    """article_count() gives nine, then eight after a file is deleted and the archive updated."""
    assert archive.article_count() == 9
    (archive.path / "council-0.txt").unlink()
    archive.update(jobs=1)
    assert archive.article_count() == 8
    assert (archive.path / INDEX_DIR_NAME).is_dir()
    archive.close()
