"""Offsets, determinism and odd input for entity extraction; the seed article end to end."""

from __future__ import annotations

from pathlib import Path

import pytest
from entities_helpers import by_name, entities_of

from newsbrowse.extract import extract_entities

SEED = (
    Path(__file__).resolve().parent.parent
    / "sample_archive"
    / "tehrantimes-2021-05-21-iran-russia-counterterrorism.txt"
)


@pytest.mark.parametrize(
    "text",
    [
        "",
        " \n\n\t",
        "A",
        "'s",
        "\u201c\u201d",
        "U.S.",
        "Mr.",
        "al-",
        "-Vienna-",
        "The The The",
        "((((Oslo))))",
        "ÉMILE ZOLA\n\nÉmile Zola écrit.",
        "Москва и Тегеран",
        "\u0000\ufffd Tehran \ud7ff",
        "Iran-" * 200,
        "Mr. " * 500,
        "X" * 10_000,
    ],
)
def test_odd_input_never_crashes_and_offsets_hold(text: str) -> None:
    """Empty, tiny, odd-script and very repetitive texts extract without error, every offset on its mention."""
    entities_of(text)


def test_offsets_with_crlf_tabs_and_unicode() -> None:
    """CRLF line ends, tabs and accented letters leave the offsets right; Reykjavík and Copenhagen are found."""
    text = "Zoë Ångström\tvisited Reykjavík.\r\n\r\nThe Øresund Bridge links Malmö and Copenhagen."
    entities = by_name(text)
    assert "Reykjavík" in entities and "Copenhagen" in entities


def test_deterministic() -> None:
    """Extracting the seed article twice gives the same entities."""
    text = SEED.read_text(encoding="utf-8")
    assert extract_entities(text) == extract_entities(text)


def test_entities_in_order_of_first_mention_and_mentions_sorted() -> None:
    """Entities come in order of first mention, and each one's mentions in text order."""
    entities = entities_of(SEED.read_text(encoding="utf-8"))
    firsts = [e.mentions[0].start for e in entities]
    assert firsts == sorted(firsts)
    for entity in entities:
        starts = [m.start for m in entity.mentions]
        assert starts == sorted(starts)


def test_seed_article_people_organisations_places() -> None:
    """The seed article's people, organisations and places, with their types, aliases and roles."""
    entities = by_name(SEED.read_text(encoding="utf-8"))
    for name in ("Kazem Jalali", "Oleg Syromolotov", "Sergei Ryabkov", "Seyed Abbas Araghchi", "Mikhail Ulyanov"):
        assert entities[name].type == "person", name
    for name in ("IRNA", "Daesh", "JCPOA Joint Commission", "United Nations Security Council"):
        assert entities[name].type == "org", name
    for name in ("Tehran", "Moscow", "Baghdad", "Syria", "Afghanistan", "Vienna", "Iran", "Russia"):
        assert entities[name].type == "place", name
    assert "Araghchi" in entities["Seyed Abbas Araghchi"].aliases
    assert "Ulyanov" in entities["Mikhail Ulyanov"].aliases
    assert entities["Sergei Ryabkov"].role == "Deputy Foreign Minister"
    assert entities["Kazem Jalali"].role == "Ambassador to Russia"
    jcpoa = entities["Joint Comprehensive Plan of Action"]
    assert set(jcpoa.aliases) == {"Joint Comprehensive Plan of Action", "JCPOA"}


def test_seed_article_has_no_junk_names() -> None:
    """The seed article gives no sentence openers, days, adjectives, bare surnames or "JCPOA" alone as names."""
    names = set(by_name(SEED.read_text(encoding="utf-8")))
    junk = {
        "On",
        "During",
        "The",
        "Leave a Comment",
        "May",
        "Friday",
        "Wednesday",
        "Tuesday",
        "Iran-Russia",
        "Vienna-based",
        "Ulyanov",
        "Araghchi",
        "Jalali",
        "Syromolotov",
        "JCPOA",
    }
    assert not names & junk
    assert not any(name.startswith(("On ", "The ", "During ")) for name in names)


def test_endless_run_of_capitalised_words_is_bounded() -> None:
    """5,000 repeats of capitalised word pairs, titles among them, extract without crashing."""
    # Title words before names recurse; a run this long must neither recurse deeply nor crash.
    entities_of("Acme CEO " * 5000)
    entities_of("Aaa Bbb " * 5000)
