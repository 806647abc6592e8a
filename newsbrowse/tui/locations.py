"""The places a person can be in the browser (what back/forward steps through) and the message that goes there."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from textual.message import Message

from newsbrowse.model import Sort
from newsbrowse.tui.formatting import Span

EntityView = Literal["mentions", "quotes", "related"]


@dataclass(frozen=True, slots=True)
class SearchAt:
    """A search: the query as typed and the order of the results."""

    query: str
    sort: Sort = "relevance"


@dataclass(frozen=True, slots=True)
class ArticleAt:
    """An article, with the query whose words it highlights or the spans to step through.

    `marks` (offsets into the body) win over the query's words; `current` is the mark
    shown first.
    """

    article_id: str
    query: str = ""
    marks: tuple[Span, ...] = ()
    current: int | None = None


@dataclass(frozen=True, slots=True)
class EntityAt:
    """An entity across the archive: every sentence mentioning it, every quote of it, or the entities named with it."""

    name: str
    view: EntityView = "mentions"


Location = SearchAt | ArticleAt | EntityAt


class Navigate(Message):
    """Go to a place (and remember it in the history); `show=False` only remembers it."""

    def __init__(self, location: Location, show: bool = True) -> None:
        super().__init__()
        self.location = location
        self.show = show
