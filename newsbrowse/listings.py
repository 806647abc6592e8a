"""The rows the archive lists (search hits, entities, mentions, quotes) as the output layer writes them.

Each `Listing` names a row's columns for csv and tables, how a person reads it (`table`) and, for
quotes and mentions, the citation-ready Markdown block (`md`). The CLI's listing commands and
the TUI's exports use the same ones.
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text

from newsbrowse.output import Listing, Row


def day(value: str | None) -> str:
    """A stored date or date-time ('2021-05-21T18:31:00+04:30') as the day it names."""
    return value[:10] if value else "(undated)"


def marked(text: str, spans: Sequence[Sequence[int]]) -> Text:
    """Text with the given spans in bold (plain when the output is not a terminal)."""
    shown = Text(text)
    for start, end in spans:
        shown.stylize("bold reverse", start, end)
    return shown


def _escaped(text: str) -> str:
    """Text with the characters that would start Markdown emphasis or code escaped."""
    return text.replace("\\", "\\\\").replace("*", "\\*").replace("_", "\\_").replace("`", "\\`")


def _blockquote(text: str) -> str:
    """Text as a Markdown blockquote: each paragraph on one quoted line, quoted blank lines between them."""
    return "\n>\n".join("> " + " ".join(part.split()) for part in text.split("\n") if part.strip())


def _reference(row: Row, article: str = "article_id") -> str:
    """Where a quote or a sentence comes from: title, source, date and the article's id."""
    title = " ".join(str(row.get("title") or "(untitled)").split())
    parts = [f"“{title}”", row.get("source") or "unknown source", day(row.get("published"))]
    return "— " + ", ".join(parts) + f" (id: `{row.get(article)}`)"


def _show_hit(number: int, row: Row) -> Text:
    """A search hit as people read it: number and title, date, source, id, the snippet; its copies."""
    where = " · ".join(part for part in (row.get("source") or "unknown source", row.get("section")) if part)
    shown = Text(f"{number}. {row['title']}", style="bold")
    shown.append(f"\n   {day(row.get('published'))} · {where} · {row['id']}", style="not bold")
    copies = row.get("copies") or ()
    if copies:
        shown.append(
            f"\n   +{len(copies)} cop{'y' if len(copies) == 1 else 'ies'}: {', '.join(copies)}", style="not bold"
        )
    shown.append("\n   ")
    shown.append_text(marked(row.get("snippet") or "", row.get("highlights") or ()))
    return shown


def _show_mention(number: int, row: Row) -> Text:
    """A mention as people read it: date, title and id, then the sentence with the name marked."""
    shown = Text(f"{day(row.get('published'))}  {row['title']}  [{row['article_id']}]\n    ")
    shown.append_text(marked(row["sentence"], [(row["start"], row["end"])]))
    return shown


def _cite_mention(row: Row) -> str:
    """A mention, citation-ready: the sentence (the name in bold), then where it comes from."""
    sentence, start, end = row["sentence"], row["start"], row["end"]
    text = _escaped(sentence[:start]) + "**" + _escaped(sentence[start:end]) + "**" + _escaped(sentence[end:])
    return _blockquote(text) + "\n\n" + _reference(row) + "\n"


def _show_quote(number: int, row: Row) -> Text:
    """A quote as people read it: the words and the speaker, then date, title and id."""
    speaker = row.get("speaker") or "unattributed"
    return Text(
        f"\u201c{row['text']}\u201d \u2014 {speaker}\n    {day(row.get('published'))}  {row['title']}  [{row['article_id']}]"
    )


def _cite_quote(row: Row) -> str:
    """A quote, citation-ready: the words and who said them, then where they come from."""
    speaker = row.get("speaker") or "unattributed"
    said = _blockquote(_escaped(f"\u201c{row['text']}\u201d")) + f"\n>\n> \u2014 {_escaped(speaker)}"
    return said + "\n\n" + _reference(row) + "\n"


HITS = Listing(
    columns=("id", "title", "published", "source", "section", "score", "copies", "snippet"),
    items="hits",
    show=_show_hit,
)
ENTITIES = Listing(columns=("name", "type", "articles", "mentions", "aliases"))
MENTIONS = Listing(
    columns=("article_id", "title", "published", "source", "sentence", "start", "end", "offset"),
    items="mentions",
    cite=_cite_mention,
    show=_show_mention,
)
QUOTES = Listing(
    columns=("article_id", "title", "published", "source", "speaker", "text", "start", "end"),
    items="quotes",
    cite=_cite_quote,
    show=_show_quote,
)
