"""Archive-wide entities: resolve the names of every article into entities (rules in resolve.py, the user's
corrections on top) and write what changed into the store."""

from __future__ import annotations

import sqlite3
from collections import defaultdict
from collections.abc import Mapping, Sequence

from newsbrowse.corrections import Correction, CorrectionsError, CorrectionsFile
from newsbrowse.extract.lexicon import lexicon
from newsbrowse.extract.names import name_key, surname_key
from newsbrowse.extract.spellings import spelling_keys
from newsbrowse.store.base import StoreBase, in_chunks
from newsbrowse.store.resolve import RULES_VERSION, NameRow, Occurrence, Resolution, resolve


class _StoreContext:
    """What the resolution reads from the store, on demand."""

    def __init__(self, db: sqlite3.Connection) -> None:
        self.db = db

    def occurrences(self, name_ids: Sequence[int]) -> list[Occurrence]:
        """Every article using one of these names, with the role it gives."""
        found: list[Occurrence] = []
        for chunk, marks in in_chunks(sorted(set(name_ids))):
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
        for chunk, marks in in_chunks(articles):
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


class EntityMerging(StoreBase):
    """The store's entity resolution (a part of Store: it shares the Store's connection, lock and transactions)."""

    _dirty_names: set[int]
    _name_ids: dict[tuple[str, str], int] | None
    corrections: tuple[Correction, ...] = ()
    corrections_fingerprint: str = ""
    corrections_error: str | None = None
    problems: tuple[str, ...] = ()
    _corrections_file: CorrectionsFile | None = None

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

    def resolve_entities(self, everything: bool = False) -> None:
        """Resolve names into archive-wide entities again, and write what changed.

        The resolution is computed over all names (it must not depend on the order articles
        were indexed); only the entities, names and article rows whose entity changed are
        written, and only the counts that may have changed are recounted. `everything`
        resolves even when no name changed (new corrections).
        """
        self._read_corrections()
        with self.transaction():
            if self._dirty_names or everything or not self._current():
                self._resolve()

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
        self._write_spellings(rows, result, ids)
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
        # In key order: new entities then get the same ids whatever order the resolution made them in
        # (it iterates sets, whose order changes with each process's string hashing).
        for key, entry in sorted(result.labels.items()):
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

    def _write_spellings(self, rows: Sequence[NameRow], result: Resolution, ids: Mapping[str, int]) -> None:
        """The spellings of every entity's names (and of a person's surname), for lookups in other spellings."""
        spelt: set[tuple[str, int]] = set()
        for row in rows:
            entity = ids.get(result.target.get(row.id, ""))
            if entity is None:
                continue
            written = [row.name, surname_key(row.key)] if row.type == "person" and " " in row.key else [row.name]
            for name in written:
                spelt.update((key, entity) for key in spelling_keys(name))
        self._db.execute("DELETE FROM spellings")
        self._db.executemany("INSERT INTO spellings VALUES (?, ?)", sorted(spelt))

    def _count(self, entity_id: int) -> None:
        """Refresh one entity's article and mention counts from its article rows."""
        self._db.execute(
            "UPDATE entities SET (articles, mentions) = (SELECT count(DISTINCT article), coalesce(sum(count), 0)"
            " FROM article_entities WHERE entity = ?1) WHERE rowid = ?1",
            (entity_id,),
        )
