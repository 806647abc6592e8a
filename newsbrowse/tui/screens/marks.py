"""Small dialogs for the user's own marks and lists: one line asked for (a tag, a search's name, a file),
an article's note in an editor, and a list to choose from (saved searches, a batch's rows)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar, Generic, TypeVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Input, OptionList, Static, TextArea
from textual.widgets.option_list import Option

from newsbrowse.batch import BatchRow
from newsbrowse.marks import SavedStatus
from newsbrowse.tui.formatting import count, day

T = TypeVar("T")


class AskScreen(ModalScreen[str | None]):
    """One line asked for: Enter gives it, Escape cancels."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "dismiss(None)", "Cancel", id="ask.cancel")]

    def __init__(self, title: str, question: str, value: str = "") -> None:
        super().__init__()
        self.title_text = title
        self.question = question
        self.value = value

    def compose(self) -> ComposeResult:
        """The question over the field."""
        with Vertical(classes="dialog"):
            yield Static(Content(self.question), classes="dialog-question")
            yield Input(self.value, id="ask-value", compact=True)

    def on_mount(self) -> None:
        """A title on the box, the field focused."""
        box = self.query_one(".dialog")
        box.border_title = self.title_text
        box.border_subtitle = "enter to save · esc to cancel"
        self.query_one(Input).focus()

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        """Give the line typed."""
        event.stop()
        self.dismiss(event.value)


class NoteScreen(ModalScreen[str | None]):
    """An article's note: ctrl+s saves (an empty note removes it), Escape leaves it as it was."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", "Save note", priority=True, id="note.save"),
        Binding("escape", "dismiss(None)", "Cancel", id="note.cancel"),
    ]

    def __init__(self, title: str, note: str) -> None:
        super().__init__()
        self.article_title = title
        self.note = note

    def compose(self) -> ComposeResult:
        """The article's title over the editor."""
        with Vertical(classes="dialog", id="note-box"):
            yield Static(Content(self.article_title), classes="dialog-question")
            yield TextArea(self.note, id="note-text", soft_wrap=True, show_line_numbers=False)

    def on_mount(self) -> None:
        """A title on the box, the editor focused at the end."""
        box = self.query_one(".dialog")
        box.border_title = "Note"
        box.border_subtitle = "ctrl+s to save · esc to cancel · kept beside the index"
        editor = self.query_one(TextArea)
        editor.focus()
        editor.move_cursor(editor.document.end)

    def action_save(self) -> None:
        """Give the text written."""
        self.dismiss(self.query_one(TextArea).text)


class PickScreen(ModalScreen[T | None], Generic[T]):
    """A list to choose from: Enter gives the item, Escape cancels."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "dismiss(None)", "Close", id="pick.close")]

    def __init__(self, title: str, options: Sequence[tuple[Content, T]], empty: str, hint: str = "") -> None:
        super().__init__()
        self.title_text = title
        self.options = list(options)
        self.empty = empty
        self.hint = hint

    def compose(self) -> ComposeResult:
        """The list (or the line saying it is empty)."""
        with Vertical(classes="dialog", id="pick-box"):
            if self.hint:
                yield Static(Content(self.hint), classes="dialog-question")
            items = [Option(label, id=str(i)) for i, (label, _) in enumerate(self.options)]
            yield OptionList(*(items or [Option(Content(self.empty), disabled=True)]), id="pick-list")

    def on_mount(self) -> None:
        """A title on the box, the list focused."""
        box = self.query_one(".dialog")
        box.border_title = self.title_text
        box.border_subtitle = "enter to open · esc to close"
        self.query_one(OptionList).focus()

    @on(OptionList.OptionSelected)
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        """Give the item chosen."""
        event.stop()
        if event.option.id is not None:
            self.dismiss(self.options[int(event.option.id)][1])


def saved_option(status: SavedStatus) -> Content:
    """A saved search as the list shows it: name, query, articles and new ones."""
    if status.error:
        facts = f"the query no longer works: {status.error}"
    else:
        facts = count(status.matches, "article") + (f" · {status.new:,} new" if status.new else "")
    return Content.assemble((status.search.name, "bold"), f"  {status.search.query}\n", (facts, "dim"))


def batch_option(row: BatchRow) -> Content:
    """A batch row as the list shows it: the line, what it was found as, articles, first and last dates."""
    span = f" · {day(row.first)} – {day(row.last)}" if row.articles and row.first else ""
    facts = f"{count(row.articles, 'article')}{span} · {row.found_as()}"
    return Content.assemble((row.text, "bold"), "\n", (facts, "dim"))
