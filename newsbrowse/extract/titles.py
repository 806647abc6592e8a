"""Titles, roles and nationalities before a person's name, and how they are cut off it.

"Russian Deputy Foreign Minister Sergei Ryabkov" is the nationality "Russian", the role
"Deputy Foreign Minister" and the person "Sergei Ryabkov".
"""

from __future__ import annotations

from dataclasses import dataclass, field

from newsbrowse.extract.context import COMMON_RANK, TextFacts
from newsbrowse.extract.lexicon import Known, Lexicon
from newsbrowse.extract.names import name_key
from newsbrowse.extract.runs import ABBREVIATIONS, Token

# A title this rare as an English word may be a given name ("Amir"); "King" never is.
_TITLE_AS_WORD_RANK = 10_000


@dataclass(slots=True)
class TitleCut:
    """A segment with its leading titles cut off.

    `known`: listed names before the titles (nationality, country), to record first;
    `before`: words before the titles that may be a name of their own; `role`: the titles
    ("" for an honorific alone, None for none); `place`: a place right before a given name
    ("Russia Kazem Jalali"); `name`: what is left; `pending`: titles with no name after them
    yet ("Iranian Ambassador" ... "to Russia Kazem Jalali"), with where they end.
    """

    name: list[Token]
    role: str | None = None
    place: list[Token] | None = None
    known: list[tuple[list[Token], Known]] = field(default_factory=list)
    before: list[Token] = field(default_factory=list)
    pending: tuple[str, int] | None = None


def title_kind(lex: Lexicon, token: Token) -> str | None:
    """The kind of title a word is ("role", "honorific", "modifier", "portfolio"), or None;
    "Major-General" is a role."""
    if token.connector:
        return None
    word = token.lower.rstrip(".")
    kind = lex.titles.get(word)
    if kind is None and "-" in word:
        kinds = [lex.titles.get(part) for part in word.split("-")]
        if all(kinds):
            kind = "role" if "role" in kinds else kinds[-1]
    return kind


def _is_generic(lex: Lexicon, token: Token) -> bool:
    """Whether a capitalised word is an ordinary word that may qualify a title
    ("Financial Secretary", "Privatisation Minister")."""
    word = token.lower.rstrip(".")
    return (
        lex.common_rank.get(word, COMMON_RANK) < COMMON_RANK
        and name_key(token.text) not in lex.known
        and word not in lex.org_words
    )


def org_inside(lex: Lexicon, tokens: list[Token]) -> bool:
    """Whether a word of an organisation's name ("Ministry", "Party") is among tokens."""
    return any(not t.connector and t.lower.rstrip(".") in lex.org_words for t in tokens)


def _given_not_title(lex: Lexicon, tokens: list[Token]) -> bool:
    """Whether a title that is also an uncommon English word and a given name ("Amir",
    "Emir", "Sultan") is the given name, before a lone surname: "Amir Hosseini" is a
    person's full name, "Emir Tamim" (two given names) a title and a name."""
    title, name = tokens
    return (
        title.text in lex.given_names
        and title.text.rstrip(".") not in ABBREVIATIONS  # "Maj Smith", "Gen. Lee"
        and lex.common_rank.get(title.lower, COMMON_RANK) >= _TITLE_AS_WORD_RANK
        and name.text not in lex.given_names
        and not name.text.isupper()
    )


def cut_titles(facts: TextFacts, tokens: list[Token]) -> TitleCut:
    """Cut leading nationalities, places and titles off a person's name.

    "Russian Deputy Foreign Minister Sergei Ryabkov" gives known [Russian], role "Deputy
    Foreign Minister" and name [Sergei, Ryabkov]; "Russia Kazem Jalali" gives known and
    place [Russia] and name [Kazem, Jalali].
    """
    lex = facts.lex
    cut = TitleCut(tokens)
    # Leading known names (nationality, country, city) before a title or a given name.
    index = 0
    while index < len(tokens) - 1:
        match = facts.longest_known(tokens, index)
        if match is None or match[0] >= len(tokens):
            break
        end, known = match
        following = tokens[end]
        follows_title = title_kind(lex, following) is not None
        follows_name = following.text in lex.given_names and name_key(following.text) not in lex.known
        if not (follows_title or follows_name or known.kind == "demonym"):
            break
        rest = tokens[end:]
        if org_inside(lex, rest) and not any(title_kind(lex, t) in ("role", "honorific") for t in rest):
            break  # "U.S. Agriculture Department", "Iranian Foreign Ministry"
        cut.known.append((tokens[index:end], known))
        if follows_name and known.type == "place":
            cut.place = tokens[index:end]
        index = end
    tokens = tokens[index:]
    kinds = [title_kind(lex, token) for token in tokens]
    if len(tokens) == 2 and kinds[0] == "role" and kinds[1] is None and _given_not_title(lex, tokens):
        kinds[0] = None
    if all(kind is not None or token.connector for kind, token in zip(kinds, tokens, strict=True)) and any(
        kind in ("role", "honorific") for kind in kinds
    ):
        # Only titles ("Iranian Ambassador"): the name may follow ("... to Russia Kazem Jalali").
        cut.pending = (facts.span(tokens), tokens[-1].end)
        cut.name = []
        return cut
    if kinds[0] == "role" and len(tokens) > 2 and tokens[1].lower == "of":
        if len(tokens) > 3 and kinds[2] in ("portfolio", "modifier") and tokens[3].text in lex.given_names:
            cut.role, cut.name = facts.span(tokens[:3]), tokens[3:]  # "Secretary of State Mike Pompeo"
        else:
            cut.name = tokens[2:]  # "Archbishop of Cape Town": the see, not a person
        return cut
    # The last role or honorific that a name follows: "Cofinec CEO Stephen Frater".
    last = None
    for position in range(len(tokens) - 1):
        if kinds[position] in ("role", "honorific") and not tokens[position + 1].connector:
            last = position
    if last is None or org_inside(lex, tokens[last + 1 :]):
        cut.name = tokens  # "Major League Baseball"
        return cut
    first = last
    while first > 0 and (tokens[first - 1].connector or kinds[first - 1] is not None or _is_generic(lex, tokens[first - 1])):
        first -= 1
    while first < last and tokens[first].connector:
        first += 1
    cut.before = tokens[:first]
    titles = tokens[first : last + 1]
    honorific_only = all(kinds[first + i] in ("honorific", None) for i in range(len(titles)))
    cut.role = "" if honorific_only else facts.span(titles)
    cut.name = tokens[last + 1 :]
    return cut
