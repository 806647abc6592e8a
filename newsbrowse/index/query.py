"""The query language: whoosh's parser, configured, with dates and field conditions pulled out as filters."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from whoosh import fields, qparser, query
from whoosh.util.times import datetime_to_long

from newsbrowse.errors import QueryError
from newsbrowse.extract.names import name_key
from newsbrowse.index.schema import ENTITY_FIELDS, build_schema

# whoosh's parser is quadratic on long runs of words; no real search needs this much.
MAX_QUERY_CHARS = 4096

# The fields a query may name; `entity` means any of the entity fields, `date` the published date.
QUERY_FIELDS: tuple[str, ...] = (
    "title",
    "body",
    "person",
    "org",
    "place",
    "entity",
    "speaker",
    "source",
    "lang",
    "date",
)
# Fields whose conditions select articles rather than rank them: applied as filters.
_FILTER_FIELDS = frozenset({*ENTITY_FIELDS, "speaker", "source", "lang"})
_NAME_FIELDS = frozenset({*ENTITY_FIELDS, "entity", "speaker"})
_FIELD_PREFIX = re.compile(r'"[^"]*"?|(?:^|(?<=[\s(]))([A-Za-z_]\w*):')

# Looks a name up in the store: (query field, text) -> the (index field, term) pairs of
# every name of the entity meant, or None when the store does not know the name.
Expander = Callable[[str, str], "Sequence[tuple[str, str]] | None"]


@dataclass(frozen=True, slots=True)
class DateSpan:
    """An inclusive range of dates as whoosh stores them (longs); None is open-ended."""

    low: int | None
    high: int | None


@dataclass(frozen=True, slots=True)
class ParsedQuery:
    """A query split into what ranks articles and what only selects them.

    `scored` is None when the query has only conditions (dates, fields). `dates` and
    `filters` must all hold; they are applied as sets of document numbers, which is
    both faster than whoosh's range queries and avoids whoosh bug #413 (a filtered or
    range search with a limit could return a wrong top N).
    """

    text: str
    scored: query.Query | None
    dates: tuple[DateSpan, ...] = ()
    filters: tuple[query.Query, ...] = ()


def _date_error(text: str) -> QueryError:
    """The error for a date the parser cannot read."""
    return QueryError(f"'{text}' is not a date: write YYYY, YYYY-MM or YYYY-MM-DD (e.g. date:2021-05)")


class _QueryDate(fields.DATETIME):
    """The date field as the parser sees it: clear errors, and `>`/`<` that exclude the date named.

    whoosh's own DATETIME ignores the exclusive ends that `date:>2021` asks for, so
    `>2021` would include 2021; here it starts in 2022.
    """

    def _parse(self, text: str) -> Any:
        """The (possibly partial) date a query names."""
        try:
            return self._parse_datestring(text)
        except Exception as err:  # whoosh raises bare Exception and TimeError
            raise _date_error(text) from err

    def parse_query(self, fieldname: str, qstring: str, boost: float = 1.0) -> query.Query:
        """`date:2021-05`: every article of that month (day, year)."""
        at = self._parse(qstring)
        return query.NumericRange(fieldname, datetime_to_long(at.floor()), datetime_to_long(at.ceil()), boost=boost)

    def parse_range(
        self, fieldname: str, start: str | None, end: str | None, startexcl: bool, endexcl: bool, boost: float = 1.0
    ) -> query.Query:
        """`date:[a to b]`, `date:>a`, `date:<=b`: inclusive unless the syntax says otherwise."""
        low = high = None
        if start is not None:
            at = self._parse(start)
            low = datetime_to_long(at.ceil()) + 1 if startexcl else datetime_to_long(at.floor())
        if end is not None:
            at = self._parse(end)
            high = datetime_to_long(at.floor()) - 1 if endexcl else datetime_to_long(at.ceil())
        return query.NumericRange(fieldname, low, high, boost=boost)


@lru_cache(maxsize=1)
def query_parser() -> qparser.QueryParser:
    """The configured parser: words AND-ed over title and body, fields, dates, prefix*, fuzzy~."""
    schema = build_schema()
    schema.add("entity", fields.KEYWORD(commas=True, lowercase=True))
    schema.remove("date")
    schema.add("date", _QueryDate())
    parser = qparser.MultifieldParser(["title", "body"], schema, group=qparser.AndGroup)
    parser.add_plugin(qparser.FuzzyTermPlugin())
    parser.add_plugin(qparser.GtLtPlugin())
    return parser


def _check_fields(text: str) -> None:
    """Refuse `name:` prefixes that are not fields (outside quotes), naming the ones that are."""
    for match in _FIELD_PREFIX.finditer(text):
        field = match.group(1)
        if field and field not in QUERY_FIELDS:
            raise QueryError(f"unknown field '{field}:' (fields: {', '.join(f + ':' for f in QUERY_FIELDS)})")


def _errors(node: query.Query) -> list[str]:
    """The error messages whoosh attached to parts of a parsed query."""
    found = [node.error] if getattr(node, "error", None) else []
    for child in node.children():
        found.extend(_errors(child))
    return found


def _name_query(field: str, text: str, expand: Expander | None, kind: type[query.Query] = query.Term) -> query.Query:
    """A condition on a name field, widened to every name of the entity the store says is meant."""
    if kind is query.Term and expand is not None:
        pairs = expand(field, text)
        if pairs:
            return (
                query.Or([query.Term(f, t) for f, t in sorted(set(pairs))]) if len(pairs) > 1 else query.Term(*pairs[0])
            )
    term = name_key(text) if kind is query.Term else text.lower()
    targets = ENTITY_FIELDS if field == "entity" else (field,)
    parts = [kind(target, term) for target in targets]
    return parts[0] if len(parts) == 1 else query.Or(parts)


def _expand_names(node: query.Query, expand: Expander | None) -> query.Query:
    """Rewrite conditions on person/org/place/entity/speaker through the store's merged entities."""
    if node.is_leaf():
        field = getattr(node, "fieldname", None)
        if field not in _NAME_FIELDS:
            return node
        if isinstance(node, query.Phrase):
            return _name_query(field, " ".join(node.words), expand)
        if type(node) is query.Term:
            return _name_query(field, str(node.text), expand)
        if isinstance(node, (query.Prefix, query.Wildcard)):
            return _name_query(field, str(node.text), None, type(node))
        return node
    return node.apply(lambda child: _expand_names(child, expand))


def _fields_of(node: query.Query) -> set[str]:
    """Every field a query touches."""
    return {leaf.field() for leaf in node.leaves() if leaf.field()} if not node.is_leaf() else {node.field()}


def _as_date(node: query.Query) -> DateSpan | None:
    """The date span of a top-level date condition, or None if the node is something else."""
    if isinstance(node, query.NumericRange) and node.fieldname == "date":
        return DateSpan(node.start, node.end)
    return None


def parse_query(text: str, expand: Expander | None = None) -> ParsedQuery:
    """Parse a search query; QueryError (with the reason) if it is empty, too long or malformed."""
    text = text.strip()
    if not text:
        raise QueryError("empty query: give words to search for (see 'newsbrowse search --help' for the syntax)")
    if len(text) > MAX_QUERY_CHARS:
        raise QueryError(f"query too long ({len(text):,} characters; the limit is {MAX_QUERY_CHARS:,})")
    _check_fields(text)
    try:
        parsed = query_parser().parse(text, normalize=False)
    except QueryError:
        raise
    except Exception as err:  # the parser reports problems as assorted exceptions
        raise QueryError(f"cannot parse the query: {err}") from err
    problems = _errors(parsed)
    if problems:
        raise QueryError(f"cannot parse the query: {problems[0]}")
    parsed = _expand_names(parsed.normalize(), expand)
    parts = list(parsed.subqueries) if isinstance(parsed, query.And) else [parsed]
    scored: list[query.Query] = []
    dates: list[DateSpan] = []
    filters: list[query.Query] = []
    for part in parts:
        if part is query.NullQuery:
            continue
        span = _as_date(part)
        if span is not None:
            dates.append(span)
        elif not isinstance(part, query.Not) and _fields_of(part) <= _FILTER_FIELDS:
            filters.append(part)
        else:
            scored.append(part)
    ranked = None if not scored else scored[0] if len(scored) == 1 else query.And(scored)
    if ranked is None and not dates and not filters:
        ranked = query.NullQuery  # only words too common to be indexed ("the"): nothing matches
    return ParsedQuery(text, ranked, tuple(dates), tuple(filters))
