"""Snippets of article text around the words a search matched, with the matches located."""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass

from whoosh.highlight import set_matched_filter

from newsbrowse.index.schema import TEXT_ANALYZER

SNIPPET_CHARS = 240
# Prefix and wildcard queries can expand to thousands of words; a snippet needs a few.
_MAX_TERMS = 200
_WHITESPACE = str.maketrans("\n\r\t\f\v", "     ")


@dataclass(frozen=True, slots=True)
class Snippet:
    """A piece of text and the (start, end) spans of the matched words in it."""

    text: str
    highlights: tuple[tuple[int, int], ...]


class SnippetMaker:
    """Cuts snippets for one query's terms (analysed forms, as whoosh indexed them).

    Analysing a whole article with whoosh's pure-Python analyser costs ~1.5 ms; a
    regular expression finds the densest run of matches first, and whoosh then
    analyses and highlights only that window.
    """

    def __init__(self, terms: Collection[str], width: int = SNIPPET_CHARS) -> None:
        self.terms = frozenset(sorted(terms)[:_MAX_TERMS])
        self.width = width
        words = sorted(self.terms, key=len, reverse=True)
        self._pattern = (
            re.compile(r"(?<!\w)(?:" + "|".join(map(re.escape, words)) + r")(?!\w)", re.IGNORECASE) if words else None
        )

    def _window_start(self, text: str) -> int:
        """Where the window with the most matches begins (0 when nothing matches as written)."""
        if self._pattern is None:
            return 0
        starts = [m.start() for m in self._pattern.finditer(text)]
        if not starts:
            return 0
        reach = self.width * 2 // 3
        best, best_count, j = starts[0], 0, 0
        for i, start in enumerate(starts):
            while starts[j] < start - reach:
                j += 1
            if i - j + 1 > best_count:
                best, best_count = starts[j], i - j + 1
        # Some context before the first match, cut at a word boundary.
        begin = max(0, best - self.width // 6)
        if begin:
            space = text.find(" ", begin, best)
            begin = space + 1 if space != -1 else best
        return begin

    def make(self, text: str) -> Snippet:
        """The snippet of `text`: about `width` characters around the best matches."""
        begin = self._window_start(text)
        end = min(len(text), begin + self.width)
        if end < len(text):
            space = text.rfind(" ", begin, end)
            end = space if space > begin else end
        window = text[begin:end]
        spans = [
            (token.startchar, token.endchar)
            for token in set_matched_filter(
                TEXT_ANALYZER(window, chars=True, mode="query", removestops=False), self.terms
            )
            if token.matched
        ]
        lead = "\u2026" if begin > 0 else ""
        tail = "\u2026" if end < len(text) else ""
        shift = len(lead)
        return Snippet(
            lead + window.translate(_WHITESPACE) + tail,
            tuple((start + shift, stop + shift) for start, stop in spans),
        )
