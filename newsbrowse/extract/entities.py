"""Named entities of a text: people, organisations, places and other names, with exact offsets.

Rules, cues and word lists only (no model): compiled regexes find runs of capitalised words;
each run is cut into names (titles, function words, possessives and hyphenated adjectives
cut off), typed from cues in and around it (titles, given names, organisation words,
gazetteers, verbs), and the names of the whole text are then joined under canonical names
(surnames, acronyms defined in the text) and typed by all their mentions together.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field

from newsbrowse.extract.lexicon import Known, Lexicon, lexicon
from newsbrowse.extract.names import is_short_form, matches_acronym, name_key, surname_key
from newsbrowse.model import Entity, EntityType, Mention


def _upper_class() -> str:
    """A regex character class body of the uppercase and titlecase letters in Latin, Greek,
    Cyrillic and the other cased scripts of the first 0x2000 code points."""
    ranges: list[list[int]] = []
    for code in range(0x2000):
        ch = chr(code)
        if ch.isupper() or ch.istitle():
            if ranges and ranges[-1][1] == code - 1:
                ranges[-1][1] = code
            else:
                ranges.append([code, code])
    return "".join(re.escape(chr(a)) + ("-" + re.escape(chr(b)) if b > a else "") for a, b in ranges)


_U = _upper_class()
_ABBREVIATIONS = (
    "Mr Mrs Ms Messrs Dr Prof St Mt Ft Jr Sr Gen Lt Col Maj Capt Sgt Cpl Adm Gov Sen Rep Rev Hon Co "
    "Corp Inc Ltd Bros Pty Brig Cmdr Supt Insp Det Amb"
).split()
# What follows the first (capital) letter of a word: "U.S.", "Mr.", an initial before a
# name, "O'Neill", "Vienna-based". A final "'s" is never part of it. Starting every word with
# a plain character class lets the regex engine skip ahead fast.
_ABBREVIATION_SET = frozenset(_ABBREVIATIONS)  # "St. Louis" is one name
_ABBREVIATION_END = "|".join(f"(?<=\\b{a}\\.)" for a in _ABBREVIATIONS)
_TAIL = (
    rf"(?:\.(?:[{_U}]\.)+"
    rf"|[a-z]{{1,5}}\.(?:{_ABBREVIATION_END})"
    rf"|\.(?=[ \t]+[{_U}])"
    rf"|[^\W_]*(?:['\u2019](?:[{_U}]|(?!s\b)[^\W\d_])[^\W_]*)*(?:-[^\W_]+(?:['\u2019][^\W_]+)*)*)"
)
_TOKEN = rf"[{_U}]{_TAIL}"
# Lowercase words that may sit inside a name: "Bank of England", "Osama bin Laden".
_CONNECTORS = frozenset(
    "of the de da das do dos du des del della di der den van von la le bin ibn al el y and & for on in für".split()
)
_CONNECTOR = "(?:" + "|".join(sorted((re.escape(c) for c in _CONNECTORS), key=len, reverse=True)) + ")"
# An Arabic article written before a name with a hyphen: "al-Qaeda", "Zine al-Abidine".
_ARTICLE = r"(?:al|el|ad|an|ar|as|ash|at|az|ul)-"
_ARTICLE_BEFORE = re.compile(rf"(?<![\w-]){_ARTICLE}$")
# A plural possessive may sit inside a name ("the Exporters' Platform"); _segments decides.
_PLURAL_POSSESSIVE = ("s'", "s\u2019")
_RUN = re.compile(
    rf"[{_U}](?<![\w@/.].){_TAIL}(?:(?:(?<=s)['\u2019])?[ \t]+(?:{_CONNECTOR}[ \t]+){{0,2}}(?:{_ARTICLE})?{_TOKEN})*"
)
_NEWLINE = re.compile(r"\n")
_PLAIN_WORD = re.compile(r"[^\W\d_]+")
_LOWERCASE_NEXT = re.compile(r"[ \t]+[a-z]")
_SPEECH_NEXT = re.compile(r"[ \t]+(?:said|says|told|tells|added|adds|wrote|writes)\b")
# The last word of a two-word capitalised run: a surname when the run is a full name.
_NAME_TAIL = re.compile(rf"[{_U}][\w'\u2019.-]*[ \t]+([{_U}][a-z]+)\b")
# Plural endings of words for jobs and groups ("Refiners", "Investors", "Analysts", "Residents").
_GROUP_PLURALS = ("ers", "ors", "ists", "ants", "ents", "ians")
# After a name, words that make it a company or body: "Ericsson spokesman", "Shell shares".
_ORG_AFTER = (
    r"[ \t]+(?:['\u2019]s[ \t]+)?(?:spokesman|spokeswoman|spokesperson|chairman|chairwoman|shares|stock"
    r"|stake|subsidiary|unit|headquarters|shareholders|employees|workers|executives)\b"
)
_SCORE_AFTER = r"[ \t]+\d+(?![\w.,:/-])"
_SCORE = re.compile(_SCORE_AFTER)
# A fixture: "Kent v Essex", "Leeds vs. Chelsea".
_VERSUS_AFTER = re.compile(rf"[ \t]+vs?\.?[ \t]+[{_U}]")
_VERSUS_BEFORE = re.compile(r"\w[ \t]+vs?\.?[ \t]+$")
_NUMBER = re.compile(r"(?<![\w.])\d+(?:[.,:/-]\d+)*(?![\w])")
_TWO_CAPITALS = re.compile(rf"[{_U}][^{_U}]*[{_U}]")
_LOWER = re.compile(r"[a-z\u00df-\u00f6\u00f8-\u00ff]")
_MID_CAPS = re.compile(r"[A-Z](?<=[a-z,] .)[a-z]+(?=[ ,.;:][ a-z(])")
_LOWER_WORD = re.compile(r"\b[a-z]{2,}\b")
# Company suffixes end a name: "Kia Motor Corp of South Korea" is a company and a country.
_COMPANY_SUFFIXES = frozenset("inc corp ltd co plc llc ag sa spa nv bv gmbh oy ab asa bhd tbk srl kk".split())
# Lowercase particles before a surname ("Sanne de Vries", "Ludwig van der Rohe").
_SURNAME_PARTICLE = re.compile(r" ((?:(?:de|da|di|du|del|della|van|von|der|den|la|le|ter|zu)[ \t]+)+)(\S+)$")
# An acronym standing for a longer name in the same text ("UNSC"): three to six capitals.
_ACRONYM = re.compile(r"[A-Z]{3,6}")
_ACRONYM_AFTER = re.compile(rf"[ \t]*\([ \t]*([{_U}][{_U}0-9&.\-]{{1,11}})[ \t]*\)")
_WORD_BEFORE = re.compile(r"([A-Za-z\-]+)[ \t]*,?[ \t]*$")
_SPEECH_AFTER = (
    r"[ \t]*(?:,[^,\n]{1,60},[ \t]*)?(?:has |had |was |is |also |then |later |again )?"
    r"(?:said|says|told|tells|added|adds|asked|wrote|writes|stated|noted|explained|argued|insisted"
    r"|warned|declared|announced|recalled|replied|testified|admitted|denied|acknowledged|urged"
    r"|claimed|believes|thinks|tweeted|emphasized|emphasised|stressed|praised)\b"
    r"|[ \t]*,[ \t]*(?:who|whose)\b|[ \t]*\((?:\d{1,3}|[RDI]-[A-Z][a-z]*)\)"
)
_SPACES = re.compile(r"\s+")
# ", Belgium" after a name: the name is a place in that country.
_PLACE_AFTER = rf"[ \t]*,[ \t]*(?P<country>[{_U}][\w.]*(?:[ \t][{_U}][\w.]*)?)"
# One match after a name tells which of these cues follows it (they start differently).
_AFTER = re.compile(
    rf"(?P<speech>{_SPEECH_AFTER})|(?P<org>{_ORG_AFTER})|(?P<score>{_SCORE_AFTER})|(?P<place>{_PLACE_AFTER})"
)
# A dateline: "TEHRAN \u2013", "URUS-MARTAN , Russia", "LONDON (Reuters)".
_DATELINE = re.compile(r"[ \t]*(?:,|\(|\u2013|\u2014|-[ \t]|\d{4}-\d\d-\d\d)")
# Between a role and the name it introduces: "Ambassador to Russia Kazem Jalali",
# "the Foreign Minister, Sergei Lavrov".
_ROLE_PREPOSITION = re.compile(r"[ \t]*(to|of|for|in|at)[ \t]+")
_ROLE_COMMA = re.compile(r"[ \t]*,?[ \t]*")

# Documents known by a number ("Resolution 2231"): the number is part of the name.
_NUMBERED_DOCUMENTS = frozenset({"resolution", "protocol", "directive", "amendment"})
_NUMBER_AFTER = re.compile(r"[ \t]+(\d{1,5})(?![\w,.:/-]\d|\w)")
# Words shaped like names that are none: party and state tags, quarters and fiscal years.
_NOT_A_NAME = re.compile(r"[RDI]-[A-Z][A-Za-z.]{0,5}|[QH][1-4]|FY\d{2,4}|[1-4]Q")
# Words of direction before a place: "Inner Mongolia", "Southern California", "Western Europe".
_DIRECTIONS = frozenset(
    """inner outer northern southern eastern western northeastern northwestern southeastern southwestern
    upper lower greater central north south east west""".split()
)
_NEXT_WORD = re.compile(r"[ \t]+(\S)")
_WORD_CHAR = re.compile(r"[\w'\u2019-]")
# A word contracted with a verb or "not": "we’re", "it's", "don’t".
_CONTRACTION = re.compile(r"([a-z]+?)(n['\u2019]t|['\u2019](?:re|ve|ll|d|m|s))")
# "Mid-May", "Late-June": before a month or a day, these make a time, not a name.
_TIME_QUALIFIERS = frozenset({"mid", "early", "late", "pre", "post"})
# Hyphenated suffixes that make a name an adjective ("Vienna-based", "U.S.-led"); a short
# lowercase part otherwise belongs to the name ("Kim Jong-un", "Lashkar-e-Taiba").
_SHORT_SUFFIXES = frozenset({"led", "run", "era", "set", "made", "wide", "born", "held", "bred"})
# Words that end the name of a place ("Grace Road", "Gulf of Mexico").
_PLACE_WORDS = frozenset(
    """river rivers mountains mountain mount mountains hills hill island islands isles isle sea
    ocean lake valley province county district region street road avenue square bridge stadium
    park airport peninsula bay gulf strait coast desert canal falls heights plain plains forest
    basin delta harbour harbor beach""".split()
)
# "the shores of the X", "the foot of X": what lies there is a place.
_LANDSCAPE_BEFORE = re.compile(
    r"\b(?:shores?|banks|coast|mouth|foot|summit|slopes|edge|outskirts|suburbs?)[ \t]+of[ \t]+(?:the[ \t]+)?$"
)
_PLACE_OPENERS = frozenset("mount mt lake cape port fort isle gulf bay".split())
_PLACE_HEADS = frozenset(
    """republic kingdom gulf bay isle island islands strait sea cape lake port city state states
    sultanate emirate province county district region federation commonwealth principality
    duchy union""".split()
)
# Lowercase words before a name that make it an organisation: "carrier El Al".
_ORG_BEFORE = frozenset(
    """company firm group carrier airline bank maker manufacturer distributor retailer newspaper
    daily weekly magazine agency insurer broker brokerage conglomerate giant operator producer
    supplier club network broadcaster channel studio publisher chain exchange union""".split()
)
_PLACE_PREPOSITIONS = frozenset("in at near from to outside across toward towards into via".split())
# Weights of evidence for a type; a strong cue outweighs several weak ones.
_STRONG, _MEDIUM, _WEAK = 10, 4, 1
_TYPES: tuple[EntityType, ...] = ("person", "org", "place", "other")
_PERSON, _ORG, _PLACE, _OTHER = range(4)
_TYPE_INDEX = {name: index for index, name in enumerate(_TYPES)}
# A sentence-initial word this common in English is taken as an ordinary word.
_COMMON_RANK = 20_000
_VERY_COMMON_RANK = 2_000
_MAX_NAME_WORDS = 12
# A title this rare as an English word may be a given name ("Amir"); "King" never is.
_TITLE_AS_WORD_RANK = 10_000
_MINOR_PLACES = frozenset({"city", "region"})
# Places an institution stands in, not part of its name ("... Studies in Vienna"); "in Europe" may be.
_SETTLEMENTS = frozenset({"city", "capital", "country", "state", "region"})
# Places that sports teams are named after (countries' teams stay their countries).
_TEAM_PLACES = frozenset({"city", "region", "state", "capital"})


@dataclass(slots=True)
class _Candidate:
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


@dataclass(slots=True, eq=False)
class _Group:
    """The candidates that name one entity."""

    key: str
    members: list[_Candidate] = field(default_factory=list)
    votes: list[int] = field(default_factory=lambda: [0, 0, 0, 0])
    person_cue: bool = False
    long_name: str | None = None
    size: int = 0  # the most words of any member

    def add(self, candidate: _Candidate) -> None:
        """Take in one more candidate and its evidence."""
        self.members.append(candidate)
        self.size = max(self.size, candidate.tokens)
        for index, vote in enumerate(candidate.votes):
            self.votes[index] += vote
        self.person_cue = self.person_cue or candidate.person_cue

    def absorb(self, other: _Group) -> None:
        """Take in every candidate of another group."""
        for candidate in other.members:
            self.add(candidate)


@dataclass(slots=True)
class _Token:
    """A capitalised word inside a run, or a lowercase connector ("of")."""

    start: int
    end: int
    text: str
    lower: str
    connector: bool = False


def _without_apostrophe(token: _Token) -> _Token:
    """A plural possessive word without its apostrophe ("Exporters'" -> "Exporters")."""
    text = token.text[:-1]
    return _Token(token.start, token.end - 1, text, text.lower(), token.connector)


class _Extractor:
    """The state of one extraction: the text, its lines, the candidates found so far."""

    def __init__(self, text: str, lex: Lexicon) -> None:
        self.text = text
        self.lex = lex
        self.candidates: list[_Candidate] = []
        self.pending_role: tuple[str, int] | None = None
        self._lowercase: tuple[frozenset[str], frozenset[str]] | None = None
        self._surnames: frozenset[str] | None = None
        self._alone: dict[str, bool] = {}
        self.acronyms: set[str] = set()
        self.tables: dict[int, bool] = {}
        self.line_starts: list[int] = [0]
        self.line_kinds: list[str] = []
        self._classify_lines()

    # -- lines ------------------------------------------------------------------------------

    def _classify_lines(self) -> None:
        """Find where lines start; each is classified when a run is first found on it."""
        self.line_starts = [0] + [match.end() for match in _NEWLINE.finditer(self.text)]
        self.line_kinds = [""] * len(self.line_starts)

    def _kind_of_line(self, position: int) -> str:
        """Whether the line holding a position is prose, ALL CAPS or a title-case headline."""
        line = self._line_of(position)
        kind = self.line_kinds[line]
        if not kind:
            start = self.line_starts[line]
            end = self.line_starts[line + 1] - 1 if line + 1 < len(self.line_starts) else len(self.text)
            kind = self.line_kinds[line] = self._line_kind(self.text[start:end])
        return kind

    def _line_kind(self, line: str) -> str:
        """"caps" for a line without lowercase letters, "headline" for title case, else "prose"."""
        if not _LOWER.search(line):
            return "caps" if _TWO_CAPITALS.search(line) else "prose"
        if len(line) > 160 or line.rstrip().endswith((".", ":", ";", ",")):
            return "prose"
        words = line.split()
        if len(words) < 3:
            return "prose"
        capitalised_common = 0
        lowercase_long = 0
        for word in words:
            bare = word.strip("\"'\u201c\u201d\u2018\u2019,;:!?()")
            if len(bare) < 4:
                continue
            if bare[0].islower():
                lowercase_long += 1
            elif not bare.isupper() and self._ordinary(bare):
                capitalised_common += 1
        return "headline" if capitalised_common >= 2 and lowercase_long == 0 else "prose"

    def _in_table(self, position: int) -> bool:
        """Whether a position is on a line of figures (a results or standings table)."""
        line = self._line_of(position)
        table = self.tables.get(line)
        if table is None:
            start = self.line_starts[line]
            end = self.line_starts[line + 1] if line + 1 < len(self.line_starts) else len(self.text)
            table = self.tables[line] = len(_NUMBER.findall(self.text, start, end)) >= 2
        return table

    def _line_of(self, position: int) -> int:
        """The index of the line holding a position."""
        return bisect.bisect_right(self.line_starts, position) - 1

    # -- pass 1: prose ----------------------------------------------------------------------

    def run(self) -> list[_Candidate]:
        """Find every candidate: prose runs first, then known names in caps lines and headlines."""
        text = self.text
        lex = self.lex
        special: list[tuple[int, int]] = []
        for match in _RUN.finditer(text):
            start, end = match.span()
            if self._kind_of_line(start) != "prose":
                special.append((start, end))
                continue
            word = match.group()
            if _PLAIN_WORD.fullmatch(word) and text[start - 1 : start] != "-":
                # One plain word, the common case: a function word goes, a listed name is taken,
                # anything else is a segment of its own (no connectors or hyphens to cut at).
                lower = word.lower()
                if lower in lex.function_words:
                    continue
                token = _Token(start, end, word, lower)
                known = lex.known.get(name_key(word))
                if known is not None and len(word) > 1 and (known.kind not in _MINOR_PLACES or not self._at_sentence_start(start)):
                    self._add_known([token], known)
                else:
                    self._process_segment([token])
                continue
            self._process_run(start, end)
        if special:
            self._match_known_runs(special)
        return self.candidates

    def _tokens(self, start: int, end: int) -> list[_Token]:
        """The words and connectors of a run (they are separated by spaces or tabs)."""
        text = self.text
        article = _ARTICLE_BEFORE.search(text, max(0, start - 4), start)
        if article is not None:
            start = article.start()
        tokens = []
        position = start
        for word in text[start:end].split():
            position = text.find(word, position)
            tokens.append(_Token(position, position + len(word), word, word.lower(), word in _CONNECTORS))
            position += len(word)
        return tokens

    def _process_run(self, start: int, end: int) -> None:
        """Cut one run of capitalised words into names and record them."""
        for segment in self._segments(self._tokens(start, end)):
            self._process_segment(segment)

    def _segments(self, tokens: list[_Token]) -> list[list[_Token]]:
        """Split a run where it is really several names: at connectors that join nothing, at
        hyphenated adjectives ("Vienna-based") and pairs ("Iran-Russia"), at a stop."""
        segments: list[list[_Token]] = []
        current: list[_Token] = []
        lex = self.lex
        index = 0
        while index < len(tokens):
            token = tokens[index]
            if token.connector:
                conns = []
                while index < len(tokens) and tokens[index].connector:
                    conns.append(tokens[index])
                    index += 1
                if current and index < len(tokens) and self._connector_joins(current, conns, tokens[index]):
                    current.extend(conns)
                elif current:
                    segments.append(current)
                    current = []
                continue
            word = token.text
            if (word[1:2] == "-" or word[0].isdigit() or word[-1].isdigit()) and _NOT_A_NAME.fullmatch(word):
                # "(D-Minn.)", "R-W.Va.": a party and state; "Q3", "FY2019": a period.
                if current:
                    segments.append(current)
                    current = []
                index += 1
                continue
            if "-" in token.text:
                head, _, last = token.text.rpartition("-")
                if head.lower() in _TIME_QUALIFIERS and last.lower() in lex.function_words:
                    # "Mid-May", "Late-June": a time, not a name.
                    if current:
                        segments.append(current)
                        current = []
                    index += 1
                    continue
                cut = self._cut_hyphen(token)
                if cut is not None:
                    if cut:
                        current.extend(cut[:1])
                        if len(cut) > 1:
                            segments.append(current)
                            current = []
                            for part in cut[1:]:
                                segments.append([part])
                        elif cut[0].end < token.end:  # a hyphenated adjective ends the name
                            segments.append(current)
                            current = []
                    index += 1
                    continue
            if current and current[-1].text.endswith(_PLURAL_POSSESSIVE):
                # "Teachers' Union" is one name; "Reuters' Moscow bureau" is two.
                current[-1] = _without_apostrophe(current[-1])
                if token.lower.rstrip(".") not in lex.org_words:
                    segments.append(current)
                    current = []
            current.append(token)
            if len(current) >= _MAX_NAME_WORDS:
                segments.append(current)  # no name is this long: a list or a title-case line
                current = []
                index += 1
                continue
            # "... Smith. The next ..." inside one run: a full stop that is no abbreviation
            if token.text.endswith(".") and len(token.text) > 2 and token.text.count(".") == 1:
                abbreviation = token.lower[:-1] in lex.titles or token.text[:-1] in _ABBREVIATION_SET
                if not abbreviation and index + 1 < len(tokens):
                    segments.append(current)
                    current = []
            index += 1
        if current:
            segments.append(current)
        for segment in segments:
            if segment[-1].text.endswith(_PLURAL_POSSESSIVE):
                segment[-1] = _without_apostrophe(segment[-1])
        return segments

    def _connector_joins(self, left: list[_Token], conns: list[_Token], right: _Token) -> bool:
        """Whether lowercase connectors join the words around them into one name."""
        lex = self.lex
        word = conns[0].lower
        last = left[-1].lower.rstrip(".")
        if last in _COMPANY_SUFFIXES:
            return False
        if word == "in":
            # "Organisation for Security and Cooperation in Europe", but "the Institute for Security
            # Studies in Vienna" is an institute in a city.
            heads = lex.org_heads
            place = lex.known.get(name_key(right.text))
            if place is not None and place.kind in _SETTLEMENTS:
                return False
            return any(t.lower in ("of", "for") for t in left) and any(t.lower in heads for t in left)
        if word in ("of", "for", "on"):
            if len(conns) == 2 and conns[1].lower != "the":
                return False
            if last in lex.org_heads or last in lex.org_words or last in _PLACE_HEADS or last in lex.other_words:
                return True
            if lex.titles.get(last) in ("role", "portfolio") and word != "on":
                return True
            span = self.text[left[0].start:right.end]
            return name_key(span) in lex.known
        if word in ("and", "&"):
            if len(conns) > 1:
                return False
            if word == "&":
                return True
            span = self.text[left[0].start:right.end]
            if name_key(span) in lex.known:
                return True
            if (any(t.lower in ("of", "for") for t in left) and any(t.lower in lex.org_heads for t in left)
                    and right.text not in lex.given_names):
                return True  # "Academy of Motion Picture Arts and Sciences", not "... Security and Alex Azar"
            return lex.titles.get(last) == "portfolio" and lex.titles.get(right.lower) == "portfolio"
        if word == "the":
            return False
        return len(conns) <= 2  # name particles: "de la", "van der", "bin", "al"

    def _cut_hyphen(self, token: _Token) -> list[_Token] | None:
        """Re-cut a hyphenated word: "Vienna-based" -> "Vienna", "Iran-Russia" -> both.

        Returns None when the word stays whole, else the tokens it becomes.
        """
        parts = token.text.split("-")
        lex = self.lex
        first = 1 if parts[0][:1].islower() else 0  # "al-Qaeda": the article belongs
        offset = token.start
        for index in range(1, len(parts)):
            offset += len(parts[index - 1]) + 1
            part = parts[index]
            if index > first and part[:1].islower() and ((len(part) > 3 and part in lex.common_rank) or part in _SHORT_SUFFIXES):
                cut_end = offset - 1
                if cut_end <= token.start:
                    return []
                text = self.text[token.start:cut_end]
                return self._cut_hyphen(_Token(token.start, cut_end, text, text.lower())) or [
                    _Token(token.start, cut_end, text, text.lower())
                ]
        if first == 0 and len(parts) >= 2 and name_key(token.text) not in lex.known:
            known_parts = [lex.known.get(name_key(part)) for part in parts]
            if all(k is not None and k.type in ("place", "other") for k in known_parts):
                pieces = []
                offset = token.start
                for part in parts:
                    pieces.append(_Token(offset, offset + len(part), part, part.lower()))
                    offset += len(part) + 1
                return pieces
        return None

    def _at_sentence_start(self, position: int) -> bool:
        """Whether a position opens a sentence, a line or a quotation."""
        text = self.text
        index = position - 1
        while index >= 0 and text[index] in " \t\"'\u201c\u2018\u00ab":
            if text[index] in "\"\u201c\u2018\u00ab":
                return True
            index -= 1
        if index < 0:
            return True
        ch = text[index]
        if ch in "\n.!?:\u2013\u2014-|":
            return True
        return ch in "\u201d\u2019\"'" and index > 0 and text[index - 1] in ".!?"

    def _is_common(self, token: _Token, alone: bool) -> bool:
        """Whether a capitalised word is an ordinary word rather than a name: a common English
        word, or one the text itself writes in lowercase. A given name counts as a name when
        more capitalised words follow ("Mark Taylor")."""
        lex = self.lex
        word = token.lower.rstrip(".")
        known = lex.known.get(name_key(token.text))
        if known is not None:
            # "Mobile phones ...", "Split decisions ...": a town named like a common word.
            return (
                alone
                and known.kind in _MINOR_PLACES
                and lex.common_rank.get(word, _COMMON_RANK) < _COMMON_RANK
                and _LOWERCASE_NEXT.match(self.text, token.end) is not None
            )
        if token.text in self._evidence()[1]:
            return False  # a name elsewhere in the text ("said Bush.")
        if word in self._evidence()[0]:
            return True  # the text writes it in lowercase too
        rank = lex.common_rank.get(word)
        before_verb = alone and _LOWERCASE_NEXT.match(self.text, token.end) is not None
        if rank is None:
            # "Refiners plan ...": a plural of a job or group before a verb, if no list names it.
            return (
                before_verb
                and word.endswith(_GROUP_PLURALS)
                and token.text not in lex.given_names
                and token.text not in lex.surnames
                and not self._speech_after(token.end)
            )
        if token.text in lex.given_names or token.text in lex.surnames:
            # "Johnson said", "Mark Taylor": a name unless it is a very common word ("Police"),
            # or a common one before a verb that no full name in the text ends with ("Banks will").
            if rank < _VERY_COMMON_RANK:
                return alone or token.text not in lex.given_names
            return (
                before_verb
                and rank < _COMMON_RANK
                and token.text not in lex.given_names  # "Jasper blew right by me"
                and token.text not in self._surnames_in_text()
                and not self._speech_after(token.end)
            )
        # Alone before a lowercase word, any listed word is ordinary ("Rescuers reached ...").
        return rank < _COMMON_RANK or before_verb

    def _speech_after(self, position: int) -> bool:
        """Whether a verb of speech follows a position ("Banks said")."""
        return _SPEECH_NEXT.match(self.text, position) is not None

    def _surnames_in_text(self) -> frozenset[str]:
        """The capitalised words the text writes after another one, as in a full name (once)."""
        if self._surnames is None:
            self._surnames = frozenset(_NAME_TAIL.findall(self.text))
        return self._surnames

    def _ordinary(self, word: str) -> bool:
        """Whether a capitalised word is a common English word and no name (for headlines)."""
        lex = self.lex
        return (
            lex.common_rank.get(word.lower(), _COMMON_RANK) < _COMMON_RANK
            and name_key(word) not in lex.known
            and word not in lex.given_names
            and word not in lex.surnames
        )

    def _evidence(self) -> tuple[frozenset[str], frozenset[str]]:
        """The words the text writes in lowercase, and the capitalised words it uses alone in
        mid-sentence (computed once, when first needed)."""
        if self._lowercase is None:
            text = self.text
            alone = set(_MID_CAPS.findall(text))
            # An organisation word that only ends longer names ("Pearl Line Shipping") is no name
            # alone: it counts only after a lowercase word or a comma.
            for word in [word for word in alone if word.lower() in self.lex.org_words]:
                if not self._after_a_lowercase_word(word):
                    alone.discard(word)
            self._lowercase = (frozenset(_LOWER_WORD.findall(text)), frozenset(alone))
        return self._lowercase

    def _stands_alone(self, word: str) -> bool:
        """Whether the text writes a capitalised word somewhere as a name on its own: neither
        after a capitalised word ("Syromolotov Oleg") nor before one (once per word)."""
        alone = self._alone.get(word)
        if alone is None:
            alone = self._alone[word] = self._find_alone(word)
        return alone

    def _find_alone(self, word: str) -> bool:
        """The search behind _stands_alone."""
        text = self.text
        position = text.find(word)
        while position >= 0:
            end = position + len(word)
            whole = (position == 0 or not _WORD_CHAR.match(text, position - 1)) and not _WORD_CHAR.match(text, end)
            after = _NEXT_WORD.match(text, end)
            if whole and (after is None or not after.group(1).isupper()):
                last = position - 1
                while last >= 0 and text[last] in " \t":
                    last -= 1
                first = last
                while first >= 0 and not text[first].isspace():
                    first -= 1
                previous = text[first + 1 : last + 1]
                if last == position - 1 or not previous[:1].isupper() or not previous[-1:].isalnum():
                    return True
            position = text.find(word, end)
        return False

    def _after_a_lowercase_word(self, word: str) -> bool:
        """Whether the text writes a word after a lowercase word or a comma somewhere."""
        text = self.text
        position = text.find(" " + word)
        while position > 0:
            before = text.rfind(" ", 0, position) + 1
            if text[position - 1] == "," or text[before].islower():
                return True
            position = text.find(" " + word, position + 1)
        return False

    def _shouted_word(self, token: _Token) -> bool:
        """Whether an ALL-CAPS word in prose is an ordinary word shouted ("SALE"), not an acronym."""
        text = token.text
        return (
            len(text) > 1
            and text.isupper()
            and self.lex.common_rank.get(token.lower, _COMMON_RANK) < _COMMON_RANK
            and name_key(text) not in self.lex.known
            and name_key(text) not in self.acronyms
        )

    def _process_segment(self, tokens: list[_Token]) -> None:
        """Turn one segment of a run into zero or more candidates."""
        lex = self.lex
        text = self.text
        # Function words and sentence-initial ordinary words are not names.
        while tokens:
            first = tokens[0]
            if first.connector:
                tokens = tokens[1:]
                continue
            if self._contraction(first):
                tokens = tokens[1:]  # "We’re", "It’s", "Don’t"
                continue
            if first.lower.rstrip(".") in lex.function_words and not first.text.endswith("."):
                if name_key(text[first.start:tokens[-1].end]) in lex.known and len(tokens) > 1:
                    break
                if len(tokens) == 2 and self._given_and_surname(first, tokens[1]):
                    break  # "Jan Egeland", "May Olsen": a given name, not a month
                tokens = tokens[1:]
                continue
            if (
                self._at_sentence_start(first.start)
                and (len(tokens) == 1 or self._title_kind(first) is None)
                and self._is_common(first, len(tokens) == 1)
            ):
                if len(tokens) > 1 and name_key(text[first.start:tokens[-1].end]) in lex.known:
                    break
                tokens = tokens[1:]
                continue
            break
        # Trailing connectors and days ("CNBC Friday") are not part of a name, but a given
        # name's surname may be a day ("Mike Friday"), and a band may end in one ("Take That").
        while tokens and (tokens[-1].connector or tokens[-1].lower.rstrip(".") in lex.function_words):
            if len(tokens) == 2 and not tokens[-1].connector and self._keeps_last_word(tokens):
                break
            tokens = tokens[:-1]
        if not tokens or (len(tokens) == 1 and len(tokens[0].text.rstrip(".")) == 1):
            return
        if all(self._shouted_word(t) for t in tokens if not t.connector):
            return  # "LAST SALE", "CRUDE OIL" in a table
        span_key = name_key(text[tokens[0].start:tokens[-1].end])
        if span_key in lex.boilerplate:
            return
        known = lex.known.get(span_key)
        if known is not None:
            self._add_known(tokens, known)
            return
        # "United Nations Security Council Resolution": a known name, then a generic word.
        prefix = self._longest_known(tokens, 0)
        if prefix is not None and prefix[1].type == "org" and all(
            t.lower in lex.other_words for t in tokens[prefix[0]:]
        ):
            self._add_known(tokens[: prefix[0]], prefix[1])
            if len(tokens) == prefix[0] + 1:
                self._add_numbered(tokens[-1])  # "UNSC Resolution 2231"
            return
        if len(tokens) == 1 and self._add_numbered(tokens[0]):
            return
        pending, self.pending_role = self.pending_role, None
        role, place, tokens = self._cut_titles(tokens)
        if not tokens:
            return
        known = lex.known.get(name_key(text[tokens[0].start:tokens[-1].end]))
        if known is not None:
            self._add_known(tokens, known)
            return
        if pending is not None and role is None:
            gap = text[pending[1]:tokens[0].start if place is None else place[0].start]
            preposition = _ROLE_PREPOSITION.fullmatch(gap)
            if preposition is not None and place is not None:
                role = f"{pending[0]} {preposition.group(1)} {self._span(place)}"
            elif place is None and _ROLE_COMMA.fullmatch(gap):
                role = pending[0]
        self._add_name(tokens, role)

    def _is_place(self, word: str) -> bool:
        """Whether a word is a listed place."""
        known = self.lex.known.get(name_key(word))
        return known is not None and known.type == "place"

    def _contraction(self, token: _Token) -> bool:
        """Whether a word is a pronoun or a common word contracted with a verb or "not"
        ("We’re", "That’s", "Don’t"); "Trump’s" is a name's possessive."""
        match = _CONTRACTION.fullmatch(token.lower) if "'" in token.text or "\u2019" in token.text else None
        if match is None:
            return False
        base, ending = match.groups()
        if ending in ("n't", "n\u2019t"):
            return True
        if ending[1:] == "s":
            return base in self.lex.function_words
        return base in self.lex.function_words or self.lex.common_rank.get(base, _COMMON_RANK) < _VERY_COMMON_RANK

    def _given_not_place(self, first: str, last: str) -> bool:
        """Whether a given name opening a name is no place: not listed as one, or only as a
        town before a listed surname ("George Adams", not "Georgia Tech")."""
        known = self.lex.known.get(name_key(first))
        return known is None or (known.kind in _MINOR_PLACES and last in self.lex.surnames)

    def _given_and_surname(self, given: _Token, surname: _Token) -> bool:
        """Whether two words are a given name and a surname-like word ("Jan Egeland"), the
        second being no common English word unless it is a listed surname."""
        lex = self.lex
        word = surname.lower.rstrip(".")
        return (
            given.text in lex.given_names
            and lex.common_rank.get(given.lower, _COMMON_RANK) >= _VERY_COMMON_RANK  # not "The"
            and not surname.text.isupper()
            and word not in lex.function_words
            and (surname.text in lex.surnames or lex.common_rank.get(word, _COMMON_RANK) >= _COMMON_RANK)
        )

    def _keeps_last_word(self, tokens: list[_Token]) -> bool:
        """Whether a two-word name keeps a last word that is a function word or a day: after
        a given name ("Mike Friday"), or after a common word in mid-sentence ("Take That")."""
        first = tokens[0]
        if first.text.isupper() or tokens[1].text.isupper():
            return False
        if first.text in self.lex.given_names and first.text not in self.lex.surnames:
            return True
        return self.lex.common_rank.get(first.lower, _COMMON_RANK) < _COMMON_RANK and not self._at_sentence_start(first.start)

    def _title_kind(self, token: _Token) -> str | None:
        """The kind of title a word is ("role", "honorific", "modifier", "portfolio"), or None;
        "Major-General" is a role."""
        if token.connector:
            return None
        word = token.lower.rstrip(".")
        kind = self.lex.titles.get(word)
        if kind is None and "-" in word:
            kinds = [self.lex.titles.get(part) for part in word.split("-")]
            if all(kinds):
                kind = "role" if "role" in kinds else kinds[-1]
        return kind

    def _is_generic(self, token: _Token) -> bool:
        """Whether a capitalised word is an ordinary word that may qualify a title
        ("Financial Secretary", "Privatisation Minister")."""
        word = token.lower.rstrip(".")
        return (
            self.lex.common_rank.get(word, _COMMON_RANK) < _COMMON_RANK
            and name_key(token.text) not in self.lex.known
            and word not in self.lex.org_words
        )

    def _cut_titles(self, tokens: list[_Token]) -> tuple[str | None, list[_Token] | None, list[_Token]]:
        """Cut leading nationalities, places and titles off a person's name.

        "Russian Deputy Foreign Minister Sergei Ryabkov" records "Russian" and returns
        ("Deputy Foreign Minister", None, [Sergei, Ryabkov]); "Russia Kazem Jalali" records
        Russia and returns (None, [Russia], [Kazem, Jalali]). A role of "" means a person cue
        without a role ("Mr.").
        """
        lex = self.lex
        # Leading known names (nationality, country, city) before a title or a given name.
        index = 0
        place = None
        while index < len(tokens) - 1:
            match = self._longest_known(tokens, index)
            if match is None or match[0] >= len(tokens):
                break
            end, known = match
            following = tokens[end]
            follows_title = self._title_kind(following) is not None
            follows_name = following.text in lex.given_names and name_key(following.text) not in lex.known
            if not (follows_title or follows_name or known.kind == "demonym"):
                break
            rest = tokens[end:]
            if self._org_inside(rest) and not any(self._title_kind(t) in ("role", "honorific") for t in rest):
                break  # "U.S. Agriculture Department", "Iranian Foreign Ministry"
            self._add_known(tokens[index:end], known)
            if follows_name and known.type == "place":
                place = tokens[index:end]
            index = end
        tokens = tokens[index:]
        kinds = [self._title_kind(token) for token in tokens]
        if len(tokens) == 2 and kinds[0] == "role" and kinds[1] is None and self._given_not_title(tokens):
            kinds[0] = None
        if all(kind is not None or token.connector for kind, token in zip(kinds, tokens, strict=True)) and any(
            kind in ("role", "honorific") for kind in kinds
        ):
            # Only titles ("Iranian Ambassador"): the name may follow ("... to Russia Kazem Jalali").
            self.pending_role = (self._span(tokens), tokens[-1].end)
            return None, place, []
        if kinds[0] == "role" and len(tokens) > 2 and tokens[1].lower == "of":
            if len(tokens) > 3 and kinds[2] in ("portfolio", "modifier") and tokens[3].text in lex.given_names:
                return self._span(tokens[:3]), place, tokens[3:]  # "Secretary of State Mike Pompeo"
            return None, place, tokens[2:]  # "Archbishop of Cape Town": the see, not a person
        # The last role or honorific that a name follows: "Cofinec CEO Stephen Frater".
        last = None
        for position in range(len(tokens) - 1):
            if kinds[position] in ("role", "honorific") and not tokens[position + 1].connector:
                last = position
        if last is None or self._org_inside(tokens[last + 1 :]):
            return None, place, tokens  # "Major League Baseball"
        first = last
        while first > 0 and (tokens[first - 1].connector or kinds[first - 1] is not None or self._is_generic(tokens[first - 1])):
            first -= 1
        while first < last and tokens[first].connector:
            first += 1
        if first > 0:
            self._process_segment(tokens[:first])
        titles = tokens[first : last + 1]
        honorific_only = all(kinds[first + i] in ("honorific", None) for i in range(len(titles)))
        return ("" if honorific_only else self._span(titles)), place, tokens[last + 1 :]

    def _given_not_title(self, tokens: list[_Token]) -> bool:
        """Whether a title that is also an uncommon English word and a given name ("Amir",
        "Emir", "Sultan") is the given name, before a lone surname: "Amir Hosseini" is a
        person's full name, "Emir Tamim" (two given names) a title and a name."""
        lex = self.lex
        title, name = tokens
        return (
            title.text in lex.given_names
            and title.text.rstrip(".") not in _ABBREVIATIONS  # "Maj Smith", "Gen. Lee"
            and lex.common_rank.get(title.lower, _COMMON_RANK) >= _TITLE_AS_WORD_RANK
            and name.text not in lex.given_names
            and not name.text.isupper()
        )

    def _org_inside(self, tokens: list[_Token]) -> bool:
        """Whether a word of an organisation's name ("Ministry", "Party") is among tokens."""
        org_words = self.lex.org_words
        return any(not t.connector and t.lower.rstrip(".") in org_words for t in tokens)

    def _longest_known(self, tokens: list[_Token], index: int) -> tuple[int, Known] | None:
        """The longest known name starting at tokens[index]: (end index, entry)."""
        lex = self.lex
        best = None
        limit = min(len(tokens), index + lex.longest_known)
        for end in range(index + 1, limit + 1):
            if tokens[end - 1].connector:
                continue
            known = lex.known.get(name_key(self.text[tokens[index].start:tokens[end - 1].end]))
            if known is not None:
                best = (end, known)
        return best

    def _span(self, tokens: list[_Token]) -> str:
        """The text of tokens, with runs of whitespace made single spaces."""
        return _SPACES.sub(" ", self.text[tokens[0].start:tokens[-1].end])

    def _add_known(self, tokens: list[_Token], known: Known) -> None:
        """Record a name found in a list."""
        start, end = tokens[0].start, tokens[-1].end
        votes = [0, 0, 0, 0]
        if self._team(known, start, end):
            votes[_ORG] = _STRONG  # a club named after its town or county in a results table
        else:
            votes[_TYPE_INDEX[known.type]] = _MEDIUM if known.kind in _MINOR_PLACES else _STRONG
        surface = self._span(tokens)
        # The text's own spelling ("Tehran", "U.S.") unless it shouts ("TEHRAN").
        name = surface if _LOWER.search(surface) or not _LOWER.search(known.name) else known.name
        candidate = _Candidate(start, end, name, name_key(known.name), votes, len(tokens), known=known)
        self._check_acronym(candidate, tokens)
        self.candidates.append(candidate)

    def _add_numbered(self, token: _Token) -> bool:
        """Record a numbered document ("Resolution 2231", "Protocol 6") as an other name, if the
        word is one and a number follows it; whether it was."""
        if token.lower not in _NUMBERED_DOCUMENTS:
            return False
        number = _NUMBER_AFTER.match(self.text, token.end)
        if number is None:
            return False
        name = f"{token.text} {number.group(1)}"
        votes = [0, 0, 0, _STRONG]
        self.candidates.append(_Candidate(token.start, number.end(), name, name_key(name), votes, 2))
        return True

    def _add_name(self, tokens: list[_Token], role: str | None) -> None:
        """Record a name not found in the lists, typed from cues."""
        lex = self.lex
        text = self.text
        start, end = tokens[0].start, tokens[-1].end
        votes = [0, 0, 0, 0]
        person_cue = False
        words = [t.text for t in tokens if not t.connector]
        lowers = [w.lower().rstrip(".") for w in words]
        first = words[0]
        name = self._span(tokens)
        if role is not None:
            person_cue = True
            votes[_PERSON] += _STRONG
            role = role or None
        # Words inside the name.
        if any(w in lex.org_words or ("-" in w and w.rsplit("-", 1)[1] in lex.org_words) for w in lowers):
            votes[_ORG] += _STRONG  # "Ministry", "News-Register"
        elif len(words) > 1 and lowers[-1] in lex.other_words:
            votes[_OTHER] += _STRONG
        elif len(words) > 1 and (lowers[-1] in _PLACE_WORDS or lowers[0] in _PLACE_OPENERS):
            votes[_PLACE] += _STRONG
        elif len(words) == 2 and lowers[0] in _DIRECTIONS and self._is_place(words[1]):
            votes[_PLACE] += _MEDIUM  # "Inner Mongolia", "Southern California"; a team in a table
        elif len(words) > 1 and lowers[0] in lex.org_heads:
            votes[_ORG] += _MEDIUM
        elif len(words) > 1 and lowers[0] in lex.other_words and tokens[1].connector:
            votes[_OTHER] += _MEDIUM  # "Treaty on Open Waters", "Act of Union"
        compact = first.replace(".", "").replace("-", "").replace("&", "")
        if len(words) == 1 and compact.isupper() and len(compact) >= 2 and compact.isalnum():
            votes[_ORG] += _MEDIUM  # an acronym
        elif len(words) >= 2 and len(first) == 2 and first[1] == "." and not words[-1].isupper():
            votes[_PERSON] += _MEDIUM  # an initial: "K. Evans"
            person_cue = person_cue or votes[_ORG] == 0
        elif len(words) >= 2 and first in lex.given_names and self._given_not_place(first, words[-1]):
            votes[_PERSON] += _MEDIUM
            # "Marin County": a place word at the end outweighs a given name at the start, unless
            # it is a surname too ("Anthony Hill").
            strongest_other = max(votes[_ORG], votes[_PLACE], votes[_OTHER])
            person_cue = person_cue or strongest_other < _STRONG or words[-1] in lex.surnames
        elif (
            len(tokens) == len(words) == 2  # no connector: "Stade de France" is no "France Stade"
            and words[1] in lex.given_names
            and name_key(words[1]) not in lex.known
            and first not in lex.given_names
            and first not in lex.east_asian_surnames
            and name_key(first) not in lex.known
            and lowers[0] not in lex.common_rank
            and not first.isupper()
            and not self._stands_alone(words[1])  # "Herbert said": the surname, "De'Broski Herbert"
        ):
            name = f"{words[1]} {first}"  # "Syromolotov Oleg" -> "Oleg Syromolotov"
            votes[_PERSON] += _MEDIUM
            person_cue = True
        elif votes == [0, 0, 0, 0]:
            if len(words) >= 2:
                # Unknown words: a surname makes a person, a place inside a company ("Air France").
                if words[-1] in lex.surnames and lowers[0] not in lex.common_rank:
                    votes[_PERSON] += _WEAK
                elif any(name_key(w) in lex.known for w in words):
                    votes[_ORG] += _WEAK
                elif all(w in lex.common_rank for w in lowers):
                    votes[_ORG] += _WEAK
                else:
                    votes[_PERSON] += _WEAK
            elif first in lex.surnames or first in lex.given_names:
                votes[_PERSON] += _WEAK
            elif lowers[0] in lex.other_words:
                votes[_OTHER] += _WEAK  # "the Championships"
        # Words around the name.
        before = _WORD_BEFORE.search(text, max(0, start - 20), start)
        if before is not None:
            word = before.group(1).lower()
            kind = lex.titles.get(word)
            if kind in ("role", "honorific") and not before.group(0).rstrip().endswith(","):
                votes[_PERSON] += _STRONG
                person_cue = True
                if kind == "role":
                    role = role or word
            elif word in _PLACE_PREPOSITIONS and len(words) == 1 and votes[_ORG] < _STRONG:
                votes[_PLACE] += _WEAK
            elif word in _ORG_BEFORE and votes[_PERSON] < _STRONG:
                votes[_ORG] += _MEDIUM  # "the distributor Ruch", "Polish daily Zycie Warszawy"
        if (votes[_PERSON] < _STRONG and votes[_ORG] < _STRONG and " of " in text[max(0, start - 9) : start]
                and _LANDSCAPE_BEFORE.search(text, max(0, start - 30), start)):
            votes[_PLACE] += _MEDIUM  # "on the shores of the Zürichsee", "the foot of Kilimanjaro"
        if compact.isupper() and len(words) <= 3 and _DATELINE.match(text, end) and self._at_line_start(start):
            votes[_PLACE] += _STRONG  # "URUS-MARTAN, Russia", "TEHRAN -"
        after = _AFTER.match(text, end)
        cue = after.lastgroup if after is not None else None
        if cue == "speech" and votes[_ORG] < _STRONG and votes[_OTHER] < _STRONG:
            # Companies speak too: a lone word needs to look like a surname ("Ramos said").
            if len(words) > 1:
                votes[_PERSON] += _MEDIUM
            elif first in lex.surnames or first in lex.given_names:
                votes[_PERSON] += _WEAK
        elif cue == "org" and not person_cue and votes[_PERSON] < _STRONG:
            votes[_ORG] += _MEDIUM
        elif cue == "score" and not person_cue and votes[_PERSON] < _MEDIUM and self._in_table(start):
            votes[_ORG] += _MEDIUM  # a team in a results table: "Grimsby 0 Portsmouth 1"
        elif cue == "place" and votes[_ORG] < _STRONG and votes[_PERSON] < _STRONG:
            assert after is not None
            place = lex.known.get(name_key(after.group("country")))
            if place is not None and place.type == "place" and place.kind != "city":
                votes[_PLACE] += _MEDIUM  # "Nandrin, Belgium", "St. Petersburg, Fla."
        candidate = _Candidate(start, end, name, name_key(name), votes, len(words), role=role, person_cue=person_cue)
        self._check_acronym(candidate, tokens)
        self.candidates.append(candidate)

    def _team(self, known: Known, start: int, end: int) -> bool:
        """Whether a place below the rank of a country names a team: followed by a score in a
        results table ("Surrey 8", "CHICAGO 67 37"), or in a fixture ("Kent v Essex")."""
        if known.type != "place" or known.kind not in _TEAM_PLACES:
            return False
        text = self.text
        if _VERSUS_AFTER.match(text, end) or _VERSUS_BEFORE.search(text, max(0, start - 40), start):
            return True
        return _SCORE.match(text, end) is not None and self._in_table(start)

    def _at_line_start(self, position: int) -> bool:
        """Whether only spaces stand between a position and the start of its line."""
        line_start = self.text.rfind("\n", 0, position) + 1
        return not self.text[line_start:position].strip()

    def _check_acronym(self, candidate: _Candidate, tokens: list[_Token]) -> None:
        """Note an acronym defined right after a name: "Joint Comprehensive Plan of Action (JCPOA)"."""
        match = _ACRONYM_AFTER.match(self.text, candidate.end)
        if match is None or len(tokens) < 2:
            return
        acronym = match.group(1)
        if matches_acronym(acronym, [t.text for t in tokens]):
            candidate.acronym = name_key(acronym)
            self.acronyms.add(candidate.acronym)

    # -- pass 2: ALL CAPS lines and headlines -------------------------------------------------

    def _match_known_runs(self, spans: list[tuple[int, int]]) -> None:
        """In caps lines and headlines keep only names known from the lists or from the prose."""
        lex = self.lex
        seen: dict[str, _Candidate] = {}
        for candidate in self.candidates:
            seen.setdefault(candidate.key, candidate)
            if candidate.acronym:
                seen.setdefault(candidate.acronym, candidate)
        text = self.text
        longest = max(lex.longest_known, 6)
        for start, end in spans:
            tokens = [t for t in self._tokens(start, end) if not t.connector]
            index = 0
            while index < len(tokens):
                best = None
                for stop in range(min(len(tokens), index + longest), index, -1):
                    key = name_key(text[tokens[index].start:tokens[stop - 1].end])
                    if stop - index == 1 and key not in seen:
                        if key in lex.function_words:
                            continue
                        # "HIT" is also a town in Iraq: a shouted common word counts only as a country.
                        if key in lex.common_rank and (key not in lex.known or lex.known[key].kind in _MINOR_PLACES):
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
                    votes = [0, 0, 0, 0]
                    self.candidates.append(
                        _Candidate(s, e, source.name, source.key, votes, stop - index, known=source.known, caps=True)
                    )
                else:
                    known = lex.known[key]
                    votes = [0, 0, 0, 0]
                    votes[_ORG if self._team(known, s, e) else _TYPE_INDEX[known.type]] = _MEDIUM
                    self.candidates.append(
                        _Candidate(s, e, known.name, name_key(known.name), votes, stop - index, known=known, caps=True)
                    )
                index = stop


def _group(candidates: list[_Candidate], east_asian: frozenset[str]) -> list[_Group]:
    """Join candidates naming the same entity: same key, acronym and long form, surname and
    full name (the family name first in East Asian names)."""
    groups: dict[str, _Group] = {}
    for candidate in candidates:
        group = groups.get(candidate.key)
        if group is None:
            group = groups[candidate.key] = _Group(candidate.key)
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
    unique: dict[int, _Group] = {}
    for group in groups.values():
        unique[id(group)] = group
    result = _join_organisation_forms(list(unique.values()))
    # Short forms of a person's name join the longest full name they end ("Ulyanov",
    # "Mr. Ulyanov", "Abbas Araghchi"), longer short forms first.
    by_last: dict[str, list[_Group]] = {}
    # East Asian names put the family name first: a bare "Chen" is "Chen Yiming".
    by_family: dict[str, list[_Group]] = {}
    for group in result:
        if group.size >= 2 and _is_person(group):
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
    merged: set[int] = set()
    for group in sorted(result, key=lambda g: -g.size):
        known = group.members[0].known
        # A one-word organisation from the lists named like a person's surname in this text
        # ("Wagner" beside "Felix Wagner") is that person.
        listed_org = known is not None and known.kind == "known" and known.type == "org" and group.size == 1
        if not listed_org and (group.votes[_ORG] >= _STRONG or group.votes[_OTHER] >= _STRONG):
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


def _join_organisation_forms(groups: list[_Group]) -> list[_Group]:
    """Join the short forms of an organisation's or event's name to its full name in the same
    text: an acronym of its initials ("UNSC" for "United Nations Security Council", defined or
    not), its last words ("Security Council", "Council") and its head before "of" ("Board" for
    "Board of Governors"); a short form that fits two names joins neither.

    Full names are indexed by their short forms and first letters, so the work stays linear.
    """
    # Only groups with organisation or other evidence, or none at all, can be typed either.
    types = {
        id(group): _best_type(group) for group in groups
        if group.votes[_ORG] or group.votes[_OTHER] or not any(group.votes)
    }
    acronyms = [
        g for g in groups
        if g.long_name is None and g.size == 1 and 3 <= len(g.key) <= 6 and _ACRONYM.fullmatch(g.members[0].name)
    ]
    short_forms = [g for g in groups if types.get(id(g)) == _ORG and not g.person_cue]
    if not acronyms and not short_forms:
        return groups
    wanted = {m.key for g in short_forms for m in g.members}
    initials = {m.name[0] for g in acronyms for m in g.members}
    by_short_form: dict[str, dict[int, _Group]] = {}
    by_initial: dict[str, list[tuple[list[str], _Group]]] = {}
    for group in groups:
        if group.size < 2 or types.get(id(group)) not in (_ORG, _OTHER):
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

    def join(group: _Group, targets: dict[int, _Group]) -> _Group | None:
        """Join the group to the one target that is not it, else to none."""
        fitting = [t for t in targets.values() if t is not group and id(t) not in merged and t.size > group.size]
        if len(fitting) != 1:
            return None
        fitting[0].absorb(group)
        merged.add(id(group))
        return fitting[0]

    for group in acronyms:
        names = {m.name for m in group.members}
        targets = {
            id(target): target for name in names for words, target in by_initial.get(name[0], ())
            if len(words) <= len(name) + 3 and matches_acronym(name, words)
        }
        target = join(group, targets)
        if target is not None and target.long_name is None:
            target.long_name = max(target.members, key=lambda m: (m.tokens, -m.start)).name
    for group in sorted(short_forms, key=lambda g: -g.size):
        if id(group) in merged:
            continue
        targets = {}
        for key in {m.key for m in group.members}:
            targets.update(by_short_form.get(key, {}))
        join(group, targets)
    return [g for g in groups if id(g) not in merged]


def _is_person(group: _Group) -> bool:
    """Whether a group's evidence says it names a person."""
    return group.person_cue or _best_type(group) == _PERSON


def _best_type(group: _Group) -> int:
    """The index of the type with the most evidence (people first on ties, then orgs...)."""
    votes = group.votes
    if group.person_cue and votes[_ORG] < _STRONG:
        return _PERSON
    best = 0
    for index in (1, 2, 3):
        if votes[index] > votes[best]:
            best = index
    if votes[best] == 0:
        return _PERSON if group.size >= 2 else _ORG
    return best


def _canonical(group: _Group, type_index: int) -> str:
    """The name to list an entity under."""
    if group.long_name:
        return group.long_name
    members = [m for m in group.members if not m.caps] or group.members
    if type_index == _PERSON:
        best = max(members, key=lambda m: (m.tokens, -m.start))
        return best.name
    counts: dict[str, int] = {}
    for member in members:
        counts[member.name] = counts.get(member.name, 0) + 1
    return max(counts, key=lambda name: (counts[name], len(name)))


def extract_entities(text: str) -> list[Entity]:
    """Find the people, organisations, places and other names in text, under canonical names,
    each with every mention's exact offsets (`text[m.start:m.end] == m.text`)."""
    if not text or not text.strip():
        return []
    lex = lexicon()
    extractor = _Extractor(text, lex)
    candidates = extractor.run()
    entities = []
    for group in _group(candidates, lex.east_asian_surnames):
        type_index = _best_type(group)
        listed = lex.known.get(group.key)
        if listed is not None and listed.kind == "demonym":
            type_index = _OTHER  # "Russian", "Iranian": nationalities, whatever stands around them
        members = sorted(group.members, key=lambda m: m.start)
        name = _canonical(group, type_index)
        spans = [(m.start, m.end) for m in members]
        if type_index == _PERSON and " " in name and name[0].isupper():
            spans = _with_particle(text, name, spans)
        mentions = tuple(Mention(start, end, text[start:end]) for start, end in spans)
        role = next((m.role for m in members if m.role), None) if type_index == _PERSON else None
        entities.append(Entity(name, _TYPES[type_index], mentions, role))
    entities.sort(key=lambda e: e.mentions[0].start)
    return entities


def _with_particle(text: str, name: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
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
