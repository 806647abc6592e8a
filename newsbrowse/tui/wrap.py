"""Word wrapping that keeps character offsets, so the reader can scroll to any place in an article."""

from __future__ import annotations

import re

from rich.cells import cell_len, get_character_cell_size

_CHUNK = re.compile(r"\S+\s*|\s+")


def wrap_starts(text: str, width: int) -> list[int]:
    """The offsets in `text` (one line, no newline) where each wrapped line of at most `width` cells starts.

    Words move whole to the next line; a word wider than the line, or a URL or path
    wider than half of it, is folded where it stands (no gap before it); spaces after
    a word may hang past the edge (they are invisible).
    """
    width = max(width, 1)
    starts = [0]
    used = 0
    for match in _CHUNK.finditer(text):
        chunk = match.group()
        word = cell_len(chunk.rstrip())
        if used + word <= width:
            used += cell_len(chunk)
            continue
        if word <= width and not (word > width // 2 and "/" in chunk):
            starts.append(match.start())
            used = cell_len(chunk)
            continue
        for offset, char in enumerate(chunk, match.start()):
            size = get_character_cell_size(char)
            if used + size > width and not char.isspace():
                starts.append(offset)
                used = 0
            used += size
    return starts


def wrap_lines(text: str, width: int) -> list[tuple[int, int]]:
    """The (start, end) offsets of every wrapped line of a text that may hold newlines."""
    lines: list[tuple[int, int]] = []
    position = 0
    for line in text.split("\n"):
        starts = wrap_starts(line, width)
        ends = [*starts[1:], len(line)]
        lines.extend((position + start, position + end) for start, end in zip(starts, ends, strict=True))
        position += len(line) + 1
    return lines
