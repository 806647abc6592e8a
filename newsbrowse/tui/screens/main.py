"""The main screen: the search bar over results, reader and side panel; it wires the panes together."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import ClassVar, Literal

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.message import Message
from textual.timer import Timer
from textual.widgets import Input, TabbedContent, TabPane, Tabs
from textual.worker import get_current_worker

from newsbrowse.archive import Archive
from newsbrowse.batch import BatchRow, read_list
from newsbrowse.errors import NewsbrowseError, QueryError
from newsbrowse.marks import Marks
from newsbrowse.model import Article, BuildProgress, Hit, SearchResults, Sort
from newsbrowse.tui.failures import ReportingScreen
from newsbrowse.tui.formatting import Span, count, marks_label
from newsbrowse.tui.locations import ArticleAt, EntityAt, Navigate, SearchAt
from newsbrowse.tui.screens.correct import Corrected, CorrectScreen
from newsbrowse.tui.screens.marks import AskScreen, NoteScreen, PickScreen, batch_option, saved_option
from newsbrowse.tui.widgets.footer import Footer
from newsbrowse.tui.widgets.lists import PagedList
from newsbrowse.tui.widgets.reader import Reader
from newsbrowse.tui.widgets.results import ResultList
from newsbrowse.tui.widgets.search import SearchBar
from newsbrowse.tui.widgets.side import EntityList, EntityRow, QuoteList
from newsbrowse.tui.widgets.status import BuildStatus

# Hits fetched per page of results (each costs a snippet); entities of the archive listed (those that fit a filter).
RESULTS_PAGE = 20
ARCHIVE_ENTITIES = 200
# An estimated total is counted exactly when the query has not changed for this long.
COUNT_AFTER_S = 0.5
# Below this width the side panel hides until asked for.
NARROW = 110


class MainScreen(ReportingScreen):
    """Search, results, reader, entities and quotes; navigation (history) belongs to the app."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "e", "focus_entities", "Entities", tooltip="Go to the entity list (type to filter it)", id="main.entities"
        ),
        Binding("q", "focus_quotes", "Quotes", tooltip="Go to the article's quotes", id="main.quotes"),
        Binding(
            "p",
            "toggle_panel",
            "Panel",
            show=False,
            tooltip="Show or hide the entities and quotes panel",
            id="main.panel",
        ),
        Binding(
            "down",
            "focus_results",
            "Results",
            show=False,
            tooltip="From the search bar into the results",
            id="main.down",
        ),
        Binding(
            "escape", "step_out", "Step back", show=False, tooltip="reader → results → search bar", id="main.escape"
        ),
        Binding(
            "asterisk",
            "star",
            "Star",
            show=False,
            tooltip="Star the article or take its star away (starred:yes)",
            id="main.star",
        ),
        Binding(
            "t", "tag", "Tag", show=False, tooltip="Tag the article; -TAG takes a tag away (tag:NAME)", id="main.tag"
        ),
        Binding("a", "note", "Note", show=False, tooltip="Write a note on the article (note:WORD)", id="main.note"),
        Binding(
            "ctrl+s", "save_search", "Save search", show=False, tooltip="Save the search under a name", id="main.save"
        ),
        Binding(
            "ctrl+o", "saved_searches", "Saved", show=False, tooltip="Saved searches with new articles", id="main.saved"
        ),
    ]

    class Searched(Message):
        """A search's first page is in."""

        def __init__(self, query: str, sort: Sort, results: SearchResults, understood: str, focus: bool) -> None:
            super().__init__()
            self.query = query
            self.sort = sort
            self.results = results
            self.understood = understood
            self.focus = focus

    class SearchFailed(Message):
        """A query the parser rejects."""

        def __init__(self, query: str, reason: str) -> None:
            super().__init__()
            self.query = query
            self.reason = reason

    class PageLoaded(Message):
        """More hits of the current search."""

        def __init__(self, query: str, sort: Sort, offset: int, hits: tuple[Hit, ...]) -> None:
            super().__init__()
            self.query = query
            self.sort = sort
            self.offset = offset
            self.hits = hits

    class Counted(Message):
        """The exact number of hits of a search."""

        def __init__(self, query: str, total: int, understood: str) -> None:
            super().__init__()
            self.query = query
            self.total = total
            self.understood = understood

    class EntitiesLoaded(Message):
        """The archive's entities that fit a filter."""

        def __init__(self, text: str, rows: list[EntityRow]) -> None:
            super().__init__()
            self.text = text
            self.rows = rows

    def __init__(self, archive: Archive, cursor_blink: bool = True) -> None:
        super().__init__()
        self.archive = archive
        self.cursor_blink = cursor_blink
        self.search_text = ""
        self.sort: Sort = "relevance"
        self.article: ArticleAt | None = None
        self.building = False
        self._committed = 0
        self._counting: Timer | None = None
        # Exact counts of the queries searched since the index last changed: a search run again
        # (Enter, a sort, back in the history) shows its count, not whoosh's estimate again.
        self._counts: dict[str, int] = {}
        self._dated = True  # whether the hits shown have dates to sort by
        self.marks: dict[str, Marks] = {}  # the user's marks, by article (hundreds: all held)
        self.batch_rows: list[BatchRow] = []  # the last batch searched, to open again

    def compose(self) -> ComposeResult:
        """Search bar, the three panes, the build line, the footer."""
        yield SearchBar(id="search", cursor_blink=self.cursor_blink)
        with Horizontal(id="panes"):
            yield ResultList(id="results")
            yield Reader(id="reader")
            with TabbedContent(id="side"):
                with TabPane("Entities", id="entities-tab"):
                    yield EntityList(id="entities")
                with TabPane("Quotes", id="quotes-tab"):
                    yield QuoteList(id="quotes")
        yield BuildStatus(id="build")
        yield Footer()

    def on_mount(self) -> None:
        """Start in the search bar, with the archive's entities on the side."""
        self.query_one("#side", TabbedContent).query_one(Tabs).can_focus = False  # tab moves between panes
        self.query_one(SearchBar).focus_input()
        self._landing()
        self._archive_entities("")
        self._reload_marks()

    def on_resize(self) -> None:
        """Hide the side panel on narrow terminals (until asked for), and tighten the footer."""
        narrow = self.size.width < NARROW
        self.set_class(narrow, "-narrow")
        self.query_one(Footer).compact = narrow

    # The archive

    def _landing(self) -> None:
        """Before any query: say what the archive holds."""
        results = self.query_one(ResultList)
        bar = self.query_one(SearchBar)
        articles = self.archive.article_count()
        name = self.archive.path.name
        if articles:
            results.show_note("Type to search; Enter moves here.")
            bar.show_hint(f"{count(articles, 'article')} in {name} · type to search, ? for help")
        else:
            results.show_note(
                "Nothing indexed yet." if not self.building else "Indexing… results appear as articles are read."
            )
            bar.show_hint(f"{name}: no articles indexed yet")

    # Searching

    def run_search(self, query: str, sort: Sort | None = None, focus: bool = False) -> None:
        """Search now (the answer arrives as Searched or SearchFailed)."""
        self.search_text = query
        if sort is not None:
            self.sort = sort
            self.query_one(ResultList).sort = sort  # shown under the list; only `s` posts SortChanged
        if not query.strip():
            self.workers.cancel_group(self, "search")
            self._landing()
            return
        self._search(query, self.sort, focus)

    @work(thread=True, exclusive=True, exit_on_error=False, group="search", name="search")
    def _search(self, query: str, sort: Sort, focus: bool) -> None:
        """Run a query off the event loop; only the newest search reports."""
        worker = get_current_worker()
        archive = self.archive
        try:
            results = archive.search(query, limit=RESULTS_PAGE, sort=sort)
        except QueryError as err:
            if not worker.is_cancelled:
                self.post_message(self.SearchFailed(query, str(err)))
            return
        if not worker.is_cancelled:
            self.post_message(self.Searched(query, sort, results, results.understood, focus))

    def on_main_screen_searched(self, message: Searched) -> None:
        """Show the first page and what the query meant; count exactly later if the total is an estimate."""
        if (message.query, message.sort) != (self.search_text, self.sort):
            return
        found = message.results
        if not found.exact and message.query in self._counts:
            found = replace(found, total=max(self._counts[message.query], len(found.hits)), exact=True)
        results = self.query_one(ResultList)
        results.show(found)
        self._dated = any(hit.published for hit in found.hits)
        bar = self.query_one(SearchBar)
        bar.show_understood(found.total, found.exact, message.understood, message.sort, self._dated)
        if self._counting is not None:
            self._counting.stop()
        if not found.exact:
            # Counting scores every match: only once typing has settled, so it never delays the next search.
            query, meaning = message.query, message.understood
            self._counting = self.set_timer(COUNT_AFTER_S, lambda: self._count(query, meaning))
        if message.focus:
            results.focus()

    def on_main_screen_search_failed(self, message: SearchFailed) -> None:
        """Say why the query cannot be run; the last results stay."""
        if message.query == self.search_text:
            self.query_one(SearchBar).show_error(message.reason)

    @work(thread=True, exclusive=True, exit_on_error=False, group="count", name="count")
    def _count(self, query: str, meaning: str) -> None:
        """The exact count of a search whose first answer was an estimate."""
        archive = self.archive
        total = archive.count(query)
        if not get_current_worker().is_cancelled:
            self.post_message(self.Counted(query, total, meaning))

    def on_main_screen_counted(self, message: Counted) -> None:
        """Replace the estimate (and remember the count)."""
        self._counts[message.query] = message.total
        if message.query == self.search_text:
            self.query_one(ResultList).set_total(message.total)
            self.query_one(SearchBar).show_understood(message.total, True, message.understood, self.sort, self._dated)

    @on(PagedList.NeedMore, "#results")
    def _more_results(self, message: PagedList.NeedMore) -> None:
        """Fetch the next page of hits."""
        self._page(self.search_text, self.sort, message.offset)

    @work(thread=True, exclusive=True, exit_on_error=False, group="page", name="results page")
    def _page(self, query: str, sort: Sort, offset: int) -> None:
        """One more page of the current search."""
        archive = self.archive
        results = archive.search(query, limit=RESULTS_PAGE, sort=sort, offset=offset)
        if not get_current_worker().is_cancelled:
            self.post_message(self.PageLoaded(query, sort, offset, results.hits))

    def on_main_screen_page_loaded(self, message: PageLoaded) -> None:
        """Append the page if it still belongs to the search shown."""
        results = self.query_one(ResultList)
        if (message.query, message.sort, message.offset) == (self.search_text, self.sort, len(results.items)):
            results.add_items(message.hits)

    def refresh_results(self) -> None:
        """Search again for what is shown (the index changed), and list the archive's entities again."""
        self._counts.clear()
        self.run_search(self.search_text)
        self._reload_marks()
        entities = self.query_one(EntityList)
        if entities.of_archive:
            self._archive_entities(entities.filter)

    @on(SearchBar.Changed)
    def _typed(self, message: SearchBar.Changed) -> None:
        """Search as the query is typed."""
        if message.query != self.search_text:
            self.run_search(message.query)

    @on(SearchBar.Submitted)
    def _entered(self, message: SearchBar.Submitted) -> None:
        """Search now, go to the results, and remember the search."""
        self.run_search(message.query, focus=True)
        if message.query.strip():
            self.post_message(Navigate(SearchAt(message.query, self.sort), show=False))

    @on(ResultList.SortChanged)
    def _sorted(self, message: ResultList.SortChanged) -> None:
        """Search again in the other order."""
        self.run_search(self.search_text, message.sort, focus=self.query_one(ResultList).has_focus)

    @on(ResultList.SuggestionChosen)
    def _suggested(self, message: ResultList.SuggestionChosen) -> None:
        """Search for the suggestion instead."""
        self.query_one(SearchBar).set_query(message.query)
        self.run_search(message.query, focus=True)
        self.post_message(Navigate(SearchAt(message.query, self.sort), show=False))

    @on(ResultList.Opened)
    def _opened(self, message: ResultList.Opened) -> None:
        """Open a hit (remembering the search it came from)."""
        self.post_message(Navigate(SearchAt(self.search_text, self.sort), show=False))
        self.post_message(Navigate(ArticleAt(message.hit.id, query=self.search_text)))

    # Showing places (called by the app's navigation)

    def show_search(self, place: SearchAt) -> None:
        """Show a search from the history."""
        self.query_one(SearchBar).set_query(place.query)
        self.run_search(place.query, place.sort, focus=True)

    def show_article(self, place: ArticleAt) -> None:
        """Open an article in the reader, with the side panel on its entities and quotes."""
        reader = self.query_one(Reader)
        if place == self.article and reader.article is not None:
            reader.focus()
            return
        archive = self.archive
        try:
            article = archive.article(place.article_id)
        except NewsbrowseError as err:
            self.notify(str(err), title="Cannot open the article", severity="error", markup=False)
            return
        entities = archive.article_entities(article.id)
        quotes = archive.article_quotes(article.id)
        hits = list(place.marks) if place.marks else self._hits(archive, article.id, place.query)
        current = place.current if place.marks else None
        title_hits = self._hits(archive, article.id, place.query, "title")
        reader.show(article, entities, quotes, hits, current, self._source_of(article), title_hits)
        reader.show_marks(marks_label(self.marks.get(article.id)))
        self.query_one(EntityList).show_rows([EntityRow.of_article(e) for e in entities], of_archive=False)
        self.query_one(QuoteList).show_quotes(quotes)
        side = self.query_one("#side", TabbedContent)
        side.get_tab("entities-tab").label = f"Entities {len(entities)}"
        side.get_tab("quotes-tab").label = f"Quotes {len(quotes)}"
        self.article = place
        reader.focus()
        self.refresh_bindings()

    @staticmethod
    def _hits(
        archive: Archive, article_id: str, query: str | None, field: Literal["body", "title"] = "body"
    ) -> list[Span]:
        """Where the words a search matched stand in an article (none without a query, or for a bad one)."""
        if not query:
            return []
        try:
            return archive.highlight(article_id, query, field)
        except QueryError:
            return []

    def _source_of(self, article: Article) -> str:
        """The file an article came from (the archive itself when it is one WARC or JSONL file)."""
        root = self.archive.path
        return str(root / Path(article.path)) if root.is_dir() else str(root)

    def build_progress(self, progress: BuildProgress) -> None:
        """Show how far the background build is; search again as articles arrive while nothing is shown."""
        self.building = True
        self.query_one(BuildStatus).show_progress(progress)
        if progress.committed != self._committed and not self.query_one(ResultList).items:
            self.refresh_results()
        self._committed = progress.committed

    def build_waiting(self, pid: int) -> None:
        """Another process builds this index: say so."""
        self.building = True
        self.query_one(BuildStatus).show_waiting(pid)

    def build_done(self) -> None:
        """The build is over (done, failed or stopped): hide the bar and search again."""
        self.building = False
        self._committed = 0
        self.query_one(BuildStatus).hide()
        self.refresh_results()

    def focus_search(self) -> None:
        """Move to the search bar."""
        self.query_one(SearchBar).focus_input()

    # The side panel

    @work(thread=True, exclusive=True, exit_on_error=False, group="entities", name="archive entities")
    def _archive_entities(self, text: str) -> None:
        """List the archive's entities with a name word starting with `text` (most named first), off the event loop."""
        archive = self.archive
        rows = [EntityRow.of_archive(s) for s in archive.entities(limit=ARCHIVE_ENTITIES, contains=text or None)]
        if not get_current_worker().is_cancelled:
            self.post_message(self.EntitiesLoaded(text, rows))

    def on_main_screen_entities_loaded(self, message: EntitiesLoaded) -> None:
        """Show the archive's entities, or under an article's those of the archive that fit its filter."""
        entities = self.query_one(EntityList)
        if message.text != entities.filter:
            return
        if entities.of_archive:
            entities.show_rows(message.rows, of_archive=True, keep_filter=True)
            self.query_one("#side", TabbedContent).get_tab("entities-tab").label = "Entities"
        elif message.text:
            entities.show_elsewhere(message.rows)

    @on(EntityList.Filtered)
    def _filtered(self, message: EntityList.Filtered) -> None:
        """Fetch the archive's entities that fit the filter (an article's list shows them under its own)."""
        self._archive_entities(message.text)

    @on(EntityList.Chosen)
    def _entity_chosen(self, message: EntityList.Chosen) -> None:
        """Open the entity's mentions view."""
        self.post_message(Navigate(EntityAt(message.name)))

    @on(EntityList.CorrectAsked)
    def _correct_asked(self, message: EntityList.CorrectAsked) -> None:
        """Open the correction dialog; once saved, show the entities again as corrected."""

        def corrected(result: Corrected | None) -> None:
            """Tell what was saved and list the entities anew."""
            if result is None:
                return
            self.notify(result.message, markup=False)
            entities = self.query_one(EntityList)
            if entities.of_archive:
                self._archive_entities(entities.filter)
            elif self.article is not None:
                rows = [EntityRow.of_article(e) for e in self.archive.article_entities(self.article.article_id)]
                entities.show_rows(rows, of_archive=False, keep_filter=True)

        self.app.push_screen(CorrectScreen(self.archive, message.name), corrected)

    @on(QuoteList.Chosen)
    def _quote_chosen(self, message: QuoteList.Chosen) -> None:
        """Scroll the reader to the quote."""
        reader = self.query_one(Reader)
        reader.reveal(message.quote.start, message.quote.end)
        reader.focus()

    def _show_side(self) -> None:
        """Make sure the side panel is shown."""
        self.remove_class("-without-side")
        if self.has_class("-narrow"):
            self.add_class("-with-side")

    def _side_shown(self) -> bool:
        """Whether the side panel is shown: when asked for on a narrow screen, unless hidden on a wide one.

        From the classes, not the panel's `display`, which lags until the styles are applied.
        """
        return self.has_class("-with-side") if self.has_class("-narrow") else not self.has_class("-without-side")

    def action_focus_entities(self) -> None:
        """Go to the entity list."""
        self._show_side()
        self.query_one("#side", TabbedContent).active = "entities-tab"
        self.query_one(EntityList).focus()

    def action_focus_quotes(self) -> None:
        """Go to the article's quotes."""
        self._show_side()
        self.query_one("#side", TabbedContent).active = "quotes-tab"
        self.query_one(QuoteList).focus()

    def action_toggle_panel(self) -> None:
        """Show or hide the side panel."""
        if self._side_shown():
            self.add_class("-without-side")
            self.remove_class("-with-side")
            if self.focused is not None and self.query_one("#side") in self.focused.ancestors:
                self.query_one(Reader).focus()
        else:
            self._show_side()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Letter keys type into the search bar while it has the focus; quotes need an open article."""
        typing = isinstance(self.focused, Input)
        if action in ("star", "tag", "note"):
            return False if typing else True if self._marked_article() else None
        if action == "save_search":
            return True if self.search_text.strip() else None
        if action in ("focus_entities", "focus_quotes", "toggle_panel"):
            if typing:
                return False
            if action == "focus_quotes" and self.article is None:
                return None
        if action == "focus_results":
            return typing
        return True

    def action_focus_results(self) -> None:
        """From the search bar down into the results."""
        self.query_one(ResultList).focus()

    # Escape

    def action_step_out(self) -> None:
        """Step back out one layer: side panel or reader -> results -> search bar."""
        focused = self.focused
        results = self.query_one(ResultList)
        side = self.query_one("#side")
        if focused is not None and side in focused.ancestors:
            self.remove_class("-with-side")  # on a narrow screen the results come back
            if self.article is not None:
                self.query_one(Reader).focus()
            else:
                results.focus()
        elif isinstance(focused, Reader):
            self.remove_class("-with-side")
            if results.option_count:
                results.focus()
            else:
                self.focus_search()
        elif isinstance(focused, ResultList):
            self.focus_search()

    # The user's marks and saved searches (marks.py): kept beside the index, shown in results and reader

    def _reload_marks(self) -> None:
        """Read the marks again and show them in the results and the reader."""
        try:
            self.marks = self.archive.marks()
        except NewsbrowseError as err:
            self.notify(str(err), title="Cannot read the marks", severity="error", markup=False)
            return
        results = self.query_one(ResultList)
        results.marks = self.marks
        results.refresh_prompts()
        reader = self.query_one(Reader)
        reader.show_marks(marks_label(self.marks.get(reader.article.id)) if reader.article else "")
        self.refresh_bindings()

    def _marked_article(self) -> tuple[str, str] | None:
        """(id, title) of the article marks go on: the highlighted result in the results, else the one read."""
        results = self.query_one(ResultList)
        hit = results.highlighted_item if self.focused is results else None
        if hit is not None:
            return hit.id, hit.title
        article = self.query_one(Reader).article
        return (article.id, article.title) if article is not None else None

    def _mark(self, change: str, done: str) -> None:
        """Change a mark of the article (star, tag or note, said by `change`), then say so and show it."""
        target = self._marked_article()
        if target is None:
            return
        article_id, _ = target
        marks = self.marks.get(article_id, Marks(article_id))
        try:
            if change == "star":
                self.archive.star(article_id, not marks.starred)
                done = "Starred" if not marks.starred else "Star taken away"
            elif change.startswith("tag:-"):
                self.archive.tag(article_id, change[5:], present=False)
            elif change.startswith("tag:"):
                self.archive.tag(article_id, change[4:])
            else:
                self.archive.note(article_id, change[5:])
        except NewsbrowseError as err:
            self.notify(str(err), title="Not saved", severity="error", markup=False)
            return
        self.notify(done, markup=False)
        self._reload_marks()

    def action_star(self) -> None:
        """Star the article, or take its star away."""
        self._mark("star", "")

    def action_tag(self) -> None:
        """Ask for a tag to give the article (-TAG takes one away)."""
        target = self._marked_article()
        if target is None:
            return
        tags = self.marks.get(target[0], Marks(target[0])).tags
        question = f"Tag “{target[1]}” (-TAG takes a tag away)" + (f"; its tags: {', '.join(tags)}" if tags else "")

        def tagged(text: str | None) -> None:
            """Give or take away the tag typed."""
            tag = (text or "").strip()
            if tag.startswith("-"):
                self._mark(f"tag:-{tag[1:]}", f"Tag '{tag[1:].strip()}' taken away")
            elif tag:
                self._mark(f"tag:{tag}", f"Tagged '{' '.join(tag.split()).casefold()}'")

        self.app.push_screen(AskScreen("Tag", question), tagged)

    def action_note(self) -> None:
        """Edit the article's note."""
        target = self._marked_article()
        if target is None:
            return
        note = self.marks.get(target[0], Marks(target[0])).note

        def written(text: str | None) -> None:
            """Save the note (an empty one removes it)."""
            if text is not None and text.strip() != note:
                self._mark(f"note:{text}", "Note saved" if text.strip() else "Note removed")

        self.app.push_screen(NoteScreen(target[1], note), written)

    def action_save_search(self) -> None:
        """Ask for a name and save the search under it."""
        query, sort = self.search_text.strip(), self.sort

        def named(name: str | None) -> None:
            """Save the search (the articles it finds now count as seen)."""
            if not name or not name.strip():
                return
            try:
                saved = self.archive.save_search(name, query, sort)
            except NewsbrowseError as err:
                self.notify(str(err), title="Not saved", severity="error", markup=False)
                return
            self.notify(f"Saved as '{saved.name}': ctrl+o lists the saved searches", markup=False)

        self.app.push_screen(AskScreen("Save search", f"Save “{query}” as:", query), named)

    def action_saved_searches(self) -> None:
        """List the saved searches with their new articles; the one chosen runs (and its new ones count as seen)."""
        try:
            listed = self.archive.saved_searches()
        except NewsbrowseError as err:
            self.notify(str(err), title="Cannot list the saved searches", severity="error", markup=False)
            return

        def chosen(name: str | None) -> None:
            """Run the saved search."""
            if name is None:
                return
            try:
                found = self.archive.open_search(name)
            except NewsbrowseError as err:
                self.notify(str(err), severity="error", markup=False)
                return
            self.post_message(Navigate(SearchAt(found.query, found.sort)))

        options = [(saved_option(status), status.search.name) for status in listed]
        empty = "No saved search yet: search, then ctrl+s saves it."
        self.app.push_screen(PickScreen("Saved searches", options, empty), chosen)

    def action_batch(self) -> None:
        """Ask for a file of names (or a CSV file) and list what the archive holds for each."""

        def given(path: str | None) -> None:
            """Read the list and search it in the background."""
            if not path or not path.strip():
                return
            try:
                lines = read_list(Path(path.strip()).expanduser())
            except NewsbrowseError as err:
                self.notify(str(err), title="Cannot read the list", severity="error", markup=False)
                return
            self.notify(f"Searching {count(len(lines), 'name')}…", markup=False)
            self._batch(lines)

        question = "A file of names or queries, one a line, or a CSV file (its first column):"
        self.app.push_screen(AskScreen("Batch search", question), given)

    @work(thread=True, exclusive=True, exit_on_error=False, group="batch", name="batch")
    def _batch(self, lines: list[tuple[int, str]]) -> None:
        """Answer each line off the event loop, then list them."""
        rows = list(self.archive.batch(lines))
        if not get_current_worker().is_cancelled:
            self.app.call_from_thread(self.show_batch, rows)

    def show_batch(self, rows: list[BatchRow] | None = None) -> None:
        """List a batch's rows (the last one when None); the one chosen is searched."""
        if rows is not None:
            self.batch_rows = rows

        def chosen(row: BatchRow | None) -> None:
            """Search for the row's articles."""
            if row is not None and row.query:
                self.post_message(Navigate(SearchAt(row.query, "date")))

        found = sum(1 for row in self.batch_rows if row.articles)
        hint = (
            f"{found:,} of {count(len(self.batch_rows), 'line')} found in the archive; Enter lists a line's articles."
        )
        options = [(batch_option(row), row) for row in self.batch_rows]
        self.app.push_screen(PickScreen("Batch search", options, "The list was empty.", hint), chosen)
