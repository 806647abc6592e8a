"""extract_quotes: quote marks, attribution patterns, speaker resolution and what is not a quote."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newsbrowse.extract import quotes as quotes_module
from newsbrowse.extract.attribution import _whole_words
from newsbrowse.extract.quotes import extract_quotes
from newsbrowse.model import Entity, EntityType, Mention, Quote


def entities(text: str, *specs: str, type_: EntityType = "person") -> list[Entity]:
    """Entities from "Canonical Name; Alias; ..." specs, with a mention at each whole-word match."""
    out = []
    for spec in specs:
        name, *aliases = [part.strip() for part in spec.split(";")]
        taken: list[tuple[int, int]] = []
        mentions = []
        for form in sorted([name, *aliases], key=len, reverse=True):
            for match in re.finditer(rf"(?<!\w){re.escape(form)}(?!\w)", text):
                if not any(a < match.end() and match.start() < b for a, b in taken):
                    taken.append(match.span())
                    mentions.append(Mention(match.start(), match.end(), form))
        out.append(Entity(name, type_, tuple(sorted(mentions, key=lambda m: m.start))))
    return out


def quotes_of(text: str, *people: str, orgs: tuple[str, ...] = ()) -> list[tuple[str, str | None]]:
    """(text, speaker) of each quote found, with the given people and organisations as entities."""
    found = extract_quotes(text, entities(text, *people) + entities(text, *orgs, type_="org"))
    for quote in found:
        assert_offsets(text, quote)
    return [(quote.text, quote.speaker) for quote in found]


def assert_offsets(text: str, quote: Quote) -> None:
    """text[start:end] is the quote, or for a multi-paragraph one holds its parts in order."""
    assert 0 <= quote.start < quote.end <= len(text)
    parts = quote.text.split("\n\n")
    if len(parts) == 1:
        assert text[quote.start : quote.end] == quote.text
    else:
        span = text[quote.start : quote.end]
        assert span.startswith(parts[0]) and span.endswith(parts[-1])
        position = 0
        for part in parts:
            position = span.index(part, position) + len(part)


# -- quote marks ---------------------------------------------------------------------------------


def test_curly_quote_after_attribution_with_offsets() -> None:
    """A curly-quoted sentence before "Lopez said" is Maria Lopez's, with offsets of the words inside the marks."""
    text = "Maria Lopez spoke.\n\n“We expect to finish by December,” Lopez said on Monday."
    found = extract_quotes(text, entities(text, "Maria Lopez; Lopez"))
    assert found == [Quote("We expect to finish by December", "Maria Lopez", 21, 52)]
    assert text[21:52] == "We expect to finish by December"


def test_straight_double_quotes() -> None:
    """A straight double-quoted sentence with "he said" is found and given to the person named before."""
    text = 'David Okafor criticised the budget. "This budget does nothing for families," he said.'
    assert quotes_of(text, "David Okafor") == [("This budget does nothing for families", "David Okafor")]


def test_single_curly_quotes_keep_apostrophes_inside() -> None:
    """Curly single quotes enclose the quote; the apostrophes inside it do not end it."""
    text = "Oliver Grant spoke to the committee. ‘We don’t want passengers queuing at Britain’s machines,’ he said."
    assert quotes_of(text, "Oliver Grant") == [
        ("We don’t want passengers queuing at Britain’s machines", "Oliver Grant")
    ]


def test_straight_single_quotes() -> None:
    """Straight single quotes give a partial and a full quote, both Hugh Bennett's."""
    text = (
        "Hugh Bennett said the quotas were 'deeply unfair' to small boats. "
        "'Our fishermen have been let down,' Bennett said."
    )
    assert quotes_of(text, "Hugh Bennett; Bennett") == [
        ("deeply unfair", "Hugh Bennett"),
        ("Our fishermen have been let down", "Hugh Bennett"),
    ]


@pytest.mark.parametrize(
    "text",
    [
        "Russia’s deputy minister didn’t attend. The ministers’ meeting in the ’90s was Iran’s idea.",
        "Russia's deputy minister didn't attend. The ministers' meeting in the '90s was Iran's idea.",
        "It was rock ’n’ roll, the fans’ favourite, back in the ’80s.",
    ],
)
def test_apostrophes_are_not_quote_marks(text: str) -> None:
    """Apostrophes in contractions, possessives, decades and "’n’" give no quotes."""
    assert extract_quotes(text, []) == []


def test_apostrophe_inside_a_single_quoted_partial_quote() -> None:
    """An apostrophe inside a curly double-quoted partial quote does not cut it."""
    text = "Oliver Grant said the railways were “in the ’90s” when it came to tickets."
    assert quotes_of(text, "Oliver Grant") == [("in the ’90s", "Oliver Grant")]


@pytest.mark.parametrize(
    "text",
    [
        "Jean Moreau defended the reform. «Nous ne reculerons pas», he said.",
        "Jean Moreau defended the reform. « Nous ne reculerons pas », he said.",
        "Jean Moreau defended the reform. »Nous ne reculerons pas«, he said.",
        "Jean Moreau defended the reform. „Nous ne reculerons pas“, he said.",
        "Jean Moreau defended the reform. „Nous ne reculerons pas”, he said.",
    ],
)
def test_guillemets_and_low_quotes(text: str) -> None:
    """French guillemets (spaced or not, either way round) and German low quotes enclose quotes."""
    assert quotes_of(text, "Jean Moreau") == [("Nous ne reculerons pas", "Jean Moreau")]


def test_nested_quote_stays_inside_the_outer_one() -> None:
    """A curly single-quoted quote inside a double-quoted one stays part of the outer quote."""
    text = (
        "Helen Carter accused her rival. “When he says ‘nobody will lose their pension,’ he is not "
        "telling the truth,” Carter said."
    )
    assert quotes_of(text, "Helen Carter; Carter") == [
        ("When he says ‘nobody will lose their pension,’ he is not telling the truth", "Helen Carter")
    ]


def test_nested_straight_single_inside_straight_double() -> None:
    """Straight single quotes inside straight double ones stay part of the outer quote."""
    text = "Anita Desai ruled. \"He told police 'I was at home', and the cameras show otherwise,\" Desai said."
    assert quotes_of(text, "Anita Desai; Desai") == [
        ("He told police 'I was at home', and the cameras show otherwise", "Anita Desai")
    ]


def test_multi_paragraph_quote_joins_its_parts() -> None:
    """A quote reopened in the next paragraph joins both parts, its offsets spanning them."""
    text = (
        "Peter Novak addressed the workers.\n\n"
        "“We have been patient for three years.\n\n"
        "“Now it is time to share the profits,” Novak said."
    )
    [quote] = extract_quotes(text, entities(text, "Peter Novak; Novak"))
    assert quote.text == "We have been patient for three years.\n\nNow it is time to share the profits"
    assert quote.speaker == "Peter Novak"
    assert text[quote.start :].startswith("We have been")
    assert text[: quote.end].endswith("share the profits")
    assert_offsets(text, quote)


def test_multi_paragraph_quote_of_three_parts_with_straight_marks() -> None:
    """Three paragraphs reopened with straight marks join into one quote."""
    text = '"One.\n\n"Two.\n\n"Three," said Daniel Cruz.'
    assert quotes_of(text, "Daniel Cruz") == [("One.\n\nTwo.\n\nThree", "Daniel Cruz")]


def test_unclosed_quote_ends_with_its_paragraph() -> None:
    """A quote that never closes ends with its paragraph and keeps its speaker."""
    text = (
        "Irene Sato described the ward.\n\n"
        "“We are working double shifts and there are not enough beds.\n\n"
        "The hospital said new staff would arrive."
    )
    assert quotes_of(text, "Irene Sato") == [
        ("We are working double shifts and there are not enough beds.", "Irene Sato")
    ]


@pytest.mark.parametrize(
    "text",
    [
        "A stray closing mark” here, and another ’ one.",
        "An opening ‘mark that never closes, with a long enough tail of words.",
        "“",
        "”“",
        "''''\"\"\"",
        "«",
    ],
)
def test_unbalanced_marks_do_not_crash_and_give_no_junk(text: str) -> None:
    """Stray and unbalanced marks give no crash, only quotes with valid offsets and text, and stray closers none."""
    for quote in extract_quotes(text, []):
        assert_offsets(text, quote)
        assert quote.text.strip()
    assert extract_quotes("A stray closing mark” here, and another ’ one.", []) == []


def test_hard_wrapped_line_inside_a_quote_runs_on() -> None:
    """A single newline inside a quote does not end it."""
    text = "“The talks were long and at times\ndifficult, but we agreed,” said Anna Berg."
    assert quotes_of(text, "Anna Berg") == [("The talks were long and at times\ndifficult, but we agreed", "Anna Berg")]


def test_empty_and_quoteless_texts() -> None:
    """Empty, blank and quoteless texts give no quotes."""
    assert extract_quotes("") == []
    assert extract_quotes("   \n\n  ") == []
    assert extract_quotes("No quotes at all here.", []) == []


def test_entities_are_extracted_only_when_needed(monkeypatch: pytest.MonkeyPatch) -> None:
    """Without entities given, they are extracted only for a text that has a quote."""
    calls: list[str] = []

    def fake_extract(text: str, language: str | None = None) -> list[Entity]:
        """Record the text and return Maria Lopez as its entity."""
        calls.append(text)
        return entities(text, "Maria Lopez; Lopez")

    monkeypatch.setattr(quotes_module, "extract_entities", fake_extract)
    assert extract_quotes("Nothing quoted here.") == []
    assert calls == []
    text = "Maria Lopez spoke. “We will finish the work on time,” Lopez said."
    assert extract_quotes(text) == [Quote("We will finish the work on time", "Maria Lopez", 20, 51)]
    assert calls == [text]


# -- attribution patterns ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "“The new fields are ready for production,” Samuel Adeyemi said.",
        "“The new fields are ready for production,” said Samuel Adeyemi.",
        "“The new fields are ready for production,” Samuel Adeyemi told Reuters in an interview.",
        "“The new fields are ready for production,” Samuel Adeyemi added.",
        "“The new fields are ready for production,” added Samuel Adeyemi, the oil minister.",
        "“The new fields are ready for production,” according to Samuel Adeyemi.",
        "According to Samuel Adeyemi, “the new fields are ready for production”.",
        "Samuel Adeyemi said: “The new fields are ready for production.”",
        "Samuel Adeyemi said, “The new fields are ready for production.”",
        "Samuel Adeyemi told reporters that “the new fields are ready for production”.",
        "“The new fields are ready for production,” Samuel Adeyemi wrote on Twitter.",
        "“The new fields are ready for production,” Samuel Adeyemi, the oil minister, said.",
        "“The new fields are ready for production,” the oil minister, Samuel Adeyemi, said.",
        "“The new fields are ready for production” – Samuel Adeyemi said on Monday.",
        "“Are the new fields ready for production?” Samuel Adeyemi asked.",
        "Samuel Adeyemi has recently said “the new fields are ready” for production.",
        "Samuel Adeyemi was quoted by the Daily Graphic as saying “the new fields are ready”.",
        "Samuel Adeyemi rejected the claims, saying “the new fields are ready”.",
        "Samuel Adeyemi, who runs the ministry, said “the new fields are ready”.",
        "Samuel Adeyemi was blunt: “The new fields are ready for production.”",
    ],
)
def test_attribution_patterns(text: str) -> None:
    """Speech verbs before or after, "according to", colons, appositions and "saying" all find the speaker."""
    [(quote, speaker)] = quotes_of(text, "Samuel Adeyemi; Adeyemi")
    assert speaker == "Samuel Adeyemi"
    assert quote.lower().startswith(("the new fields", "are the new fields"))


@pytest.mark.parametrize(
    "verb",
    "stated noted stressed warned insisted explained declared tweeted wrote argued emphasised "
    "emphasized urged replied insisted conceded admitted cautioned".split(),
)
def test_speech_verbs(verb: str) -> None:
    """Each speech verb after a quote attributes it to the name before the verb."""
    text = f"“We will not accept any further delays,” Hassan Nouri {verb}."
    assert quotes_of(text, "Hassan Nouri") == [("We will not accept any further delays", "Hassan Nouri")]


def test_praised_takes_the_quoted_object() -> None:
    """ "Jalali praised Russia's “...”" gives the quoted words to Jalali."""
    text = "During the meeting, Jalali praised Russia's “principled and rational stance” on the deal."
    assert quotes_of(text, "Kazem Jalali; Jalali") == [("principled and rational stance", "Kazem Jalali")]


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        (
            "During the meeting, Jalali praised Russia's “principled and rational stance on the deal”, "
            "according to reports of the meeting.",
            "Kazem Jalali",
        ),
        ("Jalali said “the stance on the deal was principled and rational”, according to a statement.", "Kazem Jalali"),
        # A quote opening its own sentence: the reports say it, not the person named before.
        (
            "Jalali met the minister. “The stance on the deal was principled and rational,” according to "
            "state media reports.",
            None,
        ),
        ("Jalali met the minister. “The stance on the deal was principled and rational,” according to sources.", None),
    ],
)
def test_according_to_a_document_leaves_the_speaker_to_the_lead_in(text: str, speaker: str | None) -> None:
    """ "according to reports" says where the words were read: the clause leading into the quote
    names who said them."""
    [(_, found)] = quotes_of(text, "Kazem Jalali; Jalali")
    assert found == speaker


def test_partial_quotes_inside_a_sentence() -> None:
    """Partial quotes after "said that", "described ... as" and "warned that" go to the subject."""
    text = (
        "Araghchi said that “good progress” was made. Laurent described the talks as “frank and "
        "constructive” and left. Mei Lin warned that “the grid is not ready”."
    )
    assert quotes_of(text, "Seyed Abbas Araghchi; Araghchi", "Sophie Laurent; Laurent", "Mei Lin") == [
        ("good progress", "Seyed Abbas Araghchi"),
        ("frank and constructive", "Sophie Laurent"),
        ("the grid is not ready", "Mei Lin"),
    ]


def test_attribution_in_the_middle_covers_both_parts() -> None:
    """ "she said" between two parts of a quote attributes both."""
    text = "Aisha Rahman defended the rules. “Nobody wants rents to rise,” she said, “but we need the money.”"
    assert quotes_of(text, "Aisha Rahman") == [
        ("Nobody wants rents to rise", "Aisha Rahman"),
        ("but we need the money.", "Aisha Rahman"),
    ]


def test_appositive_name_after_a_role() -> None:
    """ "the finance director, Hans Vogel, said" gives the quote to Hans Vogel."""
    text = "“The results are better than we hoped,” the company's finance director, Hans Vogel, said."
    assert quotes_of(text, "Hans Vogel") == [("The results are better than we hoped", "Hans Vogel")]


# -- speaker resolution --------------------------------------------------------------------------


def test_speaker_is_the_canonical_name() -> None:
    """A quote attributed to a surname gets the entity's canonical name."""
    text = "Mikhail Ulyanov led the delegation. Later, Ulyanov said “significant progress” was made."
    assert quotes_of(text, "Mikhail Ulyanov; Ulyanov") == [("significant progress", "Mikhail Ulyanov")]


def test_pronoun_resolves_to_the_only_person_before() -> None:
    """ "She said" resolves to the only person named before."""
    text = "Elena Petrova, the mayor, spoke after the storm.\n\nShe said: “The damage is serious, but nobody was hurt.”"
    assert quotes_of(text, "Elena Petrova") == [("The damage is serious, but nobody was hurt.", "Elena Petrova")]


def test_pronouns_with_two_people_of_different_genders() -> None:
    """ "she" and "he" resolve by Mrs./Mr. to the woman and the man named before."""
    text = (
        "Mrs. Sarah Collins and Mr. Michael Brown debated on Tuesday.\n\n"
        "“I have spent twenty years fighting for this state,” she said.\n\n"
        "“Voters want new ideas, not old speeches,” he said.\n\n"
        "“New ideas need people who can make them work,” she replied."
    )
    assert [s for _, s in quotes_of(text, "Sarah Collins; Collins", "Michael Brown; Brown")] == [
        "Sarah Collins",
        "Michael Brown",
        "Sarah Collins",
    ]


def test_gender_learnt_from_an_earlier_pronoun() -> None:
    """A pronoun used with a speaker earlier tells that speaker's gender for a later "she replied"."""
    text = (
        "Sarah Collins and Michael Brown are rivals.\n\n"
        "Collins spoke first. “I know this state,” she said.\n\n"
        "Brown answered. “Voters want new ideas,” he said.\n\n"
        "“New ideas need people who can make them work,” she replied."
    )
    assert [s for _, s in quotes_of(text, "Sarah Collins; Collins", "Michael Brown; Brown")] == [
        "Sarah Collins",
        "Michael Brown",
        "Sarah Collins",
    ]


def test_gender_from_role_words() -> None:
    """ "chairman" makes John Miller the "He" who spoke, not Fatima Haddad."""
    text = (
        "Fatima Haddad was introduced by the board chairman John Miller on Tuesday.\n\n"
        "He said: “We chose the best candidate in a strong field.”"
    )
    assert quotes_of(text, "Fatima Haddad", "John Miller") == [
        ("We chose the best candidate in a strong field.", "John Miller")
    ]


def test_people_named_inside_a_quote_are_not_the_speaker() -> None:
    """A person named inside the quote is not taken for "she"."""
    text = "Hana Novotna was elected mayor.\n\n“I want to thank Karel Dvorak, who ran a fair campaign,” she said."
    assert quotes_of(text, "Hana Novotna", "Karel Dvorak") == [
        ("I want to thank Karel Dvorak, who ran a fair campaign", "Hana Novotna")
    ]


def test_role_resolves_to_the_person_introduced_with_it() -> None:
    """ "the minister" resolves to the person introduced as the minister."""
    text = (
        "The agriculture minister, Anna Kowalski, met farmers. Their leader, Piotr Zielinski, had "
        "asked for the meeting.\n\n“We will compensate every farm,” the minister told reporters."
    )
    assert quotes_of(text, "Anna Kowalski", "Piotr Zielinski") == [("We will compensate every farm", "Anna Kowalski")]


def test_role_with_a_nationality_skips_a_person_of_another() -> None:
    """ "the Russian diplomat" resolves to Moscow's representative, not the Iranian envoys."""
    text = (
        "Iranian Ambassador Kazem Jalali met Moscow’s Representative to the Vienna-based "
        "organizations Mikhail Ulyanov and Iranian envoy Reza Tehrani.\n\n"
        "“Progress was made,” the Russian diplomat said."
    )
    assert quotes_of(text, "Kazem Jalali", "Mikhail Ulyanov", "Reza Tehrani") == [
        ("Progress was made", "Mikhail Ulyanov")
    ]


def test_role_spokesman_added() -> None:
    """ "the spokesman added" resolves to the spokesman named before."""
    text = (
        "Interior Ministry spokesman Thomas Weber confirmed the arrests. "
        "“The investigation is continuing,” the spokesman added."
    )
    assert quotes_of(text, "Thomas Weber") == [("The investigation is continuing", "Thomas Weber")]


@pytest.mark.parametrize(
    "attribution",
    [
        "a ministry spokesman said",
        "one senior official told reporters",
        "officials said",
        "Lang's spokeswoman said",
        "Victor Lang and Omar Saleh said in a joint statement",
        "the driver said",
        "I said",
        "they said",
    ],
)
def test_no_speaker_rather_than_a_wrong_one(attribution: str) -> None:
    """Unnamed officials, a spokeswoman, two speakers, a stranger or "I"/"they" give no speaker."""
    text = (
        "Victor Lang met Omar Saleh in hospital on Friday.\n\n"
        f"“He is in good spirits and thanks everyone,” {attribution}."
    )
    assert quotes_of(text, "Victor Lang; Lang", "Omar Saleh") == [("He is in good spirits and thanks everyone", None)]


def test_ambiguous_pronoun_gives_no_speaker() -> None:
    """ "he said" with two men named before gives no speaker."""
    text = "Ali Karimi and Omar Saleh met at a debate.\n\n“The city needs more buses, not more roads,” he said."
    assert quotes_of(text, "Ali Karimi", "Omar Saleh") == [("The city needs more buses, not more roads", None)]


def test_named_organisation_speaks_generic_one_does_not() -> None:
    """A named organisation is a speaker; "the ministry" is not."""
    text = (
        "“The mine would destroy the forest,” Greenpeace said in a statement.\n\n"
        "“There are no plans to change the taxation of savings,” the ministry said."
    )
    assert quotes_of(text, orgs=("Greenpeace", "Ministry of Finance")) == [
        ("The mine would destroy the forest", "Greenpeace"),
        ("There are no plans to change the taxation of savings", None),
    ]


def test_unattributed_quote_continues_the_previous_speaker() -> None:
    """An unattributed quote in the next paragraph continues the previous speaker."""
    text = (
        "“People come for the bread, but they stay for the talk,” Rosa Martinez said.\n\n"
        "“I know the names of their children and their dogs.”"
    )
    assert [s for _, s in quotes_of(text, "Rosa Martinez")] == ["Rosa Martinez", "Rosa Martinez"]


def test_unattributed_quote_after_another_person_is_named_has_no_speaker() -> None:
    """An unattributed quote after another person is named has no speaker."""
    text = (
        "“People come for the bread, but they stay for the talk,” Rosa Martinez said.\n\n"
        "Her neighbour Tom Baker runs the shop next door.\n\n"
        "“I know the names of their children and their dogs.”"
    )
    assert [s for _, s in quotes_of(text, "Rosa Martinez", "Tom Baker")] == ["Rosa Martinez", None]


# -- not quotes ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        'The so-called "green corridor" plan has divided the council.',
        "Laila Amin said the government's “maximum pressure” campaign had failed.",
        'Striker Luis Ortega, known to fans as "El Rayo", scored twice.',
        'Her new novel, "The Quiet Harbour", has been shortlisted.',
        'The word "unprecedented" has lost its meaning.',
        "The bridge, dubbed “the eighth wonder” by local papers, is long.",
        'Supporters of the "lifeline" road collected signatures.',
        "When the feathers are in a duvet, the illness is called “feather duvet lung.”",
        "The show, entitled ‘Jewels after Jewels after Jewels in the Showroom’, opens today, she said.",
        'It will be the cheapest 70" TV this season, and the 65" model is "a bargain" too.',
    ],
)
def test_scare_quotes_titles_and_terms_are_not_quotes(text: str) -> None:
    """Scare quotes, nicknames, titles, terms and inch marks are not quotes."""
    assert quotes_of(text, "Laila Amin", "Luis Ortega") == []


def test_short_quote_with_a_speech_verb_is_a_quote() -> None:
    """A one-word quote with "said" and a short one after "called" are quotes."""
    text = "“Never,” Richard Stone said. Stone called the defeat “a lesson”."
    assert quotes_of(text, "Richard Stone; Stone") == [("Never", "Richard Stone"), ("a lesson", "Richard Stone")]


def test_long_unattributed_quote_is_kept_without_speaker() -> None:
    """A long quoted sentence with nobody saying it is kept without a speaker."""
    text = "The sign at the gate read: “All visitors must report to the office before entering the site.”"
    assert quotes_of(text) == [("All visitors must report to the office before entering the site.", None)]


# -- robustness ----------------------------------------------------------------------------------

_PIECES = st.sampled_from(
    ["“", "”", "‘", "’", '"', "'", "«", "»", "„", "‚", "\n", "\n\n", " ", "he said", "Smith", ",", ".", "word", "’s"]
)


@settings(max_examples=300, deadline=None)
@given(st.lists(_PIECES, max_size=40))
def test_any_arrangement_of_marks_gives_valid_quotes(pieces: list[str]) -> None:
    """Any mix of marks, words and breaks gives quotes with valid offsets and no surrounding spaces."""
    text = "".join(pieces)
    for quote in extract_quotes(text, entities(text, "John Smith; Smith")):
        assert_offsets(text, quote)
        assert quote.text == quote.text.strip()


# -- real-world shapes ---------------------------------------------------------------------------


def test_lost_paragraph_break_inside_a_quote_starts_a_new_part() -> None:
    """A reopening mark after a full stop inside a quote starts a new part, as a lost paragraph break."""
    text = 'Michael Howard spoke. "We watched the scenes with disbelief. "Yet the response has shone a light," he said.'
    assert quotes_of(text, "Michael Howard") == [
        ("We watched the scenes with disbelief.\n\nYet the response has shone a light", "Michael Howard")
    ]


def test_a_new_sentence_after_a_full_stop_is_no_attribution() -> None:
    """A sentence starting after the quote's full stop is no attribution."""
    text = "“If I lost, I would be losing to a top player.” Coria conceded that Rochus played well."
    assert quotes_of(text, "Guillermo Coria; Coria", "Olivier Rochus; Rochus") == [
        ("If I lost, I would be losing to a top player.", None)
    ]


def test_the_next_quotes_lead_in_is_not_an_attribution() -> None:
    """The lead-in of the next quote does not attribute the one before; both go to Egeland."""
    text = "Jan Egeland said that “many people lost everything.” He warned that “the effects may be devastating”."
    assert quotes_of(text, "Jan Egeland") == [
        ("many people lost everything.", "Jan Egeland"),
        ("the effects may be devastating", "Jan Egeland"),
    ]


def test_after_a_question_only_a_plain_attribution_counts() -> None:
    """After a quoted question, a sentence with another verb is no attribution; "Felgate asked." is."""
    text = "“Why would he risk his reputation?” Connors has agreed to commentate. “Why not?” Felgate asked."
    assert quotes_of(text, "Jimmy Connors; Connors", "David Felgate; Felgate") == [
        ("Why would he risk his reputation?", None),
        ("Why not?", "David Felgate"),
    ]


def test_a_title_said_first_in_the_anaphor_is_the_person_just_named() -> None:
    """ "the Conservative leader" resolves to the person who said the previous sentence."""
    text = (
        "Tony Blair has failed to tackle the problems, Michael Howard has said.\n\n"
        "“Britain is heading in the wrong direction,” the Conservative leader said."
    )
    assert quotes_of(text, "Tony Blair; Blair", "Michael Howard; Howard") == [
        ("Britain is heading in the wrong direction", "Michael Howard")
    ]


def test_a_possessive_mention_does_not_take_the_pronoun_from_the_last_speaker() -> None:
    """A possessive "Mr Blair's" does not take "he" from Michael Howard, the last speaker."""
    text = (
        "“Britain is heading the wrong way,” said Michael Howard. Mr Blair's government was a "
        "“bossy, interfering government that decides for people,” he added."
    )
    assert [s for _, s in quotes_of(text, "Michael Howard; Howard", "Tony Blair; Blair")] == [
        "Michael Howard",
        "Michael Howard",
    ]


def test_a_person_the_entities_missed_is_named_as_written() -> None:
    """A speaker named after "said chief executive" but missing from the entities is named as written."""
    text = "“Many big brands have used the network,” said chief executive Sam Yagan."
    assert quotes_of(text) == [("Many big brands have used the network", "Sam Yagan")]


def test_the_quote_finder_takes_the_types_it_is_given() -> None:
    """Typing is the extractor's: a "Given Surname" it would call an organisation it types a person, so
    "he" finds him; entities given typed otherwise are not retyped by the quote finder."""
    text = "George Adams, the chairman of the committee, met Maria Santos.\n\n“We listened to each other,” he said."
    assert [(q.text, q.speaker) for q in extract_quotes(text)] == [("We listened to each other", "George Adams")]
    given = entities(text, "George Adams", type_="org") + entities(text, "Maria Santos")
    assert [q.speaker for q in extract_quotes(text, given)] != ["George Adams"]


def test_a_statement_read_out_is_no_continuation() -> None:
    """A quote that "read a statement" does not continue the previous speaker."""
    text = (
        "“Advertisers pay less here,” Mark Mulligan said.\n\n"
        "“We have investigated this matter and removed the advert,” read a statement from the firm."
    )
    assert [s for _, s in quotes_of(text, "Mark Mulligan")] == ["Mark Mulligan", None]


def test_a_definite_role_refers_to_the_unnamed_source_introduced_since() -> None:
    """ "The diplomat" and "the official" refer to unnamed sources introduced since, not the named envoy."""
    text = (
        "The Russian team is led by Pavel Orlov, Moscow's envoy to the talks.\n\n"
        "A European diplomat who asked not to be named described the mood as calm. "
        "The diplomat added: “We have blocked out weeks, not days.”\n\n"
        "An official from the host country spoke too. “Nobody is leaving yet,” the official said."
    )
    assert quotes_of(text, "Pavel Orlov; Orlov") == [
        ("We have blocked out weeks, not days.", None),
        ("Nobody is leaving yet", None),
    ]


def test_a_definite_role_still_finds_the_named_person_introduced_last() -> None:
    """ "the diplomat" resolves to the envoy named after an unnamed diplomat was introduced."""
    text = (
        "A diplomat from a European delegation arrived on Monday. "
        "On Tuesday, Moscow's envoy Pavel Orlov met the press. "
        "“The talks are moving,” the diplomat said."
    )
    assert quotes_of(text, "Pavel Orlov; Orlov") == [("The talks are moving", "Pavel Orlov")]


def test_a_role_does_not_reach_a_person_named_far_back() -> None:
    """ "the diplomat" does not reach a person named dozens of sentences back."""
    filler = "The weather in the city stayed mild and the trams ran on time. " * 60
    text = f"Envoy Pavel Orlov arrived on Monday.\n\n{filler}\n\n“It is quiet here,” the diplomat said."
    assert quotes_of(text, "Pavel Orlov; Orlov") == [("It is quiet here", None)]


@pytest.mark.parametrize("title", ["Dr.", "Dr", "Prof.", "Professor", "Mr.", "Ms", "Ambassador"])
def test_said_with_a_title_before_the_name(title: str) -> None:
    """ "said Dr./Prof./Mr./Ambassador Lena Hart" gives her the quote and the one that follows."""
    text = (
        "Ivan Petrov said “good progress” had been made.\n\n"
        f"“Six rounds is an intense schedule,” said {title} Lena Hart of the Danube Institute. "
        "“A pause now is not surprising.”"
    )
    assert [s for _, s in quotes_of(text, "Ivan Petrov", "Lena Hart")] == ["Ivan Petrov", "Lena Hart", "Lena Hart"]


def test_said_with_a_name_nobody_can_read_does_not_continue_the_last_speaker() -> None:
    """ "said the latest arrival" does not give the quote to the previous speaker."""
    text = (
        "Ivan Petrov said “good progress” had been made.\n\n“Six rounds is a lot of rounds,” said the latest arrival."
    )
    assert [s for _, s in quotes_of(text, "Ivan Petrov")] == ["Ivan Petrov", None]


def test_said_after_an_organisation_possessive_names_the_person() -> None:
    """ "added Ernst and Young's Sanjay Mehta" gives the quote to the person, not the firm."""
    text = "“The change could ignite interest,” added Ernst and Young's Sanjay Mehta."
    assert quotes_of(text, "Sanjay Mehta", orgs=("Ernst",)) == [("The change could ignite interest", "Sanjay Mehta")]


def test_a_subject_before_a_relative_clause_and_an_apposition() -> None:
    """The subject before an apposition and a relative clause is the speaker after "wrote on Twitter:"."""
    text = (
        "Pavel Orlov, Moscow's representative to the agencies, who leads the delegation, wrote on Twitter: "
        "“Significant progress has been achieved, in my view.”"
    )
    assert quotes_of(text, "Pavel Orlov") == [("Significant progress has been achieved, in my view.", "Pavel Orlov")]


def test_a_second_quote_after_a_tail_attribution_with_an_organisation() -> None:
    """A quote following "said ..., spokeswoman for a forum" continues the same speaker."""
    text = (
        "“Board weeks are a temperature check,” said Sanne de Vries, spokeswoman for the Geneva "
        "Nonproliferation Forum. “The same diplomats are in the same building again.”"
    )
    found = extract_quotes(text)
    assert [q.speaker for q in found] == ["Sanne de Vries", "Sanne de Vries"]


def test_a_titled_name_in_apposition_after_a_role_is_the_speaker() -> None:
    """A titled name in apposition after a role is the speaker."""
    text = "Iran's chief negotiator, Deputy Foreign Minister Omid Karimi, said that “good progress” had been made."
    assert quotes_of(text, "Omid Karimi") == [("good progress", "Omid Karimi")]


def test_pronouns_follow_the_gender_of_given_names() -> None:
    """ "she" and "he" resolve by the gender of the given names."""
    text = (
        "Lucas Moreau and Claire Dupont were married last week after meeting at a climbing club.\n\n"
        "“He fell off the wall right in front of me,” she said, laughing. “It was the best fall of my life,” he said."
    )
    assert [s for _, s in quotes_of(text, "Lucas Moreau; Moreau", "Claire Dupont; Dupont")] == [
        "Claire Dupont",
        "Lucas Moreau",
    ]


def test_a_unisex_given_name_leaves_the_pronoun_open() -> None:
    """ "she" with a unisex and a female name is nobody; with a male name it is the other person."""
    text = "Andrea Rossi and Kim Bianchi met at the club.\n\n“We will build it,” she said."
    assert quotes_of(text, "Andrea Rossi", "Kim Bianchi") == [("We will build it", None)]
    text = "Andrea Rossi and Marco Bianchi met at the club.\n\n“We will build it,” she said."
    assert quotes_of(text, "Andrea Rossi", "Marco Bianchi") == [("We will build it", "Andrea Rossi")]


def test_given_name_gender_data() -> None:
    """The lexicon knows Claire as female, Lucas as male and Andrea as a given name of no gender."""
    lex = quotes_module.lexicon()
    assert lex.given_gender["Claire"] == "f"
    assert lex.given_gender["Lucas"] == "m"
    assert "Andrea" in lex.given_names and "Andrea" not in lex.given_gender


def test_a_pronoun_after_an_unnamed_speaker_is_nobody_named() -> None:
    """ "He" after an unnamed spokesman is nobody; "she" after an apposition is the person named."""
    text = (
        "Liberal spokesman Mark Oaten said the plan was dangerous.\n\n"
        "A Labour Party spokesman criticised Mark Oaten's record. "
        "He said: “Today the Tories are making promises they cannot pay for.”"
    )
    assert quotes_of(text, "Mark Oaten; Oaten") == [("Today the Tories are making promises they cannot pay for.", None)]
    text = "Another analyst, Vera Lobanova of the Volga Council, disagreed. “It went well,” she said."
    assert quotes_of(text, "Vera Lobanova") == [("It went well", "Vera Lobanova")]


def test_he_said_closing_a_long_quote_is_whom_its_first_paragraph_follows() -> None:
    """Three paragraphs of quote closed by "he said": the person before its first paragraph, however far back."""
    text = (
        "Treasury Secretary Hal Brandt spoke to the bankers on Tuesday.\n\n"
        "“The markets have done their work. Further falls would help nobody.\n\n"
        "“Our partners must now play their part and let their economies grow.\n\n"
        "“We will watch closely,” he said."
    )
    found = quotes_of(text, "Hal Brandt; Brandt")
    assert [speaker for _, speaker in found] == ["Hal Brandt"]
    assert found[0][0].count("\n\n") == 2


def test_a_role_with_a_place_or_an_acronym_before_it_is_the_person_introduced_so() -> None:
    """ "the Utah senator" is Sen. Orrin Vale; "the CBT chairman" is the chairman introduced before."""
    senate = (
        "Sen. Orrin Vale, a Utah Republican, said the bill was dead.\n\n"
        "The chamber votes on Thursday.\n\n"
        '"This bill will not pass," the Utah senator said.'
    )
    assert quotes_of(senate, "Orrin Vale; Vale", orgs=()) == [("This bill will not pass", "Orrin Vale")]
    board = (
        "Karsten Lahm, chairman of the Chicago Board of Trade, defended the rules. Brokers were not sure.\n\n"
        "“The rules protect the small investor,” the CBT chairman said."
    )
    found = quotes_of(board, "Karsten Lahm; Lahm", orgs=("Chicago Board of Trade; CBT",))
    assert found == [("The rules protect the small investor", "Karsten Lahm")]


def test_titles_of_songs_shows_and_films_are_no_quotes() -> None:
    """A quoted title after "hit", "show" or "film" is a name of a work, whatever its length."""
    text = (
        'The band played their hit "Summer Nights Are Gone Forever" twice, and the BBC show '
        '"Tomorrow Belongs To The Brave Ones" filmed it. Singer Mia Cole said: "We love it."'
    )
    assert quotes_of(text, "Mia Cole") == [("We love it.", "Mia Cole")]


def test_a_straight_mark_and_a_curly_one_still_pair() -> None:
    """A straight opening mark closed by a curly one (and the other way round) delimits a quote."""
    text = '"We will not leave,” said Ana Ruiz, the mayor. “The walls will hold," she added.'
    assert quotes_of(text, "Ana Ruiz; Ruiz") == [("We will not leave", "Ana Ruiz"), ("The walls will hold", "Ana Ruiz")]


_WORDS = st.sampled_from(["Lee", "Leeson", "Lee-Ann", "O'Brien", "Mr.", "_x", "Åsa", "Åsa-Lee"])


@settings(max_examples=300, deadline=None)
@given(
    words=st.sets(_WORDS, min_size=1, max_size=5),
    pieces=st.lists(st.one_of(_WORDS, st.sampled_from([" ", "-", "_", ".", "a", "é", "2", ",\n"])), max_size=25),
)
def test_surnames_are_found_as_a_regular_expression_finds_them(words: set[str], pieces: list[str]) -> None:
    """The surname search finds what finditer of the longest-first alternation between \\w boundaries finds."""
    text = "".join(pieces)
    alternation = "|".join(map(re.escape, sorted(words, key=len, reverse=True)))
    expected = [(m.start(), m.end(), m.group()) for m in re.finditer(rf"(?<!\w)(?:{alternation})(?!\w)", text)]
    assert _whole_words(text, words) == expected
