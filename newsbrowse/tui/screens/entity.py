"""The mentions view: every sentence in the archive naming an entity, or every quote of it, with its months."""

from __future__ import annotations

from collections.abc import Callable
from typing import ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.message import Message
from textual.widgets import ContentSwitcher
from textual.widgets.option_list import Option
from textual.worker import get_current_worker

from newsbrowse.archive import Archive
from newsbrowse.errors import NewsbrowseError, QueryError
from newsbrowse.model import EntitySummary, MentionHit, QuoteHit, Related
from newsbrowse.tui.failures import ReportingScreen
from newsbrowse.tui.formatting import count
from newsbrowse.tui.locations import ArticleAt, EntityAt, EntityView, Navigate
from newsbrowse.tui.screens.correct import Corrected, CorrectScreen
from newsbrowse.tui.widgets.entity import EntityHeader, MentionList, RelatedList, SaidList
from newsbrowse.tui.widgets.footer import Footer

# Entities with at most this many mentions are fetched on the event loop (about 40 ms for 1,000
# in a 100k archive): a thread worker competes with the drawing of the new screen for the GIL,
# and took three times as long to fill the list.
FETCH_NOW_MENTIONS = 2000


class EntityScreen(ReportingScreen):
    """One entity across the archive; Escape goes back to where it was opened from."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "escape", "app.history_back", "Close", tooltip="Back to where the entity was opened from", id="entity.back"
        ),
        Binding("m", "view('mentions')", "Mentions", tooltip="Every sentence naming it", id="entity.mentions"),
        Binding(
            "q",
            "view('quotes')",
            "Quotes by",
            tooltip="Every quote of this person across the archive",
            id="entity.quotes",
        ),
        Binding(
            "r", "view('related')", "Related", tooltip="The entities most often named with it", id="entity.related"
        ),
        Binding(
            "c",
            "correct",
            "Correct",
            tooltip="Merge, rename, alias, split, hide or retype it; kept in the corrections file",
            id="entity.correct",
        ),
    ]

    class Loaded(Message):
        """What the archive holds about the entity."""

        def __init__(
            self,
            name: str,
            summary: EntitySummary | None,
            mentions: list[MentionHit],
            months: list[tuple[str, int]],
            problem: str | None = None,
        ) -> None:
            super().__init__()
            self.name = name
            self.summary = summary
            self.mentions = mentions
            self.months = months
            self.problem = problem

    class QuotesLoaded(Message):
        """What the entity said across the archive (fetched after the mentions, which show first)."""

        def __init__(self, name: str, quotes: list[QuoteHit]) -> None:
            super().__init__()
            self.name = name
            self.quotes = quotes

    class RelatedLoaded(Message):
        """The entities named with it (fetched last)."""

        def __init__(self, name: str, related: list[Related]) -> None:
            super().__init__()
            self.name = name
            self.related = related

    def __init__(self, archive: Archive, place: EntityAt) -> None:
        super().__init__()
        self.archive = archive
        self.place = place
        self.loaded: EntityScreen.Loaded | None = None

    def compose(self) -> ComposeResult:
        """Header, the two lists (one shown), footer."""
        with Vertical(id="entity"):
            yield EntityHeader(id="entity-header")
            with ContentSwitcher(initial="mentions", id="entity-lists"):
                yield MentionList(id="mentions")
                yield SaidList(id="said")
                yield RelatedList(id="related")
        yield Footer()

    def on_mount(self) -> None:
        """Fetch the entity."""
        self.show(self.place)

    def show(self, place: EntityAt) -> None:
        """Show an entity (fetching it if it is another one) in the view asked for."""
        if self.loaded is None or self.loaded.name != place.name:
            self.loaded = None
            self._fetch(place.name)
        self.place = place
        self._switch(place.view)

    def _fetch(self, name: str) -> None:
        """Fetch the entity: on the spot when it has few mentions, else (or on any failure) in a thread worker."""
        try:
            summary = self.archive.entity(name)
            if summary is not None and summary.mentions <= FETCH_NOW_MENTIONS:
                self.workers.cancel_group(self, "entity")
                self._post(name, summary, lambda: False)
                return
        except NewsbrowseError:
            pass  # the worker meets it again and reports it (or the ambiguity) the usual way
        self._load(name)

    @work(thread=True, exclusive=True, exit_on_error=False, group="entity", name="entity")
    def _load(self, name: str) -> None:
        """Everything about the entity, off the event loop."""
        worker = get_current_worker()
        try:
            summary = self.archive.entity(name)
        except QueryError as err:  # a name that fits several entities
            self.post_message(self.Loaded(name, None, [], [], str(err)))
            return
        self._post(name, summary, lambda: worker.is_cancelled)

    def _post(self, name: str, summary: EntitySummary | None, cancelled: Callable[[], bool]) -> None:
        """Post what the archive holds about the entity: the mentions first, then the quotes."""
        if summary is None:
            self.post_message(self.Loaded(name, None, [], [], "not in the archive (any more)"))
            return
        mentions = self.archive.mentions(summary.name)
        months = self.archive.mention_months(summary.name)
        if cancelled():
            return
        self.post_message(self.Loaded(name, summary, mentions, months))
        quotes = self.archive.quotes(speaker=summary.name)
        if cancelled():
            return
        self.post_message(self.QuotesLoaded(name, quotes))
        related = self.archive.related(summary.name)
        if not cancelled():
            self.post_message(self.RelatedLoaded(name, related))

    def on_entity_screen_loaded(self, message: Loaded) -> None:
        """Fill the header and the lists."""
        if message.name != self.place.name:
            return
        self.loaded = message
        header = self.query_one(EntityHeader)
        if message.summary is None:
            header.show_missing(message.name, message.problem or "")
        else:
            header.show(message.summary, message.months)
        mentions = self.query_one(MentionList)
        mentions.set_items(message.mentions, notes=[Option("No mentions.", disabled=True)])
        dated = any(mention.published for mention in message.mentions)  # an undated archive has no order to tell
        mentions.border_title = f"Mentions {len(message.mentions):,}" + (" · newest first" if dated else "")
        said = self.query_one(SaidList)
        said.set_items([], notes=[Option("…", disabled=True)] if message.summary else [])
        said.border_title = f"Quotes by {message.name}"
        related = self.query_one(RelatedList)
        related.set_items([], notes=[Option("…", disabled=True)] if message.summary else [])
        related.border_title = f"Named with {message.name}"
        self._switch(self.place.view)
        self.refresh_bindings()

    def on_entity_screen_quotes_loaded(self, message: QuotesLoaded) -> None:
        """Fill the quotes list and count them in the header."""
        if self.loaded is None or message.name != self.loaded.name:
            return
        self.query_one(EntityHeader).show_quote_count(len(message.quotes))
        said = self.query_one(SaidList)
        said.set_items(message.quotes, notes=[Option(Content(f"No quotes of {message.name} found."), disabled=True)])
        said.border_title = f"Quotes by {message.name} · {count(len(message.quotes), 'quote')}"

    def on_entity_screen_related_loaded(self, message: RelatedLoaded) -> None:
        """Fill the list of entities named with it."""
        if self.loaded is None or message.name != self.loaded.name:
            return
        related = self.query_one(RelatedList)
        none = f"No entity is named with {message.name} more often than chance."
        related.set_items(message.related, notes=[Option(Content(none), disabled=True)])
        sampled = message.related[0].sampled if message.related else None
        estimated = f" · counts estimated from {sampled:,} of its articles" if sampled else ""
        related.border_title = f"Named with {message.name} · most telling first{estimated}"

    def _switch(self, view: EntityView) -> None:
        """Show the mentions, the quotes or the related entities, and focus them."""
        shown = {"mentions": "mentions", "quotes": "said", "related": "related"}[view]
        self.query_one(ContentSwitcher).current = shown
        self.query_one(f"#{shown}").focus()

    def action_view(self, view: EntityView) -> None:
        """Switch between mentions and quotes (remembered in the history)."""
        if view != self.place.view:
            self.post_message(Navigate(EntityAt(self.place.name, view)))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Grey out the view already shown, and corrections of an entity not found."""
        if action == "view":
            return True if parameters and parameters[0] != self.place.view else None
        if action == "correct":
            return True if self.loaded is not None and self.loaded.summary is not None else None
        return True

    def action_correct(self) -> None:
        """Open the correction dialog; once saved, show the entity as corrected (or the one it joined)."""

        async def corrected(result: Corrected | None) -> None:
            """Tell what was saved and fetch the entity again under the name it goes by now."""
            if result is None:
                return
            self.notify(result.message, markup=False)
            if result.name is None:
                await self.run_action("app.history_back")  # hidden: nothing left to show
                return
            self.loaded = None
            self.show(EntityAt(result.name, self.place.view))

        if self.loaded is not None and self.loaded.summary is not None:
            self.app.push_screen(CorrectScreen(self.archive, self.loaded.summary.name), corrected)

    @on(MentionList.Chosen)
    def _mention(self, message: MentionList.Chosen) -> None:
        """Open the article at the mention, stepping through this entity's mentions there."""
        chosen = message.mention
        assert self.loaded is not None
        spans = tuple(
            (m.offset, m.offset + m.end - m.start) for m in self.loaded.mentions if m.article_id == chosen.article_id
        )
        current = spans.index((chosen.offset, chosen.offset + chosen.end - chosen.start))
        self.post_message(Navigate(ArticleAt(chosen.article_id, marks=spans, current=current)))

    @on(RelatedList.Chosen)
    def _related(self, message: RelatedList.Chosen) -> None:
        """Go to the related entity."""
        self.post_message(Navigate(EntityAt(message.related.name)))

    @on(SaidList.Chosen)
    def _quote(self, message: SaidList.Chosen) -> None:
        """Open the article at the quote."""
        quote = message.quote
        self.post_message(Navigate(ArticleAt(quote.article_id, marks=((quote.start, quote.end),), current=0)))
