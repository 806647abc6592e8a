"""Text analysis for the index: folding, words, postings equal to whoosh's, offsets into the original text."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from whoosh import fields
from whoosh.formats import Positions

from newsbrowse.index.analysis import ANALYZER, FoldedText, analyse, compound_splits, fold, index_terms
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
    """analyse() folds and keeps abbreviations and decimals, dropping stop words and single letters."""
    assert analyse("The U.S. economy grew 3.5% in São Paulo, said Mr. A Ulyanov")[0] == [
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
    """Each token's character offsets cover text that folds to the token (a compound's hyphens left out)."""
    for mode in ("query", "index"):
        for token in ANALYZER(text, chars=True, positions=True, mode=mode, removestops=False):
            assert fold(text[token.startchar : token.endchar]).replace("-", "") == token.text


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


def test_a_hyphenated_compound_is_indexed_as_its_parts_and_as_one_word() -> None:
    """The parts keep their positions; the joined word shares the first part's; numbers are not joined."""
    assert analyse("Iran-Russia counter‑terrorism talks on 2021-05-21") == (
        ["iran", "russia", "counter", "terrorism", "talks", "2021", "05", "21"],
        [("iranrussia", 0), ("counterterrorism", 2)],
    )
    joined = [("stateoftheart", 0), ("covid19", 2)]
    assert analyse("state-of-the-art covid-19") == (["state", "art", "covid", "19"], joined)
    assert analyse("counter--terrorism") == (["counter", "terrorism"], [])  # a double hyphen is a dash, not a compound


def test_a_query_s_hyphenated_word_is_one_word() -> None:
    """ "counter-terrorism" in a query is the joined word, in the title or the body, not "counter AND terrorism"."""
    parsed = parse_query("counter-terrorism cell")
    assert parsed.scored is not None
    assert {leaf.text for leaf in parsed.scored.leaves()} == {"counterterrorism", "cell"}


def test_compound_splits_offer_the_ways_a_closed_word_is_two_indexed_words() -> None:
    """Both halves must be indexed words of three letters or more, and not common words."""
    indexed = {"counter", "terrorism", "count", "cell", "the", "rapist", "de", "bt", "web", "site"}.__contains__
    assert compound_splits("counterterrorism", indexed) == [("counter", "terrorism")]
    assert compound_splits("website", indexed) == [("web", "site")]
    assert compound_splits("debt", indexed) == []  # "de" and "bt" are indexed, but too short to be halves
    assert compound_splits("therapist", indexed) == []  # "the" is never indexed
    assert compound_splits("covid-19", indexed) == []  # not a closed word
