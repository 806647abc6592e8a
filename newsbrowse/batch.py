"""Batch search: a list of names or queries (one a line, or a column of a CSV file), each answered with its
number of articles, first and last date, and the entity a name resolves to (Archive.batch)."""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Literal

from newsbrowse.errors import UsageError

# A list typed or exported by a person: anything larger is no such list.
MAX_BYTES = 20_000_000
MAX_LINES = 100_000
MAX_LINE = 1_000
# What makes a line a query rather than a name: a field, quotes, operators, wildcards, grouping.
_QUERY = re.compile(r'\b[A-Za-z_]\w*:|["()*?~\[\]]|\b(?:AND|OR|NOT)\b')

BatchKind = Literal["entity", "words", "query"]


@dataclass(frozen=True, slots=True)
class BatchRow:
    """One line of a batch and what the archive holds for it.

    `kind`: "entity" when the line names an entity (counted over every form of its name),
    "words" for a name no entity has (searched as a phrase), "query" for a query. `query` is
    what to search to see the articles; `candidates` the entities an ambiguous name may mean.
    """

    line: int
    text: str
    kind: BatchKind
    articles: int = 0
    first: date | None = None
    last: date | None = None
    entity: str | None = None
    type: str | None = None
    query: str = ""
    candidates: tuple[str, ...] = ()
    error: str | None = None

    def found_as(self) -> str:
        """What the line was found as, in a few words: the entity, the candidates of an ambiguous name, or how it was searched."""
        if self.error:
            return f"error: {self.error}"
        if self.candidates:
            return "ambiguous: " + " / ".join(self.candidates)
        if self.entity:
            return f"{self.entity} ({self.type})"
        return "no entity: searched as a phrase" if self.kind == "words" else "query"


def is_query(text: str) -> bool:
    """Whether a line is written in the query language (fields, quotes, AND/OR/NOT, wildcards) or is a plain name."""
    return bool(_QUERY.search(text))


def phrase(text: str) -> str:
    """A plain name as a phrase query ("Mikhail Ulyanov")."""
    return '"' + text.replace('"', " ") + '"'


def _decode(data: bytes, source: str) -> str:
    """The text of a list (UTF-8, with or without a byte-order mark); UsageError naming it otherwise."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        raise UsageError(f"{source} is not UTF-8 text (byte {err.start + 1}): save it as UTF-8") from err


def read_list(path: Path, column: str | None = None) -> list[tuple[int, str]]:
    """The (line number, text) of each name or query of a list file.

    A .csv or .tsv file (or any file when `column` is given) is read as a table whose first
    row names the columns: `column` is a column's name or number (from 1), the first column
    by default. Any other file has one name or query a line. Blank lines and lines starting
    with '#' are skipped. UsageError names the file and what is wrong with it.
    """
    try:
        with path.open("rb") as file:
            data = file.read(MAX_BYTES + 1)
    except FileNotFoundError:
        raise UsageError(f"no such file: {path} (give a file of names, one a line, or a CSV file)") from None
    except IsADirectoryError:
        raise UsageError(f"{path} is a folder: give a file of names, one a line, or a CSV file") from None
    except OSError as err:
        raise UsageError(f"cannot read {path}: {err.strerror or err}") from err
    if len(data) > MAX_BYTES:
        raise UsageError(f"{path} is over {MAX_BYTES // 1_000_000} MB: is it a list of names?")
    text = _decode(data, str(path))
    tabular = column is not None or path.suffix.lower() in (".csv", ".tsv")
    lines = _table(text, column, path) if tabular else list(enumerate(text.splitlines(), 1))
    kept = [(number, " ".join(line.split())) for number, line in lines]
    kept = [(number, line) for number, line in kept if line and not line.startswith("#")]
    if len(kept) > MAX_LINES:
        raise UsageError(f"{path} has {len(kept):,} names; a batch takes at most {MAX_LINES:,}: split it")
    for number, line in kept:
        if len(line) > MAX_LINE:
            raise UsageError(f"{path}, line {number}: over {MAX_LINE:,} characters: is it a name or a query?")
    if not kept:
        raise UsageError(f"{path} holds no name or query (one a line; lines starting with # are skipped)")
    return kept


def _table(text: str, column: str | None, path: Path) -> list[tuple[int, str]]:
    """The cells of one column of a CSV or TSV text, after its header row, with their line numbers."""
    try:
        dialect: type[csv.Dialect] | csv.Dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t|")
    except csv.Error:
        dialect = csv.excel_tab if path.suffix.lower() == ".tsv" else csv.excel
    reader = csv.reader(io.StringIO(text), dialect)
    try:
        header = next(reader)
    except StopIteration:
        return []
    except csv.Error as err:
        raise UsageError(f"cannot read {path} as CSV: {err}") from err
    index = _column(header, column, path)
    cells: list[tuple[int, str]] = []
    try:
        for row in reader:
            if index < len(row):
                cells.append((reader.line_num, row[index]))
    except csv.Error as err:
        raise UsageError(f"cannot read {path} as CSV, line {reader.line_num}: {err}") from err
    return cells


def _column(header: list[str], column: str | None, path: Path) -> int:
    """The index of the column a name or number (from 1) stands for; UsageError listing the columns otherwise."""
    if column is None:
        return 0
    names = [cell.strip().casefold() for cell in header]
    if column.strip().casefold() in names:
        return names.index(column.strip().casefold())
    if column.isdigit() and 1 <= int(column) <= len(header):
        return int(column) - 1
    listed = ", ".join(repr(cell) for cell in header)
    raise UsageError(f"no column {column!r} in {path} (its columns: {listed}; or give a number from 1)")
