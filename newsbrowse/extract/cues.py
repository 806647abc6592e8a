"""Typing rules: the evidence for each type that the words in and around a name give.

Every rule is a small named function that adds weighted votes to an `Evidence`; `NAME_RULES`
lists them in the order they run, so a rule is found, changed or replaced (per language)
in one place. A strong cue outweighs several weak ones; the type with most evidence wins.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from newsbrowse.extract.context import COMMON_RANK, MINOR_PLACES, TextFacts
from newsbrowse.extract.lexicon import Known, Lexicon
from newsbrowse.extract.names import name_key
from newsbrowse.extract.runs import UPPER, Token
from newsbrowse.extract.titles import word_title_kind
from newsbrowse.model import EntityType

# Weights of evidence for a type; a strong cue outweighs several weak ones.
STRONG, MEDIUM, WEAK = 10, 4, 1
TYPES: tuple[EntityType, ...] = ("person", "org", "place", "other")
PERSON, ORG, PLACE, OTHER = range(4)
TYPE_INDEX = {name: index for index, name in enumerate(TYPES)}

# After a name, words that make it a company or body: "Ericsson spokesman", "Shell shares".
_ORG_AFTER = (
    r"[ \t]+(?:['\u2019]s[ \t]+)?(?:spokesman|spokeswoman|spokesperson|chairman|chairwoman|shares|stock"
    r"|stake|subsidiary|unit|headquarters|shareholders|employees|workers|executives)\b"
)
# Lowercase words before a name that make it an organisation: "carrier El Al".
_ORG_BEFORE = frozenset(
    """company firm group carrier airline bank maker manufacturer distributor retailer newspaper
    daily weekly magazine agency insurer broker brokerage conglomerate giant operator producer
    supplier club network broadcaster channel studio publisher chain exchange union""".split()
)
# ", the German stock exchange": an apposition naming a kind of firm (up to three words before
# it, none of them "of": "the head of the bank" is a person); a producer or a club may be a person's.
_APPOSITION_AFTER = (
    r"[ \t]*,[ \t]+(?:the|an?)[ \t]+(?:(?!(?:of|at|for|in|with)\b)[\w-]+[ \t]+){0,3}?(?:"
    + "|".join(sorted(_ORG_BEFORE - {"producer", "operator", "club"}))
    + r")(?=[ \t]*[,.;:)]|[ \t]+(?:that|which|whose|based|has|is|was|said|says)\b)"
)
_SCORE_AFTER = r"[ \t]+\d+(?![\w.,:/-])"
_SCORE = re.compile(_SCORE_AFTER)
# A fixture: "Kent v Essex", "Leeds vs. Chelsea".
_VERSUS_AFTER = re.compile(rf"[ \t]+vs?\.?[ \t]+[{UPPER}]")
_VERSUS_BEFORE = re.compile(r"\w[ \t]+vs?\.?[ \t]+$")
_WORD_RUN = re.compile(r"[\w-]+")
_SPEECH_AFTER = (
    r"[ \t]*(?:,[^,\n]{1,60},[ \t]*)?(?:has |had |was |is |also |then |later |again )?"
    r"(?:said|says|told|tells|added|adds|asked|wrote|writes|stated|noted|explained|argued|insisted"
    r"|warned|declared|announced|recalled|replied|testified|admitted|denied|acknowledged|urged"
    r"|claimed|believes|thinks|tweeted|emphasized|emphasised|stressed|praised)\b"
    r"|[ \t]*,[ \t]*(?:who|whose)\b|[ \t]*\((?:\d{1,3}|[RDI]-[A-Z][a-z]*)\)"
)
# Lowercase words after a name that make it a work or a product, not a person: "Ray star Jamie
# Foxx", "Harry Potter films", "the PlayStation 2 console".
_WORK_AFTER = (
    r"[ \t]+(?:\d{1,4}[ \t]+)?(?:star|stars|starring|co-star|sequel|soundtrack|film|films|movie|movies|book|books"
    r"|novel|novels|franchise|game|games|album|albums|console|consoles|handset|handsets)\b"
)
# ", Belgium" after a name: the name is a place in that country.
_PLACE_AFTER = rf"[ \t]*,[ \t]*(?P<country>[{UPPER}][\w.]*(?:[ \t][{UPPER}][\w.]*)?)"
# One match after a name tells which of these cues follows it (they start differently).
_AFTER = re.compile(
    rf"(?P<speech>{_SPEECH_AFTER})|(?P<org>{_ORG_AFTER})|(?P<firm>{_APPOSITION_AFTER})|(?P<work>{_WORK_AFTER})|(?P<score>{_SCORE_AFTER})"
    rf"|(?P<place>{_PLACE_AFTER})"
)
# A dateline: "TEHRAN \u2013", "URUS-MARTAN , Russia", "LONDON (Reuters)".
_DATELINE = re.compile(r"[ \t]*(?:,|\(|\u2013|\u2014|-[ \t]|\d{4}-\d\d-\d\d)")
# Words of direction before a place: "Inner Mongolia", "Southern California", "Western Europe".
_DIRECTIONS = frozenset(
    """inner outer northern southern eastern western northeastern northwestern southeastern southwestern
    upper lower greater central north south east west""".split()
)
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
_PLACE_PREPOSITIONS = frozenset("in at near from to outside across toward towards into via".split())
# Lowercase words before a name that make it a work: "the film Ray", "the drama Vera Drake",
# "the BBC programme Go Digital" (never "show" or "play", verbs before a name as often).
_WORK_BEFORE = frozenset(
    """film movie drama biopic documentary comedy musical thriller album song novel sitcom
    blockbuster sequel game programme podcast series opera""".split()
)
# Lowercase words before a name that make it a firm: "analysts Gartner", "consultancy Ovum".
_FIRM_BEFORE = frozenset("analysts consultancy consultants".split())
# A last word of letters and digits names a model or a format: "MP3", "A380", "PS2", "F-16".
_MODEL = re.compile(r"(?=[\w-]*\d)(?=[\w-]*[A-Za-z])[A-Za-z]{1,4}-?\d{1,4}[A-Za-z]?")
# Places that sports teams are named after (countries' teams stay their countries).
_TEAM_PLACES = frozenset({"city", "region", "state", "capital"})


@dataclass(slots=True)
class Evidence:
    """What the rules have found about one name so far."""

    tokens: list[Token]
    words: list[str]  # the name's words without connectors
    lowers: list[str]  # the same, lowercase, without a final dot
    name: str  # as it will be listed ("Oleg Syromolotov" for "Syromolotov Oleg")
    role: str | None  # titles cut off before it ("" for an honorific alone)
    votes: list[int]
    start: int  # where the name starts and ends in the text
    end: int
    person_cue: bool = False


Rule = Callable[[TextFacts, Evidence], None]


def titled(facts: TextFacts, ev: Evidence) -> None:
    """A title cut off before the name makes it a person ("Mr.", "Foreign Minister")."""
    if ev.role is not None and not _title_before_common_word(facts, ev):
        ev.person_cue = True
        ev.votes[PERSON] += STRONG
        ev.role = ev.role or None


def _title_before_common_word(facts: TextFacts, ev: Evidence) -> bool:
    """Whether a title stands before one common word that names no one ("the General Election",
    with "General" cut off as a title or read as a given name); "President Bush" has a surname."""
    lex = facts.lex
    words = ev.words
    if len(words) == 2 and lex.titles.get(ev.lowers[0]):
        words = words[1:]
    word = words[-1]
    return (
        len(words) == 1
        and word not in lex.surnames
        and word not in lex.given_names
        and lex.common_rank.get(word.lower(), COMMON_RANK) < COMMON_RANK
    )


def words_inside(facts: TextFacts, ev: Evidence) -> None:
    """Words inside the name: "Ministry" an organisation, "Cup" an event, "River" a place."""
    lex = facts.lex
    words, lowers, votes = ev.words, ev.lowers, ev.votes
    if len(words) > 1 and lowers[-1] in lex.other_words:
        votes[OTHER] += STRONG  # "FA Cup", "Consumer Electronics Show": the event, whoever holds it
    elif any(w in lex.org_words or ("-" in w and w.rsplit("-", 1)[1] in lex.org_words) for w in lowers):
        votes[ORG] += STRONG  # "Ministry", "News-Register"
    elif len(words) > 1 and (
        lowers[-1] in _PLACE_WORDS or lowers[-1] in facts.language.place_words or lowers[0] in _PLACE_OPENERS
    ):
        votes[PLACE] += STRONG
    elif len(words) == 2 and lowers[0] in _DIRECTIONS and facts.is_place(words[1]):
        votes[PLACE] += MEDIUM  # "Inner Mongolia", "Southern California"; a team in a table
    elif len(words) > 1 and lowers[0] in lex.org_heads:
        votes[ORG] += MEDIUM
    elif len(words) > 1 and lowers[0] in lex.other_words and ev.tokens[1].connector:
        votes[OTHER] += MEDIUM  # "Treaty on Open Waters", "Act of Union"


def shape(facts: TextFacts, ev: Evidence) -> None:
    """The shape of the name: an acronym, an initial, a given name first, a name written
    surname first ("Syromolotov Oleg"), or only words the lists say little about."""
    lex = facts.lex
    words, lowers, votes = ev.words, ev.lowers, ev.votes
    first = words[0]
    if words[-1][-1:].isdigit() and _MODEL.fullmatch(words[-1]) and votes[ORG] < STRONG:
        votes[OTHER] += MEDIUM  # a model or format: "Flash MP3", "Airbus A380"
    elif len(words) == 1 and first.isupper() and _acronym(first):
        votes[ORG] += MEDIUM  # an acronym
    elif len(words) >= 2 and len(first) == 2 and first[1] == "." and not words[-1].isupper():
        votes[PERSON] += MEDIUM  # an initial: "K. Evans"
        ev.person_cue = ev.person_cue or votes[ORG] == 0
    elif (
        len(words) >= 2
        and first in lex.given_names
        and facts.given_not_place(first, words[-1])
        and not _title_before_common_word(facts, ev)
    ):
        votes[PERSON] += MEDIUM
        # "Marin County": a place word at the end outweighs a given name at the start, unless
        # it is a surname too ("Anthony Hill").
        strongest_other = max(votes[ORG], votes[PLACE], votes[OTHER])
        ev.person_cue = ev.person_cue or strongest_other < STRONG or words[-1] in lex.surnames
    elif (
        len(ev.tokens) == len(words) == 2  # no connector: "Stade de France" is no "France Stade"
        and words[1] in lex.given_names
        and name_key(words[1]) not in lex.known
        and first not in lex.given_names
        and first not in lex.east_asian_surnames
        and name_key(first) not in lex.known
        and lowers[0] not in lex.common_rank
        and not first.isupper()
        and not facts.stands_alone(words[1])  # "Herbert said": the surname, "De'Broski Herbert"
    ):
        ev.name = f"{words[1]} {first}"  # "Syromolotov Oleg" -> "Oleg Syromolotov"
        votes[PERSON] += MEDIUM
        ev.person_cue = True
    elif votes == [0, 0, 0, 0]:
        _unknown_words(facts, ev)


def _unknown_words(facts: TextFacts, ev: Evidence) -> None:
    """A weak vote for a name the lists and cues say nothing about: a surname makes a person, a
    place inside a company ("Air France"), an acronym first a firm ("CIBC World Markets")."""
    lex = facts.lex
    words, lowers, votes = ev.words, ev.lowers, ev.votes
    first = words[0]
    if len(words) >= 2:
        if words[-1] in lex.surnames and lowers[0] not in lex.common_rank:
            votes[PERSON] += WEAK
        elif any(_inside_company(facts, w) for w in words) or all(w in lex.common_rank for w in lowers):
            votes[ORG] += WEAK
        elif first.isupper() and "." not in first and len(first) >= 3 and _acronym(first):
            votes[ORG] += WEAK  # two capitals may be initials ("JR Smith")
        else:
            votes[PERSON] += WEAK
    elif first in lex.surnames or first in lex.given_names or _surname_shaped(facts, first):
        votes[PERSON] += WEAK
    elif lowers[0] in lex.other_words:
        votes[OTHER] += WEAK  # "the Championships"


def _surname_shaped(facts: TextFacts, word: str) -> bool:
    """Whether a word ends as the language's surnames do ("Януковича", "Kowalski"), in lowercase letters."""
    endings = facts.language.surname_endings
    return bool(endings) and not word.isupper() and word.lower().endswith(endings)


def _inside_company(facts: TextFacts, word: str) -> bool:
    """Whether a listed word inside an unknown name makes it a company's ("Air France"); outside
    English a town or region is as often a given name ("Владимир", "Florence")."""
    known = facts.lex.known.get(name_key(word))
    return known is not None and (facts.language.english or known.kind not in MINOR_PLACES)


def _acronym(word: str) -> bool:
    """Whether a word in capitals is an acronym ("IAEA", "U.S.", "AT&T"): two letters or digits or more."""
    compact = word.replace(".", "").replace("-", "").replace("&", "")
    return len(compact) >= 2 and compact.isalnum()


def _last_word(text: str, position: int) -> tuple[str, bool] | None:
    """The word (letters, digits, "_" and "-") ending the 20 characters before a position, with
    only spaces, tabs and at most one comma after it (and whether the comma is there), or None."""
    window = text[max(0, position - 20) : position]
    if window.endswith("\n"):
        window = window[:-1]  # the word may end the line before
    tail = window.rstrip(" \t")
    comma = tail.endswith(",")
    if comma:
        tail = tail[:-1].rstrip(" \t")
    run = _WORD_RUN.match(tail[::-1])  # read backwards: the regex engine only scans forwards
    return None if run is None else (run.group()[::-1], comma)


def word_before(facts: TextFacts, ev: Evidence) -> None:
    """The word before the name: a title ("minister Smith"), a preposition of place ("in
    Kerman"), a kind of company ("the distributor Ruch")."""
    lex = facts.lex
    before = _last_word(facts.text, ev.start)
    if before is None:
        return
    word = before[0].lower()
    kind = word_title_kind(lex, word)
    votes = ev.votes
    acronym = not facts.language.english and len(ev.words) == 1 and ev.words[0].isupper()
    if kind in ("role", "honorific") and not before[1] and not acronym:
        # (outside English, an acronym after a role is the body the role is of: "представитель МИД")
        votes[PERSON] += STRONG
        ev.person_cue = True
        if kind == "role":
            ev.role = ev.role or word
    elif (
        (word in _PLACE_PREPOSITIONS or word in lex.language.place_before)
        and len(ev.words) == 1
        and votes[ORG] < STRONG
    ):
        votes[PLACE] += WEAK
    elif word in _ORG_BEFORE and votes[PERSON] < STRONG:
        votes[ORG] += MEDIUM  # "the distributor Ruch", "Polish daily Zycie Warszawy"
    elif word in _FIRM_BEFORE and votes[PERSON] < STRONG:
        votes[ORG] += STRONG  # "analysts Gartner": plural, so never "analyst John Smith"
    elif word in _WORK_BEFORE and not ev.role:
        votes[OTHER] += STRONG  # "the film Vera Drake": a given name opening a title is no person
        ev.person_cue = False


def landscape_before(facts: TextFacts, ev: Evidence) -> None:
    """ "on the shores of the Zürichsee", "the foot of Kilimanjaro": a place."""
    text, start, votes = facts.text, ev.start, ev.votes
    if (
        votes[PERSON] < STRONG
        and votes[ORG] < STRONG
        and " of " in text[max(0, start - 9) : start]
        and _LANDSCAPE_BEFORE.search(text, max(0, start - 30), start)
    ):
        votes[PLACE] += MEDIUM


def dateline(facts: TextFacts, ev: Evidence) -> None:
    """A name in capitals opening a line before a dash or comma: "TEHRAN -", "URUS-MARTAN, Russia"."""
    # isupper() ignores the dots and hyphens of "U.S." and "URUS-MARTAN".
    if (
        ev.words[0].isupper()
        and len(ev.words) <= 3
        and _DATELINE.match(facts.text, ev.end)
        and facts.at_line_start(ev.start)
    ):
        ev.votes[PLACE] += STRONG


def words_after(facts: TextFacts, ev: Evidence) -> None:
    """What follows the name: a verb of speech (a person), "spokesman" or "shares" (an
    organisation), a score in a table (a team), "star" or "console" (a work or a product),
    ", Belgium" (a place in that country)."""
    lex = facts.lex
    votes = ev.votes
    after = _AFTER.match(facts.text, ev.end)
    cue = after.lastgroup if after is not None else None
    if cue is None and not facts.language.english and facts.speech_after(ev.end):
        cue = "speech"  # "Jensen siger", "Scholz sagte"
    if cue == "speech" and votes[ORG] < STRONG and votes[OTHER] < STRONG:
        # Companies speak too: a lone word needs to look like a surname ("Ramos said"), and
        # longer names weigh more with a given name first ("Deutsche Boerse said" is a firm).
        if len(ev.words) > 1:
            votes[PERSON] += MEDIUM if ev.words[0] in lex.given_names else WEAK
        elif ev.words[0] in lex.surnames or ev.words[0] in lex.given_names:
            votes[PERSON] += WEAK
    elif cue == "org" and not ev.person_cue and votes[PERSON] < STRONG:
        votes[ORG] += MEDIUM
    elif cue == "firm" and not ev.person_cue:
        votes[ORG] += STRONG  # "Deutsche Boerse, the German stock exchange, said": the words say what it is
    elif cue == "score" and not ev.person_cue and votes[PERSON] < MEDIUM and facts.in_table(ev.start):
        votes[ORG] += MEDIUM  # a team in a results table: "Grimsby 0 Portsmouth 1"
    elif cue == "work" and not ev.role and votes[PERSON] < STRONG:
        votes[OTHER] += STRONG  # "Ray star Jamie Foxx", "the Harry Potter films", "the Xbox console"
        ev.person_cue = False
    elif cue == "place" and votes[ORG] < STRONG and votes[PERSON] < STRONG:
        assert after is not None
        place = lex.known.get(name_key(after.group("country")))
        if place is not None and place.type == "place" and place.kind != "city":
            votes[PLACE] += MEDIUM  # "Nandrin, Belgium", "St. Petersburg, Fla."


# The rules for a name no list knows, in the order they run (later rules see earlier votes).
NAME_RULES: tuple[Rule, ...] = (titled, words_inside, shape, word_before, landscape_before, dateline, words_after)


def name_evidence(facts: TextFacts, tokens: list[Token], role: str | None) -> Evidence:
    """Run the typing rules over one name no list knows."""
    if len(tokens) == 1:  # the common case, spared the lists' work
        word = tokens[0].text
        words, lowers, name = [word], [tokens[0].lower.rstrip(".")], word
    else:
        words = [t.text for t in tokens if not t.connector]
        lowers, name = [w.lower().rstrip(".") for w in words], facts.span(tokens)
    ev = Evidence(tokens, words, lowers, name, role, [0, 0, 0, 0], tokens[0].start, tokens[-1].end)
    for rule in NAME_RULES:
        rule(facts, ev)
    return ev


def is_team(facts: TextFacts, known: Known, start: int, end: int) -> bool:
    """Whether a place below the rank of a country names a team: followed by a score in a
    results table ("Surrey 8", "CHICAGO 67 37"), or in a fixture ("Kent v Essex")."""
    if known.type != "place" or known.kind not in _TEAM_PLACES:
        return False
    text = facts.text
    if _VERSUS_AFTER.match(text, end) or _VERSUS_BEFORE.search(text, max(0, start - 40), start):
        return True
    return _SCORE.match(text, end) is not None and facts.in_table(start)


def known_votes(facts: TextFacts, known: Known, start: int, end: int, weight: int | None = None) -> list[int]:
    """The votes of a listed name: its list's type (a town or region less surely), or a team."""
    votes = [0, 0, 0, 0]
    if is_team(facts, known, start, end):
        votes[ORG] = STRONG if weight is None else weight  # a club named after its town or county
    else:
        votes[TYPE_INDEX[known.type]] = weight or (MEDIUM if known.kind in MINOR_PLACES else STRONG)
    return votes


def misread_person(lex: Lexicon, name: str) -> bool:
    """Whether a name typed an organisation is a person's ("George Adams, the chairman of ..."): a
    given name, then one or two words none of an organisation, the last a surname or no English
    word ("Geneva Nonproliferation Forum" is no person)."""
    words = name.split()
    return (
        2 <= len(words) <= 3
        and words[0] in lex.given_names
        and not any(word.lower() in lex.org_words for word in words)
        and (words[-1] in lex.surnames or words[-1].lower() not in lex.common_rank)
    )


def best_type(votes: list[int], person_cue: bool, size: int) -> int:
    """The index of the type with the most evidence (people first on ties, then orgs...)."""
    if person_cue and votes[ORG] < STRONG:
        return PERSON
    best = 0
    for index in (1, 2, 3):
        if votes[index] > votes[best]:
            best = index
    if votes[best] == 0:
        return PERSON if size >= 2 else ORG
    return best
