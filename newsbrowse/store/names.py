"""Entity names across articles: merging the names of many articles into archive-wide entities."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from newsbrowse.model import ENTITY_TYPES


@dataclass(frozen=True, slots=True)
class NameRow:
    """One (canonical name, type) pair seen in the archive, with how many articles use it."""

    id: int
    name: str
    type: str
    key: str  # name_key(name)
    articles: int


def _person_targets(keys: Iterable[str]) -> dict[str, str]:
    """Map each person key to the full name it stands for, when that is unambiguous.

    A name whose words end another person's name ("ulyanov", "abbas araghchi") stands for
    the longest such name ("mikhail ulyanov", "seyed abbas araghchi") when there is exactly
    one; with two candidates ("mikhail ulyanov", "pyotr ulyanov") it stays itself. The
    result depends only on the set of names, never on the order articles were indexed.
    """
    keys = set(keys)
    longer: dict[str, set[str]] = defaultdict(set)
    for key in keys:
        words = key.split()
        for cut in range(1, len(words)):
            longer[" ".join(words[cut:])].add(key)
    targets: dict[str, str] = {}
    for key in keys:
        if key not in longer:
            targets[key] = key
            continue
        # The names that end with this one and do not themselves end a longer name.
        tops = {candidate for candidate in longer[key] if candidate not in longer}
        targets[key] = tops.pop() if len(tops) == 1 else key
    return targets


def resolve_names(names: Iterable[NameRow], aliases: Mapping[str, Iterable[int]]) -> dict[int, str]:
    """Map each name id to the key of the archive-wide entity it belongs to.

    People: a surname or shorter form joins the one full name it ends (see
    `_person_targets`). Other types: a name that another name of the same type was
    written as elsewhere ("IAEA" for "International Atomic Energy Agency") joins that
    name when exactly one name claims it. Otherwise a name is its own entity; names
    that differ only in case or accents are one entity.
    """
    rows = list(names)
    by_id = {row.id: row for row in rows}
    persons = _person_targets(row.key for row in rows if row.type == "person")
    result: dict[int, str] = {}
    for row in rows:
        if row.type == "person":
            result[row.id] = persons[row.key]
            continue
        owners = {
            by_id[other].key
            for other in aliases.get(row.key, ())
            if other in by_id and by_id[other].type == row.type and by_id[other].key != row.key
        }
        result[row.id] = owners.pop() if len(owners) == 1 else row.key
    return result


def entity_label(members: Iterable[NameRow], key: str) -> tuple[str, str]:
    """The display name and type of an entity from its member names.

    The name: the most used spelling whose key is the entity's key. The type: the one
    most articles gave it (person, org, place, other break ties in that order).
    """
    members = list(members)
    spellings = [row for row in members if row.key == key] or members
    name = min(spellings, key=lambda row: (-row.articles, row.name)).name
    weight: dict[str, int] = defaultdict(int)
    for row in members:
        weight[row.type] += row.articles
    type_ = min(weight, key=lambda t: (-weight[t], ENTITY_TYPES.index(t) if t in ENTITY_TYPES else len(ENTITY_TYPES)))
    return name, type_
