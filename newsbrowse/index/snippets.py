"""Snippets of article text around the words a search matched, with the matches located."""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass

from whoosh.highlight import set_matched_filter

from newsbrowse.index.analysis import ANALYZER

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

    Analysing a whole article with whoosh's pure-Python analyser costs ~1.5 ms, twenty
    times per page of hits. A regular expression of the terms finds the densest run of
    matches and marks them; only when the terms occur in no form it can see (accents:
    the term "sao" for "São") does whoosh analyse the window to find them.
    """

    def __init__(self, terms: Collection[str], width: int = SNIPPET_CHARS) -> None:
        self.terms = frozenset(sorted(terms)[:_MAX_TERMS])
        self.width = width
        words = sorted(self.terms, key=len, reverse=True)
        self._pattern = (
            re.compile(r"(?<!\w)(?:" + "|".join(map(re.escape, words)) + r")(?!\w)", re.IGNORECASE) if words else None
        )

    def _window(self, text: str, starts: list[int]) -> tuple[int, int]:
        """The (begin, end) of about `width` characters around the densest run of matches, cut at spaces."""
        begin = 0
        if starts:
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
        end = min(len(text), begin + self.width)
        if end < len(text):
            space = text.rfind(" ", begin, end)
            end = space if space > begin else end
        return begin, end

    def make(self, text: str) -> Snippet:
        """The snippet of `text`: about `width` characters around the best matches."""
        found = [(m.start(), m.end()) for m in self._pattern.finditer(text)] if self._pattern else []
        begin, end = self._window(text, [start for start, _ in found])
        window = text[begin:end]
        spans = [(start - begin, stop - begin) for start, stop in found if start >= begin and stop <= end]
        if not spans and self.terms:
            spans = [
                (token.startchar, token.endchar)
                for token in set_matched_filter(
                    ANALYZER(window, chars=True, mode="index", removestops=False), self.terms
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


def highlight_spans(text: str, terms: Collection[str]) -> list[tuple[int, int]]:
    """Where the words of `terms` (analysed forms, as indexed) stand in `text`, as (start, end) spans."""
    if not terms:
        return []
    tokens = ANALYZER(text, chars=True, mode="index", removestops=False)
    found = sorted(((t.startchar, t.endchar) for t in tokens if t.text in terms), key=lambda span: (span[0], -span[1]))
    spans: list[tuple[int, int]] = []
    for start, end in found:
        if not spans or start >= spans[-1][1]:  # a compound's parts inside its joined word count once
            spans.append((start, end))
    return spans
