"""Command line: parse arguments, call the core, print results or one clear error line."""

from __future__ import annotations

import argparse
import contextlib
import itertools
import json
import sys
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

from rich.console import Console
from rich.text import Text

from newsbrowse import __version__
from newsbrowse.errors import (
    EXIT_FAILURE,
    EXIT_OK,
    EXIT_USAGE,
    IndexDamagedError,
    NewsbrowseError,
    StorageError,
    UsageError,
    storage_error,
)
from newsbrowse.model import ENTITY_TYPES, Article, EntitySummary, Hit, IndexSummary
from newsbrowse.output import FORMATS, Format, rows, write_rows
from newsbrowse.serialize import to_jsonable
from newsbrowse.terminal import EXIT_READER_GONE, ReaderGone, guarded_stdout, json_ascii

if TYPE_CHECKING:
    from newsbrowse.archive import Archive
    from newsbrowse.model import BuildProgress

PROG = "newsbrowse"

Handler = Callable[[argparse.Namespace], int]


# Positional arguments whose values may start with '-'.
_DASHABLE = ("ARTICLE_ID", "QUERY", "NAME")


class _Parser(argparse.ArgumentParser):
    """An argument parser whose errors are one line on stderr (JSON after --json) and exit code 2."""

    json_errors = False

    def error(self, message: str) -> NoReturn:
        """Print one actionable line instead of argparse's usage block."""
        dashed = message.startswith("unrecognized arguments: -") or "expected one argument" in message
        if dashed or any(name in message for name in _DASHABLE):
            # An id, query or name may start with '-' ("-draft.txt"): argparse took it for an option.
            message += f"; a value starting with '-' goes after '--' (e.g. {self.prog} ARCHIVE -- -draft.txt)"
        _print_error(f"{message} (see '{self.prog} --help')", EXIT_USAGE, self.json_errors)
        raise SystemExit(EXIT_USAGE)


def _print_error(message: str, code: int, as_json: bool, kind: str = "error") -> None:
    """One line on stderr, `newsbrowse: error: ...`; after --json, `{"error": ..., "kind": ..., "exit_code": ...}`."""
    if as_json:
        line = json.dumps({"error": message, "kind": kind, "exit_code": code}, ensure_ascii=json_ascii())
    else:
        line = f"{PROG}: {kind}: {message}" if message else f"{PROG}: {kind}"
    sys.stderr.write(line + "\n")


def _print_json(data: Any) -> None:
    """Write JSON to stdout, readable (escaped to ASCII where the output's encoding cannot hold a character)."""
    sys.stdout.write(json.dumps(data, ensure_ascii=json_ascii(), indent=2) + "\n")


def _read_input(name: str) -> bytes:
    """The bytes of the file `clean` was given (`-`: stdin); UsageError naming it if it cannot be read."""
    if name == "-":
        return sys.stdin.buffer.read()
    path = Path(name)
    if not path.exists():
        raise UsageError(f"no such file: {name} (check the path)")
    if path.is_dir():
        raise UsageError(f"{name} is a directory; 'clean' takes one file (use 'index' for a folder)")
    try:
        return path.read_bytes()
    except OSError as err:
        raise UsageError(f"cannot read {name}: {err.strerror or err}") from err


def cmd_clean(args: argparse.Namespace) -> int:
    """Clean one document (a file, or `-` for stdin; every record of a WARC or JSONL file) and print it."""
    from newsbrowse.build.process import process_document
    from newsbrowse.ingest import read_bytes
    from newsbrowse.model import Document
    from newsbrowse.serialize import article_json

    name: str = args.file
    data = _read_input(name)
    documents: list[Document] = []
    reasons: list[str] = []
    for item in read_bytes(data, Path(name).name if name != "-" else "-"):
        if isinstance(item, Document):
            documents.append(item)
        else:
            reasons.append(item.reason)
    if not documents:
        why = reasons[0] if reasons else "no article found"
        raise UsageError(f"cannot clean {name}: {why}")
    records = [process_document(document, url=args.url, every_record=True) for document in documents]
    articles = [record.article for record in records]
    if args.json:
        outputs = [article_json(record.article, record.entities, record.quotes) for record in records]
        _print_json(outputs[0] if len(outputs) == 1 else outputs)
        return EXIT_OK
    out = Console(highlight=False, soft_wrap=True)
    if len(articles) > 1:  # a WARC or JSONL file: every record, each under its id
        out.print(f"{len(articles):,} articles in {name}", markup=False)
    for number, article in enumerate(articles):
        if number or len(articles) > 1:
            out.print()
            out.print("─" * 40, markup=False)
        _print_article(out, article, with_id=len(articles) > 1)
    return EXIT_OK


def _print_article(out: Console, article: Article, with_id: bool = True) -> None:
    """An article as `show` and `clean` print it: the title, its metadata a line each, then the text."""
    out.print(Text(article.title, style="bold"))
    for label, value in (
        ("id", article.id if with_id else None),
        ("published", str(article.published) if article.published else None),  # a date alone has no time
        ("source", article.source),
        ("section", article.section),
        ("authors", ", ".join(article.authors) or None),
        ("dateline", article.dateline),
        ("language", article.language),
        ("url", article.url),
    ):
        if value:
            out.print(f"{label}: {value}", markup=False)
    out.print()
    out.print(article.body, markup=False)


def cmd_browse(args: argparse.Namespace) -> int:
    """Open the terminal browser on an archive (Textual is imported here only: the core stays without it)."""
    from newsbrowse.tui.app import create_app

    app = create_app(args.archive, index_dir=args.index_dir)
    app.run()
    return app.return_code or EXIT_OK


# Index commands: index, search, show, entities, mentions, quotes.

_SKIPS_SHOWN = 5


def _open(args: argparse.Namespace) -> Archive:
    """Open the archive named on the command line with its index."""
    from newsbrowse.archive import open_archive

    return open_archive(args.archive, index_dir=args.index_dir)


def _summary_json(summary: IndexSummary, archive: Archive, elapsed: float) -> dict[str, Any]:
    """What `index --json` prints (and the `done` event of `--progress jsonl`)."""
    from newsbrowse.serialize import to_jsonable

    data: dict[str, Any] = to_jsonable(summary)
    data["index_dir"] = str(archive.index_dir)
    data["seconds"] = round(elapsed, 3)
    return data


def _print_summary(out: Console, summary: IndexSummary, archive: Archive, elapsed: float) -> None:
    """The human summary of a build: counts, skipped files with reasons, notes."""
    out.print(
        f"Indexed {archive.path} in {elapsed:.1f} s: {summary.added:,} added, {summary.updated:,} updated, "
        f"{summary.removed:,} removed, {summary.unchanged:,} unchanged; "
        f"{summary.total:,} article(s) in the index ({archive.index_dir})"
    )
    if summary.duplicates:
        out.print(f"{summary.duplicates:,} article(s) are near-copies of another: search shows one of each group")
    if summary.skipped:
        out.print(f"Skipped {len(summary.skipped):,} file(s) or record(s):")
        for skip in summary.skipped[:_SKIPS_SHOWN]:
            out.print(f"  {skip.path}: {skip.reason}")
        if len(summary.skipped) > _SKIPS_SHOWN:
            out.print(f"  ... and {len(summary.skipped) - _SKIPS_SHOWN:,} more")
    for note in summary.notes:
        out.print(f"Note: {note}")


def _progress_bar(console: Console) -> tuple[Any, Callable[[BuildProgress], None]]:
    """A rich progress bar (files, articles, rate, ETA) and the callback that drives it."""
    from rich.progress import BarColumn, Progress, TextColumn, TimeRemainingColumn

    bar = Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        TextColumn("{task.completed:,}/{task.total:,} files"),
        TextColumn("{task.fields[articles]:,} articles ({task.fields[rate]:,.0f}/s)"),
        TimeRemainingColumn(),
        console=console,
        transient=True,
    )
    task = bar.add_task("Scanning", total=None, articles=0, rate=0.0)

    def update(event: BuildProgress) -> None:
        """Move the bar to where the build is."""
        rate = event.articles / event.elapsed if event.elapsed > 0 else 0.0
        label = {"scan": "Scanning", "index": "Indexing", "finish": "Finishing"}[event.phase]
        total = event.files_total or None
        bar.update(task, description=label, completed=event.files_done, total=total, articles=event.articles, rate=rate)

    return bar, update


def _progress_events(event: BuildProgress) -> None:
    """`--progress jsonl`: one line per progress event on stdout (for the TUI)."""
    from newsbrowse.build.progress import progress_line

    sys.stdout.write(progress_line(event) + "\n")
    sys.stdout.flush()


def cmd_index(args: argparse.Namespace) -> int:
    """Build or update the index of an archive, with a progress bar on a terminal, then a summary."""
    import signal
    import time

    from newsbrowse.build.progress import done_line, error_line

    stopping: list[int] = []
    if args.progress == "jsonl":
        # The TUI stops a background build with SIGTERM: finish the batch in hand, then stop.
        signal.signal(signal.SIGTERM, lambda signum, frame: stopping.append(signum))
    errors = Console(stderr=True, highlight=False)
    started = time.monotonic()
    with _open(args) as archive:
        try:
            if args.progress == "jsonl":
                summary = archive.update(
                    args.jobs, _progress_events, lambda: bool(stopping), rebuild=args.rebuild, cluster=args.cluster
                )
            elif errors.is_terminal:
                bar, callback = _progress_bar(errors)
                with bar:
                    summary = archive.update(args.jobs, callback, rebuild=args.rebuild, cluster=args.cluster)
            else:
                summary = archive.update(args.jobs, rebuild=args.rebuild, cluster=args.cluster)
        except NewsbrowseError as err:
            if args.progress == "jsonl":
                sys.stdout.write(error_line(str(err)) + "\n")
            raise
        elapsed = time.monotonic() - started
        if args.progress == "jsonl":
            sys.stdout.write(done_line(_summary_json(summary, archive, elapsed)) + "\n")
        elif args.json:
            _print_json(_summary_json(summary, archive, elapsed))
        else:
            _print_summary(Console(highlight=False, soft_wrap=True), summary, archive, elapsed)
        _require_articles(archive, summary)
    return EXIT_OK


def _require_articles(archive: Archive, summary: IndexSummary) -> None:
    """Fail with one line when the archive holds no article at all."""
    if summary.total == 0:
        from newsbrowse.errors import ArchiveError
        from newsbrowse.ingest.registry import readable_files

        found = f"; {len(summary.skipped):,} file(s) could not be read" if summary.skipped else ""
        raise ArchiveError(f"no articles in {archive.path}: it holds no readable {readable_files()} file{found}")


def _updated(args: argparse.Namespace) -> Archive:
    """Open the archive and bring its index up to date first (quietly unless on a terminal).

    If another process is building the index, or the disk is full or read-only, search
    what the index holds instead.
    """
    from newsbrowse.archive import IndexBusyError

    archive = _open(args)
    errors = Console(stderr=True, highlight=False)
    try:
        if errors.is_terminal:
            bar, callback = _progress_bar(errors)
            with bar:
                summary = archive.update(progress=callback)
            if summary.added or summary.updated or summary.removed:
                errors.print(
                    f"(index updated: {summary.added:,} added, {summary.updated:,} updated,"
                    f" {summary.removed:,} removed)"
                )
        else:
            summary = archive.update()
    except IndexBusyError as busy:
        errors.print(f"(not updating the index: {busy})", markup=False, soft_wrap=True)
        return archive
    except Exception as err:
        # A full or read-only disk, a damaged lock file: what is indexed can still be searched.
        if not isinstance(err, IndexDamagedError | StorageError) or not _readable_count(archive):
            archive.close()
            raise
        note = f"(not updating the index: {err}; answering from the index as it is)"
        errors.print(note, markup=False, soft_wrap=True)
        return archive
    except BaseException:
        archive.close()
        raise
    try:
        _require_articles(archive, summary)
    except NewsbrowseError:
        archive.close()
        raise
    return archive


def _readable_count(archive: Archive) -> int:
    """How many articles the index holds, 0 when its store cannot be read either."""
    try:
        return archive.article_count()
    except NewsbrowseError:
        return 0


def _format(args: argparse.Namespace) -> Format:
    """The output format a listing command was asked for (`--json` is `--format json`)."""
    return "json" if getattr(args, "json", False) else args.format


def cmd_search(args: argparse.Namespace) -> int:
    """Search an archive and print the hits (with highlighted snippets for people) in the format asked for."""
    from dataclasses import replace

    from newsbrowse.listings import HITS, facets_text

    fmt = _format(args)
    # Commands that run a search for the user (saved --run) may not have these options.
    all_copies, facets_asked = getattr(args, "all_copies", False), getattr(args, "facets", False)
    if facets_asked and fmt in ("csv", "jsonl"):
        raise UsageError("--facets prints with --format table, json or md (csv and jsonl hold the hits alone)")
    with _updated(args) as archive:
        if args.limit is None:  # every hit, made as it is written
            results = replace(archive.search(args.query, limit=1, sort=args.sort, all_copies=all_copies), hits=())
            results = replace(results, total=archive.count(args.query), exact=True)
            hits: Iterable[Hit] = (
                archive.iter_search(args.query, sort=args.sort, all_copies=all_copies) if results.total else ()
            )
        else:
            results = archive.search(args.query, limit=args.limit, sort=args.sort, all_copies=all_copies)
            if not results.exact:
                results = replace(results, total=archive.count(args.query), exact=True)
            hits = results.hits
        if fmt == "table" and not results.total and not results.hits:
            out = Console(highlight=False, soft_wrap=True)
            out.print(f"No results for {args.query!r}.", markup=False)
            if results.suggestion:
                out.print(f"Did you mean: {results.suggestion}", markup=False)
            return EXIT_OK
        shown = "all" if args.limit is None else f"{len(results.hits)}"
        partial = sum(1 for hit in results.hits if hit.partial)
        some = f" (and {partial} with some of the words)" if partial else ""
        title = f"{results.total:,} result(s) for {args.query!r}{some}; showing {shown}"
        envelope = {key: value for key, value in to_jsonable(results).items() if key != "hits"}
        facets = archive.facets(args.query) if facets_asked else None
        if facets is not None:
            envelope["facets"] = to_jsonable(facets)
        write_rows(rows(hits), HITS, fmt, sys.stdout, envelope, title)
        if facets is not None and fmt != "json":
            sys.stdout.write("\n" + facets_text(facets, markdown=fmt == "md"))
    return EXIT_OK


def cmd_show(args: argparse.Namespace) -> int:
    """Print one article with its metadata, entities and quotes."""
    from newsbrowse.serialize import article_json

    with _updated(args) as archive:
        article = archive.article(args.article_id)
        entities = archive.article_entities(args.article_id)
        quotes = archive.article_quotes(args.article_id)
    if args.json:
        _print_json(article_json(article, entities, quotes))
        return EXIT_OK
    out = Console(highlight=False, soft_wrap=True)
    _print_article(out, article)
    if entities:
        out.print()
        out.print(Text("Entities", style="bold"))
        for type_ in ENTITY_TYPES:
            named = [f"{e.name} ({len(e.mentions)})" for e in entities if e.type == type_]
            if named:
                out.print(f"  {type_}: {', '.join(named)}", markup=False)
    if quotes:
        out.print()
        out.print(Text("Quotes", style="bold"))
        for quote in quotes:
            out.print(f"  \u201c{quote.text}\u201d \u2014 {quote.speaker or 'unattributed'}", markup=False)
    return EXIT_OK


def cmd_entities(args: argparse.Namespace) -> int:
    """List the entities of an archive, named in the most articles first."""
    from newsbrowse.listings import ENTITIES

    with _updated(args) as archive:
        entities = archive.entities(type=args.type, limit=args.limit)
        write_rows(rows(entities), ENTITIES, _format(args), sys.stdout)
    return EXIT_OK


def _entity(archive: Archive, name: str) -> EntitySummary:
    """The entity a name means, or UsageError naming the archive when none does."""
    found = archive.entity(name)
    if found is None:
        raise UsageError(f"no entity named '{name}' in {archive.path} (list them with 'newsbrowse entities')")
    return found


def cmd_mentions(args: argparse.Namespace) -> int:
    """Print every sentence of the archive that mentions an entity, newest first, with counts per month."""
    from newsbrowse.listings import MENTIONS

    fmt = _format(args)
    with _updated(args) as archive:
        entity = _entity(archive, args.name)
        months = archive.mention_months(args.name)
        mentions = archive.iter_mentions(args.name, limit=args.limit, since=args.since, until=args.until)
        envelope = {
            "entity": to_jsonable(entity),
            "months": [{"month": month, "mentions": count} for month, count in months],
        }
        title = f"{entity.name} ({entity.type}): {entity.mentions:,} mention(s) in {entity.articles:,} article(s)"
        write_rows(rows(mentions), MENTIONS, fmt, sys.stdout, envelope, title)
        if fmt == "table" and months:
            sys.stdout.write("\nPer month: " + ", ".join(f"{month} {count}" for month, count in months) + "\n")
    return EXIT_OK


def cmd_quotes(args: argparse.Namespace) -> int:
    """Print the quotes of an archive, newest first, or those of one speaker."""
    from newsbrowse.listings import QUOTES

    fmt = _format(args)
    with _updated(args) as archive:
        if args.speaker:
            _entity(archive, args.speaker)
        quotes = archive.iter_quotes(speaker=args.speaker, limit=args.limit, since=args.since, until=args.until)
        written = write_rows(rows(quotes), QUOTES, fmt, sys.stdout)
    if fmt == "table" and not written:
        sys.stdout.write("No quotes found.\n")
    return EXIT_OK


def _index_folder(text: str) -> str:
    """An argparse type: a folder for the index (it may not exist yet), not a file."""
    path = Path(text).expanduser()
    try:
        is_file = path.exists() and not path.is_dir()
    except OSError as err:  # a folder on the way that cannot be entered
        raise argparse.ArgumentTypeError(
            f"cannot look at '{text}': {err.strerror or err}; give a folder you can write"
        ) from None
    if is_file:
        raise argparse.ArgumentTypeError(f"'{text}' is a file; give a folder to keep the index in")
    return text


_MOST = 2**31 - 1


def _limit(text: str) -> int | None:
    """An argparse type: how many rows to list, 0 for all (None)."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a whole number (0 lists all)") from None
    if value < 0:
        raise argparse.ArgumentTypeError(f"{value} is negative (0 lists all)")
    return None if value == 0 else min(value, _MOST)


def _listing_options(sub: argparse.ArgumentParser, limit: int | None, what: str) -> None:
    """The options of a listing command: --format, and --limit with its default (0: all)."""
    sub.add_argument(
        "--format",
        choices=list(FORMATS),
        default="table",
        help="table (for people, the default), json, jsonl, csv, or md (Markdown; quotes and mentions as citations)",
    )
    default = "all" if limit is None else str(limit)
    sub.add_argument(
        "--limit", type=_limit, default=limit, help=f"how many {what} to list, 0 for all (default {default})"
    )


def _dates_options(sub: argparse.ArgumentParser) -> None:
    """--since and --until: only articles of those dates."""
    sub.add_argument("--since", metavar="DATE", help="only articles dated on or after DATE (2021, 2021-05, 2021-05-21)")
    sub.add_argument(
        "--until", metavar="DATE", help="only articles dated on or before DATE (2021, 2021-05, 2021-05-21)"
    )


def _positive(text: str) -> int:
    """An argparse type: an integer of at least 1."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a whole number") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"{value} is not at least 1")
    return min(value, _MOST)  # more than any archive holds means all (and SQLite takes 64-bit numbers only)


# Far more processes than cores only thrash; a slip of the finger must not start millions.
_MOST_JOBS = 256


def _jobs(text: str) -> int:
    """An argparse type: a number of worker processes, from 1 to _MOST_JOBS."""
    value = _positive(text)
    if value > _MOST_JOBS:
        raise argparse.ArgumentTypeError(
            f"{text} is more worker processes than a machine can use (at most {_MOST_JOBS})"
        )
    return value


def _add_index_commands(commands: Any) -> None:
    """The parsers of the index commands (each takes ARCHIVE and --index-dir)."""

    def command(
        name: str, help_text: str, handler: Handler, json_help: str | None = "print JSON"
    ) -> argparse.ArgumentParser:
        """A sub-command taking ARCHIVE, --index-dir and (unless json_help is None) --json."""
        sub: argparse.ArgumentParser = commands.add_parser(name, help=help_text, description=help_text)
        sub.add_argument("archive", metavar="ARCHIVE", help="a folder of articles, or a WARC or JSONL file")
        sub.add_argument(
            "--index-dir", type=_index_folder, help="keep the index in this folder instead of ARCHIVE/.newsbrowse"
        )
        if json_help:
            sub.add_argument("--json", action="store_true", help=json_help)
        sub.set_defaults(handler=handler)
        return sub

    index = command("index", "build or update the index of an archive", cmd_index, "print the summary as JSON")
    index.add_argument("--rebuild", action="store_true", help="forget the index and build it again from the files")
    index.add_argument("--jobs", type=_jobs, help="worker processes for cleaning and extraction (default: one per CPU)")
    index.add_argument(
        "--cluster",
        metavar="ADDRESS",
        help="read, clean and extract on a Dask cluster: a scheduler's address (tcp://HOST:8786; its workers need"
        " the archive at the same path) or local:N for N workers here (needs newsbrowse[cluster])",
    )
    index.add_argument("--progress", choices=["jsonl"], help=argparse.SUPPRESS)

    search = command(
        "search", 'search an archive (words, "phrases", AND/OR/NOT, field:value, date:2021-05)', cmd_search
    )
    search.add_argument(
        "query", metavar="QUERY", help="the query, e.g. 'ulyanov date:2021-05' or 'person:\"Kazem Jalali\"'"
    )
    _listing_options(search, 20, "hits")
    search.add_argument(
        "--facets",
        action="store_true",
        help="also count the hits by month, source and section, and list the persons, organisations and places"
        " they name most",
    )
    search.add_argument(
        "--all-copies",
        action="store_true",
        help="list near-copies of an article as hits of their own (by default each group shows once, the others"
        " in its `copies`)",
    )
    search.add_argument(
        "--sort",
        choices=["relevance", "date", "oldest"],
        default="relevance",
        help="order of the hits: relevance, date (newest first) or oldest first",
    )

    show = command("show", "print one article with its metadata, entities and quotes", cmd_show)
    show.add_argument("article_id", metavar="ARTICLE_ID", help="the article's id, as search prints it")

    entities = command(
        "entities", "list the people, organisations, places and others named in an archive", cmd_entities
    )
    entities.add_argument("--type", choices=list(ENTITY_TYPES), help="only entities of this type")
    _listing_options(entities, 100, "entities")

    mentions = command("mentions", "every sentence of the archive that mentions an entity", cmd_mentions)
    mentions.add_argument("name", metavar="NAME", help="the entity's name in any form: 'Mikhail Ulyanov', 'ulyanov'")
    _listing_options(mentions, None, "mentions (the newest)")
    _dates_options(mentions)

    quotes = command("quotes", "the quotes in an archive, with their speakers", cmd_quotes)
    quotes.add_argument("--speaker", metavar="NAME", help="only this speaker's quotes (any form of the name)")
    _listing_options(quotes, None, "quotes (the newest)")
    _dates_options(quotes)

    from newsbrowse.cli_entity import add_entity_command

    add_entity_command(command, _index_folder, _positive)

    from newsbrowse.cli_marks import CliTools, add_mark_commands

    add_mark_commands(command, CliTools(_open, _updated, _entity, _print_json, cmd_search, _format), _listing_options)


def build_parser() -> argparse.ArgumentParser:
    """The argument parser for every command."""
    parser = _Parser(
        prog=PROG,
        description="A keyboard-first terminal browser for news archives.",
        epilog=f"Run '{PROG} ARCHIVE' to open the browser on a folder of articles.",
    )
    parser.add_argument("--version", action="version", version=f"{PROG} {__version__}")
    parser.add_argument("--debug", action="store_true", help="show a traceback on errors")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    clean = commands.add_parser("clean", help="clean one HTML or text document without an index")
    clean.add_argument("file", metavar="FILE", help="an HTML, text or JSON file, or - for stdin")
    clean.add_argument("--url", help="the page's URL, used for its metadata")
    clean.add_argument("--json", action="store_true", help="print the whole article as JSON")
    clean.set_defaults(handler=cmd_clean)

    browse = commands.add_parser("browse", help=f"open the browser on an archive (the same as '{PROG} ARCHIVE')")
    browse.add_argument("archive", metavar="ARCHIVE", help="a folder of articles, or a WARC or JSONL file")
    browse.add_argument(
        "--index-dir", type=_index_folder, help="keep the index in this folder instead of ARCHIVE/.newsbrowse"
    )
    browse.set_defaults(handler=cmd_browse)
    _add_index_commands(commands)
    parser.set_defaults(commands=commands.choices)
    return parser


def _with_command(args: list[str], parser: argparse.ArgumentParser) -> list[str]:
    """`newsbrowse ARCHIVE ...` means `newsbrowse browse ARCHIVE ...`: a first word that is no command is an archive."""
    for position, arg in enumerate(args):
        if not arg.startswith("-"):
            return args if arg in parser.get_default("commands") else [*args[:position], "browse", *args[position:]]
    return args


# Arguments that are text, not paths: bytes that are not UTF-8 (surrogate escapes in argv) mean nothing there.
_TEXT_ARGUMENTS = {
    "query": "QUERY",
    "name": "NAME",
    "article_id": "ARTICLE_ID",
    "speaker": "--speaker",
    "url": "--url",
    "into": "INTO",
    "new_name": "NEW_NAME",
    "form": "FORM",
    "tag": "TAG",
    "note": "--note",
}


def _check_text_arguments(args: argparse.Namespace) -> None:
    """Raise UsageError for a text argument holding bytes that are not UTF-8."""
    for attribute, shown in _TEXT_ARGUMENTS.items():
        value = getattr(args, attribute, None)
        if isinstance(value, str) and not value.isascii():
            try:
                value.encode("utf-8")
            except UnicodeEncodeError:
                raise UsageError(f"{shown} is not valid UTF-8 text (check the terminal's encoding)") from None


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line and return the exit code."""
    args_list = list(sys.argv[1:] if argv is None else argv)
    parser = build_parser()
    as_json = "--json" in args_list or "--format=json" in args_list or _follows(args_list, "--format", "json")
    for sub in [parser, *parser.get_default("commands").values()]:
        sub.json_errors = as_json
    args = parser.parse_args(_with_command(args_list, parser))
    handler: Handler | None = getattr(args, "handler", None)
    if handler is None:
        parser.print_help(sys.stderr)
        return EXIT_USAGE
    unmade = _unmade_index_folders(args)
    succeeded = False
    try:
        _check_text_arguments(args)
        if handler is cmd_browse:  # the terminal is Textual's
            return handler(args)
        for_people = getattr(args, "format", "table") == "table" and not getattr(args, "json", False)
        with guarded_stdout(people=for_people and not getattr(args, "progress", None)):
            code = handler(args)
        succeeded = code == EXIT_OK
        return code
    except NewsbrowseError as err:
        if args.debug:
            raise
        _print_error(str(err), err.exit_code, as_json)
        return err.exit_code
    except KeyboardInterrupt:
        _print_error("", 130, as_json, "interrupted")
        return 130
    except ReaderGone:
        # The reader of our output went away (e.g. `| head`): nothing more to say.
        return EXIT_READER_GONE
    except Exception as err:
        if args.debug:
            raise
        known = storage_error(err)
        if known is not None:  # a failure of the disk outside the archive's own calls
            _print_error(str(known), EXIT_FAILURE, as_json)
            return EXIT_FAILURE
        internal = f"{type(err).__name__}: {err} (run with --debug for a traceback)"
        _print_error(internal, EXIT_FAILURE, as_json, "internal error")
        return EXIT_FAILURE
    finally:
        if not succeeded:
            _remove_unused(unmade)


def _follows(args: list[str], option: str, value: str) -> bool:
    """Whether `option` is given `value` as the next argument."""
    return any(arg == option and following == value for arg, following in itertools.pairwise(args))


def _unmade_index_folders(args: argparse.Namespace) -> list[Path]:
    """The index folders this command may make that do not exist yet (a failed command removes them again)."""
    text = getattr(args, "archive", None)
    if text is None:
        return []
    from newsbrowse.location import INDEX_DIR_NAME, cache_index_dir

    archive = Path(text).expanduser().absolute()
    candidates = [Path(args.index_dir).expanduser().absolute()] if args.index_dir else []
    candidates += [archive / INDEX_DIR_NAME, cache_index_dir(archive)]
    unmade = []
    for candidate in candidates:
        try:
            while not candidate.exists():  # the folder, then the folders made for it (the cache's own)
                unmade.append(candidate)
                candidate = candidate.parent
        except OSError:
            continue
    return unmade


def _remove_unused(folders: list[Path]) -> None:
    """Remove index folders a failed command made, if they hold no article (and nothing that is not ours)."""
    if folders:
        from newsbrowse.build.repair import remove_unused_index

        for folder in folders:  # each folder before the ones it lies in
            if not folder.is_dir():
                continue  # not made after all: nothing to touch
            remove_unused_index(folder)
            with contextlib.suppress(OSError):
                folder.rmdir()  # a folder made on the way to the index folder, if it is empty
