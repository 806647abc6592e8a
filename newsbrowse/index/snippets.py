"""Snippets of article text around the words a search matched, with the matches located."""

from __future__ import annotations

from dataclasses import dataclass

from newsbrowse.index.analysis import HYPHEN, WORD, fold
from newsbrowse.index.forms import Matched

SNIPPET_CHARS = 240
_WHITESPACE = str.maketrans("\n\r\t\f\v", "     ")


@dataclass(frozen=True, slots=True)
class Snippet:
    """A piece of text and the (start, end) spans of the matched words in it."""

    text: str
    highlights: tuple[tuple[int, int], ...]


class SnippetMaker:
    """Cuts snippets around what one query matched (`Matched`: stems, names and written forms).

    Each word of the text is folded and looked up (stems are cached per word), so every
    form a search matched is marked: "rates" and "rate" for the stem "rate".
    """

    def __init__(self, matched: Matched, width: int = SNIPPET_CHARS) -> None:
        self.matched = matched
        self.width = width

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
        found = matched_spans(text, self.matched)
        begin, end = self._window(text, [start for start, _ in found])
        window = text[begin:end]
        spans = [(start - begin, stop - begin) for start, stop in found if start >= begin and stop <= end]
        lead = "\u2026" if begin > 0 else ""
        tail = "\u2026" if end < len(text) else ""
        shift = len(lead)
        return Snippet(
            lead + window.translate(_WHITESPACE) + tail,
            tuple((start + shift, stop + shift) for start, stop in spans),
        )


def matched_spans(text: str, matched: Matched) -> list[tuple[int, int]]:
    """Where the words a search matched stand in `text`, as (start, end) spans, in any form it matched.

    A hyphenated compound is one span when it matched as one word ("counter-terrorism" for
    "counterterrorism"), otherwise each of its parts that matched is.
    """
    if not matched:
        return []
    spans: list[tuple[int, int]] = []
    accepts = matched.matches
    for found in WORD.finditer(text):
        written = found.group()
        word = fold(written)
        if HYPHEN not in word:
            if accepts(word):
                spans.append(found.span())
            continue
        if accepts(word.replace(HYPHEN, "")):
            spans.append(found.span())
            continue
        at = found.start()
        for part, folded in zip(written.split(HYPHEN), word.split(HYPHEN), strict=False):
            if accepts(folded):
                spans.append((at, at + len(part)))
            at += len(part) + 1
    return spans
