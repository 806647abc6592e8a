"""Canonical names within one text: titles, roles and descriptors cut off (misspelt too), pairs split,
the full name kept, and the cues that tell a work, a product or a firm from a person."""

from __future__ import annotations

import pytest

from newsbrowse.extract import extract_entities
from newsbrowse.model import Entity


def found(text: str) -> dict[str, Entity]:
    """The entities of a text by name."""
    return {entity.name: entity for entity in extract_entities(text)}


@pytest.mark.parametrize(
    ("text", "name", "role"),
    [
        ("Talks ended with Treasury Secertary Hal Brandt in the room.", "Hal Brandt", "Treasury Secertary"),
        ("He said Prime Minsiter Ada Quill would speak.", "Ada Quill", "Prime Minsiter"),
        ("The Chancellor of the Exchequer Gordon Pike spoke first.", "Gordon Pike", "Chancellor of the Exchequer"),
        ("Later Presidents Ada Quill and Jon Marsh met.", "Ada Quill", "Presidents"),
        ("She met White House Budget Chief Jon Marsh on Friday.", "Jon Marsh", "White House Budget Chief"),
        ("Assistant Secretary of State Ada Quill arrived.", "Ada Quill", "Assistant Secretary of State"),
    ],
)
def test_titles_before_a_full_name_are_cut_even_misspelt(text: str, name: str, role: str) -> None:
    """A title glued to a name, spelt right or wrong, is the person's role, not part of the name."""
    entity = found(text)[name]
    assert (entity.type, entity.role) == ("person", role)


@pytest.mark.parametrize(
    ("text", "name", "left"),
    [
        ("He met Liberal Democrat Charles Pike at the station.", "Charles Pike", "Liberal Democrat"),
        ("He saw Blairite Alan Quill there.", "Alan Quill", None),
        ("Greek Sprinters Kostas Lekkas and Maria Dimou were banned.", "Kostas Lekkas", "Greek"),
        ("New Zealander Peter Vane won the award.", "Peter Vane", "New Zealander"),
        ("An Office of Management and Budget James Orr memo leaked.", "James Orr", "Office of Management and Budget"),
        ("Former Northwind boss Bernie Abel was charged.", "Bernie Abel", "Northwind"),
    ],
)
def test_descriptors_glued_before_a_full_name_are_cut_off(text: str, name: str, left: str | None) -> None:
    """ "Liberal Democrat", "Blairite", "Sprinters": words that describe a person are no part of the name."""
    names = found(text)
    assert names[name].type == "person"
    assert not any(other.endswith(name) and other != name for other in names)
    if left is not None:
        assert left in names


def test_a_surname_after_a_descriptor_joins_the_full_name_written_elsewhere() -> None:
    """ "Euro-Sceptic Kilroy-Vane" is Robert Kilroy-Vane when the text names him so elsewhere."""
    names = found("East Midlands MEP Robert Kilroy-Vane quit. Euro-Sceptic Kilroy-Vane said no more.")
    person = names["Robert Kilroy-Vane"]
    assert person.role == "MEP" and [m.text for m in person.mentions] == ["Robert Kilroy-Vane", "Kilroy-Vane"]
    assert "Euro-Sceptic Kilroy-Vane" not in names


def test_names_that_merely_look_glued_stay_whole() -> None:
    """Listed names across a cut, clubs, companies and names that start with a given name stay as they are."""
    text = (
        "Shares fell on the New York Stock Exchange. The White Sox beat the Red Sox. "
        "Morgan Stanley advised Bear Stearns & Co Inc on the deal. Ray Charles sang."
    )
    assert {"New York Stock Exchange", "White Sox", "Morgan Stanley", "Ray Charles"} <= set(found(text))


def test_us_in_capitals_is_the_country_and_us_in_lowercase_a_pronoun() -> None:
    """ "US officials" names the United States; "give us time" names nobody."""
    names = found("US officials met in Paris. The US economy grew. Give us time, he said.")
    assert names["US"].type == "place" and len(names["US"].mentions) == 2


def test_a_pair_the_text_also_names_one_by_one_is_split() -> None:
    """ "Manchester United-Arsenal" is two clubs when the text names both alone; "Hewlett-Packard" stays one."""
    names = found(
        "The Manchester United-Arsenal game ended late. Arsenal lost to Manchester United. Hewlett-Packard fell."
    )
    assert {"Manchester United", "Arsenal", "Hewlett-Packard"} <= set(names)
    assert "Manchester United-Arsenal" not in names


def test_plural_and_common_acronyms_are_no_part_of_a_name() -> None:
    """ "Windows PCs", "US TV", "Labour MPs": the thing named is Windows, the US, Labour."""
    names = found("Microsoft fixed Windows PCs. The US TV network Fox agreed. Labour MPs voted.")
    assert {"Windows", "US", "Labour"} <= set(names)
    assert not {"Windows PCs", "US TV", "Labour MPs"} & set(names)


def test_a_given_name_alone_is_the_one_full_name_of_the_text_it_opens() -> None:
    """ "Tony" after "Tony Marlow" is him; with two Tonys it stays alone."""
    one = found("Tony Marlow arrived. Later Tony said he was tired.")
    assert [m.text for m in one["Tony Marlow"].mentions] == ["Tony Marlow", "Tony"]
    two = found("Tony Marlow and Tony Benn arrived. Later Tony said he was tired.")
    assert "Tony" in two


def test_an_organisation_keeps_its_full_name_however_often_the_text_shortens_it() -> None:
    """ "the Bank" three times after one "Bank of England" is still listed as the Bank of England."""
    names = found("The Bank of England held rates. The Bank said so. The Bank will wait. The Bank is calm.")
    assert list(names) == ["Bank of England"] and len(names["Bank of England"].mentions) == 4


@pytest.mark.parametrize(
    ("text", "name", "type_"),
    [
        ("Critics loved the drama Vera Lune at the festival.", "Vera Lune", "other"),
        ("The Harry Quayle films made millions.", "Harry Quayle", "other"),
        ("Ray Quinn star Jamie Foxe won.", "Ray Quinn", "other"),
        ("Sony sold the PlayStation 2 console.", "PlayStation", "other"),
        ("Music fans used Flash MP3 players.", "Flash MP3", "other"),
        ("Forecasts by analysts Gartnerly were cut.", "Gartnerly", "org"),
        ("The Consumer Electronics Show opened.", "Consumer Electronics Show", "other"),
    ],
)
def test_cues_tell_works_products_and_firms_from_people(text: str, name: str, type_: str) -> None:
    """A given name opening a film's or product's title is no person; "analysts X" is a firm."""
    assert found(text)[name].type == type_


def test_each_entity_carries_the_strongest_evidence_of_each_type() -> None:
    """The evidence the archive weighs: each type's strongest cue in the text, not a sum of repeats."""
    entity = found("Mr Orr said yes. Mr Orr said no. Mr Orr said maybe.")["Orr"]
    person, org, place, other = entity.evidence
    assert person >= 10 and person < 30 and (org, place, other) == (0, 0, 0)


def test_an_organisation_for_a_list_of_fields_keeps_the_list() -> None:
    """ "Department for Culture, Media and Sport" is one name; "and Tony Marlow" after one is not a field."""
    names = found("A spokesman for the Department for Culture, Media and Sport said no.")
    assert list(names) == ["Department for Culture, Media and Sport"]
    names = found("The Department of Health and Tony Marlow met.")
    assert {"Department of Health", "Tony Marlow"} <= set(names)
