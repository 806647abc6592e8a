"""Archive-wide entities against a hand-annotated gold file: lookups, coverage, fragments, merges, junk.

The gold file (default: benchmarks/archive_entities_bbc.json, annotated from bbc-fulltext) lists
people, organisations and places, each with its canonical name and the stories (article ids)
whose body names it in any form, and the hand-judged verdicts on names of the top lists.
Figures:

- full-name lookup: looking up the canonical name finds one entity, listed under that name
  (or one of the gold's other spellings);
- surname lookup: looking up the surname finds that entity; for a surname the gold marks as
  shared by two people, offering it among the candidates counts;
- coverage: the share of the gold stories that are among the entity's articles;
- fragments: other entities of the same type whose words are a subset or superset of the
  canonical name's and that share a gold story ("Blair", "Tony Blair MP");
- organisation and place merges: the share of other forms ("IMF", "Britain") whose lookup
  finds the same entity;
- junk: names in the top 50 of each type judged junk (not a name, or of the wrong type); names
  not judged yet are printed with "?" so that a person can judge them.

Run: .venv/bin/python benchmarks/archive_entities.py [--archive PATH] [--gold FILE] [--index-dir DIR] [--rebuild]
Corpora: $NEWSBROWSE_CORPORA or <repo>/../shared/corpora (bbc-fulltext). The index goes to
benchmarks/out/archive_entities/ unless --index-dir says otherwise (never into the corpus).
"""

from __future__ import annotations

import argparse
import json
import os
import sqlite3
import sys
import time
from pathlib import Path
from typing import Any

from newsbrowse import open_archive
from newsbrowse.errors import QueryError
from newsbrowse.extract.names import name_key

REPO = Path(__file__).resolve().parent.parent
CORPORA = Path(os.environ.get("NEWSBROWSE_CORPORA", REPO.parent / "shared" / "corpora"))
GOLD = REPO / "benchmarks" / "archive_entities_bbc.json"
TOP = 50
TYPES = {"people": "person", "orgs": "org", "places": "place"}


class Lookups:
    """Entity lookups and articles by entity id, read from an archive's store."""

    def __init__(self, archive: Any) -> None:
        self.archive = archive
        self.store = archive.store
        self.db = sqlite3.connect(f"file:{archive.index_dir / 'store.sqlite3'}?mode=ro", uri=True)
        self.ids = dict(self.db.execute("SELECT rowid, id FROM articles"))
        self._articles: dict[int, set[str]] = {}

    def find(self, name: str) -> tuple[int | None, tuple[str, ...]]:
        """The entity a name finds, or None with the names it may mean."""
        try:
            return self.store.find_entity(name), ()
        except QueryError as err:
            return None, tuple(getattr(err, "candidates", ()))

    def name(self, entity_id: int) -> str:
        """An entity's listed name."""
        return str(self.store.entity_summary(entity_id).name)

    def articles(self, entity_id: int) -> set[str]:
        """The ids of the articles naming an entity."""
        if entity_id not in self._articles:
            self._articles[entity_id] = {self.ids[row] for row in self.store.entity_rows(entity_id)}
        return self._articles[entity_id]

    def entities(self, type_: str) -> list[tuple[int, str]]:
        """Every entity of a type: (id, name)."""
        return [
            (int(rowid), name)
            for rowid, name in self.db.execute("SELECT rowid, name FROM entities WHERE type = ?", (type_,))
        ]


def ratio(good: int, total: int) -> str:
    """A share as a percentage with its counts."""
    return f"{100 * good / total:5.1f}% ({good}/{total})" if total else "  n/a"


def measure_people(look: Lookups, people: list[dict[str, Any]]) -> list[str]:
    """Lookups, coverage and fragments of the gold people; returns the lines to print."""
    lines = []
    full_ok = surname_ok = covered = stories = fragments = 0
    problems = []
    by_words: dict[str, list[tuple[int, frozenset[str]]]] = {}
    for entity_id, name in look.entities("person"):
        words = frozenset(name_key(name).split())
        for word in words:
            by_words.setdefault(word, []).append((entity_id, words))
    for person in people:
        entity_id, offered = look.find(person["name"])
        accepted = {name_key(n) for n in person["names"]}
        if entity_id is not None and name_key(look.name(entity_id)) in accepted:
            full_ok += 1
        else:
            found = look.name(entity_id) if entity_id is not None else f"none (offers {', '.join(offered[:4])})"
            problems.append(f"full name {person['name']!r} -> {found}")
        surname_id, surname_offers = look.find(person["surname"])
        main_name = look.name(entity_id) if entity_id is not None else person["name"]
        if (surname_id is not None and surname_id == entity_id) or (
            person.get("surname_shared") and main_name in surname_offers
        ):
            surname_ok += 1
        else:
            found = (
                look.name(surname_id) if surname_id is not None else f"none (offers {', '.join(surname_offers[:4])})"
            )
            problems.append(f"surname {person['surname']!r} for {person['name']} -> {found}")
        gold = set(person["stories"])
        got = look.articles(entity_id) if entity_id is not None else set()
        covered += len(gold & got)
        stories += len(gold)
        if gold - got:
            problems.append(
                f"coverage {person['name']}: {len(gold & got)}/{len(gold)}, missing e.g. {sorted(gold - got)[:3]}"
            )
        words = frozenset(name_key(person["name"]).split())
        seen: set[int] = set()
        for word in words:
            for other_id, other_words in by_words.get(word, ()):
                if other_id == entity_id or other_id in seen or not (other_words < words or other_words > words):
                    continue
                seen.add(other_id)
                if look.articles(other_id) & gold:
                    fragments += 1
                    problems.append(f"fragment of {person['name']}: {look.name(other_id)!r}")
    lines.append(f"  full-name lookup       {ratio(full_ok, len(people))}")
    lines.append(f"  surname lookup         {ratio(surname_ok, len(people))}")
    lines.append(f"  coverage               {ratio(covered, stories)}")
    lines.append(f"  fragments              {fragments} over {len(people)} people")
    return lines + [f"    - {problem}" for problem in problems]


def measure_named(look: Lookups, entries: list[dict[str, Any]], what: str) -> list[str]:
    """Lookups, merges of other forms and coverage of gold organisations or places."""
    found_ok = merged = forms = covered = stories = 0
    problems = []
    for entry in entries:
        entity_id, offered = look.find(entry["name"])
        if entity_id is not None:
            found_ok += 1
        else:
            problems.append(f"lookup {entry['name']!r} -> none (offers {', '.join(offered[:4])})")
        for form in entry["forms"]:
            forms += 1
            form_id, _ = look.find(form)
            if form_id is not None and form_id == entity_id:
                merged += 1
            else:
                problems.append(
                    f"{form!r} -> {look.name(form_id) if form_id is not None else 'none'}, not {entry['name']}"
                )
        gold = set(entry["stories"])
        got = look.articles(entity_id) if entity_id is not None else set()
        covered += len(gold & got)
        stories += len(gold)
        if len(gold & got) < len(gold):
            problems.append(
                f"coverage {entry['name']}: {len(gold & got)}/{len(gold)}, missing e.g. {sorted(gold - got)[:3]}"
            )
    return [
        f"  lookup                 {ratio(found_ok, len(entries))}",
        f"  {what} merges{' ' * (17 - len(what))}{ratio(merged, forms)}",
        f"  coverage               {ratio(covered, stories)}",
    ] + [f"    - {problem}" for problem in problems]


def measure_junk(archive: Any, judged: dict[str, dict[str, list[str]]]) -> list[str]:
    """The junk in the top 50 of each type, by the gold's verdicts; unjudged names are marked '?'."""
    lines = []
    for type_ in ("person", "org", "place"):
        verdicts = judged.get(type_, {"junk": [], "ok": []})
        junk_names = set(verdicts.get("junk", []))
        ok_names = set(verdicts.get("ok", []))
        top = archive.entities(type_, limit=TOP)
        junk = [e.name for e in top if e.name in junk_names]
        unjudged = [e.name for e in top if e.name not in junk_names and e.name not in ok_names]
        lines.append(
            f"  junk in top {TOP} {type_:<7} {len(junk)}{'  (+' + str(len(unjudged)) + ' unjudged)' if unjudged else ''}"
        )
        if junk:
            lines.append(f"    junk: {', '.join(junk)}")
        if unjudged:
            lines.append(f"    ?: {', '.join(unjudged)}")
    return lines


def main() -> None:
    """Build or update the archive's index, then print every figure."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--archive", type=Path, default=CORPORA / "bbc-fulltext")
    parser.add_argument("--gold", type=Path, default=GOLD)
    parser.add_argument("--index-dir", type=Path, default=None)
    parser.add_argument("--rebuild", action="store_true", help="rebuild the index from scratch first")
    args = parser.parse_args()
    if not args.archive.exists():
        sys.exit(f"no archive at {args.archive} (set NEWSBROWSE_CORPORA or pass --archive)")
    gold = json.loads(args.gold.read_text(encoding="utf-8"))
    index_dir = args.index_dir or REPO / "benchmarks" / "out" / "archive_entities" / args.archive.name
    with open_archive(args.archive, index_dir) as archive:
        started = time.perf_counter()
        summary = archive.update(rebuild=args.rebuild)
        print(
            f"{args.archive.name}: {summary.total:,} articles; index updated in {time.perf_counter() - started:.1f} s ({index_dir})"
        )
        look = Lookups(archive)
        print(f"\nPeople ({len(gold['people'])})")
        print("\n".join(measure_people(look, gold["people"])))
        print(f"\nOrganisations ({len(gold['orgs'])})")
        print("\n".join(measure_named(look, gold["orgs"], "organisation")))
        print(f"\nPlaces ({len(gold['places'])})")
        print("\n".join(measure_named(look, gold["places"], "place")))
        print("\nTop lists")
        print("\n".join(measure_junk(archive, gold.get("judged", {}))))


if __name__ == "__main__":
    main()
