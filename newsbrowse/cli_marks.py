"""`newsbrowse mark|starred|tags|saved|batch|related ARCHIVE ...`: the user's marks and saved searches, batch
search of a list of names, and the entities named with one."""

from __future__ import annotations

import argparse
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from rich.console import Console

from newsbrowse.errors import EXIT_OK, UsageError
from newsbrowse.model import SORTS

if TYPE_CHECKING:
    from newsbrowse.marks import Marked

Command = Callable[..., argparse.ArgumentParser]


def _console() -> Console:
    """Plain output for listings (no markup: titles and notes are the archive's or the person's text)."""
    return Console(highlight=False, soft_wrap=True)


def _table(header: Sequence[str], rows: Sequence[Sequence[str]], right: Sequence[int] = ()) -> None:
    """Print aligned columns, numbers (the columns in `right`) aligned right."""
    widths = [max([len(header[i]), *(len(row[i]) for row in rows)]) for i in range(len(header))]

    def line(cells: Sequence[str]) -> str:
        return "  ".join(
            c.rjust(w) if i in right else c.ljust(w) for i, (c, w) in enumerate(zip(cells, widths, strict=True))
        )

    out = _console()
    out.print(line(header).rstrip(), markup=False)
    for row in rows:
        out.print(line(row).rstrip(), markup=False)


def _print_marked(listed: list[Marked], as_json: bool, empty: str) -> int:
    """A list of marked articles: star, date, title, tags, note's first line, id."""
    from newsbrowse.cli import _day, _print_json
    from newsbrowse.serialize import to_jsonable

    if as_json:
        _print_json(to_jsonable(listed))
        return EXIT_OK
    out = _console()
    if not listed:
        out.print(empty, markup=False)
        return EXIT_OK
    for item in listed:
        marks = item.marks
        star = "*" if marks.starred else " "
        title = item.title if item.present else "(no longer in the archive)"
        out.print(f"{star} {_day(item.published)}  {title}  [{marks.article_id}]", markup=False)
        if marks.tags:
            out.print("    tags: " + ", ".join(marks.tags), markup=False)
        if marks.note:
            first = marks.note.splitlines()[0]
            more = "…" if len(first) > 100 or len(marks.note) > len(first) else ""
            out.print(f"    note: {first[:100]}{more}", markup=False)
    return EXIT_OK


def cmd_mark(args: argparse.Namespace) -> int:
    """Star, tag or annotate one article, then print its marks."""
    from newsbrowse.cli import _open, _print_json
    from newsbrowse.serialize import to_jsonable

    if not (args.star or args.unstar or args.tag or args.untag or args.note is not None):
        raise UsageError("say what to mark: --star, --unstar, --tag TAG, --untag TAG or --note TEXT")
    with _open(args) as archive:
        if args.star or args.unstar:
            marks = archive.star(args.article_id, bool(args.star))
        for tag in args.tag or ():
            marks = archive.tag(args.article_id, tag)
        for tag in args.untag or ():
            marks = archive.tag(args.article_id, tag, present=False)
        if args.note is not None:
            marks = archive.note(args.article_id, args.note)
    if args.json:
        _print_json(to_jsonable(marks))
        return EXIT_OK
    parts = ["starred" if marks.starred else "not starred"]
    parts += ["tags: " + ", ".join(marks.tags)] if marks.tags else []
    parts += [f"note: {len(marks.note):,} characters"] if marks.note else []
    _console().print(f"{marks.article_id}: " + "; ".join(parts), markup=False)
    return EXIT_OK


def cmd_starred(args: argparse.Namespace) -> int:
    """List the starred articles, newest first."""
    from newsbrowse.cli import _open

    with _open(args) as archive:
        listed = archive.marked("starred", "yes", "name")
    return _print_marked(listed, args.json, "No starred article (press * on one in the browser, or 'newsbrowse mark').")


def cmd_tags(args: argparse.Namespace) -> int:
    """List the tags with their numbers of articles, or the articles carrying one tag."""
    from newsbrowse.cli import _open, _print_json

    with _open(args) as archive:
        if args.tag:
            return _print_marked(archive.marked("tag", args.tag, "name"), args.json, f"No article tagged {args.tag!r}.")
        counts = archive.tags()
    if args.json:
        _print_json([{"tag": tag, "articles": n} for tag, n in counts])
    elif not counts:
        _console().print("No tags yet (press t on an article in the browser, or 'newsbrowse mark --tag').")
    else:
        _table(["tag", "articles"], [(tag, f"{n:,}") for tag, n in counts], right=[1])
    return EXIT_OK


def cmd_saved(args: argparse.Namespace) -> int:
    """List the saved searches with their new articles; save, drop or run one."""
    from newsbrowse.cli import _print_json, _updated, cmd_search
    from newsbrowse.serialize import to_jsonable

    with _updated(args) as archive:
        if args.save:
            name, query = args.save
            archive.save_search(name, query, args.sort or "relevance")
        if args.drop:
            archive.drop_search(args.drop)
        if args.run:
            found = archive.open_search(args.run)
            run = argparse.Namespace(**{**vars(args), "query": found.query, "sort": args.sort or found.sort})
            return cmd_search(run)
        listed = archive.saved_searches()
    if args.json:
        _print_json(to_jsonable(listed))
    elif not listed:
        _console().print(
            "No saved search (press ctrl+s in the browser, or 'newsbrowse saved ARCHIVE --save NAME QUERY')."
        )
    else:
        rows = [
            (s.search.name, s.search.query, s.error or f"{s.matches:,}", "" if s.error else f"{s.new:,}")
            for s in listed
        ]
        _table(["name", "query", "articles", "new"], rows, right=[2, 3])
    return EXIT_OK


def cmd_batch(args: argparse.Namespace) -> int:
    """Answer each name or query of a list: articles, first and last date, the entity it resolved to."""
    from newsbrowse.batch import read_list
    from newsbrowse.cli import _day, _print_json, _updated
    from newsbrowse.serialize import to_jsonable

    lines = read_list(Path(args.file), args.column)
    with _updated(args) as archive:
        rows = list(archive.batch(lines))
    if args.json:
        _print_json(to_jsonable(rows))
        return EXIT_OK

    table = [
        (
            str(r.line),
            r.text,
            f"{r.articles:,}",
            _day(r.first) if r.articles else "",
            _day(r.last) if r.articles else "",
            r.found_as(),
        )
        for r in rows
    ]
    _table(["line", "name or query", "articles", "first", "last", "found as"], table, right=[0, 2])
    return EXIT_OK


def cmd_related(args: argparse.Namespace) -> int:
    """List the entities most often named with one, in the same articles and sentences."""
    from newsbrowse.cli import _entity, _print_json, _updated
    from newsbrowse.serialize import to_jsonable

    with _updated(args) as archive:
        entity = _entity(archive, args.name)
        related = archive.related(args.name, args.limit)
    if args.json:
        _print_json({"entity": to_jsonable(entity), "related": to_jsonable(related)})
        return EXIT_OK
    _console().print(f"Named with {entity.name} ({entity.type}, {entity.articles:,} article(s)):", markup=False)
    rows = [(r.name, r.type, f"{r.articles:,}", f"{r.sentences:,}", f"{r.score:.1f}") for r in related]
    _table(["name", "type", "articles", "sentences", "score"], rows, right=[2, 3, 4])
    return EXIT_OK


def add_mark_commands(command: Command, positive: Callable[[str], int]) -> None:
    """The `mark`, `starred`, `tags`, `saved`, `batch` and `related` commands."""
    mark = command("mark", "star, tag or annotate an article (kept beside the index; survives a rebuild)", cmd_mark)
    mark.add_argument("article_id", metavar="ARTICLE_ID", help="the article's id, as search prints it")
    mark.add_argument("--star", action="store_true", help="star the article")
    mark.add_argument("--unstar", action="store_true", help="take its star away")
    mark.add_argument("--tag", action="append", metavar="TAG", help="give it a tag (may be repeated)")
    mark.add_argument("--untag", action="append", metavar="TAG", help="take a tag away (may be repeated)")
    mark.add_argument("--note", metavar="TEXT", help="set its note ('' removes it)")

    command("starred", "list the starred articles, newest first", cmd_starred)
    tags = command("tags", "list the tags with their numbers of articles, or the articles carrying one", cmd_tags)
    tags.add_argument("tag", metavar="TAG", nargs="?", help="list the articles carrying this tag")

    saved = command(
        "saved", "list the saved searches with how many new articles each has; save, drop or run one", cmd_saved
    )
    saved.add_argument("--save", nargs=2, metavar=("NAME", "QUERY"), help="save QUERY under NAME (replacing one)")
    saved.add_argument("--drop", metavar="NAME", help="forget the saved search NAME")
    saved.add_argument("--run", metavar="NAME", help="run the saved search NAME (its new articles count as seen)")
    saved.add_argument("--sort", choices=list(SORTS), help="the order to save or run with")
    saved.add_argument("--limit", type=positive, default=20, help="how many hits --run prints (default 20)")

    batch = command("batch", "search a list of names or queries (one a line, or a CSV column) at once", cmd_batch)
    batch.add_argument("file", metavar="FILE", help="a text file with one name or query a line, or a CSV/TSV file")
    batch.add_argument("--column", metavar="COLUMN", help="the CSV column holding the names (its name or number)")

    related = command("related", "the entities most often named with one (same articles, same sentences)", cmd_related)
    related.add_argument("name", metavar="NAME", help="the entity's name in any form")
    related.add_argument("--limit", type=positive, default=20, help="how many to list (default 20)")
