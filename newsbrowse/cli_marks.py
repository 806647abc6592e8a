"""`newsbrowse mark|starred|tags|saved|batch|related ARCHIVE ...`: the user's marks and saved searches, batch
search of a list of names, and the entities named with one."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rich.console import Console
from rich.text import Text

from newsbrowse.errors import EXIT_OK, UsageError
from newsbrowse.listings import day
from newsbrowse.model import SORTS
from newsbrowse.output import FORMATS, Format, Listing, Row, rows, write_rows
from newsbrowse.serialize import to_jsonable

if TYPE_CHECKING:
    from newsbrowse.archive import Archive
    from newsbrowse.marks import Marked
    from newsbrowse.model import EntitySummary

Command = Callable[..., argparse.ArgumentParser]


@dataclass(frozen=True, slots=True)
class CliTools:
    """What the commands here use of cli.py, handed over by it (cli.py imports this module, not the reverse)."""

    open: Callable[[argparse.Namespace], Archive]
    updated: Callable[[argparse.Namespace], Archive]
    entity: Callable[[Archive, str], EntitySummary]
    print_json: Callable[[Any], None]
    search: Callable[[argparse.Namespace], int]
    format: Callable[[argparse.Namespace], Format]


def _console() -> Console:
    """Plain output for lines to read (no markup: titles and notes are the archive's or the person's text)."""
    return Console(highlight=False, soft_wrap=True)


def _show_marked(number: int, row: Row) -> Text:
    """A marked article for people: star, date, title and id, then its tags and its note's first line."""
    star = "*" if row["starred"] else " "
    title = row["title"] if row["present"] else "(no longer in the archive)"
    shown = Text(f"{star} {day(row['published'])}  {title}  [{row['article_id']}]")
    if row["tags"]:
        shown.append("\n    tags: " + ", ".join(row["tags"]))
    if row["note"]:
        first = row["note"].splitlines()[0]
        more = "…" if len(first) > 100 or len(row["note"]) > len(first) else ""
        shown.append(f"\n    note: {first[:100]}{more}")
    return shown


MARKED = Listing(
    columns=("article_id", "starred", "tags", "note", "title", "published", "source", "present", "changed"),
    items="articles",
    show=_show_marked,
)
TAGS = Listing(columns=("tag", "articles"), items="tags")
SAVED = Listing(columns=("name", "query", "sort", "articles", "new", "opened", "error"), items="saved")
BATCH = Listing(
    columns=("line", "text", "articles", "first", "last", "found_as", "query"),
    items="rows",
)
RELATED = Listing(
    columns=("name", "type", "articles", "sentences", "entity_articles", "score", "sampled"), items="related"
)


def _marked_rows(listed: list[Marked]) -> Iterator[Row]:
    """Marked articles as flat rows (their marks beside their title, date and source)."""
    for item in listed:
        marks = to_jsonable(item.marks)
        yield {
            **marks,
            "title": item.title,
            "published": to_jsonable(item.published),
            "source": item.source,
            "present": item.present,
        }


def _write_marked(listed: list[Marked], args: argparse.Namespace, empty: str) -> int:
    """A list of marked articles in the format asked for (a line saying there are none, for people)."""
    tools: CliTools = args.tools
    if not listed and tools.format(args) == "table":
        _console().print(empty, markup=False)
        return EXIT_OK
    write_rows(_marked_rows(listed), MARKED, tools.format(args), sys.stdout)
    return EXIT_OK


def cmd_mark(args: argparse.Namespace) -> int:
    """Star, tag or annotate one article, then print its marks."""
    tools: CliTools = args.tools
    if not (args.star or args.unstar or args.tag or args.untag or args.note is not None):
        raise UsageError("say what to mark: --star, --unstar, --tag TAG, --untag TAG or --note TEXT")
    with tools.open(args) as archive:
        if args.star or args.unstar:
            marks = archive.star(args.article_id, bool(args.star))
        for tag in args.tag or ():
            marks = archive.tag(args.article_id, tag)
        for tag in args.untag or ():
            marks = archive.tag(args.article_id, tag, present=False)
        if args.note is not None:
            marks = archive.note(args.article_id, args.note)
    if args.json:
        tools.print_json(to_jsonable(marks))
        return EXIT_OK
    parts = ["starred" if marks.starred else "not starred"]
    parts += ["tags: " + ", ".join(marks.tags)] if marks.tags else []
    parts += [f"note: {len(marks.note):,} characters"] if marks.note else []
    _console().print(f"{marks.article_id}: " + "; ".join(parts), markup=False)
    return EXIT_OK


def cmd_starred(args: argparse.Namespace) -> int:
    """List the starred articles, newest first."""
    tools: CliTools = args.tools

    with tools.open(args) as archive:
        listed = archive.marked("starred", "yes", "name")
    return _write_marked(listed, args, "No starred article (press * on one in the browser, or 'newsbrowse mark').")


def cmd_tags(args: argparse.Namespace) -> int:
    """List the tags with their numbers of articles, or the articles carrying one tag."""
    tools: CliTools = args.tools

    with tools.open(args) as archive:
        if args.tag:
            return _write_marked(archive.marked("tag", args.tag, "name"), args, f"No article tagged {args.tag!r}.")
        counts = archive.tags()
    if not counts and tools.format(args) == "table":
        _console().print("No tags yet (press t on an article in the browser, or 'newsbrowse mark --tag').")
        return EXIT_OK
    write_rows(({"tag": tag, "articles": n} for tag, n in counts), TAGS, tools.format(args), sys.stdout)
    return EXIT_OK


def cmd_saved(args: argparse.Namespace) -> int:
    """List the saved searches with their new articles; save, drop or run one."""
    tools: CliTools = args.tools

    with tools.updated(args) as archive:
        if args.save:
            name, query = args.save
            archive.save_search(name, query, args.sort or "relevance")
        if args.drop:
            archive.drop_search(args.drop)
        if args.run:
            found = archive.open_search(args.run)
            run = argparse.Namespace(**{**vars(args), "query": found.query, "sort": args.sort or found.sort})
            return tools.search(run)
        listed = archive.saved_searches()
    if not listed and tools.format(args) == "table":
        _console().print("No saved search (ctrl+s in the browser, or 'newsbrowse saved ARCHIVE --save NAME QUERY').")
        return EXIT_OK
    saved = (
        {
            "name": s.search.name,
            "query": s.search.query,
            "sort": s.search.sort,
            "articles": s.matches,
            "new": s.new,
            "created": s.search.created,
            "opened": s.search.opened,
            "error": s.error,
        }
        for s in listed
    )
    write_rows(saved, SAVED, tools.format(args), sys.stdout)
    return EXIT_OK


def cmd_batch(args: argparse.Namespace) -> int:
    """Answer each name or query of a list: articles, first and last date, the entity it resolved to."""
    from newsbrowse.batch import read_list

    tools: CliTools = args.tools

    lines = read_list(Path(args.file), args.column)
    with tools.updated(args) as archive:
        answered = ({**to_jsonable(row), "found_as": row.found_as()} for row in archive.batch(lines))
        write_rows(answered, BATCH, tools.format(args), sys.stdout)
    return EXIT_OK


def cmd_related(args: argparse.Namespace) -> int:
    """List the entities most often named with one, in the same articles and sentences."""
    tools: CliTools = args.tools

    with tools.updated(args) as archive:
        entity = tools.entity(archive, args.name)
        related = archive.related(args.name, args.limit)
    title = f"Named with {entity.name} ({entity.type}, {entity.articles:,} article(s))"
    sampled = related[0].sampled if related else None
    title += f", counts estimated from {sampled:,} of its articles:" if sampled else ":"
    write_rows(rows(related), RELATED, tools.format(args), sys.stdout, {"entity": to_jsonable(entity)}, title)
    return EXIT_OK


def _formats(sub: argparse.ArgumentParser) -> None:
    """--format, as the other listing commands take it."""
    sub.add_argument(
        "--format",
        choices=list(FORMATS),
        default="table",
        help="table (for people, the default), json, jsonl, csv or md",
    )


def add_mark_commands(
    command: Command,
    tools: CliTools,
    listing_options: Callable[[argparse.ArgumentParser, int | None, str], None],
) -> None:
    """The `mark`, `starred`, `tags`, `saved`, `batch` and `related` commands."""

    def with_tools(*args: Any) -> argparse.ArgumentParser:
        """A command whose handler finds cli.py's tools in its arguments."""
        sub = command(*args)
        sub.set_defaults(tools=tools)
        return sub

    mark = with_tools("mark", "star, tag or annotate an article (kept beside the index; survives a rebuild)", cmd_mark)
    mark.add_argument("article_id", metavar="ARTICLE_ID", help="the article's id, as search prints it")
    star = mark.add_mutually_exclusive_group()
    star.add_argument("--star", action="store_true", help="star the article")
    star.add_argument("--unstar", action="store_true", help="take its star away")
    mark.add_argument("--tag", action="append", metavar="TAG", help="give it a tag (may be repeated)")
    mark.add_argument("--untag", action="append", metavar="TAG", help="take a tag away (may be repeated)")
    mark.add_argument("--note", metavar="TEXT", help="set its note ('' removes it)")

    _formats(with_tools("starred", "list the starred articles, newest first", cmd_starred))
    tags = with_tools("tags", "list the tags with their numbers of articles, or the articles carrying one", cmd_tags)
    _formats(tags)
    tags.add_argument("tag", metavar="TAG", nargs="?", help="list the articles carrying this tag")

    saved = with_tools(
        "saved", "list the saved searches with how many new articles each has; save, drop or run one", cmd_saved
    )
    saved.add_argument("--save", nargs=2, metavar=("NAME", "QUERY"), help="save QUERY under NAME (replacing one)")
    saved.add_argument("--drop", metavar="NAME", help="forget the saved search NAME")
    saved.add_argument("--run", metavar="NAME", help="run the saved search NAME (its new articles count as seen)")
    saved.add_argument("--sort", choices=list(SORTS), help="the order to save or run with")
    listing_options(saved, 20, "hits --run prints")

    batch = with_tools("batch", "search a list of names or queries (one a line, or a CSV column) at once", cmd_batch)
    batch.add_argument("file", metavar="FILE", help="a text file with one name or query a line, or a CSV/TSV file")
    batch.add_argument("--column", metavar="COLUMN", help="the CSV column holding the names (its name or number)")
    _formats(batch)

    related = with_tools(
        "related", "the entities most often named with one (same articles, same sentences)", cmd_related
    )
    related.add_argument("name", metavar="NAME", help="the entity's name in any form")
    listing_options(related, 20, "entities")
