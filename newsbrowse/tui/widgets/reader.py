"""The reader: an article's metadata and text, with search hits, entity names and quotes marked.

It draws only the lines on screen (Textual's line API) from its own word wrap, which
knows where every character of the article is, so it can scroll to any hit or mention.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import ClassVar

from rich.cells import cell_len
from textual.binding import Binding, BindingType
from textual.cache import LRUCache
from textual.content import Content
from textual.content import Span as StyledSpan
from textual.geometry import Size
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.style import Style as VisualStyle

from newsbrowse.model import Article, Entity, Quote
from newsbrowse.tui.formatting import Span, count
from newsbrowse.tui.opener import OPENERS, open_externally
from newsbrowse.tui.wrap import wrap_lines

Mark = tuple[int, int, str]  # start, end, component class
# Lines of text are wrapped at most this wide, however wide the pane: long lines are hard to read.
MEASURE = 100

WELCOME = (
    "Nothing open yet.\n\n"
    'Type a search in the bar above (words, "phrases", person:Ulyanov, date:2021-05 …), '
    "press Enter, then Enter again on a result to read it here.\n\n"
    "Press ? for every key."
)


@dataclass
class _Document:
    """What the reader shows: one text (header, then the body) and its marks."""

    text: str
    body_start: int = 0
    marks: list[Mark] = field(default_factory=list)
    entity_marks: list[Mark] = field(default_factory=list)


def _header(article: Article, location: str) -> tuple[str, list[Mark]]:
    """The metadata lines above the text, with their styles."""
    parts: list[tuple[str, str]] = [(article.title or "(no title)", "reader--title"), ("\n", "")]
    shown = "%Y-%m-%d %H:%M" if isinstance(article.published, datetime) else "%Y-%m-%d"  # a date alone: no time
    when = article.published.strftime(shown) if article.published else "undated"
    line = " · ".join(part for part in (when, article.source, article.section, article.dateline) if part)
    parts += [(line, "reader--meta"), ("\n", "")]
    if article.authors:
        parts += [("By " + ", ".join(article.authors), "reader--meta"), ("\n", "")]
    parts += [("file ", "reader--label"), (location, "reader--meta"), ("\n", "")]
    if article.url:
        parts += [("url  ", "reader--label"), (article.url, "reader--meta"), ("\n", "")]
    text, marks, position = "", [], 0
    for piece, style in parts:
        if style:
            marks.append((position, position + len(piece), style))
        text += piece
        position += len(piece)
    return text + "\n", marks


class Reader(ScrollView, can_focus=True):
    """One article at a time; `n`/`N` step through its hits, `m` marks names, `o` opens the source."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("n", "next_hit", "Next hit", tooltip="Scroll to the next hit", id="reader.next"),
        Binding("N", "previous_hit", "Prev hit", tooltip="Scroll to the previous hit", id="reader.previous"),
        Binding(
            "m", "toggle_marks", "Names", tooltip="Mark the people, organisations and places named", id="reader.marks"
        ),
        Binding(
            "o",
            "open_source",
            "Open",
            tooltip="Open the article's URL or file with the system's opener",
            id="reader.open",
        ),
        Binding("space", "page_down", "Page down", show=False, tooltip="Scroll a screenful", id="reader.page"),
    ]

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "reader--title",
        "reader--meta",
        "reader--label",
        "reader--hit",
        "reader--current",
        "reader--quote",
        "reader--person",
        "reader--org",
        "reader--place",
        "reader--other",
        "reader--welcome",
    }

    show_names: reactive[bool] = reactive(True)

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.article: Article | None = None
        self.hits: list[Span] = []
        self.current: int | None = None
        self.spotlight: Span | None = None
        self.source: str | None = None
        self.marks_text = ""  # the user's marks on the article, shown under the pane
        self._document = _Document(WELCOME, marks=[(0, len(WELCOME), "reader--welcome")])
        self._lines: list[Span] = []
        self._starts: list[int] = []
        self._line_marks: dict[int, list[Mark]] = {}
        self._width = 0
        self._strips: LRUCache[int, Strip] = LRUCache(1024)
        self._mark_styles: dict[str, VisualStyle] = {}

    def on_mount(self) -> None:
        """A title over the pane."""
        self.border_title = "Reader"

    # What the screen calls

    def show(
        self,
        article: Article,
        entities: list[Entity],
        quotes: list[Quote],
        hits: list[Span],
        current: int | None = None,
        source: str | None = None,
        title_hits: list[Span] | None = None,
    ) -> None:
        """Show an article with its `hits` (body offsets) marked; scroll to hit `current`, or to the top.

        `title_hits` (offsets in the title) are marked in the header but not stepped through.
        """
        location = article.path if article.path == article.id else article.id
        header, marks = _header(article, location)
        marks += [(s, e, "reader--hit") for s, e in title_hits or ()]  # the title opens the header
        start = len(header)
        marks += [(q.start + start, q.end + start, "reader--quote") for q in quotes]
        entity_marks = [(m.start + start, m.end + start, f"reader--{e.type}") for e in entities for m in e.mentions]
        self._document = _Document(header + article.body, start, marks, entity_marks)
        self.article = article
        self.source = source
        chosen = hits[current] if current is not None and 0 <= current < len(hits) else None
        self.hits = sorted(hits)
        self.current = self.hits.index(chosen) if chosen is not None else None
        self.spotlight = chosen
        self._relayout()
        self.border_title = article.title or "Reader"
        self._show_position()
        if self.spotlight is not None:
            self._scroll_to_offset(self.spotlight[0], animate=False)
        else:
            self.scroll_home(animate=False)
        self.refresh_bindings()

    def reveal(self, start: int, end: int) -> None:
        """Spotlight a span of the body (a quote) and scroll to it."""
        self.spotlight = (start, end)
        self.current = self.hits.index((start, end)) if (start, end) in self.hits else None
        self._remark()
        self._show_position()
        self._scroll_to_offset(start)

    @property
    def text(self) -> str:
        """What the pane shows, as plain text: the metadata lines, then the article."""
        return self._document.text

    def styles_at(self, offset: int) -> set[str]:
        """The component classes marking a character of the shown text (hits, names, quotes)."""
        line = self._line_marks.get(self._line_of(offset), ())
        return {style for start, end, style in line if start <= offset < end}

    # Layout and drawing

    def _relayout(self) -> None:
        """Wrap the text to the width and place the marks on the lines."""
        self._width = self._wrap_width()
        self._lines = wrap_lines(self._document.text, self._width)
        self._starts = [start for start, _ in self._lines]
        self._remark()
        self.virtual_size = Size(self._width, len(self._lines))

    def _remark(self) -> None:
        """Place the marks (names if shown, hits, the spotlight) on the lines they cross."""
        document = self._document
        offset = document.body_start
        marks = list(document.entity_marks) if self.show_names else []
        marks += document.marks
        marks += [(s + offset, e + offset, "reader--hit") for s, e in self.hits]
        if self.spotlight is not None:
            marks.append((self.spotlight[0] + offset, self.spotlight[1] + offset, "reader--current"))
        self._line_marks = {}
        for mark in marks:  # later marks draw over earlier ones
            first = self._line_of(mark[0])
            last = self._line_of(max(mark[0], mark[1] - 1))
            for line in range(first, last + 1):
                self._line_marks.setdefault(line, []).append(mark)
        self._strips.clear()
        self.refresh()

    def _wrap_width(self) -> int:
        """The pane's width, but no wider than a comfortable line of text."""
        return max(1, min(self.scrollable_content_region.width, MEASURE))

    def _line_of(self, offset: int) -> int:
        """The wrapped line holding a character of the text."""
        return max(0, bisect_right(self._starts, offset) - 1)

    def on_resize(self) -> None:
        """Wrap again when the width changes."""
        if self._wrap_width() != self._width:
            self._relayout()

    def notify_style_update(self) -> None:
        """Draw again with the new theme's colours."""
        super().notify_style_update()
        self._strips.clear()
        self._mark_styles.clear()

    def _mark_style(self, name: str) -> VisualStyle:
        """A mark's style from its component class, background included.

        Textual's partial style drops an opaque background (it blends it in by 1 - alpha),
        and the current hit is told from the others by its background.
        """
        style = self._mark_styles.get(name)
        if style is None:
            style = self.get_visual_style(name, partial=True)
            rules = self.get_component_styles(name)
            if rules.has_rule("background"):
                style = replace(style, background=rules.background.tint(rules.background_tint))
            self._mark_styles[name] = style
        return style

    def render_line(self, y: int) -> Strip:
        """One line of the pane."""
        scroll_x, scroll_y = self.scroll_offset
        index = scroll_y + y
        width = self.scrollable_content_region.width
        if index >= len(self._lines):
            return Strip.blank(width, self.rich_style)
        strip = self._strips.get(index)
        if strip is None:
            start, end = self._lines[index]
            text = self._document.text[start:end]
            spans = [
                StyledSpan(max(s, start) - start, min(e, end) - start, self._mark_style(style))
                for s, e, style in self._line_marks.get(index, ())
            ]
            segments = Content(text, spans).render_segments(self.visual_style)
            strip = Strip(segments, cell_len(text))
            self._strips[index] = strip
        return strip.crop_extend(scroll_x, scroll_x + width, self.rich_style).apply_offsets(scroll_x, index)

    # Moving about

    def _scroll_to_offset(self, body_offset: int, animate: bool = True) -> None:
        """Scroll so the line holding a body offset sits a third of the way down."""
        line = self._line_of(self._document.body_start + body_offset)
        self.scroll_to(y=max(0, line - self.scrollable_content_region.height // 3), animate=animate, duration=0.2)

    def _show_position(self) -> None:
        """Say under the pane which hit is shown ("hit 2 of 5"), after the article's marks."""
        if not self.hits:
            position = ""
        elif self.current is None:
            position = f"{count(len(self.hits), 'hit')} · n: next"
        else:
            position = f"hit {self.current + 1} of {len(self.hits)} · n/N"
        self.border_subtitle = "  ".join(part for part in (self.marks_text, position) if part)

    def show_marks(self, text: str) -> None:
        """Show the article's marks ("★ · follow up · note") under the pane."""
        self.marks_text = text
        self._show_position()

    def _step(self, direction: int) -> None:
        """Move the spotlight to the next or previous hit (from a quote shown: the nearest), going round at the ends."""
        if not self.hits:
            return
        if self.current is None and self.spotlight is not None:  # from a quote: the hit after (before) it
            after = bisect_right(self.hits, self.spotlight)
            self.current = (after if direction > 0 else after - 1) % len(self.hits)
        elif self.current is None:
            self.current = 0 if direction > 0 else len(self.hits) - 1
        else:
            self.current = (self.current + direction) % len(self.hits)
        self.spotlight = self.hits[self.current]
        self._remark()
        self._show_position()
        self._scroll_to_offset(self.spotlight[0])

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Grey out what needs an article or hits."""
        if action in ("next_hit", "previous_hit"):
            return True if self.hits else None
        if action in ("toggle_marks", "open_source"):
            return True if self.article is not None else None
        return True

    def action_next_hit(self) -> None:
        """Scroll to the next hit."""
        self._step(1)

    def action_previous_hit(self) -> None:
        """Scroll to the previous hit."""
        self._step(-1)

    def action_toggle_marks(self) -> None:
        """Show or hide the marks on names."""
        self.show_names = not self.show_names

    def watch_show_names(self) -> None:
        """Redraw with or without the names marked."""
        self._remark()

    def action_open_source(self) -> None:
        """Open the article's URL (or its file) with the system's opener, or say why not."""
        if self.article is None:
            return
        # Only web addresses leave the archive: a stored file:// or other scheme could name any local file.
        url = self.article.url
        target = url if url is not None and url.lower().startswith(("http://", "https://")) else self.source
        if target is None:
            self.notify("This article has neither a URL nor a file to open.", severity="warning", markup=False)
            return
        if open_externally(target):
            self.notify(f"Opened {target}", markup=False)
            return
        self.app.copy_to_clipboard(target)
        self.notify(
            f"No program to open it with here (looked for {', '.join(OPENERS)}); copied to the clipboard: {target}",
            severity="warning",
            markup=False,
        )
