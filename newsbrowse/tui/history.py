"""Back/forward history: a bounded list of places and a cursor, knowing nothing of the UI."""

from __future__ import annotations

from collections import deque
from typing import Generic, TypeVar

T = TypeVar("T")

HISTORY_LIMIT = 200


class History(Generic[T]):
    """The places visited, oldest first, with the current one; like a web browser's.

    Remembering a new place drops the places ahead of the cursor; when the list is
    full the oldest place is forgotten.
    """

    def __init__(self, limit: int = HISTORY_LIMIT) -> None:
        if limit < 1:
            raise ValueError("a history holds at least one place")
        self._places: deque[T] = deque(maxlen=limit)
        self._cursor = -1

    def __len__(self) -> int:
        """How many places are remembered."""
        return len(self._places)

    @property
    def location(self) -> T | None:
        """The current place, or None before the first one."""
        return self._places[self._cursor] if self._places else None

    @property
    def can_go_back(self) -> bool:
        """Whether there is a place before the current one."""
        return self._cursor > 0

    @property
    def can_go_forward(self) -> bool:
        """Whether there is a place after the current one."""
        return self._cursor < len(self._places) - 1

    def remember(self, place: T) -> None:
        """Make `place` the current place, dropping those ahead; the current place again is no new entry."""
        if self._places and self._places[self._cursor] == place:
            return
        while len(self._places) > self._cursor + 1:
            self._places.pop()
        self._places.append(place)
        self._cursor = len(self._places) - 1

    def back(self) -> bool:
        """Step to the previous place; False (and no move) at the oldest."""
        if not self.can_go_back:
            return False
        self._cursor -= 1
        return True

    def forward(self) -> bool:
        """Step to the next place; False (and no move) at the newest."""
        if not self.can_go_forward:
            return False
        self._cursor += 1
        return True
