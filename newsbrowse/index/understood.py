"""A parsed query in words, as the results header shows it: folded words, fields, names as the store resolved them, dates."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from whoosh import query
from whoosh.util.times import datetime_to_long, long_to_datetime

from newsbrowse.index.query import Condition, DateSpan, NameCondition, ParsedQuery

_TEXT_FIELDS = frozenset({"title", "body"})
# The dates a datetime can hold, as whoosh stores dates.
_FIRST_DAY = datetime_to_long(datetime.min)
_LAST_DAY = datetime_to_long(datetime.max)

# How the archive names what a name condition matched ("person:Mikhail Ulyanov (also Ulyanov)").
NameLabel = Callable[[NameCondition], str]


def _day(value: int | None) -> str:
    """A stored date as YYYY-MM-DD; past the calendar's ends (`date:>9999`), the end it passes."""
    if value is None:
        return "…"
    if value > _LAST_DAY:
        return "after 9999-12-31"
    if value < _FIRST_DAY:
        return "before 0001-01-01"
    return long_to_datetime(value).date().isoformat()


def _dates(span: DateSpan) -> str:
    """A date condition as a readable range."""
    if span.low is not None and span.high is not None and _day(span.low) == _day(span.high):
        return f"date {_day(span.low)}"
    if (span.low or 0) > _LAST_DAY or (span.high is not None and span.high < _FIRST_DAY):
        return f"date {_day(span.low if span.high is None else span.high)} (no date can match)"
    return f"date {_day(span.low)} to {_day(span.high)}"


def plain_name(condition: NameCondition) -> str:
    """A name condition as written (when no store is at hand)."""
    text = f"{condition.text}*" if condition.match == "prefix" else condition.text
    return f"{condition.field}:{text}" if " " not in text else f'{condition.field}:"{text}"'


def _about(about: NameCondition | DateSpan, names: NameLabel) -> str:
    """A condition in words."""
    return _dates(about) if isinstance(about, DateSpan) else names(about)


def _leaf(node: query.Query, plain: bool, names: NameLabel) -> str:
    """One condition: the word (or `field:word` outside title and body)."""
    if isinstance(node, Condition):
        return _about(node.about, names)
    if isinstance(node, query.Phrase):
        text = '"' + " ".join(node.words) + '"'
    elif isinstance(node, query.FuzzyTerm):
        text = f"{node.text}~{node.maxdist}"
    elif isinstance(node, query.Prefix):
        text = f"{node.text}*"
    else:
        text = str(getattr(node, "text", node))
    field = node.field()
    return text if plain or field is None else f"{field}:{text}"


def _describe(node: query.Query, names: NameLabel) -> str:
    """A query tree in the query language: words over title and body plainly, other fields named."""
    if isinstance(node, query.Not):
        return "NOT " + _describe(node.query, names)
    if node.is_leaf():
        return _leaf(node, False, names)
    children = list(node.children())
    if isinstance(node, query.Or):
        # The parser searches each word in title and body: a pair is one word to a person.
        fields_of: dict[str, set[str]] = {}
        for child in children:
            if child.is_leaf() and child.field() in _TEXT_FIELDS:
                fields_of.setdefault(_leaf(child, True, names), set()).add(str(child.field()))
        parts: list[str] = []
        for child in children:
            if child.is_leaf() and child.field() in _TEXT_FIELDS:
                label = _leaf(child, fields_of[_leaf(child, True, names)] == _TEXT_FIELDS, names)
            else:
                label = _describe(child, names)
            if label not in parts:
                parts.append(label)
        joined = " OR ".join(parts)
        return joined if len(parts) == 1 else f"({joined})"
    if isinstance(node, query.And):
        return " AND ".join(_describe(child, names) for child in children)
    return str(node)


def describe(parsed: ParsedQuery, names: NameLabel = plain_name) -> str:
    """The query as understood: words (folded as indexed, common words dropped), fields, names, dates."""
    parts: list[str] = []
    if parsed.scored is query.NullQuery:
        parts.append("only words too common to search")
    elif parsed.scored is not None:
        parts.append(_describe(parsed.scored, names))
    parts.extend(_describe(condition, names) for condition in parsed.filters)
    parts.extend(_about(about, names) for about in parsed.conditions)
    return " AND ".join(parts)
