"""Archive-wide entities in the store: writing what `resolve` decides, and every lookup and listing of them."""

from __future__ import annotations

import sqlite3
import threading
import time
from collections import defaultdict
from collections.abc import Iterator, Mapping, Sequence
from contextlib import AbstractContextManager
from datetime import date, datetime

from newsbrowse.corrections import Correction, CorrectionsError, CorrectionsFile
from newsbrowse.errors import QueryError
from newsbrowse.extract.lexicon import lexicon
from newsbrowse.extract.names import name_key, person_key
from newsbrowse.extract.titles import bare_name
from newsbrowse.model import Entity, EntitySummary, EntityType, Mention, MentionHit, Quote, QuoteHit
from newsbrowse.store.resolve import RULES_VERSION, NameRow, Occurrence, Resolution, resolve
from newsbrowse.store.rows import SPAN_WIDTH, NameMatch, key_condition, searchable, stored_datetime, unpack_spans

# SQLite takes at most this many values in one statement; longer lists go in chunks.
_CHUNK = 900
# A name several entities go by finds the one with most articles only when it has this many times
# the articles of the next: "Baker" lists James Baker and Howard Baker, "Blair" finds Tony Blair.
LOOKUP_DOMINANCE = 10
# A periodic resolution waits at least this many times the last one's duration.
_PERIODIC_SHARE = 10


class AmbiguousNameError(QueryError):
    """A name that stands for several entities; the message lists them."""

    def __init__(self, name: str, candidates: Sequence[str]) -> None:
        listed = ", ".join(candidates[:5]) + (" ..." if len(candidates) > 5 else "")
        super().__init__(f"'{name}' may mean {listed}: give the full name")
        self.candidates = tuple(candidates)


def _chunks(values: Sequence[int]) -> Iterator[Sequence[int]]:
    """Slices of at most _CHUNK values."""
    for start in range(0, len(values), _CHUNK):
        yield values[start : start + _CHUNK]


class _StoreContext:
    """What the resolution reads from the store, on demand."""

    def __init__(self, db: sqlite3.Connection) -> None:
        self.db = db

    def occurrences(self, name_ids: Sequence[int]) -> list[Occurrence]:
        """Every article using one of these names, with the role it gives."""
        found: list[Occurrence] = []
        for chunk in _chunks(sorted(set(name_ids))):
            marks = ",".join("?" * len(chunk))
            found.extend(
                Occurrence(article, name, role)
                for article, name, role in self.db.execute(
                    f"SELECT article, name, role FROM article_entities WHERE name IN ({marks})", list(chunk)
                )
            )
        return found

    def names_in(self, articles: Sequence[int]) -> dict[int, list[int]]:
        """The names each of these articles uses."""
        found: dict[int, list[int]] = defaultdict(list)
        for chunk in _chunks(articles):
            marks = ",".join("?" * len(chunk))
            for article, name in self.db.execute(
                f"SELECT article, name FROM article_entities WHERE article IN ({marks})", list(chunk)
            ):
                found[article].append(name)
        return found

    def written_as(self) -> Mapping[str, Sequence[int]]:
        """For each folded form, the non-person names an article wrote that way."""
        found: dict[str, list[int]] = defaultdict(list)
        for key, name in self.db.execute(
            "SELECT a.key, a.name FROM aliases a WHERE a.key IN (SELECT key FROM names WHERE type != 'person')"
        ):
            found[key].append(name)
        return found


class EntityStore:
    """The entity half of the Store (a mixin: it shares the Store's connection and lock)."""

    _db: sqlite3.Connection
    _lock: threading.RLock
    _dirty_names: set[int]
    _name_ids: dict[tuple[str, str], int] | None
    corrections: tuple[Correction, ...] = ()
    corrections_fingerprint: str = ""
    corrections_error: str | None = None
    problems: tuple[str, ...] = ()
    _corrections_file: CorrectionsFile | None = None
    _resolved_at: float = float("-inf")  # when the last resolution ended (time.monotonic)
    _resolve_took: float = 0.0

    def transaction(self) -> AbstractContextManager[None]:
        """A write transaction (the Store's)."""
        raise NotImplementedError

    # -- resolution ---------------------------------------------------------------------------

    def use_corrections(self, source: CorrectionsFile) -> None:
        """The user's corrections file: every resolution applies it as it is on disk then."""
        self._corrections_file = source

    def _read_corrections(self) -> None:
        """Take the corrections as the file holds them now; a file that cannot be read keeps the
        last ones read (and says why in `problems`): no build or lookup fails for it."""
        source = self._corrections_file
        if source is None:
            return
        try:
            source.refresh()
            self.corrections_error = None
        except CorrectionsError as err:
            self.corrections_error = str(err)
        self.corrections = source.loaded.corrections
        self.corrections_fingerprint = source.loaded.fingerprint

    @property
    def resolved_with(self) -> str:
        """What the entities should be resolved with: these rules and these corrections."""
        return f"{RULES_VERSION}/{self.corrections_fingerprint}"

    def _current(self) -> bool:
        """Whether the entities were resolved with these rules and corrections (inside a transaction)."""
        row = self._db.execute("SELECT value FROM meta WHERE key = 'resolved'").fetchone()
        return row is not None and row[0] == self.resolved_with

    def entities_current(self) -> bool | None:
        """Whether the entities were last resolved with the current rules and corrections (None: never resolved)."""
        self._read_corrections()
        with self._lock:
            row = self._db.execute("SELECT value FROM meta WHERE key = 'resolved'").fetchone()
        return None if row is None else row[0] == self.resolved_with

    def resolve_entities(self, everything: bool = False, periodic: bool = False) -> None:
        """Resolve names into archive-wide entities again, and write what changed.

        The resolution is computed over all names (it must not depend on the order articles
        were indexed); only the entities, names and article rows whose entity changed are
        written, and only the counts that may have changed are recounted. `everything`
        resolves even when no name changed (new corrections). A `periodic` call during a
        build is skipped when the last resolution was less than ten of its own durations ago,
        so that a big archive spends at most a tenth of its build resolving.
        """
        started = time.monotonic()
        if periodic and started - self._resolved_at < _PERIODIC_SHARE * self._resolve_took:
            return
        self._read_corrections()
        with self.transaction():
            if self._dirty_names or everything or not self._current():
                self._resolve()
                self._resolved_at = time.monotonic()
                self._resolve_took = self._resolved_at - started

    def _resolve(self) -> None:
        """The body of resolve_entities, inside its transaction."""
        db = self._db
        affected = {row[0] for row in db.execute("SELECT entity FROM names WHERE articles <= 0 AND entity IS NOT NULL")}
        db.execute("DELETE FROM names WHERE articles <= 0")
        rows = [
            NameRow(rowid, name, type_, key, articles, (person, org, place, other))
            for rowid, name, type_, key, articles, person, org, place, other in db.execute(
                "SELECT rowid, name, type, key, articles, ev_person, ev_org, ev_place, ev_other FROM names"
            )
        ]
        if self._name_ids is not None:
            live = {row.id for row in rows}
            self._name_ids = {k: v for k, v in self._name_ids.items() if v in live}
        total = int(db.execute("SELECT count(*) FROM articles").fetchone()[0])
        result = resolve(rows, _StoreContext(db), self.corrections, total)
        self.problems = tuple(result.problems)
        ids = self._write_entities(result)
        affected |= self._write_names(result, ids)
        affected |= self._write_choices(result, ids)
        affected |= {ids[result.target[name_id]] for name_id in self._dirty_names if name_id in result.target}
        self._write_forms(result, ids)
        for entity_id in affected:
            self._count(entity_id)
        stale = [(rowid,) for key, rowid in db.execute("SELECT key, rowid FROM entities") if key not in result.labels]
        db.executemany("DELETE FROM entities WHERE rowid = ?", stale)
        db.execute(
            "INSERT INTO meta VALUES ('resolved', ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            (self.resolved_with,),
        )
        self._dirty_names = set()

    def _write_entities(self, result: Resolution) -> dict[str, int]:
        """Insert new entities and relabel changed ones; returns every entity's id by key."""
        db = self._db
        current = {
            key: (rowid, name, type_, hidden)
            for rowid, key, name, type_, hidden in db.execute("SELECT rowid, key, name, type, hidden FROM entities")
        }
        ids: dict[str, int] = {}
        for key, entry in result.labels.items():
            found = current.get(key)
            if found is None:
                cursor = db.execute(
                    "INSERT INTO entities (key, name, type, hidden) VALUES (?, ?, ?, ?)",
                    (key, entry.name, entry.type, int(entry.hidden)),
                )
                ids[key] = int(cursor.lastrowid or 0)
                continue
            ids[key] = found[0]
            if found[1:] != (entry.name, entry.type, int(entry.hidden)):
                db.execute(
                    "UPDATE entities SET name = ?, type = ?, hidden = ? WHERE rowid = ?",
                    (entry.name, entry.type, int(entry.hidden), found[0]),
                )
        return ids

    def _write_names(self, result: Resolution, ids: Mapping[str, int]) -> set[int]:
        """Point each name, and its article rows, at its entity; returns the entities touched."""
        db = self._db
        current = dict(db.execute("SELECT rowid, entity FROM names"))
        moved = [(ids[key], name_id) for name_id, key in result.target.items() if current.get(name_id) != ids[key]]
        db.executemany("UPDATE names SET entity = ? WHERE rowid = ?", moved)
        db.executemany("UPDATE article_entities SET entity = ? WHERE name = ?", moved)
        db.execute(
            "UPDATE article_entities SET entity = (SELECT entity FROM names WHERE rowid = article_entities.name)"
            " WHERE entity IS NULL"
        )
        touched = {entity for entity, _ in moved} | {current[name_id] for _, name_id in moved if current.get(name_id)}
        return touched

    def _write_choices(self, result: Resolution, ids: Mapping[str, int]) -> set[int]:
        """Write the per-article choices; returns the entities whose rows changed. A row no longer
        chosen goes back to its name's entity; every choice is applied again, since a name that
        moved reset its rows."""
        db = self._db
        old = {
            (article, name): entity for article, name, entity in db.execute("SELECT article, name, entity FROM choices")
        }
        new = {spot: ids[key] for spot, key in result.overrides.items()}
        defaults = {name_id: ids[key] for name_id, key in result.target.items()}
        updates = [(defaults[name], article, name) for article, name in old.keys() - new.keys() if name in defaults]
        updates += [(entity, article, name) for (article, name), entity in new.items()]
        db.executemany(
            "UPDATE article_entities SET entity = ?1 WHERE article = ?2 AND name = ?3 AND entity IS NOT ?1", updates
        )
        db.execute("DELETE FROM choices")
        db.executemany("INSERT INTO choices VALUES (?, ?, ?)", [(*spot, entity) for spot, entity in new.items()])
        touched: set[int] = set()
        for spot in old.keys() | new.keys():
            default = defaults.get(spot[1])
            before, after = old.get(spot, default), new.get(spot, default)
            if before != after:
                touched |= {entity for entity in (before, after) if entity is not None}
        return touched

    def _write_forms(self, result: Resolution, ids: Mapping[str, int]) -> None:
        """The names that find an entity without an article writing them: corrections' aliases and
        the other names of well-known entities present in the archive."""
        forms = dict(result.forms)
        for key, known in lexicon().canonical.items():
            canonical = name_key(known.name)
            if canonical in ids and key not in forms:
                forms[key] = canonical
        self._db.execute("DELETE FROM forms")
        self._db.executemany(
            "INSERT INTO forms VALUES (?, ?)", [(key, ids[owner]) for key, owner in forms.items() if owner in ids]
        )

    def _count(self, entity_id: int) -> None:
        """Refresh one entity's article and mention counts from its article rows."""
        self._db.execute(
            "UPDATE entities SET (articles, mentions) = (SELECT count(DISTINCT article), coalesce(sum(count), 0)"
            " FROM article_entities WHERE entity = ?1) WHERE rowid = ?1",
            (entity_id,),
        )

    # -- lookups ------------------------------------------------------------------------------

    def _candidates(self, key: str) -> tuple[int | None, list[int]]:
        """The visible entity whose key is `key`, and the other visible entities that name stands for:
        entities holding a name with that key, written that way somewhere (aliases), found by that
        form (corrections, well-known names), people whose name ends with it (surnames)."""
        db = self._db
        row = db.execute("SELECT rowid FROM entities WHERE key = ? AND NOT hidden AND articles > 0", (key,)).fetchone()
        exact = int(row[0]) if row else None
        others: list[int] = []
        for sql in (
            "SELECT entity FROM forms WHERE key = ?1",
            "SELECT DISTINCT entity FROM names WHERE key = ?1",
            "SELECT DISTINCT n.entity FROM aliases a JOIN names n ON n.rowid = a.name WHERE a.key = ?1",
            # article rows a per-article choice gave to another entity
            "SELECT DISTINCT c.entity FROM choices c JOIN names n ON n.rowid = c.name WHERE n.key = ?1",
            # people with a name ending with the key as a word (LIKE would read % and _ as wildcards)
            "SELECT DISTINCT entity FROM names WHERE type = 'person' AND substr(key, -length(?1) - 1) = ' ' || ?1",
        ):
            for (entity_id,) in db.execute(sql, (key,)):
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
            bare = name_key(bare_name(name, lexicon()))
            if found is None and bare != key:
                found = self._find(bare)
            if found is None and person_key(name) != key:
                found = self._find(person_key(name))
        if isinstance(found, list):
            raise AmbiguousNameError(name, found)
        return found

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
            if " " in key or not people or key in lexicon().canonical:
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

    def mentions(self, entity_id: int, limit: int | None = None) -> list[MentionHit]:
        """Every mention of an entity with its sentence, newest articles first (undated last)."""
        hits: list[MentionHit] = []
        with self._lock:
            cursor = self._db.execute(
                "SELECT a.id, a.title, a.published, a.body, ae.spans FROM article_entities ae"
                " JOIN articles a ON a.rowid = ae.article WHERE ae.entity = ? ORDER BY a.day DESC NULLS LAST, a.id",
                (entity_id,),
            )
            rows: list[tuple[str, str, str | None, str, bytes]] = []
            seen = 0
            for row in cursor:
                rows.append(row)
                seen += len(row[4]) // (4 * SPAN_WIDTH)
                if limit is not None and seen >= limit:
                    break
            cursor.close()
        # An article naming the entity under two names has two rows: merge them in text order.
        by_article: dict[str, tuple[str, date | datetime | None, str, list[tuple[int, int, int, int]]]] = {}
        for article_id, title, published, body, spans in rows:
            if article_id in by_article:
                by_article[article_id][3].extend(unpack_spans(spans))
            else:
                by_article[article_id] = (title, stored_datetime(published), body, unpack_spans(spans))
        for article_id, (title, when, text, found) in by_article.items():
            for start, end, sent_start, sent_end in sorted(found):
                hits.append(
                    MentionHit(
                        article_id=article_id,
                        title=title,
                        published=when,
                        sentence=text[sent_start:sent_end],
                        start=start - sent_start,
                        end=end - sent_start,
                        offset=start,
                    )
                )
        return hits if limit is None else hits[:limit]

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

    def quotes(self, entity_id: int | None = None, limit: int | None = None) -> list[QuoteHit]:
        """Quotes across the archive, newest first; only one speaker's when an entity is given."""
        sql = (
            "SELECT a.rowid, a.id, a.title, a.published, q.text, q.speaker, q.start, q.end FROM quotes q"
            " JOIN articles a ON a.rowid = q.article"
        )
        params: list[object] = []
        if entity_id is not None:
            sql += f" WHERE {_QUOTED}"
            params += [entity_id, entity_id]
        sql += " ORDER BY a.day DESC NULLS LAST, a.id, q.start"
        if limit is not None:
            sql += " LIMIT ?"
            params.append(limit)
        with self._lock:
            rows = self._db.execute(sql, params).fetchall()
            speakers = {(row[0], row[5]): self._speaker_name(row[0], row[5]) for row in rows}
        return [
            QuoteHit(article_id, title, stored_datetime(published), text, speakers[(rowid, speaker)], start, end)
            for rowid, article_id, title, published, text, speaker, start, end in rows
        ]


# The quotes of an entity: those whose speaker the quote's article writes as a name it counts
# for the entity ("Araghchi" for Seyed Abbas Araghchi), and those whose speaker the article
# did not tag (an untagged "Given Surname") but is one of the entity's names.
_QUOTED = (
    "(EXISTS (SELECT 1 FROM article_entities ae JOIN aliases al ON al.name = ae.name"
    " WHERE ae.article = q.article AND al.key = q.speaker_key AND ae.entity = ?)"
    " OR (q.speaker_key IN (SELECT key FROM names WHERE entity = ?) AND NOT EXISTS (SELECT 1 FROM article_entities ae"
    " JOIN aliases al ON al.name = ae.name WHERE ae.article = q.article AND al.key = q.speaker_key)))"
)
