"""Entities in the article's language: function words, capitalised nouns, titles, case endings, places
(texts written for these tests)."""

from __future__ import annotations

from pathlib import Path

import pytest

from newsbrowse.archive import open_archive
from newsbrowse.extract import extract_entities
from newsbrowse.extract.languages import language_code, language_rules
from newsbrowse.model import Entity

DANISH = """Stine Eilertzen har boet i Aarhus i tyve år. Hun flyttede fra København, da hun fik job på havnen.

Det var en svær beslutning, men Stines familie støttede hende. Hvis hun skulle gøre det igen, ville hun vælge det samme.

Jeg er glad, fortæller hun. Vi skal blive her. På havnen mødte hun borgmester Anders Winnerskjold.

Statsminister Mette Frederiksen besøgte byen i sidste uge. Til mødet kom også Hans Jensen fra Odense."""

NORWEGIAN = """Ola Nordmann bor i Snåsa, men jobber i Kirkenes om sommeren. Ja, det er langt, men han liker det.

Så kom nyheten om at Norge skal bygge ny vei. Når veien er ferdig, blir reisen kortere. Du kan lese mer i Trondheim.

Ifølge ordfører Kari Hansen skal arbeidet starte i mai. Nordmanns naboer er fornøyde."""

SWEDISH = """Anna Lindqvist är ny chef för museet i Göteborg. Hon började sitt arbete i måndags.

Det är en stor uppgift, men Lindqvist är inte orolig. Enligt kulturminister Parisa Liljestrand är museet viktigt för
hela Sverige. När hon kom till Stockholm var hon nervös."""

GERMAN = """Nach der Wahl sagte Bundeskanzler Olaf Scholz, die Regierung werde das Programm fortsetzen.
Die Frage sei nur, wie schnell.

Premierminister Binyamin Netanyahu traf am Montag in Berlin ein. Vor Bennetts Interview hatte die Opposition Kritik geübt.

Die Kommentare in den Zeitungen waren gemischt. Auch Naftali Bennett äußerte sich in München.

Das Finanzministerium und die SPD schwiegen. Deutschlands Wirtschaft wächst kaum, sagte Bennett."""

DUTCH = """Premier Dick Schoof bezocht dinsdag Rotterdam. Hij sprak met burgemeester Ahmed Aboutaleb over de haven.

Het bezoek was kort. Volgens Schoof moet de regering meer investeren in Nederland. Een woordvoerder van
Schoof zei dat het kabinet in Den Haag vergadert."""

ITALIAN = """Bene Giorgia Meloni da Donald Trump: il presidente del Consiglio è stata ricevuta alla Casa Bianca.

La premier ha parlato con il presidente americano per un'ora. Secondo Meloni, l'incontro è stato cordiale.
Dopo il vertice è tornata a Roma. Anche Luiz Inácio Lula da Silva era a Washington."""

FRENCH = """Le président Emmanuel Macron a reçu jeudi Sophie Binet à l'Elysée. Après la rencontre, la secrétaire générale
de la CGT s'est dite inquiète.

Mais Macron a défendu sa réforme à Paris. Pour Marine Le Pen, cette réunion ne change rien.
Selon M. Macron, le dialogue continue."""

SPANISH = """El presidente Pedro Sánchez viajó a Bruselas el lunes. Allí se reunió con Ursula von der Leyen y con los
líderes de Francia y Alemania.

Según Von der Leyen, el acuerdo llegará pronto. Esta semana, Sánchez volverá a Madrid."""

RUSSIAN = """Президент России Владимир Путин встретился в Кремле с премьер-министром Малайзии Анваром Ибрагимом.

Путин заявил, что отношения между странами развиваются. По словам Путина, Малайзия — важный партнёр России.

Это был первый визит в Москву. Пресс-секретарь Дмитрий Песков отметил, что переговоры прошли успешно."""


def by_name(entities: list[Entity]) -> dict[str, Entity]:
    """The entities keyed by their canonical names."""
    return {entity.name: entity for entity in entities}


def mentions(entity: Entity) -> set[str]:
    """The texts an entity is mentioned by."""
    return {mention.text for mention in entity.mentions}


def test_danish_names_places_and_no_function_words() -> None:
    """Danish: sentence-initial function words are no names; "Stines" is Stine; places are places."""
    found = by_name(extract_entities(DANISH, "da"))
    stine = found["Stine Eilertzen"]
    assert stine.type == "person"
    assert "Stines" in mentions(stine)
    assert found["Aarhus"].type == "place"
    assert found["København"].type == "place"
    assert found["Mette Frederiksen"].type == "person"
    assert found["Mette Frederiksen"].role == "Statsminister"
    assert found["Anders Winnerskjold"].type == "person"
    assert found["Hans Jensen"].type == "person"  # "hans" is "his", but not before a surname in mid-sentence
    assert found["Odense"].type == "place"
    for word in ("Det", "Hvis", "Jeg", "Vi", "På", "Til", "Hun", "Stines"):
        assert word not in found


def test_norwegian_places_from_the_gazetteer() -> None:
    """Norwegian: Snåsa, Kirkenes and Norge are places; "Ja", "Så", "Når", "Du" are no names."""
    found = by_name(extract_entities(NORWEGIAN, "nb"))
    for place in ("Snåsa", "Kirkenes", "Norge", "Trondheim"):
        assert found[place].type == "place", place
    assert found["Ola Nordmann"].type == "person"
    assert "Nordmanns" in mentions(found["Ola Nordmann"])
    assert found["Kari Hansen"].type == "person"
    for word in ("Ja", "Så", "Når", "Du", "Ifølge"):
        assert word not in found


def test_swedish() -> None:
    """Swedish: names, places, a role before a name; "Det", "Hon", "När" are no names."""
    found = by_name(extract_entities(SWEDISH, "sv"))
    assert found["Anna Lindqvist"].type == "person"
    assert "Lindqvist" in mentions(found["Anna Lindqvist"])
    assert found["Parisa Liljestrand"].type == "person"
    for place in ("Göteborg", "Sverige", "Stockholm"):
        assert found[place].type == "place"
    for word in ("Det", "Hon", "När", "Enligt"):
        assert word not in found


def test_german_capitalised_nouns_need_evidence() -> None:
    """German: nouns are no names; titles are cut; a genitive joins its name and ends the run."""
    entities = extract_entities(GERMAN, "de")
    found = by_name(entities)
    assert found["Olaf Scholz"].type == "person"
    assert found["Olaf Scholz"].role == "Bundeskanzler"
    assert found["Binyamin Netanyahu"].role == "Premierminister"
    bennett = found["Naftali Bennett"]
    assert {"Bennetts", "Bennett"} <= mentions(bennett)
    assert found["Berlin"].type == "place"
    assert found["München"].type == "place"
    assert found["Deutschland"].type == "place"  # "Deutschlands Wirtschaft"
    assert found["Finanzministerium"].type == "org"
    assert found["SPD"].type == "org"
    nouns = {
        "Wahl",
        "Regierung",
        "Programm",
        "Frage",
        "Opposition",
        "Kritik",
        "Kommentare",
        "Zeitungen",
        "Interview",
        "Wirtschaft",
        "Montag",
        "Die",
        "Nach",
        "Vor",
        "Das",
        "Auch",
    }
    names = {word for entity in entities for word in entity.name.split()}
    assert not names & nouns


def test_dutch() -> None:
    """Dutch: a lowercase role before a name, places, "Het" and "Een" no names."""
    found = by_name(extract_entities(DUTCH, "nl"))
    assert found["Dick Schoof"].type == "person"
    assert found["Dick Schoof"].role in ("Premier", "premier")
    assert {"Schoof"} <= mentions(found["Dick Schoof"])
    assert found["Ahmed Aboutaleb"].type == "person"
    for place in ("Rotterdam", "Nederland"):
        assert found[place].type == "place"
    for word in ("Het", "Een", "Volgens", "Hij"):
        assert word not in found


def test_italian_names_never_glued_across_function_words() -> None:
    """Italian: "Bene Giorgia Meloni da Donald Trump" is two people; "da Silva" is part of a name."""
    found = by_name(extract_entities(ITALIAN, "it"))
    assert found["Giorgia Meloni"].type == "person"
    assert found["Donald Trump"].type == "person"
    assert "Meloni" in mentions(found["Giorgia Meloni"])
    lula = [entity for entity in found.values() if entity.name.endswith("Inácio Lula da Silva")]
    assert [entity.type for entity in lula] == ["person"]  # "da" joins a surname
    assert found["Roma"].type == "place"
    assert found["Casa Bianca"].type in ("org", "place")
    assert not any("Bene" in name or " da Donald" in name for name in found)
    for word in ("La", "Secondo", "Dopo", "Anche"):
        assert word not in found


def test_french() -> None:
    """French: "le président" makes a person; "M." is an honorific; "Après", "Mais", "Pour" are no names."""
    found = by_name(extract_entities(FRENCH, "fr"))
    macron = found["Emmanuel Macron"]
    assert macron.type == "person"
    assert {"Macron"} <= mentions(macron)
    assert found["Sophie Binet"].type == "person"
    assert found["Marine Le Pen"].type == "person"
    assert found["CGT"].type == "org"
    assert found["Paris"].type == "place"
    for word in ("Après", "Mais", "Pour", "Selon", "Le", "M"):
        assert word not in found


def test_spanish_and_is_no_connector() -> None:
    """Spanish: "Francia y Alemania" are two places; a bare "Von der Leyen" joins Ursula von der Leyen."""
    found = by_name(extract_entities(SPANISH, "es"))
    assert found["Francia"].type == "place"
    assert found["Alemania"].type == "place"
    assert "Francia y Alemania" not in found
    leyen = found["Ursula von der Leyen"]
    assert leyen.type == "person"
    assert "Von der Leyen" in mentions(leyen)
    assert found["Pedro Sánchez"].type == "person"
    for place in ("Bruselas", "Madrid"):
        assert found[place].type == "place"
    for word in ("Allí", "Según", "Esta", "El"):
        assert word not in found


def test_russian_case_endings() -> None:
    """Russian: "Путина" is Владимир Путин, "Малайзии" and "России" are places, the country before a
    name is cut off it."""
    found = by_name(extract_entities(RUSSIAN, "ru"))
    putin = found["Владимир Путин"]
    assert putin.type == "person"
    assert {"Путин", "Путина"} <= mentions(putin)
    assert found["Россия"].type == "place"
    assert "России" in mentions(found["Россия"])
    assert found["Малайзия"].type == "place"
    assert {"Малайзии", "Малайзия"} <= mentions(found["Малайзия"])
    assert found["Москва"].type == "place"  # "в Москву"
    assert found["Дмитрий Песков"].type == "person"
    for word in ("Это", "По", "Президент"):
        assert word not in found


def test_a_lone_name_in_a_case_ending_is_listed_plain() -> None:
    """Without the plain form in the text, "Mettes" is still Mette and "Annas" Anna; "Hans" and
    "Stines" (names of their own: a given name, a surname) stay."""
    assert [e.name for e in extract_entities("Vi talte med Mettes mor i går.", "da")] == ["Mette"]
    assert [e.name for e in extract_entities("Das Interview mit Annas Sprecherin kam spät.", "de")] == ["Anna"]
    assert [e.name for e in extract_entities("Vi talte med Hans i går.", "da")] == ["Hans"]
    assert [e.name for e in extract_entities("Vi talte med Stines mor i går.", "da")] == ["Stines"]


def test_english_is_read_as_before() -> None:
    """No language, "en" and "en-GB" read a text with the same English rules."""
    text = "Prime Minister Tobias Marlow met Greta Hale in Leeds on Monday. Marlow said the talks went well."
    assert extract_entities(text) == extract_entities(text, "en") == extract_entities(text, "en-GB")


def test_language_tags() -> None:
    """Tags fold to the code whose rules serve them; an unknown language gets stop words only."""
    assert language_code("nb") == language_code("nn") == language_code("no") == "no"
    assert language_code("de-AT") == "de"
    assert language_code(None) == "en"
    assert language_rules("nb") is language_rules("no")
    assert language_rules("de").capitalises_nouns
    assert not language_rules("da").capitalises_nouns
    finnish = language_rules("fi")
    assert "ja" in finnish.function_words and not finnish.say
    assert language_rules("xx").function_words == frozenset()


def test_function_words_come_from_stopwordsiso_and_keep_capitals() -> None:
    """The lists are stopwordsiso's, with day and month names, less the capitals some hold ("москва")."""
    danish = language_rules("da").function_words
    assert {"det", "hvis", "jeg", "vi", "mandag", "januar"} <= danish
    found = by_name(extract_entities("Москва готовится к празднику. Москва красива.", "ru"))
    assert found["Москва"].type == "place"


def test_the_build_passes_the_language(tmp_path: Path) -> None:
    """An archive of Danish articles is read with Danish rules: no "Det" or "Hvis" among its entities."""
    root = tmp_path / "archive"
    root.mkdir()
    (root / "aarhus.txt").write_text("Ny havn i Aarhus\n\n" + DANISH + "\n", encoding="utf-8")
    with open_archive(root, tmp_path / "index") as archive:
        archive.update(jobs=1)
        names = {entity.name for entity in archive.entities(limit=None)}
    assert {"Stine Eilertzen", "Aarhus", "Mette Frederiksen"} <= names
    assert not names & {"Det", "Hvis", "Jeg", "Vi", "Stines"}


@pytest.mark.parametrize(
    ("text", "language", "name"),
    [
        ("İzmir'in Bornova ilçesinde yangın çıktı. Yangın İzmir'de büyüdü.", "tr", "İzmir"),
        (
            "Spotkanie odbyło się w Warszawie. Prezydent Andrzej Duda powiedział, że jest zadowolony.",
            "pl",
            "Andrzej Duda",
        ),
    ],
)
def test_other_languages(text: str, language: str, name: str) -> None:
    """Turkish case endings after an apostrophe, Polish names: the name is found whole."""
    assert name in by_name(extract_entities(text, language))


def test_turkish_bodies_and_addresses() -> None:
    """Turkish: a ministry or a directorate in any case is an organisation, a neighbourhood or a
    boulevard a place, and an address is read place by place."""
    text = (
        "Yangına Milli Savunma Bakanlığının helikopterleri katıldı. Alaca Belediyesi ekipleri de geldi. "
        "Ekipler Sırameşeler Mahallesi Mudanya Bulvarı üzerindeki alana ulaştı. Balıkesir Orman Bölge "
        "Müdürlüğü açıklama yaptı."
    )
    found = by_name(extract_entities(text, "tr"))
    for name in ("Milli Savunma Bakanlığının", "Alaca Belediyesi", "Balıkesir Orman Bölge Müdürlüğü"):
        assert found[name].type == "org"
    assert found["Sırameşeler Mahallesi"].type == "place"
    assert found["Mudanya Bulvarı"].type == "place"


def test_russian_organisations_and_case_forms() -> None:
    """Russian: an organisation opened by a capitalised adjective goes on in lowercase to its body's
    word, in any case; the case forms of a full name are one person under its plainest form."""
    text = (
        "Высший совет правосудия уволил судью. Решение Высшего совета поддержал Окружной административный суд.\n\n"
        "Премьер-министр Анвар Ибрагим прилетел в Москву. Путин встретился с Анваром Ибрагимом в Кремле, "
        "а позже подарил Анвару Ибрагиму книгу. Ибрагима встретили тепло."
    )
    found = by_name(extract_entities(text, "ru"))
    council = found["Высший совет"]
    assert council.type == "org"
    assert mentions(council) == {"Высший совет", "Высшего совета"}
    assert found["Окружной административный суд"].type == "org"
    anwar = found["Анвар Ибрагим"]
    assert anwar.type == "person"
    assert {"Анвар Ибрагим", "Анваром Ибрагимом", "Анвару Ибрагиму", "Ибрагима"} <= mentions(anwar)
    assert "Высший" not in found and "Высшего" not in found
