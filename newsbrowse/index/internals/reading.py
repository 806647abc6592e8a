"""Reading what whoosh keeps in its private file structures, in one go: field lengths, numeric columns, spelling
suggestions over several fields, partial dates."""

from __future__ import annotations

import sys
from array import array
from collections.abc import Iterator
from typing import Any

from whoosh.codec.whoosh3 import LENGTHS_COLUMN, _lenfield
from whoosh.fields import DATETIME
from whoosh.reading import IndexReader
from whoosh.spelling import Corrector


def field_lengths(reader: IndexReader, fieldname: str) -> bytes | None:
    """A segment's length bytes for one field (one per document, as whoosh stores them), read in one go;
    trailing documents without the field padded with 0. None when the reader keeps no lengths of it."""
    perdoc = getattr(reader, "_perdoc", None)
    column = perdoc._cached_reader(_lenfield(fieldname), LENGTHS_COLUMN) if perdoc is not None else None
    if column is None:
        return None
    raw: bytes = column._dbfile.get(column._basepos, column._count)
    return raw + bytes(reader.doc_count_all() - len(raw))


def column_values(reader: IndexReader, fieldname: str, default: int) -> array[int]:
    """A segment's 64-bit numeric column of one field, read in one go (documents past its end get `default`)."""
    column = reader.column_reader(fieldname, translate=False)
    values: array[int] = array("Q", [default]) * reader.doc_count_all()
    if hasattr(column, "_dbfile"):  # a segment where no document has a value has no column file
        stored = array("Q", column._dbfile.get(column._basepos, column._count * 8))
        if sys.byteorder == "little":
            stored.byteswap()  # whoosh writes big-endian
        values[: len(stored)] = stored
    return values


class MergedCorrector(Corrector):  # type: ignore[misc]
    """Spelling suggestions from the words of several fields together, each word with its best score.

    Terms ending in `mark` (names, marked) are suggested without it, found at the distance
    of the word as written. whoosh's MultiCorrector yields (word, score) where its callers
    expect (score, word).
    """

    def __init__(self, correctors: list[Corrector], mark: str = "") -> None:
        self.correctors = correctors
        self.mark = mark

    def _suggestions(self, text: str, maxdist: int, prefix: int) -> Iterator[tuple[float, str]]:
        """The best score of each suggestion over all fields (whoosh's Corrector calls this)."""
        best: dict[str, float] = {}
        mark = self.mark
        for corrector in self.correctors:
            for score, word in corrector._suggestions(text, maxdist, prefix):
                if not mark or not word.endswith(mark):
                    best[word] = max(score, best.get(word, score))
            for score, word in corrector._suggestions(text + mark, maxdist, prefix) if mark else ():
                if word.endswith(mark):
                    word = word[: -len(mark)]
                    best[word] = max(score, best.get(word, score))
        return ((score, word) for word, score in best.items())


def partial_date(field: DATETIME, text: str) -> Any:
    """The (possibly partial) date a query names ("2021", "2021-05"), as whoosh's adatetime, with its floor()
    and ceil(); whoosh raises bare Exception (and TimeError) for text that is no date."""
    return field._parse_datestring(text)
