"""Runs of capitalised words and how they are cut into names.

A run is a stretch of capitalised words, joined by spaces and at most two lowercase
connectors ("Bank of England", "Osama bin Laden"). It is cut where it is really several
names: at connectors that join nothing, at hyphenated adjectives ("Vienna-based") and pairs
("Iran-Russia"), at a sentence stop, at a plural possessive that owns what follows.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from newsbrowse.extract.languages import Language
from newsbrowse.extract.lexicon import Lexicon, lexicon
from newsbrowse.extract.names import base_forms, name_key


def _letter_class(upper: bool) -> str:
    """A regex character class body of the uppercase and titlecase (or the lowercase) letters in
    Latin, Greek, Cyrillic and the other cased scripts of the first 0x2000 code points."""
    ranges: list[list[int]] = []
    for code in range(0x2000):
        ch = chr(code)
        if (ch.isupper() or ch.istitle()) if upper else ch.islower():
            if ranges and ranges[-1][1] == code - 1:
                ranges[-1][1] = code
            else:
                ranges.append([code, code])
    return "".join(re.escape(chr(a)) + ("-" + re.escape(chr(b)) if b > a else "") for a, b in ranges)


UPPER = _letter_class(upper=True)
LOWER_LETTERS = _letter_class(upper=False)
ABBREVIATIONS = frozenset(
    (
        "Mr Mrs Ms Messrs Dr Prof St Mt Ft Jr Sr Gen Lt Col Maj Capt Sgt Cpl Adm Gov Sen Rep Rev Hon Co "
        "Corp Inc Ltd Bros Pty Brig Cmdr Supt Insp Det Amb"
    ).split()
)  # "St. Louis" is one name
# What follows the first (capital) letter of a word: "U.S.", "Mr.", an initial before a
# name, "O'Neill", "Vienna-based". A final "'s" is never part of it. Starting every word with
# a plain character class lets the regex engine skip ahead fast.
_ABBREVIATION_END = "|".join(f"(?<=\\b{a}\\.)" for a in sorted(ABBREVIATIONS))
_TAIL = (
    rf"(?:\.(?:[{UPPER}]\.)+"
    rf"|[a-z]{{1,5}}\.(?:{_ABBREVIATION_END})"
    rf"|\.(?=[ \t]+[{UPPER}])"
    rf"|[^\W_]*(?:['\u2019](?:[{UPPER}]|(?!s\b)[^\W\d_])[^\W_]*)*(?:-[^\W_]+(?:['\u2019][^\W_]+)*)*)"
)
_TOKEN = rf"[{UPPER}]{_TAIL}"
# Lowercase words that may sit inside a name: "Bank of England", "Osama bin Laden".
CONNECTORS = frozenset(
    "of the de da das do dos du des del della di der den van von la le bin ibn al el y and & for on in für".split()
)
_CONNECTOR = "(?:" + "|".join(sorted((re.escape(c) for c in CONNECTORS), key=len, reverse=True)) + ")"
# An Arabic article written before a name with a hyphen: "al-Qaeda", "Zine al-Abidine".
_ARTICLE = r"(?:al|el|ad|an|ar|as|ash|at|az|ul)-"
_ARTICLE_BEFORE = re.compile(rf"(?<![\w-]){_ARTICLE}$")
# A plural possessive may sit inside a name ("the Exporters' Platform"); segments() decides.
_PLURAL_POSSESSIVE = ("s'", "s\u2019")
RUN = re.compile(
    rf"[{UPPER}](?<![\w@/.].){_TAIL}(?:(?:(?<=s)['\u2019])?[ \t]+(?:{_CONNECTOR}[ \t]+){{0,2}}(?:{_ARTICLE})?{_TOKEN})*"
)
PLAIN_WORD = re.compile(r"[^\W\d_]+")
# Words shaped like names that are none: party and state tags, quarters and fiscal years.
_NOT_A_NAME = re.compile(r"[RDI]-[A-Z][A-Za-z.]{0,5}|[QH][1-4]|FY\d{2,4}|[1-4]Q")
# "Mid-May", "Late-June": before a month or a day, these make a time, not a name.
_TIME_QUALIFIERS = frozenset({"mid", "early", "late", "pre", "post"})
# Hyphenated suffixes that make a name an adjective ("Vienna-based", "U.S.-led"); a short
# lowercase part otherwise belongs to the name ("Kim Jong-un", "Lashkar-e-Taiba").
_SHORT_SUFFIXES = frozenset({"led", "run", "era", "set", "made", "wide", "born", "held", "bred"})
# Company suffixes end a name: "Kia Motor Corp of South Korea" is a company and a country.
COMPANY_SUFFIXES = frozenset("inc corp ltd co plc llc ag sa spa nv bv gmbh oy ab asa bhd tbk srl kk".split())
MAX_NAME_WORDS = 12
# The particles CONNECTORS holds, as every language may write them inside a person's name.
_PARTICLES = frozenset("de da das do dos du des del della di der den van von la le bin ibn al el".split())
# Places an institution stands in, not part of its name ("... Studies in Vienna"); "in Europe" may be.
_SETTLEMENTS = frozenset({"city", "capital", "country", "state", "region"})
# Heads of a place's name that "of" may follow ("Gulf of Mexico", "Republic of Korea").
PLACE_HEADS = frozenset(
    """republic kingdom gulf bay isle island islands strait sea cape lake port city state states
    sultanate emirate province county district region federation commonwealth principality
    duchy union""".split()
)


@dataclass(slots=True)
class Token:
    """A capitalised word inside a run, or a lowercase connector ("of")."""

    start: int
    end: int
    text: str
    lower: str
    connector: bool = False
    suffixed: bool = False  # an apostrophe suffix was cut off ("İzmir'in")


def _without_apostrophe(token: Token) -> Token:
    """A plural possessive word without its apostrophe ("Exporters'" -> "Exporters")."""
    text = token.text[:-1]
    return Token(token.start, token.end - 1, text, text.lower(), token.connector)


def tokens_of(text: str, start: int, end: int) -> list[Token]:
    """The words and connectors of a run (they are separated by spaces or tabs)."""
    if "-" in text[max(0, start - 4) : start]:  # the article's hyphen: rare, so looked for first
        article = _ARTICLE_BEFORE.search(text, max(0, start - 4), start)
        if article is not None:
            start = article.start()
    tokens = []
    position = start
    for word in text[start:end].split():
        position = text.find(word, position)
        tokens.append(Token(position, position + len(word), word, word.lower(), word in CONNECTORS))
        position += len(word)
    return tokens


def segments(text: str, lex: Lexicon, tokens: list[Token]) -> list[list[Token]]:
    """Split a run where it is really several names: at connectors that join nothing, at
    hyphenated adjectives ("Vienna-based") and pairs ("Iran-Russia"), at a stop."""
    language = lex.language
    if language.apostrophe_suffixes:
        tokens = _without_suffixes(tokens)
    found: list[list[Token]] = []
    current: list[Token] = []
    index = 0
    while index < len(tokens):
        token = tokens[index]
        if token.connector:
            conns = []
            while index < len(tokens) and tokens[index].connector:
                conns.append(tokens[index])
                index += 1
            if (
                current
                and index < len(tokens)
                and (
                    _connector_joins(text, lex, current, conns, tokens, index)
                    or _listed_across(text, lex, current, tokens, index)
                )
            ):
                current.extend(conns)
            elif current:
                found.append(current)
                current = []
            continue
        word = token.text
        if (word[1:2] == "-" or word[0].isdigit() or word[-1].isdigit()) and _NOT_A_NAME.fullmatch(word):
            # "(D-Minn.)", "R-W.Va.": a party and state; "Q3", "FY2019": a period.
            if current:
                found.append(current)
                current = []
            index += 1
            continue
        if "-" in token.text:
            head, _, last = token.text.rpartition("-")
            if head.lower() in _TIME_QUALIFIERS and last.lower() in lex.function_words:
                # "Mid-May", "Late-June": a time, not a name.
                if current:
                    found.append(current)
                    current = []
                index += 1
                continue
            cut = _cut_hyphen(text, lex, token)
            if cut is not None:
                if cut:
                    current.extend(cut[:1])
                    if len(cut) > 1:
                        found.append(current)
                        current = []
                        for part in cut[1:]:
                            found.append([part])
                    elif cut[0].end < token.end:  # a hyphenated adjective ends the name
                        found.append(current)
                        current = []
                index += 1
                continue
        if current and _acronym_before_name(language, current, tokens, index):
            found.append(current)  # "МИД Мария Захарова": the ministry, then its spokeswoman
            current = []
        if (
            current
            and (language.capitalises_nouns or language.apostrophe_suffixes)
            and _owns_next(text, lex, current[-1])
        ):
            # "Bennetts Interview", "Deutschlands Wirtschaft", "İzmir'in Bornova": a name in the
            # genitive owns the noun after it (capitalised only where every noun is).
            found.append(current)
            current = []
        if current and current[-1].text.endswith(_PLURAL_POSSESSIVE):
            # "Teachers' Union" is one name; "Reuters' Moscow bureau" is two.
            current[-1] = _without_apostrophe(current[-1])
            if token.lower.rstrip(".") not in lex.org_words:
                found.append(current)
                current = []
        current.append(token)
        if token.lower in language.place_words and index + 1 < len(tokens) and not tokens[index + 1].connector:
            found.append(current)  # "Sırameşeler Mahallesi Mudanya Bulvarı": an address, place by place
            current = []
            index += 1
            continue
        if len(current) >= MAX_NAME_WORDS:
            found.append(current)  # no name is this long: a list or a title-case line
            current = []
            index += 1
            continue
        # "... Smith. The next ..." inside one run: a full stop that is no abbreviation
        if token.text.endswith(".") and len(token.text) > 2 and token.text.count(".") == 1:
            abbreviation = token.lower[:-1] in lex.titles or token.text[:-1] in ABBREVIATIONS
            if not abbreviation and index + 1 < len(tokens):
                found.append(current)
                current = []
        index += 1
    if current:
        found.append(current)
    for segment in found:
        if segment[-1].text.endswith(_PLURAL_POSSESSIVE):
            segment[-1] = _without_apostrophe(segment[-1])
    return found


@functools.cache
def _connected_openers() -> frozenset[str]:
    """The first words of listed names that hold a connector ("securities" of "Securities and
    Exchange Commission"): only a run with one of them can hold such a name."""
    lex = lexicon()
    keys = [*lex.known, *lex.canonical]
    return frozenset(key.split()[0] for key in keys if any(word in CONNECTORS for word in key.split()[1:]))


def _listed_across(text: str, lex: Lexicon, current: list[Token], tokens: list[Token], index: int) -> bool:
    """Whether a listed name runs across the connectors before tokens[index]: "The Securities and
    Exchange Commission" ("Securities" alone is joined to nothing by "and")."""
    openers = _connected_openers()
    for first in current[-4:]:
        if first.lower.replace(".", "") not in openers:
            continue
        for last in tokens[index : index + 6]:
            if not last.connector and _listed(lex, text[first.start : last.end]):
                return True
    return False


def _connector_joins(
    text: str, lex: Lexicon, left: list[Token], conns: list[Token], tokens: list[Token], index: int
) -> bool:
    """Whether lowercase connectors join the words around them into one name (the right one
    is tokens[index])."""
    right = tokens[index]
    word = conns[0].lower
    last = left[-1].lower.rstrip(".")
    if last in COMPANY_SUFFIXES:
        return False
    language = lex.language
    if not language.english:
        return _joins_in_language(text, lex, left, conns, tokens, index)
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
        if last in lex.org_heads or last in lex.org_words or last in PLACE_HEADS or last in lex.other_words:
            return True
        if lex.titles.get(last) in ("role", "portfolio") and word != "on":
            return True
        span = text[left[0].start : right.end]
        return _listed(lex, span)
    if word in ("and", "&"):
        if len(conns) > 1:
            return False
        if word == "&":
            return True
        span = text[left[0].start : right.end]
        if _listed(lex, span):
            return True
        if (
            any(t.lower in ("of", "for") for t in left)
            and any(t.lower in lex.org_heads for t in left)
            and right.text not in lex.given_names
        ):
            return True  # "Academy of Motion Picture Arts and Sciences", not "... Security and Alex Azar"
        if _common_word_and_body(lex, left, tokens, index):
            return True
        return lex.titles.get(last) == "portfolio" and lex.titles.get(right.lower) == "portfolio"
    if word == "the":
        return False
    # Name particles: "de la", "van der", "bin", "al"; never before a full name of its own
    # ("Giorgia Meloni da Donald Trump").
    return len(conns) <= 2 and not _full_name_at(lex, tokens, index)


def _common_word_and_body(lex: Lexicon, left: list[Token], tokens: list[Token], index: int) -> bool:
    """Whether "X and Y ... Administration" is one body's name: X a lone common word that names
    nothing of its own ("Food and Drug Administration", "Fish and Wildlife Service"), the words
    after "and" ending, before the next connector, in an organisation's word. Only "The" or a
    place may come before X ("The US Fish and Wildlife Service", not "Apple Computer and ...")."""
    word = left[-1].text
    if left[-1].lower not in lex.common_rank or not all(_article_or_place(lex, t) for t in left[:-1]):
        return False
    after = tokens[index].text
    if any(w in lex.given_names or name_key(w) in lex.known for w in (word, after)):
        return False  # "Apple and Samsung Electronics", "Arsenal and Manchester United": two names
    following = []
    for token in tokens[index : index + 4]:
        if token.connector:
            break
        following.append(token)
    last = following[-1].lower.rstrip(".")
    return len(following) >= 2 and (last in lex.org_words or last in lex.org_heads)


def _article_or_place(lex: Lexicon, token: Token) -> bool:
    """Whether a word before a body's name only says where it is or opens the sentence."""
    if token.lower in lex.function_words:
        return True
    known = lex.known.get(name_key(token.text))
    return known is not None and known.type == "place"


def _full_name_at(lex: Lexicon, tokens: list[Token], index: int) -> bool:
    """Whether a given name and another capitalised word open tokens[index:]."""
    return (
        tokens[index].text in lex.given_names
        and index + 1 < len(tokens)
        and not tokens[index + 1].connector
        and tokens[index + 1].lower not in lex.function_words
    )


def _joins_in_language(
    text: str, lex: Lexicon, left: list[Token], conns: list[Token], tokens: list[Token], index: int
) -> bool:
    """`_connector_joins` outside English, where the words between names are often the
    language's own function words ("der", "da", "y"): "of" and "for" join an organisation's or
    place's head to its name ("Banco de España", "Bank für Internationalen Zahlungsausgleich");
    "and" joins only a listed name; a particle joins a person's given name to a one-word surname
    ("Ursula von der Leyen", "Luiz Inácio Lula da Silva"), never two names ("Francia y Alemania",
    "Guershon Yabusele von Real Madrid", "Meloni da Donald Trump")."""
    language = lex.language
    right = tokens[index]
    words = [conn.lower for conn in conns]
    span = text[left[0].start : right.end]
    if _listed(lex, span):
        return True
    if words[0] in ("and", "&") or words[0] in language.and_words:
        return False
    last = left[-1].lower.rstrip(".")
    head = (
        last in lex.org_heads
        or last in lex.org_words
        or last in PLACE_HEADS
        or lex.titles.get(last) in ("role", "portfolio")
    )
    if head and (words[0] in ("of", "for") or words[0] in language.of_words) and not _full_name_at(lex, tokens, index):
        return True
    particles = language.particles | _PARTICLES
    if len(words) > 2 or not all(word in particles for word in words):
        return False
    one_word = index + 1 >= len(tokens) or tokens[index + 1].connector
    if one_word and left[-1].lower in particles:
        # A bare "Von der Leyen": the particles go with the surname, as in the full name.
        left[-1].connector = True
        return True
    return one_word and any(token.text in lex.given_names for token in left)


def _acronym_before_name(language: Language, current: list[Token], tokens: list[Token], index: int) -> bool:
    """Whether acronyms stand before a name of two or more words, in a language that writes its
    nouns in lowercase (so that capitalised words after an organisation's acronym are a name)."""
    if language.english or language.capitalises_nouns or not all(t.text.isupper() and len(t.text) > 1 for t in current):
        return False
    following = tokens[index : index + 2]
    return len(following) == 2 and all(not t.connector and not t.text.isupper() for t in following)


def _without_suffixes(tokens: list[Token]) -> list[Token]:
    """Words with what follows an apostrophe cut off ("İzmir'in" -> "İzmir"), for languages whose
    names take case endings so; the cut word remembers it ended in one."""
    cut = []
    for token in tokens:
        mark = max(token.text.find("'"), token.text.find("’"))
        if mark > 0 and not token.connector:
            text = token.text[:mark]
            token = Token(token.start, token.start + mark, text, text.lower(), suffixed=True)
        cut.append(token)
    return cut


def _owns_next(text: str, lex: Lexicon, token: Token) -> bool:
    """Whether a word is a name in a case ending that makes it own the next word: a listed or
    elsewhere written name plus an ending ("Bennetts", "Deutschlands"), or a name with an
    apostrophe suffix ("İzmir'in")."""
    if token.suffixed:
        return True
    word = token.text
    if word in lex.given_names or name_key(word) in lex.known:
        return False  # "Hans", "Paris": the name itself
    for base in base_forms(word, lex.language.endings)[:1]:
        if base in lex.given_names or base in lex.surnames or name_key(base) in lex.known or _alone(text, base):
            return True
    return False


def _alone(text: str, word: str) -> bool:
    """Whether the text writes a word on its own somewhere, not joined by a hyphen to another."""
    position = text.find(word)
    while position >= 0:
        end = position + len(word)
        before = text[position - 1] if position else " "
        after = text[end] if end < len(text) else " "
        if not (before.isalnum() or before == "-" or after.isalnum() or after == "-"):
            return True
        position = text.find(word, end)
    return False


def _listed(lex: Lexicon, span: str) -> bool:
    """Whether a span is a listed name or a well-known entity's ("Securities and Exchange Commission")."""
    key = name_key(span)
    return key in lex.known or key in lex.canonical


def _cut_hyphen(text: str, lex: Lexicon, token: Token) -> list[Token] | None:
    """Re-cut a hyphenated word: "Vienna-based" -> "Vienna", "Iran-Russia" -> both.

    Returns None when the word stays whole, else the tokens it becomes.
    """
    parts = token.text.split("-")
    first = 1 if parts[0][:1].islower() else 0  # "al-Qaeda": the article belongs
    offset = token.start
    for index in range(1, len(parts)):
        offset += len(parts[index - 1]) + 1
        part = parts[index]
        if (
            index > first
            and part[:1].islower()
            and ((len(part) > 3 and part in lex.common_rank) or part in _SHORT_SUFFIXES)
        ):
            cut_end = offset - 1
            if cut_end <= token.start:
                return []
            cut = text[token.start : cut_end]
            return _cut_hyphen(text, lex, Token(token.start, cut_end, cut, cut.lower())) or [
                Token(token.start, cut_end, cut, cut.lower())
            ]
    if first == 0 and len(parts) >= 2 and name_key(token.text) not in lex.known:
        known_parts = [lex.known.get(name_key(part)) for part in parts]
        places = all(k is not None and k.type in ("place", "other") for k in known_parts)
        if places or all(part[:1].isupper() and _alone(text, part) for part in parts):
            # "Iran-Russia", and a pair the text also names one by one: "Manchester United-Arsenal"
            pieces = []
            offset = token.start
            for part in parts:
                pieces.append(Token(offset, offset + len(part), part, part.lower()))
                offset += len(part) + 1
            return pieces
    return None
