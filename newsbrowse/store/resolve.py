"""Archive-wide entities: which names of which articles are one entity, what it is called, what it is.

Pure rules over what the store holds: the names the articles use (with their counts and the
type evidence each article gave), where short names occur and what else those articles name,
and the user's corrections. Each decision is one named function, run in this order:

1. `base_key`: names written differently are one entity ("U.K." = "Britain" = "United
   Kingdom" from the list of well-known names; "Carl C. Icahn" = "Carl Icahn").
2. `join_written_forms`: an acronym an article defined joins its long name everywhere ("International
   Monetary Fund (IMF)": every "IMF" is that fund); `join_acronyms`: an acronym joins the one long
   name of the archive it spells; `join_middle_names`: "John Fitzgerald Kennedy" joins "John
   Kennedy"; `join_initials`: "B O'Driscoll" joins "Brian O'Driscoll"; `join_spellings`: one name
   in other spellings and scripts ("Ulianov", "Uljanow", "Ульянов", "عراقچی") when the archive
   supports it.
3. `resolve_short_names`: a surname ("Blair", or "Mr Blair": titles are cut at extraction)
   joins the full name it ends; which one, article by article, from what else the article
   names and the role it gives, else the full name that dominates the archive.
4. `entity_type` by the evidence of every article; `is_junk` hides what is no entity.
5. `apply_corrections`: the user's own corrections, last, in their order.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Protocol

from newsbrowse.corrections import Correction
from newsbrowse.extract.context import COMMON_RANK
from newsbrowse.extract.lexicon import Lexicon, lexicon
from newsbrowse.extract.names import matches_acronym, name_key, person_key, surname_key
from newsbrowse.extract.spellings import near_spellings, skeleton_keys, variant_key
from newsbrowse.extract.titles import bare_name
from newsbrowse.model import ENTITY_TYPES
from newsbrowse.store.spelling_company import company, rarity_of

# Bump when the rules below change what they decide: stores resolved by older rules resolve
# again when next opened (nothing is extracted again).
RULES_VERSION = 5
# One article's evidence for a name counts up to this much per type (a long article naming a
# person fifty times is one article, not fifty).
EVIDENCE_CAP = 20
# A full name dominates a surname when it has at least this many times the articles of the next.
DOMINANCE = 5
# How much an article's context must favour one full name over the others (see `context_scores`).
MIN_CONTEXT = 1.0
CONTEXT_MARGIN = 2.0
# A short name that keeps this share of its full name's usual company is that person throughout.
SAME_COMPANY = 0.6
# A full name's usual company is judged as if it had this many more articles, none of them
# sharing it: one article's company says little ("US" named beside a lawyer once).
CONTEXT_PRIOR = 2
ROLE_WEIGHT = 1.0
# How much company (co-named entities weighted by rarity) two spellings must share to be joined on
# consonants alone; spellings that fold to one variant key are joined unless their company differs
# wholly, each having at least SPELLING_COMPANY others named beside it. At most SPELLING_SAMPLE
# articles of a name are read for its company.
SPELLING_EVIDENCE = 2.0
SPELLING_COMPANY = 3
SPELLING_SAMPLE = 200
# Common English words this frequent are no name of their own when the evidence is weak.
JUNK_RANK = 5_000
_STRONG = 10


@dataclass(frozen=True, slots=True)
class NameRow:
    """One (name, type) pair the articles use, with its counts and summed type evidence."""

    id: int
    name: str
    type: str
    key: str  # name_key(name)
    articles: int
    evidence: tuple[int, int, int, int] = (0, 0, 0, 0)


@dataclass(frozen=True, slots=True)
class Occurrence:
    """A name in one article, with the role the article gives it."""

    article: int
    name: int
    role: str | None


class Context(Protocol):
    """What resolution reads from the store beyond the names themselves."""

    def occurrences(self, name_ids: Sequence[int]) -> list[Occurrence]:
        """Every article using one of these names."""

    def names_in(self, articles: Sequence[int]) -> dict[int, list[int]]:
        """The names each of these articles uses."""

    def written_as(self) -> Mapping[str, Sequence[int]]:
        """For each folded surface form, the non-person names an article wrote that way."""


@dataclass(slots=True)
class Label:
    """How an entity is listed."""

    name: str
    type: str
    hidden: bool = False


@dataclass(slots=True)
class Resolution:
    """The result: each name's entity, the articles where a name means another, and the labels."""

    target: dict[int, str]  # name id -> entity key
    overrides: dict[tuple[int, int], str] = field(default_factory=dict)  # (article, name id) -> entity key
    labels: dict[str, Label] = field(default_factory=dict)
    forms: dict[str, str] = field(default_factory=dict)  # extra lookup forms (corrections) -> entity key
    problems: list[str] = field(default_factory=list)  # corrections that found no entity


def capped(evidence: Sequence[int]) -> tuple[int, int, int, int]:
    """One article's evidence for a name as the archive counts it: a strong cue's up to
    EVIDENCE_CAP, weak evidence (the shape of a name, a list's guess) at half, so that a few
    articles saying "the film Vera Drake" outweigh many that only show a given name."""
    values = [int(v) for v in (list(evidence) + [0, 0, 0, 0])[:4]]
    values = [min(v, EVIDENCE_CAP) if v >= _STRONG else v // 2 for v in values]
    return (values[0], values[1], values[2], values[3])


# -- 1. keys ------------------------------------------------------------------------------------


def base_key(row: NameRow, lex: Lexicon) -> str:
    """The key a name starts from: a well-known entity's canonical key, a person's name with
    middle initials left out, otherwise its folded name."""
    known = lex.canonical.get(row.key)
    if known is not None:
        return name_key(known.name)
    if row.type == "person":
        return person_key(row.name)
    return row.key


# -- 2. joins between names ---------------------------------------------------------------------


def join_written_forms(rows: Sequence[NameRow], keys: dict[int, str], written: Mapping[str, Sequence[int]]) -> None:
    """An acronym that an article defined for one longer name of its type ("International Atomic
    Energy Agency (IAEA)") joins that name wherever it is written alone; a well-known entity
    keeps its own key, and a word that merely sits inside another name ("Arsenal" in a fixture)
    never moves."""
    by_id = {row.id: row for row in rows}
    for row in rows:
        if row.type == "person" or keys[row.id] != row.key or " " in row.key:
            continue
        owners = {
            keys[other]
            for other in written.get(row.key, ())
            if other in by_id
            and by_id[other].type == row.type
            and keys[other] != keys[row.id]
            and matches_acronym(row.name.replace(".", ""), by_id[other].name.split())
        }
        if len(owners) == 1:
            keys[row.id] = owners.pop()


def join_acronyms(rows: Sequence[NameRow], keys: dict[int, str], lex: Lexicon) -> None:
    """A one-word organisation name that spells the initials of exactly one longer organisation
    name of the archive ("WTO", "Opec") joins it; ordinary words ("Bank") never do."""
    spelled: dict[str, set[str]] = defaultdict(set)
    for row in rows:
        words = row.name.split()
        if row.type in ("org", "other") and len(words) >= 2:
            for form in acronyms_of(words):
                spelled[form].add(keys[row.id])
    for row in rows:
        word = row.name
        if (
            row.type == "person"
            or " " in word
            or not 2 <= len(word.replace(".", "")) <= 6
            or keys[row.id] != row.key  # already joined to a well-known entity
            or (not word.replace(".", "").isupper() and lex.common_rank.get(row.key, COMMON_RANK) < COMMON_RANK)
        ):
            continue
        found = spelled.get(word.replace(".", "").upper(), ())
        if len(found) == 1:
            keys[row.id] = next(iter(found))


def acronyms_of(words: Sequence[str], most: int = 16) -> set[str]:
    """The acronyms a name spells (the `matches_acronym` rule): the initials of its capitalised
    words, each small lowercase word's initial taken or not ("OPEC", "JCPOA" and "JCPA")."""
    forms = {""}
    for part in (part for word in words for part in word.split("-") if part):
        initial = part[0].upper()
        if part[0].islower():
            forms |= {form + initial for form in forms}
            if len(forms) > most:
                return set()  # too many small words to be spelled by an acronym
        else:
            forms = {form + initial for form in forms}
    return {form for form in forms if len(form) >= 2}


def join_middle_names(rows: Sequence[NameRow], keys: dict[int, str]) -> None:
    """A person's name with middle names ("John Fitzgerald Kennedy") joins the name of its first
    and last words ("John Kennedy") when the archive writes that too."""
    two_words = {keys[row.id] for row in rows if row.type == "person" and keys[row.id].count(" ") == 1}
    for row in rows:
        words = keys[row.id].split()
        if row.type == "person" and len(words) > 2:
            first_last = f"{words[0]} {words[-1]}"
            if first_last in two_words:
                keys[row.id] = first_last


def join_initials(rows: Sequence[NameRow], keys: dict[int, str]) -> None:
    """A person's name with an initial for the given name ("B O'Driscoll", "C. Hodgson") joins the
    one full name of the archive with that surname whose given name starts so."""
    by_rest: dict[str, list[str]] = defaultdict(list)
    for row in rows:
        words = keys[row.id].split()
        if row.type == "person" and len(words) >= 2 and len(words[0]) > 1:
            rest = " ".join(words[1:])
            if keys[row.id] not in by_rest[rest]:
                by_rest[rest].append(keys[row.id])
    for row in rows:
        words = keys[row.id].split()
        if row.type != "person" or len(words) < 2 or len(words[0]) != 1:
            continue
        fitting = [key for key in by_rest.get(" ".join(words[1:]), ()) if key.startswith(words[0])]
        if len(fitting) == 1:
            keys[row.id] = fitting[0]


def join_spellings(rows: Sequence[NameRow], keys: dict[int, str], context: Context, total: int) -> None:
    """One name in other spellings and scripts joins the spelling most of the archive uses (Latin first).

    Names whose variant keys are equal ("Ulyanov", "Uljanow", "Ульянов") join unless both are
    full names named in wholly different company; a one-word name also joins the surname of a
    full name spelt so (the short-name rule then decides whose it is: two Aliyevs stay two). Names
    that share only consonants (a name in Arabic script, or "Mohammad" and "Muhammad") join when
    they also share company, and only the one spelling that shares most of it.
    """
    by_key: dict[str, list[NameRow]] = defaultdict(list)
    for row in rows:
        by_key[keys[row.id]].append(row)
    weight = {key: sum(row.articles for row in held) for key, held in by_key.items()}
    kind = {key: max(held, key=lambda row: row.articles).type for key, held in by_key.items()}
    for key in list(by_key):  # the surnames of full names, which a one-word spelling may join
        if kind[key] == "person" and " " in key:
            tail = surname_key(key)
            weight[tail] = weight.get(tail, 0) + weight[key]
            kind.setdefault(tail, "person")
    spelt: dict[str, list[str]] = defaultdict(list)
    for key in weight:
        variant = variant_key(key)
        if variant:
            spelt[variant].append(key)
    joined: dict[str, str] = {}
    pairs: list[tuple[str, str]] = []
    for members in spelt.values():
        if len(members) > 1:
            first = min(members, key=lambda k: (not k.isascii(), -weight[k], k))
            pairs += [(member, first) for member in members if member != first and kind[member] == kind[first]]
    company = _company({key for pair in pairs for key in pair if " " in key}, by_key, keys, context)
    rarity = rarity_of(weight, total)
    for member, first in pairs:
        if _one_name(member, first, company.get(member, {}), company.get(first, {}), rarity):
            joined[member] = first
    # A spelling weighs what every spelling joined with it weighs: the consonant joins go to the larger group.
    merged: Counter[str] = Counter()
    for key, count in weight.items():
        merged[joined.get(key, key)] += count
    grouped = {key: merged[joined.get(key, key)] for key in weight}
    _join_consonants(by_key, grouped, kind, keys, context, rarity, joined)
    for row in rows:
        keys[row.id] = joined.get(keys[row.id], keys[row.id])


# Letters one romanisation writes where another writes the other, at the start of a word (Wolodymyr Volodymyr,
# Jurij Yuri, Oulianov Ulianov); any other first letter differing (Hill, Gill) is another name until shown otherwise.
_INITIALS = ("vw", "ijy", "ckq", "ou")


def _romanised_alike(first: str, second: str) -> bool:
    """Whether two Latin full names of one variant key differ only as romanisations do: as many words, each
    starting with the same letter or one of the romanisation's alternatives."""
    words, others = first.split(), second.split()
    if len(words) < 2 or len(words) != len(others):
        return False
    return all(
        a[0] == b[0] or any(a[0] in s and b[0] in s for s in _INITIALS) for a, b in zip(words, others, strict=True)
    )


def _one_name(
    member: str, first: str, own: Mapping[str, int], theirs: Mapping[str, int], rarity: Callable[[str], float]
) -> bool:
    """Whether two spellings of one variant key are one name, by the company each keeps."""
    if " " in member and min(len(own), len(theirs)) >= SPELLING_COMPANY and not own.keys() & theirs.keys():
        return False  # two people of one name, each in company of its own
    if member.isascii() and first.isascii() and not _romanised_alike(member, first):
        # Two Latin spellings apart by more than romanisation (Hill and Gill fold alike too): shared company decides.
        return sum(rarity(token) for token in own.keys() & theirs.keys()) >= SPELLING_EVIDENCE
    return True


def _company(
    wanted: set[str], by_key: Mapping[str, list[NameRow]], keys: Mapping[int, str], context: Context
) -> dict[str, dict[str, int]]:
    """The company each wanted key keeps (see spelling_company.company)."""
    rows = {key: [row.id for row in by_key.get(key, ())] for key in wanted}
    found = ((o.article, o.name) for o in context.occurrences(sorted(i for ids in rows.values() for i in ids)))
    return company(rows, keys, found, context.names_in, SPELLING_SAMPLE)


def _join_consonants(
    by_key: Mapping[str, list[NameRow]],
    weight: Mapping[str, int],
    kind: Mapping[str, str],
    keys: Mapping[int, str],
    context: Context,
    rarity: Callable[[str], float],
    joined: dict[str, str],
) -> None:
    """Joins on consonant skeletons (see join_spellings), added to `joined`."""
    by_skeleton: dict[str, list[str]] = defaultdict(list)
    for key in by_key:
        if key not in joined and " " in key:
            for skeleton in skeleton_keys(key):
                by_skeleton[skeleton].append(key)
    proposals: dict[str, set[str]] = defaultdict(set)
    for members in by_skeleton.values():
        for member in members:
            for other in members:
                if other == member or kind[other] != kind[member] or not other.isascii():
                    continue
                abjad = not member.isascii() and not variant_key(member).count(" ") < other.count(" ")
                # The rarer spelling proposes the commoner one (of two as common, the later key the earlier).
                near = member.isascii() and (weight[other], member) > (weight[member], other)
                if abjad or (near and near_spellings(variant_key(member), variant_key(other))):
                    proposals[member].add(other)
    if not proposals:
        return
    company = _company(set(proposals) | {o for others in proposals.values() for o in others}, by_key, keys, context)
    for member, others in proposals.items():
        own = company.get(member, {})
        shared = sorted(
            ((sum(rarity(token) for token in own.keys() & company.get(other, {}).keys()), other) for other in others),
            reverse=True,
        )
        best, second = shared[0], shared[1][0] if len(shared) > 1 else 0.0
        if best[0] >= SPELLING_EVIDENCE and best[0] >= CONTEXT_MARGIN * second:
            joined[member] = joined.get(best[1], best[1])


# -- 3. short names -----------------------------------------------------------------------------


@dataclass(slots=True)
class _Entity:
    """A set of names with one key, as resolution goes."""

    key: str
    rows: list[NameRow] = field(default_factory=list)
    articles: int = 0
    evidence: list[int] = field(default_factory=lambda: [0, 0, 0, 0])

    def add(self, row: NameRow) -> None:
        """Take in one more name."""
        self.rows.append(row)
        self.articles += row.articles
        for index, value in enumerate(row.evidence):
            self.evidence[index] += value


def _group(rows: Iterable[NameRow], keys: Mapping[int, str]) -> dict[str, _Entity]:
    """The names grouped by key."""
    groups: dict[str, _Entity] = {}
    for row in rows:
        key = keys[row.id]
        group = groups.get(key)
        if group is None:
            group = groups[key] = _Entity(key)
        group.add(row)
    return groups


def _full_names(groups: Mapping[str, _Entity]) -> dict[str, list[_Entity]]:
    """Each proper tail of a person's full name ("blair" of "tony blair") -> the full names it ends.

    The tails of each spelling the name was joined from count too: "Uljanow" ends "Mikhail
    Ulyanov" once "Michail Uljanow" is one of its spellings.
    """
    tails: dict[str, dict[int, _Entity]] = defaultdict(dict)
    for key, group in groups.items():
        if entity_type(group) != "person":
            continue
        for written in {key, *(row.key for row in group.rows)}:
            words = written.split()
            for cut in range(1, len(words)):
                tails[" ".join(words[cut:])][id(group)] = group
    return {tail: list(found.values()) for tail, found in tails.items()}


def _may_be_short(group: _Entity, lex: Lexicon) -> bool:
    """Whether a name may stand for a person's full name: not a well-known entity, nor a country,
    capital or continent ("Jordan" is no Michael Jordan), nor a name the archive's articles call
    something else with strong cues ("the film Ray")."""
    if group.key in lex.canonical:
        return False
    listed = lex.known.get(group.key)
    if listed is not None and listed.kind not in ("city", "region") and listed.type != "person":
        return False
    other = max(group.evidence[1:])
    return entity_type(group) == "person" or 2 * other < _STRONG * max(group.articles, 1)


def _dominant(candidates: Sequence[_Entity], short: _Entity) -> _Entity | None:
    """The full name that dominates the archive for a short name, if one does."""
    ranked = sorted(candidates, key=lambda g: (-g.articles, g.key))
    top = ranked[0]
    if len(ranked) > 1 and top.articles < DOMINANCE * ranked[1].articles:
        return None
    return top


def resolve_short_names(
    groups: dict[str, _Entity], keys: dict[int, str], context: Context, lex: Lexicon, total: int
) -> dict[tuple[int, int], str]:
    """Join surnames and other short names to the full names they end; returns per-article choices.

    A person's short name that one full name dominates, and that names no more articles than
    it, joins it outright ("Blair" -> "Tony Blair"). Otherwise each article decides from its
    context: the full name whose usual company (the other entities named with it) and roles
    the article shares most, clearly more than the others'; failing that, the dominant full
    name if the article's company does not speak against it. Names of other types ("Jackson"
    the city) join only on such context.
    """
    tails = _full_names(groups)
    overrides: dict[tuple[int, int], str] = {}
    contextual: list[tuple[_Entity, list[_Entity]]] = []
    for key, group in list(groups.items()):
        candidates = [c for c in tails.get(key, ()) if c is not group]
        if not candidates or not _may_be_short(group, lex):
            continue
        person = entity_type(group) == "person"
        dominant = _dominant(candidates, group)
        if person and dominant is not None and group.articles <= dominant.articles:
            for row in group.rows:
                keys[row.id] = dominant.key
            continue
        contextual.append((group, candidates))
    if contextual:
        overrides = _by_context(contextual, groups, keys, context, total)
    return overrides


def _by_context(
    contextual: list[tuple[_Entity, list[_Entity]]],
    groups: Mapping[str, _Entity],
    keys: dict[int, str],
    context: Context,
    total: int,
) -> dict[tuple[int, int], str]:
    """The per-article choices for short names that no full name dominates outright."""
    candidates = {c.key: c for _, cs in contextual for c in cs}
    candidate_rows = [row.id for c in candidates.values() for row in c.rows]
    short_rows = [row.id for group, _ in contextual for row in group.rows]
    seen = context.occurrences(candidate_rows + short_rows)
    by_article: dict[int, list[int]] = context.names_in(sorted({o.article for o in seen}))
    roles: dict[str, Counter[str]] = defaultdict(Counter)
    company: dict[str, Counter[str]] = defaultdict(Counter)
    candidate_of = {row.id: c.key for c in candidates.values() for row in c.rows}
    for occurrence in seen:
        owner = candidate_of.get(occurrence.name)
        if owner is None:
            continue
        if occurrence.role:
            roles[owner].update(set(name_key(occurrence.role).split()))
        company[owner].update({keys[n] for n in by_article.get(occurrence.article, ()) if keys[n] != owner})
    short_of = {row.id: (group, cs) for group, cs in contextual for row in group.rows}
    kept: dict[str, Counter[str]] = defaultdict(Counter)  # the short names' own company
    for occurrence in seen:
        found = short_of.get(occurrence.name)
        if found is not None:
            kept[found[0].key].update({keys[n] for n in by_article.get(occurrence.article, ())} - {found[0].key})
    same = {
        group.key: dominant.key
        for group, cs in contextual
        if entity_type(group) == "person"
        and (dominant := _dominant(cs, group)) is not None
        and keeps_company(kept[group.key], company[dominant.key], groups, total)
    }
    overrides: dict[tuple[int, int], str] = {}
    for occurrence in seen:
        found = short_of.get(occurrence.name)
        if found is None:
            continue
        group, cs = found
        if group.key in same:
            # "Reagan" in 490 articles, "Ronald Reagan" in 7 that keep the same company: him.
            overrides[(occurrence.article, occurrence.name)] = same[group.key]
            continue
        others = {keys[n] for n in by_article.get(occurrence.article, ()) if n != occurrence.name} - {group.key}
        scores = context_scores(others, occurrence.role, cs, company, roles, groups, total)
        chosen = _choose(scores, group, cs, others, company)
        if chosen is not None:
            overrides[(occurrence.article, occurrence.name)] = chosen
    return overrides


def keeps_company(short: Counter[str], full: Counter[str], groups: Mapping[str, _Entity], total: int) -> bool:
    """Whether a short name keeps the company its full name keeps: most of the full name's usual
    company (weighted by how rarely each is named) is named beside the short name too. The
    footballer "Mercer" among clubs keeps none of the lawyer Julian Mercer's."""
    weight = shared = 0.0
    for other, together in full.items():
        rarity = math.log((total + 1) / (groups[other].articles + 1)) if other in groups else 1.0
        weight += rarity * together
        if short.get(other):
            shared += rarity * together
    return weight > 0 and shared >= SAME_COMPANY * weight


def context_scores(
    others: set[str],
    role: str | None,
    candidates: Sequence[_Entity],
    company: Mapping[str, Counter[str]],
    roles: Mapping[str, Counter[str]],
    groups: Mapping[str, _Entity],
    total: int,
) -> dict[str, float]:
    """How well each full name fits an article: for each other entity the article names, how
    often it comes with that full name (weighted by how rare it is), plus the words of the role
    the article gives that only some of the full names were given."""
    scores: dict[str, float] = {}
    role_words = set(name_key(role).split()) if role else set()
    shared_roles = set.intersection(*(set(roles.get(c.key, ())) for c in candidates)) if candidates else set()
    for candidate in candidates:
        usual = company.get(candidate.key, Counter())
        score = 0.0
        for other in others:
            together = usual.get(other, 0)
            if together:
                rarity = math.log((total + 1) / (groups[other].articles + 1)) if other in groups else 1.0
                score += rarity * together / (candidate.articles + CONTEXT_PRIOR)
        score += ROLE_WEIGHT * len((role_words & set(roles.get(candidate.key, ()))) - shared_roles)
        scores[candidate.key] = score
    return scores


def _choose(
    scores: Mapping[str, float],
    group: _Entity,
    candidates: Sequence[_Entity],
    others: set[str],
    company: Mapping[str, Counter[str]],
) -> str | None:
    """The full name an article's short name stands for, or None to leave it as written."""
    ranked = sorted(scores.items(), key=lambda item: -item[1])
    best, score = ranked[0]
    second = ranked[1][1] if len(ranked) > 1 else 0.0
    if score >= MIN_CONTEXT and score >= CONTEXT_MARGIN * second:
        return best
    if entity_type(group) != "person":
        return None
    dominant = _dominant(candidates, group)
    if dominant is None:
        return None
    # The dominant name, unless the article names company it never keeps ("Brown" in a team sheet).
    strangers = [other for other in others if other not in company.get(dominant.key, ())]
    return dominant.key if scores.get(dominant.key, 0.0) > 0 or len(strangers) < 3 else None


# -- 4. type and junk ---------------------------------------------------------------------------


def entity_type(group: _Entity) -> str:
    """An entity's type: a well-known entity's, else the type most evidence across the archive
    gives (person, org, place, other break ties), else the one most of its names were given."""
    known = lexicon().canonical.get(group.key)
    if known is not None:
        return known.type
    evidence = group.evidence
    if any(evidence):
        best = max(range(4), key=lambda index: (evidence[index], -index))
        return ENTITY_TYPES[best]
    weight: Counter[str] = Counter()
    for row in group.rows:
        weight[row.type] += row.articles
    return min(weight, key=lambda t: (-weight[t], ENTITY_TYPES.index(t) if t in ENTITY_TYPES else 9))


def is_junk(group: _Entity, type_: str, lex: Lexicon) -> bool:
    """Whether an entity is no name at all (see the rules it asks)."""
    key = group.key
    if key in lex.canonical or key in lex.known:
        return False
    weak = max(group.evidence) < _STRONG * max(group.articles, 1)
    return title_fragment(key, type_) or (weak and (common_word(group, lex) or common_plural(key, type_, lex)))


def title_fragment(key: str, type_: str) -> bool:
    """A "person" whose name opens with "the" ("the Sky"): a fragment of a title, no person."""
    return type_ == "person" and key.startswith("the ")


def common_word(group: _Entity, lex: Lexicon) -> bool:
    """One common English word with weak evidence ("World", "Budget", "Sport"): a capitalised
    ordinary word. A word the name lists know as a given name or surname ("Test", "Games" are
    surnames too) is one only when hardly any article gives a cue for it at all."""
    if " " in group.key or lex.common_rank.get(group.key, COMMON_RANK) >= JUNK_RANK:
        return False
    listed = any(row.name in lex.given_names or row.name in lex.surnames for row in group.rows)
    return not listed or max(group.evidence) < max(group.articles, 1)


def common_plural(key: str, type_: str, lex: Lexicon) -> bool:
    """The plural of a common noun or a title ("MPs", "Ministers") taken for an organisation or place."""
    if " " in key or not key.endswith("s") or type_ == "person":
        return False
    singular = key[:-1]
    return singular in lex.titles or lex.common_rank.get(singular, COMMON_RANK) < JUNK_RANK


def label(group: _Entity, lex: Lexicon) -> Label:
    """How an entity is listed: a well-known entity's canonical name, else the spelling most of
    its articles use among its names of the entity's own key (the full name, not the surname)."""
    type_ = entity_type(group)
    known = lex.canonical.get(group.key)
    if known is not None:
        return Label(known.name, type_, False)
    own = [row for row in group.rows if (person_key(row.name) if row.type == "person" else row.key) == group.key]
    own = own or [row for row in group.rows if row.name.count(" ") == max(r.name.count(" ") for r in group.rows)]
    spellings: Counter[str] = Counter()
    for row in own:
        spellings[row.name] += row.articles
    name = min(spellings, key=lambda n: (-spellings[n], n))
    return Label(name, type_, is_junk(group, type_, lex))


# -- 5. corrections -----------------------------------------------------------------------------


class _Corrector:
    """Applies the user's corrections to a resolution, in order."""

    def __init__(self, resolution: Resolution, rows: Sequence[NameRow], lex: Lexicon) -> None:
        self.result = resolution
        self.lex = lex
        self.by_id = {row.id: row for row in rows}
        self.by_key: dict[str, list[NameRow]] = defaultdict(list)
        for row in rows:
            self.by_key[row.key].append(row)

    def find(self, name: str) -> str | None:
        """The entity key a name finds: an entity's listed name, a form given by a correction,
        an entity's key, the key of a name it holds; each with or without titles."""
        result = self.result
        for candidate in dict.fromkeys((name, bare_name(name, self.lex.titles))):
            key = name_key(candidate)
            by_label = [k for k, entry in result.labels.items() if name_key(entry.name) == key]
            if by_label:
                return min(by_label, key=lambda k: (result.labels[k].hidden, k))
            if key in result.forms:
                return result.forms[key]
            if key in result.labels:
                return key
            holders = Counter(result.target[row.id] for row in self.by_key.get(key, ()))
            if holders:
                return holders.most_common(1)[0][0]
        return None

    def apply(self, correction: Correction) -> None:
        """Apply one correction (or note that it found no entity)."""
        result = self.result
        if correction.action in ("alias", "split", "merge"):
            owner = self.find(correction.value or "")
            if owner is None:
                result.problems.append(f"{correction.describe()}: no entity named {correction.value!r}")
            elif correction.action == "merge":
                source = self.find(correction.name)
                if source is None:
                    result.problems.append(f"{correction.describe()}: no entity named {correction.name!r}")
                elif source != owner:
                    self.move(lambda key, row: key == source, owner)
            elif correction.action == "alias":
                form = name_key(correction.name)
                self.move(lambda key, row: row is not None and row.key == form, owner)
                result.forms[form] = owner
            else:
                self.split(name_key(correction.name), owner)
            return
        key = self.find(correction.name)
        if key is None:
            result.problems.append(f"{correction.describe()}: no entity named {correction.name!r}")
            return
        entry = result.labels[key]
        if correction.action == "rename":
            entry.name = correction.value or entry.name
        elif correction.action == "type":
            entry.type = correction.value or entry.type
        else:
            entry.hidden = correction.action == "hide"

    def move(self, picks: Callable[[str, NameRow | None], bool], owner: str) -> None:
        """Move every name, and every per-article choice, that `picks(key, row)` selects to the owner."""
        result = self.result
        left: set[str] = set()
        for name_id, key in result.target.items():
            if picks(key, self.by_id.get(name_id)):
                result.target[name_id] = owner
                left.add(key)
        for spot, key in result.overrides.items():
            if picks(key, self.by_id.get(spot[1])):
                result.overrides[spot] = owner
                left.add(key)
        self.forget(left - {owner})

    def split(self, form: str, owner: str) -> None:
        """Take the names written `form` out of the owner's entity into one of their own."""
        result = self.result
        moved = [row for row in self.by_key.get(form, ()) if result.target[row.id] == owner]
        for spot in [s for s, key in result.overrides.items() if key == owner and self.by_id[s[1]].key == form]:
            del result.overrides[spot]
        if not moved:
            return
        new_key = form if form not in result.labels else f"{form} ({moved[0].type})"
        group = _Entity(new_key)
        for row in moved:
            result.target[row.id] = new_key
            group.add(row)
        result.labels[new_key] = label(group, self.lex)

    def forget(self, keys: set[str]) -> None:
        """Drop the labels of entities left without a name or an article."""
        if not keys:
            return
        held = set(self.result.target.values()) | set(self.result.overrides.values())
        for key in keys - held:
            self.result.labels.pop(key, None)


# -- the whole ----------------------------------------------------------------------------------


def resolve(
    rows: Sequence[NameRow], context: Context, corrections: Sequence[Correction] = (), total: int = 0
) -> Resolution:
    """Resolve every name of the archive into entities (see the module's docstring)."""
    lex = lexicon()
    keys = {row.id: base_key(row, lex) for row in rows}
    join_written_forms(rows, keys, context.written_as())
    join_acronyms(rows, keys, lex)
    join_middle_names(rows, keys)
    join_initials(rows, keys)
    join_spellings(rows, keys, context, max(total, 1))
    groups = _group(rows, keys)
    overrides = resolve_short_names(groups, keys, context, lex, max(total, 1))
    groups = _group(rows, keys)
    result = Resolution(dict(keys), overrides)
    held = set(keys.values()) | set(overrides.values())
    for key in held:
        group = groups.get(key)
        if group is None:  # only reached through per-article choices
            continue
        result.labels[key] = label(group, lex)
    for key in held - result.labels.keys():
        result.labels[key] = Label(key, "person")
    corrector = _Corrector(result, rows, lex)
    for correction in corrections:
        corrector.apply(correction)
    return result
