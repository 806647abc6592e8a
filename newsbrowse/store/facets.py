"""Facets: how a set of articles (a query's hits) spreads over months, sources, sections and entities.

Counting with SQL over ten thousand hits means a hundred thousand entity rows per query; the
columns facets need are instead read once into arrays indexed by article row (month, source,
section, and each article's distinct entities), then every query is a few array gathers and
counts. The arrays are read again when the store changed (a build committed, corrections).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from typing import Any

import numpy as np

from newsbrowse.model import Facets
from newsbrowse.store.base import StoreBase

# How many values a facet lists (months: all of them).
TOP = 10
# Rows of (article, entity) read at a time.
_CHUNK = 50_000


class _Columns:
    """The facet columns of every article, by row: codes into value lists, and the entities as CSR arrays."""

    def __init__(self, db: sqlite3.Connection) -> None:
        rows = db.execute("SELECT rowid, substr(day, 1, 7), source, section FROM articles").fetchall()
        size = max((row[0] for row in rows), default=0) + 1
        self.months, self.month_of = self._coded(rows, 1, size)
        self.sources, self.source_of = self._coded(rows, 2, size)
        self.sections, self.section_of = self._coded(rows, 3, size)
        cursor = db.execute(
            "SELECT DISTINCT article, entity FROM article_entities WHERE entity IS NOT NULL ORDER BY article"
        )
        chunks = [np.empty((0, 2), dtype=np.int64)]
        while batch := cursor.fetchmany(_CHUNK):  # a few MB of Python tuples at a time, not millions of them
            chunks.append(np.array(batch, dtype=np.int64))
        pairs = np.concatenate(chunks)
        self.entity = pairs[:, 1]
        counts = np.bincount(pairs[:, 0], minlength=size)[:size] if len(pairs) else np.zeros(size, np.int64)
        self.start = np.concatenate(([0], np.cumsum(counts)))
        entities = db.execute("SELECT rowid, name, type, hidden FROM entities").fetchall()
        top = max((row[0] for row in entities), default=0) + 1
        self.names = [""] * top
        self.types = np.full(top, "", dtype=object)
        self.hidden = np.ones(top, dtype=bool)
        for rowid, name, type_, hidden in entities:
            self.names[rowid], self.types[rowid], self.hidden[rowid] = name, type_, bool(hidden)
        self.size = size

    @staticmethod
    def _coded(rows: list[tuple[Any, ...]], column: int, size: int) -> tuple[list[str], np.ndarray]:
        """One text column as codes by row (-1: none) and the list of its values."""
        values: dict[str, int] = {}
        codes = np.full(size, -1, dtype=np.int64)
        for row in rows:
            value = row[column]
            if value:
                codes[int(row[0])] = values.setdefault(str(value), len(values))
        return list(values), codes

    def count(self, rows: Sequence[int]) -> Facets:
        """The facets of these articles."""
        picked = np.asarray([row for row in rows if 0 <= row < self.size], dtype=np.int64)
        months = _counted(self.months, self.month_of[picked])
        starts, ends = self.start[picked], self.start[picked + 1]
        lengths = ends - starts
        offsets = np.repeat(starts - np.concatenate(([0], np.cumsum(lengths)[:-1])), lengths)
        named = self.entity[offsets + np.arange(int(lengths.sum()))]
        counts = np.bincount(named, minlength=len(self.names)) if len(named) else np.zeros(len(self.names), np.int64)
        counts[self.hidden[: len(counts)]] = 0
        by_type = {}
        for type_ in ("person", "org", "place"):
            chosen = np.where((self.types[: len(counts)] == type_) & (counts > 0))[0]
            best = chosen[np.lexsort((chosen, -counts[chosen]))][:TOP]
            by_type[type_] = tuple((self.names[entity], int(counts[entity])) for entity in best)
        return Facets(
            month=tuple(sorted(months)),
            source=_top(_counted(self.sources, self.source_of[picked])),
            section=_top(_counted(self.sections, self.section_of[picked])),
            person=by_type["person"],
            org=by_type["org"],
            place=by_type["place"],
        )


def _counted(values: list[str], codes: np.ndarray) -> list[tuple[str, int]]:
    """(value, count) for each value that occurs among the codes."""
    counts = np.bincount(codes[codes >= 0], minlength=len(values))
    return [(values[code], int(count)) for code, count in enumerate(counts) if count]


def _top(counted: list[tuple[str, int]]) -> tuple[tuple[str, int], ...]:
    """The TOP commonest values, most first (ties by value)."""
    return tuple(sorted(counted, key=lambda item: (-item[1], item[0]))[:TOP])


class FacetReader(StoreBase):
    """Facet counts over sets of articles (a part of Store)."""

    _facet_columns: tuple[tuple[int, int], _Columns] | None = None

    def facets(self, rows: Sequence[int]) -> Facets:
        """How these articles (store rows) spread over months, sources, sections and the entities they name."""
        with self._lock:
            version = self._version()
            if self._facet_columns is None or self._facet_columns[0] != version:
                self._facet_columns = (version, _Columns(self._db))
            columns = self._facet_columns[1]
        return columns.count(rows)
