"""A dialog to choose one of a list with headings (facets, months of a timeline, near-copies)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from newsbrowse.listings import FACET_NAMES, bar
from newsbrowse.model import Facets

# A choice: what the list shows, and what choosing it returns (None: a heading, not a choice).
Choice = tuple[str | Content, str | None]


class ChoiceScreen(ModalScreen[str | None]):
    """A titled list; Enter returns the chosen line's value, Escape nothing."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "dismiss", "Close", id="choice.close")]

    def __init__(self, title: str, choices: Sequence[Choice], note: str = "enter to choose · esc to close") -> None:
        super().__init__()
        self.title_text = title
        self.choices = list(choices)
        self.note = note

    def compose(self) -> ComposeResult:
        """The list of choices (headings greyed out) in a box."""
        with Vertical(id="choice"):
            yield OptionList(
                *(
                    Option(label, id=str(number), disabled=value is None)
                    for number, (label, value) in enumerate(self.choices)
                ),
                id="choice-list",
            )

    def on_mount(self) -> None:
        """Title the box and focus the list on its first choice."""
        box = self.query_one("#choice")
        box.border_title = self.title_text
        box.border_subtitle = self.note
        options = self.query_one(OptionList)
        options.focus()
        first = next((number for number, (_, value) in enumerate(self.choices) if value is not None), None)
        options.highlighted = first

    @on(OptionList.OptionSelected)
    def _chosen(self, message: OptionList.OptionSelected) -> None:
        """Return the chosen line's value."""
        message.stop()
        self.dismiss(self.choices[int(message.option_id or 0)][1])


# The query field each facet's values narrow a search by.
_FACET_FIELDS = {
    "month": "date",
    "source": "source",
    "section": "section",
    "person": "person",
    "org": "org",
    "place": "place",
}


def facet_choices(facets: Facets) -> list[Choice]:
    """The facets as choices: a heading per facet, then its values with their counts (months with a bar);
    each value's choice is the query condition it adds."""
    choices: list[Choice] = []
    for key, heading in FACET_NAMES.items():
        values: tuple[tuple[str, int], ...] = getattr(facets, key)
        if not values:
            continue
        field = _FACET_FIELDS.get(key)
        choices.append((Content.styled(heading, "bold"), None))
        most = max(count for _, count in values)
        for value, count in values:
            shown = f"  {value}  {count:>6,}  {bar(count, most, 24)}" if key == "month" else f"  {value} ({count:,})"
            condition = None if field is None else f"{field}:{value}" if key == "month" else f'{field}:"{value}"'
            choices.append((shown, condition))
    if not choices:
        choices.append(("No facets: the results have no dates, sources or names.", None))
    return choices
