"""The results pane: the hits of a search, a page at a time, with their snippets highlighted."""

from __future__ import annotations

from typing import ClassVar

from textual.binding import Binding, BindingType
from textual.content import Content, Span
from textual.message import Message
from textual.reactive import reactive
from textual.widgets.option_list import Option

from newsbrowse.marks import Marks
from newsbrowse.model import Hit, SearchResults, Sort
from newsbrowse.tui.formatting import SORT_LABELS, clip, count, day, marks_label
from newsbrowse.tui.widgets.lists import PagedList

SNIPPET_LINES = 3
TITLE_LINES = 2
SUGGESTION = "suggestion"
_NEXT_SORT: dict[Sort, Sort] = {"relevance": "date", "date": "oldest", "oldest": "relevance"}


class ResultList(PagedList[Hit]):
    """The hits of the current search; Enter opens one, `s` orders them by relevance, newest or oldest first."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "select", "Open", tooltip="Read the article in the reader", id="results.open"),
        Binding(
            "c",
            "copies",
            "Copies",
            tooltip="List the near-copies folded into this result, to open one",
            id="results.copies",
        ),
        Binding(
            "s",
            "toggle_sort",
            "Sort",
            tooltip="Order the results by relevance, newest or oldest first",
            id="results.sort",
        ),
    ]

    COMPONENT_CLASSES: ClassVar[set[str]] = {"results--title", "results--meta", "results--match", "results--note"}

    sort: reactive[Sort] = reactive("relevance")

    class Opened(Message):
        """A hit was chosen: open its article."""

        def __init__(self, hit: Hit) -> None:
            super().__init__()
            self.hit = hit

    class CopiesAsked(Message):
        """The near-copies of a hit were asked for."""

        def __init__(self, hit: Hit) -> None:
            super().__init__()
            self.hit = hit

    class SuggestionChosen(Message):
        """The "did you mean" query was chosen: search for it."""

        def __init__(self, query: str) -> None:
            super().__init__()
            self.query = query

    class SortChanged(Message):
        """The order of the results was switched."""

        def __init__(self, sort: Sort) -> None:
            super().__init__()
            self.sort = sort

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.suggestion: str | None = None
        self.marks: dict[str, Marks] = {}  # the user's marks, shown on the hits

    def on_mount(self) -> None:
        """Start with a title and the order shown."""
        self.border_title = "Results"
        self.watch_sort(self.sort)

    def prompt(self, item: Hit, width: int) -> Content:
        """Title, date, source and section, and the snippet with the matched words marked."""
        title, _ = clip(item.title or "(no title)", (), width, TITLE_LINES)
        marked = marks_label(self.marks.get(item.id))
        copies = f"+{count(len(item.copies), 'copy', 'copies')} (c)" if item.copies else None
        facts = " · ".join(
            part for part in (marked, day(item.published), item.source, item.section, copies, item.also()) if part
        )
        meta, _ = clip(facts, (), width, 1)
        snippet, marks = clip(item.snippet, item.highlights, width, SNIPPET_LINES)
        match = self.style("results--match")
        return Content.assemble(
            (title, self.style("results--title")),
            "\n",
            (meta, self.style("results--meta")),
            "\n",
            Content(snippet, [Span(start, end, match) for start, end in marks]),
        )

    def chosen(self, item: Hit) -> Message:
        """Open the hit's article."""
        return self.Opened(item)

    def note_chosen(self, note_id: str) -> Message | None:
        """Search for the suggestion."""
        return self.SuggestionChosen(self.suggestion) if note_id == SUGGESTION and self.suggestion else None

    def show(self, results: SearchResults) -> None:
        """Show a search's first page; when nothing matches, say so and offer the suggestion."""
        self.suggestion = results.suggestion
        notes = [Option(Content.styled("No articles match.", self.style("results--note")), disabled=True)]
        if results.suggestion:
            notes.append(
                Option(
                    Content.assemble("Did you mean ", (results.suggestion, self.style("results--match")), "?"),
                    id=SUGGESTION,
                )
            )
        self.set_items(results.hits, results.total, notes)
        self._title(results.total, results.exact)

    def show_note(self, text: str) -> None:
        """Show a line of explanation instead of results (before the first search, while indexing)."""
        self.suggestion = None
        self.set_items([], 0, [Option(Content.styled(text, self.style("results--note")), disabled=True)])
        self.border_title = "Results"

    def set_total(self, total: int) -> None:
        """The exact count, once known."""
        self.total = max(total, len(self.items))
        self._title(total, exact=True)

    def _title(self, total: int, exact: bool) -> None:
        """The count of the articles holding every word, then the partial matches shown below them."""
        self.border_title = f"Results {total:,}" if exact else f"Results ~{total:,}"
        partial = sum(1 for hit in self.items if hit.partial)
        if partial:
            self.border_title += f" + {partial:,} partial"

    def watch_sort(self, sort: Sort) -> None:
        """Show the order under the list."""
        self.border_subtitle = f"s: {SORT_LABELS[sort]}"

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Sorting and opening need hits (Enter still takes a suggestion)."""
        if action == "toggle_sort":
            return True if self.items else None
        if action == "select":
            return True if self.highlighted_option is not None else None
        if action == "copies":
            hit = self.highlighted_item
            return True if hit is not None and hit.copies else None
        return True

    def action_copies(self) -> None:
        """Ask for the highlighted hit's near-copies."""
        hit = self.highlighted_item
        if hit is not None and hit.copies:
            self.post_message(self.CopiesAsked(hit))

    def action_toggle_sort(self) -> None:
        """Go to the next order: relevance, newest first, oldest first, relevance again."""
        self.sort = _NEXT_SORT[self.sort]
        self.post_message(self.SortChanged(self.sort))
