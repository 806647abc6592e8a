"""The help screen: every key, generated from the bindings so it cannot drift from them."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static

from newsbrowse.tui.keys import KeyRow

ABOUT = (
    'Queries: words (all must match), "a phrase", OR, NOT, ( ), prefix*, fuzzy~, '
    "fields title: person: org: place: entity: speaker: source: lang:, "
    "dates date:2021-05, date:[2021-05-01 to 2021-06-30], date:>2021."
)


class HelpScreen(ModalScreen[None]):
    """Every key by where it works; Escape or ? closes."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,question_mark,f1", "dismiss", "Close", id="help.close"),
    ]

    def __init__(self, sections: list[tuple[str, list[KeyRow]]]) -> None:
        super().__init__()
        self.sections = sections

    def compose(self) -> ComposeResult:
        """One table of keys per section, then the query language."""
        with VerticalScroll(id="help"):
            for title, rows in self.sections:
                if not rows:
                    continue
                yield Static(Content(title), classes="help-title")
                width = max(len(row.keys) for row in rows)
                lines = [
                    Content.assemble(
                        (row.keys.ljust(width), "bold"),
                        "  ",
                        row.action,
                        (f" · {row.detail}" if row.detail else "", "dim"),
                    )
                    for row in rows
                ]
                yield Static(Content("\n").join(lines), classes="help-keys")
            yield Static(Content("Searching"), classes="help-title")
            yield Static(Content(ABOUT), classes="help-keys")

    def on_mount(self) -> None:
        """Titled, scrollable by keyboard."""
        help_box = self.query_one("#help")
        help_box.border_title = "Keys"
        help_box.border_subtitle = "esc to close"
        help_box.focus()
