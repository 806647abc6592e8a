"""Quotes in the article's language: its quote marks, dash-introduced quotes, verbs of saying and
pronouns (texts written for these tests)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newsbrowse.extract import extract_entities, extract_quotes
from newsbrowse.model import Quote


def speakers(text: str, language: str) -> list[tuple[str, str | None]]:
    """(quote text, speaker) of every quote found in a text."""
    return [(quote.text, quote.speaker) for quote in extract_quotes(text, extract_entities(text, language), language)]


def test_danish_dash_quotes_and_pronouns() -> None:
    """Danish: "– …, siger X", "– …, tilføjer hun", and a dash paragraph going on with the same speaker."""
    text = (
        "Stine Eilertzen har boet i Aarhus i tyve år.\n\n"
        "– Jeg savner ikke storbyen, siger Stine Eilertzen.\n\n"
        "– Vi har fået et godt liv her, og børnene er glade, tilføjer hun.\n\n"
        "– Havnen er blevet et andet sted at bo i de sidste ti år.\n\n"
        "Borgmester Anders Winnerskjold er enig. »Byen vokser hurtigt«, siger han."
    )
    assert speakers(text, "da") == [
        ("Jeg savner ikke storbyen", "Stine Eilertzen"),
        ("Vi har fået et godt liv her, og børnene er glade", "Stine Eilertzen"),
        ("Havnen er blevet et andet sted at bo i de sidste ti år.", "Stine Eilertzen"),
        ("Byen vokser hurtigt", "Anders Winnerskjold"),
    ]


def test_norwegian_says_after_and_det_sier() -> None:
    """Norwegian: "sier X" after a dash quote; «…» then "Det sier X til NRK"."""
    text = (
        "Ola Nordmann bor i Snåsa.\n\n"
        "– Dette er en god dag for hele regionen, sier Ola Nordmann.\n\n"
        "«Vi har ventet på denne veien i tretti år.» Det sier ordfører Kari Hansen til NRK."
    )
    assert speakers(text, "nb") == [
        ("Dette er en god dag for hele regionen", "Ola Nordmann"),
        ("Vi har ventet på denne veien i tretti år.", "Kari Hansen"),
    ]


def test_swedish_says_before_and_after() -> None:
    """Swedish: "– …, säger X" and "X säger: ”…”" (the Swedish closing mark on both sides)."""
    text = (
        "Anna Lindqvist är ny chef för museet i Göteborg.\n\n"
        "– Jag ser fram emot att möta besökarna, säger Anna Lindqvist.\n\n"
        "Kulturministern Parisa Liljestrand säger: ”Museet är viktigt för hela landet.”"
    )
    assert speakers(text, "sv") == [
        ("Jag ser fram emot att möta besökarna", "Anna Lindqvist"),
        ("Museet är viktigt för hela landet.", "Parisa Liljestrand"),
    ]


def test_german_low_marks_and_guillemets() -> None:
    """German: „…“, sagte X; »…«, erklärte er; never a capitalised noun as the speaker."""
    text = (
        "Bundeskanzler Olaf Scholz traf am Montag in Berlin ein. Die Frage der Haushaltsplanung blieb offen.\n\n"
        "„Wir werden nicht nachgeben“, sagte Scholz.\n\n"
        "»Das Programm wird fortgesetzt«, erklärte er später vor der Presse.\n\n"
        "Naftali Bennett sagte: „Das ist eine schwierige Lage.“"
    )
    assert speakers(text, "de") == [
        ("Wir werden nicht nachgeben", "Olaf Scholz"),
        ("Das Programm wird fortgesetzt", "Olaf Scholz"),
        ("Das ist eine schwierige Lage.", "Naftali Bennett"),
    ]


def test_dutch() -> None:
    """Dutch: „…”, zei X; "Volgens X" is "according to"."""
    text = (
        "Premier Dick Schoof bezocht dinsdag Rotterdam.\n\n"
        "„Dit is een belangrijke stad voor het hele land”, zei Schoof.\n\n"
        "Volgens burgemeester Ahmed Aboutaleb, „moet de haven groeien”."
    )
    assert speakers(text, "nl") == [
        ("Dit is een belangrijke stad voor het hele land", "Dick Schoof"),
        ("moet de haven groeien", "Ahmed Aboutaleb"),
    ]


def test_italian_auxiliary_before_the_verb() -> None:
    """Italian: «…», ha detto X; «…», dice lei."""
    text = (
        "Giorgia Meloni è stata ricevuta alla Casa Bianca da Donald Trump.\n\n"
        "«Abbiamo discusso di commercio e di Ucraina», ha detto Meloni ai giornalisti.\n\n"
        "«Il rapporto con gli Stati Uniti è solido», dice lei."
    )
    assert speakers(text, "it") == [
        ("Abbiamo discusso di commercio e di Ucraina", "Giorgia Meloni"),
        ("Il rapporto con gli Stati Uniti è solido", "Giorgia Meloni"),
    ]


def test_french_guillemets_with_spaces() -> None:
    """French: « … », a déclaré X; « … », selon X."""
    text = (
        "Le président Emmanuel Macron a reçu jeudi Sophie Binet à l'Elysée.\n\n"
        "« Le gouvernement ne nous écoute pas », a déclaré Sophie Binet.\n\n"
        "« Le dialogue continue », selon Emmanuel Macron."
    )
    assert speakers(text, "fr") == [
        ("Le gouvernement ne nous écoute pas", "Sophie Binet"),
        ("Le dialogue continue", "Emmanuel Macron"),
    ]


def test_spanish_dash_dialogue() -> None:
    """Spanish: "—… —dijo X—. …": the quote, its attribution and the quote going on."""
    text = (
        "El presidente Pedro Sánchez viajó a Bruselas el lunes.\n\n"
        "—Europa necesita una política común —dijo Sánchez—. No podemos esperar más tiempo para actuar.\n\n"
        "«Estamos muy cerca», afirmó Ursula von der Leyen."
    )
    assert speakers(text, "es") == [
        ("Europa necesita una política común", "Pedro Sánchez"),
        ("No podemos esperar más tiempo para actuar.", "Pedro Sánchez"),
        ("Estamos muy cerca", "Ursula von der Leyen"),
    ]


def test_russian_dash_and_guillemets() -> None:
    """Russian: "— …, — сказал X. — …", «…», — заявила она; a dash inside the quote is passed over."""
    text = (
        "Президент Владимир Путин встретился в Кремле с Марией Захаровой.\n\n"
        "— Мы рады видеть вас в Москве, — сказал Путин. — Отношения между нашими странами развиваются.\n\n"
        "— Второй вопрос — экономика,— уточнил Путин.\n\n"
        "Официальный представитель МИД Мария Захарова выступила позже. «Переговоры прошли успешно», — заявила она."
    )
    assert speakers(text, "ru") == [
        ("Мы рады видеть вас в Москве", "Владимир Путин"),
        ("Отношения между нашими странами развиваются.", "Владимир Путин"),
        ("Второй вопрос — экономика", "Владимир Путин"),
        ("Переговоры прошли успешно", "Мария Захарова"),
    ]


def test_dash_quotes_only_in_languages_that_use_them() -> None:
    """In English a paragraph opening with a dash is a list item, not a quote."""
    text = "The plan has three parts:\n\n– new roads for the north of the country, built by 2030, said the minister\n"
    assert extract_quotes(text) == []
    assert extract_quotes(text, [], "en") == []


@pytest.mark.parametrize("language", [None, "en"])
def test_english_quotes_unchanged(language: str | None) -> None:
    """English quotes read the same with no language and with "en"."""
    text = "Maria Lopez spoke. “We will finish the work on time,” Lopez said."
    assert extract_quotes(text, None, language) == [Quote("We will finish the work on time", "Maria Lopez", 20, 51)]


def test_quote_offsets_in_a_dash_quote() -> None:
    """A dash quote's offsets slice its text out of the article."""
    text = "Stine Eilertzen bor i Aarhus.\n\n– Jeg savner ikke storbyen, siger hun."
    [quote] = extract_quotes(text, None, "da")
    assert text[quote.start : quote.end] == quote.text == "Jeg savner ikke storbyen"
    assert quote.speaker == "Stine Eilertzen"


LANGUAGES = ["da", "no", "sv", "de", "lb", "nl", "it", "fr", "es", "pt", "ru", "pl", "tr", "fi", None]
# Letters, capitals, the quote marks and dashes of every language, apostrophes, line breaks.
ALPHABET = "aeisnrtåäöøæéüßAEÄÖØÆSNTÉÜаеиоснтАЕИОСНТ İı '’\"“”„«»‚‘–—-,.:!?\n"


@settings(max_examples=60, deadline=None)
@given(text=st.text(alphabet=ALPHABET, max_size=300), index=st.integers(0, len(LANGUAGES) - 1))
def test_any_text_in_any_language_keeps_its_offsets(text: str, index: int) -> None:
    """Whatever the text and language, every mention and quote slices out of the text exactly."""
    language = LANGUAGES[index]
    entities = extract_entities(text, language)
    for entity in entities:
        for mention in entity.mentions:
            assert text[mention.start : mention.end] == mention.text
    for quote in extract_quotes(text, entities, language):
        parts = quote.text.split("\n\n")
        assert text[quote.start : quote.end].startswith(parts[0])
        assert text[quote.start : quote.end].endswith(parts[-1])
