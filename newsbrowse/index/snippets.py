"""Snippets of article text around the words a search matched, with the matches located."""

from __future__ import annotations

import re
from dataclasses import dataclass

from newsbrowse.index.analysis import HYPHEN, WORD, folded_offsets
from newsbrowse.index.forms import Matched

SNIPPET_CHARS = 240
# How many first letters of a matched term a word must begin with to be judged at all.
CANDIDATE_PREFIX = 3
_WHITESPACE = str.maketrans("\n\r\t\f\v", "     ")


@dataclass(frozen=True, slots=True)
class Snippet:
    """A piece of text and the (start, end) spans of the matched words in it."""

    text: str
    highlights: tuple[tuple[int, int], ...]


class SnippetMaker:
    """Cuts snippets around what one query matched (`Matched`: stems, names and written forms).

    Every form a search matched is marked: "rates" and "rate" for the stem "rate". Each
    distinct word is judged once per query (`WordJudge`), not once per occurrence.
    """

    def __init__(self, matched: Matched, width: int = SNIPPET_CHARS) -> None:
        self.judge = WordJudge(matched)
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
        found = self.judge.spans(text)
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


def candidates(starts: list[str]) -> str:
    """The pattern of the words `WordJudge` judges: those beginning with one of `starts`, and compounds (a hyphen
    after word characters and dots). Possessive: a word that is neither is passed over without backtracking
    through each of its letters (most of a snippet's time otherwise)."""
    return r"(?<!\w)(?=" + "|".join(map(re.escape, starts)) + r"|\w++(?:\.\w++)*+-\w)" + WORD.pattern


class WordJudge:
    """Finds the words a search matched in texts, remembering its verdict on each distinct word.

    A text is folded once; a regular expression finds the words that may match (those
    beginning as a matched stem, name or written form does, and compounds), each distinct
    one is judged once (a stem lookup) and its verdict kept across the texts of a query.
    """

    def __init__(self, matched: Matched) -> None:
        self.matched = matched
        # word (folded, as WORD finds it) -> the (start, end) of its matching parts within it; () for none.
        self.verdicts: dict[str, tuple[tuple[int, int], ...]] = {}
        # A word's forms share the first letters of its stem (all but the last: "rate", "rating").
        starts = {word[: max(1, min(len(word) - 1, CANDIDATE_PREFIX))] for word in matched.words()}
        self.pattern = re.compile(candidates(sorted(starts))) if starts else None

    def _judge(self, word: str) -> tuple[tuple[int, int], ...]:
        """The spans within a folded word that match: all of it, or the parts of a compound that do."""
        accepts = self.matched.matches
        if HYPHEN not in word:
            return ((0, len(word)),) if accepts(word) else ()
        if accepts(word.replace(HYPHEN, "")):
            return ((0, len(word)),)
        spans = []
        at = 0
        for part in word.split(HYPHEN):
            if accepts(part):
                spans.append((at, at + len(part)))
            at += len(part) + 1
        return tuple(spans)

    def spans(self, text: str) -> list[tuple[int, int]]:
        """Where the words the search matched stand in `text`, as (start, end) spans, in any form it matched.

        A hyphenated compound is one span when it matched as one word ("counter-terrorism" for
        "counterterrorism"), otherwise each of its parts that matched is.
        """
        if self.pattern is None:
            return []
        folded, offsets = folded_offsets(text)
        verdicts = self.verdicts
        found: list[tuple[int, int]] = []
        for match in self.pattern.finditer(folded):
            word = match.group()
            verdict = verdicts.get(word)
            if verdict is None:
                verdict = verdicts[word] = self._judge(word)
            begin = match.start()
            found.extend((begin + start, begin + end) for start, end in verdict)
        if offsets is not None:
            found = [(offsets[start], offsets[end]) for start, end in found]
        return found


def matched_spans(text: str, matched: Matched) -> list[tuple[int, int]]:
    """Where the words a search matched stand in `text`, as (start, end) spans (see `WordJudge.spans`)."""
    return WordJudge(matched).spans(text)
