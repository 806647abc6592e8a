"""The search bar: the query input (searched as you type, after a short pause) and a line saying what was understood."""

from __future__ import annotations

from typing import ClassVar

from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.message import Message
from textual.timer import Timer
from textual.widgets import Input, Static

from newsbrowse.model import Sort
from newsbrowse.tui.formatting import SORT_LABELS, count
from newsbrowse.tui.keys import run_own_binding

# Search once typing pauses this long: short enough to feel instant, long enough to skip the keys of a
# fast typist (a search still running when the next starts is discarded).
DEBOUNCE_S = 0.05
PLACEHOLDER = 'Search: words, "a phrase", person:Ulyanov, date:2021-05, iran NOT russia …'


class QueryInput(Input):
    """The query input: editing keys act in the order typed, even in a burst; `?` in an empty bar opens the help."""

    BINDINGS: ClassVar[list[BindingType]] = [
        # The app's f1, here to be shown in the footer: Textual leaves out keys an input types, `?` among them.
        Binding("f1", "app.help(True)", "Help", id="search.help"),
    ]

    async def _on_key(self, event: events.Key) -> None:
        """`?` in an empty bar opens the help; an editing key's binding runs now; characters are typed."""
        if event.character == "?" and not self.value:
            event.stop()
            event.prevent_default()
            await self.app.run_action("help")
        elif not event.is_printable:
            await run_own_binding(self, event)  # when one ran, Input's own handler is skipped


class SearchBar(Vertical):
    """The query input and, under it, the count and the query as understood (or why it cannot be run)."""

    class Changed(Message):
        """The query changed and typing paused: search for it."""

        def __init__(self, query: str) -> None:
            super().__init__()
            self.query = query

    class Submitted(Message):
        """Enter was pressed: search now and move to the results."""

        def __init__(self, query: str) -> None:
            super().__init__()
            self.query = query

    def __init__(self, *, id: str | None = None, cursor_blink: bool = True) -> None:
        super().__init__(id=id)
        self._pause: Timer | None = None
        self._blink = cursor_blink

    def compose(self) -> ComposeResult:
        """The input and the status line."""
        field = QueryInput(placeholder=PLACEHOLDER, id="query", compact=True, select_on_focus=False)
        field.cursor_blink = self._blink
        yield field
        yield Static("", id="understood")

    def set_query(self, text: str) -> None:
        """Put a query in the input without searching for it (the caller does)."""
        field = self.query_one(Input)
        with field.prevent(Input.Changed):
            field.value = text
        field.cursor_position = len(text)

    def focus_input(self) -> None:
        """Move the focus to the input."""
        self.query_one(Input).focus()

    @on(Input.Changed, "#query")
    def _typed(self, event: Input.Changed) -> None:
        """Wait for a pause in the typing before searching."""
        event.stop()
        if self._pause is not None:
            self._pause.stop()
        self._pause = self.set_timer(DEBOUNCE_S, lambda: self.post_message(self.Changed(event.value)))

    @on(Input.Submitted, "#query")
    def _entered(self, event: Input.Submitted) -> None:
        """Search now."""
        event.stop()
        if self._pause is not None:
            self._pause.stop()
        self.post_message(self.Submitted(event.value))

    def _status(self, text: str, error: bool = False) -> None:
        """Set the line under the input."""
        status = self.query_one("#understood", Static)
        status.update(Content(text))
        status.set_class(error, "-error")

    def show_understood(self, total: int, exact: bool, understood: str, sort: Sort, dated: bool = True) -> None:
        """Show the count, the query as understood and the order ("31 articles · ulyanov AND vienna · by relevance").

        `dated` False: none of the hits shown has a date, so a date order is no order.
        """
        number = count(total, "article") if exact else "about " + count(total, "article")
        order = SORT_LABELS[sort] if dated or sort == "relevance" else "undated: in archive order"
        self._status(f"{number} · {understood} · {order}")

    def show_error(self, message: str) -> None:
        """Why the query cannot be run (the parser's words)."""
        self._status(message, error=True)

    def show_hint(self, text: str) -> None:
        """A neutral line: what the archive holds, or what is happening."""
        self._status(text)
