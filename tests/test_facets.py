"""Facets: a query's hits counted by month, source and section, with the entities they name most."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from newsbrowse.archive import open_archive
from newsbrowse.cli import main

# (date, source, body): distinct stories, so that none is folded as a near-copy of another.
STORIES = [
    ("2021-05-03", "Harbour Post", "Councillor Henrik Solberg opened the new ferry pier in Lindvik on Monday morning."),
    (
        "2021-05-19",
        "Harbour Post",
        "The ferry timetable for Lindvik changes next week, Henrik Solberg told the council.",
    ),
    ("2021-06-02", "Coast Daily", "Fishermen in Sandholm asked the Lindvik council for a second ferry this summer."),
    (
        "2021-06-11",
        "Harbour Post",
        "Henrik Solberg said the Lindvik ferry carried a record number of tourists in June.",
    ),
    ("2021-06-20", "Coast Daily", "A storm closed the road between Sandholm and Tromvik for most of Saturday night."),
]


@pytest.fixture()
def archive(tmp_path: Path) -> Path:
    """A JSON Lines archive of five dated stories from two sources."""
    root = tmp_path / "news"
    root.mkdir()
    lines = [
        json.dumps({"title": f"Story {number}", "date": date, "source": source, "body": body})
        for number, (date, source, body) in enumerate(STORIES)
    ]
    (root / "feed.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return root


def test_facets_count_the_hits(archive: Path) -> None:
    """Months oldest first with counts, sources most first, and the commonest names among the hits only."""
    with open_archive(archive) as opened:
        opened.update()
        facets = opened.facets("ferry")
        assert facets.month == (("2021-05", 2), ("2021-06", 2))
        assert facets.source == (("Harbour Post", 3), ("Coast Daily", 1))
        assert facets.person == (("Henrik Solberg", 3),)
        named = facets.place + facets.org  # the place or the organisation Lindvik, as the archive types it
        assert ("Lindvik", 4) in named and all(name != "Tromvik" for name, _ in named)
        assert opened.facets("storm").month == (("2021-06", 1),)
        assert opened.facets("nothingmatches").month == ()


def test_search_facets_in_json_and_text(capsys: pytest.CaptureFixture[str], archive: Path) -> None:
    """search --facets adds `facets` to the JSON and a histogram with numbers to the text; csv refuses it."""
    assert main(["search", str(archive), "ferry", "--facets", "--json"]) == 0
    facets = json.loads(capsys.readouterr().out)["facets"]
    assert set(facets) == {"month", "source", "section", "person", "org", "place"}
    assert facets["month"] == [["2021-05", 2], ["2021-06", 2]]
    assert main(["search", str(archive), "ferry", "--facets"]) == 0
    text = capsys.readouterr().out
    assert "2021-05       2  " in text and "Sources: Harbour Post (3), Coast Daily (1)" in text
    assert main(["search", str(archive), "ferry", "--facets", "--format", "csv"]) == 2
    assert "--facets" in capsys.readouterr().err


def test_a_section_narrows_a_search_as_facets_offer_it(tmp_path: Path) -> None:
    """section: selects the articles of a section (any case, a prefix or a pattern), as the facets count them."""
    root = tmp_path / "news"
    for section, name, body in [
        ("politics", "budget.txt", "The ferry budget for Lindvik passed the council vote on Tuesday evening."),
        ("politics", "mayor.txt", "The mayor of Sandholm promised a second ferry before the election."),
        ("sport", "regatta.txt", "The Lindvik ferry regatta drew forty boats and a large crowd on Sunday."),
    ]:
        (root / section).mkdir(parents=True, exist_ok=True)
        (root / section / name).write_text(f"Story of {name}\n\n{body}\n", encoding="utf-8")
    with open_archive(root) as opened:
        opened.update()
        assert dict(opened.facets("ferry").section) == {"politics": 2, "sport": 1}
        assert {hit.id for hit in opened.search("ferry section:politics").hits} == {
            "politics/budget.txt",
            "politics/mayor.txt",
        }
        assert [hit.id for hit in opened.search("section:SPORT").hits] == ["sport/regatta.txt"]
        assert opened.count("section:pol*") == 2 and opened.count("ferry NOT section:politics") == 1
        assert opened.count("section:weather") == 0
        assert "section:politics" in opened.search("ferry section:politics").understood
