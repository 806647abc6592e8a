"""Sentence splitting: paragraph breaks, abbreviations, initials, decimals, quotes, offsets."""

from __future__ import annotations

import pytest

from newsbrowse.extract.sentences import split_sentences


def _sentences(text: str) -> list[str]:
    """The sentence strings of text, checking every span is trimmed and in order."""
    spans = split_sentences(text)
    previous_end = 0
    for start, end in spans:
        assert previous_end <= start < end <= len(text)
        assert text[start:end] == text[start:end].strip()
        previous_end = end
    return [text[start:end] for start, end in spans]


def test_plain_sentences() -> None:
    """Full stops, exclamation and question marks end sentences."""
    text = "The mayor opened the bridge. It rained all day! Did anyone come? Yes."
    assert _sentences(text) == [
        "The mayor opened the bridge.",
        "It rained all day!",
        "Did anyone come?",
        "Yes.",
    ]


def test_titles_and_initials_do_not_end_a_sentence() -> None:
    """ "Mr.", "Dr.", "Gen." and initials do not end a sentence."""
    text = "Mr. Brandt met Dr. A. B. Kowalski and Gen. Ortiz on Friday. They spoke."
    assert _sentences(text) == [
        "Mr. Brandt met Dr. A. B. Kowalski and Gen. Ortiz on Friday.",
        "They spoke.",
    ]


def test_dotted_acronym_inside_a_sentence() -> None:
    """ "U.S." and "U.N." inside a sentence do not end it."""
    text = "Talks in the U.S. capital ended. The U.N. Security Council met later."
    assert _sentences(text) == [
        "Talks in the U.S. capital ended.",
        "The U.N. Security Council met later.",
    ]


def test_dotted_acronym_before_a_sentence_opener_ends_it() -> None:
    """ "U.S." before a capitalised opener like "The" ends the sentence."""
    text = "She moved to the U.S. The move was quick."
    assert _sentences(text) == ["She moved to the U.S.", "The move was quick."]


def test_decimals_and_numbers() -> None:
    """Decimals, thousands separators and "No. 7" do not end a sentence."""
    text = "Prices rose 3.5 percent to 1,204.75 points. See No. 7 for details."
    assert _sentences(text) == [
        "Prices rose 3.5 percent to 1,204.75 points.",
        "See No. 7 for details.",
    ]


def test_paragraph_break_always_ends_a_sentence() -> None:
    """A blank line ends a sentence, even without a stop or after "Mr."."""
    text = "A headline without a stop\n\nThe body begins here, says Mr.\n\nSmith"
    assert _sentences(text) == [
        "A headline without a stop",
        "The body begins here, says Mr.",
        "Smith",
    ]


def test_closing_quotes_stay_with_their_sentence() -> None:
    """A closing quote mark after a stop stays with its sentence."""
    text = "\u201cWe are ready.\u201d The minister left. \"Why?\" he asked. 'No.' She smiled."
    assert _sentences(text) == [
        "\u201cWe are ready.\u201d",
        "The minister left.",
        '"Why?" he asked.',
        "'No.'",
        "She smiled.",
    ]


def test_lowercase_after_stop_does_not_split() -> None:
    """A stop followed by a lowercase word ("e.g. apples") does not split."""
    text = "Some fruits, e.g. apples, keep well. Others do not."
    assert _sentences(text) == ["Some fruits, e.g. apples, keep well.", "Others do not."]


def test_company_suffix_ends_sentence_only_before_an_opener() -> None:
    """ "Inc." ends a sentence before "The" but not before "Holdings"."""
    text = "The deal went to Acme Inc. The shares rose. Acme Inc. Holdings denied it."
    assert _sentences(text) == [
        "The deal went to Acme Inc.",
        "The shares rose.",
        "Acme Inc. Holdings denied it.",
    ]


def test_short_lines_are_units_but_wrapped_prose_runs_on() -> None:
    """Short lines (headline, date) are units of their own; a line-wrapped sentence runs on."""
    text = (
        "Storm closes harbour\nMarch 3, 2024\n"
        "The harbour of the small coastal town stayed closed for a third day as\n"
        "Winds kept the ferries in port."
    )
    assert _sentences(text) == [
        "Storm closes harbour",
        "March 3, 2024",
        "The harbour of the small coastal town stayed closed for a third day as\nWinds kept the ferries in port.",
    ]


def test_ellipsis_and_unicode_quotes() -> None:
    """An ellipsis ends a sentence, and guillemets stay with theirs."""
    text = "He paused\u2026 Then he spoke. \u00abC'est fini.\u00bb Nobody answered."
    assert _sentences(text) == [
        "He paused\u2026",
        "Then he spoke.",
        "\u00abC'est fini.\u00bb",
        "Nobody answered.",
    ]


@pytest.mark.parametrize("text", ["", " ", "\n\n\n", ".", "...", "?!", "\u201c\u201d", "Mr.", "a\r\n\r\nb"])
def test_odd_input_does_not_crash(text: str) -> None:
    """Empty, blank, punctuation-only and CRLF texts give only non-blank spans."""
    spans = split_sentences(text)
    assert all(text[start:end].strip() for start, end in spans)


def test_crlf_paragraphs() -> None:
    """A CRLF blank line is a paragraph break."""
    assert _sentences("One line\r\n\r\nTwo line") == ["One line", "Two line"]


def test_deterministic() -> None:
    """Splitting the same text twice gives the same spans."""
    text = "Dr. No left. Mr. Yes stayed.\n\nThe end."
    assert split_sentences(text) == split_sentences(text)
