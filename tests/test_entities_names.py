"""Canonical names inside one text: short forms, titles and roles, surname-first, possessives, acronyms."""

from __future__ import annotations

from entities_helpers import by_name, entities_of, surfaces

from newsbrowse.extract.names import is_short_form, matches_acronym, name_key


def test_surname_and_honorific_forms_join_the_full_name() -> None:
    """ "Kowalczyk", "Ms. Kowalczyk" and "Kowalczyk's" are mentions of Marta Kowalczyk, not entities of their own."""
    text = (
        "Trade envoy Marta Kowalczyk arrived in Lisbon on Monday. "
        "Kowalczyk met port officials. Later, Ms. Kowalczyk visited the docks, "
        "and Kowalczyk's team signed a memorandum."
    )
    entities = by_name(text)
    person = entities["Marta Kowalczyk"]
    assert person.type == "person"
    assert surfaces(person) == ["Marta Kowalczyk", "Kowalczyk", "Kowalczyk", "Kowalczyk"]
    assert not any(name.startswith(("Ms", "Kowalczyk")) for name in entities)


def test_later_partial_name_joins_the_longest_form() -> None:
    """ "Hamid Rostami" and "Rostami" after "Seyed Hamid Rostami" join the longest form."""
    text = "Talks were led by Seyed Hamid Rostami. Hamid Rostami said the talks would resume, and Rostami left."
    entities = by_name(text)
    assert surfaces(entities["Seyed Hamid Rostami"]) == ["Seyed Hamid Rostami", "Hamid Rostami", "Rostami"]
    assert "Rostami" not in entities and "Hamid Rostami" not in entities


def test_short_form_before_the_full_name_still_joins() -> None:
    """A surname used before the full name appears still joins it."""
    text = "Novak said on Tuesday the bridge would reopen.\n\nThe mayor, Irena Novak, spoke at the town hall."
    entities = by_name(text)
    assert surfaces(entities["Irena Novak"]) == ["Novak", "Irena Novak"]


def test_title_and_role_are_cut_and_kept_as_role() -> None:
    """ "Deputy Foreign Minister" is cut from the name and kept as the role; the mention starts at the name."""
    text = "Deputy Foreign Minister Pavel Orlov met reporters. Orlov said nothing."
    person = by_name(text)["Pavel Orlov"]
    assert person.type == "person"
    assert person.role == "Deputy Foreign Minister"
    assert surfaces(person) == ["Pavel Orlov", "Orlov"]
    assert person.mentions[0].start == text.index("Pavel")


def test_nationality_before_a_title_is_its_own_entity() -> None:
    """ "Chilean" before "Finance Minister Rosa Delgado" is an entity of its own (other), the title her role."""
    text = "Chilean Finance Minister Rosa Delgado presented the budget."
    entities = by_name(text)
    assert entities["Rosa Delgado"].role == "Finance Minister"
    assert entities["Chilean"].type == "other"


def test_role_with_a_place_before_the_name() -> None:
    """ "Ambassador to Japan" is the role; Japan is a place and "Kenyan" another entity."""
    text = "Kenyan Ambassador to Japan Daniel Mwangi opened the exhibition."
    entities = by_name(text)
    assert entities["Daniel Mwangi"].type == "person"
    assert entities["Daniel Mwangi"].role == "Ambassador to Japan"
    assert entities["Japan"].type == "place"
    assert entities["Kenyan"].type == "other"


def test_honorific_is_cut_without_becoming_a_role() -> None:
    """ "Dr." is cut from the name and is not a role."""
    text = "Dr. Leila Haddad examined the samples. Dr. Haddad said they were clean."
    person = by_name(text)["Leila Haddad"]
    assert person.role is None
    assert surfaces(person) == ["Leila Haddad", "Haddad"]


def test_surname_first_form_is_reordered_when_the_given_name_is_known() -> None:
    """ "Petrenko Viktor" is named Viktor Petrenko, a person; its mentions keep the written forms."""
    text = "The delegation met Petrenko Viktor, the deputy head of the agency. Petrenko smiled."
    entities = by_name(text)
    person = entities["Viktor Petrenko"]
    assert person.type == "person"
    assert surfaces(person) == ["Petrenko Viktor", "Petrenko"]


def test_east_asian_family_name_first_is_not_reordered() -> None:
    """ "Li Wei" stays in its written order."""
    text = "Premier Li Wei visited the factory."
    assert "Li Wei" in by_name(text)


def test_possessives_are_cut() -> None:
    """ "Norway's" with either apostrophe and "Ingrid Dahl's" are mentions without the possessive."""
    text = "Norway's exports grew, and Norway\u2019s fleet expanded while Ingrid Dahl's plan stalled."
    entities = by_name(text)
    assert surfaces(entities["Norway"]) == ["Norway", "Norway"]
    assert entities["Ingrid Dahl"].mentions[0].text == "Ingrid Dahl"


def test_acronym_defined_in_the_text_joins_its_long_form() -> None:
    """An acronym defined in brackets and used later joins its long form, not an entity of its own."""
    text = (
        "The Coastal Fisheries Protection Authority (CFPA) issued new quotas. "
        "The CFPA said the quotas would apply from May."
    )
    entities = by_name(text)
    authority = entities["Coastal Fisheries Protection Authority"]
    assert authority.type == "org"
    assert surfaces(authority) == ["Coastal Fisheries Protection Authority", "CFPA", "CFPA"]
    assert "CFPA" not in entities


def test_acronym_with_a_small_word_in_the_long_form() -> None:
    """ "TOW" is an alias of "Treaty on Open Waters" (the "on" skipped)."""
    text = "Signatories of the Treaty on Open Waters (TOW) met. The TOW parties agreed."
    entities = entities_of(text)
    treaty = next(e for e in entities if e.name == "Treaty on Open Waters")
    assert "TOW" in treaty.aliases


def test_name_key_ignores_case_accents_dots_hyphens_and_possessives() -> None:
    """name_key folds case, accents, dots, hyphens, possessives and repeated spaces."""
    assert name_key("Russia's") == name_key("RUSSIA") == "russia"
    assert name_key("U.S.") == "us"
    assert name_key("Al-Ain") == name_key("AL AIN") == "al ain"
    assert name_key("São  Paulo") == "sao paulo"


def test_is_short_form() -> None:
    """A surname or trailing words are a short form of a name; a given name or the name itself is not."""
    assert is_short_form("Ulyanov", "Mikhail Ulyanov")
    assert is_short_form("Abbas Araghchi", "Seyed Abbas Araghchi")
    assert not is_short_form("Mikhail", "Mikhail Ulyanov")
    assert not is_short_form("Mikhail Ulyanov", "Mikhail Ulyanov")


def test_matches_acronym() -> None:
    """An acronym matches the initials of its long form (small words optional), not of another."""
    assert matches_acronym("JCPOA", "Joint Comprehensive Plan of Action".split())
    assert matches_acronym("NATO", "North Atlantic Treaty Organization".split())
    assert not matches_acronym("NATO", "North Atlantic Council".split())


def test_arabic_article_inside_and_before_a_name() -> None:
    """ "Zaid al-Rashidi" keeps its "al-"; "al-Shabaab" is an organisation."""
    text = "Talks with Zaid al-Rashidi and al-Shabaab ended; Rashidi left."
    entities = by_name(text)
    assert "Zaid al-Rashidi" in entities
    assert entities["al-Shabaab"].type == "org"


def test_acronym_of_a_hyphenated_long_form() -> None:
    """ "TPSC" joins "Trans-Pacific Shipping Council", each part of the hyphenated word an initial."""
    text = "The Trans-Pacific Shipping Council (TPSC) met, and the TPSC agreed."
    entities = by_name(text)
    assert surfaces(entities["Trans-Pacific Shipping Council"]) == ["Trans-Pacific Shipping Council", "TPSC", "TPSC"]


def test_org_name_with_of_and_and() -> None:
    """ "Academy of Marine Arts and Sciences" is one organisation."""
    text = "The Academy of Marine Arts and Sciences gave its prize."
    assert by_name(text)["Academy of Marine Arts and Sciences"].type == "org"


def test_bare_surname_shared_by_two_people_joins_the_most_mentioned() -> None:
    """A bare "Varga" joins Lena Varga (named twice), not Tomas Varga (named once)."""
    text = (
        "Lena Varga won the race. Lena Varga thanked her coach. Her brother Tomas Varga watched. "
        "Varga said she would race again."
    )
    entities = by_name(text)
    assert surfaces(entities["Lena Varga"]) == ["Lena Varga", "Lena Varga", "Varga"]
    assert surfaces(entities["Tomas Varga"]) == ["Tomas Varga"]


def test_a_title_that_is_also_a_given_name_before_a_lone_surname() -> None:
    """ "Amir" is a given name here: Amir Hosseini is a person, and "Hosseini" joins him."""
    names = by_name("Amir Hosseini, the head of the port authority, said the strike had cost millions. Hosseini left.")
    assert names["Amir Hosseini"].type == "person"
    assert surfaces(names["Amir Hosseini"]) == ["Amir Hosseini", "Hosseini"]


def test_a_title_before_a_given_name_or_an_abbreviated_rank_stays_a_title() -> None:
    """ "Emir", "King" and "Maj" are cut as titles, leaving Tamim, Salman and Smith."""
    names = by_name("Emir Tamim met King Salman. Maj Smith said the talks went well.")
    assert "Tamim" in names and "Salman" in names and "Smith" in names


def test_a_listed_organisation_named_like_a_person_here_is_that_person() -> None:
    """ "Felix Wagner" is a person here, and "Wagner" joins him."""
    names = by_name("Felix Wagner met the press. Wagner said the tour went well.")
    assert names["Felix Wagner"].type == "person"
    assert surfaces(names["Felix Wagner"]) == ["Felix Wagner", "Wagner"]


def test_a_given_name_that_is_also_a_month_before_a_surname() -> None:
    """ "Jan Egeland" is a person, and "Egeland" joins him."""
    names = by_name("Jan Egeland, the relief chief, spoke. Egeland warned of famine. The Jan meeting was short.")
    assert names["Jan Egeland"].type == "person"
    assert surfaces(names["Jan Egeland"]) == ["Jan Egeland", "Egeland"]


def test_a_name_ending_in_a_day_or_function_word_stays_whole() -> None:
    """ "Mike Friday" and "Take That" are whole names, not cut to "Mike" or "Take"."""
    names = by_name(
        "England coach Mike Friday picked the squad. He won four awards with Take That. Shares rose Friday."
    )
    assert "Mike Friday" in names and "Mike" not in names
    assert "Take That" in names and "Take" not in names


def test_an_east_asian_family_name_alone_joins_the_full_name() -> None:
    """ "Chen" alone joins "Chen Yiming"."""
    names = by_name("Chen Yiming, a researcher in Shanghai, spoke first. Chen said the borders mattered.")
    assert surfaces(names["Chen Yiming"]) == ["Chen Yiming", "Chen"]


def test_a_town_named_like_a_given_name_before_a_surname_is_a_person() -> None:
    """ "George Adams" is a person."""
    assert by_name("George Adams, the chairman of the board, resigned.")["George Adams"].type == "person"


def test_no_surname_first_reordering_across_a_connector_or_with_a_place() -> None:
    """ "Stade de France" and "Stade France" are never reordered into "France Stade"."""
    names = by_name("Wales beat them at the Stade de France on Saturday. Officials met at Stade France later.")
    assert "France Stade" not in names


def test_acronym_of_a_long_form_in_the_same_text_joins_it_without_brackets() -> None:
    """ "UNSC" joins "United Nations Security Council" when the text names both, defined or not."""
    text = (
        "The deal was endorsed by the United Nations Security Council. "
        "Jalali praised the stance in support of UNSC Resolution 2231."
    )
    council = by_name(text)["United Nations Security Council"]
    assert council.type == "org"
    assert surfaces(council) == ["United Nations Security Council", "UNSC"]


def test_acronym_fitting_two_long_forms_joins_neither() -> None:
    """ "CFA" fits two long forms and stays its own entity; neither long form takes it."""
    text = "The Coastal Fisheries Authority and the Central Finance Agency met. The CFA said little."
    entities = by_name(text)
    assert "CFA" in entities
    assert surfaces(entities["Coastal Fisheries Authority"]) == ["Coastal Fisheries Authority"]


def test_short_forms_of_an_organisation_join_its_full_name() -> None:
    """ "Security Council", "Council" and "Board" (before "of") are the bodies named in full."""
    text = (
        "The United Nations Security Council met. The Security Council measures stay, "
        "and the Council said so. The Board of Governors met; the Board agreed."
    )
    entities = by_name(text)
    assert surfaces(entities["United Nations Security Council"]) == [
        "United Nations Security Council",
        "Security Council",
        "Council",
    ]
    assert surfaces(entities["Board of Governors"]) == ["Board of Governors", "Board"]
    assert not {"Council", "Security Council", "Board"} & set(entities)


def test_a_short_form_of_two_organisations_joins_neither() -> None:
    """ "Commission" after two commissions stays an entity of its own."""
    text = "The European Commission and the Joint Fisheries Commission met. The Commission said little."
    assert "Commission" in by_name(text)


def test_numbered_resolution_is_one_name() -> None:
    """ "Resolution 2231" is a document (other), after an organisation's name too."""
    text = (
        "The council adopted Resolution 2231 in 2015. The UNSC Resolution 2231 "
        "endorsed the deal, and United Nations Security Council Resolution 2231 is cited."
    )
    entities = by_name(text)
    resolution = entities["Resolution 2231"]
    assert resolution.type == "other"
    assert surfaces(resolution) == ["Resolution 2231"] * 3
    assert entities["United Nations Security Council"].type == "org"
    assert "Resolution" not in entities


def test_plural_possessive_inside_an_organisation_name() -> None:
    """ "the Anatolian Exporters' Platform" is one organisation; "Reuters' Moscow bureau" two names."""
    text = (
        "said Kerem Yildiz, a spokesman for the Anatolian Exporters\u2019 Platform, a business group. "
        "A diplomat told Reuters' Moscow bureau on Monday."
    )
    entities = by_name(text)
    assert entities["Anatolian Exporters\u2019 Platform"].type == "org"
    assert surfaces(entities["Reuters"]) == ["Reuters"]
    assert entities["Moscow"].type == "place"


def test_a_bare_surname_takes_the_particle_written_before_it() -> None:
    """ "de Vries" and "De Vries" join "Sanne de Vries"."""
    text = 'Sanne de Vries spoke first. "It is normal," de Vries added. De Vries then left.'
    assert surfaces(by_name(text)["Sanne de Vries"]) == ["Sanne de Vries", "de Vries", "De Vries"]


def test_an_institute_in_a_city_is_the_institute_and_the_city() -> None:
    """ "in Vienna" is where the institute is; "in Europe" may belong to a name."""
    text = (
        "Lena Hartmann of the Danube Institute for Security Studies in Vienna spoke. The Organization "
        "for Security and Cooperation in Europe met."
    )
    names = set(by_name(text))
    assert {"Danube Institute for Security Studies", "Vienna"} <= names
    assert "Organization for Security and Cooperation in Europe" in names


def test_surname_joins_a_full_name_with_a_generational_suffix() -> None:
    """ "Carlineo" joins "Patrick W. Carlineo Jr."."""
    text = "Patrick W. Carlineo Jr., 55, faces prison. Carlineo said he was sorry."
    assert surfaces(by_name(text)["Patrick W. Carlineo Jr."]) == ["Patrick W. Carlineo Jr.", "Carlineo"]


def test_and_does_not_join_an_organisation_to_a_person() -> None:
    """ "and" between an organisation and a person keeps them apart, not inside "Health and Human Services"."""
    text = (
        "The Department of Homeland Security and Alex Azar agreed, as did the Department of Health and Human Services."
    )
    names = set(by_name(text))
    assert {"Department of Homeland Security", "Alex Azar", "Department of Health and Human Services"} <= names


def test_a_common_word_and_a_body_is_one_organisation() -> None:
    """ "Food and Drug Administration" is one body; two names joined by "and" stay two."""
    text = (
        "The Food and Drug Administration approved it. Officials at the US Fish and Wildlife Service agreed. "
        "Shares of Apple Computer and Samsung Electronics rose before Arsenal and Manchester United met."
    )
    entities = by_name(text)
    assert entities["Food and Drug Administration"].type == "org"
    assert entities["US Fish and Wildlife Service"].type == "org"
    assert {"Apple Computer", "Samsung Electronics", "Arsenal", "Manchester United"} <= set(entities)


def test_secretary_of_a_portfolio_before_a_name_is_a_role() -> None:
    """ "Secretary of State" before Mike Pompeo is his role."""
    entity = by_name("The move was announced by US Secretary of State Mike Pompeo on Monday.")["Mike Pompeo"]
    assert (entity.type, entity.role) == ("person", "Secretary of State")


def test_a_name_after_an_abbreviation_stays_whole() -> None:
    """ "St. Louis Blues" and "St. Petersburg" are whole names."""
    names = set(by_name("The St. Louis Blues won, and she moved to St. Petersburg last year."))
    assert {"St. Louis Blues", "St. Petersburg"} <= names


def test_no_surname_first_reordering_when_the_last_word_is_used_alone() -> None:
    """ "De'Broski Herbert ... Herbert said": Herbert is the surname, not a given name to move."""
    text = "The immunologist De\u2019Broski Herbert looked closely. Herbert said it was new."
    assert surfaces(by_name(text)["De\u2019Broski Herbert"]) == ["De\u2019Broski Herbert", "Herbert"]


def test_chief_executive_is_a_role() -> None:
    """ "Chief Executive" before Carrie Lam is her role."""
    entity = by_name("Hong Kong Chief Executive Carrie Lam said so.")["Carrie Lam"]
    assert (entity.type, entity.role) == ("person", "Chief Executive")
