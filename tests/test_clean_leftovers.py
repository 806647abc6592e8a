"""Page leftovers in any main language, by general rules: summary boxes, published/updated footers, tag
lists, comment notices, social prompts, runs of links, repeated bodies; datelines and verdicts stay."""

from __future__ import annotations

import pytest

from newsbrowse.clean import clean_html, clean_text
from newsbrowse.clean.leftovers import is_leftover_line, is_summary_label

# Paragraphs written for these tests, one set per language.
PARAGRAPHS = {
    "nb": [
        "Kommunestyret i Bodø vedtok tirsdag å bygge en ny bro for syklister over elva, etter to år med "
        "høringer og flere tusen innspill fra innbyggerne i byen.",
        "Arbeidet skal etter planen starte til våren og ta omtrent atten måneder, opplyser kommunen i en "
        "pressemelding. Naboene har ønsket broen i mange år.",
    ],
    "de": [
        "Der Gemeinderat von Lindau hat am Dienstag den Bau einer neuen Brücke für Radfahrer beschlossen, "
        "nach zwei Jahren Anhörungen und mehreren tausend Eingaben der Bürger.",
        "Die Arbeiten sollen im Frühjahr beginnen und etwa achtzehn Monate dauern, teilte die Stadt mit. "
        "Die Anwohner fordern die Brücke seit Jahren.",
    ],
    "en": [
        "The county council approved plans for a new cycle bridge over the river on Tuesday, after a "
        "two-year consultation with residents and several thousand comments from the town.",
        "Construction is expected to start next spring and to take about eighteen months, officials said. "
        "Neighbours have asked for the bridge for years.",
    ],
}


def page(lang: str, body: str, title: str = "Bro") -> str:
    """An article page in `lang` with its headline and the given body markup."""
    return (
        f'<html lang="{lang}"><head><title>{title}</title></head><body><article><h1>{title}</h1>{body}'
        "</article></body></html>"
    )


def paragraphs(lang: str) -> str:
    """The language's test paragraphs as <p> elements."""
    return "".join(f"<p>{text}</p>" for text in PARAGRAPHS[lang])


def test_summary_box_and_footers_leave_a_norwegian_article() -> None:
    """ "Kortversjonen" and its points, "Publisert"/"Oppdatert" lines and a tag list are no text; the date is read."""
    body = (
        "<div class='box'><h2>Kortversjonen</h2><ul><li>Ny bro for syklister.</li><li>Byggestart til våren.</li>"
        "</ul></div>"
        + paragraphs("nb")
        + "<p>Publisert: 05.08.24 kl. 14:05</p><p>Oppdatert: 06.08.24 kl. 09:12</p><p>Emneord: Bodø, Sykkel</p>"
    )
    article = clean_html(page("nb", body))
    assert article.body.split("\n\n") == PARAGRAPHS["nb"]
    assert article.published is not None and article.published.day == 5


@pytest.mark.parametrize(
    ("lang", "leftovers"),
    [
        (
            "de",
            ["Abgelegt unter: Politik, Lindau", "Kommentare geschlossen.", "Folgen Sie uns auf Instagram und Facebook"],
        ),
        ("en", ["Filed under: Transport", "Comments are closed.", "Follow Harbour News on Instagram, Facebook and X."]),
    ],
)
def test_tag_lists_comment_notices_and_social_prompts_leave_the_article(lang: str, leftovers: list[str]) -> None:
    """Under the article: tags, the comment notice and the prompt to follow the outlet go."""
    body = paragraphs(lang) + "".join(f"<p>{line}</p>" for line in leftovers)
    assert clean_html(page(lang, body)).body.split("\n\n") == PARAGRAPHS[lang]


@pytest.mark.parametrize(
    "line",
    [
        "Emneord: Politikk, Bodø",
        "Mots-clés : Transports, Lyon",
        "Etiquetas: Política, Madrid",
        "Теги: транспорт",
        "Les commentaires sont fermés.",
        "I commenti sono chiusi.",
        "Reacties zijn gesloten.",
        "Kommentarerna är stängda.",
        "Kommentarfeltet er stengt.",
        "Følg oss på Facebook og Instagram",
        "Síguenos en Twitter y Facebook",
        "https://cdn.example/img/bridge-1200.jpg",
        "bridge_1200x800.webp",
    ],
)
def test_leftover_lines_in_many_languages(line: str) -> None:
    """Tag lists, comment notices, social prompts and bare image addresses, in several languages."""
    assert is_leftover_line(line)


@pytest.mark.parametrize(
    "line",
    [
        "Topics discussed included the budget and the new bridge.",
        "Fans follow her closely on Instagram.",
        "The comments were made at a meeting on Tuesday.",
        "Emneordene i saken er mange, sier hun.",
    ],
)
def test_sentences_are_not_leftovers(line: str) -> None:
    """Sentences that merely share words with leftovers stay."""
    assert not is_leftover_line(line)


def test_summary_labels() -> None:
    """Summary-box labels in several languages; a sentence is none."""
    for label in ("Kortversjonen", "Das Wichtigste in Kürze", "In short", "En bref", "Kort fortalt:"):
        assert is_summary_label(label)
    assert not is_summary_label("In short, the council said no.")


def test_an_inline_run_of_links_goes() -> None:
    """A paragraph of links to other stories, each with its MORE, is no text."""
    run = (
        "<p><a href='/a'>Ferry strike ends after two weeks</a> MORE <a href='/b'>Council election date set</a> MORE</p>"
    )
    assert clean_html(page("en", paragraphs("en") + run)).body.split("\n\n") == PARAGRAPHS["en"]


def test_a_body_repeated_with_its_pictures_appears_once() -> None:
    """A page rendering the article three times, each copy with its pictures' addresses, gives it once."""
    copy = paragraphs("de") + "<p>https://cdn.example/img/bruecke.jpg</p>"
    article = clean_html(page("de", copy * 3, "Brücke"))
    assert article.body.split("\n\n") == PARAGRAPHS["de"]


def test_recurring_short_lines_stay() -> None:
    """Short lines that recur (a list, a recipe) are not a repeated body."""
    items = "".join(f"<p>Step {n}</p><p>Stir for two minutes.</p>" for n in range(1, 4))
    article = clean_html(page("en", paragraphs("en") + items))
    assert article.body.count("Stir for two minutes.") == 3


def test_a_dateline_on_its_own_line_stays() -> None:
    """ "BAAR, SWITZERLAND" above the first paragraph is the dateline, not a label."""
    article = clean_html(page("en", "<p>BAAR, SWITZERLAND</p>" + paragraphs("en")))
    assert article.body.startswith("BAAR, SWITZERLAND\n\n")
    assert article.dateline == "BAAR"


def test_a_fact_checks_verdict_stays() -> None:
    """A verdict box, even in an aside, is the fact-check's conclusion."""
    verdict = "<aside class='claim-review'><p>Verdict: False. The bridge was never closed to cyclists.</p></aside>"
    article = clean_html(page("en", verdict + paragraphs("en")))
    assert "Verdict: False." in article.body


def test_text_dumps_lose_leftover_lines() -> None:
    """A text dump loses its tag list and comment notice too."""
    dump = "\n\n".join(["Brücke", *PARAGRAPHS["de"], "Schlagwörter: Lindau, Radverkehr", "Kommentare geschlossen."])
    assert clean_text(dump).body.split("\n\n") == PARAGRAPHS["de"]
