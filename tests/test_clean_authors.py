"""Authors and sources: names split in every main European language; labels, credentials, outlets,
weekdays and newsroom words stripped; a source is an outlet, never a generic word or a country."""

from __future__ import annotations

import pytest

from newsbrowse.clean import clean_html
from newsbrowse.clean.authors import clean_authors


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Trine Holm Jensen og Sofie Lund-Berg", ("Trine Holm Jensen", "Sofie Lund-Berg")),
        ("Kari Nordmann og Ola Hansen", ("Kari Nordmann", "Ola Hansen")),
        ("Anna Berg och Lars Ek", ("Anna Berg", "Lars Ek")),
        ("Klara Weiß und Jonas Brandt", ("Klara Weiß", "Jonas Brandt")),
        ("Jan de Vries en Piet Bakker", ("Jan de Vries", "Piet Bakker")),
        ("Marco Rossi e Giulia Bianchi", ("Marco Rossi", "Giulia Bianchi")),
        ("Jean Martin et Claire Dubois", ("Jean Martin", "Claire Dubois")),
        ("Lucía Gómez y Pablo Ortega", ("Lucía Gómez", "Pablo Ortega")),
        ("Анна Смирнова и Пётр Волков", ("Анна Смирнова", "Пётр Волков")),
    ],
)
def test_two_writers_joined_by_and_in_their_language(raw: str, expected: tuple[str, ...]) -> None:
    """ "og", "och", "und", "en", "e", "et", "y", "и" join two writers: two entries."""
    assert clean_authors([raw]) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Текст: Анна Смирнова", "Анна Смирнова"),
        ("Tekst: Kari Nordmann", "Kari Nordmann"),
        ("Text: Lena Vogel", "Lena Vogel"),
        ("Von Paul Meier", "Paul Meier"),
        ("Por Carmen Ruiz", "Carmen Ruiz"),
        ("Par Hélène Roux", "Hélène Roux"),
        ("Skrevet av Ola Hansen", "Ola Hansen"),
        ("Av Ola Hansen", "Ola Hansen"),
        ("Door Sanne Visser", "Sanne Visser"),
    ],
)
def test_labels_before_the_name_are_dropped(raw: str, expected: str) -> None:
    """ "By" in any main language and a "Label:" before the name are no part of it."""
    assert clean_authors([raw]) == (expected,)


@pytest.mark.parametrize(
    ("raw", "outlets", "expected"),
    [
        (["Dana Frost Monday"], (), ("Dana Frost",)),
        (["Dana Frost Montag"], (), ("Dana Frost",)),
        (["Kevin Morrow USA TODAY"], ("USA TODAY",), ("Kevin Morrow",)),
        (["Kevin Morrow Valley Courier"], ("Valley Courier",), ("Kevin Morrow",)),
        (["Kevin Morrow EVENING STAR"], (), ("Kevin Morrow",)),
        (["Tom Davey Associated Press"], (), ("Tom Davey",)),
        (["Jane Doe, Reuters"], (), ("Jane Doe",)),
        (["Selin Kaya ISTANBUL"], (), ("Selin Kaya",)),
        (["Rachel Lind", "MS", "RD"], (), ("Rachel Lind",)),
        (["Rachel Lind, MS, RD"], (), ("Rachel Lind",)),
        (["Paul Hart MD"], (), ("Paul Hart",)),
        (["Jack Ma", "Kim Do"], (), ("Jack Ma", "Kim Do")),
        (["Di Stefano Rossi"], (), ("Di Stefano Rossi",)),
        (["Reports"], (), ()),
        (["Redaktionen"], (), ()),
        (["AP"], (), ("AP",)),
        (["Reuters"], (), ("Reuters",)),
        (["Jean DUPONT"], (), ("Jean DUPONT",)),
        (["Ana Y. Ruiz"], (), ("Ana Y. Ruiz",)),
    ],
)
def test_what_bylines_add_after_a_name_is_dropped(
    raw: list[str], outlets: tuple[str, ...], expected: tuple[str, ...]
) -> None:
    """Weekdays, outlets, agencies, a place in capitals and credentials after a name; newsroom words
    alone; an agency alone stays the author, a surname in capitals stays a surname."""
    assert clean_authors(raw, outlets) == expected


def page(head: str, url: str = "https://valleycourier.example/news/1") -> tuple[str, str]:
    """A small English page with the given head tags, and its URL."""
    body = (
        "<p>The county council approved plans for a new cycle bridge over the river on Tuesday, after a "
        "two-year consultation with residents.</p>"
    )
    return f"<html lang='en'><head>{head}</head><body><article>{body}</article></body></html>", url


@pytest.mark.parametrize(
    ("head", "expected"),
    [
        ('<meta property="og:site_name" content="Hosted"><title>Bridge | Valley Courier</title>', "Valley Courier"),
        ("<title>Bridge approved - U.S.</title>", "valleycourier.example"),
        (
            '<meta name="application-name" content="valleycourier"><title>Bridge | Valley Courier</title>',
            "Valley Courier",
        ),
        ('<meta name="application-name" content="valleycourier">', "valleycourier"),
        ("<title>Bridge approved | Norway</title>", "valleycourier.example"),
    ],
)
def test_a_source_is_an_outlet(head: str, expected: str) -> None:
    """A generic word, a country or a section is no source; a host name in lower case only as a last resort."""
    html, url = page(head)
    assert clean_html(html, url=url).source == expected


def test_the_outlet_is_dropped_from_a_byline_on_its_own_page() -> None:
    """The page's own site name after a writer's name in its byline is not part of the name."""
    html, url = page(
        '<meta property="og:site_name" content="Valley Courier">'
        '<meta name="author" content="Kevin Morrow Valley Courier">'
    )
    assert clean_html(html, url=url).authors == ("Kevin Morrow",)


def test_a_writer_signing_the_last_line_is_the_author_when_the_page_names_only_its_outlet() -> None:
    """The name alone on the last line is the writer (when the byline is the outlet's), and no text."""
    paragraphs = "".join(
        f"<p>{text}</p>"
        for text in (
            "Kommunestyret vedtok tirsdag å bygge en ny bro for syklister over elva, etter to år med høringer.",
            "Arbeidet skal etter planen starte til våren og ta omtrent atten måneder, opplyser kommunen.",
            "Naboene har ønsket broen i mange år, og flere av dem var til stede da vedtaket ble gjort.",
            "Kari Nordmann",
        )
    )
    head = '<meta property="og:site_name" content="Valley Courier"><meta name="author" content="Valley Courier">'
    html = f"<html lang='nb'><head>{head}</head><body><article>{paragraphs}</article></body></html>"
    article = clean_html(html, url="https://valleycourier.example/bro")
    assert article.authors == ("Kari Nordmann",)
    assert not article.body.endswith("Kari Nordmann")
    bylined = html.replace('name="author" content="Valley Courier"', 'name="author" content="Ola Hansen"')
    assert clean_html(bylined, url="https://valleycourier.example/bro").authors == ("Ola Hansen",)


def test_a_last_line_of_common_words_is_no_signature() -> None:
    """ "Photo Gallery" on the last line is not a writer's name."""
    paragraphs = "".join(
        f"<p>{text}</p>"
        for text in (
            "The county council approved plans for a new cycle bridge over the river on Tuesday afternoon.",
            "Construction is expected to start next spring and to take about eighteen months, officials said.",
            "Neighbours have asked for the bridge for years, and several of them came to the meeting.",
            "Photo Gallery",
        )
    )
    head = '<meta property="og:site_name" content="Valley Courier"><meta name="author" content="Valley Courier">'
    html = f"<html lang='en'><head>{head}</head><body><article>{paragraphs}</article></body></html>"
    assert clean_html(html, url="https://valleycourier.example/bridge").authors == ("Valley Courier",)
