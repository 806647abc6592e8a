"""Archive-wide entities: one person one entry, found by any name (articles written for these tests)."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from newsbrowse.archive import Archive, open_archive
from newsbrowse.errors import QueryError
from newsbrowse.store.entities import AmbiguousNameError

# Tobias Marlow dominates the surname; his sister is named once.
MARLOW = {
    f"marlow-{n}.txt": f"Budget vote number {n}\n\nPrime Minister Tobias Marlow opened debate number {n} in parliament "
    f"on Monday. Mr Marlow said the budget would pass before the summer.\n"
    for n in range(10)
} | {
    "marlow-bare.txt": "Budget passes\n\nMr Marlow told reporters the plan was fair to families and pensioners.\n",
    "marlow-sister.txt": "A bakery opens\n\nGreta Marlow, a baker, opened a shop in Leeds on Saturday. "
    "Greta Marlow said bread was her first love.\n",
}
# Two Penhallows share a surname: one at the treasury, one the president's chief of staff.
PENHALLOW = (
    {
        f"arthur-{n}.txt": f"Currency talks {n}\n\nTreasury Secretary Arthur Penhallow met finance ministers in Bonn about the "
        f"dollar. The Bundesbank and the Treasury agreed to watch the markets, Arthur Penhallow said.\n"
        for n in range(4)
    }
    | {
        f"denis-{n}.txt": f"White House week {n}\n\nWhite House chief of staff Denis Penhallow met Senate leaders at the "
        f"White House. Congress and the Senate will vote next week, Denis Penhallow said.\n"
        for n in range(4)
    }
    | {
        "penhallow-money.txt": "Dollar falls\n\nTreasury Secretary Penhallow said the Bundesbank and the Treasury "
        "would act if the dollar kept falling.\n",
        "penhallow-hill.txt": "Vote delayed\n\nPenhallow told Senate leaders at the White House that Congress could wait. "
        "The White House said nothing more.\n",
    }
)
OTHERS = {
    "ashdown-1.txt": "Takeover bid\n\nRuben Q. Ashdown made a bid for the steel maker on Tuesday. Ashdown said the "
    "price was fair.\n",
    "ashdown-2.txt": "Bid raised\n\nThe investor Ruben Ashdown raised his offer again.\n",
    "ashdown-3.txt": "Board meets\n\nThe board of the steel maker met R. Ashdown on Friday.\n",
    "potash-1.txt": "Potash prices\n\nThe International Potash Council (IPC) said prices would rise. The IPC meets "
    "twice a year.\n",
    "potash-2.txt": "Potash meeting\n\nThe IPC met in Oslo on Monday to discuss prices.\n",
    "bank-1.txt": "Loans approved\n\nThe World Bank approved new loans for Kenya. The Bank said roads would be "
    "built first.\n",
    "britain-1.txt": "Exports grow\n\nExports from Britain grew in March, figures for the UK showed.\n",
    "britain-2.txt": "Rates held\n\nInterest rates in the United Kingdom were held on Thursday.\n",
    "mercer-law.txt": "Court hearing\n\nJulian Mercer, a lawyer for the oil company, told the court in Houston "
    "that the claim had no merit.\n",
}
FOOTBALL = {
    f"mercer-goal-{n}.txt": f"Late winner {n}\n\nArsenal beat Chelsea in the Premiership on Saturday as Mercer "
    f"scored again, and Everton lost at Fulham.\n"
    for n in range(3)
}
# "President Hallam" throughout, the full name once: the same man, by the company he keeps.
HALLAM = {
    "hallam-full.txt": "Trade bill\n\nPresident Roland Hallam told Congress the trade bill would hurt the "
    "farmers of Iowa. The Senate and the White House disagree.\n",
} | {
    f"hallam-{n}.txt": f"Trade bill, day {n}\n\nPresident Hallam said on day {n} that Congress should drop the "
    f"trade bill. The Senate and the White House will talk to farmers in Iowa again.\n"
    for n in range(6)
}
JUNK = {
    "world-1.txt": "Charity single\n\nThe choir sang We Are The World at the concert in Leeds.\n",
    "world-2.txt": "Book prize\n\nShe won for Not the End of the World, her third novel.\n",
    "world-3.txt": "Song again\n\nFans sang We Are The World once more in Dublin.\n",
}


@pytest.fixture(scope="module")
def archive(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Archive]:
    """The articles above, indexed once for the module."""
    root = tmp_path_factory.mktemp("resolution") / "archive"
    root.mkdir()
    for name, text in (MARLOW | PENHALLOW | OTHERS | FOOTBALL | HALLAM | JUNK).items():
        (root / name).write_text(text, encoding="utf-8")
    with open_archive(root) as opened:
        opened.update(jobs=1)
        yield opened


def _entities_built_with_hash_seed(root: Path, index_dir: Path, seed: str) -> list[tuple[object, ...]]:
    """The entities table of a build of `root` in a new process whose string hashing uses `seed`."""
    build = (
        "import sys\nfrom newsbrowse import open_archive\nwith open_archive(*sys.argv[1:]) as a:\n    a.update(jobs=1)"
    )
    environment = {**os.environ, "PYTHONHASHSEED": seed}
    subprocess.run([sys.executable, "-c", build, str(root), str(index_dir)], check=True, env=environment)
    with sqlite3.connect(index_dir / "store.sqlite3") as db:
        return db.execute("SELECT rowid, * FROM entities ORDER BY rowid").fetchall()


@pytest.mark.slow
def test_entities_get_the_same_ids_in_every_process(archive: Archive, tmp_path: Path) -> None:
    """Two builds of one archive number its entities alike, though each process orders sets differently."""
    first = _entities_built_with_hash_seed(archive.path, tmp_path / "first", "1")
    assert len(first) > 10
    assert _entities_built_with_hash_seed(archive.path, tmp_path / "second", "2") == first


def articles(archive: Archive, name: str) -> set[str]:
    """The ids of the articles the entity a name finds is named in."""
    return {hit.article_id for hit in archive.mentions(name)}


def test_a_surname_alone_joins_the_full_name_that_dominates_the_archive(archive: Archive) -> None:
    """ "Mr Marlow" in an article that never gives the full name is Tobias Marlow; his sister stays herself."""
    tobias = archive.entity("Tobias Marlow")
    assert tobias is not None and tobias.name == "Tobias Marlow"
    assert "marlow-bare.txt" in articles(archive, "Tobias Marlow")
    assert "marlow-sister.txt" not in articles(archive, "Tobias Marlow")
    for form in ("Marlow", "marlow", "Mr Marlow", "Prime Minister Marlow", "MARLOW"):
        found = archive.entity(form)
        assert found is not None and found.name == "Tobias Marlow", form
    assert [e.name for e in archive.entities("person") if "Marlow" in e.name] == ["Tobias Marlow", "Greta Marlow"]


def test_two_full_names_with_one_surname_are_told_apart_by_the_article(archive: Archive) -> None:
    """A bare "Penhallow" goes to the one whose usual company and role the article shares; a bare lookup lists both."""
    assert "penhallow-money.txt" in articles(archive, "Arthur Penhallow")
    assert "penhallow-hill.txt" in articles(archive, "Denis Penhallow")
    assert "penhallow-money.txt" not in articles(archive, "Denis Penhallow")
    with pytest.raises(AmbiguousNameError) as found:
        archive.entity("Penhallow")
    assert set(found.value.candidates) == {"Arthur Penhallow", "Denis Penhallow"}
    assert isinstance(found.value, QueryError)
    # No article is left to the bare surname, so it is listed nowhere.
    assert "Penhallow" not in {e.name for e in archive.entities(limit=None)}


def test_a_surname_far_more_frequent_than_its_only_full_name_joins_it_when_it_keeps_its_company(
    archive: Archive,
) -> None:
    """ "President Hallam" in six articles, "Roland Hallam" in one, the same company: one person, all seven."""
    assert articles(archive, "Roland Hallam") == {"hallam-full.txt"} | {f"hallam-{n}.txt" for n in range(6)}
    found = archive.entity("Hallam")
    assert found is not None and found.name == "Roland Hallam"


def test_initials_and_middle_initials_fold_into_one_person(archive: Archive) -> None:
    """ "Ruben Q. Ashdown", "Ruben Ashdown" and "R. Ashdown" are one person, found by any of them."""
    ashdown = archive.entity("Ruben Ashdown")
    assert ashdown is not None
    assert articles(archive, "Ruben Ashdown") == {"ashdown-1.txt", "ashdown-2.txt", "ashdown-3.txt"}
    for form in ("Ruben Q. Ashdown", "R. Ashdown", "Ashdown"):
        other = archive.entity(form)
        assert other is not None and other.name == ashdown.name, form


def test_an_acronym_an_article_defines_joins_its_long_name_everywhere(archive: Archive) -> None:
    """ "International Potash Council (IPC)" in one article: "The IPC" alone elsewhere is that council."""
    council = archive.entity("IPC")
    assert council is not None and council.name == "International Potash Council" and council.type == "org"
    assert articles(archive, "International Potash Council") == {"potash-1.txt", "potash-2.txt"}


def test_the_world_bank_is_never_the_bank_and_country_synonyms_are_one_place(archive: Archive) -> None:
    """ "the Bank" after "the World Bank" is the World Bank; UK, Britain and United Kingdom are one place."""
    bank = archive.entity("World Bank")
    assert bank is not None and bank.name == "World Bank"
    assert archive.entity("Bank") is None or archive.entity("Bank") == bank
    kingdom = archive.entity("Britain")
    assert kingdom is not None and kingdom.name == "United Kingdom" and kingdom.type == "place"
    assert articles(archive, "UK") == {"britain-1.txt", "britain-2.txt"}
    assert archive.entity("Great Britain") == kingdom  # a synonym no article wrote still finds it


def test_a_bare_name_in_unrelated_company_does_not_join_a_rare_full_name(archive: Archive) -> None:
    """The footballer "Mercer" (with Arsenal, Chelsea, Everton) is not Julian Mercer the lawyer."""
    assert articles(archive, "Julian Mercer") == {"mercer-law.txt"}
    footballer = [e for e in archive.entities("person", limit=None) if e.name == "Mercer"]
    assert [e.articles for e in footballer] == [3]


def test_well_known_clubs_are_organisations_and_common_words_are_no_entity(archive: Archive) -> None:
    """Chelsea and Everton are clubs; "World" from song and book titles is hidden as junk."""
    for club in ("Chelsea", "Everton", "Arsenal"):
        found = archive.entity(club)
        assert found is not None and found.type == "org", club
    assert archive.entity("World") is None
    assert "World" not in {e.name for e in archive.entities(limit=None)}
    assert all(e.name != "World" for e in archive.article_entities("world-1.txt"))


@pytest.mark.parametrize(
    ("typed", "name"),
    [
        ("Dr. Lena Hartmann", "Lena Hartmann"),
        ("Mr Ulyanov", "Mikhail Ulyanov"),
        ("Prof. Reza Farahani", "Reza Farahani"),
        ("ULYANOV", "Mikhail Ulyanov"),
    ],
)
def test_a_name_with_a_title_finds_its_entity_in_the_sample_archive(sample: Archive, typed: str, name: str) -> None:
    """The lookups the issue found failing: a title before the name, any case."""
    found = sample.entity(typed)
    assert found is not None and found.name == name
    assert sample.mentions(typed)


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Archive]:
    """The sample archive, indexed once for the module (its index in a temporary folder)."""
    root = Path(__file__).resolve().parent.parent / "sample_archive"
    with open_archive(root, tmp_path_factory.mktemp("sample-index")) as opened:
        opened.update(jobs=1)
        yield opened
