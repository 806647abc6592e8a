"""Plain frozen dataclasses passed between the pipeline stages and returned by the API."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Literal

EntityType = Literal["person", "org", "place", "other"]
ENTITY_TYPES: tuple[EntityType, ...] = ("person", "org", "place", "other")

DocumentKind = Literal["html", "text"]

# The orders of search hits: by relevance, newest first ("date") or oldest first.
Sort = Literal["relevance", "date", "oldest"]
SORTS: tuple[Sort, ...] = ("relevance", "date", "oldest")
# How a name in a query matches: in any form of the name, as a prefix (name*), or as a * ? pattern.
NameMatch = Literal["name", "prefix", "glob"]
# The parts of an index build: finding the files, reading and indexing them, finishing up.
Phase = Literal["scan", "index", "finish"]


@dataclass(frozen=True, slots=True)
class Document:
    """One article's raw content as read from the archive, decoded but not yet cleaned.

    `id` is the path relative to the archive (POSIX separators), plus `#N` for the
    N-th record (1-based) inside a WARC or JSONL file. Metadata fields are filled only
    when the container states them (JSON fields, WARC headers); cleaning fills the rest.
    `note` says what a reader should know of a record read all the same (cut short).
    """

    id: str
    path: str
    kind: DocumentKind
    content: str
    url: str | None = None
    title: str | None = None
    published: str | None = None
    authors: tuple[str, ...] = ()
    source: str | None = None
    language: str | None = None
    note: str | None = None


@dataclass(frozen=True, slots=True)
class Skipped:
    """A file or record that could not be read, with a reason a person can act on."""

    path: str
    reason: str


@dataclass(frozen=True, slots=True)
class Article:
    """A cleaned article: its text (paragraphs separated by a blank line) and metadata.

    `published` is a `date` when the page gives the day only, a `datetime` when it gives the time too.
    """

    id: str
    path: str
    title: str
    body: str
    url: str | None = None
    published: date | datetime | None = None
    authors: tuple[str, ...] = ()
    source: str | None = None
    dateline: str | None = None
    language: str | None = None
    section: str | None = None


@dataclass(frozen=True, slots=True)
class Mention:
    """One occurrence of an entity: character offsets into the text and the surface form."""

    start: int
    end: int
    text: str


@dataclass(frozen=True, slots=True)
class Entity:
    """A named person, organisation, place or other thing, under its canonical name."""

    name: str
    type: EntityType
    mentions: tuple[Mention, ...] = ()
    role: str | None = None
    # What the text says of its type: weighted votes for person, org, place and other, which
    # the archive adds up over every article naming it (a strong cue outweighs many weak ones).
    evidence: tuple[int, int, int, int] = field(default=(0, 0, 0, 0), compare=False, repr=False)

    @property
    def aliases(self) -> tuple[str, ...]:
        """The distinct surface forms of the mentions, in order of first appearance."""
        return tuple(dict.fromkeys(m.text for m in self.mentions))


@dataclass(frozen=True, slots=True)
class Quote:
    """A direct quote: its text without the quote marks, the speaker's canonical name, offsets.

    `start`/`end` span the quoted text inside the marks; for a quote that runs over
    several paragraphs they span all of it, and `text` joins the parts with a blank line.
    """

    text: str
    speaker: str | None
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Hit:
    """One search result; `highlights` are (start, end) spans of matched words in `snippet`.

    `copies`: the ids of the article's near-copies folded into this hit (the other articles of its
    group of near-duplicates), empty when it has none or when copies are shown unfolded.
    """

    id: str
    title: str
    published: date | datetime | None
    source: str | None
    score: float
    snippet: str
    highlights: tuple[tuple[int, int], ...] = ()
    section: str | None = None
    copies: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class SearchResults:
    """A page of hits for a query, with the total count and a spelling suggestion.

    `exact` says whether `total` is an exact count or the index's quick estimate;
    `understood` is the query as the archive read it ("ulyanov AND person:Mikhail Ulyanov").
    """

    query: str
    hits: tuple[Hit, ...]
    total: int
    suggestion: str | None = None
    exact: bool = True
    understood: str = ""


@dataclass(frozen=True, slots=True)
class EntitySummary:
    """An entity across the archive: how many articles name it and how often."""

    name: str
    type: EntityType
    articles: int
    mentions: int
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Related:
    """An entity named with another: in how many articles and sentences both are named, how many articles name
    it at all, and the score it is ranked by (local mutual information, store/related.py). `sampled`: for an
    entity named in very many articles, the number of its articles read, from which `articles` and `sentences`
    are estimated (None: all were read, the counts are exact)."""

    name: str
    type: EntityType
    articles: int
    sentences: int
    entity_articles: int
    score: float
    sampled: int | None = None


@dataclass(frozen=True, slots=True)
class MentionHit:
    """A sentence in the archive that mentions an entity; `start`/`end` locate it in the sentence."""

    article_id: str
    title: str
    published: date | datetime | None
    sentence: str
    start: int
    end: int
    offset: int
    source: str | None = None


@dataclass(frozen=True, slots=True)
class QuoteHit:
    """A quote found in an archived article."""

    article_id: str
    title: str
    published: date | datetime | None
    text: str
    speaker: str | None
    start: int
    end: int
    source: str | None = None


@dataclass(frozen=True, slots=True)
class IndexSummary:
    """What one index build did."""

    added: int = 0
    updated: int = 0
    removed: int = 0
    unchanged: int = 0
    skipped: tuple[Skipped, ...] = ()
    total: int = 0
    notes: tuple[str, ...] = field(default=())


@dataclass(frozen=True, slots=True)
class BuildProgress:
    """Where a build is: files read of those to read, articles read and committed so far."""

    phase: Phase
    files_done: int = 0
    files_total: int = 0
    articles: int = 0
    committed: int = 0
    elapsed: float = 0.0


# Called with each BuildProgress as a build goes.
ProgressCallback = Callable[[BuildProgress], None]
# Polled by a build: True asks it to commit what it has and stop.
CancelCheck = Callable[[], bool]
