"""Named entities of a text: people, organisations, places and other names, with exact offsets.

Rules, cues and word lists only (no model): compiled regexes find runs of capitalised words
(`runs`); each run is cut into names, titles and nationalities are cut off (`titles`), each
name is typed from cues in and around it (`cues`), and the names of the whole text are then
joined under canonical names and typed by all their mentions together (`grouping`).
The lists and switches of the text's language (`languages`, `lexicon(language)`) decide which
words are function words, whether nouns are capitalised, which titles, particles and case
endings names take.
"""

from __future__ import annotations

import re

from newsbrowse.extract.context import COMMON_RANK, LOWER, MINOR_PLACES, TextFacts
from newsbrowse.extract.cues import (
    MEDIUM,
    ORG,
    OTHER,
    PERSON,
    STRONG,
    TYPES,
    known_votes,
    misread_person,
    name_evidence,
)
from newsbrowse.extract.grouping import Candidate, canonical, group_candidates, with_particle
from newsbrowse.extract.lexicon import Known, Lexicon, lexicon
from newsbrowse.extract.names import matches_acronym, name_key
from newsbrowse.extract.runs import COMPANY_SUFFIXES, PLAIN_WORD, RUN, UPPER, Token, segments, tokens_of
from newsbrowse.extract.titles import cut_descriptors, cut_titles, described_kind, title_kind
from newsbrowse.model import Entity, Mention

_ACRONYM_AFTER = re.compile(rf"[ \t]*\([ \t]*([{UPPER}][{UPPER}0-9&.\-]{{1,11}})[ \t]*\)")
# Between a role and the name it introduces: "Ambassador to Russia Kazem Jalali",
# "the Foreign Minister, Sergei Lavrov".
_ROLE_PREPOSITION = re.compile(r"[ \t]*(to|of|for|in|at)[ \t]+")
_ROLE_COMMA = re.compile(r"[ \t]*,?[ \t]*")
# Documents known by a number ("Resolution 2231"): the number is part of the name.
_NUMBERED_DOCUMENTS = frozenset({"resolution", "protocol", "directive", "amendment"})
_NUMBER_AFTER = re.compile(r"[ \t]+(\d{1,5})(?![\w,.:/-]\d|\w)")
_ROMAN = re.compile(r"[IVXLCDM]+")
# "Department for Culture", then ", Media and Sport": a list of fields the name goes on with.
_FIELD_HEAD = re.compile(r" (?:for|of) [A-Z][\w'-]*$")
_FIELD_OPENING = re.compile(rf" (?:for|of) [{UPPER}][\w'-]*,")
_FIELD_LIST = re.compile(rf"(?:,[ \t]+[{UPPER}][\w'-]*)*,?[ \t]+and[ \t]+[{UPPER}][\w'-]*(?![\w'-]|[ \t]+[{UPPER}])")
# A plural of an acronym: "PCs", "CDs", "MPs".
_PLURAL_ACRONYM = re.compile(r"[A-Z]{2,5}s")


class _Extractor:
    """The state of one extraction: the text and what it says of its words, the candidates found so far."""

    def __init__(self, text: str, lex: Lexicon) -> None:
        self.text = text
        self.lex = lex
        self.facts = TextFacts(text, lex)
        self.candidates: list[Candidate] = []
        self.pending_role: tuple[str, int] | None = None

    # -- pass 1: prose ----------------------------------------------------------------------

    def run(self) -> list[Candidate]:
        """Find every candidate: prose runs first, then known names in caps lines and headlines."""
        text = self.text
        lex = self.lex
        facts = self.facts
        special: list[tuple[int, int]] = []
        english = lex.language.english
        for match in RUN.finditer(text):
            start, end = match.span()
            if facts.kind_of_line(start) != "prose":
                special.append((start, end))
                continue
            word = match.group()
            if PLAIN_WORD.fullmatch(word) and text[start - 1 : start] != "-":
                # One plain word, the common case: a function word goes, a listed name is taken,
                # anything else is a segment of its own (no connectors or hyphens to cut at).
                lower = word.lower()
                if (
                    lower in lex.function_words
                    and not (len(word) > 1 and word.isupper() and name_key(word) in lex.known)
                    and (english or not facts.given_name_in_mid_sentence(Token(start, end, word, lower)))
                ):
                    continue  # "US" in capitals is the country, "Us" a pronoun; "med Hans" in Danish
                token = Token(start, end, word, lower)
                known = lex.known.get(name_key(word))
                if (
                    known is not None
                    and len(word) > 1
                    and (known.kind not in MINOR_PLACES or not facts.at_sentence_start(start))
                ):
                    self._add_known([token], known)
                else:
                    self._process_segment([token])
                continue
            for segment in segments(text, lex, tokens_of(text, start, end)):
                self._process_segment(segment)
        self._join_field_lists()
        if special:
            self._match_known_runs(special)
        if self.lex.language.capitalises_nouns:
            self._drop_unproven()
        return self.candidates

    def _drop_unproven(self) -> None:
        """Drop the lone capitalised words of a language that capitalises its nouns that had no
        evidence of a name, unless a full name of the text ends with them ("Yabusele" after
        "Guershon Yabusele"; "Regierung" goes)."""
        tails = {c.key.rsplit(" ", 1)[1] for c in self.candidates if c.tokens >= 2 and " " in c.key}
        self.candidates = [c for c in self.candidates if not c.unproven or c.key in tails]

    def _join_field_lists(self) -> None:
        """An organisation "for" or "of" a list of fields takes the whole list: "Department for
        Culture, Media and Sport" is one name, not "Department for Culture" and "Sport"."""
        text = self.text
        if _FIELD_OPENING.search(text) is None:
            return  # no "for Culture," or "of Energy," anywhere: the common case
        kept: list[Candidate] = []
        covered = -1
        for candidate in self.candidates:
            if candidate.start < covered:
                continue  # a field of the list just joined ("Media", "Sport")
            kept.append(candidate)
            if candidate.votes[ORG] < STRONG or not _FIELD_HEAD.search(candidate.name):
                continue
            fields = _FIELD_LIST.match(text, candidate.end)
            if fields is None:
                continue
            candidate.end = covered = fields.end()
            candidate.name = " ".join(text[candidate.start : candidate.end].split())
            candidate.key = name_key(candidate.name)
        self.candidates = kept

    def _process_segment(self, tokens: list[Token]) -> None:
        """Turn one segment of a run into zero or more candidates."""
        lex = self.lex
        text = self.text
        facts = self.facts
        # Function words and sentence-initial ordinary words are not names.
        while tokens:
            first = tokens[0]
            if first.connector:
                tokens = tokens[1:]
                continue
            if ("'" in first.text or "\u2019" in first.text) and facts.contraction(first):
                tokens = tokens[1:]  # "We’re", "It’s", "Don’t"
                continue
            if first.lower.rstrip(".") in lex.function_words and not first.text.endswith("."):
                if name_key(text[first.start : tokens[-1].end]) in lex.known and len(tokens) > 1:
                    break
                if _listed_capitals(lex, first) or facts.given_name_in_mid_sentence(first):
                    break  # "US President ...": the country, not the pronoun; "med Hans" in Danish
                if (
                    len(tokens) == 2
                    and facts.given_and_surname(first, tokens[1])
                    and facts.function_word_as_name(first)
                ):
                    break  # "Jan Egeland", "May Olsen": a given name, not a month
                tokens = tokens[1:]
                continue
            if (
                facts.at_sentence_start(first.start)
                and (len(tokens) == 1 or title_kind(lex, first) is None)
                and facts.is_common(first, len(tokens) == 1)
            ):
                known_start = facts.longest_known(tokens, 0) if len(tokens) > 1 else None
                if known_start is not None and known_start[0] >= 2:
                    break  # "New Zealander Peter Jackson": the word opens a listed name
                if len(tokens) > 1 and not tokens[1].connector and facts.written_mid_sentence(first, tokens[1]):
                    break  # "Deutsche Boerse said": the text writes "of Deutsche Boerse" too
                tokens = tokens[1:]
                continue
            break
        # Trailing connectors and days ("CNBC Friday") are not part of a name, but a given
        # name's surname may be a day ("Mike Friday"), and a band may end in one ("Take That").
        while tokens and (tokens[-1].connector or tokens[-1].lower.rstrip(".") in lex.function_words):
            if len(tokens) == 2 and not tokens[-1].connector and facts.keeps_last_word(tokens):
                break
            if _listed_capitals(lex, tokens[-1]) or (len(tokens) == 1 and facts.given_name_in_mid_sentence(tokens[0])):
                break
            tokens = tokens[:-1]
        if (
            len(tokens) > 1
            and tokens[-1].text[:2].isupper()
            and (_PLURAL_ACRONYM.fullmatch(tokens[-1].text) or _common_acronym(lex, tokens[-1]))
        ):
            tokens = tokens[:-1]  # "Windows PCs", "US TV": the thing, not part of the name
        if not tokens or (len(tokens) == 1 and len(tokens[0].text.rstrip(".")) == 1):
            return
        if all(facts.shouted_word(t) for t in tokens if not t.connector):
            return  # "LAST SALE", "CRUDE OIL" in a table
        span_key = name_key(text[tokens[0].start : tokens[-1].end])
        if span_key in lex.boilerplate:
            return
        known = lex.known.get(span_key)
        if known is None and lex.language.endings:
            known = self.facts.inflected_known(tokens)
        if known is not None:
            self._add_known(tokens, known)
            return
        # "United Nations Security Council Resolution": a known name, then a generic word.
        prefix = facts.longest_known(tokens, 0) if len(tokens) > 1 else None
        if (
            prefix is not None
            and prefix[1].type == "org"
            and all(t.lower in lex.other_words for t in tokens[prefix[0] :])
        ):
            self._add_known(tokens[: prefix[0]], prefix[1])
            if len(tokens) == prefix[0] + 1:
                self._add_numbered(tokens[-1])  # "UNSC Resolution 2231"
            return
        if len(tokens) == 1 and self._add_numbered(tokens[0]):
            return
        pending, self.pending_role = self.pending_role, None
        role: str | None = None
        place: list[Token] | None = None
        if len(tokens) > 1 or title_kind(lex, tokens[0]) is not None:  # one plain word has nothing to cut
            cut = cut_titles(facts, tokens)
            for known_tokens, listed in cut.known:
                self._add_known(known_tokens, listed)
            if cut.before:
                self._process_segment(cut.before)
            if cut.pending is not None:
                self.pending_role = cut.pending
            role, place, tokens = cut.role, cut.place, cut.name
            if not tokens:
                return
            if len(tokens) > 1:
                described, tokens = cut_descriptors(facts, tokens)
                kind = described_kind(facts, described) if described else None
                if kind == "name":
                    self._process_segment(described)  # "Office of Management and Budget", "Manchester United"
                elif kind == "title" and role is None:
                    role = facts.span([t for t in described if not t.connector])  # "Treasury Secertary"
            span_key = name_key(text[tokens[0].start : tokens[-1].end])
        known = lex.known.get(span_key)
        if known is None and lex.language.endings:
            known = self.facts.inflected_known(tokens)  # "Премьер-министр Малайзии"
        # "President Bush", "Mr Kennedy": a title makes a town's name a person's.
        if known is not None and not (role is not None and known.type == "place" and known.kind in MINOR_PLACES):
            self._add_known(tokens, known)
            return
        if pending is not None and role is None:
            gap = text[pending[1] : tokens[0].start if place is None else place[0].start]
            preposition = _ROLE_PREPOSITION.fullmatch(gap)
            if preposition is not None and place is not None:
                role = f"{pending[0]} {preposition.group(1)} {facts.span(place)}"
            elif place is None and _ROLE_COMMA.fullmatch(gap):
                role = pending[0]
        self._add_name(tokens, role)

    def _add_known(self, tokens: list[Token], known: Known) -> None:
        """Record a name found in a list."""
        start, end = tokens[0].start, tokens[-1].end
        votes = known_votes(self.facts, known, start, end)
        surface = self.facts.span(tokens)
        # The text's own spelling ("Tehran", "U.S.") unless it shouts ("TEHRAN").
        name = surface if LOWER.search(surface) or not LOWER.search(known.name) else known.name
        if name_key(surface) != name_key(known.name):
            name = known.name  # "Norges": the listed "Norge", written with a case ending
        candidate = Candidate(start, end, name, name_key(known.name), votes, len(tokens), known=known)
        self._check_acronym(candidate, tokens)
        self.candidates.append(candidate)

    def _add_numbered(self, token: Token) -> bool:
        """Record a numbered document ("Resolution 2231", "Protocol 6") as an other name, if the
        word is one and a number follows it; whether it was."""
        if token.lower not in _NUMBERED_DOCUMENTS:
            return False
        number = _NUMBER_AFTER.match(self.text, token.end)
        if number is None:
            return False
        name = f"{token.text} {number.group(1)}"
        votes = [0, 0, 0, STRONG]
        self.candidates.append(Candidate(token.start, number.end(), name, name_key(name), votes, 2))
        return True

    def _add_name(self, tokens: list[Token], role: str | None) -> None:
        """Record a name not found in the lists, typed from cues; in a language that capitalises
        its nouns, only with evidence that the words are a name ("Regierung" is none)."""
        unproven = self.lex.language.capitalises_nouns and not self.facts.noun_evidence(tokens, role)
        if unproven and len(tokens) > 1:
            return
        ev = name_evidence(self.facts, tokens, role)
        if len(tokens) == 1 and self.lex.language.endings:
            ev.name = self.facts.uninflected(tokens[0].text)  # "Stines" alone is Stine
            tail = self.facts.lowercase_org_tail(tokens[0]) if role is None else None
            if tail is not None:  # "Высший совет", "Окружного административного суда"
                ev.end, ev.name = tail, " ".join(self.text[ev.start : tail].split())
                ev.votes[ORG] += STRONG
                ev.person_cue = False
        candidate = Candidate(
            ev.start,
            ev.end,
            ev.name,
            name_key(ev.name),
            ev.votes,
            len(ev.words),
            role=ev.role,
            person_cue=ev.person_cue,
        )
        candidate.unproven = unproven  # kept only if a full name of the text ends with it ("Yabusele")
        self._check_acronym(candidate, tokens)
        self.candidates.append(candidate)

    def _check_acronym(self, candidate: Candidate, tokens: list[Token]) -> None:
        """Note an acronym defined right after a name: "Joint Comprehensive Plan of Action (JCPOA)"."""
        if len(tokens) < 2:
            return
        match = _ACRONYM_AFTER.match(self.text, candidate.end)
        if match is None:
            return
        acronym = match.group(1)
        if matches_acronym(acronym, [t.text for t in tokens]):
            candidate.acronym = name_key(acronym)
            self.facts.acronyms.add(candidate.acronym)

    # -- pass 2: ALL CAPS lines and headlines -------------------------------------------------

    def _match_known_runs(self, spans: list[tuple[int, int]]) -> None:
        """In caps lines and headlines keep only names known from the lists or from the prose."""
        lex = self.lex
        seen: dict[str, Candidate] = {}
        for candidate in self.candidates:
            seen.setdefault(candidate.key, candidate)
            if candidate.acronym:
                seen.setdefault(candidate.acronym, candidate)
        text = self.text
        longest = max(lex.longest_known, 6)
        for start, end in spans:
            tokens = [t for t in tokens_of(text, start, end) if not t.connector]
            index = 0
            while index < len(tokens):
                best = None
                for stop in range(min(len(tokens), index + longest), index, -1):
                    key = name_key(text[tokens[index].start : tokens[stop - 1].end])
                    if stop - index == 1 and key not in seen:
                        if key in lex.function_words:
                            continue
                        # "HIT" is also a town in Iraq: a shouted common word counts only as a country.
                        if key in lex.common_rank and (key not in lex.known or lex.known[key].kind in MINOR_PLACES):
                            continue
                    if key in seen or key in lex.known:
                        best = (stop, key)
                        break
                if best is None:
                    index += 1
                    continue
                stop, key = best
                source = seen.get(key)
                s, e = tokens[index].start, tokens[stop - 1].end
                if source is not None:
                    self.candidates.append(
                        Candidate(
                            s, e, source.name, source.key, [0, 0, 0, 0], stop - index, known=source.known, caps=True
                        )
                    )
                else:
                    known = lex.known[key]
                    votes = known_votes(self.facts, known, s, e, MEDIUM)
                    self.candidates.append(
                        Candidate(s, e, known.name, name_key(known.name), votes, stop - index, known=known, caps=True)
                    )
                index = stop


def _common_acronym(lex: Lexicon, token: Token) -> bool:
    """Whether a word in capitals abbreviates a common noun ("TV", "DVD", "GDP") and names nothing."""
    text = token.text
    return (
        2 <= len(text) <= 4
        and text.isupper()
        and text.isalpha()
        and not _ROMAN.fullmatch(text)  # "Charles VI", "Minor Counties XI"
        and token.lower not in COMPANY_SUFFIXES  # "LM Ericsson AB", "Ruch SA"
        and lex.common_rank.get(token.lower, COMMON_RANK) < COMMON_RANK
        and name_key(text) not in lex.known
        and name_key(text) not in lex.canonical
    )


def _listed_capitals(lex: Lexicon, token: Token) -> bool:
    """Whether a function word written in capitals is a listed name: "US" is the country."""
    return len(token.text) > 1 and token.text.isupper() and name_key(token.text) in lex.known


def extract_entities(text: str, language: str | None = None) -> list[Entity]:
    """Find the people, organisations, places and other names in text, under canonical names,
    each with every mention's exact offsets (`text[m.start:m.end] == m.text`).

    `language` (an ISO 639-1 code, as `Article.language`) chooses the function words, titles,
    capitalisation and case endings the rules expect; None reads the text as English."""
    if not text or not text.strip():
        return []
    lex = lexicon(language)
    candidates = _Extractor(text, lex).run()
    entities = []
    for group in group_candidates(candidates, lex.east_asian_surnames, lex.given_names, lex.language.endings):
        type_index = group.type_index
        listed = lex.known.get(group.key)
        if listed is not None and listed.kind == "demonym":
            type_index = OTHER  # "Russian", "Iranian": nationalities, whatever stands around them
        members = sorted(group.members, key=lambda m: m.start)
        name = canonical(group, type_index)
        if type_index == ORG and listed is None and misread_person(lex, name):
            type_index = PERSON
        spans = [(m.start, m.end) for m in members]
        if type_index == PERSON and " " in name and name[0].isupper():
            spans = with_particle(text, name, spans)
        mentions = tuple(Mention(start, end, text[start:end]) for start, end in spans)
        role = next((m.role for m in members if m.role), None) if type_index == PERSON else None
        evidence = group.strongest()
        entities.append(Entity(name, TYPES[type_index], mentions, role, evidence))
    entities.sort(key=lambda e: e.mentions[0].start)
    return entities
