"""The query language, all of it: the fields, parsing, name and date conditions and their binding to documents,
the query as understood ("ulyanov AND person:Mikhail Ulyanov"), and the words a query matched (for highlights).

whoosh's parser does the parsing; names and dates become Conditions answered outside whoosh
(names by the article store, dates by the date column) and bound to documents before a
search. Adding a field is one entry in FIELDS plus its handling: a "words" field is searched
in the index (the schema holds it), a "name" field is answered by the store (which knows every
article naming an entity), a "filter" field selects without ranking.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from typing import Any, Literal

from whoosh import fields, qparser, query
from whoosh.util.times import datetime_to_long, long_to_datetime

from newsbrowse.errors import QueryError
from newsbrowse.index.forms import Quoted, QuotedWord
from newsbrowse.index.internals import partial_date
from newsbrowse.index.schema import build_schema
from newsbrowse.model import NameMatch

# whoosh's parser is quadratic on long runs of words; no real search needs this much.
MAX_QUERY_CHARS = 4096

# How far `word~N` may reach, and how long a word must be per edit: more edits, or short
# words, match a large part of the vocabulary at a cost that grows steeply.
MAX_FUZZY_EDITS = 2
LETTERS_PER_EDIT = 3
# What a field's conditions are: words searched and ranked in the index, names the store answers,
# the user's own marks (stars, tags, notes: not in the index), filters that select articles without
# ranking them, or the published date.
FieldKind = Literal["words", "name", "mark", "column", "filter", "date"]


@dataclass(frozen=True, slots=True)
class QueryField:
    """A field a query may name (`person:Ulyanov`) and what its conditions are."""

    name: str
    kind: FieldKind


FIELDS: tuple[QueryField, ...] = (
    QueryField("title", "words"),
    QueryField("body", "words"),
    QueryField("person", "name"),
    QueryField("org", "name"),
    QueryField("place", "name"),
    QueryField("entity", "name"),  # any of the entity types
    QueryField("speaker", "name"),  # articles quoting the entity
    QueryField("source", "filter"),
    QueryField("lang", "filter"),  # ISO 639-1 codes; "no" finds nb and nn
    QueryField("section", "column"),  # the article's section as stored (any case; a prefix or pattern too)
    QueryField("starred", "mark"),  # starred:yes
    QueryField("tag", "mark"),  # tag:NAME, tag:"two words", tag:* (any tag)
    QueryField("note", "mark"),  # note:WORDS (every word in the article's note), note:* (any note)
    QueryField("date", "date"),  # YYYY, YYYY-MM, YYYY-MM-DD, [a to b], >a, <=b
)
QUERY_FIELDS: tuple[str, ...] = tuple(field.name for field in FIELDS)
# The fields of article text, whose words are ranked and highlighted.
TEXT_FIELDS: tuple[str, ...] = tuple(field.name for field in FIELDS if field.kind == "words")
# Fields whose conditions select articles rather than rank them: applied as filters.
_FILTER_FIELDS = frozenset(field.name for field in FIELDS if field.kind == "filter")
# Language codes that stand for several stored ones: Norwegian is stored as its written
# standard when the page says which (nb Bokmål, nn Nynorsk), else as no.
_LANGUAGE_GROUPS = {"no": ("no", "nb", "nn")}
NAME_FIELDS = frozenset(field.name for field in FIELDS if field.kind == "name")
MARK_FIELDS = frozenset(field.name for field in FIELDS if field.kind == "mark")
COLUMN_FIELDS = frozenset(field.name for field in FIELDS if field.kind == "column")
# Fields whose conditions are answered outside whoosh as sets of articles (by the store or the marks).
_CONDITION_FIELDS = NAME_FIELDS | MARK_FIELDS | COLUMN_FIELDS
_FIELD_PREFIX = re.compile(r'"[^"]*"?|(?:^|(?<=[\s(]))([A-Za-z_]\w*):')
_FUZZY_DIGITS = re.compile(r'"[^"]*"?|([^\s"~]+)~(\d{2,})')
# The operators that say how words combine, and quoted text (where they are words).
_OPERATOR = re.compile(r"\b(?:AND|OR|NOT|ANDNOT|ANDMAYBE)\b")
_QUOTED = re.compile(r'"[^"]*"?')
# A question mark ending a word ("who is ulyanov?") is the question's, not a one-letter wildcard.
_QUESTION_MARK = re.compile(r"(?<=\w)\?+(?=[\s)]|$)")


@dataclass(frozen=True, slots=True)
class DateSpan:
    """An inclusive range of dates as whoosh stores them (longs); None is open-ended."""

    low: int | None
    high: int | None


@dataclass(frozen=True, slots=True)
class NameCondition:
    """A condition on names, answered by the article store (which knows every article naming an entity),
    or on the user's marks (answered by the marks file).

    `field`: person, org, place, other, entity (any of those), speaker, starred, tag or note.
    `text`: the name as written for `match` "name", else a lower-cased prefix or * ? pattern.
    """

    field: str
    text: str
    match: NameMatch = "name"


class Condition(query.Query):  # type: ignore[misc]
    """A leaf of a query whoosh does not answer from its index: a name (the store) or a date span (the column).

    Searching binds each to the set of documents it stands for (search.py); it never
    reaches whoosh unbound.
    """

    def __init__(self, about: NameCondition | DateSpan) -> None:
        self.about = about

    def __eq__(self, other: object) -> bool:
        """Conditions on the same thing are equal."""
        return isinstance(other, Condition) and other.about == self.about

    def __hash__(self) -> int:
        """Hash by what the condition is about."""
        return hash(self.about)

    def __repr__(self) -> str:
        """The condition, for debugging."""
        return f"Condition({self.about!r})"

    def field(self) -> None:
        """No whoosh field."""
        return None

    def matcher(self, searcher: Any, context: Any = None) -> Any:
        """Never called: conditions are bound to documents before searching."""
        raise QueryError(f"internal error: {self!r} reached the index unbound")


@dataclass(frozen=True, slots=True)
class ParsedQuery:
    """A query split into what ranks articles and what only selects them.

    `scored` is None when the query has only conditions (names, dates, fields); it may
    hold Condition leaves under OR and NOT. `conditions` and `filters` must all hold;
    they are applied as sets of document numbers, which is both faster than whoosh's
    range queries and avoids whoosh bug #413 (a filtered or range search with a limit
    could return a wrong top N).
    """

    text: str
    scored: query.Query | None
    conditions: tuple[NameCondition | DateSpan, ...] = ()
    filters: tuple[query.Query, ...] = ()


def _date_error(text: str) -> QueryError:
    """The error for a date the parser cannot read."""
    return QueryError(f"'{text}' is not a date: write YYYY, YYYY-MM or YYYY-MM-DD (e.g. date:2021-05)")


class _QueryDate(fields.DATETIME):  # type: ignore[misc]
    """The date field as the parser sees it: clear errors, and `>`/`<` that exclude the date named.

    whoosh's own DATETIME ignores the exclusive ends that `date:>2021` asks for, so
    `>2021` would include 2021; here it starts in 2022.
    """

    def _parse(self, text: str) -> Any:
        """The (possibly partial) date a query names."""
        try:
            return partial_date(self, text)
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
    for name in sorted(_CONDITION_FIELDS):
        schema.add(name, fields.KEYWORD(commas=True, lowercase=True))
    schema.remove("date")
    schema.add("date", _QueryDate())
    parser = qparser.MultifieldParser(["title", "body"], schema, group=qparser.AndGroup, phraseclass=Quoted)
    parser.add_plugin(qparser.FuzzyTermPlugin())
    parser.add_plugin(qparser.GtLtPlugin())
    return parser


def _check_fields(text: str) -> None:
    """Refuse `name:` prefixes that are not fields (outside quotes), naming the ones that are."""
    for match in _FIELD_PREFIX.finditer(text):
        field = match.group(1)
        if field and field not in QUERY_FIELDS:
            raise QueryError(f"unknown field '{field}:' (fields: {', '.join(f + ':' for f in QUERY_FIELDS)})")


def _check_fuzzy(text: str) -> None:
    """Refuse `word~NN` (outside quotes): whoosh reads one digit, so `a~100` would quietly mean `a~1 00`."""
    for match in _FUZZY_DIGITS.finditer(text):
        if match.group(1):
            raise QueryError(
                f"'{match.group(1)}~{match.group(2)}': words can be at most {MAX_FUZZY_EDITS} edits away (~1 or ~2)"
            )


def _errors(node: query.Query) -> list[str]:
    """The error messages whoosh attached to parts of a parsed query."""
    found = [node.error] if getattr(node, "error", None) else []
    for child in node.children():
        found.extend(_errors(child))
    return found


def _bounded_fuzzy(node: query.FuzzyTerm, words: bool) -> query.FuzzyTerm:
    """`word~N` within bounds (QueryError if not); on words, their first letter must match.

    whoosh walks the whole word list for each fuzzy term and ORs what it finds: at 100k
    articles `governmnt~` took 0.5 s with any first letter (77 ms with the first one fixed),
    and `ab~2`, which fits nearly every short word, over a minute.
    """
    text, edits = str(node.text), node.maxdist
    if edits > MAX_FUZZY_EDITS:
        raise QueryError(f"'{text}~{edits}': words can be at most {MAX_FUZZY_EDITS} edits away (~1 or ~2)")
    if not words:
        return node  # a name is looked up in all its forms anyway
    needed = LETTERS_PER_EDIT * edits
    if len(text) < needed:
        raise QueryError(f"'{text}~{edits}': a word needs {needed} letters or more to be {edits} edit(s) away")
    if node.prefixlength >= 1:
        return node
    return query.FuzzyTerm(node.fieldname, text, node.boost, edits, prefixlength=1, constantscore=node.constantscore)


def _language_term(text: str, boost: float) -> query.Query:
    """`lang:CODE` as the stored codes it stands for: a region is ignored (en-GB), no finds nb and nn."""
    code = re.split(r"[-_]", text, maxsplit=1)[0] or text
    group = _LANGUAGE_GROUPS.get(code)
    if group is None:
        return query.Term("lang", code, boost=boost)
    return query.Or([query.Term("lang", member, boost=boost) for member in group])


def _condition(node: query.Query) -> query.Query:
    """A name or date leaf as a Condition; anything else as it is."""
    field = getattr(node, "fieldname", None)
    if field == "date":
        if isinstance(node, query.NumericRange):
            return Condition(DateSpan(node.start, node.end))
        raise _date_error(" ".join(getattr(node, "words", ())) or str(getattr(node, "text", "")))
    if isinstance(node, query.FuzzyTerm):
        node = _bounded_fuzzy(node, field not in _CONDITION_FIELDS)
    if isinstance(node, query.Every) and field in ("title", "body"):  # scoring every article took 14 s at 100k
        raise QueryError("'*' alone stands for every word: give some letters before it (negotiat*)")
    if field == "lang" and isinstance(node, query.Phrase):  # language codes have no word positions
        raise QueryError(f'lang: takes one language code (lang:en), not "{" ".join(node.words)}"')
    if field == "lang" and isinstance(node, query.Term):
        return _language_term(str(node.text), node.boost)
    if isinstance(node, query.TermRange):  # ranges of words or names mean nothing a reader wants
        raise QueryError("ranges work on dates only: write date:[2021-05 to 2021-06] or date:>2021")
    if field in MARK_FIELDS:
        return _mark_condition(node, field)
    if field not in NAME_FIELDS | COLUMN_FIELDS:
        return node
    return _name_condition(node, field)


def _mark_condition(node: query.Query, field: str) -> Condition:
    """A leaf on a field of the user's marks: `starred:yes`, `tag:NAME`, `note:WORDS` (`*`: any tag or note)."""
    if field == "starred":
        if not isinstance(node, query.Term) or str(node.text) not in ("yes", "true"):
            raise QueryError("starred: takes yes (starred:yes; NOT starred:yes for the others)")
        return Condition(NameCondition(field, "yes"))
    if isinstance(node, query.Every):
        return Condition(NameCondition(field, "*", "glob"))
    return _name_condition(node, field)


def _name_condition(node: query.Query, field: str) -> Condition:
    """A leaf on a name field (person:, speaker:, ...) as the Condition the store answers."""
    if isinstance(node, query.Phrase):
        return Condition(NameCondition(field, " ".join(node.words)))
    if isinstance(node, query.Prefix):
        return Condition(NameCondition(field, str(node.text).lower(), "prefix"))
    if isinstance(node, query.Wildcard):
        return Condition(NameCondition(field, str(node.text).lower(), "glob"))
    if isinstance(node, (query.Term, query.FuzzyTerm)):  # a name is looked up in all its forms anyway
        return Condition(NameCondition(field, str(node.text)))
    what = "a section" if field in COLUMN_FIELDS else "a name"
    raise QueryError(f"{field}: takes {what}, a prefix (name*) or a pattern (n?me*)")


def _conditions(node: query.Query) -> query.Query:
    """Rewrite the name and date leaves of a query tree as Conditions."""
    if node.is_leaf():
        return _condition(node)
    return node.apply(_conditions)


def leaves(node: query.Query) -> list[query.Query]:
    """The leaf queries of a query tree (the query itself if it is one; whoosh's leaves() skips it)."""
    return [node] if node.is_leaf() else list(node.leaves())


def _fields_of(node: query.Query) -> set[str]:
    """Every whoosh field a query touches (conditions touch none)."""
    return {leaf.field() for leaf in leaves(node) if leaf.field()}


def question_marks_dropped(text: str) -> str:
    """The query without question marks that end words: a question typed as a question finds what it names."""
    return _QUESTION_MARK.sub("", text)


def parse_query(text: str) -> ParsedQuery:
    """Parse a search query; QueryError (with the reason) if it is empty, too long or malformed.

    The ParsedQuery's `text` is the query as parsed (stripped, question marks dropped).
    """
    text = question_marks_dropped(text.strip())
    if not text:
        raise QueryError("empty query: give words to search for (see 'newsbrowse search --help' for the syntax)")
    if len(text) > MAX_QUERY_CHARS:
        raise QueryError(f"query too long ({len(text):,} characters; the limit is {MAX_QUERY_CHARS:,})")
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as err:  # undecodable bytes from the command line arrive as lone surrogates
        raise QueryError(f"the query has bytes that are not text at character {err.start + 1}: retype it") from err
    _check_fields(text)
    _check_fuzzy(text)
    try:
        parsed = query_parser().parse(text, normalize=False)
    except QueryError:
        raise
    except Exception as err:  # the parser reports problems as assorted exceptions
        raise QueryError(f"cannot parse the query: {err}") from err
    problems = _errors(parsed)
    if problems:
        raise QueryError(f"cannot parse the query: {problems[0]}")
    parsed = _conditions(parsed.normalize())
    parts = list(parsed.subqueries) if isinstance(parsed, query.And) else [parsed]
    scored: list[query.Query] = []
    conditions: list[NameCondition | DateSpan] = []
    filters: list[query.Query] = []
    for part in parts:
        if part is query.NullQuery:
            continue
        if isinstance(part, Condition):
            conditions.append(part.about)
        elif not isinstance(part, query.Not) and _fields_of(part) <= _FILTER_FIELDS:
            filters.append(part)
        else:
            scored.append(part)
    ranked = None if not scored else scored[0] if len(scored) == 1 else query.And(scored)
    if ranked is None and not conditions and not filters:
        ranked = query.NullQuery  # only words too common to be indexed ("the"): nothing matches
    return ParsedQuery(text, ranked, tuple(conditions), tuple(filters))


# The query as understood, in words: what the results header shows.

_TEXT_FIELD_SET = frozenset(TEXT_FIELDS)
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
    return str(long_to_datetime(value).date().isoformat())


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
    elif isinstance(node, QuotedWord):
        text = f'"{node.text}"'
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
            if child.is_leaf() and child.field() in _TEXT_FIELD_SET:
                fields_of.setdefault(_leaf(child, True, names), set()).add(str(child.field()))
        parts: list[str] = []
        for child in children:
            if child.is_leaf() and child.field() in _TEXT_FIELD_SET:
                label = _leaf(child, fields_of[_leaf(child, True, names)] == _TEXT_FIELD_SET, names)
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


# Binding conditions to documents, and the words a query matched.


def bind(node: query.Query, documents: Callable[[NameCondition | DateSpan], query.Query]) -> query.Query:
    """The query with each Condition replaced by `documents`' query for what it is about (run before searching)."""
    if isinstance(node, Condition):
        return documents(node.about)
    if node.is_leaf():
        return node
    children = list(node.children())
    bound = [bind(child, documents) for child in children]
    if all(new is old for new, old in zip(bound, children, strict=True)):
        return node  # whoosh's apply() makes new nodes that forget how an OR is matched (search.py's tree of unions)
    each = iter(bound)  # apply() visits the children in the order children() gives them
    replaced = node.apply(lambda _: next(each))
    if isinstance(node, query.Or):
        replaced.matcher_type = node.matcher_type
    return replaced


def positive_leaves(node: query.Query) -> Iterator[query.Query]:
    """The leaf queries of a tree, except those under NOT (their words are not in the hits)."""
    if isinstance(node, query.Not):
        return
    if node.is_leaf():
        yield node
        return
    for child in node.children():
        yield from positive_leaves(child)


def word_tokens(nodes: Iterable[query.Query]) -> Iterator[Any]:
    """The word tokens of leaf queries on titles and bodies (ranges have none)."""
    for leaf in nodes:
        if leaf.field() in TEXT_FIELDS and not isinstance(leaf, query.TermRange):
            yield from leaf.tokens()


def partial_clauses(parsed: ParsedQuery) -> tuple[query.Query, ...]:
    """The words (or phrases) of a query of plain words, which partial matches may hold only some of.

    Empty when the query is one word, or says how its words combine (AND, OR, NOT): then
    only what it says matches.
    """
    node = parsed.scored
    if not isinstance(node, query.And) or _OPERATOR.search(_QUOTED.sub(" ", parsed.text)):
        return ()
    children = tuple(node.subqueries)
    if any(isinstance(child, (query.Not, Condition)) for child in children):
        return ()
    return children
