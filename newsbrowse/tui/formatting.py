"""Small text helpers shared by the panes: dates, counts, and text cut to a few wrapped lines."""

from __future__ import annotations

from datetime import date

from rich.cells import cell_len

from newsbrowse.marks import Marks
from newsbrowse.tui.wrap import wrap_lines

# A stretch of text by character offsets: (start, end).
Span = tuple[int, int]
# How each order of the results is named on screen ("date" is newest first).
SORT_LABELS = {"relevance": "by relevance", "date": "newest first", "oldest": "oldest first"}


def day(published: date | None) -> str:
    """A date as YYYY-MM-DD, or "undated"."""
    return published.strftime("%Y-%m-%d") if published else "undated"


def count(number: int, word: str, plural: str | None = None) -> str:
    """A count with its noun: "1 article", "2,000 articles"."""
    return f"{number:,} {word if number == 1 else plural or word + 's'}"


def clip(text: str, spans: tuple[Span, ...], width: int, lines: int) -> tuple[str, tuple[Span, ...]]:
    """`text` cut to at most `lines` lines of `width` cells (with "…" when cut), and the spans that remain."""
    wrapped = wrap_lines(text, width)
    if len(wrapped) <= lines:
        return text, spans
    start, end = wrapped[lines - 1]
    cut = text[:end].rstrip()
    if cell_len(cut[start:]) >= width:  # room for the ellipsis
        cut = cut[:-1]
    kept = tuple((start, min(stop, len(cut))) for start, stop in spans if start < len(cut))
    return cut + "…", kept


def marks_label(marks: Marks | None) -> str:
    """An article's marks in a few words ("★ · follow up, sanctions · note"), empty when none."""
    if marks is None or marks.empty:
        return ""
    parts = ["★"] if marks.starred else []
    parts += [", ".join(marks.tags)] if marks.tags else []
    parts += ["note"] if marks.note else []
    return " · ".join(parts)
