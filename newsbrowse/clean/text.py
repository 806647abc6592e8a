"""Plain-text dumps -> Article: title line, optional date and byline lines, paragraphs without leftovers."""

from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import pairwise

from newsbrowse.clean.authors import clean_authors
from newsbrowse.clean.blocks import PARAGRAPH_BREAK
from newsbrowse.clean.body import title_from_body
from newsbrowse.clean.boilerplate import is_byline_line, is_sign_off, is_stock_line, links_block_start
from newsbrowse.clean.dateline import find_dateline
from newsbrowse.clean.dates import Published, date_line
from newsbrowse.clean.language import choose_language
from newsbrowse.clean.leftovers import is_leftover_line
from newsbrowse.clean.markup import strip_controls
from newsbrowse.model import Article

# Lines after which the rest of a dump is the page's furniture: comment forms and comment threads.
_COMMENTS_MARKER = re.compile(
    r"(?:leave|post|add|write) a (?:comment|reply)|(?:\d+\s+)?(?:comments?|responses?|replies)(?:\s*\(\d+\))?"
    r"|(?:show|view|read) (?:all )?comments|comments are closed\.?|join the (?:conversation|discussion)",
    re.IGNORECASE,
)
# Lines this long are never a title line, but a paragraph (a dump without a headline).
_MAX_TITLE_CHARS = 200
# Hard-wrapped dumps: lines no longer than this, most of those followed by another line ending
# mid-sentence.
_WRAP_WIDTH = 100
_WRAP_MIN_LINES = 2
_WRAP_SHARE = 0.5
_LINE_END = re.compile(r"[.!?:;。！？…][\"'”’»)\]]*$")
_HEADER_LINES = 3
_MARKDOWN_MARKS = re.compile(r"^\s*(?:#{1,6}\s+|[*_]{1,3}(?=\S))|(?<=\S)[*_]{1,3}\s*$")
# Markdown dumps: a heading line or bold text gives them away; their marks are not text.
_MARKDOWN_SIGN = re.compile(r"^#{1,6} \S|\*\*\S[^*\n]*\*\*", re.MULTILINE)
_MARKDOWN_LINE = re.compile(r"^(?:#{1,6}|[-*+])\s+")
_MARKDOWN_EMPHASIS = re.compile(r"(\*\*|__|(?<![\w*])\*(?!\s)|(?<![\w_])_(?!\s))(.+?)\1")
_MARKDOWN_LINK = re.compile(r"\[([^\]\n]+)\]\([^)\s]+\)")


@dataclass(slots=True)
class TextParts:
    """What a text dump holds: its header lines' metadata and its paragraphs."""

    title: str
    published: Published | None
    authors: tuple[str, ...]
    paragraphs: list[str]


def _lines(text: str) -> list[str]:
    """The text's lines, controls removed, whitespace collapsed within each line."""
    text = strip_controls(text.replace("\r\n", "\n").replace("\r", "\n"))
    return [" ".join(line.split()) for line in text.split("\n")]


def _hard_wrapped(lines: list[str]) -> bool:
    """True for a dump whose paragraphs are broken into lines of a fixed width (like e-mail).

    Wrapped lines end mid-sentence; a dump with one paragraph per line ends its lines with
    sentence punctuation, even when no blank lines separate them.
    """
    filled = [line for line in lines if line]
    if not filled or max(len(line) for line in filled) > _WRAP_WIDTH:
        return False
    followed = [line for line, after in pairwise(lines) if line and after]
    if len(followed) < _WRAP_MIN_LINES:
        return False
    open_ended = sum(1 for line in followed if not _LINE_END.search(line))
    return open_ended >= _WRAP_SHARE * len(followed)


def split_paragraphs(lines: list[str]) -> list[str]:
    """Paragraphs from lines: blank lines separate; wrapped lines join, otherwise each line stands alone."""
    if not _hard_wrapped(lines):
        return [line for line in lines if line]
    paragraphs: list[str] = []
    chunk: list[str] = []
    for line in [*lines, ""]:
        if line:
            chunk.append(line)
        elif chunk:
            paragraphs.append(" ".join(chunk))
            chunk = []
    return paragraphs


def _cut_leftovers(paragraphs: list[str]) -> list[str]:
    """The paragraphs without the trailing comment form or thread, link blocks and stock lines."""
    end = links_block_start(paragraphs)
    for index in range(1, end):
        if _COMMENTS_MARKER.fullmatch(paragraphs[index].strip(" :.-–—|»")):
            end = index
            break
    paragraphs = paragraphs[:end]
    paragraphs = [
        paragraph for paragraph in paragraphs if not (is_stock_line(paragraph) or is_leftover_line(paragraph))
    ]
    while paragraphs and is_sign_off(paragraphs[-1], paragraphs[-2] if len(paragraphs) > 1 else ""):
        paragraphs.pop()
    return paragraphs


def _unmark(paragraph: str) -> str:
    """A Markdown paragraph as plain text: no heading hashes, bullets, emphasis marks or link targets."""
    paragraph = _MARKDOWN_LINE.sub("", paragraph)
    paragraph = _MARKDOWN_LINK.sub(r"\1", paragraph)
    return _MARKDOWN_EMPHASIS.sub(r"\2", paragraph)


def _title_line(line: str) -> str:
    """A title line without Markdown heading or emphasis marks."""
    return _MARKDOWN_MARKS.sub("", line).strip()


def read_text(text: str, title: str | None = None, language: str | None = None) -> TextParts:
    """Split a dump into title, date, authors and clean paragraphs.

    Without a `title`, the first line is the title (a dump); with one (a JSON record), a first
    line repeating it is dropped. Date and byline lines right after it become metadata (dates
    read in `language`'s words too).
    """
    lines = _lines(text)
    filled = [index for index, line in enumerate(lines) if line]
    header = iter(filled)
    start = next(header, len(lines))
    if title is None:
        title = ""
        if start < len(lines) and len(lines[start]) <= _MAX_TITLE_CHARS:
            title = _title_line(lines[start])
            start = next(header, len(lines))
    elif start < len(lines) and _title_line(lines[start]).casefold() == " ".join(title.split()).casefold():
        start = next(header, len(lines))
    published: Published | None = None
    authors: tuple[str, ...] = ()
    for _ in range(_HEADER_LINES):
        if start >= len(lines):
            break
        line = lines[start]
        when = date_line(line, language) if published is None else None
        if when is not None:
            published = when
        elif not authors and is_byline_line(line):
            authors = clean_authors([line])
            if not authors:
                break
        else:
            break
        start = next(header, len(lines))
    paragraphs = _cut_leftovers(split_paragraphs(lines[start:]))
    if _MARKDOWN_SIGN.search(text):
        paragraphs = [unmarked for unmarked in map(_unmark, paragraphs) if unmarked]
    return TextParts(title, published, authors, paragraphs)


def text_article(text: str, title: str | None = None, language: str | None = None) -> Article:
    """An Article from text: a dump with its own title line, or (given `title`) a record's body text;
    `language` is the one its record declares, if any."""
    language = choose_language(language, text)
    parts = read_text(text, title, language)
    body = PARAGRAPH_BREAK.join(parts.paragraphs)
    return Article(
        id="",
        path="",
        title=parts.title or title_from_body(body),
        body=body,
        published=parts.published,
        authors=parts.authors,
        dateline=find_dateline(body),
        language=language,
    )


def clean_text(text: str) -> Article:
    """Clean a plain-text dump (first line the title, an optional date line, then paragraphs) into an Article."""
    return text_article(text)
