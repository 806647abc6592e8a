"""Languages: declared tags normalised, text identified, the two combined; lang:no finds every Norwegian article."""

from __future__ import annotations

from pathlib import Path

import pytest
from index_helpers import build_index, record

from newsbrowse.clean import clean_html, clean_text
from newsbrowse.clean.language import choose_language, identify_language, normalize_language
from newsbrowse.index.query import parse_query
from newsbrowse.index.search import IndexSearcher

# Short news paragraphs written for these tests, one per language.
TEXTS = {
    "da": "Kommunen har besluttet at bygge en ny bro over havnen, og arbejdet begynder allerede til foråret. "
    "Borgmesteren siger, at det er en stor dag for byen, men flere naboer er bekymrede for trafikken.",
    "nb": "Kommunen har vedtatt å bygge en ny bro over havna, og arbeidet starter allerede til våren. "
    "Ordføreren sier at dette er en stor dag for byen, men flere naboer er bekymret for trafikken.",
    "nn": "Kommunen har vedteke å byggje ei ny bru over hamna, og arbeidet tek til alt til våren. "
    "Ordføraren seier at dette er ein stor dag for byen, men fleire naboar er uroa for trafikken.",
    "sv": "Kommunen har beslutat att bygga en ny bro över hamnen, och arbetet börjar redan i vår. "
    "Kommunalrådet säger att det är en stor dag för staden, men flera grannar oroar sig för trafiken.",
    "de": "Die Gemeinde hat beschlossen, eine neue Brücke über den Hafen zu bauen, und die Arbeiten beginnen "
    "schon im Frühjahr. Der Bürgermeister sagt, das sei ein großer Tag für die Stadt.",
    "nl": "De gemeente heeft besloten een nieuwe brug over de haven te bouwen, en het werk begint al in het "
    "voorjaar. De burgemeester zegt dat het een grote dag is voor de stad.",
    "it": "Il comune ha deciso di costruire un nuovo ponte sul porto e i lavori inizieranno già in primavera. "
    "Il sindaco dice che è un grande giorno per la città, ma alcuni vicini temono il traffico.",
    "fr": "La commune a décidé de construire un nouveau pont au-dessus du port et les travaux commenceront dès "
    "le printemps. Le maire affirme que c'est un grand jour pour la ville.",
    "es": "El ayuntamiento ha decidido construir un nuevo puente sobre el puerto y las obras empezarán ya en "
    "primavera. El alcalde dice que es un gran día para la ciudad.",
    "ru": "Городской совет решил построить новый мост через гавань, и работы начнутся уже весной. "
    "Мэр говорит, что это большой день для города, но соседи опасаются пробок.",
    "uk": "Міська рада вирішила збудувати новий міст через гавань, і роботи почнуться вже навесні. "
    "Мер каже, що це великий день для міста, але сусіди побоюються заторів.",
    "en": "The council has decided to build a new bridge over the harbour, and work will start in the spring. "
    "The mayor says it is a great day for the town, but neighbours worry about the traffic.",
    "zh": "市议会决定在港口上建造一座新桥，工程将于明年春天开始。市长说，这是这座城市的重要一天。",
    "ja": "市議会は港に新しい橋を建設することを決め、工事は来年の春に始まる。市長は町にとって大切な日だと話した。",
    "ko": "시의회는 항구 위에 새 다리를 건설하기로 결정했으며 공사는 내년 봄에 시작된다. 시장은 도시에 중요한 날이라고 말했다.",
    "ar": "قرر مجلس المدينة بناء جسر جديد فوق الميناء، وستبدأ الأعمال في الربيع. وقال رئيس البلدية إنه يوم عظيم للمدينة.",
}


def page(body: str, lang: str | None = None) -> str:
    """An article page with the body text in paragraphs, declaring `lang` if given."""
    attrs = f' lang="{lang}"' if lang else ""
    paragraphs = "".join(f"<p>{part}.</p>" for part in body.split(". ") if part)
    return f"<html{attrs}><head><title>Bro</title></head><body><article>{paragraphs}</article></body></html>"


@pytest.mark.parametrize("language", sorted(TEXTS))
def test_each_language_is_identified_from_its_text(language: str) -> None:
    """Undeclared, every language is told by its text; Bokmål is Norwegian (no), Nynorsk nn."""
    expected = "no" if language == "nb" else language
    assert identify_language(TEXTS[language])[0] == expected
    assert clean_html(page(TEXTS[language])).language == expected


def test_a_declaration_is_kept_for_text_too_short_to_tell() -> None:
    """A headline-sized text does not overrule what the page declares."""
    assert clean_html(page("Tour de France 2024", lang="de-AT")).language == "de"
    assert choose_language("pt", "Olá") == "pt"


def test_a_wrong_declaration_yields_to_clear_text() -> None:
    """An English story on a German site template is English; a German one declared English is German."""
    assert clean_html(page(TEXTS["en"], lang="de")).language == "en"
    assert clean_html(page(TEXTS["de"], lang="en-US")).language == "de"


@pytest.mark.parametrize(("declared", "text"), [("nb", "da"), ("da", "nb"), ("nn", "nb"), ("nb", "nn")])
def test_close_languages_keep_the_declared_one(declared: str, text: str) -> None:
    """Danish and the two Norwegian standards are close: the page's declaration decides between them."""
    assert clean_html(page(TEXTS[text], lang=declared)).language == declared


def test_bokmal_declared_keeps_its_code() -> None:
    """A page declaring nb (or nob) stays nb; the search folds it under no."""
    assert clean_html(page(TEXTS["nb"], lang="nb-NO")).language == "nb"
    assert clean_html(page(TEXTS["nb"], lang="nob")).language == "nb"


def test_text_dumps_are_identified() -> None:
    """A text dump has no declaration: its text decides."""
    assert clean_text("Ny bro\n\n" + TEXTS["sv"]).language == "sv"
    assert clean_text("12345\n\n67890").language is None


@pytest.mark.parametrize(
    ("tag", "expected"),
    [
        ("en-US", "en"),
        ("pt_BR", "pt"),
        ("zh-Hans-CN", "zh"),
        ("FIL", "fil"),
        ("und", None),
        ("", None),
        ("english please", None),
        ("ISO-8859-1", None),
        ("iw", "he"),
        ("nno", "nn"),
    ],
)
def test_normalize_language(tag: str, expected: str | None) -> None:
    """Language tags and locales reduce to their primary subtag; withdrawn codes to today's."""
    assert normalize_language(tag) == expected


def test_lang_no_finds_bokmal_nynorsk_and_plain_norwegian(tmp_path: Path) -> None:
    """lang:no finds nb, nn and no articles; lang:nn only Nynorsk; a region in the query is ignored."""
    records = [
        record("a.txt", "Bro", TEXTS["nb"], language="nb"),
        record("b.txt", "Bru", TEXTS["nn"], language="nn"),
        record("c.txt", "Bro", TEXTS["nb"], language="no"),
        record("d.txt", "Bro", TEXTS["da"], language="da"),
        record("e.txt", "Bridge", TEXTS["en"], language="en"),
    ]
    store, index = build_index(tmp_path, records)
    searcher = IndexSearcher(index)
    try:

        def found(text: str) -> set[str]:
            """The ids of the articles a query finds."""
            page_ = searcher.search(parse_query(text), lambda condition: [], 10)
            return {article_id for article_id, _ in page_.hits}

        assert found("lang:no") == {"a.txt", "b.txt", "c.txt"}
        assert found("lang:NO") == {"a.txt", "b.txt", "c.txt"}
        assert found("lang:nn") == {"b.txt"}
        assert found("lang:en-GB") == {"e.txt"}
        assert found("NOT lang:no") == {"d.txt", "e.txt"}
    finally:
        searcher.close()
        store.close()
