"""Command line: parse arguments, call the core, print results or one clear error line."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, NoReturn

from rich.console import Console

from newsbrowse import __version__
from newsbrowse.errors import EXIT_FAILURE, EXIT_OK, EXIT_USAGE, NewsbrowseError, UsageError

PROG = "newsbrowse"

Handler = Callable[[argparse.Namespace], int]


class _Parser(argparse.ArgumentParser):
    """An argument parser whose errors are one line on stderr and exit code 2."""

    def error(self, message: str) -> NoReturn:
        """Print one actionable line instead of argparse's usage block."""
        sys.stderr.write(f"{PROG}: error: {message} (see '{self.prog} --help')\n")
        raise SystemExit(EXIT_USAGE)


def _print_json(data: Any) -> None:
    """Write JSON to stdout, UTF-8 and readable."""
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")


def cmd_clean(args: argparse.Namespace) -> int:
    """Clean one document (a file, or `-` for stdin) and print its body or, with --json, everything."""
    from newsbrowse.clean import clean_document
    from newsbrowse.extract import extract_entities, extract_quotes
    from newsbrowse.ingest import read_bytes
    from newsbrowse.model import Document
    from newsbrowse.serialize import article_json

    name: str = args.file
    if name == "-":
        data = sys.stdin.buffer.read()
    else:
        path = Path(name)
        if not path.exists():
            raise UsageError(f"no such file: {name} (check the path)")
        if path.is_dir():
            raise UsageError(f"{name} is a directory; 'clean' takes one file (use 'index' for a folder)")
        try:
            data = path.read_bytes()
        except OSError as err:
            raise UsageError(f"cannot read {name}: {err.strerror or err}") from err
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
    outputs: list[dict[str, Any]] = []
    for document in documents:
        article = clean_document(document, url=args.url)
        if not args.json:
            outputs.append({"body": article.body})
            continue
        entities = extract_entities(article.body)
        quotes = extract_quotes(article.body, entities)
        outputs.append(article_json(article, entities, quotes))
    if args.json:
        _print_json(outputs[0] if len(outputs) == 1 else outputs)
    else:
        sys.stdout.write("\n\n".join(out["body"] for out in outputs) + "\n")
    return EXIT_OK


def cmd_browse(args: argparse.Namespace) -> int:
    """Open the terminal browser on an archive (Textual is imported here only: the core stays without it)."""
    from newsbrowse.tui.app import create_app

    app = create_app(args.archive, index_dir=args.index_dir)
    app.run()
    return app.return_code or EXIT_OK


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
    browse.add_argument("--index-dir", help="keep the index in this folder instead of ARCHIVE/.newsbrowse")
    browse.set_defaults(handler=cmd_browse)
    parser.set_defaults(commands=commands.choices)
    return parser


def _with_command(args: list[str], parser: argparse.ArgumentParser) -> list[str]:
    """`newsbrowse ARCHIVE ...` means `newsbrowse browse ARCHIVE ...`: a first word that is no command is an archive."""
    for position, arg in enumerate(args):
        if not arg.startswith("-"):
            return args if arg in parser.get_default("commands") else [*args[:position], "browse", *args[position:]]
    return args


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line and return the exit code."""
    args_list = list(sys.argv[1:] if argv is None else argv)
    parser = build_parser()
    args = parser.parse_args(_with_command(args_list, parser))
    handler: Handler | None = getattr(args, "handler", None)
    if handler is None:
        parser.print_help(sys.stderr)
        return EXIT_USAGE
    errors = Console(stderr=True, highlight=False, soft_wrap=True)
    try:
        return handler(args)
    except NewsbrowseError as err:
        if args.debug:
            raise
        errors.print(f"{PROG}: error: {err}", markup=False)
        return err.exit_code
    except KeyboardInterrupt:
        errors.print(f"{PROG}: interrupted", markup=False)
        return 130
    except BrokenPipeError:
        # The reader of our output went away (e.g. `| head`); nothing more to say.
        sys.stderr.close()
        return EXIT_OK
    except Exception as err:  # noqa: BLE001 - the last line of defence: one line, not a traceback
        if args.debug:
            raise
        errors.print(
            f"{PROG}: internal error: {type(err).__name__}: {err} (run with --debug for a traceback)",
            markup=False,
        )
        return EXIT_FAILURE
