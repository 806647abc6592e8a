"""Entity types from context: titles, verbs, organisation words, gazetteers, lists, whole-text evidence."""

from __future__ import annotations

from pathlib import Path

from entities_helpers import by_name

from newsbrowse.clean import clean_document
from newsbrowse.ingest import iter_documents
from newsbrowse.model import Document


def test_person_from_given_name() -> None:
    """A known given name makes "Oksana Melnyk" a person."""
    assert by_name("The award went to Oksana Melnyk last year.")["Oksana Melnyk"].type == "person"


def test_person_from_title_before_an_unknown_name() -> None:
    """ "Senator" before an unknown name makes it a person."""
    text = "Senator Tawa Ngata voted against the bill."
    assert by_name(text)["Tawa Ngata"].type == "person"


def test_person_from_lowercase_role_before_the_name() -> None:
    """A lowercase role ("The company spokesman") before an unknown name makes it a person."""
    text = "The company spokesman Quilliam Brask declined to comment."
    assert by_name(text)["Quilliam Brask"].type == "person"


def test_person_from_a_speech_verb() -> None:
    """A name followed by "said" is a person."""
    text = "Ngozi Okafor said the plan was sound."
    assert by_name(text)["Ngozi Okafor"].type == "person"


def test_organisation_words() -> None:
    """Names ending in Ministry, Party, Agency, News or Inc. are organisations."""
    text = (
        "The Finance Ministry, the Green Harbour Party, the Baltic Shipping Agency, "
        "Nordlicht News and Brightwater Inc. all responded."
    )
    entities = by_name(text)
    for name in (
        "Finance Ministry",
        "Green Harbour Party",
        "Baltic Shipping Agency",
        "Nordlicht News",
        "Brightwater Inc.",
    ):
        assert entities[name].type == "org", name


def test_org_head_with_of() -> None:
    """ "Ministry of ..." and "Bank of Portugal" are organisations."""
    text = "The Ministry of Coastal Affairs and the Bank of Portugal issued statements."
    entities = by_name(text)
    assert entities["Ministry of Coastal Affairs"].type == "org"
    assert entities["Bank of Portugal"].type == "org"


def test_news_agencies_and_militant_groups_are_organisations() -> None:
    """IRNA, Xinhua, Reuters, Daesh and Boko Haram are organisations."""
    text = "IRNA reported the raid. Xinhua and Reuters confirmed that Daesh and Boko Haram were blamed."
    entities = by_name(text)
    for name in ("IRNA", "Xinhua", "Reuters", "Daesh", "Boko Haram"):
        assert entities[name].type == "org", name


def test_international_bodies_are_organisations() -> None:
    """The UN Security Council, NATO and the IAEA are organisations."""
    text = "The United Nations Security Council and NATO met while the IAEA waited."
    entities = by_name(text)
    for name in ("United Nations Security Council", "NATO", "IAEA"):
        assert entities[name].type == "org", name


def test_gazetteer_places() -> None:
    """Cities and regions from the gazetteer (Nairobi, Montevideo, Ulaanbaatar, Tasmania) are places."""
    text = "Flights linked Nairobi, Montevideo and Ulaanbaatar with Bavaria and Tasmania."
    entities = by_name(text)
    for name in ("Nairobi", "Montevideo", "Ulaanbaatar", "Tasmania"):
        assert entities[name].type == "place", name


def test_nationalities_are_other() -> None:
    """Nationality adjectives and demonyms are of type other."""
    text = "Peruvian and Danish researchers met Icelanders."
    entities = by_name(text)
    for name in ("Peruvian", "Danish", "Icelanders"):
        assert entities[name].type == "other", name


def test_events_and_laws_are_other() -> None:
    """An Act and a Cup are of type other."""
    text = "Before the Harbour Safety Act passed, the Lakeside Cup was cancelled."
    entities = by_name(text)
    assert entities["Harbour Safety Act"].type == "other"
    assert entities["Lakeside Cup"].type == "other"


def test_unknown_acronym_is_an_organisation() -> None:
    """An unknown all-caps acronym is an organisation."""
    assert by_name("Shares of the firm rose after KPTL announced results.")["KPTL"].type == "org"


def test_dateline_place() -> None:
    """The all-caps word of a dateline and its country are places."""
    text = "KORVOSTA, Norway - Fishermen protested on Monday."
    entities = by_name(text)
    assert entities["KORVOSTA"].type == "place"
    assert entities["Norway"].type == "place"


def test_place_followed_by_its_country() -> None:
    """An unknown name followed by ", Germany" is a place."""
    text = "The plant in Vellbrook, Germany closed."
    assert by_name(text)["Vellbrook"].type == "place"


def test_a_person_once_stays_a_person() -> None:
    """ "Jordan" after "Coach Maya Jordan" is a mention of her, not the country."""
    # "Jordan" is a country in the gazetteer, but this text names a person Jordan.
    text = "Coach Maya Jordan praised the team. Jordan said the defence was superb."
    entities = by_name(text)
    assert entities["Maya Jordan"].type == "person"
    assert [m.text for m in entities["Maya Jordan"].mentions] == ["Maya Jordan", "Jordan"]
    assert "Jordan" not in entities


def test_country_stays_a_place_without_a_person_of_that_name() -> None:
    """ "Jordan" with no person of that name is a place."""
    assert by_name("Talks in Jordan ended without a deal.")["Jordan"].type == "place"


def test_company_suffix_ends_the_name_before_of() -> None:
    """ "Corp" ends the organisation's name; "South Korea" after "of" is a place."""
    text = "Kestrel Motor Corp of South Korea shipped cars."
    entities = by_name(text)
    assert entities["Kestrel Motor Corp"].type == "org"
    assert entities["South Korea"].type == "place"


def test_initial_and_surname_is_a_person() -> None:
    """An initial and a surname ("K. Oduya") make a person."""
    assert by_name("The award went to K. Oduya after the vote.")["K. Oduya"].type == "person"


def test_company_cue_after_a_name() -> None:
    """ "spokesman" after "Vantrel" makes it an organisation and the name after it a person."""
    text = "Shares of the group fell after Vantrel spokesman Ivo Maric spoke."
    entities = by_name(text)
    assert entities["Vantrel"].type == "org"
    assert entities["Ivo Maric"].type == "person"


def test_teams_in_a_results_table_are_organisations() -> None:
    """Names in lines of scores and a league table are organisations (teams)."""
    text = "Results on Saturday:\nPortsmouth 2 Brentwick 1\nBrentwick 10 4 3 3 12 9 15\n"
    entities = by_name(text)
    assert entities["Portsmouth"].type == "org"
    assert entities["Brentwick"].type == "org"


def test_place_opener_words() -> None:
    """ "Mount ..." and "Cape ..." are places."""
    text = "Climbers left Mount Kelvara and sailed around Cape Orrin."
    entities = by_name(text)
    assert entities["Mount Kelvara"].type == "place"
    assert entities["Cape Orrin"].type == "place"


def test_organisation_cue_before_a_name() -> None:
    """ "the carrier" and "the daily" before a name make it an organisation."""
    text = "Shares of the carrier Skyvola fell, and the daily Nordbote reported it."
    entities = by_name(text)
    assert entities["Skyvola"].type == "org"
    assert entities["Nordbote"].type == "org"


def test_portfolio_word_alone_is_an_organisation_name() -> None:
    """ "Treasury" and "Labour" alone are names."""
    text = "Yields fell after the Treasury sold notes; Labour won the vote."
    names = set(by_name(text))
    assert {"Treasury", "Labour"} <= names


def test_counties_and_states_in_results_and_fixtures_are_teams() -> None:
    """Counties in cricket results and fixtures are organisations (teams)."""
    text = (
        "Cricket results on Friday:\n"
        "Surrey 287 and 164-3 v Derbyshire 201\n"
        "COLORADO 67 37 .644\n"
        "Kent v Essex was drawn.\n"
        "Kent is a county in England."
    )
    names = by_name(text)
    assert names["Surrey"].type == "org"
    assert names["Derbyshire"].type == "org"
    assert names["Essex"].type == "org"


def test_company_and_institution_words_without_the_usual_suffixes() -> None:
    """Names ending in Commodities, Analytics or Observatory are organisations."""
    text = "Harbourline Commodities, Tidewater Analytics and the Levant Security Observatory replied."
    names = by_name(text)
    for name in ("Harbourline Commodities", "Tidewater Analytics", "Levant Security Observatory"):
        assert names[name].type == "org", name


def test_news_outlets_are_organisations() -> None:
    """Newspapers, wires and bulletins are organisations, whatever words they are named with."""
    text = (
        "VIENNA (Harbour Newswire) - Officials met, a diplomat told Harbour Newswire. "
        "Mert Demir wrote for the Lakeside Bulletin and the Northern Ledger."
    )
    entities = by_name(text)
    for outlet in ("Harbour Newswire", "Lakeside Bulletin", "Northern Ledger"):
        assert entities[outlet].type == "org", outlet
    assert len(entities["Harbour Newswire"].mentions) == 2


def test_foreign_institute_with_its_connector_is_one_organisation() -> None:
    """ "Institut für Sicherheitsdialog" is one name, an organisation."""
    entities = by_name("The forum was organised by the Institut für Sicherheitsdialog, a foundation.")
    assert entities["Institut für Sicherheitsdialog"].type == "org"


def test_negotiator_before_a_surname_makes_a_person() -> None:
    """ "chief negotiator Araghchi" is a person even with no full name in the text."""
    entity = by_name("Iran's chief negotiator Araghchi spoke of good progress.")["Araghchi"]
    assert entity.type == "person"


def test_a_named_dialogue_is_an_event() -> None:
    """ "Bosphorus Security Dialogue" is a forum held each year: other, not a person."""
    entities = by_name("Experts met at the Bosphorus Security Dialogue this week.")
    assert entities["Bosphorus Security Dialogue"].type == "other"


def test_nationalities_stay_other_beside_people_and_speech() -> None:
    """A nationality is never typed as a person, organisation or place, whatever is around it."""
    text = (
        "The Russian said nothing. Russian officials met the Iranian ambassador, and the Iranian "
        "told reporters he was pleased. RUSSIAN AND IRANIAN DIPLOMATS MEET"
    )
    entities = by_name(text)
    for name in ("Russian", "Iranian"):
        assert entities[name].type == "other", name


def test_what_lies_on_the_shores_or_outskirts_of_is_a_place() -> None:
    """What follows "the shores of" or "the outskirts of" is a place."""
    text = "Experts met on the shores of the Zürichsee, then drove to the outskirts of Kordovan."
    entities = by_name(text)
    assert entities["Zürichsee"].type == "place"
    assert entities["Kordovan"].type == "place"


def test_a_place_word_after_a_given_name_makes_a_place_unless_it_is_a_surname() -> None:
    """ "Marin County" is a place; "Anthony Hill", who said something, is a person."""
    text = "About half of Marin County's cell sites were down, Anthony Hill said."
    entities = by_name(text)
    assert entities["Marin County"].type == "place"
    assert entities["Anthony Hill"].type == "person"


def test_a_direction_before_a_listed_place_is_a_place() -> None:
    """ "Inner Mongolia" and "Southern California" are places."""
    text = "Health officials in Inner Mongolia and Southern California reported cases."
    entities = by_name(text)
    assert entities["Inner Mongolia"].type == "place"
    assert entities["Southern California"].type == "place"


def test_hyphenated_and_plural_organisation_words() -> None:
    """ "News-Register" and "Centers for ..." make organisations."""
    text = "The Wheeling News-Register reported that the Centers for Disease Control agreed."
    entities = by_name(text)
    assert entities["Wheeling News-Register"].type == "org"
    assert entities["Centers for Disease Control"].type == "org"


def test_each_sample_outlet_named_in_its_own_articles_is_an_organisation() -> None:
    """In the shipped sample archive, an article that names its own outlet names an organisation."""
    checked = 0
    for document in iter_documents(Path(__file__).resolve().parents[1] / "sample_archive"):
        if not isinstance(document, Document):
            continue
        article = clean_document(document)
        if not article.source or article.source not in article.body:
            continue
        outlet = by_name(article.body).get(article.source)
        assert outlet is not None and outlet.type == "org", (document.id, article.source)
        checked += 1
    assert checked >= 5


def test_house_of_a_parliament_is_one_organisation() -> None:
    """ "House of Representatives" and "House of Lords" are each one organisation."""
    entities = by_name("The House of Representatives voted, and the House of Lords agreed.")
    assert entities["House of Representatives"].type == "org"
    assert entities["House of Lords"].type == "org"


def test_an_unknown_name_led_by_an_acronym_is_an_organisation() -> None:
    """ "CIBC World Markets" is a firm, not a person; its economist is the person."""
    entities = by_name("Rates will rise, said Avery Shenfeld, senior economist at CIBC World Markets.")
    assert entities["CIBC World Markets"].type == "org"
    assert entities["Avery Shenfeld"].type == "person"


def test_a_name_opening_with_a_number_word_is_no_person() -> None:
    """ "told Five Live" names a radio station: a number word is never a given name."""
    entities = by_name('"It was too harsh," Collins told Radio Five Live. Another runner told Five Live so.')
    assert entities["Radio Five Live"].type == "org"
    assert entities["Collins"].type == "person"


def test_sentence_initial_compound_of_common_words_and_nationality_nouns() -> None:
    """ "No-one" opening a sentence is no name, "Rolls-Royce" is; "Spaniard" is a nationality."""
    entities = by_name('"No-one knows," he said. Rolls-Royce shares rose. Spaniard Rafael Nadal won.')
    assert "No-one" not in entities
    assert entities["Rolls-Royce"].type == "org"
    assert entities["Spaniard"].type == "other"
    assert entities["Rafael Nadal"].type == "person"


def test_a_programme_and_a_title_before_a_common_word_name_no_person() -> None:
    """ "told the BBC programme Go Digital" names a work; "the General Election" names no one,
    while "President Bush" and "General Jackson" are people."""
    entities = by_name(
        "He told the BBC programme Go Digital he hoped so. It was the last budget before the General "
        "Election. President Bush spoke and General Jackson agreed."
    )
    assert entities["Go Digital"].type == "other"
    assert entities["General Election"].type != "person"
    assert entities["Bush"].type == "person"
    assert entities["General Jackson"].type == "person"


def test_a_firm_in_apposition_and_its_name_opening_a_sentence() -> None:
    """ "Deutsche Boerse, the German stock exchange" is a firm, also where its name opens a
    sentence (the text writes it mid-sentence too), and "said" after it does not make a person."""
    text = (
        "Deutsche Boerse, the German stock exchange, wants a deal. Shareholders of Deutsche Boerse "
        "are unhappy. Deutsche Boerse said profit rose. John Smith, the head of the bank, said so."
    )
    entities = by_name(text)
    assert entities["Deutsche Boerse"].type == "org"
    assert "Boerse" not in entities
    assert entities["John Smith"].type == "person"
