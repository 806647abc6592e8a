"""Quote marks paired per paragraph: where the quotes of a text are, before anyone is attributed.

“Curly”, "straight", ‘single’, 'single', «guillemets» (either direction), „low“ and ‚low‘ marks
are paired with a stack per paragraph. An apostrophe (Russia’s, don’t, ’90s, ministers’) never
opens a quote and closes one only when a single quote is open; a straight double mark after a
digit is inches. Only the outermost pair is a quote; inner marks stay in its text. A paragraph
that ends inside a quote continues it when the next paragraph opens with a quote mark (the
multi-paragraph convention), and so does an opening mark right after a sentence end inside the
quote (a paragraph break lost in scraping); otherwise a double-mark quote ends with its
paragraph and an unclosed single mark is dropped. A line break inside a quote that does not
follow a sentence end is a hard wrap and runs on.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

_MARKS = re.compile("[\"'\u201c\u201d\u2018\u2019\u201e\u201a\u00ab\u00bb\u2039\u203a\n]")
_DOUBLE = "double"
_SINGLE = "single"
# Each opener: its family and the marks that close it.
_CLOSERS: dict[str, tuple[str, str]] = {
    "\u201c": (_DOUBLE, '\u201d\u201c"'),  # “ ... ” (a second “ closes only when it cannot open), “ ... " mixed
    "\u201e": (_DOUBLE, "\u201c\u201d"),  # „ ... “ (German) or „ ... ” (Polish)
    "\u201d": (_DOUBLE, "\u201d"),  # ” ... ” (Swedish, Finnish)
    '"': (_DOUBLE, '"\u201d'),  # " ... ", or " ... ” when an editor curled only the closing mark
    "\u00ab": (_DOUBLE, "\u00bb"),  # « ... »
    "\u00bb": (_DOUBLE, "\u00ab"),  # » ... « (German, Danish)
    "\u2018": (_SINGLE, "\u2019'"),
    "\u201a": (_SINGLE, "\u2018\u2019"),
    "'": (_SINGLE, "'"),
    "\u2039": (_SINGLE, "\u203a"),
    "\u203a": (_SINGLE, "\u2039"),
}
# Characters after which a mark may open a quote.
_OPEN_AFTER = frozenset(" \t\n\r\u00a0([{\u2014\u2013-/:;\u201c\u2018\u201e\u201a\u00ab\u00bb\"'")
# An apostrophe that opens a word: ’90s, 'em, ‘tis, rock ’n’ roll.
_ELISION = re.compile(r"\d\d|(?:em|tis|twas|n|cause|til)\b", re.IGNORECASE)
_SENTENCE_FINAL = frozenset(".!?\u2026:")
# A paragraph opening with a dash: a quote, in languages that quote so.
_DASH_OPENING = re.compile(r"^[ \t]*(?:[\u2013\u2014][ \t]*|-[ \t]+)(?=\S)", re.MULTILINE)
# After a dash quote's attribution, a dash opening more of the quote: ". — Ещё", "—. Más".
_DASH_AGAIN = re.compile(r"(?:[.!?\u2026][ \t]*[\u2013\u2014]|[\u2013\u2014][.,]?)[ \t]*(?=\w)")
_CLOSING_MARKS = frozenset("\"'\u201d\u2019\u00bb\u203a)")


@dataclass
class Span:
    """An outermost quote found by the pairing: its parts and where its marks are."""

    parts: list[tuple[int, int]]
    opener: int
    closer: int  # index of the closing mark, or the end of the paragraph if it never closed
    closed: bool = True


@dataclass
class _Open:
    """An opening mark waiting for its closer."""

    pos: int
    char: str
    span: Span | None = None  # the quote an outer opener continues (multi-paragraph)


def _can_open(text: str, i: int) -> bool:
    """Whether the mark at i stands where a quote can begin (after a space, before a non-space)."""
    prev = text[i - 1] if i else "\n"
    nxt = text[i + 1] if i + 1 < len(text) else " "
    return prev in _OPEN_AFTER and not nxt.isspace()


def _is_apostrophe(text: str, i: int) -> bool:
    """Whether the single mark at i is inside a word (don’t) or opens an elided word (’90s)."""
    prev = text[i - 1] if i else " "
    nxt = text[i + 1] if i + 1 < len(text) else " "
    if prev.isalnum() and nxt.isalnum():
        return True
    return _ELISION.match(text, i + 1) is not None


def _find_opener(stack: list[_Open], char: str) -> int:
    """The index in the stack of the innermost opener that `char` closes, or -1."""
    for k in range(len(stack) - 1, -1, -1):
        if char in _CLOSERS[stack[k].char][1]:
            return k
    return -1


def _trim(text: str, start: int, end: int, last: bool) -> tuple[int, int]:
    """Shrink (start, end) past surrounding spaces and, for the last part, a trailing comma."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and (text[end - 1].isspace() or (last and text[end - 1] == ",")):
        end -= 1
    return start, end


def _line_end(text: str, i: int) -> int:
    """The end of the paragraph content before the line break at i (trailing spaces dropped)."""
    while i > 0 and text[i - 1] in " \t\r":
        i -= 1
    return i


def _next_line_start(text: str, i: int) -> tuple[int, bool]:
    """The first non-space character after the line break at i, and whether a blank line precedes it."""
    j = i + 1
    blank = False
    while j < len(text) and text[j].isspace():
        if text[j] == "\n":
            blank = True
        j += 1
    return j, blank


_OPEN_MARK = -2
_SKIP_MARK = -1


def _action(text: str, i: int, char: str, stack: list[_Open]) -> int:
    """What the mark at i does: _OPEN_MARK, _SKIP_MARK, or the stack index of the opener it closes."""
    prev = text[i - 1] if i else "\n"
    nxt = text[i + 1] if i + 1 < len(text) else " "
    if char in "'\u2018\u2019" and _is_apostrophe(text, i):
        return _SKIP_MARK
    k = _find_opener(stack, char)
    if char in "\u00ab\u00bb\u2039\u203a":
        # Guillemets take (narrow) spaces inside: « Bonjour ».
        if k >= 0 and (char in "\u00bb\u203a" or not _can_open(text, i)):
            return k
        return _OPEN_MARK if char in "\u00ab\u2039" or _can_open(text, i) else _SKIP_MARK
    if char in "\u201e\u201a":
        return _SKIP_MARK if nxt.isspace() else _OPEN_MARK
    if char in "\u201d\"'\u2019":
        # A closing mark follows text; a straight one between a space and a word opens.
        if k >= 0 and not (prev.isspace() and (char != "\u201d" and not nxt.isspace())):
            return k
        if char == "\u2019":
            return _SKIP_MARK  # never opens: an apostrophe or a stray closer
        if char == "'":
            return _OPEN_MARK if _can_open(text, i) else _SKIP_MARK
        # After a digit a straight double mark is inches (a 70" TV).
        return _SKIP_MARK if nxt.isspace() or prev.isdigit() else _OPEN_MARK
    # “ and ‘ open, and close only a low opener („ “, ‚ ‘) or, misused, one of their own kind
    # when they cannot open.
    if k >= 0 and not _can_open(text, i) and not prev.isspace():
        return k
    return _SKIP_MARK if nxt.isspace() else _OPEN_MARK


def _reopens(text: str, i: int, char: str, stack: list[_Open]) -> bool:
    """Whether an opening double mark after a sentence end, inside the same kind of quote,
    continues that quote rather than nesting a new one."""
    if len(stack) != 1 or _CLOSERS[char][0] != _DOUBLE or _CLOSERS[stack[0].char][0] != _DOUBLE:
        return False
    j = i
    while j > 0 and text[j - 1] in " \t":
        j -= 1
    return j < i and j > 0 and text[j - 1] in ".!?\u2026"


def dash_quotes(text: str, attribution: Sequence[re.Pattern[str]]) -> list[Span]:
    """The quotes of paragraphs opening with a dash; the first of the `attribution` patterns that
    matches finds where the quoted words end and the attribution begins (at a comma or a dash
    before a verb of saying)."""
    spans: list[Span] = []
    for opening in _DASH_OPENING.finditer(text):
        start = opening.end()
        line_end = text.find("\n", start)
        line_end = len(text) if line_end < 0 else line_end
        found = next((m for m in (p.search(text, start, line_end) for p in attribution) if m is not None), None)
        if found is None:
            end = _line_end(text, line_end)
            part = _trim(text, start, end, last=True)
            if part[1] > part[0]:
                spans.append(Span([part], opening.start(), end, closed=False))
            continue
        closer = found.start()
        part = _trim(text, start, closer, last=True)
        if part[1] > part[0]:
            spans.append(Span([part], opening.start(), closer))
        again = _DASH_AGAIN.search(text, found.end(), line_end)
        if again is not None:
            end = _line_end(text, line_end)
            rest = _trim(text, again.end(), end, last=True)
            if rest[1] > rest[0]:
                spans.append(Span([rest], again.start(), end, closed=False))
    return spans


def pair_marks(text: str, dash_attribution: Sequence[re.Pattern[str]] = ()) -> list[Span]:
    """Pair the quote marks of text and return the outermost quotes in order; with
    `dash_attribution` (see `dash_quotes`), paragraphs opening with a dash are quotes too."""
    marked = _pair_marks(text)
    if not dash_attribution or not _DASH_OPENING.search(text):
        return marked
    dashed = dash_quotes(text, dash_attribution)
    if not dashed:
        return marked
    lines = [(span.opener, text.find("\n", span.opener) % (len(text) + 1)) for span in dashed]
    kept = [span for span in marked if not any(a <= span.opener < b for a, b in lines)]
    return sorted(kept + dashed, key=lambda span: span.opener)


def _pair_marks(text: str) -> list[Span]:
    """The quotes that quote marks open and close."""
    spans: list[Span] = []
    stack: list[_Open] = []
    continuing: dict[int, Span] = {}  # position of a paragraph's first mark -> quote it continues

    def end_part(opened: _Open, end: int) -> Span:
        """End the current part of the quote `opened` at `end`; the quote goes on."""
        span = opened.span
        if span is None:
            span = Span([], opened.pos, end)
            spans.append(span)
        start, stop = _trim(text, opened.pos + 1, end, last=False)
        if stop > start:
            span.parts.append((start, stop))
        return span

    def close_outer(opened: _Open, closer: int, closed: bool) -> None:
        """End the quote `opened` at `closer` (closed: by a closing mark), keeping its last part."""
        span = opened.span
        if span is None:
            span = Span([], opened.pos, closer, closed)
            spans.append(span)
        start, end = _trim(text, opened.pos + 1, closer, last=True)
        if end > start:
            span.parts.append((start, end))
        span.closer, span.closed = closer, closed

    for match in _MARKS.finditer(text):
        i = match.start()
        char = match.group()
        if char == "\n":
            if not stack:
                continue
            before = _line_end(text, i)
            nxt, blank = _next_line_start(text, i)
            next_char = text[nxt] if nxt < len(text) else ""
            last_char = text[before - 1] if before else ""
            wrapped = not blank and last_char not in _SENTENCE_FINAL and last_char not in _CLOSING_MARKS
            if wrapped and next_char not in _CLOSERS:
                continue  # a hard-wrapped line inside the quote
            bottom = stack[0]
            if next_char in _CLOSERS and _CLOSERS[next_char][0] == _CLOSERS[bottom.char][0]:
                # The next paragraph reopens the quote: this part ends here, the quote goes on.
                continuing[nxt] = end_part(bottom, before)
            elif _CLOSERS[bottom.char][0] == _DOUBLE:
                close_outer(bottom, before, closed=False)
            stack.clear()
            continue
        if i in continuing:
            stack.append(_Open(i, char, continuing.pop(i)))
            continue
        action = _action(text, i, char, stack)
        if action == _OPEN_MARK and _reopens(text, i, char, stack):
            # A paragraph break lost in the text ("... grasp. “Yet ..."): a new part.
            stack[0] = _Open(i, char, end_part(stack[0], i))
        elif action == _OPEN_MARK:
            stack.append(_Open(i, char))
        elif action >= 0:
            opened = stack[action]
            del stack[action:]
            if not stack:
                close_outer(opened, i, closed=True)
    if stack:
        bottom = stack[0]
        if _CLOSERS[bottom.char][0] == _DOUBLE:
            close_outer(bottom, _line_end(text, len(text)), closed=False)
    return [span for span in spans if span.parts]
