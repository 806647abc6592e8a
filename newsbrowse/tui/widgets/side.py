"""The side panel: the entities of the article (or of the archive) by type, and the article's quotes."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from textual import events
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.message import Message
from textual.reactive import reactive
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from newsbrowse.model import Entity, EntitySummary, EntityType, Quote
from newsbrowse.tui.formatting import clip
from newsbrowse.tui.keys import run_own_binding
from newsbrowse.tui.widgets.lists import PagedList, next_enabled

GROUPS: dict[EntityType, str] = {"person": "People", "org": "Organisations", "place": "Places", "other": "Other"}
QUOTE_LINES = 4
# The option ids of entities listed from the archive under an article's own.
_ELSEWHERE = "archive-"


@dataclass(frozen=True, slots=True)
class EntityRow:
    """An entity as the list shows it: its name, type, a count, and the other names it goes by."""

    name: str
    type: EntityType
    count: int
    aliases: tuple[str, ...] = ()

    @classmethod
    def of_article(cls, entity: Entity) -> EntityRow:
        """An entity of one article, counted by mentions."""
        return cls(entity.name, entity.type, len(entity.mentions), entity.aliases)

    @classmethod
    def of_archive(cls, summary: EntitySummary) -> EntityRow:
        """An entity of the archive, counted by articles."""
        return cls(summary.name, summary.type, summary.articles, summary.aliases)

    def matches(self, text: str) -> bool:
        """Whether the filter text is part of the name or of another name it goes by."""
        folded = text.casefold()
        return any(folded in name.casefold() for name in (self.name, *self.aliases))


class EntityList(OptionList):
    """Entities grouped by type with counts; typing filters, Enter opens the mentions view."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "enter", "select", "Mentions", tooltip="Every sentence in the archive that names it", id="entities.open"
        ),
        Binding(
            "backspace", "erase", "Erase", show=False, tooltip="Remove the filter's last letter", id="entities.erase"
        ),
        Binding(
            "escape", "clear_filter", "Clear filter", show=False, tooltip="Show every entity again", id="entities.clear"
        ),
        Binding(
            "ctrl+e",
            "correct",
            "Correct",
            tooltip="Merge, rename, alias, split, hide or retype it; kept in the corrections file",
            id="entities.correct",
        ),
    ]

    COMPONENT_CLASSES: ClassVar[set[str]] = {"entities--group", "entities--count", "entities--match"}

    filter: reactive[str] = reactive("", init=False)

    class Chosen(Message):
        """An entity was chosen: open its mentions view."""

        def __init__(self, name: str) -> None:
            super().__init__()
            self.name = name

    class CorrectAsked(Message):
        """The user wants to correct an entity: open the correction dialog."""

        def __init__(self, name: str) -> None:
            super().__init__()
            self.name = name

    class Filtered(Message):
        """The filter changed while the list shows the archive's entities: fetch those that fit."""

        def __init__(self, text: str) -> None:
            super().__init__()
            self.text = text

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.rows: list[EntityRow] = []
        self.of_archive = True
        # While an article's entities are filtered: the archive's that fit too (counted by articles).
        self.elsewhere: list[EntityRow] = []

    def show_rows(self, rows: list[EntityRow], of_archive: bool, keep_filter: bool = False) -> None:
        """Show an article's entities (filtered here) or the archive's (filtered by whoever fetches them)."""
        self.rows = rows
        self.of_archive = of_archive
        self.elsewhere = []
        if not keep_filter:
            self.set_reactive(EntityList.filter, "")
        self._rebuild()

    def show_elsewhere(self, rows: list[EntityRow]) -> None:
        """The archive's entities that fit the filter, listed under the article's own."""
        shown = {row.name for row in self.rows}
        self.elsewhere = [row for row in rows if row.name not in shown]
        self._rebuild()

    def _passes(self, row: EntityRow) -> bool:
        """Whether a row passes the filter (the archive's rows are fetched already filtered)."""
        return self.of_archive or not self.filter or row.matches(self.filter)

    def _prompt(self, row: EntityRow) -> Content:
        """`  12  Mikhail Ulyanov`, with the filter's match marked."""
        name = Content(row.name)
        position = row.name.casefold().find(self.filter.casefold()) if self.filter else -1
        if position >= 0:
            name = name.stylize(
                self.get_visual_style("entities--match", partial=True), position, position + len(self.filter)
            )
        return Content.assemble((f"{row.count:>4} ", self.get_visual_style("entities--count", partial=True)), name)

    def _rebuild(self) -> None:
        """Make the options: a heading per type, then its entities."""
        options: list[Option] = []
        group_style = self.get_visual_style("entities--group", partial=True)
        for type_, label in GROUPS.items():
            members = [(index, row) for index, row in enumerate(self.rows) if row.type == type_ and self._passes(row)]
            if not members:
                continue
            options.append(Option(Content.styled(f"{label} {len(members)}", group_style), disabled=True))
            options += [Option(self._prompt(row), id=str(index)) for index, row in members]
        if not options and not self.elsewhere:
            note = f"No entity matches “{self.filter}”." if self.filter else "No entities."
            options.append(Option(Content(note), disabled=True))
        if self.elsewhere and self.filter:
            heading = f"In the archive {len(self.elsewhere)} · articles"
            options.append(Option(Content.styled(heading, group_style), disabled=True))
            options += [Option(self._prompt(row), id=f"{_ELSEWHERE}{i}") for i, row in enumerate(self.elsewhere)]
        self.set_options(options)
        first = next((i for i, option in enumerate(self.options) if not option.disabled), None)
        self.highlighted = first
        # What the numbers count: articles naming each entity, or its mentions in the article.
        self.border_title = "articles per name" if self.of_archive else "mentions per name"
        where = "in the archive" if self.of_archive else ""
        self.border_subtitle = f"filter: {self.filter}▏" if self.filter else f"type to filter {where}".strip()

    @property
    def highlighted_row(self) -> EntityRow | None:
        """The entity under the highlight."""
        option = self.highlighted_option
        if option is None or option.id is None:
            return None
        if option.id.startswith(_ELSEWHERE):
            return self.elsewhere[int(option.id.removeprefix(_ELSEWHERE))]
        return self.rows[int(option.id)]

    def watch_filter(self) -> None:
        """Filter the rows held, and ask for the archive's that fit (an article's own come first)."""
        if not self.filter:
            self.elsewhere = []
        if self.of_archive or self.filter:
            self.post_message(self.Filtered(self.filter))
        self._rebuild()

    async def _on_key(self, event: events.Key) -> None:
        """Printable keys type into the filter (/, ?, [ and ] keep their meaning everywhere)."""
        if event.is_printable and event.character and event.character not in "/?[]":
            event.stop()
            event.prevent_default()
            self.filter += event.character
            return
        await run_own_binding(self, event)  # backspace in a burst of letters keeps its place

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Escape and backspace act on the filter only when there is one (else Escape steps back)."""
        if action in ("clear_filter", "erase"):
            return bool(self.filter)
        if action in ("select", "correct"):
            return True if self.highlighted_row is not None else None
        return True

    def action_correct(self) -> None:
        """Ask for the correction dialog on the highlighted entity."""
        row = self.highlighted_row
        if row is not None:
            self.post_message(self.CorrectAsked(row.name))

    def action_cursor_down(self) -> None:
        """Down to the next entity; the last one stays highlighted."""
        self.highlighted = next_enabled(self.options, self.highlighted, 1)

    def action_cursor_up(self) -> None:
        """Up to the previous entity; the first one stays highlighted."""
        self.highlighted = next_enabled(self.options, self.highlighted, -1)

    def action_erase(self) -> None:
        """Remove the last letter of the filter."""
        self.filter = self.filter[:-1]

    def action_clear_filter(self) -> None:
        """Show every entity again."""
        self.filter = ""

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        """Open the chosen entity's mentions view."""
        event.stop()
        row = self.highlighted_row
        if row is not None:
            self.post_message(self.Chosen(row.name))


class QuoteList(PagedList[Quote]):
    """The article's quotes with their speakers; Enter scrolls the reader to one."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "select", "Go to quote", tooltip="Scroll the reader to the quote", id="quotes.open"),
    ]

    COMPONENT_CLASSES: ClassVar[set[str]] = {"quotes--speaker", "quotes--text"}

    class Chosen(Message):
        """A quote was chosen: scroll the reader to it."""

        def __init__(self, quote: Quote) -> None:
            super().__init__()
            self.quote = quote

    def prompt(self, item: Quote, width: int) -> Content:
        """The speaker, then the quote."""
        text, _ = clip(f"“{item.text}”", (), width, QUOTE_LINES)
        return Content.assemble(
            (item.speaker or "unattributed", self.style("quotes--speaker")), "\n", (text, self.style("quotes--text"))
        )

    def chosen(self, item: Quote) -> Message:
        """Scroll the reader to the quote."""
        return self.Chosen(item)

    def show_quotes(self, quotes: list[Quote]) -> None:
        """Show an article's quotes (a note when it has none)."""
        self.set_items(quotes, notes=[Option("No quotes in this article.", disabled=True)])
