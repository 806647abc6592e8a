"""Text analysis for the index: folding, words, postings equal to whoosh's, offsets into the original text."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from whoosh import fields
from whoosh.formats import Positions

from newsbrowse.index.analysis import ANALYZER, FoldedText, fold, index_terms, words
from newsbrowse.index.query import parse_query


def test_fold_lowers_and_removes_accents() -> None:
    """fold lowers case and strips accents, ligatures and superscripts, keeping Hangul syllables whole."""
    assert fold("São Paulo") == "sao paulo"
    assert fold("ŞİŞLİ") == "sisli"  # the dotted capital I lowers to i + a combining dot, which goes
    assert fold("Straße, Œuvre, Ærø") == "strasse, oeuvre, aero"
    assert fold("ﬁne x²") == "fine x2"  # ligatures and superscripts take their plain letters
    assert fold("Sa\u0303o") == "sao"  # a decomposed accent too
    assert fold("한국어") == "한국어"  # Hangul syllables stay whole


def test_words_leave_out_common_words_and_single_characters() -> None:
    """words() folds and keeps abbreviations and decimals, dropping stop words and single letters."""
    assert words("The U.S. economy grew 3.5% in São Paulo, said Mr. A Ulyanov") == [
        "u.s",
        "economy",
        "grew",
        "3.5",
        "sao",
        "paulo",
        "said",
        "mr",
        "ulyanov",
    ]


PIECES = [*"abc ABC éß.'-\u0303İ\n", "the ", "of ", "Zoë ", "x "]
TEXTS = st.lists(st.sampled_from(PIECES), max_size=40).map("".join)


@settings(max_examples=200, deadline=None)
@given(TEXTS, st.sampled_from([1.0, 2.0]))
def test_index_terms_are_the_postings_whoosh_makes_from_the_analyser(text: str, boost: float) -> None:
    """index_terms gives the same postings as whoosh's Positions format with the analyser, at either boost."""
    stock = Positions(field_boost=boost).word_values(text, ANALYZER, mode="index")
    assert sorted(index_terms(text, boost)) == sorted((word.encode(), f, w, v) for word, f, w, v in stock)


@settings(max_examples=200, deadline=None)
@given(TEXTS)
def test_token_offsets_point_into_the_original_text(text: str) -> None:
    """Each token's character offsets cover text that folds to the token."""
    for token in ANALYZER(text, chars=True, positions=True, mode="query", removestops=False):
        assert fold(text[token.startchar : token.endchar]) == token.text


def test_positions_count_only_the_kept_words() -> None:
    """Positions number only the words kept, stop words left out."""
    tokens = [(t.text, t.pos) for t in ANALYZER("the Bank of England", positions=True)]
    assert tokens == [("bank", 0), ("england", 1)]


def test_queries_are_folded_like_the_text() -> None:
    """Query words and phrase words are folded as the text is ("SÃO" to "sao", "Straße" to "strasse")."""
    parsed = parse_query('SÃO "Straße Bank"')
    assert parsed.scored is not None
    found = {str(getattr(leaf, "text", "")) for leaf in parsed.scored.leaves()}
    words_of_phrases = {w for leaf in parsed.scored.leaves() for w in getattr(leaf, "words", [])}
    assert "sao" in found and {"strasse", "bank"} <= words_of_phrases


def test_the_text_field_takes_the_fast_path_with_whoosh_options() -> None:
    """FoldedText.index gives index_terms' postings, and tokenize still folds."""
    field = fields.Schema(body=FoldedText())["body"]
    assert list(field.index("Harbour harbour")) == index_terms("Harbour harbour")
    assert [t.text for t in field.tokenize("Harbour")] == ["harbour"]
