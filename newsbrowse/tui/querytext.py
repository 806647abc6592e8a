"""A search query as the archive understands it: a readable form for the results header, and its words in a text."""

from __future__ import annotations

from fnmatch import fnmatchcase

from whoosh import query
from whoosh.util.times import long_to_datetime

from newsbrowse.index.query import DateSpan, ParsedQuery, parse_query
from newsbrowse.index.analysis import ANALYZER
from newsbrowse.tui.formatting import Span

_TEXT_FIELDS = frozenset({"title", "body"})


def _leaf(node: query.Query, plain: bool) -> str:
    """One condition: the word (or `field:word` outside title and body)."""
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


def _describe(node: query.Query) -> str:
    """A query tree in the query language: words over title and body plainly, other fields named."""
    if isinstance(node, query.Not):
        return "NOT " + _describe(node.query)
    if node.is_leaf():
        return _leaf(node, False)
    children = list(node.children())
    if isinstance(node, query.Or):
        # The parser searches each word in title and body: a pair is one word to a person.
        fields_of: dict[str, set[str]] = {}
        for child in children:
            if child.is_leaf() and child.field() in _TEXT_FIELDS:
                fields_of.setdefault(_leaf(child, True), set()).add(str(child.field()))
        parts: list[str] = []
        for child in children:
            if child.is_leaf() and child.field() in _TEXT_FIELDS:
                label = _leaf(child, fields_of[_leaf(child, True)] == _TEXT_FIELDS)
            else:
                label = _describe(child)
            if label not in parts:
                parts.append(label)
        joined = " OR ".join(parts)
        return joined if len(parts) == 1 else f"({joined})"
    if isinstance(node, query.And):
        return " AND ".join(_describe(child) for child in children)
    return str(node)


def _day(value: int | None) -> str:
    """A stored date as YYYY-MM-DD."""
    return "…" if value is None else long_to_datetime(value).strftime("%Y-%m-%d")


def _dates(span: DateSpan) -> str:
    """A date condition as a readable range."""
    if span.low is not None and span.high is not None and _day(span.low) == _day(span.high):
        return f"date {_day(span.low)}"
    return f"date {_day(span.low)} to {_day(span.high)}"


def describe(parsed: ParsedQuery) -> str:
    """The query as understood: words (folded as indexed, common words dropped), fields, dates."""
    parts: list[str] = []
    if parsed.scored is query.NullQuery:
        parts.append("only words too common to search")
    elif parsed.scored is not None:
        parts.append(_describe(parsed.scored))
    parts.extend(_describe(condition) for condition in parsed.filters)
    parts.extend(_dates(span) for span in parsed.dates)
    return " AND ".join(parts)


def understood(text: str) -> str:
    """`describe` for a query text; raises QueryError like a search would."""
    return describe(parse_query(text))


def _positive_text_leaves(node: query.Query) -> list[query.Query]:
    """The conditions on title and body whose words appear in the matching articles (not under NOT)."""
    if isinstance(node, query.Not):
        return []
    if node.is_leaf():
        return [node] if node.field() in _TEXT_FIELDS else []
    return [leaf for child in node.children() for leaf in _positive_text_leaves(child)]


def text_hits(text: str, query_text: str) -> list[Span]:
    """Where the words a query searches for stand in `text`, as (start, end) spans; none for a bad query."""
    try:
        parsed = parse_query(query_text)
    except Exception:  # noqa: BLE001 - a query that does not parse highlights nothing
        return []
    if parsed.scored is None or parsed.scored is query.NullQuery:
        return []
    words: set[str] = set()
    patterns: list[str] = []
    for leaf in _positive_text_leaves(parsed.scored):
        if isinstance(leaf, query.Phrase):
            words.update(leaf.words)
        elif isinstance(leaf, query.Prefix):
            patterns.append(f"{leaf.text}*")
        elif isinstance(leaf, query.Wildcard):
            patterns.append(str(leaf.text))
        else:  # terms, and fuzzy terms as written
            words.add(str(leaf.text))
    return [
        (token.startchar, token.endchar)
        for token in ANALYZER(text, chars=True, mode="query", removestops=False)
        if token.text in words or any(fnmatchcase(token.text, pattern) for pattern in patterns)
    ]
