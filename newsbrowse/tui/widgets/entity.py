"""The mentions view's widgets: the entity's header with its months, its mentions, and its quotes."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content, Span
from textual.message import Message
from textual.widgets import Label, Sparkline

from newsbrowse.model import EntitySummary, MentionHit, QuoteHit, Related
from newsbrowse.tui.formatting import clip, count, day
from newsbrowse.tui.widgets.lists import PagedList

TITLE_LINES = 1
QUOTE_LINES = 4
# Enter in either list of the mentions view (one line of the help for both).
OPEN_THERE = "Open the article at this mention or quote"


def month_series(months: list[tuple[str, int]]) -> list[tuple[str, int]]:
    """Counts for every month from the first to the last ('YYYY-MM'), missing months as 0."""
    if not months:
        return []
    counts = dict(months)
    year, month = map(int, months[0][0].split("-"))
    last = months[-1][0]
    series: list[tuple[str, int]] = []
    while True:
        key = f"{year:04d}-{month:02d}"
        series.append((key, counts.get(key, 0)))
        if key >= last:
            return series
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)


class EntityHeader(Vertical):
    """The entity's name, type, counts and other names, and its mentions per month as a sparkline."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.summary: EntitySummary | None = None

    def compose(self) -> ComposeResult:
        """Name line, facts line, and the months."""
        yield Label("", id="entity-name")
        yield Label("", id="entity-facts")
        with Horizontal(id="entity-months"):
            yield Label("", id="months-first")
            yield Sparkline([], summary_function=max, id="sparkline")
            yield Label("", id="months-last")

    def show(self, summary: EntitySummary, months: list[tuple[str, int]]) -> None:
        """Fill in what the archive knows of the entity (its quotes are counted later)."""
        self.summary = summary
        self.query_one("#entity-name", Label).update(Content(summary.name))
        self._facts(None)
        series = month_series(months)
        self.query_one("#entity-months").display = bool(series)
        if series:
            self.query_one(Sparkline).data = [float(n) for _, n in series]
            self.query_one("#months-first", Label).update(series[0][0])
            self.query_one("#months-last", Label).update(
                f"{series[-1][0]} · most in {max(series, key=lambda m: m[1])[0]}"
            )

    def show_quote_count(self, quotes: int) -> None:
        """Add the number of quotes to the facts."""
        self._facts(quotes)

    def _facts(self, quotes: int | None) -> None:
        """Type, counts and other names in one line."""
        summary = self.summary
        if summary is None:
            return
        facts = [summary.type, count(summary.mentions, "mention"), count(summary.articles, "article")]
        if quotes is not None:
            facts.append(count(quotes, "quote"))
        others = [alias for alias in summary.aliases if alias != summary.name]
        if others:
            facts.append("also " + ", ".join(others[:4]))
        self.query_one("#entity-facts", Label).update(Content(" · ".join(facts)))

    def show_missing(self, name: str, reason: str) -> None:
        """The name fits no entity (or several)."""
        self.summary = None
        self.query_one("#entity-name", Label).update(Content(name))
        self.query_one("#entity-facts", Label).update(Content(reason))
        self.query_one("#entity-months").display = False


class MentionList(PagedList[MentionHit]):
    """Every sentence that mentions the entity, newest first; Enter opens the article at that spot."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "select", "Open", tooltip=OPEN_THERE, id="mentions.open"),
    ]

    COMPONENT_CLASSES: ClassVar[set[str]] = {"mentions--meta", "mentions--name"}

    class Chosen(Message):
        """A mention was chosen: open its article there."""

        def __init__(self, mention: MentionHit) -> None:
            super().__init__()
            self.mention = mention

    def prompt(self, item: MentionHit, width: int) -> Content:
        """Date and title, then the sentence with the mention marked."""
        meta, _ = clip(f"{day(item.published)} · {item.title}", (), width, TITLE_LINES)
        sentence = " ".join(item.sentence.split("\n"))
        return Content.assemble(
            (meta, self.style("mentions--meta")),
            "\n",
            Content(sentence, [Span(item.start, item.end, self.style("mentions--name"))]),
        )

    def chosen(self, item: MentionHit) -> Message:
        """Open the article at the mention."""
        return self.Chosen(item)


class SaidList(PagedList[QuoteHit]):
    """What the entity said across the archive, newest first; Enter opens the article at the quote."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "select", "Open", tooltip=OPEN_THERE, id="said.open"),
    ]

    COMPONENT_CLASSES: ClassVar[set[str]] = {"mentions--meta", "mentions--quote"}

    class Chosen(Message):
        """A quote was chosen: open its article there."""

        def __init__(self, quote: QuoteHit) -> None:
            super().__init__()
            self.quote = quote

    def prompt(self, item: QuoteHit, width: int) -> Content:
        """Date and title, then the quote."""
        meta, _ = clip(f"{day(item.published)} · {item.title}", (), width, TITLE_LINES)
        text, _ = clip(f"“{item.text}”", (), width, QUOTE_LINES)
        return Content.assemble((meta, self.style("mentions--meta")), "\n", (text, self.style("mentions--quote")))

    def chosen(self, item: QuoteHit) -> Message:
        """Open the article at the quote."""
        return self.Chosen(item)


class RelatedList(PagedList[Related]):
    """The entities most often named with this one (store/related.py); Enter goes to one."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "select", "Go to", tooltip="Go to this entity's mentions", id="related.open"),
    ]

    COMPONENT_CLASSES: ClassVar[set[str]] = {"mentions--meta", "mentions--name"}

    class Chosen(Message):
        """A related entity was chosen: go to it."""

        def __init__(self, related: Related) -> None:
            super().__init__()
            self.related = related

    def prompt(self, item: Related, width: int) -> Content:
        """Its name and type, then in how many articles and sentences both are named."""
        name, _ = clip(f"{item.name} ({item.type})", (), width, TITLE_LINES)
        together = f"{count(item.articles, 'article')} together of its {item.entity_articles:,}"
        if item.sentences:
            together += f" · {count(item.sentences, 'sentence')} together"
        return Content.assemble((name, self.style("mentions--name")), "\n", (together, self.style("mentions--meta")))

    def chosen(self, item: Related) -> Message:
        """Go to the entity."""
        return self.Chosen(item)
