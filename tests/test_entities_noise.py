"""What is not a name: sentence-initial words, days, months, headlines, boilerplate, adjectives."""

from __future__ import annotations

from entities_helpers import by_name, entities_of, surfaces


def test_sentence_initial_function_words_are_cut() -> None:
    """ "On", "During" and "The" are cut from names at a sentence start; "Monday" is no name either."""
    text = "On Monday the council met. During the session Portugal objected. The Netherlands abstained."
    names = set(by_name(text))
    assert {"Portugal", "Netherlands"} <= names
    assert not names & {"On", "On Monday", "During", "The", "Monday", "The Netherlands"}


def test_sentence_initial_common_words_are_not_names() -> None:
    """ "Officials", "Rescuers" and "However" at a sentence start are not names; "Farida Nasser" is."""
    text = "Officials said the dam held. Rescuers reached the village. However, Farida Nasser stayed."
    names = set(by_name(text))
    assert "Farida Nasser" in names
    assert not names & {"Officials", "Rescuers", "However"}


def test_days_and_months_are_not_names() -> None:
    """Weekdays and months are not names; Genoa is."""
    text = "The vote moved from Tuesday, March 4 to Friday. In August the port of Genoa reopened."
    names = set(by_name(text))
    assert "Genoa" in names
    assert not names & {"Tuesday", "March", "Friday", "August", "In August"}


def test_all_caps_headline_keeps_only_known_names() -> None:
    """In an all-caps headline only "PORTUGAL", named in the prose too, is a name."""
    text = "FLOODS HIT PORTUGAL AS RIVERS RISE\n\nHeavy rain hit Portugal on Sunday, officials said."
    entities = by_name(text)
    assert surfaces(entities["Portugal"]) == ["PORTUGAL", "Portugal"]
    assert not any(name.upper() in {"FLOODS", "HIT", "RIVERS", "RISE", "FLOODS HIT"} for name in entities)


def test_title_case_headline_keeps_only_known_names() -> None:
    """In a title-case headline only "Chilean" is a name; "Miners", "Work" and "Strike" are not."""
    text = "Chilean Miners Return To Work After Strike\n\nMiners in Chile went back to work on Monday."
    names = set(by_name(text))
    assert "Chilean" in names and "Chile" in names
    assert not any("Miners" in name or "Strike" in name or "Work" in name for name in names)


def test_all_caps_line_name_known_from_the_prose() -> None:
    """ "SALGADO" in an all-caps headline is a mention of Bruno Salgado, named in the prose."""
    text = "SALGADO WINS AGAIN\n\nThe cyclist Bruno Salgado won the stage. Salgado now leads."
    person = by_name(text)["Bruno Salgado"]
    assert surfaces(person) == ["SALGADO", "Bruno Salgado", "Salgado"]


def test_boilerplate_is_not_a_name() -> None:
    """ "Leave a Comment", "Read More" and a captcha sum give no names; Malta is the only one."""
    text = "The ferry to Malta was cancelled.\n\nLeave a Comment\n\nRead More\n\n3 + 7 ="
    names = set(by_name(text))
    assert names == {"Malta"}


def test_hyphenated_adjective_names_the_place_only() -> None:
    """ "Nairobi-based" and "Oslo-led" name only the place, with offsets covering the place alone."""
    text = "The Nairobi-based agency and the Oslo-led mission met."
    entities = by_name(text)
    assert surfaces(entities["Nairobi"]) == ["Nairobi"]
    assert surfaces(entities["Oslo"]) == ["Oslo"]
    start = text.index("Nairobi")
    assert (entities["Nairobi"].mentions[0].start, entities["Nairobi"].mentions[0].end) == (start, start + 7)
    assert not any("-" in name for name in entities)


def test_hyphenated_pair_names_both() -> None:
    """ "Chile-Peru" and "Kenya-Uganda" name each place once, not the pair."""
    text = "The Chile-Peru border talks and Kenya-Uganda trade resumed."
    entities = by_name(text)
    for place in ("Chile", "Peru", "Kenya", "Uganda"):
        assert entities[place].type == "place"
        assert len(entities[place].mentions) == 1
    assert "Chile-Peru" not in entities


def test_hyphenated_names_stay_whole() -> None:
    """ "Jean-Luc Moreau" stays one name."""
    text = "Jean-Luc Moreau praised the Rolls-Royce engineers."
    names = set(by_name(text))
    assert "Jean-Luc Moreau" in names


def test_single_letters_and_pronoun_are_not_names() -> None:
    """ "I", "A" and "B" are not names."""
    text = "I think so. A plan was drafted and Plan B was dropped."
    names = set(by_name(text))
    assert not names & {"I", "A", "B"}


def test_shouted_common_words_in_prose_are_not_names() -> None:
    """ "LAST SALE" in prose is no name; "OECD" is."""
    text = "Prices: LAST SALE unchanged, while the OECD report came out."
    names = set(by_name(text))
    assert "OECD" in names
    assert not any("SALE" in name for name in names)


def test_no_entities_in_plain_lowercase_text() -> None:
    """Lowercase text has no entities."""
    assert entities_of("the rain fell all night and nobody came.") == []


def test_sentence_initial_common_word_that_is_also_a_town() -> None:
    """ "Mobile" opening a sentence is a word; only "Mobile, Alabama" is a mention of the town."""
    text = "Mobile phones were banned. The ban began in Mobile, Alabama."
    entities = by_name(text)
    assert [m.text for m in entities["Mobile"].mentions] == ["Mobile"]
    assert entities["Mobile"].mentions[0].start == text.rindex("Mobile")


def test_sentence_initial_common_surname_before_a_verb_is_a_word() -> None:
    """ "Banks will not move" is about banks, unless the text names somebody Banks."""
    text = 'Lars Holm, a lawyer, agreed. "Banks will not move on a press release," he said.'
    assert "Banks" not in by_name(text)
    named = "Tyra Banks opened the show. Banks will return next year, the channel said."
    assert surfaces(by_name(named)["Tyra Banks"]) == ["Tyra Banks", "Banks"]


def test_sentence_initial_plural_of_a_job_is_a_word() -> None:
    """ "Refiners plan ..." names nobody; "Rogers said" (a surname) still does."""
    text = '"Refiners plan their crude slates months ahead," Mehta said. Rogers said he agreed.'
    names = set(by_name(text))
    assert "Refiners" not in names
    assert "Rogers" in names


def test_last_word_of_a_company_alone_at_a_sentence_start_is_a_word() -> None:
    """ "Pearl Line Shipping" is a company; "Shipping companies say ..." is not about it."""
    text = "Shipping companies say they are ready. Rashid Naqbi works at Pearl Line Shipping, a regional operator."
    names = set(by_name(text))
    assert "Pearl Line Shipping" in names
    assert "Shipping" not in names


def test_a_month_with_mid_early_or_late_is_no_name() -> None:
    """ "Mid-May" and "Late-June" are not names; "Kim In-so" is."""
    text = "Mid-May – Ulyanov writes on Twitter. Late-June talks ended. Kim In-so stayed."
    names = set(by_name(text))
    assert not names & {"Mid-May", "Late-June"}
    assert "Kim In-so" in names


def test_contractions_are_not_names() -> None:
    """ "We're", "We'll", "That's", "Don't" and "Here's" are not names; Tom Hanks is the only one."""
    text = "We’re not sure. We'll see, said Tom Hanks. That’s it. Don’t go. Here's why."
    assert set(by_name(text)) == {"Tom Hanks"}


def test_party_tags_and_periods_are_not_names() -> None:
    """ "D-Minn.", "R-W.Va.", "Q3" and "FY2019" are not names; only the two people are."""
    text = "Rep. Ilhan Omar (D-Minn.) met David McKinley, R-W.Va., as Q3 sales rose in FY2019."
    assert set(by_name(text)) == {"Ilhan Omar", "David McKinley"}
