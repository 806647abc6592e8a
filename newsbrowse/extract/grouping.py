"""Joining the names found in one text into entities: the same name, an acronym and its long
form, a surname and the full name, the short forms of an organisation; and the canonical name."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from newsbrowse.extract.cues import ORG, OTHER, PERSON, STRONG, best_type
from newsbrowse.extract.lexicon import Known
from newsbrowse.extract.names import (
    base_forms,
    folded_endings,
    is_short_form,
    matches_acronym,
    name_key,
    stem_key,
    surname_key,
)

# An acronym standing for a longer name in the same text ("UNSC"): three to six capitals.
_ACRONYM = re.compile(r"[A-Z]{3,6}")
# Lowercase particles before a surname ("Sanne de Vries", "Ludwig van der Rohe").
_SURNAME_PARTICLE = re.compile(r" ((?:(?:de|da|di|du|del|della|van|von|der|den|la|le|ter|zu)[ \t]+)+)(\S+)$")


@dataclass(slots=True)
class Candidate:
    """One name found in the text, before the names of the whole text are joined."""

    start: int
    end: int
    name: str
    key: str
    votes: list[int]
    tokens: int
    role: str | None = None
    person_cue: bool = False
    known: Known | None = None
    acronym: str | None = None
    caps: bool = False
    unproven: bool = False  # a lone capitalised word without evidence, in a language that capitalises nouns


@dataclass(slots=True, eq=False)
class Group:
    """The candidates that name one entity."""

    key: str
    members: list[Candidate] = field(default_factory=list)
    votes: list[int] = field(default_factory=lambda: [0, 0, 0, 0])
    person_cue: bool = False
    long_name: str | None = None
    size: int = 0  # the most words of any member

    def add(self, candidate: Candidate) -> None:
        """Take in one more candidate and its evidence."""
        self.members.append(candidate)
        if candidate.tokens > self.size:
            self.size = candidate.tokens
        votes, added = self.votes, candidate.votes
        votes[0] += added[0]  # person, org, place, other
        votes[1] += added[1]
        votes[2] += added[2]
        votes[3] += added[3]
        if candidate.person_cue:
            self.person_cue = True

    def strongest(self) -> tuple[int, int, int, int]:
        """Each type's strongest evidence from one candidate: what the archive weighs (a strong
        cue outweighs many weak ones, however often they repeat)."""
        members = self.members
        if len(members) == 1:
            votes = members[0].votes
            return (votes[0], votes[1], votes[2], votes[3])
        person, org, place, other = map(max, zip(*[m.votes for m in members], strict=True))
        return (person, org, place, other)

    def absorb(self, other: Group) -> None:
        """Take in every candidate of another group."""
        for candidate in other.members:
            self.add(candidate)

    @property
    def type_index(self) -> int:
        """The index of the type its evidence gives."""
        return best_type(self.votes, self.person_cue, self.size)


def group_candidates(
    candidates: list[Candidate], east_asian: frozenset[str], given_names: frozenset[str], endings: tuple[str, ...] = ()
) -> list[Group]:
    """Join candidates naming the same entity: same key, the same name with case endings
    ("Stines" and "Stine", "Путина" and "Путин"), acronym and long form, surname and full name
    (the family name first in East Asian names)."""
    if endings:
        _join_inflected(candidates, endings)
    groups: dict[str, Group] = {}
    for candidate in candidates:
        group = groups.get(candidate.key)
        if group is None:
            group = groups[candidate.key] = Group(candidate.key)
        group.add(candidate)
    # Acronyms defined in the text join their long form.
    for candidate in candidates:
        if candidate.acronym and candidate.acronym in groups and candidate.key in groups:
            long_group = groups[candidate.key]
            short_group = groups.pop(candidate.acronym)
            if short_group is not long_group:
                long_group.absorb(short_group)
                long_group.long_name = candidate.name
            groups[candidate.acronym] = long_group
    unique: dict[int, Group] = {}
    for group in groups.values():
        unique[id(group)] = group
    result = _join_organisation_forms(list(unique.values()))
    return _join_short_names(result, east_asian, given_names)


def _join_inflected(candidates: list[Candidate], endings: tuple[str, ...]) -> None:
    """Give the forms of one name with different case endings one key and name: forms that come
    to the same stem with some ending cut off each word ("Анвара Ибрагима", "Анваром Ибрагимом",
    "Анвар Ибрагим") take the shortest form, then the commonest ("Stine" for "Stines", "Мария
    Захарова" for "Марией Захаровой"); a lone word in a case ending takes the form a full name
    opens or ends with ("Путина" of "Владимир Путин"), so that it joins that name."""
    forms: dict[str, list[Candidate]] = {}
    for candidate in candidates:
        forms.setdefault(candidate.key, []).append(candidate)
    # Union-find over the keys that share a stem.
    parent = {key: key for key in forms}

    def root(key: str) -> str:
        """The representative of a key's set."""
        while parent[key] != key:
            parent[key] = parent[parent[key]]
            key = parent[key]
        return key

    by_stem: dict[str, str] = {}
    for key in forms:
        for stem in _stems(key, endings):
            other = by_stem.setdefault(stem, key)
            parent[root(key)] = root(other)
    sets: dict[str, list[str]] = {}
    for key in forms:
        sets.setdefault(root(key), []).append(key)
    for keys in sets.values():
        target = min(keys, key=lambda key: (len(key), -len(forms[key]), forms[key][0].start))
        name = forms[target][0].name
        for key in keys:
            if key != target:
                for member in forms[key]:
                    member.key, member.name = target, name
    # A lone word in a case ending takes the form a full name of the text opens or ends with.
    words: dict[str, tuple[str, str]] = {}  # a stem of such a word -> the word and its spelling
    for candidate in candidates:
        keys, written = candidate.key.split(), candidate.name.split()
        if len(keys) >= 2 and len(keys) == len(written) and candidate.tokens >= 2:
            for word, spelling in ((keys[-1], written[-1]), (keys[0], written[0])):
                for stem in _stems(word, endings):
                    words.setdefault(stem, (word, spelling))
    for candidate in candidates:
        if " " not in candidate.key:
            found = next((words[stem] for stem in _stems(candidate.key, endings) if stem in words), None)
            if found is not None:
                candidate.key, candidate.name = found  # "Путина" alone: the "Путин" of "Владимир Путин"


def _stems(key: str, endings: tuple[str, ...]) -> list[str]:
    """The stems a name key may have: each word as written or without one of its endings (at
    most 64 combinations: a longer name keeps its longest cut)."""
    folded = folded_endings(endings)
    options = [[word, *base_forms(word, folded)] for word in key.split()]
    if len(options) > 3:
        return [stem_key(key, endings)]
    stems = [""]
    for choices in options:
        stems = [f"{stem} {choice}" if stem else choice for stem in stems for choice in choices]
    return stems


def _join_given_names(result: list[Group], by_last: dict[str, list[Group]], given_names: frozenset[str]) -> set[int]:
    """A given name alone ("Tony" after "Tony Blair") joins the one full name of the text that
    opens with it; with two ("Tony Blair", "Tony Benn") it joins neither. Returns those joined."""
    by_first: dict[str, list[Group]] = {}
    if not by_last:
        return set()
    for groups in by_last.values():
        for group in groups:
            first = group.key.split(" ", 1)[0]
            bucket = by_first.setdefault(first, [])
            if group not in bucket:
                bucket.append(group)
    merged: set[int] = set()
    for group in result:
        if group.size != 1 or group.members[0].name not in given_names or group.members[0].known is not None:
            continue
        if group.votes[ORG] >= STRONG or group.votes[OTHER] >= STRONG:
            continue
        targets = by_first.get(group.key, [])
        if len(targets) == 1 and targets[0] is not group:
            targets[0].absorb(group)
            merged.add(id(group))
    return merged


def _join_short_names(result: list[Group], east_asian: frozenset[str], given_names: frozenset[str]) -> list[Group]:
    """Short forms of a person's name join the longest full name they end ("Ulyanov",
    "Mr. Ulyanov", "Abbas Araghchi"), longer short forms first."""
    by_last: dict[str, list[Group]] = {}
    # East Asian names put the family name first: a bare "Chen" is "Chen Yiming".
    by_family: dict[str, list[Group]] = {}
    for group in result:
        if group.size >= 2 and is_person(group):
            for member in group.members:
                if member.tokens >= 2:
                    bucket = by_last.setdefault(surname_key(member.key), [])
                    if group not in bucket:
                        bucket.append(group)
                    family = member.name.split(" ", 1)[0]
                    if family in east_asian:
                        bucket = by_family.setdefault(name_key(family), [])
                        if group not in bucket:
                            bucket.append(group)
    merged = _join_given_names(result, by_last, given_names)
    for group in sorted(result, key=lambda g: -g.size):
        if id(group) in merged:
            continue
        known = group.members[0].known
        # A one-word organisation from the lists named like a person's surname in this text
        # ("Wagner" beside "Felix Wagner") is that person.
        listed_org = known is not None and known.kind == "known" and known.type == "org" and group.size == 1
        if not listed_org and (group.votes[ORG] >= STRONG or group.votes[OTHER] >= STRONG):
            continue
        if not listed_org and known is not None and known.kind in ("continent", "known", "demonym"):
            continue
        last = group.key.rsplit(" ", 1)[-1]
        targets = [
            g
            for g in by_last.get(last, ())
            if g is not group
            and id(g) not in merged
            and g.size > group.size
            and any(is_short_form(group.key, m.key) for m in g.members)
        ]
        if not targets and group.size == 1 and not listed_org:
            targets = [g for g in by_family.get(group.key, ()) if id(g) not in merged]
        if targets:
            if listed_org:
                for member in group.members:
                    member.votes = [0, 0, 0, 0]  # the list's type was a guess for another Wagner
                group.votes = [0, 0, 0, 0]
            # Several people share the surname: the bare name is the most mentioned one.
            target = max(targets, key=lambda g: (len(g.members), -g.members[0].start))
            target.absorb(group)
            merged.add(id(group))
    return [g for g in result if id(g) not in merged]


def _join_organisation_forms(groups: list[Group]) -> list[Group]:
    """Join the short forms of an organisation's or event's name to its full name in the same
    text: an acronym of its initials ("UNSC" for "United Nations Security Council", defined or
    not), its last words ("Security Council", "Council") and its head before "of" ("Board" for
    "Board of Governors"); a short form that fits two names joins neither.

    Full names are indexed by their short forms and first letters, so the work stays linear.
    """
    # Only groups with organisation or other evidence, or none at all, can be typed either.
    types = {
        id(group): group.type_index
        for group in groups
        if group.votes[ORG] or group.votes[OTHER] or not any(group.votes)
    }
    acronyms = [
        g
        for g in groups
        if g.long_name is None and g.size == 1 and 3 <= len(g.key) <= 6 and _ACRONYM.fullmatch(g.members[0].name)
    ]
    short_forms = [g for g in groups if types.get(id(g)) == ORG and not g.person_cue]
    if not acronyms and not short_forms:
        return groups
    wanted = {m.key for g in short_forms for m in g.members}
    initials = {m.name[0] for g in acronyms for m in g.members}
    by_short_form: dict[str, dict[int, Group]] = {}
    by_initial: dict[str, list[tuple[list[str], Group]]] = {}
    for group in groups:
        if group.size < 2 or types.get(id(group)) not in (ORG, OTHER):
            continue
        for name in {m.name for m in group.members if m.tokens >= 2}:
            words = name_key(name).split()
            forms = [" ".join(words[i:]) for i in range(1, len(words))]
            forms.extend(" ".join(words[:i]) for i in range(1, len(words) - 1) if words[i] == "of")
            for form in forms:
                if form in wanted:
                    by_short_form.setdefault(form, {})[id(group)] = group
            if name[0].upper() in initials:
                by_initial.setdefault(name[0].upper(), []).append((name.split(), group))
    merged: set[int] = set()

    def join(group: Group, targets: dict[int, Group]) -> Group | None:
        """Join the group to the one target that is not it, else to none; the target keeps its
        full name ("Bank of England", never "Bank", however often the text shortens it)."""
        fitting = [t for t in targets.values() if t is not group and id(t) not in merged and t.size > group.size]
        if len(fitting) != 1:
            return None
        target = fitting[0]
        target.absorb(group)
        merged.add(id(group))
        if target.long_name is None:
            target.long_name = max(target.members, key=lambda m: (m.tokens, -m.start)).name
        return target

    for group in acronyms:
        names = {m.name for m in group.members}
        targets = {
            id(target): target
            for name in names
            for words, target in by_initial.get(name[0], ())
            if len(words) <= len(name) + 3 and matches_acronym(name, words)
        }
        join(group, targets)
    for group in sorted(short_forms, key=lambda g: -g.size):
        if id(group) in merged:
            continue
        targets = {}
        for key in {m.key for m in group.members}:
            targets.update(by_short_form.get(key, {}))
        join(group, targets)
    return [g for g in groups if id(g) not in merged]


def is_person(group: Group) -> bool:
    """Whether a group's evidence says it names a person."""
    return group.person_cue or group.type_index == PERSON


def canonical(group: Group, type_index: int) -> str:
    """The name to list an entity under."""
    if group.long_name:
        return group.long_name
    members = [m for m in group.members if not m.caps] or group.members
    if type_index == PERSON:
        best = max(members, key=lambda m: (m.tokens, -m.start))
        return best.name
    counts: dict[str, int] = {}
    for member in members:
        counts[member.name] = counts.get(member.name, 0) + 1
    return max(counts, key=lambda name: (counts[name], len(name)))


def with_particle(text: str, name: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Mention spans of a bare surname widened to the particle the full name writes before it:
    "Sanne de Vries" ... "de Vries added" gives "de Vries", not "Vries"."""
    match = _SURNAME_PARTICLE.search(name)
    if match is None:
        return spans
    particle, surname = match.group(1), name_key(match.group(2))
    widened = []
    for start, end in spans:
        before = start - len(particle)
        if (
            name_key(text[start:end]) == surname
            and text[before:start].lower() == particle
            and (before == 0 or not text[before - 1].isalnum())
        ):
            start = before
        widened.append((start, end))
    return widened
