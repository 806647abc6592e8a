"""Archive-wide entities in the store: every lookup and listing of them, their mentions and quotes, and the
articles a name in a query selects. (merging.py writes them.)"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterator, Sequence
from typing import Any

from newsbrowse.errors import QueryError, UsageError
from newsbrowse.extract.lexicon import canonical, titles
from newsbrowse.extract.names import name_key, person_key
from newsbrowse.extract.spellings import spelling_keys
from newsbrowse.extract.titles import bare_name
from newsbrowse.model import (
    ENTITY_TYPES,
    Entity,
    EntitySummary,
    EntityType,
    Mention,
    MentionHit,
    NameMatch,
    Quote,
    QuoteHit,
)
from newsbrowse.store.base import StoreBase
from newsbrowse.store.rows import key_condition, searchable, stored_datetime, unpack_spans

# A name several entities go by finds the one with most articles only when it has this many times
# the articles of the next: "Baker" lists James Baker and Howard Baker, "Blair" finds Tony Blair.
LOOKUP_DOMINANCE = 10


class AmbiguousNameError(QueryError):
    """A name that stands for several entities; the message lists them."""

    def __init__(self, name: str, candidates: Sequence[str]) -> None:
        listed = ", ".join(candidates[:5]) + (" ..." if len(candidates) > 5 else "")
        super().__init__(f"'{name}' may mean {listed}: give the full name")
        self.candidates = tuple(candidates)


class EntityReader(StoreBase):
    """Every lookup and listing of archive-wide entities, their mentions and quotes (a part of Store)."""

    def _candidates(self, key: str) -> tuple[int | None, list[int]]:
        """The visible entity whose key is `key`, and the other visible entities that name stands for:
        entities holding a name with that key, written that way somewhere (aliases), found by that
        form (corrections, well-known names), people whose name ends with it (surnames)."""
        db = self._db
        row = db.execute("SELECT rowid FROM entities WHERE key = ? AND NOT hidden AND articles > 0", (key,)).fetchone()
        exact = int(row[0]) if row else None
        others: list[int] = []
        if exact is not None and " " in key:
            return exact, others  # a full name listed so is that entity, whatever else it may mean (see _find)
        for sql in (
            "SELECT entity FROM forms WHERE key = ?1",
            "SELECT DISTINCT entity FROM names WHERE key = ?1",
            "SELECT DISTINCT n.entity FROM aliases a JOIN names n ON n.rowid = a.name WHERE a.key = ?1",
            # article rows a per-article choice gave to another entity
            "SELECT DISTINCT c.entity FROM names n JOIN choices c ON c.name = n.rowid WHERE n.key = ?1",
            # people with a name ending with the key as a word (LIKE would read % and _ as wildcards),
            # found by the index of names' last words
            "SELECT DISTINCT entity FROM names WHERE replace(key, rtrim(key, replace(key, ' ', '')), '') = ?2"
            " AND type = 'person' AND substr(key, -length(?1) - 1) = ' ' || ?1",
        ):
            params = (key, key.rsplit(" ", 1)[-1]) if "?2" in sql else (key,)
            for (entity_id,) in db.execute(sql, params):
                if entity_id is not None and entity_id != exact and entity_id not in others:
                    others.append(int(entity_id))
        if others:
            marks = ",".join("?" * len(others))
            visible = {
                r[0]
                for r in db.execute(
                    f"SELECT rowid FROM entities WHERE rowid IN ({marks}) AND NOT hidden AND articles > 0", others
                )
            }
            others = [entity_id for entity_id in others if entity_id in visible]
        return exact, others

    def find_entity(self, name: str) -> int | None:
        """The entity a name stands for, given in any form: canonical, alias, surname, abbreviation,
        with or without titles ("Dr.", "President"), any case or accents.

        An entity listed under exactly that name wins, unless it is a fragment: a one-word
        name that people's full names end with, or a name of another type than the one
        person it may also mean, who is named in more articles. Otherwise the entity with
        the most articles wins when it has several times those of the next; a name that
        fits several entities about equally raises AmbiguousNameError listing them.
        """
        key = name_key(name)
        if not key or not searchable(key):
            return None
        with self._lock:
            found = self._find(key)
            bare = name_key(bare_name(name, titles()))
            if found is None and bare != key:
                found = self._find(bare)
            if found is None and person_key(name) != key:
                found = self._find(person_key(name))
            if found is None:
                found = self._find_spelt(name)
        if isinstance(found, list):
            raise AmbiguousNameError(name, found)
        return found

    def _find_spelt(self, name: str) -> int | list[str] | None:
        """find_entity for a name no article writes so: the entities whose names fold to its variant key
        ("Uljanow", "Ульянов"), else share its consonants ("عراقچی", "Muhammad Javad Zarif")."""
        spellings = spelling_keys(name)
        for keys in ([k for k in spellings if not k.startswith("~")], [k for k in spellings if k.startswith("~")]):
            if not keys:
                continue
            marks = ",".join("?" * len(keys))
            found = self._db.execute(
                "SELECT e.rowid, e.articles, e.name FROM spellings s JOIN entities e ON e.rowid = s.entity"
                f" WHERE s.key IN ({marks}) AND NOT e.hidden AND e.articles > 0 GROUP BY e.rowid"
                " ORDER BY e.articles DESC, e.name",
                keys,
            ).fetchall()
            if len(found) == 1 or (found and found[0][1] >= LOOKUP_DOMINANCE * max(found[1][1], 1)):
                return int(found[0][0])
            if found:
                return [str(label) for _, _, label in found]
        return None

    def _find(self, key: str) -> int | list[str] | None:
        """find_entity for one folded key: the entity, the names it may mean, or None."""
        exact, others = self._candidates(key)
        if not others:
            return exact
        ids = ([exact] if exact is not None else []) + others
        marks = ",".join("?" * len(ids))
        info = {
            rowid: (type_, articles, entity_key, label)
            for rowid, type_, articles, entity_key, label in self._db.execute(
                f"SELECT rowid, type, articles, key, name FROM entities WHERE rowid IN ({marks})", ids
            )
        }
        people = [i for i in others if info[i][0] == "person" and " " in info[i][2]]
        if exact is not None:
            if " " in key or not people or key in canonical():
                return exact  # a full name, or a well-known entity ("Chelsea", not Chelsea Clinton)
            if info[exact][0] != "person" and len(people) == 1 and info[people[0]][1] > info[exact][1]:
                return people[0]  # "Araghchi" taken once for an organisation
            # A one-word name that full names end with is a fragment: the people come first.
            others = people + ([exact] if info[exact][0] != "person" else [])
        ranked = sorted(others, key=lambda i: (-info[i][1], info[i][3]))
        if len(ranked) == 1 or info[ranked[0]][1] >= LOOKUP_DOMINANCE * max(info[ranked[1]][1], 1):
            return ranked[0]
        return [info[i][3] for i in ranked]

    def entity_summary(self, entity_id: int) -> EntitySummary:
        """An entity with its counts and the forms it is written in."""
        with self._lock:
            name, type_, articles, mentions = self._db.execute(
                "SELECT name, type, articles, mentions FROM entities WHERE rowid = ?", (entity_id,)
            ).fetchone()
            aliases = self._aliases([entity_id]).get(entity_id, ())
        return EntitySummary(name, type_, articles, mentions, aliases)

    def _aliases(self, entity_ids: Sequence[int]) -> dict[int, tuple[str, ...]]:
        """The distinct names (as extracted) of each entity, most used first."""
        marks = ",".join("?" * len(entity_ids))
        result: dict[int, list[str]] = defaultdict(list)
        for entity_id, name in self._db.execute(
            f"SELECT entity, name FROM names WHERE entity IN ({marks}) ORDER BY articles DESC, name", list(entity_ids)
        ):
            if name not in result[entity_id]:
                result[entity_id].append(name)
        return {key: tuple(names) for key, names in result.items()}

    def entities(
        self, type_: str | None = None, limit: int | None = 100, prefix: str | None = None, contains: str | None = None
    ) -> list[EntitySummary]:
        """Archive-wide entities, most articles first, optionally of one type, starting with a prefix, or with
        a word (of any of the names it goes by) starting with `contains` ("ulya" finds Mikhail Ulyanov)."""
        where: list[str] = ["NOT hidden", "articles > 0"]
        params: list[object] = []
        if type_:
            where.append("type = ?")
            params.append(type_)
        prefix_key = name_key(prefix) if prefix else ""
        contains_key = name_key(contains) if contains else ""
        if not (searchable(prefix_key) and searchable(contains_key)):
            return []
        if prefix:
            # Keys are folded, so the prefix matches any case and accents.
            condition, value = key_condition(prefix_key, "prefix")
            where.append(f"key {condition}")
            params.append(value)
        if contains_key:
            condition, value = key_condition(contains_key, "prefix")
            where.append(
                f"(rowid IN (SELECT entity FROM names WHERE key {condition} OR key {condition})"
                f" OR rowid IN (SELECT entity FROM forms WHERE key {condition} OR key {condition}))"
            )
            params += [value, "% " + value, value, "% " + value]
        sql = "SELECT rowid, name, type, articles, mentions FROM entities WHERE " + " AND ".join(where)
        sql += " ORDER BY articles DESC, mentions DESC, name"
        if limit is not None:
            sql += " LIMIT ?"
            params.append(limit)
        with self._lock:
            rows = self._db.execute(sql, params).fetchall()
            aliases = self._aliases([row[0] for row in rows]) if rows else {}
        return [
            EntitySummary(name, type_, articles, mentions, aliases.get(rowid, ()))
            for rowid, name, type_, articles, mentions in rows
        ]

    # -- mentions -----------------------------------------------------------------------------

    def article_entities(self, article_id: str) -> list[Entity]:
        """An article's entities under their archive-wide names and types, most mentioned first.

        Two names of one article that belong to one entity ("Ulyanov" and "Mikhail Ulyanov")
        come out as one Entity with the mentions of both; hidden entities are left out.
        """
        with self._lock:
            rows = self._db.execute(
                "SELECT coalesce(e.name, n.name), coalesce(e.type, n.type), coalesce(e.hidden, 0), ae.role, ae.spans,"
                " a.body FROM articles a JOIN article_entities ae ON ae.article = a.rowid"
                " JOIN names n ON n.rowid = ae.name LEFT JOIN entities e ON e.rowid = ae.entity WHERE a.id = ?",
                (article_id,),
            ).fetchall()
        grouped: dict[str, tuple[EntityType, str | None, list[Mention]]] = {}
        for name, type_, hidden, role, spans, body in rows:
            if hidden:
                continue
            mentions = [Mention(start, end, body[start:end]) for start, end, _, _ in unpack_spans(spans)]
            if name in grouped:
                old_type, old_role, old_mentions = grouped[name]
                grouped[name] = (old_type, old_role or role, old_mentions + mentions)
            else:
                grouped[name] = (type_, role, mentions)
        entities = [
            Entity(name, type_, tuple(sorted(mentions, key=lambda m: m.start)), role)
            for name, (type_, role, mentions) in grouped.items()
        ]
        entities.sort(key=lambda e: (-len(e.mentions), e.mentions[0].start if e.mentions else 0, e.name))
        return entities

    def mentions(
        self, entity_id: int, limit: int | None = None, since: str | None = None, until: str | None = None
    ) -> Iterator[MentionHit]:
        """Every mention of an entity with its sentence, newest articles first (undated last), read as they are
        used: `limit` mentions at most, of articles dated `since` to `until` (prefixes of 'YYYY-MM-DD') if given."""
        where, params = _dated(since, until)
        sql = (
            "SELECT a.id, a.title, a.published, a.source, a.body, ae.spans FROM article_entities ae"
            f" JOIN articles a ON a.rowid = ae.article WHERE ae.entity = ?{where}"
            " ORDER BY a.day DESC NULLS LAST, a.id"
        )
        given = 0
        # An article naming the entity under two names has two rows, one after the other: merged in text order.
        article: tuple[str, str, str | None, str | None, str] | None = None
        spans: list[tuple[int, int, int, int]] = []
        for row in self._stream(sql, [entity_id, *params]):
            if article is not None and row[0] != article[0]:
                for hit in _mention_hits(article, spans):
                    yield hit
                    given += 1
                    if limit is not None and given >= limit:
                        return
                spans = []
            article = row[:5]
            spans.extend(unpack_spans(row[5]))
        if article is not None:
            for hit in _mention_hits(article, spans)[: None if limit is None else limit - given]:
                yield hit

    def _stream(self, sql: str, params: Sequence[object]) -> Iterator[tuple[Any, ...]]:
        """The rows of a query, fetched a few hundred at a time: the store's lock is held only while fetching,
        so that a long export does not hold up other readers."""
        with self._lock:
            cursor = self._db.execute(sql, params)
        try:
            while True:
                with self._lock:
                    batch = cursor.fetchmany(_FETCH)
                if not batch:
                    return
                yield from batch
        finally:
            cursor.close()

    def entity_rows(self, entity_id: int) -> list[int]:
        """The rows of the articles naming an entity, under any of its names."""
        with self._lock:
            return [
                row[0]
                for row in self._db.execute(
                    "SELECT DISTINCT article FROM article_entities WHERE entity = ?", (entity_id,)
                )
            ]

    def name_rows(self, pattern: str, types: Sequence[str], match: NameMatch = "name") -> list[int]:
        """The rows of the articles naming something of one of `types` written as `pattern` (a folded name).

        A name matches by itself or by a form it was written in somewhere ("solberg" for
        Henrik Solberg); `match` "prefix" takes names starting so, "glob" a * ? pattern.
        """
        condition, value = key_condition(pattern, match)
        marks = ",".join("?" * len(types))
        names = (
            f"SELECT rowid FROM names WHERE key {condition} AND type IN ({marks})"
            " UNION SELECT a.name FROM aliases a JOIN names n ON n.rowid = a.name"
            f" WHERE a.key {condition} AND n.type IN ({marks})"
        )
        with self._lock:
            return [
                row[0]
                for row in self._db.execute(
                    f"SELECT DISTINCT article FROM article_entities WHERE name IN ({names})",
                    [value, *types, value, *types],
                )
            ]

    def mention_months(self, entity_id: int) -> list[tuple[str, int]]:
        """Mentions of an entity per month ('YYYY-MM'), oldest first; undated articles left out."""
        with self._lock:
            return [
                (month, int(count))
                for month, count in self._db.execute(
                    "SELECT substr(a.day, 1, 7) AS month, sum(ae.count) FROM article_entities ae"
                    " JOIN articles a ON a.rowid = ae.article"
                    " WHERE ae.entity = ? AND a.day IS NOT NULL GROUP BY month ORDER BY month",
                    (entity_id,),
                )
            ]

    # -- quotes -------------------------------------------------------------------------------

    def _quotes_of(self, article_id: str) -> list[tuple[int, Quote]]:
        """An article's quotes in text order, speakers as the extractor named them, with the article's row."""
        with self._lock:
            rows = self._db.execute(
                "SELECT a.rowid, q.text, q.speaker, q.start, q.end FROM quotes q JOIN articles a ON a.rowid = q.article"
                " WHERE a.id = ? ORDER BY q.start",
                (article_id,),
            ).fetchall()
        return [(rowid, Quote(text, speaker, start, end)) for rowid, text, speaker, start, end in rows]

    def article_quotes(self, article_id: str) -> list[Quote]:
        """An article's quotes in text order, speakers under their archive-wide names."""
        with self._lock:
            return [
                Quote(q.text, self._speaker_name(row, q.speaker), q.start, q.end)
                for row, q in self._quotes_of(article_id)
            ]

    def _speaker_name(self, article: int, speaker: str | None) -> str | None:
        """The archive-wide name of a quote's speaker: the entity the article's own name for the
        speaker counts for, else the one the name finds (as written if unknown or ambiguous)."""
        if speaker is None:
            return None
        row = self._db.execute(
            "SELECT e.name FROM article_entities ae JOIN aliases al ON al.name = ae.name"
            " JOIN entities e ON e.rowid = ae.entity WHERE ae.article = ? AND al.key = ? AND NOT e.hidden",
            (article, name_key(speaker)),
        ).fetchone()
        if row is not None:
            return str(row[0])
        try:
            entity_id = self.find_entity(speaker)
        except AmbiguousNameError:
            return speaker
        if entity_id is None:
            return speaker
        return str(self._db.execute("SELECT name FROM entities WHERE rowid = ?", (entity_id,)).fetchone()[0])

    def speaker_rows(self, keys: Sequence[str], match: NameMatch = "name") -> list[int]:
        """The rows of the articles quoting a speaker named one of `keys` (folded; a prefix or glob: one key)."""
        if match == "name":
            where, params = f"speaker_key IN ({','.join('?' * len(keys))})", list(keys)
        else:
            condition, value = key_condition(keys[0], match)
            where, params = f"speaker_key {condition}", [value]
        with self._lock:
            return [row[0] for row in self._db.execute(f"SELECT DISTINCT article FROM quotes WHERE {where}", params)]

    def entity_speaker_rows(self, entity_id: int) -> list[int]:
        """The rows of the articles quoting an entity."""
        with self._lock:
            sql = f"SELECT DISTINCT q.article FROM quotes q WHERE {_QUOTED}"
            return [row[0] for row in self._db.execute(sql, (entity_id, entity_id))]

    def quotes(
        self, entity_id: int | None = None, limit: int | None = None, since: str | None = None, until: str | None = None
    ) -> Iterator[QuoteHit]:
        """Quotes across the archive, newest first, read as they are used; only one speaker's when an entity is
        given, only of articles dated `since` to `until` (prefixes of 'YYYY-MM-DD') if given."""
        sql = (
            "SELECT a.rowid, a.id, a.title, a.published, a.source, q.text, q.speaker, q.start, q.end FROM quotes q"
            " JOIN articles a ON a.rowid = q.article WHERE 1"
        )
        params: list[object] = []
        if entity_id is not None:
            sql += f" AND {_QUOTED}"
            params += [entity_id, entity_id]
        where, dates = _dated(since, until)
        sql += where + " ORDER BY a.day DESC NULLS LAST, a.id, q.start"
        if limit is not None:
            sql += " LIMIT ?"
            params.append(limit)
        for rowid, article_id, title, published, source, text, speaker, start, end in self._stream(sql, params + dates):
            with self._lock:
                named = self._speaker_name(rowid, speaker)
            yield QuoteHit(article_id, title, stored_datetime(published), text, named, start, end, source)

    # Names in queries (person:, org:, place:, entity:, speaker:)

    def name_condition_rows(self, field: str, text: str, match: NameMatch) -> list[int]:
        """The rows of the articles a name condition of the query language selects.

        A name the store resolves to an entity of the field's type (any type for
        `entity:`) selects every article naming that entity under any of its names;
        `speaker:` every article quoting it. Otherwise the name is taken as written:
        articles naming something of that type so (or, for speakers, quoting it).
        """
        if match == "name":
            try:
                entity_id = self.find_entity(text)
            except QueryError:  # ambiguous: take the name as written
                entity_id = None
            if entity_id is not None:
                if field == "speaker":
                    return self.entity_speaker_rows(entity_id)
                if field == "entity" or self.entity_summary(entity_id).type == field:
                    return self.entity_rows(entity_id)
            text = name_key(text)
        if field == "speaker":
            return self.speaker_rows([text], match)
        return self.name_rows(text, ENTITY_TYPES if field == "entity" else (field,), match)

    def name_condition_label(self, field: str, text: str, match: NameMatch) -> str:
        """A name condition as the store reads it: the entity's name and other forms, or the name as written."""
        if match == "prefix":
            return f"{field}:{text}*"
        if match == "glob":
            return f"{field}:{text}"
        try:
            entity_id = self.find_entity(text)
        except QueryError:
            return f"{field}:{text} (as written: it may mean several)"
        if entity_id is not None:
            summary = self.entity_summary(entity_id)
            if field in ("entity", "speaker") or summary.type == field:
                others = [alias for alias in summary.aliases if name_key(alias) != name_key(summary.name)]
                also = f" (also {', '.join(others[:3])}{', …' if len(others) > 3 else ''})" if others else ""
                return f"{field}:{summary.name}{also}"
        return f"{field}:{text} (as written)"


# Rows fetched at a time by a streamed listing.
_FETCH = 500


def _mention_hits(
    article: tuple[str, str, str | None, str | None, str], spans: list[tuple[int, int, int, int]]
) -> list[MentionHit]:
    """The mentions of one article, in text order, each with its sentence."""
    article_id, title, published, source, body = article
    when = stored_datetime(published)
    return [
        MentionHit(
            article_id, title, when, body[sent_start:sent_end], start - sent_start, end - sent_start, start, source
        )
        for start, end, sent_start, sent_end in sorted(spans)
    ]


_DAY = re.compile(r"\d{4}(-\d{2}(-\d{2})?)?")


def day_bound(text: str | None, name: str) -> str | None:
    """A date bound as given ('2021', '2021-05', '2021-05-21'); UsageError naming `name` otherwise."""
    if text is None or not text.strip():
        return None
    if not _DAY.fullmatch(text.strip()):
        raise UsageError(f"{name} '{text}' is not a date: write YYYY, YYYY-MM or YYYY-MM-DD (e.g. 2021-05)")
    return text.strip()


def _dated(since: str | None, until: str | None) -> tuple[str, list[object]]:
    """The SQL condition (after AND) on the article's day for dates `since` to `until`, prefixes of 'YYYY-MM-DD'."""
    where = ""
    params: list[object] = []
    if since:
        where += " AND a.day >= ?"
        params.append(since)
    if until:
        where += " AND substr(a.day, 1, ?) <= ?"
        params += [len(until), until]
    return where, params


# The quotes of an entity: those whose speaker the quote's article writes as a name it counts
# for the entity ("Araghchi" for Seyed Abbas Araghchi), and those whose speaker the article
# did not tag (an untagged "Given Surname") but is one of the entity's names.
_QUOTED = (
    "(EXISTS (SELECT 1 FROM article_entities ae JOIN aliases al ON al.name = ae.name"
    " WHERE ae.article = q.article AND al.key = q.speaker_key AND ae.entity = ?)"
    " OR (q.speaker_key IN (SELECT key FROM names WHERE entity = ?) AND NOT EXISTS (SELECT 1 FROM article_entities ae"
    " JOIN aliases al ON al.name = ae.name WHERE ae.article = q.article AND al.key = q.speaker_key)))"
)
