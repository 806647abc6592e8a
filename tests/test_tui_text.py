"""The TUI's text helpers: word wrap with offsets, clipping, months, keys."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st
from rich.cells import cell_len
from textual.binding import Binding

from newsbrowse.tui.formatting import clip, count
from newsbrowse.tui.keys import key_label, key_rows
from newsbrowse.tui.widgets.entity import month_series
from newsbrowse.tui.wrap import wrap_lines, wrap_starts

pytestmark = pytest.mark.tui  # drives the Textual app


def test_wrap_moves_whole_words_to_the_next_line() -> None:
    """Words are not cut when they fit on a line of their own."""
    text = "Mikhail Ulyanov said significant progress"
    assert [text[a:b] for a, b in wrap_lines(text, 16)] == ["Mikhail Ulyanov ", "said significant ", "progress"]


def test_wrap_folds_a_word_wider_than_the_line_where_it_stands() -> None:
    """A long path or URL continues on the current line and folds at the width."""
    text = "file abcdefghijklmnopqrstuvwxyz"
    assert [text[a:b] for a, b in wrap_lines(text, 10)] == ["file abcde", "fghijklmno", "pqrstuvwxy", "z"]


def test_wrap_folds_a_long_path_where_it_stands_but_moves_a_long_word() -> None:
    """A URL or path longer than half the line continues on it; an ordinary word goes to the next line."""
    path = "file news/world/2021/may/20/envoy.html"
    assert [path[a:b] for a, b in wrap_lines(path, 20)] == ["file news/world/2021", "/may/20/envoy.html"]
    word = "the counterterrorism"
    assert [word[a:b] for a, b in wrap_lines(word, 16)] == ["the ", "counterterrorism"]


def test_wrap_keeps_blank_lines_and_counts_wide_characters() -> None:
    """Paragraph breaks stay as empty lines; East Asian characters take two cells."""
    text = "one\n\n北京上海广州"
    lines = [text[a:b] for a, b in wrap_lines(text, 4)]
    assert lines == ["one", "", "北京", "上海", "广州"]


@given(st.text(alphabet=st.sampled_from("ab c\n北é-"), max_size=80), st.integers(min_value=1, max_value=12))
def test_wrap_covers_the_text_and_respects_the_width(text: str, width: int) -> None:
    """Every character is on exactly one line, in order, and no line's visible part is wider than allowed."""
    lines = wrap_lines(text, width)
    rebuilt = ""
    position = 0
    for start, end in lines:
        if start > position:  # the newline between two source lines
            assert text[position:start] == "\n"
        rebuilt += text[position:start] + text[start:end]
        position = end
        visible = text[start:end].rstrip()
        assert cell_len(visible) <= max(width, 2)  # a wide character may not fit a 1-cell line
    assert rebuilt == text
    assert wrap_starts("", width) == [0]


def test_clip_cuts_to_whole_lines_with_an_ellipsis_and_keeps_the_spans_inside() -> None:
    """A snippet longer than its lines is cut, marked, and its highlights clipped to what remains."""
    text = "Mikhail Ulyanov said unresolved issues remained as the talks ended in Vienna"
    cut, spans = clip(text, ((8, 15), (70, 76)), 20, 2)
    assert cut.endswith("…")
    assert len(wrap_lines(cut, 20)) == 2
    assert spans == ((8, 15),)
    assert clip("short", ((0, 5),), 20, 2) == ("short", ((0, 5),))


def test_count_says_one_or_many() -> None:
    """Numbers with their noun, thousands separated."""
    assert count(1, "article") == "1 article"
    assert count(2000, "article") == "2,000 articles"
    assert count(3, "entity", "entities") == "3 entities"


def test_month_series_fills_the_gaps_between_the_first_and_last_month() -> None:
    """Months without mentions count 0; the series runs over a year's end."""
    series = month_series([("2020-11", 2), ("2021-02", 5)])
    assert series == [("2020-11", 2), ("2020-12", 0), ("2021-01", 0), ("2021-02", 5)]
    assert month_series([]) == []


def test_keys_read_as_a_person_types_them() -> None:
    """Symbols for brackets and arrows, names kept for modifiers and enter."""
    assert key_label("left_square_bracket") == "["
    assert key_label("alt+left") == "alt+←"
    assert key_label("ctrl+p") == "ctrl+p"
    assert key_label("enter") == "enter"


def test_key_rows_join_the_keys_of_one_action_and_skip_undescribed_ones() -> None:
    """One row per action; bindings without a description are not listed."""
    rows = key_rows(
        [Binding("alt+left,left_square_bracket", "back", "Back", tooltip="Back in the history"), Binding("x", "y")]
    )
    assert [(row.keys, row.action, row.detail) for row in rows] == [("alt+← or [", "Back", "Back in the history")]
