"""The output layer: any listing written as table, json, jsonl, csv or md, streamed row by row.

Every listing command of the CLI, and every export of the TUI, describes its rows once with a
`Listing` and hands an iterable of rows (JSON-ready dicts, see `rows`) to `write_rows`, which
writes them one at a time: a listing of any length runs in constant memory as long as the rows
come from a generator. The formats, after sqlite-utils:

- `table`: for people; the listing's own `show` per row, or an aligned table of its columns;
- `json`: one JSON document: the rows as an array, inside the `envelope` object under `items`
  when the listing has one (what `--json` always printed);
- `jsonl`: one JSON object per line (the envelope left out);
- `csv`: a header of the columns, then one line per row (lists joined with "; ");
- `md`: Markdown: a table of the columns, or, for a listing that `cite`s (quotes, mentions), one
  citation-ready block per row: the sentence, then the article's title, source, date and id.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from itertools import islice
from typing import Any, Literal, TextIO

from rich.console import Console, RenderableType

from newsbrowse.serialize import to_jsonable
from newsbrowse.terminal import json_ascii

Format = Literal["table", "json", "jsonl", "csv", "md"]
FORMATS: tuple[Format, ...] = ("table", "json", "jsonl", "csv", "md")
# The file name ending of each format (for exports).
EXTENSIONS: dict[Format, str] = {"table": "txt", "json": "json", "jsonl": "jsonl", "csv": "csv", "md": "md"}

Row = Mapping[str, Any]

# The plain table takes its column widths from this many first rows (the rest stream under them).
_WIDTH_ROWS = 200


@dataclass(frozen=True, slots=True)
class Listing:
    """How one kind of row is written in every format.

    `columns`: the fields of a row for csv and the tables, in order. `items`: the key of the
    rows inside a JSON envelope. `cite`: for md, a citation block per row instead of a table
    row. `show`: for table, what a person reads for the n-th row (from 1); without it, an aligned table.
    """

    columns: tuple[str, ...]
    items: str = "rows"
    cite: Callable[[Row], str] | None = None
    show: Callable[[int, Row], RenderableType] | None = None


def rows(items: Iterable[Any]) -> Iterator[Row]:
    """Model objects (dataclasses) as JSON-ready dicts, one at a time."""
    for item in items:
        yield to_jsonable(item)


def cell(value: Any) -> str:
    """A value as one flat piece of text: lists joined with "; ", nothing for None."""
    if value is None:
        return ""
    if isinstance(value, list | tuple):
        return "; ".join(cell(item) for item in value)
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, float):
        return f"{value:.3f}"
    return str(value)


def write_rows(
    items: Iterable[Row],
    listing: Listing,
    format: Format,
    out: TextIO,
    envelope: Mapping[str, Any] | None = None,
    title: str | None = None,
) -> int:
    """Write the rows in the format, one at a time; returns how many were written.

    `envelope`: the fields around the rows in `json` (the rows go under `listing.items`);
    `title`: a line before the rows in `table` and `md` (what the listing is).
    """
    writer = _WRITERS[format]
    return writer(iter(items), listing, out, envelope, title)


def _json(items: Iterator[Row], listing: Listing, out: TextIO, envelope: Mapping[str, Any] | None, _: Any) -> int:
    """One JSON document: the rows as an array, in the envelope when there is one; readable indentation."""
    ascii_only = json_ascii()
    indent = "    " if envelope is not None else "  "
    if envelope is not None:
        out.write("{\n")
        for key, value in envelope.items():
            text = json.dumps(to_jsonable(value), ensure_ascii=ascii_only, indent=2).replace("\n", "\n  ")
            out.write(f"  {json.dumps(key)}: {text},\n")
        out.write(f"  {json.dumps(listing.items)}: [")
    else:
        out.write("[")
    count = 0
    for row in items:
        text = json.dumps(row, ensure_ascii=ascii_only, indent=2).replace("\n", "\n" + indent)
        out.write(("," if count else "") + "\n" + indent + text)
        count += 1
    closing = "\n" + indent[:-2] if count else ""
    out.write(closing + ("]\n}\n" if envelope is not None else "]\n"))
    return count


def _jsonl(items: Iterator[Row], listing: Listing, out: TextIO, envelope: Any, title: Any) -> int:
    """One JSON object per line."""
    ascii_only = json_ascii()
    count = 0
    for row in items:
        out.write(json.dumps(row, ensure_ascii=ascii_only) + "\n")
        count += 1
    return count


def _csv(items: Iterator[Row], listing: Listing, out: TextIO, envelope: Any, title: Any) -> int:
    """A header of the columns, then a line per row."""
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(listing.columns)
    count = 0
    for row in items:
        writer.writerow([cell(row.get(column)) for column in listing.columns])
        count += 1
    return count


def _md_cell(value: Any) -> str:
    """A value for a Markdown table cell: one line, its pipes escaped."""
    return " ".join(cell(value).split()).replace("\\", "\\\\").replace("|", "\\|")


def _md(items: Iterator[Row], listing: Listing, out: TextIO, envelope: Any, title: str | None) -> int:
    """Markdown: citation blocks for a listing that cites, else a table."""
    if title:
        out.write(f"## {' '.join(title.split())}\n\n")
    count = 0
    if listing.cite is not None:
        for row in items:
            out.write(("\n" if count else "") + listing.cite(row).rstrip("\n") + "\n")
            count += 1
        return count
    out.write("| " + " | ".join(listing.columns) + " |\n")
    out.write("|" + "|".join(" --- " for _ in listing.columns) + "|\n")
    for row in items:
        out.write("| " + " | ".join(_md_cell(row.get(column)) for column in listing.columns) + " |\n")
        count += 1
    return count


def _table(items: Iterator[Row], listing: Listing, out: TextIO, envelope: Any, title: str | None) -> int:
    """For people: the listing's own view of each row, or an aligned table of its columns."""
    console = Console(file=out, highlight=False, soft_wrap=True)
    if title:
        console.print(title, markup=False, style="bold")
    count = 0
    if listing.show is not None:
        for count, row in enumerate(items, 1):
            console.print()
            console.print(listing.show(count, row))
        return count
    first = list(islice(items, _WIDTH_ROWS))
    widths = [max([len(column), *(len(cell(row.get(column))) for row in first)]) for column in listing.columns]

    def line(values: Sequence[str]) -> str:
        """One line of the table, its columns aligned."""
        return "  ".join(value.ljust(width) for value, width in zip(values, widths, strict=True)).rstrip()

    console.print(line(listing.columns), markup=False)
    for row in _chain(first, items):
        console.print(line([cell(row.get(column)) for column in listing.columns]), markup=False)
        count += 1
    return count


def _chain(first: list[Row], rest: Iterator[Row]) -> Iterator[Row]:
    """The rows read to measure the columns, then the others as they come."""
    yield from first
    yield from rest


_WRITERS: dict[str, Callable[[Iterator[Row], Listing, TextIO, Mapping[str, Any] | None, str | None], int]] = {
    "table": _table,
    "json": _json,
    "jsonl": _jsonl,
    "csv": _csv,
    "md": _md,
}
