"""A list of items shown a page at a time: options are made only as the highlight comes near them."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Generic, TypeVar

from textual.content import Content
from textual.message import Message
from textual.style import Style
from textual.widgets import OptionList
from textual.widgets.option_list import Option

T = TypeVar("T")

# Options made at once; more come when the highlight is this close to the last one.
PAGE = 50
NEAR_END = 10


def next_enabled(options: Sequence[Option], highlighted: int | None, direction: int) -> int | None:
    """The next enabled option up (-1) or down (1) from the highlight, which stays put at either end.

    Textual's option lists go round from the last option to the first: in a list that
    arrives a page at a time, Down on the last hit jumped back to the first.
    """
    start = highlighted if highlighted is not None else -1 if direction > 0 else len(options)
    order = range(start + 1, len(options)) if direction > 0 else range(start - 1, -1, -1)
    return next((index for index in order if not options[index].disabled), highlighted)


class PagedList(OptionList, Generic[T]):
    """An option list over items that may arrive in pages (`total` says how many there are in all).

    Items beyond those held are asked for with `NeedMore`; items held but not yet shown
    become options a page at a time, so a list of 10,000 stays quick. Subclasses say
    how an item looks (`prompt`) and what choosing one means (`chosen`).
    """

    class NeedMore(Message):
        """The highlight is near the end of what is held: send items from `offset` on."""

        def __init__(self, paged: PagedList[Any], offset: int) -> None:
            super().__init__()
            self.paged = paged
            self.offset = offset

        @property
        def control(self) -> PagedList[Any]:
            """The list that asks."""
            return self.paged

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.items: list[T] = []
        self.total = 0
        self._shown = 0
        self._asked = False
        self._width = 0
        self._styles: dict[str, Style] = {}

    # What subclasses say

    def prompt(self, item: T, width: int) -> Content:
        """How an item looks in a list `width` cells wide."""
        raise NotImplementedError

    def chosen(self, item: T) -> Message | None:
        """The message to post when an item is chosen (None: nothing to say)."""
        return None

    def note_chosen(self, note_id: str) -> Message | None:
        """The message to post when a note with an id (not an item) is chosen."""
        return None

    def style(self, name: str) -> Style:
        """The style of a prompt part, from the component class `name` in the stylesheet."""
        if name not in self._styles:
            self._styles[name] = self.get_visual_style(name, partial=True)
        return self._styles[name]

    def notify_style_update(self) -> None:
        """Make the prompts again when the theme changed their colours."""
        super().notify_style_update()
        old = dict(self._styles)
        self._styles.clear()
        if old and any(self.style(name) != style for name, style in old.items()):
            self.refresh_prompts()

    def action_cursor_down(self) -> None:
        """Down to the next item; the last one stays highlighted."""
        self.highlighted = next_enabled(self.options, self.highlighted, 1)

    def action_cursor_up(self) -> None:
        """Up to the previous item; the first one stays highlighted."""
        self.highlighted = next_enabled(self.options, self.highlighted, -1)

    # Items

    @property
    def highlighted_item(self) -> T | None:
        """The item under the highlight, if any."""
        option = self.highlighted_option
        if option is None or option.id is None or not option.id.isdigit():
            return None
        return self.items[int(option.id)]

    def set_items(self, items: Sequence[T], total: int | None = None, notes: Sequence[Option] = ()) -> None:
        """Show these items (the first of `total`), or the `notes` (e.g. "nothing found") when there are none."""
        self.items = list(items)
        self.total = len(self.items) if total is None else max(total, len(self.items))
        self._shown = 0
        self._asked = False
        self.clear_options()
        if not self.items:
            self.add_options(notes)
        self._show_more()
        self.highlighted = next((i for i, option in enumerate(self.options) if not option.disabled), None)
        self.scroll_home(animate=False)

    def add_items(self, items: Sequence[T]) -> None:
        """Items that follow those held (an answer to NeedMore)."""
        self.items.extend(items)
        self._asked = False
        if not items:  # the source has fewer than it said
            self.total = len(self.items)
        self._show_more()

    def _show_more(self) -> None:
        """Make options for the next page of held items."""
        width = self._prompt_width()
        if not width:
            self._width = 0  # not laid out yet, or hidden: on_resize makes them when the list is shown
            return
        page = self.items[self._shown : self._shown + PAGE]
        options: list[Option | None] = []
        for index, item in enumerate(page, self._shown):
            options += [Option(self.prompt(item, width), id=str(index)), None]  # None: a rule between items
        self.add_options(options)
        self._shown += len(page)

    def _prompt_width(self) -> int:
        """The width prompts are made for (0 before layout)."""
        padding = self.get_component_styles("option-list--option").padding
        return max(0, self.scrollable_content_region.width - padding.width)

    def refresh_prompts(self) -> None:
        """Make the shown options again (after a resize or a change of theme)."""
        highlighted = self.highlighted
        shown, self._shown = max(self._shown, 1), 0  # at least a page: there were none before the first layout
        notes = [] if self.items else list(self.options)
        self.clear_options()
        self.add_options(notes)
        while self._shown < min(shown, len(self.items)):
            self._show_more()
        if highlighted is None and self.items:
            highlighted = 0
        self.highlighted = highlighted

    def on_resize(self) -> None:
        """Prompts are cut to the width: make them again when it changes."""
        width = self._prompt_width()
        if width and width != self._width:
            self._width = width
            self.refresh_prompts()

    def watch_highlighted(self, highlighted: int | None) -> None:
        """Show more options, or ask for more items, when the highlight nears the end."""
        super().watch_highlighted(highlighted)
        if highlighted is None or highlighted < self.option_count - NEAR_END:
            return
        if self._shown < len(self.items):
            self._show_more()
        elif len(self.items) < self.total and not self._asked:
            self._asked = True
            self.post_message(self.NeedMore(self, len(self.items)))

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        """Turn the chosen option into the subclass's message."""
        event.stop()
        option_id = event.option.id
        if option_id is None:
            return
        message = self.chosen(self.items[int(option_id)]) if option_id.isdigit() else self.note_chosen(option_id)
        if message is not None:
            self.post_message(message)
