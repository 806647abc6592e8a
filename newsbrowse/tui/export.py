"""Exports from the browser: what a view lists, written to a file by the output layer the CLI uses."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from newsbrowse.errors import UsageError
from newsbrowse.output import EXTENSIONS, Listing, format_of_path, rows, write_rows

# A proposed file name is made of at most this many characters of what the view shows.
_NAME_CHARS = 40
_NOT_NAME = re.compile(r"[^\w]+")


@dataclass(frozen=True, slots=True)
class ExportView:
    """What a view can export: a file name for it, a title line, how its rows are written, and the rows."""

    name: str
    title: str
    what: str  # "hits", "mentions", "quotes", for the notification
    listing: Listing
    items: Callable[[], Iterable[Any]]


def slug(text: str) -> str:
    """Text made fit for a file name: words joined with '-', lower case."""
    return _NOT_NAME.sub("-", text.casefold()).strip("-")[:_NAME_CHARS].strip("-") or "export"


def proposed_path(folder: Path, name: str, extension: str = EXTENSIONS["md"]) -> Path:
    """A file in `folder` named after the view that does not exist yet (name.md, name-2.md, ...)."""
    candidate = folder / f"{name}.{extension}"
    number = 2
    while candidate.exists():
        candidate = folder / f"{name}-{number}.{extension}"
        number += 1
    return candidate


def export(view: ExportView, path: Path) -> int:
    """Write the view's rows to `path` in the format its ending names; returns how many were written."""
    format = format_of_path(path.name)
    if format is None:
        raise UsageError(f"{path.name}: end the file name with .md, .csv, .json, .jsonl or .txt to choose a format")
    with path.open("w", encoding="utf-8", newline="") as out:
        return write_rows(rows(view.items()), view.listing, format, out, title=view.title)
