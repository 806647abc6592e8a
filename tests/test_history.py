"""Back/forward history: a bounded list of places with a cursor, like a web browser's."""

from __future__ import annotations

import pytest

from newsbrowse.tui.history import History


def test_a_new_history_is_empty_and_cannot_move() -> None:
    """Nothing to go back or forward to before the first place."""
    history: History[str] = History()
    assert history.location is None
    assert len(history) == 0
    assert not history.back()
    assert not history.forward()


def test_back_and_forward_walk_the_places_and_stop_at_the_ends() -> None:
    """back() and forward() move one place and say whether they moved."""
    history: History[str] = History()
    for place in "abc":
        history.remember(place)
    assert history.location == "c"
    assert history.back() and history.location == "b"
    assert history.back() and history.location == "a"
    assert not history.back() and history.location == "a"
    assert history.forward() and history.forward() and history.location == "c"
    assert not history.forward() and history.location == "c"


def test_remembering_after_going_back_drops_the_places_ahead() -> None:
    """Like a browser: a new place replaces the forward part of the history."""
    history: History[str] = History()
    for place in "abc":
        history.remember(place)
    history.back()
    history.back()
    history.remember("d")
    assert history.location == "d"
    assert not history.can_go_forward
    assert len(history) == 2
    assert history.back() and history.location == "a"


def test_the_current_place_again_is_no_new_entry() -> None:
    """Remembering where one is changes nothing (no double steps back)."""
    history: History[str] = History()
    history.remember("a")
    history.remember("b")
    history.remember("b")
    assert len(history) == 2
    assert history.back() and history.location == "a"


def test_a_full_history_forgets_the_oldest_place() -> None:
    """The deque is bounded: the oldest place goes, the cursor stays on the newest."""
    history: History[int] = History(limit=3)
    for place in range(5):
        history.remember(place)
    assert len(history) == 3
    assert history.location == 4
    assert history.back() and history.back() and history.location == 2
    assert not history.back()


def test_a_history_holds_at_least_one_place() -> None:
    """A limit below one is a programming error."""
    with pytest.raises(ValueError):
        History(limit=0)
